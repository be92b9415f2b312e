//! The board through time (docs/screen-and-keys.md#history): the commits that
//! touched the data (`h`), the board as it stood at one of them (`--at`, or
//! stepping with `[` and `]`) while the live board goes on loading underneath,
//! and the changes since the user last looked or since `--since`.

use chrono::{DateTime, Utc};

use super::{App, Effect, Page, Scroll};
use crate::clock::Clock;
use crate::history::History;
use crate::load::Store;
use crate::model::Kind;
use crate::model::diff::{self, ChangeKind, CommitInfo, RecordChange};
use crate::seen::{self, SeenState};

/// One commit of the history page.
#[derive(Clone, Debug)]
pub struct LogEntry {
    pub oid: gix::ObjectId,
    pub commit: CommitInfo,
    /// `1 issue changed, 14 strikes added`; read when the row is first shown.
    pub summary: Option<String>,
    /// Every record it changed, field by field (read with the summary).
    pub changes: Option<Vec<RecordChange>>,
}

/// The board shown as it stood at a commit.
#[derive(Debug)]
pub struct AsOf {
    pub oid: gix::ObjectId,
    pub commit: CommitInfo,
    /// The instant the board is shown at (its clock stands there).
    pub at: DateTime<Utc>,
    /// Records that differ on the live board.
    /// `None` while the live board's first load is still arriving.
    pub newer: Option<usize>,
    /// The live board's store and clock, kept loading underneath.
    pub(super) live: Store,
    clock: Clock,
    /// The live board merged, once needed (until the next load).
    live_board: Option<crate::model::Board>,
}

/// The history the board knows of.
#[derive(Debug, Default)]
pub struct Timeline {
    pub history: Option<History>,
    /// The history page's commits, newest first, read when it first opens.
    pub log: Option<Vec<LogEntry>>,
    /// Which commit of the history page is selected.
    pub selected: usize,
    /// The commit whose changes are shown in full (Enter on the history page).
    pub open: Option<usize>,
    pub as_of: Option<AsOf>,
    /// A reason the history could not be read, shown on the history page.
    pub why_not: Option<String>,
    /// When a `git pull` last brought new data.
    pub pulled: Option<DateTime<Utc>>,
    /// Boards already shown at a commit (and instant), so stepping back to one
    /// merges nothing; the oldest go first beyond [`KEEP_BOARDS`].
    boards: std::collections::VecDeque<(Shown, (Store, crate::model::Board))>,
    /// How many records differ on the live board, per board shown (until the
    /// live board changes).
    newer: std::collections::HashMap<Shown, usize>,
}

/// A board of the past: the commit and the instant it is shown at.
type Shown = (gix::ObjectId, DateTime<Utc>);

/// How many boards of past commits are kept for stepping.
const KEEP_BOARDS: usize = 32;

/// `1 issue changed, 14 strikes added`.
pub fn summary(changes: &[RecordChange]) -> String {
    let mut parts = Vec::new();
    for kind in [Kind::Event, Kind::Issue, Kind::Strike] {
        for change in [ChangeKind::Added, ChangeKind::Changed, ChangeKind::Removed] {
            let n = changes
                .iter()
                .filter(|c| c.kind == kind && c.change == change)
                .count();
            if n > 0 {
                let noun = if n == 1 {
                    kind.as_str().to_string()
                } else {
                    format!("{}s", kind.as_str())
                };
                parts.push(format!("{n} {noun} {}", change.as_str()));
            }
        }
    }
    if parts.is_empty() {
        "no record changed".to_string()
    } else {
        parts.join(", ")
    }
}

impl App {
    /// Gives the board the data's history (the PATHs are in git).
    pub fn set_history(&mut self, history: History) {
        self.timeline.history = Some(history);
    }

    /// True when the data's history can be read.
    pub fn has_history(&self) -> bool {
        self.timeline.history.is_some()
    }

    pub fn timeline(&self) -> &Timeline {
        &self.timeline
    }

