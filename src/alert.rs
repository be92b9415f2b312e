//! Alerts: the config's rules matched against what changes while the board runs,
//! and the words and bytes each action sends (docs/command-line.md#alerts).
//!
//! ```text
//!  first load done ──► Alerts::arm(board)           what is on the board now never fires
//!  files changed   ──► Alerts::on_board(old, new)   strikes, status changes, broken files
//!  minute tick     ──► Alerts::on_tick(board)       events coming up, data going stale
//!                           │
//!                           ▼  Vec<Fired> (one per rule and record; a burst is one)
//!  app: banner line     runtime: bell, notify_sequence(), the command with json()
//! ```
//!
//! A rule fires once for each record (and, for status rules, once for each
//! status the record reaches); a broken file fires again only after it was
//! mended in between. Nothing here does I/O: the runtime rings, writes and runs.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use serde_json::{Value, json};

use crate::config::alerts::{Actions, Rule, When};
use crate::load::sanitize;
use crate::model::{Board, Event, EventStatus, Issue, Strike};

/// More matches than this for one rule in one change are one summary alert.
pub const BURST_AT: usize = 3;

/// How many records a summary alert carries in its JSON.
const RECORDS_KEPT: usize = 1000;

/// A rule that fired: what the banner says and what the actions need.
#[derive(Clone, Debug, PartialEq)]
pub struct Fired {
    /// The rule's `name`.
    pub name: String,
    pub when: When,
    pub at: DateTime<Utc>,
    /// One line: `strike S-2: Kyiv, substation, 12000 without power`.
    pub text: String,
    /// How many records this alert stands for (more than one: a burst).
    pub count: usize,
    /// The records as JSON objects (for the command's standard input).
    pub records: Vec<Value>,
    pub actions: Actions,
    pub command: Vec<String>,
}

impl Fired {
    /// The alert as one JSON object, for a command's standard input.
    pub fn json(&self) -> String {
        json!({
            "alert": self.name,
            "when": self.when.as_str(),
            "at": utc(self.at),
            "text": self.text,
            "count": self.count,
            "records": self.records,
        })
        .to_string()
    }

    /// `Big outage: strike S-2: Kyiv, substation, 12000 without power`.
    pub fn line(&self) -> String {
        format!("{}: {}", self.name, self.text)
    }
}

