//! The changes listed when the board starts (docs/screen-and-keys.md#history):
//! since `--since WHEN`, or since the viewer last looked (the state file).
//!
//! Working them out reads every record of the live board (a content hash
//! each) and, in git, the board at an older commit: a few hundred
//! milliseconds beside 100,000 strikes. The running board does it on a thread
//! of its own ([`App::defer_changes`]): the first load's last part is
//! applied at once, and the list and its marks follow when ready
//! (docs/performance.md#merge-off-the-interface-thread).

use std::collections::HashSet;
use std::path::PathBuf;

use chrono::{DateTime, Utc};

use super::{App, Effect, NoteFrom};
use crate::history::{History, Spec, Until};
use crate::load::Store;
use crate::model::diff::{self, RecordChange};
use crate::model::{Board, Kind, Zone};
use crate::seen::{self, Hashes, Snapshot};

/// Where the changes shown at start begin.
#[derive(Clone, Debug)]
pub enum Since {
    /// `--since WHEN`, as typed.
    Asked(String),
    /// Since the user last looked (the state file given by [`App::set_seen`]).
    LastSeen,
}

/// Everything the changes at start are worked out from, taken from the App
/// so the work can run on another thread.
pub struct ChangesWork {
    since: Since,
    now: DateTime<Utc>,
    zone: Zone,
    /// The live board as merged, when the App has it; else merged from `store`.
    live: Option<Board>,
    /// The live store: for git, which compares the work tree with a commit,
    /// and to merge the live board when it was not given.
    store: Option<Store>,
    /// The PATHs of the data's repository (in git), to open it again there.
    history: Option<Vec<PathBuf>>,
    /// What the state file remembered of each record, and the commit then
    /// (since the viewer last looked); the App holds none of it meanwhile.
    seen: Option<(Hashes, Option<String>)>,
    /// Outside git: the files as the viewer last saw them.
    snapshot: Option<Snapshot>,
}

/// What [`ChangesWork::run`] found.
pub struct ChangesFound {
    /// The changes, newest first; `Err` says why they could not be read.
    items: Result<Vec<RecordChange>, String>,
    /// What the state file remembered of the changed records only (the
    /// rest is not asked about again: [`seen::keep_only`]).
    kept: Option<Hashes>,
}

impl ChangesWork {
    /// Works the changes out (on any thread).
    pub fn run(self) -> ChangesFound {
        let ChangesWork {
            since,
            now,
            zone,
            live,
            store,
            history,
            seen,
            snapshot,
        } = self;
        let mut history = history.map(|paths| History::open(&paths).map_err(|e| e.to_string()));
        let live = match (live, &store) {
            (Some(board), _) => board,
            (None, Some(store)) => store.merge(now),
            (None, None) => Board::default(),
        };
        let from_git = |history: &mut Option<Result<History, String>>,
                        when: &str,
                        only: Option<&[RecordChange]>| {
            match (history.as_mut(), store.as_ref()) {
                (Some(Ok(history)), Some(store)) => {
                    git_changes(history, store, when, only, now, zone)
                }
                (Some(Err(why)), _) => Err(why.clone()),
                _ => Err("the data is not in a git repository".to_string()),
            }
        };
        match since {
            Since::Asked(text) => ChangesFound {
                items: from_git(&mut history, &text, None),
                kept: None,
            },
            Since::LastSeen => {
                let Some((mut records, commit)) = seen else {
                    return ChangesFound {
                        items: Ok(Vec::new()),
                        kept: None,
                    };
                };
                // What really differs from what was seen, by content hash.
                let by_hash = seen::unseen(&records, &live);
                // With git, the same changes with their fields and commits.
                // Without git, from the snapshot of the files as last seen.
                let detailed = match commit {
                    Some(commit) if history.as_ref().is_some_and(Result::is_ok) => {
                        from_git(&mut history, &commit, Some(&by_hash)).ok()
                    }
                    _ => snapshot.map(|snapshot| snapshot_changes(&snapshot, &live, &by_hash, now)),
                };
                let items = match detailed {
                    Some(mut items) => {
                        // Those only the hashes found (git or the snapshot
                        // could not say more) are listed without fields.
                        let without_fields: Vec<RecordChange> = {
                            let detailed: HashSet<(Kind, &str)> = keys(&items).collect();
                            by_hash
                                .into_iter()
                                .filter(|i| !detailed.contains(&(i.kind, i.id.as_str())))
                                .collect()
                        };
                        items.extend(without_fields);
                        diff::sort(&mut items);
                        items
                    }
                    None => by_hash,
                };
                // Only the records just marked are asked about again.
                seen::keep_only(&mut records, &items);
                ChangesFound {
                    items: Ok(items),
                    kept: Some(records),
                }
            }
        }
    }
}

/// The changes from the board at `when` to the live board (`store`), from
/// git; only those of records in `only` when given.
pub(super) fn git_changes(
    history: &mut History,
    store: &Store,
    when: &str,
    only: Option<&[RecordChange]>,
    now: DateTime<Utc>,
    zone: Zone,
) -> Result<Vec<RecordChange>, String> {
    let spec = Spec::parse(when);
    let oid = match &spec {
        Spec::Revision(rev) => Some(history.revision(rev).map_err(|e| e.to_string())?),
        other => {
            let at = other.instant(now, zone).unwrap_or(now);
            history.commit_at(at).map_err(|e| e.to_string())?
        }
    };
    let mut items = history
        .changes(when, oid, Until::WorkTree(store), now)
        .map_err(|e| e.to_string())?
        .items;
    if let Some(only) = only {
        retain_only(&mut items, only);
    }
    Ok(items)
}

