//! The JSON brief: one object with the keys of docs/brief.md#brief (and a few more), written
//! in the order the specification lists them so that it reads well unpiped.

use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};

use super::Brief;
use crate::model::diff::{ChangeSet, CommitInfo, Point};
use crate::model::{EstimateSum, Event, Issue, IssueStatus};

/// RFC 3339 in UTC with a `Z`, to the second.
pub fn utc(at: chrono::DateTime<chrono::Utc>) -> String {
    at.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

#[derive(Serialize)]
struct Output<'a> {
    now: String,
    board: BoardOut<'a>,
    counts: Counts,
    next_event: Option<EventOut<'a>>,
    upcoming_events: Vec<EventOut<'a>>,
    issues: Vec<IssueOut<'a>>,
    issues_by_status: ByStatus<'a>,
    strikes: StrikesOut<'a>,
    problems: Vec<ProblemOut<'a>>,
    /// `--at`: the commit the board stood at (docs/brief.md#json).
    #[serde(skip_serializing_if = "Option::is_none")]
    as_of: Option<CommitOut<'a>>,
    /// `--since`: what changed (docs/brief.md#changes-since).
    #[serde(skip_serializing_if = "Option::is_none")]
    changes: Option<ChangesOut<'a>>,
    /// `--full`: the records themselves (docs/brief.md#records).
    #[serde(skip_serializing_if = "Option::is_none")]
    records: Option<serde_json::Value>,
}

#[derive(Serialize)]
struct CommitOut<'a> {
    id: &'a str,
    author: &'a str,
    time: String,
    subject: &'a str,
}

impl<'a> CommitOut<'a> {
    fn of(c: &'a CommitInfo) -> Self {
        CommitOut {
            id: &c.id,
            author: &c.author,
            time: utc(c.time),
            subject: &c.subject,
        }
    }
}

#[derive(Serialize)]
struct PointOut<'a> {
    /// `null` before the first commit; `uncommitted` for the working tree's edits.
    commit: Option<&'a str>,
    time: Option<String>,
}

impl<'a> PointOut<'a> {
    fn of(p: &'a Point) -> Self {
        PointOut {
            commit: p.commit.as_deref(),
            time: p.time.map(utc),
        }
    }
}

#[derive(Serialize)]
struct ChangesOut<'a> {
    since: PointOut<'a>,
    until: PointOut<'a>,
    items: Vec<ItemOut<'a>>,
}

#[derive(Serialize)]
struct ItemOut<'a> {
    kind: &'static str,
    id: &'a str,
    title: &'a str,
    change: &'static str,
    fields: Vec<FieldOut<'a>>,
    commits: Vec<CommitOut<'a>>,
}

#[derive(Serialize)]
struct FieldOut<'a> {
    field: &'a str,
    old: Option<&'a str>,
    new: Option<&'a str>,
}

impl<'a> ChangesOut<'a> {
    fn of(c: &'a ChangeSet) -> Self {
        ChangesOut {
            since: PointOut::of(&c.since),
            until: PointOut::of(&c.until),
            items: c
                .items
                .iter()
                .map(|i| ItemOut {
                    kind: i.kind.as_str(),
                    id: &i.id,
                    title: &i.title,
                    change: i.change.as_str(),
                    fields: i
                        .fields
                        .iter()
                        .map(|f| FieldOut {
                            field: &f.field,
                            old: f.old.as_deref(),
                            new: f.new.as_deref(),
                        })
                        .collect(),
                    commits: i.commits.iter().map(CommitOut::of).collect(),
                })
                .collect(),
        }
    }
}

#[derive(Serialize)]
struct BoardOut<'a> {
    title: &'a str,
    /// The compiled-in example board, not the user's data.
    example: bool,
    classification: Option<&'a str>,
    /// Files read (with or without errors).
    files: usize,
}

#[derive(Serialize)]
struct Counts {
    events: usize,
    issues: usize,
    strikes: usize,
}

#[derive(Serialize)]
struct EventOut<'a> {
    id: &'a str,
    title: &'a str,
    start: String,
    status: &'static str,
    kind: &'static str,
    end: Option<String>,
    /// Only the day is known; `start` is 00:00 of it in the event's zone.
    time_tba: bool,
    /// How precisely `start` is known (docs/data-format.md#precision).
    time_precision: &'static str,
    location: Option<&'a str>,
}