fn utc(at: DateTime<Utc>) -> String {
    at.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// One match before bursts are folded: the key that fires once, a line, a record.
struct Match {
    key: String,
    text: String,
    record: Value,
}

/// The rules and what each has fired for.
#[derive(Clone, Debug, Default)]
pub struct Alerts {
    rules: Vec<Rule>,
    /// (rule, key) pairs that have fired (or were on the board at start).
    fired: HashSet<(usize, String)>,
    /// The first load is complete; nothing fires before.
    armed: bool,
}

impl Alerts {
    pub fn new(rules: Vec<Rule>) -> Alerts {
        Alerts {
            rules,
            ..Alerts::default()
        }
    }

    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    pub fn is_armed(&self) -> bool {
        self.armed
    }

    /// The first load is complete: everything that would match on `board` now
    /// (events already close, stale data, broken files) is the starting state
    /// and never fires.
    pub fn arm(&mut self, board: &Board, now: DateTime<Utc>) {
        if self.armed {
            return;
        }
        self.armed = true;
        for (index, rule) in self.rules.iter().enumerate() {
            let keys: Vec<String> = match rule.when {
                When::EventSoon => soon(rule, board, now).into_iter().map(|m| m.key).collect(),
                When::Stale => stale(board, now).into_iter().map(|m| m.key).collect(),
                When::FileError => broken_files(board).into_keys().collect(),
                _ => Vec::new(),
            };
            for key in keys {
                self.fired.insert((index, key));
            }
        }
    }

    /// The board changed from `old` to `new` while running.
    pub fn on_board(&mut self, old: &Board, new: &Board, now: DateTime<Utc>) -> Vec<Fired> {
        if !self.armed {
            return Vec::new();
        }
        let mut out = Vec::new();
        for index in 0..self.rules.len() {
            let rule = &self.rules[index];
            let found = match rule.when {
                When::Strike => strikes(rule, old, new),
                When::IssueStatus => issue_changes(rule, old, new),
                When::EventStatus => event_changes(rule, old, new),
                When::EventSoon => soon(rule, new, now),
                When::Stale => stale(new, now).into_iter().collect(),
                When::FileError => {
                    let broken = broken_files(new);
                    // A mended file may fire again when it breaks again.
                    self.fired
                        .retain(|(i, key)| *i != index || broken.contains_key(key));
                    broken.into_values().collect()
                }
            };
            self.fire(index, found, now, &mut out);
        }
        out
    }

    /// The clock moved on: events coming within their rule's `within`, data
    /// going stale.
    pub fn on_tick(&mut self, board: &Board, now: DateTime<Utc>) -> Vec<Fired> {
        if !self.armed {
            return Vec::new();
        }
        let mut out = Vec::new();
        for index in 0..self.rules.len() {
            let rule = &self.rules[index];
            let found = match rule.when {
                When::EventSoon => soon(rule, board, now),
                When::Stale => stale(board, now).into_iter().collect(),
                _ => continue,
            };
            self.fire(index, found, now, &mut out);
        }
        out
    }

    /// Keeps the matches that have not fired yet, marks them, and folds more
    /// than [`BURST_AT`] into one summary.
    fn fire(&mut self, index: usize, found: Vec<Match>, now: DateTime<Utc>, out: &mut Vec<Fired>) {
        let fresh: Vec<Match> = found
            .into_iter()
            .filter(|m| self.fired.insert((index, m.key.clone())))
            .collect();
        if fresh.is_empty() {
            return;
        }
        let rule = &self.rules[index];
        // The name comes from the user's config: clean it as data is.
        let name = sanitize::line(&rule.name);
        let make = |text: String, count: usize, records: Vec<Value>| Fired {
            name: name.clone(),
            when: rule.when,
            at: now,
            text,
            count,
            records,
            actions: rule.actions,
            command: rule.command.clone(),
        };
        if fresh.len() > BURST_AT {
            let count = fresh.len();
            let text = format!(
                "{count} {} at once (first: {})",
                plural_of(rule.when),
                fresh[0].text
            );
            let records = fresh
                .into_iter()
                .take(RECORDS_KEPT)
                .map(|m| m.record)
                .collect();
            out.push(make(text, count, records));
        } else {
            for m in fresh {
                out.push(make(m.text, 1, vec![m.record]));
            }
        }
    }
}

fn plural_of(when: When) -> &'static str {
    match when {
        When::Strike => "strikes",
        When::IssueStatus => "issue changes",
        When::EventStatus => "event changes",
        When::EventSoon => "events soon",
        When::Stale => "stale warnings",
        When::FileError => "broken files",
    }
}

/// Strikes new or changed between `old` and `new` that match the rule's filters.
fn strikes(rule: &Rule, old: &Board, new: &Board) -> Vec<Match> {
    let before: HashMap<&str, &Strike> = old
        .strikes
        .iter()
        .map(|s| (s.id.as_str(), s.as_ref()))
        .collect();
    new.strikes
        .iter()
        .map(AsRef::as_ref)
        .filter(|s| before.get(s.id.as_str()).is_none_or(|prev| *prev != *s))
        .filter(|s| strike_matches(rule, s))
        .map(|s| Match {
            key: format!("strike:{}", s.id),
            text: strike_text(s),
            record: strike_json(s),
        })
        .collect()
}

/// Whether a strike passes a rule's `min_outage`, `oblast` and `target`.
pub fn strike_matches(rule: &Rule, s: &Strike) -> bool {
    u64::from(s.outage_customers.unwrap_or(0)) >= rule.min_outage
        && (rule.oblast.is_empty()
            || rule
                .oblast
                .iter()
                .any(|o| o.to_lowercase() == s.oblast.to_lowercase()))
        && (rule.target.is_empty() || rule.target.contains(&s.target))
}

