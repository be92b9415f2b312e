//! The example board compiled into the binary, shown when no PATH is given.
//!
//! It is built around a January 2026 news report (the US envoy's remarks in
//! Davos, the Moscow meeting on Thursday 22 January, the open questions of
//! territory and security guarantees, winter strikes on the grid); records not
//! from the report say "Illustrative record" in their summary or notes. Its
//! clock starts at [`REFERENCE_NOW`], inside the story, so that "upcoming",
//! countdowns and "last 24 h" mean something.

use std::path::Path;
use std::sync::Arc;

use chrono::{DateTime, NaiveDate, Utc};

use crate::load::{self, Store};

/// The example's files as (display name, text), in path order.
pub const FILES: &[(&str, &str)] = &[
    (
        "example/board.toml",
        include_str!("../assets/example/board.toml"),
    ),
    (
        "example/calendar.toml",
        include_str!("../assets/example/calendar.toml"),
    ),
    (
        "example/issues.toml",
        include_str!("../assets/example/issues.toml"),
    ),
    (
        "example/strikes.toml",
        include_str!("../assets/example/strikes.toml"),
    ),
];

/// The instant the example's clock starts at: Wednesday 21 January 2026, 12:00 UTC,
/// just after the envoy's remarks in Davos and a day and a half before the Moscow
/// meeting, the morning after a large overnight strike on the grid.
pub const REFERENCE_NOW: DateTime<Utc> = match NaiveDate::from_ymd_opt(2026, 1, 21) {
    Some(day) => match day.and_hms_opt(12, 0, 0) {
        Some(at) => at.and_utc(),
        None => panic!("the reference time of day is valid"),
    },
    None => panic!("the reference day is valid"),
};

/// The instant the example's clock starts at (see [`REFERENCE_NOW`]).
pub fn reference_now() -> DateTime<Utc> {
    REFERENCE_NOW
}

