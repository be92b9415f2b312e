//! `[[event]]` into [`Event`] (docs/data-format.md#events).

use crate::load::tree::Table;

use super::reader::{Ctx, TableReader};
use super::{ends_before, finish_record};
use crate::load::fields::EVENT;
use crate::model::problem::Problem;
use crate::model::{Event, EventKind, EventStatus, Kind, SourcePos};

/// Reads one `[[event]]` written at `at`; `None` when it has an error.
pub fn read(
    ctx: &Ctx<'_>,
    table: &Table<'_>,
    at: SourcePos,
    problems: &mut Vec<Problem>,
) -> Option<Event> {
    let mut mine = Vec::new();
    let mut r = TableReader::new(ctx, table, &EVENT, at, "", &mut mine);
    let id = r.id("id");
    let title = r.string("title");
    let tz = r.zone("tz");
    let start = r.time("start", tz);
    let time_precision = super::time_precision(&mut r, start.as_ref(), "start");
    let end = r.time("end", tz);
    if let (Some(start), Some(end)) = (&start, &end) {
        if let Some(message) = ends_before("end", end, "start", start) {
            r.problems.push(Problem::error(ctx.file, end.pos, message));
        }
    }
    let location = r.string("location");
    let kind = r.word("kind", EventKind::parse);
    let status = r.word("status", EventStatus::parse);
    let participants = r.strings("participants");
    let parties = r.located("parties");
    let issues = r.located("issues");
    let summary = r.text("summary");
    let sources = r.sources("sources");
    let updated = r.time("updated", tz);
    r.finish();
    let id = finish_record(Kind::Event, id, at, mine, problems)?;
    Some(Event {
        id,
        title: title?,
        start: start?,
        time_precision,
        end,
        tz,
        location,
        kind: kind.unwrap_or(EventKind::Meeting),
        status: status.unwrap_or(EventStatus::Scheduled),
        participants,
        parties,
        issues,
        summary,
        sources,
        updated,
        pos: at,
    })
}

#[cfg(test)]
mod tests {
    use crate::load::validate::tests::{messages, records};
    use crate::model::{EventKind, EventStatus, TimePrecision, Written};

    #[test]
    fn a_full_event() {
        let r = records(
            r#"[[event]]
id = "moscow-meeting"
title = "Envoy meets the Russian president"
start = 2026-01-22T18:00:00
end = 2026-01-22T21:00:00
tz = "Europe/Moscow"
location = "Moscow"
kind = "talks"
status = "confirmed"
participants = ["Envoy (US)", "Adviser"]
parties = ["US", "RU"]
issues = ["territory"]
summary = """Line one
line two"""
sources = ["https://example.org"]
updated = 2026-01-21
"#,
        );
        let e = &r.events[0];
        assert_eq!(e.id, "moscow-meeting");
        assert_eq!(e.start.at.to_rfc3339(), "2026-01-22T15:00:00+00:00");
        assert_eq!(
            e.end.map(|w| w.at.to_rfc3339()).as_deref(),
            Some("2026-01-22T18:00:00+00:00")
        );
        assert_eq!(e.kind, EventKind::Talks);
        assert_eq!(e.status, EventStatus::Confirmed);
        assert_eq!(e.parties[1].value, "RU");
        assert_eq!((e.parties[1].pos.line, e.parties[1].pos.col), (11, 18));
        assert_eq!(e.issues[0].value, "territory");
        assert_eq!(e.summary.as_deref(), Some("Line one\nline two"));
        assert!(matches!(
            e.updated.map(|u| u.written),
            Some(Written::Date(_))
        ));
        assert_eq!((e.pos.line, e.pos.col), (1, 1));
        assert_eq!((e.start.pos.line, e.start.pos.col), (4, 9));
    }