fn strike_text(s: &Strike) -> String {
    let mut text = format!("strike {}: {}, {}", s.id, s.oblast, s.target);
    if let Some(facility) = &s.facility {
        text.push_str(&format!(" ({facility})"));
    }
    if let Some(out) = s.outage_customers.filter(|n| *n > 0) {
        text.push_str(&format!(", {out} without power"));
    }
    sanitize::line(&text)
}

fn strike_json(s: &Strike) -> Value {
    json!({
        "kind": "strike",
        "id": s.id,
        "time": utc(s.time.at),
        "oblast": s.oblast,
        "target": s.target.as_str(),
        "facility": s.facility,
        "location": s.location,
        "damage": s.damage.as_str(),
        "outage_customers": s.outage_customers,
        "restored": s.restored.as_ref().map(|r| utc(r.at)),
        "confidence": s.confidence.as_str(),
    })
}

fn issue_changes(rule: &Rule, old: &Board, new: &Board) -> Vec<Match> {
    let before: HashMap<&str, &Issue> = old
        .issues
        .iter()
        .map(|i| (i.id.as_str(), i.as_ref()))
        .collect();
    new.issues
        .iter()
        .filter_map(|issue| {
            let prev = before.get(issue.id.as_str())?;
            (prev.status != issue.status
                && (rule.from.is_empty() || rule.from.contains(&prev.status))
                && (rule.to_issue.is_empty() || rule.to_issue.contains(&issue.status)))
            .then(|| Match {
                key: format!("issue:{}:{}", issue.id, issue.status),
                text: sanitize::line(&format!(
                    "issue {}: {} → {} ({})",
                    issue.id, prev.status, issue.status, issue.title
                )),
                record: json!({
                    "kind": "issue",
                    "id": issue.id,
                    "title": issue.title,
                    "from": prev.status.as_str(),
                    "status": issue.status.as_str(),
                    "priority": issue.priority.as_str(),
                    "progress": issue.progress,
                }),
            })
        })
        .collect()
}

fn event_changes(rule: &Rule, old: &Board, new: &Board) -> Vec<Match> {
    let before: HashMap<&str, &Event> = old
        .events
        .iter()
        .map(|e| (e.id.as_str(), e.as_ref()))
        .collect();
    new.events
        .iter()
        .filter_map(|event| {
            let prev = before.get(event.id.as_str())?;
            (prev.status != event.status
                && (rule.to_event.is_empty() || rule.to_event.contains(&event.status)))
            .then(|| Match {
                key: format!("event:{}:{}", event.id, event.status),
                text: sanitize::line(&format!(
                    "event {}: {} → {} ({})",
                    event.id, prev.status, event.status, event.title
                )),
                record: event_json(event, Some(prev.status)),
            })
        })
        .collect()
}

fn event_json(event: &Event, from: Option<EventStatus>) -> Value {
    json!({
        "kind": "event",
        "id": event.id,
        "title": event.title,
        "start": utc(event.start.at),
        "status": event.status.as_str(),
        "from": from.map(EventStatus::as_str),
        "location": event.location,
    })
}

/// Events that start after `now` and within the rule's `within` (not
/// cancelled, postponed or held; not those known only by their day).
fn soon(rule: &Rule, board: &Board, now: DateTime<Utc>) -> Vec<Match> {
    board
        .events
        .iter()
        .filter(|e| {
            !e.start.date_only()
                && !matches!(
                    e.status,
                    EventStatus::Cancelled | EventStatus::Postponed | EventStatus::Held
                )
                && e.start.at > now
                && e.start.at - now <= rule.within
        })
        .map(|e| Match {
            key: format!("soon:{}:{}", e.id, e.start.at.timestamp()),
            text: sanitize::line(&format!(
                "event {} starts in {}: {}",
                e.id,
                crate::model::time::human_duration(e.start.at - now),
                e.title
            )),
            record: event_json(e, None),
        })
        .collect()
}

