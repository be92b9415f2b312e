//! Briefs: a snapshot of the board as plain text, Markdown or JSON
//! (docs/brief.md). Pure: a board, an instant and a zone in, text out; the
//! `brief` command reads the files and prints.
//!
//! The figures are derived once ([`Figures::compute`]); each format only writes
//! them out, so the three can never disagree.

pub mod json;
pub mod markdown;
pub mod records;
pub mod text;

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::{DateTime, NaiveDate, Utc};

use crate::model::diff::{ChangeKind, ChangeSet, CommitInfo, Point, RecordChange};
use crate::model::time::human_duration;
use crate::model::{Board, Event, Kind, TimePrecision, Zone};

pub use crate::model::figures::{Counts, Figures, StrikeFigures, largest_outages};
pub use crate::model::format::thousands;

/// The three ways a brief is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Text,
    Markdown,
    Json,
}

/// What a brief is written from: the board, its figures and how to show times.
pub struct Brief<'a> {
    pub board: &'a Board,
    pub figures: Figures,
    pub zone: Zone,
    /// The board is the compiled-in example (the brief says so).
    pub example: bool,
    /// `--since`: what changed (docs/brief.md#changes-since).
    pub changes: Option<&'a ChangeSet>,
    /// `--at`: the commit the board stood at.
    pub as_of: Option<&'a CommitInfo>,
    /// Whether the text and Markdown briefs list the problems (`--no-problems`
    /// sends them to stderr instead).
    pub problems: bool,
    /// `--full`: the JSON brief carries the records themselves.
    pub full: bool,
}

impl<'a> Brief<'a> {
    pub fn new(board: &'a Board, now: DateTime<Utc>, zone: Zone, example: bool) -> Self {
        Brief {
            board,
            figures: Figures::compute(board, now),
            zone,
            example,
            changes: None,
            as_of: None,
            problems: true,
            full: false,
        }
    }

    /// The brief with a "changes since" section.
    #[must_use]
    pub fn with_changes(mut self, changes: Option<&'a ChangeSet>) -> Self {
        self.changes = changes;
        self
    }

    /// The JSON brief with the records themselves (`--full`).
    #[must_use]
    pub fn with_records(mut self, full: bool) -> Self {
        self.full = full;
        self
    }

    /// Lists the problems in the text and Markdown briefs, or not.
    #[must_use]
    pub fn with_problems(mut self, problems: bool) -> Self {
        self.problems = problems;
        self
    }

    /// The brief of the board as it stood at a commit.
    #[must_use]
    pub fn with_as_of(mut self, as_of: Option<&'a CommitInfo>) -> Self {
        self.as_of = as_of;
        self
    }

    pub fn now(&self) -> DateTime<Utc> {
        self.figures.now
    }

    /// Writes the brief in `format`.
    pub fn render(&self, format: Format) -> String {
        match format {
            Format::Text => text::render(self),
            Format::Markdown => markdown::render(self),
            Format::Json => json::render(self),
        }
    }

    /// `Wed 21 Jan 2026 14:00 EET`
    pub fn long_time(&self, at: DateTime<Utc>) -> String {
        format!(
            "{} {}",
            self.zone.at(at).format("%a %-d %b %Y %H:%M"),
            self.zone.short_name(at)
        )
    }

    /// `16:00`, or `time TBA` when only the day is known.
    pub fn event_clock(&self, event: &Event) -> String {
        if let Some(label) = self.precision_label(event) {
            return label;
        }
        if event.start.date_only() {
            "time TBA".to_string()
        } else {
            self.zone.at(event.start.at).format("%H:%M").to_string()
        }
    }

    /// `~16:00`, `week of 12 Jan`, `Jan 2026` for an event not exact in time
    /// (docs/data-format.md#precision); `None` for an exact time or a day.
    fn precision_label(&self, event: &Event) -> Option<String> {
        let shown = self.zone.at(event.start.at).naive_local();
        event.time_precision.label_of(&event.start, shown)
    }