/// The kind and id of each change.
fn keys(changes: &[RecordChange]) -> impl Iterator<Item = (Kind, &str)> {
    changes.iter().map(|c| (c.kind, c.id.as_str()))
}

/// Keeps the changes of `items` whose records are among `only`'s: by a set
/// of their keys, as both lists can hold every record of a large board (a
/// returning viewer after an import of 100,000 strikes).
fn retain_only(items: &mut Vec<RecordChange>, only: &[RecordChange]) {
    let wanted: HashSet<(Kind, &str)> = keys(only).collect();
    items.retain(|i| wanted.contains(&(i.kind, i.id.as_str())));
}

/// The changes from the snapshot of what was last seen (outside git) to
/// `live`, of the records in `only`.
fn snapshot_changes(
    snapshot: &Snapshot,
    live: &Board,
    only: &[RecordChange],
    now: DateTime<Utc>,
) -> Vec<RecordChange> {
    let mut then = Store::new();
    for (path, bytes) in &snapshot.files {
        let display = crate::load::discover::Source::new(path.clone()).display;
        let parsed = crate::load::parse_bytes(&display, bytes);
        then.apply(path, display, parsed, None);
    }
    let mut items = diff::diff_boards(&then.merge(now), live);
    retain_only(&mut items, only);
    items
}

impl App {
    /// Has the changes at start worked out on another thread: the runtime
    /// takes the work ([`App::take_changes_work`]) and hands back what it
    /// found ([`App::on_changes_found`]). Without it (tests, commands) the
    /// work is done at once, where the first load ends.
    pub fn defer_changes(&mut self) {
        self.changes_work.deferred = true;
    }

    /// The changes at start, to be worked out (once, when the first load
    /// has ended).
    pub fn take_changes_work(&mut self) -> Option<ChangesWork> {
        self.changes_work.ready.take()
    }

    /// True while the changes at start are being worked out: what the
    /// viewer has seen is not known yet, so it is not written.
    pub fn changes_pending(&self) -> bool {
        self.changes_work.pending
    }

    /// The changes at start, found: into the change list, their records
    /// marked until seen.
    pub fn on_changes_found(&mut self, found: ChangesFound) -> Effect {
        self.changes_work.pending = false;
        if let (Some(state), Some(kept)) = (self.seen.as_mut(), found.kept) {
            state.records = kept;
        }
        match found.items {
            Ok(items) => self.changes.set_unseen(&items, self.now),
            Err(why) => {
                self.notes
                    .set(NoteFrom::History, Some(format!("changes since: {why}")));
            }
        }
        Effect::Redraw
    }

    /// Starts the changes since `--since WHEN`, or since the user last looked
    /// (the state file), once the first load is complete. `live` is the live
    /// board just merged, when there is one to share.
    pub(super) fn changes_since(&mut self, since: Since, live: Option<&Board>) {
        let git = self.timeline.history.is_some();
        let wanted = match &since {
            Since::Asked(_) => true,
            Since::LastSeen => self.seen.is_some(),
        };
        if !wanted {
            return;
        }
        let live_store = match &self.timeline.as_of {
            Some(as_of) => &as_of.live,
            None => &self.store,
        };
        let live = if self.timeline.as_of.is_some() {
            None
        } else {
            live.cloned()
        };
        let store = (git || live.is_none()).then(|| live_store.clone());
        let seen = match since {
            Since::LastSeen => self
                .seen
                .as_mut()
                .map(|state| (std::mem::take(&mut state.records), state.commit.clone())),
            Since::Asked(_) => None,
        };
        let work = ChangesWork {
            since,
            now: self.now,
            zone: self.zone(),
            live,
            store,
            history: self.timeline.history.as_ref().map(History::paths),
            seen,
            snapshot: self.snapshot.take(),
        };
        self.changes_work.pending = true;
        if self.changes_work.deferred {
            self.changes_work.ready = Some(work);
        } else {
            let found = work.run();
            self.on_changes_found(found);
        }
    }
}

/// The App's side of the changes at start.
#[derive(Default)]
pub(super) struct Pending {
    /// The runtime works them out on another thread.
    deferred: bool,
    /// Work made, not yet taken by the runtime.
    ready: Option<ChangesWork>,
    /// Work made, its result not yet back.
    pending: bool,
}

impl std::fmt::Debug for Pending {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pending")
            .field("deferred", &self.deferred)
            .field("ready", &self.ready.is_some())
            .field("pending", &self.pending)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::diff::ChangeKind;

    fn change(kind: Kind, id: &str) -> RecordChange {
        RecordChange {
            kind,
            id: id.to_string(),
            title: id.to_string(),
            change: ChangeKind::Added,
            fields: Vec::new(),
            commits: Vec::new(),
            rank: 1,
        }
    }

    #[test]
    fn only_the_records_asked_for_are_kept_by_kind_and_id() {
        let mut items = vec![
            change(Kind::Strike, "a"),
            change(Kind::Event, "a"),
            change(Kind::Strike, "b"),
            change(Kind::Issue, "c"),
        ];
        retain_only(
            &mut items,
            &[change(Kind::Strike, "a"), change(Kind::Issue, "c")],
        );
        let kept: Vec<(Kind, &str)> = keys(&items).collect();
        assert_eq!(kept, [(Kind::Strike, "a"), (Kind::Issue, "c")]);
    }
}
