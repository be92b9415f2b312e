//! The diplomatic calendar as iCalendar (RFC 5545).
//!
//! One `VEVENT` per event of the merged board. Times are written as UTC instants
//! (`20260122T150000Z`), so no `VTIMEZONE` is needed and every client places them
//! right; a date-only event ("time TBA") is an all-day event on the day as written.
//! Lines end in CRLF and are folded at 75 octets without splitting a character;
//! text values are escaped as the RFC asks (`\\`, `\;`, `\,`, `\n`).

use std::collections::HashMap;

use chrono::{DateTime, Days, NaiveDate, NaiveTime, Utc};

use crate::model::time::local_to_utc;
use crate::model::zone::short_name;
use crate::model::{Board, Event, EventKind, EventStatus, When, Written};

/// Who made the calendar (`PRODID`), as RFC 5545 asks of every iCalendar object.
pub const PRODID: &str = concat!("-//sitboard//sitboard ", env!("CARGO_PKG_VERSION"), "//EN");

/// The longest a physical line may be, in octets, not counting its CRLF.
const LINE_OCTETS: usize = 75;

/// The calendar of the board: every event, by start then id.
///
/// `DTSTAMP` is the event's `updated` time, else `changed(event)`: when the
/// event's file last changed. Never the time of the export, so two exports of
/// unchanged data are byte for byte the same and subscribed clients do not churn.
pub fn calendar(board: &Board, changed: &dyn Fn(&Event) -> DateTime<Utc>) -> String {
    let issue_titles: HashMap<&str, &str> = board
        .issues
        .iter()
        .map(|i| (i.id.as_str(), i.title.as_str()))
        .collect();
    let mut events: Vec<&Event> = board
        .events
        .iter()
        .map(std::convert::AsRef::as_ref)
        .collect();
    events.sort_by(|a, b| (a.start.at, &a.id).cmp(&(b.start.at, &b.id)));

    let mut out = Lines::default();
    out.raw("BEGIN", "VCALENDAR");
    out.raw("VERSION", "2.0");
    out.raw("PRODID", PRODID);
    out.raw("CALSCALE", "GREGORIAN");
    out.raw("METHOD", "PUBLISH");
    // Read by Apple Calendar, Google Calendar, Thunderbird and Outlook as the
    // calendar's name when it is subscribed to or imported.
    out.text("X-WR-CALNAME", &board.meta.title);
    for event in events {
        write_event(&mut out, event, board, &issue_titles, changed(event));
    }
    out.raw("END", "VCALENDAR");
    out.text
}

fn write_event(
    out: &mut Lines,
    event: &Event,
    board: &Board,
    issue_titles: &HashMap<&str, &str>,
    changed: DateTime<Utc>,
) {
    out.raw("BEGIN", "VEVENT");
    // Ids are limited to `A-Z a-z 0-9 . _ -`, so the UID needs no escaping and stays
    // the same across exports: a client updates the event instead of adding a copy.
    out.raw("UID", &format!("{}@sitboard", event.id));
    let stamp = event.updated.map_or(changed, |u| u.at);
    out.raw("DTSTAMP", &utc(stamp));
    if let Some(updated) = &event.updated {
        out.raw("LAST-MODIFIED", &utc(updated.at));
    }
    if let Written::Date(day) = event.start.written {
        out.raw("DTSTART;VALUE=DATE", &date(day));
        // DTEND is exclusive: the day after the last day of the event.
        let last = event.end.map_or(day, |end| own_day(&end));
        out.raw("DTEND;VALUE=DATE", &date(last.max(day) + Days::new(1)));
    } else {
        out.raw("DTSTART", &utc(event.start.at));
        if let Some(end) = event.end.map(|end| end_instant(&end)) {
            // RFC 5545 wants DTEND strictly after DTSTART; an event that ends as
            // it starts (a deadline) simply has none.
            if end > event.start.at {
                out.raw("DTEND", &utc(end));
            }
        }
    }
    out.text("SUMMARY", &event.title);
    if let Some(location) = &event.location {
        out.text("LOCATION", location);
    }
    let description = description(event, board, issue_titles);
    if !description.is_empty() {
        out.text("DESCRIPTION", &description);
    }
    out.raw("STATUS", status(event.status));
    out.text("CATEGORIES", event.kind.as_str());
    if event.kind == EventKind::Deadline {
        // A deadline does not make anyone busy.
        out.raw("TRANSP", "TRANSPARENT");
    }
    if let Some(url) = event.sources.iter().find(|s| is_plain_url(s)) {
        out.raw("URL", url);
    }
    out.raw("END", "VEVENT");
}