    #[test]
    fn defaults_and_floating_times() {
        let r = records("[[event]]\nid = \"a\"\ntitle = \"A\"\nstart = 2026-01-22T18:00:00\n");
        let e = &r.events[0];
        assert_eq!(e.kind, EventKind::Meeting);
        assert_eq!(e.status, EventStatus::Scheduled);
        assert!(e.start.floats());
        assert_eq!(e.start.at.to_rfc3339(), "2026-01-22T18:00:00+00:00");
    }

    #[test]
    fn missing_keys_are_reported_at_the_header_with_the_id() {
        assert_eq!(
            messages("\n[[event]]\nid = \"a\"\n"),
            [
                "2:1: error: event \"a\": missing required key start (a TOML date-time such as 2026-01-22T18:00:00+03:00, 2026-01-22T18:00:00 or 2026-01-22)",
                "2:1: error: event \"a\": missing required key title (a string)",
            ]
        );
    }

    #[test]
    fn time_precision_of_events() {
        let head = "[[event]]\nid = \"a\"\ntitle = \"A\"\n";
        let e = &records(&format!("{head}start = 2026-01-22T18:00:00\n")).events[0];
        assert_eq!(e.time_precision, TimePrecision::Exact);
        let e = &records(&format!("{head}start = 2026-01-22\n")).events[0];
        assert_eq!(e.time_precision, TimePrecision::Day);
        let e = &records(&format!(
            "{head}start = 2026-01-01\ntime_precision = \"month\"\n"
        ))
        .events[0];
        assert_eq!(e.time_precision, TimePrecision::Month);
        assert_eq!(
            messages(&format!(
                "{head}start = 2026-01-22\ntime_precision = \"exact\"\n"
            )),
            [
                "5:18: error: event \"a\": time_precision \"exact\" is finer than start 2026-01-22, which gives the day only; write \"day\" or a time of day"
            ]
        );
    }

    #[test]
    fn end_before_start() {
        assert_eq!(
            messages(
                "[[event]]\nid = \"a\"\ntitle = \"A\"\nstart = 2026-01-22T18:00:00Z\nend = 2026-01-22T17:00:00Z\n"
            ),
            [
                "5:7: error: event \"a\": end 2026-01-22T17:00:00Z is before start 2026-01-22T18:00:00Z"
            ]
        );
        // A date-only end on the start's day is not before it.
        assert!(messages("[[event]]\nid = \"a\"\ntitle = \"A\"\nstart = 2026-01-22T18:00:00\nend = 2026-01-22\n").is_empty());
    }

    #[test]
    fn enums_ids_and_time_of_day() {
        assert_eq!(
            messages(
                "[[event]]\nid = \"a b\"\ntitle = \"A\"\nstart = 18:00:00\nkind = \"party\"\n"
            ),
            [
                // No usable id: every message still names the record, by position.
                "2:6: error: event at 1:1: id \"a b\" is malformed: expected 1–64 characters of A-Z a-z 0-9 . _ -",
                "4:9: error: event at 1:1: start 18:00:00 is a time of day without a date; write the date too, e.g. 2026-01-22T18:00:00",
                "5:8: error: event at 1:1: kind \"party\" is not one of meeting, talks, call, summit, forum, visit, deadline, other",
            ]
        );
    }

    #[test]
    fn a_quoted_time_gets_a_hint() {
        assert_eq!(
            messages("[[event]]\nid = \"a\"\ntitle = \"A\"\nstart = \"2026-01-22\"\n"),
            [
                "4:9: error: event \"a\": start: expected a TOML date-time, found a string; write it without quotes: start = 2026-01-22"
            ]
        );
    }

    #[test]
    fn dst_gap_with_the_records_zone_is_a_warning() {
        assert_eq!(
            messages(
                "[[event]]\nid = \"a\"\ntitle = \"A\"\ntz = \"Europe/Kyiv\"\nstart = 2026-03-29T03:30:00\n"
            ),
            [
                "5:9: warning: event \"a\": local time does not exist in Europe/Kyiv (clocks go forward); read with the offset before the change, as 2026-03-29T01:30:00Z"
            ]
        );
    }
}