    /// `Wed 21 Jan 16:00 UTC`, or `Thu 22 Jan, time TBA`.
    pub fn event_when(&self, event: &Event) -> String {
        let day = day_label(self.zone.event_day(event));
        match event.time_precision {
            TimePrecision::Week | TimePrecision::Month => {
                return self.precision_label(event).unwrap_or(day);
            }
            TimePrecision::Hour => {
                let at = event.start.at;
                return format!(
                    "{day} ~{} {}",
                    self.zone.at(at).format("%H:%M"),
                    self.zone.short_name(at)
                );
            }
            _ => {}
        }
        if event.start.date_only() {
            format!("{day}, time TBA")
        } else {
            let at = event.start.at;
            format!(
                "{day} {} {}",
                self.zone.at(at).format("%H:%M"),
                self.zone.short_name(at)
            )
        }
    }

    /// `in 4h`; for a date-only event, `in 9h at the earliest` (its day begins then).
    pub fn countdown(&self, event: &Event) -> String {
        let left = human_duration(event.start.at - self.now());
        if event.start.date_only() {
            format!("in {left} at the earliest")
        } else {
            format!("in {left}")
        }
    }

    /// Upcoming events grouped by day, days in order.
    pub fn upcoming_by_day(&self) -> Vec<(NaiveDate, Vec<&Arc<Event>>)> {
        let mut days: BTreeMap<NaiveDate, Vec<&Arc<Event>>> = BTreeMap::new();
        for event in &self.figures.upcoming {
            days.entry(self.zone.event_day(event))
                .or_default()
                .push(event);
        }
        days.into_iter().collect()
    }

    /// `Issues: 3 negotiating, 2 open, ...` counts, in the specification's order.
    pub fn status_summary(&self) -> String {
        self.figures
            .issues_by_status
            .iter()
            .map(|(status, n)| format!("{n} {status}"))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

impl Brief<'_> {
    /// The largest outages still on, one line each:
    /// `180,000 customers - Kyiv City, Kyiv, Darnytsia district (chp) - since Wed 21 Jan 00:40 UTC`.
    pub fn outage_lines(&self, n: usize) -> Vec<String> {
        let now = self.now();
        largest_outages(&self.board.strikes, now, n)
            .into_iter()
            .map(|s| {
                let mut place = s.oblast.to_string();
                if let Some(location) = s.location.as_deref().or(s.facility.as_deref()) {
                    place.push_str(", ");
                    place.push_str(location);
                }
                format!(
                    "{} customers - {place} ({}) - since {}",
                    thousands(s.customers_out_at(now)),
                    s.target,
                    self.short_time(s.time.at)
                )
            })
            .collect()
    }

    /// `Wed 21 Jan 00:40 UTC`
    /// `Data last changed Wed 21 Jan 2026 11:10 UTC (50m ago)`; `None` when no
    /// file time is known (the example board).
    pub fn data_age_line(&self) -> Option<String> {
        let newest = DateTime::<Utc>::from(self.board.newest_modified?);
        let ago = (self.now() - newest).max(chrono::Duration::zero());
        Some(format!(
            "Data last changed {} ({} ago)",
            self.long_time(newest),
            crate::model::time::human_duration(ago)
        ))
    }

    /// The critical and high issues, as the issues list orders them.
    pub fn key_issues(&self) -> Vec<&Arc<crate::model::Issue>> {
        self.figures
            .issues
            .iter()
            .filter(|i| {
                matches!(
                    i.priority,
                    crate::model::Priority::Critical | crate::model::Priority::High
                )
            })
            .collect()
    }

    /// An issue's newest log entry: `12 Jan: TEXT`, with its source when given.
    pub fn latest_log(issue: &crate::model::Issue) -> Option<&crate::model::LogEntry> {
        issue.log.iter().max_by_key(|entry| entry.date.at)
    }

    /// A log entry's day as the brief writes it (`Wed 12 Nov 2025`).
    pub fn log_day(&self, entry: &crate::model::LogEntry) -> String {
        match entry.date.written {
            crate::model::Written::Date(day) => day.format("%a %-d %b %Y").to_string(),
            _ => self
                .zone
                .at(entry.date.at)
                .format("%a %-d %b %Y")
                .to_string(),
        }
    }

    pub fn short_time(&self, at: DateTime<Utc>) -> String {
        format!(
            "{} {}",
            self.zone.at(at).format("%a %-d %b %H:%M"),
            self.zone.short_name(at)
        )
    }
}

/// How long a value may be in a change line before it is cut (JSON keeps it whole).
const VALUE_WIDTH: usize = 60;

impl Brief<'_> {
    /// `AS OF Wed 21 Jan 2026 08:00 EET · 1a2b3c4 · Morning update`
    pub fn as_of_line(&self) -> Option<String> {
        self.as_of.map(|c| {
            format!(
                "AS OF {} · {} · {}",
                self.long_time(self.now()),
                c.short(),
                c.subject
            )
        })
    }