/// The example board, parsed and applied file by file like files on disk.
pub fn store() -> Store {
    let mut store = Store::new();
    for (name, text) in FILES {
        let display: Arc<str> = Arc::from(*name);
        let parsed = load::parse_str(&display, text);
        store.apply(Path::new(name), display, parsed, None);
    }
    store
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;
    use crate::model::{Confidence, Damage, EventKind, EventStatus, IssueStatus, Priority, Target};

    #[test]
    fn the_example_board_is_clean_at_its_reference_instant() {
        let board = store().merge(reference_now());
        let problems: Vec<String> = board
            .problems
            .iter()
            .map(std::string::ToString::to_string)
            .collect();
        assert!(
            problems.is_empty(),
            "problems in the example board:\n{}",
            problems.join("\n")
        );
        assert!(board.meta.title.contains("example board"));
        assert_eq!(board.meta.default_tz, chrono_tz::Europe::Kyiv);
        assert_eq!(board.meta.parties.len(), 4);
    }

    #[test]
    fn the_reference_instant_is_the_davos_wednesday() {
        assert_eq!(reference_now().to_rfc3339(), "2026-01-21T12:00:00+00:00");
    }

    #[test]
    fn every_enum_value_appears_somewhere() {
        let board = store().merge(reference_now());
        let kinds: HashSet<EventKind> = board.events.iter().map(|e| e.kind).collect();
        let statuses: HashSet<EventStatus> = board.events.iter().map(|e| e.status).collect();
        let issue_statuses: HashSet<IssueStatus> = board.issues.iter().map(|i| i.status).collect();
        let log_statuses: HashSet<IssueStatus> = board
            .issues
            .iter()
            .flat_map(|i| i.log.iter().filter_map(|l| l.status))
            .collect();
        let priorities: HashSet<Priority> = board.issues.iter().map(|i| i.priority).collect();
        let targets: HashSet<Target> = board.strikes.iter().map(|s| s.target).collect();
        let damages: HashSet<Damage> = board.strikes.iter().map(|s| s.damage).collect();
        let confidences: HashSet<Confidence> = board.strikes.iter().map(|s| s.confidence).collect();
        assert_eq!(kinds.len(), EventKind::ALL.len(), "event kinds: {kinds:?}");
        assert_eq!(
            statuses.len(),
            EventStatus::ALL.len(),
            "event statuses: {statuses:?}"
        );
        assert_eq!(
            issue_statuses.len(),
            IssueStatus::ALL.len(),
            "issue statuses"
        );
        assert!(
            log_statuses.len() >= 4,
            "log entries change status: {log_statuses:?}"
        );
        assert_eq!(priorities.len(), Priority::ALL.len(), "priorities");
        assert_eq!(targets.len(), Target::ALL.len(), "targets: {targets:?}");
        assert_eq!(damages.len(), Damage::ALL.len(), "damage: {damages:?}");
        assert_eq!(confidences.len(), Confidence::ALL.len(), "confidence");
    }

    #[test]
    fn every_field_kind_is_filled_somewhere() {
        let board = store().merge(reference_now());
        let now = reference_now();
        let e = &board.events;
        assert!(e.iter().any(|e| e.start.date_only()), "a time-TBA event");
        assert!(e.iter().any(|e| e.start.at < now) && e.iter().any(|e| e.start.at > now));
        assert!(
            e.iter()
                .any(|e| e.end.is_some() && e.tz.is_some() && e.location.is_some())
        );
        assert!(
            e.iter()
                .any(|e| !e.participants.is_empty() && !e.issues.is_empty())
        );
        assert!(
            e.iter()
                .any(|e| !e.sources.is_empty() && e.updated.is_some())
        );
        let i = &board.issues;
        assert!(
            i.iter()
                .any(|i| i.positions.len() >= 3 && !i.log.is_empty())
        );
        assert!(i.iter().any(|i| i.progress.is_none()) && i.iter().any(|i| i.progress.is_some()));
        assert!(i.iter().all(|i| i.owner.is_some() && !i.tags.is_empty()));
        assert!(i.iter().any(|i| i.log.iter().any(|l| l.source.is_some())));
        let s = &board.strikes;
        assert!((25..=40).contains(&s.len()), "{} strikes", s.len());
        assert!(s.iter().all(|s| s.coords.is_some() && s.location.is_some()));
        assert!(
            s.iter()
                .any(|s| s.facility.is_some() && s.operator.is_some())
        );
        assert!(
            s.iter().any(|s| s.customers_out_at(now) > 0),
            "an ongoing outage"
        );
        assert!(
            s.iter()
                .any(|s| s.outage_customers.is_some() && s.restored.is_some())
        );
        assert!(s.iter().any(|s| s.tz.is_some()) && s.iter().any(|s| s.time.date_only()));
        let weapons: Vec<_> = s.iter().filter_map(|s| s.weapons.as_ref()).collect();
        assert!(weapons.iter().any(|w| w.missiles.is_some()));
        assert!(weapons.iter().any(|w| w.drones.is_some()));
        assert!(weapons.iter().any(|w| w.glide_bombs.is_some()));
        assert!(weapons.iter().any(|w| w.other.is_some()));
        assert!(weapons.iter().any(|w| w.intercepted.is_some()));
        let casualties: Vec<_> = s.iter().filter_map(|s| s.casualties.as_ref()).collect();
        assert!(
            casualties
                .iter()
                .any(|c| c.killed.is_some() && c.injured.is_some())
        );
        assert!(s.iter().any(|s| !s.sources.is_empty()) && s.iter().all(|s| s.notes.is_some()));
    }

    #[test]
    fn records_not_from_the_report_say_they_are_illustrative() {
        let board = store().merge(reference_now());
        for strike in &board.strikes {
            let notes = strike.notes.as_deref().unwrap_or("");
            assert!(
                notes.contains("Illustrative"),
                "strike {} is not marked",
                strike.id
            );
        }
        let from_report = |sources: &[String]| sources.iter().any(|s| s.contains("News report"));
        for event in board.events.iter().filter(|e| !from_report(&e.sources)) {
            let summary = event.summary.as_deref().unwrap_or("");
            assert!(
                summary.contains("Illustrative"),
                "event {} is not marked",
                event.id
            );
        }
        for issue in board.issues.iter().filter(|i| !from_report(&i.sources)) {
            let summary = issue.summary.as_deref().unwrap_or("");
            assert!(
                summary.contains("Illustrative"),
                "issue {} is not marked",
                issue.id
            );
        }
    }
}