/// The iCalendar status of an event status (postponed events also say so in their
/// description, since iCalendar has no word for it).
pub fn status(status: EventStatus) -> &'static str {
    match status {
        EventStatus::Tentative | EventStatus::Postponed => "TENTATIVE",
        EventStatus::Scheduled | EventStatus::Confirmed | EventStatus::Held => "CONFIRMED",
        EventStatus::Cancelled => "CANCELLED",
    }
}

/// The description: what a client shows under the title. Plain lines, since most
/// clients show `DESCRIPTION` as plain text.
fn description(event: &Event, board: &Board, issue_titles: &HashMap<&str, &str>) -> String {
    let mut parts: Vec<String> = Vec::new();
    if event.status == EventStatus::Postponed {
        parts.push("Postponed: the date shown no longer holds.".to_string());
    }
    if event.start.date_only() {
        parts.push("Time TBA: only the day is known.".to_string());
    }
    if let Some(summary) = &event.summary {
        parts.push(summary.clone());
    }
    if let Some(local) = local_time(event) {
        parts.push(local);
    }
    if !event.participants.is_empty() {
        parts.push(list(
            "Participants",
            event.participants.iter().map(String::as_str),
        ));
    }
    if !event.parties.is_empty() {
        let names = event.parties.iter().map(|code| {
            let name = board.meta.party_name(&code.value);
            if name == code.value {
                name.to_string()
            } else {
                format!("{name} ({})", code.value)
            }
        });
        parts.push(format!("Parties: {}", names.collect::<Vec<_>>().join(", ")));
    }
    if !event.issues.is_empty() {
        // By title, as a reader knows them; an id no issue has is shown as written.
        let titles = event.issues.iter().map(|link| {
            issue_titles
                .get(link.value.as_str())
                .copied()
                .unwrap_or(&link.value)
        });
        parts.push(list("Issues on the agenda", titles));
    }
    if !event.sources.is_empty() {
        parts.push(list("Sources", event.sources.iter().map(String::as_str)));
    }
    parts.join("\n\n")
}

/// `Local time: 2026-01-22 18:00 MSK (Europe/Moscow)` for an event with its own zone,
/// since the UTC instants alone hide the time the people in the room will keep.
fn local_time(event: &Event) -> Option<String> {
    let tz = event.tz?;
    if event.start.date_only() {
        return None;
    }
    let start = event.start.at.with_timezone(&tz);
    let mut text = format!(
        "Local time: {} {}",
        start.format("%Y-%m-%d %H:%M"),
        short_name(tz, event.start.at)
    );
    if let Some(end) = event
        .end
        .filter(|e| !e.date_only() && e.at > event.start.at)
    {
        let name = short_name(tz, end.at);
        let end = end.at.with_timezone(&tz);
        let format = if end.date_naive() == start.date_naive() {
            "%H:%M"
        } else {
            "%Y-%m-%d %H:%M"
        };
        text.push_str(&format!(" to {} {name}", end.format(format)));
    }
    text.push_str(&format!(" ({})", tz.name()));
    Some(text)
}

fn list<'a>(heading: &str, items: impl Iterator<Item = &'a str>) -> String {
    let mut text = format!("{heading}:");
    for item in items {
        text.push_str("\n- ");
        text.push_str(item);
    }
    text
}

/// The day a time falls on where it was written (a date as written; a local time
/// in its zone; an exact time at its own offset).
fn own_day(when: &When) -> NaiveDate {
    match when.written {
        Written::Date(day) => day,
        _ => when.own_local().date_naive(),
    }
}

/// The instant an event ends: for a date-only end ("ends that day") the end of that
/// day in its zone.
fn end_instant(end: &When) -> DateTime<Utc> {
    match end.written {
        Written::Date(day) => {
            let next = day + Days::new(1);
            local_to_utc(end.zone, next.and_time(NaiveTime::MIN)).0
        }
        _ => end.at,
    }
}

fn is_plain_url(text: &str) -> bool {
    (text.starts_with("https://") || text.starts_with("http://"))
        && !text
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || c == '"')
}

/// `20260122T150000Z`: a UTC instant in iCalendar's basic format.
pub fn utc(at: DateTime<Utc>) -> String {
    at.format("%Y%m%dT%H%M%SZ").to_string()
}