/// The board's data is stale (its newest file is older than `stale_after`):
/// one match per newest-file time, so fresh data that goes stale again fires again.
fn stale(board: &Board, now: DateTime<Utc>) -> Option<Match> {
    let newest: DateTime<Utc> = board.newest_modified?.into();
    let age = now - newest;
    (age > board.meta.stale_after).then(|| Match {
        key: format!("stale:{}", newest.timestamp()),
        text: format!(
            "data stale: newest file {} old",
            crate::model::time::human_duration(age)
        ),
        record: json!({
            "kind": "stale",
            "newest_modified": utc(newest),
            "age_minutes": age.num_minutes(),
            "stale_after_minutes": board.meta.stale_after.num_minutes(),
        }),
    })
}

/// Files with errors (rejected), by key, each with its first error.
fn broken_files(board: &Board) -> HashMap<String, Match> {
    let mut out: HashMap<String, Match> = HashMap::new();
    for problem in board.problems.iter().filter(|p| p.is_error()) {
        let file = sanitize::line(&problem.file);
        let key = format!("file:{file}");
        if out.contains_key(&key) {
            continue;
        }
        let message = sanitize::line(&problem.to_string());
        out.insert(
            key.clone(),
            Match {
                key,
                text: format!("file {file} rejected: {message}"),
                record: json!({
                    "kind": "file_error",
                    "file": file,
                    "error": message,
                }),
            },
        );
    }
    out
}

/// Text fit for an OSC string: no control characters (C0, DEL, C1), no `;`
/// (the field separator of OSC 777), at most `max` characters. Data text is
/// clean already (it was sanitised at load); this is the last line of defence,
/// so that nothing can end the sequence early or start another.
pub fn osc_text(text: &str, max: usize) -> String {
    sanitize::line(text)
        .chars()
        .filter(|c| !c.is_control())
        .map(|c| if c == ';' { ',' } else { c })
        .take(max)
        .collect()
}