    /// The board as it stood at `oid`, shown at `at` (or the commit's time).
    /// The live board keeps loading underneath.
    pub fn show_at(&mut self, oid: gix::ObjectId, at: Option<DateTime<Utc>>) -> Result<(), String> {
        let Some(history) = self.timeline.history.as_mut() else {
            return Err("the data is not in a git repository".to_string());
        };
        let commit = history.info(oid).map_err(|e| e.to_string())?;
        let at = at.unwrap_or(commit.time);
        let cached = self
            .timeline
            .boards
            .iter()
            .find(|(key, _)| *key == (oid, at))
            .map(|(_, kept)| kept.clone());
        let (store, cached) = match cached {
            Some((store, board)) => (store, Some(board)),
            None => (
                history.store_at(Some(oid)).map_err(|e| e.to_string())?,
                None,
            ),
        };
        let (live, clock, live_board) = match self.timeline.as_of.take() {
            Some(previous) => (previous.live, previous.clock, previous.live_board),
            None => (
                std::mem::replace(&mut self.store, Store::new()),
                self.clock,
                Some(self.board.clone()),
            ),
        };
        self.store = store;
        self.clock = Clock::Frozen(at);
        self.timeline.as_of = Some(AsOf {
            oid,
            commit,
            at,
            newer: None,
            live,
            clock,
            live_board,
        });
        let fresh = cached.is_none();
        self.remerge(cached);
        if fresh {
            self.timeline
                .boards
                .push_back(((oid, at), (self.store.clone(), self.board.clone())));
            if self.timeline.boards.len() > KEEP_BOARDS {
                self.timeline.boards.pop_front();
            }
        }
        self.count_newer();
        Ok(())
    }

    /// Back to the live board.
    pub fn show_live(&mut self) -> Effect {
        let Some(as_of) = self.timeline.as_of.take() else {
            return Effect::None;
        };
        self.store = as_of.live;
        self.clock = as_of.clock;
        self.remerge(as_of.live_board);
        Effect::Redraw
    }

    /// Where the board stands, when not live.
    pub fn as_of(&self) -> Option<&AsOf> {
        self.timeline.as_of.as_ref()
    }

    /// The live store, wherever the board is shown at (what the reload
    /// worker's copy mirrors).
    pub fn live_store(&self) -> &Store {
        match &self.timeline.as_of {
            Some(as_of) => &as_of.live,
            None => &self.store,
        }
    }

    /// The live store, wherever the board is shown at.
    pub(super) fn live_store_mut(&mut self) -> &mut Store {
        match &mut self.timeline.as_of {
            Some(as_of) => &mut as_of.live,
            None => &mut self.store,
        }
    }

    /// Counts the records that differ between the board shown and the live one.
    pub(super) fn count_newer(&mut self) {
        if let Some(as_of) = &mut self.timeline.as_of {
            if !self.loaded_once {
                // The live board is not read yet: nothing to count against.
                as_of.newer = None;
                return;
            }
            let key = (as_of.oid, as_of.at);
            if let Some(n) = self.timeline.newer.get(&key) {
                as_of.newer = Some(*n);
                return;
            }
            let live = as_of
                .live_board
                .get_or_insert_with(|| as_of.live.merge(as_of.clock.now()));
            let n = diff::diff_boards(&self.board, live).len();
            as_of.newer = Some(n);
            self.timeline.newer.insert(key, n);
        }
    }

    /// The live board changed underneath (a load while the board shows the past).
    pub(super) fn live_changed(&mut self) {
        if let Some(as_of) = &mut self.timeline.as_of {
            as_of.live_board = None;
        }
        self.timeline.newer.clear();
        self.count_newer();
    }

