//! The orders the panes list records in that do not depend on the display
//! zone, and id lookups: computed by the reload worker for each new board
//! (docs/performance.md#merge-off-the-interface-thread), so a first load of a
//! million strikes sorts them there, not on the interface thread.

use std::collections::HashMap;
use std::hash::{BuildHasher, BuildHasherDefault, DefaultHasher};
use std::sync::Arc;

use super::by_time::TimeSums;
use super::{Board, Issue, IssueStatus, Kind, Priority, Strike};

/// Ids to record indexes, keyed by a hash of the id so that indexing 100,000
/// records allocates no strings; a lookup checks the id it finds.
#[derive(Clone, Debug, Default)]
pub struct IdIndex {
    by_hash: HashMap<u64, u32>,
}

fn id_hash(id: &str) -> u64 {
    BuildHasherDefault::<DefaultHasher>::default().hash_one(id)
}

impl IdIndex {
    pub fn new<'a>(ids: impl Iterator<Item = &'a str>) -> IdIndex {
        let mut by_hash = HashMap::new();
        for (i, id) in ids.enumerate() {
            by_hash
                .entry(id_hash(id))
                .or_insert(u32::try_from(i).unwrap_or(u32::MAX));
        }
        IdIndex { by_hash }
    }

    /// The index of the record whose id is `id`; `id_at` gives the id of a
    /// record index.
    pub fn find<'b>(&self, id: &str, id_at: impl Fn(usize) -> Option<&'b str>) -> Option<u32> {
        let &i = self.by_hash.get(&id_hash(id))?;
        if id_at(i as usize) == Some(id) {
            return Some(i);
        }
        // Two ids with one hash: look the slow way (ids are unique on a board).
        (0..)
            .map_while(|j| id_at(j).map(|found| (j, found)))
            .find(|(_, found)| *found == id)
            .and_then(|(j, _)| u32::try_from(j).ok())
    }

    /// An index of the ids of one kind of record on `board`.
    pub fn of(board: &Board, kind: Kind) -> IdIndex {
        IdIndex::new((0..board.count(kind)).filter_map(|i| board.id_at(kind, i)))
    }
}

/// `0..n` as record indexes (a board holds far fewer than 2^32 records of a
/// kind; the loader's size limit keeps it so).
pub fn indexes(n: usize) -> Vec<u32> {
    (0..u32::try_from(n).unwrap_or(u32::MAX)).collect()
}

/// Strikes newest first (then by id).
pub fn strikes_newest_first(strikes: &[Arc<Strike>]) -> Vec<u32> {
    let mut sorted = indexes(strikes.len());
    sorted.sort_by(|&a, &b| {
        let (a, b) = (&strikes[a as usize], &strikes[b as usize]);
        b.time.at.cmp(&a.time.at).then_with(|| a.id.cmp(&b.id))
    });
    sorted
}

/// Issues: priority (critical first), then status in the order the spec lists
/// them, then title.
pub fn issues_ranked(issues: &[Arc<Issue>]) -> Vec<u32> {
    let mut sorted = indexes(issues.len());
    sorted.sort_by(|&a, &b| {
        let (a, b) = (&issues[a as usize], &issues[b as usize]);
        issue_key(a).cmp(&issue_key(b))
    });
    sorted
}

fn issue_key(issue: &Issue) -> (Priority, IssueStatus, &str, &str) {
    (
        issue.priority,
        issue.status,
        issue.title.as_str(),
        issue.id.as_str(),
    )
}

/// A board's zone-free orders and id indexes.
#[derive(Clone, Debug, Default)]
pub struct Orders {
    pub issues: Vec<u32>,
    pub strikes: Vec<u32>,
    /// Running sums over that order (customers out, strikes not exact in time).
    pub time_sums: TimeSums,
    /// Id indexes of events, issues and strikes.
    pub events_ids: IdIndex,
    pub issues_ids: IdIndex,
    pub strikes_ids: IdIndex,
}

impl Orders {
    pub fn of(board: &Board) -> Orders {
        let strikes = strikes_newest_first(&board.strikes);
        Orders {
            issues: issues_ranked(&board.issues),
            time_sums: TimeSums::of(&board.strikes, &strikes),
            strikes,
            events_ids: IdIndex::of(board, Kind::Event),
            issues_ids: IdIndex::of(board, Kind::Issue),
            strikes_ids: IdIndex::of(board, Kind::Strike),
        }
    }
}