/// The desktop notification for an alert: OSC 777 (`notify;TITLE;BODY`, rxvt,
/// foot, Ghostty, `WezTerm`) then OSC 9 (`BODY`, `iTerm2`, Windows Terminal,
/// kitty), each ended by ST. Inside tmux (`tmux` true) each is wrapped in a
/// DCS passthrough (`ESC P tmux; ... ESC \`, every ESC inside doubled) so it
/// reaches the terminal tmux runs in, over SSH too (tmux needs
/// `allow-passthrough on`).
pub fn notify_sequence(fired: &Fired, tmux: bool) -> Vec<u8> {
    let title = osc_text(&format!("sitboard: {}", fired.name), 80);
    let body = osc_text(&fired.text, 240);
    let sequences = [
        format!("\x1b]777;notify;{title};{body}\x1b\\"),
        format!("\x1b]9;{title}: {body}\x1b\\"),
    ];
    let mut out = Vec::new();
    for seq in sequences {
        if tmux {
            out.extend_from_slice(b"\x1bPtmux;");
            out.extend_from_slice(seq.replace('\x1b', "\x1b\x1b").as_bytes());
            out.extend_from_slice(b"\x1b\\");
        } else {
            out.extend_from_slice(seq.as_bytes());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;
    use std::sync::Arc;
    use std::time::SystemTime;

    use chrono::Duration;

    use super::*;
    use crate::config::Config;
    use crate::load::Store;

    fn rules(text: &str) -> Vec<Rule> {
        Config::parse("c.toml", text).expect("valid rules").alerts
    }

    fn now() -> DateTime<Utc> {
        crate::example::reference_now()
    }

    /// A board from files (path, text), merged at [`now`].
    fn board(files: &[(&str, &str)]) -> Board {
        let mut store = Store::new();
        for (path, text) in files {
            let name: Arc<str> = Arc::from(*path);
            let parsed = crate::load::parse_str(&name, text);
            store.apply(
                &PathBuf::from(path),
                name,
                parsed,
                Some(SystemTime::from(now())),
            );
        }
        store.merge(now())
    }

    fn strike(id: &str, oblast: &str, outage: u64) -> String {
        format!(
            "[[strike]]\nid = \"{id}\"\ntime = 2026-01-21T10:00:00Z\noblast = \"{oblast}\"\n\
             target = \"substation\"\noutage_customers = {outage}\n"
        )
    }

    const BIG: &str = "[[alert]]\nname = \"Big outage\"\nwhen = \"strike\"\nmin_outage = 10000\n\
                       oblast = [\"kyiv\"]\ndo = [\"bell\"]\n";

    #[test]
    fn a_matching_strike_fires_once_and_others_do_not() {
        let mut alerts = Alerts::new(rules(BIG));
        let start = board(&[("s.toml", &strike("S-1", "Kyiv", 20000))]);
        let before_arm = board(&[(
            "s.toml",
            &format!(
                "{}{}",
                strike("S-1", "Kyiv", 20000),
                strike("S-2", "Kyiv", 20000)
            ),
        )]);
        assert!(
            alerts.on_board(&start, &before_arm, now()).is_empty(),
            "nothing fires before the first load is complete"
        );
        alerts.arm(&start, now());
        let small = board(&[(
            "s.toml",
            &format!(
                "{}{}",
                strike("S-1", "Kyiv", 20000),
                strike("S-2", "Kyiv", 500)
            ),
        )]);
        assert!(
            alerts.on_board(&start, &small, now()).is_empty(),
            "too small"
        );
        let elsewhere = board(&[(
            "s.toml",
            &format!(
                "{}{}",
                strike("S-1", "Kyiv", 20000),
                strike("S-3", "Lviv", 90000)
            ),
        )]);
        assert!(
            alerts.on_board(&start, &elsewhere, now()).is_empty(),
            "other oblast"
        );
        let fired = alerts.on_board(&small, &before_arm, now());
        assert_eq!(fired.len(), 1, "S-2 grew past min_outage: {fired:?}");
        assert_eq!(
            fired[0].line(),
            "Big outage: strike S-2: Kyiv, substation, 20000 without power"
        );
        assert!(fired[0].actions.bell);
        let json: Value = serde_json::from_str(&fired[0].json()).unwrap();
        assert_eq!(json["records"][0]["id"], "S-2");
        assert_eq!(json["records"][0]["outage_customers"], 20000);
        assert_eq!(json["alert"], "Big outage");
        // Seen again (a reload of the same data, or removed and added back): not again.
        assert!(alerts.on_board(&start, &before_arm, now()).is_empty());
    }

    #[test]
    fn a_burst_is_one_summary() {
        let mut alerts = Alerts::new(rules(
            "[[alert]]\nname = \"Any strike\"\nwhen = \"strike\"\n",
        ));
        let empty = board(&[("s.toml", "")]);
        alerts.arm(&empty, now());
        let many: String = (0..100)
            .map(|i| strike(&format!("S-{i:03}"), "Kyiv", 0))
            .collect();
        let fired = alerts.on_board(&empty, &board(&[("s.toml", &many)]), now());
        assert_eq!(fired.len(), 1, "{fired:?}");
        assert_eq!(fired[0].count, 100);
        assert!(
            fired[0]
                .text
                .starts_with("100 strikes at once (first: strike S-000"),
            "{}",
            fired[0].text
        );
        assert_eq!(fired[0].records.len(), 100);
    }

    #[test]
    fn status_rules_follow_from_and_to() {
        let mut alerts = Alerts::new(rules(
            "[[alert]]\nname = \"Deal\"\nwhen = \"issue_status\"\nfrom = [\"negotiating\"]\n\
             to = [\"agreed\"]\n",
        ));
        let issue = |status: &str| {
            format!("[[issue]]\nid = \"t\"\ntitle = \"Territory\"\nstatus = \"{status}\"\n")
        };
        let negotiating = board(&[("i.toml", &issue("negotiating"))]);
        alerts.arm(&negotiating, now());
        let open = board(&[("i.toml", &issue("open"))]);
        let agreed = board(&[("i.toml", &issue("agreed"))]);
        assert!(
            alerts.on_board(&open, &agreed, now()).is_empty(),
            "from open"
        );
        let fired = alerts.on_board(&negotiating, &agreed, now());
        assert_eq!(fired.len(), 1);
        assert_eq!(fired[0].text, "issue t: negotiating → agreed (Territory)");
    }

    #[test]
    fn event_soon_fires_as_the_clock_moves_but_not_for_the_start() {
        let mut alerts = Alerts::new(rules(
            "[[alert]]\nname = \"Soon\"\nwhen = \"event_soon\"\nwithin = \"15m\"\n",
        ));
        let events = board(&[(
            "e.toml",
            "[[event]]\nid = \"a\"\ntitle = \"Call\"\nstart = 2026-01-21T12:10:00Z\n\
             [[event]]\nid = \"b\"\ntitle = \"Talks\"\nstart = 2026-01-21T12:30:00Z\n",
        )]);
        alerts.arm(&events, now());
        assert!(
            alerts.on_tick(&events, now()).is_empty(),
            "a was close at start"
        );
        let fired = alerts.on_tick(&events, now() + Duration::minutes(16));
        assert_eq!(fired.len(), 1);
        assert_eq!(fired[0].text, "event b starts in 14m: Talks");
        assert!(
            alerts
                .on_tick(&events, now() + Duration::minutes(17))
                .is_empty()
        );
    }

    #[test]
    fn stale_and_broken_files_fire_on_the_change_only() {
        let mut alerts = Alerts::new(rules(
            "[[alert]]\nname = \"Stale\"\nwhen = \"stale\"\n\
             [[alert]]\nname = \"Broken\"\nwhen = \"file_error\"\n",
        ));
        let good = board(&[("s.toml", &strike("S-1", "Kyiv", 0))]);
        alerts.arm(&good, now());
        let broken = board(&[("s.toml", "[[strike]]\nid = 5\n")]);
        let fired = alerts.on_board(&good, &broken, now());
        assert_eq!(fired.len(), 1);
        assert!(
            fired[0]
                .text
                .starts_with("file s.toml rejected: s.toml:1:1: error:"),
            "{}",
            fired[0].text
        );
        assert!(
            alerts.on_board(&broken, &broken, now()).is_empty(),
            "still broken"
        );
        assert!(alerts.on_board(&broken, &good, now()).is_empty(), "mended");
        assert_eq!(
            alerts.on_board(&good, &broken, now()).len(),
            1,
            "broken again"
        );
        let later = now() + Duration::hours(7);
        let fired = alerts.on_tick(&good, later);
        assert_eq!(fired.len(), 1);
        assert_eq!(fired[0].text, "data stale: newest file 7h old");
        assert!(alerts.on_tick(&good, later + Duration::hours(1)).is_empty());
    }

    #[test]
    fn a_rule_name_with_escapes_is_cleaned() {
        let mut alerts = Alerts::new(rules(
            "[[alert]]\nname = \"Ops\\u001b]0;pwned\\u0007 room\"\nwhen = \"strike\"\n",
        ));
        let empty = board(&[("s.toml", "")]);
        alerts.arm(&empty, now());
        let fired = alerts.on_board(
            &empty,
            &board(&[("s.toml", &strike("S-1", "Kyiv", 0))]),
            now(),
        );
        assert_eq!(fired[0].name, "Ops room");
    }

    #[test]
    fn data_cannot_break_out_of_the_notification() {
        let fired = Fired {
            name: "Big; outage".into(),
            when: When::Strike,
            at: now(),
            text: "Kyiv\x1b]52;c;aGk=\x07 \u{9c}evil; more".into(),
            count: 1,
            records: Vec::new(),
            actions: Actions::default(),
            command: Vec::new(),
        };
        let bytes = notify_sequence(&fired, false);
        let text = String::from_utf8(bytes).unwrap();
        assert_eq!(
            text,
            "\x1b]777;notify;sitboard: Big, outage;Kyiv evil, more\x1b\\\
             \x1b]9;sitboard: Big, outage: Kyiv evil, more\x1b\\"
        );
        let tmux = String::from_utf8(notify_sequence(&fired, true)).unwrap();
        assert!(
            tmux.starts_with("\x1bPtmux;\x1b\x1b]777;notify;"),
            "{tmux:?}"
        );
        assert!(tmux.ends_with("\x1b\x1b\\\x1b\\"), "{tmux:?}");
    }
}
