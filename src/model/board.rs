//! The board: the `[board]` table (title, clocks, zones, staleness, parties)
//! and the merged board every view reads.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::SystemTime;

use chrono::Duration;
use chrono_tz::Tz;

use super::problem::{Problem, ProblemCount};
use super::{Event, Issue, Kind, SourcePos, Strike};

/// A party code as used in records (`UA`, `RU`, `US`).
pub type PartyCode = String;

/// Board-wide settings from the (at most one) `[board]` table, with defaults applied.
#[derive(Clone, Debug, PartialEq)]
pub struct BoardMeta {
    pub title: String,
    pub classification: Option<String>,
    /// Clocks shown in the header, in this order.
    pub clocks: Vec<Tz>,
    /// Zone for local times that carry no `tz` of their own, in every file.
    pub default_tz: Tz,
    pub stale_after: Duration,
    /// Party code → display name; empty when not given.
    pub parties: BTreeMap<PartyCode, String>,
    /// The party codes in the order `[board.parties]` lists them (the order
    /// positions are shown in).
    pub party_order: Vec<PartyCode>,
    /// Where the `[board]` header was written (for "second [board]" errors).
    pub pos: SourcePos,
    /// The board's own geography (`map = "FILE"`), resolved against the
    /// directory of the file that names it; `None`: the built-in one.
    pub map: Option<MapFile>,
}

/// A map file named by `[board] map`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MapFile {
    /// The path to read (relative to where the naming file is).
    pub path: std::path::PathBuf,
    /// The file that named it, and where (for problems with the map).
    pub named_in: std::sync::Arc<str>,
    pub pos: SourcePos,
}

impl Default for BoardMeta {
    fn default() -> Self {
        BoardMeta {
            title: "Situation board".to_string(),
            classification: None,
            clocks: vec![Tz::UTC],
            default_tz: Tz::UTC,
            stale_after: Duration::hours(6),
            parties: BTreeMap::new(),
            party_order: Vec::new(),
            pos: SourcePos::default(),
            map: None,
        }
    }
}

impl BoardMeta {
    /// The display name of a party code, or the code itself when it has none.
    pub fn party_name<'a>(&'a self, code: &'a str) -> &'a str {
        self.parties.get(code).map_or(code, String::as_str)
    }
}

/// The board as merged from every file: what the interface and the briefs show.
#[derive(Clone, Debug, Default)]
pub struct Board {
    pub meta: BoardMeta,
    /// Records of files without errors, in path order then file order.
    pub events: Vec<Arc<Event>>,
    pub issues: Vec<Arc<Issue>>,
    pub strikes: Vec<Arc<Strike>>,
    /// Every problem of every file, by file, line and column.
    pub problems: Vec<Problem>,
    /// How many of `problems` are errors and warnings (counted once, at merge).
    pub problem_count: ProblemCount,
    /// The newest modification time among the board's files.
    pub newest_modified: Option<SystemTime>,
    pub file_count: usize,
}

impl Board {
    /// True when any file has an error.
    pub fn has_errors(&self) -> bool {
        self.problem_count.errors > 0
    }

    /// How many records of a kind the board holds.
    pub fn count(&self, kind: Kind) -> usize {
        match kind {
            Kind::Event => self.events.len(),
            Kind::Issue => self.issues.len(),
            Kind::Strike => self.strikes.len(),
        }
    }

    /// Whether a record of a kind with this id is on the board.
    pub fn has(&self, kind: Kind, id: &str) -> bool {
        match kind {
            Kind::Event => self.events.iter().any(|r| r.id == id),
            Kind::Issue => self.issues.iter().any(|r| r.id == id),
            Kind::Strike => self.strikes.iter().any(|r| r.id == id),
        }
    }

    /// The id of the record of a kind at an index.
    pub fn id_at(&self, kind: Kind, index: usize) -> Option<&str> {
        match kind {
            Kind::Event => self.events.get(index).map(|r| r.id.as_str()),
            Kind::Issue => self.issues.get(index).map(|r| r.id.as_str()),
            Kind::Strike => self.strikes.get(index).map(|r| r.id.as_str()),
        }
    }
}

/// Whether two boards' lists of one kind hold the same records in the same
/// order: a file that did not change gives the merged board the very same
/// records (pointer-equal); records read again in the board's zone are
/// compared by value.
pub fn same_records<T: PartialEq>(old: &[Arc<T>], new: &[Arc<T>]) -> bool {
    old.len() == new.len()
        && old
            .iter()
            .zip(new)
            .all(|(a, b)| Arc::ptr_eq(a, b) || **a == **b)
}