    /// In git, the data's age comes from history: the newest commit that
    /// touched the data, or the modification time of an uncommitted edit when
    /// that is newer (docs/screen-and-keys.md#header); not from file times,
    /// which a fresh clone or a pull sets to "now".
    pub(super) fn freshen(&mut self) {
        if self.timeline.as_of.is_some() {
            return;
        }
        let Some(history) = self.timeline.history.as_mut() else {
            return;
        };
        let Some(latest) = history.latest_data_commit() else {
            return;
        };
        let committed = crate::history::system_time(latest.time);
        let newest = history
            .uncommitted(&self.store, committed)
            .iter()
            .filter_map(|path| self.store.modified(path))
            .fold(committed, std::cmp::max);
        self.board.newest_modified = Some(newest);
        self.timeline.pulled = history.last_pull();
    }

    /// Merges the store again and rebuilds every view (the whole board changed).
    /// `board`: the store merged already (kept from an earlier visit).
    fn remerge(&mut self, board: Option<crate::model::Board>) {
        self.now = self.clock.now();
        let board = board.unwrap_or_else(|| self.store.merge(self.now));
        // Panes whose records are the very same are not sorted again.
        let unchanged = crate::app::view::Unchanged::between(&self.board, &board);
        self.replace_board(board);
        self.map_state
            .choose_geography(&self.board, unchanged.0.strikes);
        self.note_map_file();
        self.freshen();
        let zone_before = self.zone();
        self.set_zones();
        let zone = self.zone();
        let mut unchanged = unchanged;
        unchanged.0.calendar &= zone == zone_before;
        self.views.rebuild_changed(&self.board, &zone, unchanged);
        self.placed = false;
        self.refresh();
    }

    /// Reads the history page's commits (once).
    fn read_log(&mut self) {
        if self.timeline.log.is_some() {
            return;
        }
        let Some(history) = self.timeline.history.as_mut() else {
            self.timeline.why_not = Some(if self.example {
                "The example board has no history: open a PATH inside a git repository.".into()
            } else {
                "The data is not in a git repository: there is no history to show.".into()
            });
            return;
        };
        let Some(head) = history.head() else {
            self.timeline.why_not = Some("The repository has no commits yet.".into());
            return;
        };
        // The commits only: each one's changes are read when its row is shown
        // (the oldest commit of a big board adds every record).
        let read = history.data_commits(head, None).map(|commits| {
            commits
                .into_iter()
                .map(|c| LogEntry {
                    oid: c.oid,
                    commit: c.info,
                    summary: None,
                    changes: None,
                })
                .collect::<Vec<_>>()
        });
        match read {
            Ok(log) => self.timeline.log = Some(log),
            Err(e) => self.timeline.why_not = Some(e.to_string()),
        }
        self.fill_log();
    }

    /// Reads the changes of the commits the history page shows (and of the
    /// selected one), once each.
    pub(super) fn fill_log(&mut self) {
        let rows = self.page_height().saturating_sub(4).max(1);
        let timeline = &mut self.timeline;
        let (Some(history), Some(log)) = (timeline.history.as_mut(), timeline.log.as_mut()) else {
            return;
        };
        if log.is_empty() {
            return;
        }
        let selected = timeline.selected.min(log.len() - 1);
        let top = selected.saturating_sub(rows - 1);
        let end = (top + rows).min(log.len());
        for entry in &mut log[top..end] {
            if entry.summary.is_some() {
                continue;
            }
            let changes = history.commit_changes(entry.oid).unwrap_or_default();
            let mut text = summary(&changes);
            if history.is_boundary(entry.oid) {
                // Compared with nothing: the clone has no parent.
                text = format!("history ends here (shallow clone): {text}");
            }
            entry.summary = Some(text);
            entry.changes = Some(changes);
        }
    }

    /// `h`: the history page, and back.
    pub(super) fn toggle_history(&mut self) {
        if matches!(self.page, Some((Page::History | Page::Commit, _))) {
            self.page = None;
            return;
        }
        self.read_log();
        if let (Some(as_of), Some(log)) = (&self.timeline.as_of, &self.timeline.log) {
            if let Some(i) = log.iter().position(|e| e.oid == as_of.oid) {
                self.timeline.selected = i;
            }
        }
        self.page = Some((Page::History, Scroll::default()));
        self.fill_log();
    }