impl<'a> EventOut<'a> {
    fn of(e: &'a Event) -> Self {
        EventOut {
            id: &e.id,
            title: &e.title,
            start: utc(e.start.at),
            status: e.status.as_str(),
            kind: e.kind.as_str(),
            end: e.end.map(|end| utc(end.at)),
            time_tba: e.start.date_only(),
            time_precision: e.time_precision.as_str(),
            location: e.location.as_deref(),
        }
    }
}

#[derive(Serialize)]
struct IssueOut<'a> {
    id: &'a str,
    title: &'a str,
    status: &'static str,
    priority: &'static str,
    progress: Option<u8>,
}

impl<'a> IssueOut<'a> {
    fn of(i: &'a Issue) -> Self {
        IssueOut {
            id: &i.id,
            title: &i.title,
            status: i.status.as_str(),
            priority: i.priority.as_str(),
            progress: i.progress,
        }
    }
}

/// `{ "open": 2, "negotiating": 3, ... }` in the specification's order of statuses.
struct ByStatus<'a>(&'a [(IssueStatus, usize)]);

impl Serialize for ByStatus<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (status, count) in self.0 {
            map.serialize_entry(status.as_str(), count)?;
        }
        map.end()
    }
}

#[derive(Serialize)]
struct StrikesOut<'a> {
    last_24h: usize,
    last_7d: usize,
    customers_without_power: u64,
    by_oblast_7d: &'a std::collections::BTreeMap<String, usize>,
    /// Of `last_24h` / `last_7d`, the strikes not exact in time.
    approximate_24h: usize,
    approximate_7d: usize,
    /// Killed and injured in the last 7 days, as sums of lows, best estimates
    /// and highs (docs/brief.md#json).
    casualties_7d: CasualtiesOut,
}

#[derive(Serialize)]
struct CasualtiesOut {
    killed: RangeOut,
    injured: RangeOut,
}

#[derive(Serialize)]
struct RangeOut {
    low: u64,
    best: u64,
    high: u64,
}

impl RangeOut {
    fn of(sum: EstimateSum) -> Self {
        RangeOut {
            low: sum.low,
            best: sum.best,
            high: sum.high,
        }
    }
}

#[derive(Serialize)]
struct ProblemOut<'a> {
    file: &'a str,
    line: u32,
    column: u32,
    level: &'static str,
    message: String,
}

pub fn render(brief: &Brief) -> String {
    let f = &brief.figures;
    let board = brief.board;
    let output = Output {
        now: utc(f.now),
        board: BoardOut {
            title: &board.meta.title,
            example: brief.example,
            classification: board.meta.classification.as_deref(),
            files: board.file_count,
        },
        counts: Counts {
            events: f.counts.events,
            issues: f.counts.issues,
            strikes: f.counts.strikes,
        },
        next_event: f.next_event.as_deref().map(EventOut::of),
        upcoming_events: f.upcoming.iter().map(|e| EventOut::of(e)).collect(),
        issues: f.issues.iter().map(|i| IssueOut::of(i)).collect(),
        issues_by_status: ByStatus(&f.issues_by_status),
        strikes: StrikesOut {
            last_24h: f.strikes.last_24h,
            last_7d: f.strikes.last_7d,
            customers_without_power: f.strikes.customers_without_power,
            by_oblast_7d: &f.strikes.by_oblast_7d,
            approximate_24h: f.strikes.approximate_24h,
            approximate_7d: f.strikes.approximate_7d,
            casualties_7d: CasualtiesOut {
                killed: RangeOut::of(f.strikes.killed_7d),
                injured: RangeOut::of(f.strikes.injured_7d),
            },
        },
        problems: board
            .problems
            .iter()
            .map(|p| ProblemOut {
                file: &p.file,
                line: p.pos.line,
                column: p.pos.col,
                level: p.level.as_str(),
                message: p.full_message(),
            })
            .collect(),
        as_of: brief.as_of.map(CommitOut::of),
        changes: brief.changes.map(ChangesOut::of),
        records: brief.full.then(|| super::records::records(board)),
    };
    // Serialising plain strings and numbers cannot fail; an empty object is a
    // safer answer than a panic if it ever did.
    let mut text = serde_json::to_string_pretty(&output).unwrap_or_else(|_| "{}".to_string());
    text.push('\n');
    text
}