/// `20260122`: a calendar date.
pub fn date(day: NaiveDate) -> String {
    day.format("%Y%m%d").to_string()
}

/// Escapes a TEXT value: backslash, semicolon and comma get a backslash, a newline
/// becomes `\n`. Other control characters (none survive loading, but the writer
/// should not depend on that) are dropped, since TEXT may not hold them.
pub fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for ch in text.chars() {
        match ch {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Folds one content line: at most 75 octets a physical line, continuation lines
/// starting with a space, never splitting a UTF-8 character; ends in CRLF.
///
/// An escape pair (`\n`, `\,`) is kept on one line too. The RFC would allow the
/// split, but some readers unescape line by line before unfolding.
pub fn fold(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + line.len() / 32 + 2);
    let mut octets = 0;
    let mut chars = line.chars();
    while let Some(ch) = chars.next() {
        let pair = if ch == '\\' { chars.next() } else { None };
        let len = ch.len_utf8() + pair.map_or(0, char::len_utf8);
        if octets + len > LINE_OCTETS {
            out.push_str("\r\n ");
            octets = 1; // the leading space counts
        }
        out.push(ch);
        out.extend(pair);
        octets += len;
    }
    out.push_str("\r\n");
    out
}

/// The calendar being written, one folded content line at a time.
#[derive(Default)]
struct Lines {
    text: String,
}

impl Lines {
    /// A property whose value is written as is (dates, words, ids, URIs).
    fn raw(&mut self, name: &str, value: &str) {
        self.text.push_str(&fold(&format!("{name}:{value}")));
    }

    /// A TEXT property, escaped.
    fn text(&mut self, name: &str, value: &str) {
        self.raw(name, &escape_text(value));
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use chrono::{FixedOffset, NaiveDateTime, TimeZone};
    use chrono_tz::Tz;

    use super::*;
    use crate::model::{Issue, IssueStatus, Located, Priority, SourcePos};

    fn when(written: Written, tz: Option<Tz>) -> When {
        When::new(written, tz, Tz::UTC, SourcePos::default())
    }

    fn local(text: &str) -> Written {
        Written::Local(NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S").unwrap())
    }

    fn day(text: &str) -> Written {
        Written::Date(NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap())
    }

    fn event(id: &str, start: When) -> Event {
        Event {
            id: id.to_string(),
            title: format!("Event {id}"),
            start,
            time_precision: start.precision(None),
            end: None,
            tz: start.record_tz,
            location: None,
            kind: EventKind::Meeting,
            status: EventStatus::Scheduled,
            participants: Vec::new(),
            parties: Vec::new(),
            issues: Vec::new(),
            summary: None,
            sources: Vec::new(),
            updated: None,
            pos: SourcePos::default(),
        }
    }

    fn board(events: Vec<Event>) -> Board {
        Board {
            events: events.into_iter().map(Arc::new).collect(),
            ..Board::default()
        }
    }

    /// The logical lines of an iCalendar text: unfolded, CRLF removed.
    fn unfold(ics: &str) -> Vec<String> {
        ics.replace("\r\n ", "")
            .split("\r\n")
            .filter(|l| !l.is_empty())
            .map(str::to_string)
            .collect()
    }

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 1, 21, 12, 0, 0).unwrap()
    }

    #[test]
    fn escapes_the_characters_text_reserves() {
        assert_eq!(escape_text(r"a\b;c,d"), r"a\\b\;c\,d");
        assert_eq!(escape_text("line one\nline two"), r"line one\nline two");
        assert_eq!(escape_text("windows\r\nend"), r"windows\nend");
        assert_eq!(escape_text("tab\there\u{7}"), "tab here");
        assert_eq!(escape_text("Київ: «Енергоатом»"), "Київ: «Енергоатом»");
    }

    #[test]
    fn short_lines_are_not_folded() {
        assert_eq!(fold("SUMMARY:Talks"), "SUMMARY:Talks\r\n");
        let exactly = "X".repeat(75);
        assert_eq!(fold(&exactly), format!("{exactly}\r\n"));
    }

    #[test]
    fn long_lines_fold_at_75_octets_with_a_leading_space() {
        let line = format!("DESCRIPTION:{}", "a".repeat(200));
        let folded = fold(&line);
        assert!(folded.ends_with("\r\n"));
        let physical: Vec<&str> = folded.trim_end_matches("\r\n").split("\r\n").collect();
        assert!(physical.len() > 2);
        for (i, part) in physical.iter().enumerate() {
            assert!(part.len() <= 75, "line {i} has {} octets", part.len());
            assert_eq!(i > 0, part.starts_with(' '));
        }
        assert_eq!(physical[0].len(), 75);
        assert_eq!(folded.replace("\r\n ", "").trim_end_matches("\r\n"), line);
    }

    #[test]
    fn folding_never_splits_a_utf8_character() {
        // Cyrillic letters are two octets, the emoji four: 75 is hit mid-character.
        let line = format!("SUMMARY:{}", "Переговори 🇺🇦 у Женеві ".repeat(12));
        let folded = fold(&line);
        for part in folded.trim_end_matches("\r\n").split("\r\n") {
            assert!(part.len() <= 75);
            assert!(std::str::from_utf8(part.as_bytes()).is_ok());
        }
        assert_eq!(folded.replace("\r\n ", "").trim_end_matches("\r\n"), line);
    }

    #[test]
    fn folding_keeps_escape_pairs_together() {
        // 74 octets, then `\n`: the pair would straddle the 75-octet boundary.
        let line = format!("DESCRIPTION:{}\\nnext", "a".repeat(62));
        let folded = fold(&line);
        let physical: Vec<&str> = folded.trim_end_matches("\r\n").split("\r\n").collect();
        assert_eq!(
            physical,
            [
                format!("DESCRIPTION:{}", "a".repeat(62)).as_str(),
                " \\nnext"
            ]
        );
    }

    #[test]
    fn timed_event_is_written_in_utc_with_a_stable_uid() {
        let moscow: Tz = "Europe/Moscow".parse().unwrap();
        let mut e = event(
            "witkoff-putin",
            when(local("2026-01-22T18:00:00"), Some(moscow)),
        );
        e.end = Some(when(local("2026-01-22T21:00:00"), Some(moscow)));
        e.location = Some("Kremlin, Moscow".to_string());
        e.status = EventStatus::Confirmed;
        e.kind = EventKind::Talks;
        let lines = unfold(&calendar(&board(vec![e]), &|_| now()));
        for expected in [
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "UID:witkoff-putin@sitboard",
            "DTSTAMP:20260121T120000Z",
            "DTSTART:20260122T150000Z",
            "DTEND:20260122T180000Z",
            "LOCATION:Kremlin\\, Moscow",
            "STATUS:CONFIRMED",
            "CATEGORIES:talks",
            "DESCRIPTION:Local time: 2026-01-22 18:00 MSK to 21:00 MSK (Europe/Moscow)",
            "END:VCALENDAR",
        ] {
            assert!(
                lines.iter().any(|l| l == expected),
                "no line {expected:?} in {lines:#?}"
            );
        }
        assert_eq!(lines.first().map(String::as_str), Some("BEGIN:VCALENDAR"));
        assert_eq!(lines.last().map(String::as_str), Some("END:VCALENDAR"));
    }

    #[test]
    fn every_line_ends_in_crlf() {
        let e = event("a", when(local("2026-01-22T18:00:00"), None));
        let ics = calendar(&board(vec![e]), &|_| now());
        assert!(ics.ends_with("\r\n"));
        assert_eq!(ics.matches('\n').count(), ics.matches("\r\n").count());
    }

    #[test]
    fn date_only_event_is_an_all_day_event_on_the_day_written() {
        let kyiv: Tz = "Europe/Kyiv".parse().unwrap();
        // In Kyiv, midnight of the 23rd is still the 22nd in UTC: the date must be
        // the one written, not the UTC day.
        let e = event("davos", when(day("2026-01-23"), Some(kyiv)));
        let lines = unfold(&calendar(&board(vec![e]), &|_| now()));
        assert!(
            lines.contains(&"DTSTART;VALUE=DATE:20260123".to_string()),
            "{lines:#?}"
        );
        assert!(lines.contains(&"DTEND;VALUE=DATE:20260124".to_string()));
        assert!(lines.iter().any(|l| l.starts_with("DESCRIPTION:Time TBA")));
    }

    #[test]
    fn multi_day_date_event_ends_the_day_after_its_last_day() {
        let mut e = event("forum", when(day("2026-01-19"), None));
        e.end = Some(when(day("2026-01-23"), None));
        let lines = unfold(&calendar(&board(vec![e]), &|_| now()));
        assert!(lines.contains(&"DTSTART;VALUE=DATE:20260119".to_string()));
        assert!(lines.contains(&"DTEND;VALUE=DATE:20260124".to_string()));
    }

    #[test]
    fn an_event_that_ends_as_it_starts_has_no_dtend() {
        let at = when(
            Written::Exact(
                FixedOffset::east_opt(0)
                    .unwrap()
                    .with_ymd_and_hms(2026, 1, 31, 23, 59, 0)
                    .unwrap(),
            ),
            None,
        );
        let mut e = event("deadline", at);
        e.end = Some(at);
        e.kind = EventKind::Deadline;
        let lines = unfold(&calendar(&board(vec![e]), &|_| now()));
        assert!(lines.contains(&"DTSTART:20260131T235900Z".to_string()));
        assert!(!lines.iter().any(|l| l.starts_with("DTEND")));
        assert!(lines.contains(&"TRANSP:TRANSPARENT".to_string()));
    }

    #[test]
    fn statuses_map_to_icalendar_words() {
        assert_eq!(status(EventStatus::Tentative), "TENTATIVE");
        assert_eq!(status(EventStatus::Scheduled), "CONFIRMED");
        assert_eq!(status(EventStatus::Confirmed), "CONFIRMED");
        assert_eq!(status(EventStatus::Held), "CONFIRMED");
        assert_eq!(status(EventStatus::Cancelled), "CANCELLED");
        assert_eq!(status(EventStatus::Postponed), "TENTATIVE");
        let mut e = event("p", when(local("2026-01-22T18:00:00"), None));
        e.status = EventStatus::Postponed;
        let lines = unfold(&calendar(&board(vec![e]), &|_| now()));
        assert!(lines.contains(&"STATUS:TENTATIVE".to_string()));
        assert!(lines.iter().any(|l| l.starts_with("DESCRIPTION:Postponed")));
    }

    #[test]
    fn description_names_linked_issues_by_title_and_lists_people_and_sources() {
        let mut e = event("geneva", when(local("2026-01-22T10:00:00"), None));
        e.summary = Some("Follow-up on the 20-point plan; security guarantees first.".to_string());
        e.participants = vec!["Rustem Umerov, NSDC secretary".to_string()];
        e.issues = vec![
            Located {
                value: "territory".to_string(),
                pos: SourcePos::default(),
            },
            Located {
                value: "ghost".to_string(),
                pos: SourcePos::default(),
            },
        ];
        e.sources = vec!["https://example.org/a".to_string()];
        e.updated = Some(when(local("2026-01-20T08:30:00"), None));
        let mut b = board(vec![e]);
        b.issues = vec![Arc::new(Issue {
            id: "territory".to_string(),
            title: "Territory and the line of contact".to_string(),
            status: IssueStatus::Negotiating,
            priority: Priority::Critical,
            progress: None,
            summary: None,
            owner: None,
            parties: Vec::new(),
            tags: Vec::new(),
            positions: std::collections::BTreeMap::default(),
            position_codes: Vec::new(),
            updated: None,
            sources: Vec::new(),
            log: Vec::new(),
            pos: SourcePos::default(),
        })];
        let lines = unfold(&calendar(&b, &|_| now()));
        let description = lines
            .iter()
            .find(|l| l.starts_with("DESCRIPTION:"))
            .unwrap();
        assert_eq!(
            description,
            "DESCRIPTION:Follow-up on the 20-point plan\\; security guarantees first.\\n\\n\
             Participants:\\n- Rustem Umerov\\, NSDC secretary\\n\\n\
             Issues on the agenda:\\n- Territory and the line of contact\\n- ghost\\n\\n\
             Sources:\\n- https://example.org/a"
        );
        assert!(lines.contains(&"DTSTAMP:20260120T083000Z".to_string()));
        assert!(lines.contains(&"URL:https://example.org/a".to_string()));
    }

    #[test]
    fn events_are_written_by_start_then_id() {
        let b = board(vec![
            event("late", when(local("2026-01-25T09:00:00"), None)),
            event("b", when(local("2026-01-22T09:00:00"), None)),
            event("a", when(local("2026-01-22T09:00:00"), None)),
        ]);
        let uids: Vec<String> = unfold(&calendar(&b, &|_| now()))
            .into_iter()
            .filter(|l| l.starts_with("UID:"))
            .collect();
        assert_eq!(
            uids,
            ["UID:a@sitboard", "UID:b@sitboard", "UID:late@sitboard"]
        );
    }
}