    /// Up and down on the history page move the selection; Enter opens it.
    pub(super) fn history_move(&mut self, delta: isize) {
        let len = self.timeline.log.as_ref().map_or(0, Vec::len);
        if len == 0 {
            return;
        }
        self.timeline.selected = self
            .timeline
            .selected
            .saturating_add_signed(delta)
            .min(len - 1);
        self.fill_log();
    }

    /// Enter on the history page: the selected commit's changes in full.
    pub(super) fn open_commit(&mut self) {
        if self.timeline.log.as_ref().is_some_and(|l| !l.is_empty()) {
            self.timeline.open = Some(self.timeline.selected);
            self.page = Some((Page::Commit, Scroll::default()));
        }
    }

    /// `[` (`older`) and `]` (`newer`): the whole board one commit back or forward.
    pub(super) fn step(&mut self, older: bool) -> Effect {
        self.read_log();
        let Some(log) = self.timeline.log.as_ref() else {
            return Effect::Redraw;
        };
        if log.is_empty() {
            return Effect::Redraw;
        }
        // Where the board stands in the list; a commit that touched no data
        // (`--at` a revision) stands where the newest data commit before it is.
        let current = self.timeline.as_of.as_ref().and_then(|a| {
            log.iter()
                .position(|e| e.oid == a.oid)
                .or_else(|| log.iter().position(|e| e.commit.time <= a.commit.time))
        });
        let target = match (current, older) {
            // From the live board back: the newest commit, or the one before it
            // when the live board is that commit's (nothing uncommitted).
            (None, true) => Some(0),
            (None, false) => return Effect::None,
            (Some(i), true) => Some((i + 1).min(log.len() - 1)),
            (Some(0), false) => None,
            (Some(i), false) => Some(i - 1),
        };
        let Some(target) = target else {
            return self.show_live();
        };
        let oid = log[target].oid;
        let second = log.get(1).map(|e| e.oid);
        if self.show_at(oid, None).is_err() {
            return Effect::Redraw;
        }
        if let (None, true, Some(oid)) = (
            current,
            self.as_of().is_some_and(|a| a.newer == Some(0)),
            second,
        ) {
            let _ = self.show_at(oid, None);
            self.timeline.selected = 1;
        } else {
            self.timeline.selected = target;
        }
        Effect::Redraw
    }

    /// The changes from the board at `when` to the live board, from git.
    pub(super) fn git_changes(&mut self, when: &str) -> Result<Vec<RecordChange>, String> {
        let zone = self.zone();
        let now = self.now;
        let Some(history) = self.timeline.history.as_mut() else {
            return Err("the data is not in a git repository".to_string());
        };
        let store = match &self.timeline.as_of {
            Some(as_of) => &as_of.live,
            None => &self.store,
        };
        super::since::git_changes(history, store, when, None, now, zone)
    }

    /// The snapshot of the files as last seen (outside git), if any.
    pub fn set_snapshot(&mut self, snapshot: Option<seen::Snapshot>) {
        self.snapshot = snapshot;
    }

    /// The previous state file's content (not-yet-seen), if any.
    pub fn set_seen(&mut self, state: Option<SeenState>) {
        self.seen = state;
    }

    pub fn seen(&self) -> Option<&SeenState> {
        self.seen.as_ref()
    }

    /// The live board, wherever the board is shown at.
    pub fn live_board(&self) -> crate::model::Board {
        match &self.timeline.as_of {
            Some(as_of) => as_of.live.merge(self.now),
            None => self.board.clone(),
        }
    }

    /// The data files of the live board.
    pub fn live_paths(&self) -> Vec<std::path::PathBuf> {
        let store = match &self.timeline.as_of {
            Some(as_of) => &as_of.live,
            None => &self.store,
        };
        store.paths().map(std::path::Path::to_path_buf).collect()
    }

    /// The records still marked as not yet seen.
    pub fn unseen_keys(&self) -> Vec<(Kind, String)> {
        self.changes.unseen_keys()
    }
}