    /// `Wed 25 Mar 2026 08:00 EET, 1a2b3c4 "Morning update"`
    pub fn point_label(&self, point: &Point) -> String {
        match (&point.commit, point.time) {
            (Some(commit), Some(at)) => {
                let short = commit.get(..7).unwrap_or(commit);
                match &point.subject {
                    Some(subject) => {
                        format!("{}, {short} \"{subject}\"", self.long_time(at))
                    }
                    None => format!("{}, {short}", self.long_time(at)),
                }
            }
            (None, Some(at)) => format!("{}, the board as you last saw it", self.long_time(at)),
            _ => "before the first commit".to_string(),
        }
    }

    /// The changes grouped by pane, in pane order, each group most important first.
    pub fn changes_by_pane(changes: &ChangeSet) -> Vec<(Kind, Vec<&RecordChange>)> {
        let mut groups: Vec<(Kind, Vec<&RecordChange>)> = Vec::new();
        for item in &changes.items {
            match groups.last_mut() {
                Some((kind, items)) if *kind == item.kind => items.push(item),
                _ => groups.push((item.kind, vec![item])),
            }
        }
        groups
    }

    /// `Garnet energy truce: status deadlocked → negotiating (Bo Briefer, 26 Mar 10:00, "Truce talks resume")`
    pub fn change_line(&self, item: &RecordChange) -> String {
        let what = match item.change {
            ChangeKind::Added | ChangeKind::Removed => item.change.as_str().to_string(),
            ChangeKind::Changed if item.fields.is_empty() => "changed".to_string(),
            ChangeKind::Changed => item
                .fields
                .iter()
                .map(|f| f.describe("none", cut))
                .collect::<Vec<_>>()
                .join("; "),
        };
        let mut line = format!("{}: {what}", item.title);
        if let Some(commit) = item.latest() {
            let at = self.zone.at(commit.time).format("%-d %b %H:%M");
            let earlier = item.commits.len() - 1;
            let more = match earlier {
                0 => String::new(),
                1 => "; 1 earlier commit".to_string(),
                n => format!("; {n} earlier commits"),
            };
            if commit.is_uncommitted() {
                line.push_str(&format!(" (uncommitted, {at}{more})"));
            } else {
                line.push_str(&format!(
                    " ({}, {at}, \"{}\"{more})",
                    commit.author, commit.subject
                ));
            }
        }
        line
    }
}

/// A value cut to [`VALUE_WIDTH`] characters with `...`.
fn cut(value: &str) -> String {
    if value.chars().count() <= VALUE_WIDTH {
        value.to_string()
    } else {
        let kept: String = value.chars().take(VALUE_WIDTH - 3).collect();
        format!("{kept}...")
    }
}

/// `Wed 21 Jan`
pub fn day_label(day: NaiveDate) -> String {
    day.format("%a %-d %b").to_string()
}

/// `[######----]` for 0–100, ten cells (any progress at all fills one); an
/// empty frame when there is no estimate.
pub fn progress_bar(progress: Option<u8>) -> String {
    let filled = progress.map_or(0, |p| usize::from(p.min(100)).div_ceil(10));
    let rest = if progress.is_some() { "-" } else { " " };
    format!("[{}{}]", "#".repeat(filled), rest.repeat(10 - filled))
}

/// `55%`, or `no estimate`.
pub fn progress_label(progress: Option<u8>) -> String {
    progress.map_or_else(|| "no estimate".to_string(), |p| format!("{p}%"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_bars_round_up_to_the_next_cell() {
        assert_eq!(progress_bar(Some(0)), "[----------]");
        assert_eq!(progress_bar(Some(55)), "[######----]");
        assert_eq!(progress_bar(Some(100)), "[##########]");
        assert_eq!(progress_bar(Some(1)), "[#---------]");
        assert_eq!(progress_bar(None), "[          ]");
        assert_eq!(progress_label(None), "no estimate");
    }
}
