//! The interactive board's state and everything that changes it.
//!
//! Input arrives as calls from the runtime and from tests alike (`on_key`,
//! `on_files`, `on_note`, `on_tick`, ...); each turns into an [`Action`] or a
//! data update, changes the state, recomputes the derived view data it affects
//! and says what the runtime should do next ([`Effect`]). Drawing (`ui`) then
//! paints the state; this module never draws and holds no styled text. Where it
//! needs geometry (list heights, what was clicked) it asks [`crate::layout`].

pub mod changes;
pub mod history;
pub mod map;
mod notes;
pub mod room;
mod scroll;
mod search;
pub mod since;
mod update;
pub mod view;

use std::sync::Arc;

use chrono::{DateTime, Utc};

pub use crate::config::keys::{Action, KeyTable};
pub use crate::load::FileUpdate;
pub use crate::model::{DisplayTz, Zone};
pub use crate::pane::{Pane, PerPane};
pub use notes::NoteFrom;
pub use room::{Present, Slide, Wall};
pub use scroll::Scroll;
pub use view::{AgendaRow, StrikeStats, Views};

use crate::clock::Clock;
use crate::config::Config;
use crate::layout::{Screen, fit_offset};
use crate::load::Store;
use crate::model::{Board, Kind, Problem, ProblemCount};

/// How the board is drawn, from the command line and the environment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Options {
    /// Draw with colour (`--no-color` / `NO_COLOR` turn it off).
    pub color: bool,
    /// ASCII-only borders and glyphs (`--ascii`, or a locale without UTF-8).
    pub ascii: bool,
    /// The zone times are shown in at start (`--tz`, else the config, else local).
    pub display_tz: DisplayTz,
}

/// What the runtime should do after an event.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Effect {
    /// Nothing changed on screen.
    None,
    /// Draw a new frame.
    Redraw,
    /// Restore the terminal and exit 0.
    Quit,
    /// Read every file again now (`r`).
    ReloadAll,
    /// Suspend to the shell (`Ctrl-Z`); repaint fully on resume.
    Suspend,
    /// Everything was marked as seen: remember that (the state file).
    MarkedSeen,
}

/// Progress of a long load, for the header.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LoadProgress {
    pub done: usize,
    pub total: usize,
    pub bytes_done: u64,
    pub bytes_total: u64,
}

/// A full-screen page over the panes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Page {
    /// Every key, from the key table.
    Help,
    /// Every error and warning with <FILE:LINE:COL>.
    Problems,
    /// The latest changes.
    Changes,
    /// The commits that touched the data (`h`).
    History,
    /// One commit's changes in full (Enter on the history page).
    Commit,
}

/// An open record: which one, whether it is still on the board, and how far
/// its detail is scrolled (its lines are built while drawing).
#[derive(Clone, Debug)]
pub struct Detail {
    pub kind: Kind,
    pub id: String,
    /// The record left the board (its file changed or went away).
    pub gone: bool,
    pub scroll: Scroll,
    /// Copying a source (`y`, then its number).
    pub copy: Copying,
}

/// Where copying a record's source stands (docs/screen-and-keys.md#detail).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Copying {
    #[default]
    Idle,
    /// `y` was pressed on a record with several sources: which one?
    Choosing,
    /// Source N (1-based) was copied (the runtime sends it to the terminal
    /// once, [`App::take_clipboard`]); the notice says so until the next key.
    Copied(u8),
}

/// Selection and scroll of one pane.
#[derive(Clone, Debug, Default)]
pub struct PaneState {
    /// Position in the pane's (filtered) list.
    pub selected: usize,
    /// The id of the selected record, so the selection survives reloads.
    pub selected_id: Option<String>,
    /// First visible list row.
    pub offset: usize,
}

/// The interactive board.
pub struct App {
    example: bool,
    store: Store,
    board: Board,
    clock: Clock,
    /// The instant the view was computed for (moves on each minute tick).
    now: DateTime<Utc>,
    /// When the board started (on its clock): where "changes seen" begin.
    started: DateTime<Utc>,
    config: Config,
    options: Options,
    /// Display zones `t` cycles through, and the current one.
    zones: Vec<Zone>,
    /// The machine's own zone (resolved once at start).
    local: Zone,
    zone_index: usize,
    size: (u16, u16),
    focus: Pane,
    zoomed: bool,
    map: bool,
    /// The map's geography, zoom and shading.
    map_state: map::MapState,
    /// The Strikes list shows only this region's strikes (`l` on the map).
    region_filter: Option<usize>,
    page: Option<(Page, Scroll)>,
    detail: Option<Detail>,
    /// Typing into the search line of the focused pane.
    searching: bool,
    /// The search text of each pane (empty: no filter).
    filters: PerPane<String>,
    panes: PerPane<PaneState>,
    views: Views,
    changes: changes::Changes,
    notes: notes::Notes,
    loading: Option<LoadProgress>,
    /// The first load is complete: every file has been read once (what arrives
    /// before that is the initial state, not "changes").
    loaded_once: bool,
    /// The calendar has been scrolled to now once.
    placed: bool,
    /// The board shown is a part of a long load (more parts follow): the
    /// map does not place its strikes, which the last part brings placed.
    partial: bool,
    /// The event the calendar was opened on; while the first load still
    /// arrives it is opened around now again unless the user has moved since.
    placed_on: Option<String>,
    /// The alert rules and what they fired for.
    alerts: crate::alert::Alerts,
    /// Alerts raised and not dismissed yet, oldest first (the banner line).
    banners: Vec<crate::alert::Fired>,
    /// Alerts the runtime has not acted on yet (bell, notify, command).
    outbox: Vec<crate::alert::Fired>,
    /// Text to put on the clipboard, not yet sent to the terminal.
    clipboard: Option<String>,
    /// Files whose latest version has errors, with since when (display name, saved at).
    broken: Vec<(String, Option<DateTime<Utc>>)>,
    /// Per pane: the broken files whose last good version it shows, with when
    /// that version was saved.
    kept: PerPane<Vec<(String, Option<DateTime<Utc>>)>>,
    /// The selected entry of the change list (`c`), newest first.
    change_selected: usize,
    /// Wall mode, when on.
    wall: Option<Wall>,
    /// Present mode, when on.
    present: Option<Present>,
    /// The data's history and where the board stands in it.
    timeline: history::Timeline,
    /// What to list as changes once the first load is complete (`--since`,
    /// or the commit the user last saw).
    start: Option<since::Since>,
    /// `--since WHEN` as typed, kept for present mode's "what changed" slide.
    asked_since: Option<String>,
    /// What the state file remembered when the board started.
    seen: Option<crate::seen::SeenState>,
    /// Outside git: the files as the user last saw them.
    snapshot: Option<crate::seen::Snapshot>,
    /// The changes at start, while they are worked out.
    changes_work: since::Pending,
    /// The board a new one last replaced (files applied, a step in history),
    /// kept for the runtime to drop off the interface thread
    /// ([`App::take_replaced_board`]): dropping 100,000 strikes' references
    /// is a visible share of a reload's frame. At most one is kept; an older
    /// one not taken is dropped here.
    replaced: Option<Board>,
}

impl App {
    /// A board over `store`, which may be empty while the first load runs in the
    /// background (the first frame must not wait for data). `example`: the store is
    /// the example board compiled into the binary.
    pub fn with_store(
        example: bool,
        store: Store,
        clock: Clock,
        config: Config,
        options: Options,
    ) -> App {
        let now = clock.now();
        let board = store.merge(now);
        let mut map_state = map::MapState::default();
        map_state.choose_geography(&board, false);
        // The machine's zone is looked up once; data updates must not read it again.
        let local = Zone::local();
        let alerts = crate::alert::Alerts::new(config.alerts.clone());
        let wall = config
            .wall
            .then(|| Wall::new(config.rotate.unwrap_or(room::DEFAULT_ROTATE)));
        let started_for = config.started_for;
        let mut app = App {
            example,
            loaded_once: !store.is_empty(),
            store,
            board,
            clock,
            now,
            started: now,
            config,
            options,
            zones: vec![options.display_tz.resolve(local)],
            local,
            zone_index: 0,
            size: (80, 24),
            focus: Pane::Calendar,
            zoomed: false,
            map: false,
            map_state,
            region_filter: None,
            page: None,
            detail: None,
            searching: false,
            filters: PerPane::default(),
            panes: PerPane::default(),
            views: Views::new(started_for),
            changes: changes::Changes::default(),
            notes: notes::Notes::default(),
            loading: None,
            placed: false,
            partial: false,
            placed_on: None,
            alerts,
            banners: Vec::new(),
            outbox: Vec::new(),
            clipboard: None,
            broken: Vec::new(),
            kept: PerPane::default(),
            change_selected: 0,
            wall,
            present: None,
            timeline: history::Timeline::default(),
            start: None,
            asked_since: None,
            seen: None,
            snapshot: None,
            changes_work: since::Pending::default(),
            replaced: None,
        };
        app.note_map_file();
        if app.loaded_once {
            app.alerts.arm(&app.board, now);
        }
        app.note_broken();
        app.set_zones();
        let zone = app.zone();
        app.views.rebuild(&app.board, &zone);
        app.refresh();
        if app.rotation().is_some() {
            app.show_rotation_step(0);
        }
        app
    }

    /// Files from the loader (the program's reload worker and the tests hand
    /// them over the same way): applied to the store, the board merged again,
    /// what changed noted, every selection kept on its record.
    ///
    /// Every part of the first load is the initial state (nothing in it is a
    /// change), however many parts it comes in; its last part (`more: false`)
    /// ends the first load and the loading progress. Files arriving also clear
    /// a note that a reload failed.
    pub fn on_files(&mut self, update: FileUpdate) -> Effect {
        self.now = self.clock.now();
        self.notes.set(NoteFrom::Loader, None);
        let record = self.loaded_once;
        let merged = update.merged.map(|merged| *merged);
        // The reload worker applied the files and merged the board: the store
        // is swapped in, and changes are told by the two stores.
        let prepared = if let Some(merged) = merged {
            let old = std::mem::replace(self.live_store_mut(), merged.store);
            if record {
                for file in &update.loaded {
                    let previous = old.previous(&file.path);
                    let current = self.live_store_mut().good(&file.path).cloned();
                    self.record_change(previous.as_ref(), current.as_ref());
                }
                for path in &update.removed {
                    self.record_change(old.good(path), None);
                }
            }
            Some((merged.board, Some(merged.orders), merged.strike_facts))
        } else {
            for file in update.loaded {
                let previous = self.live_store_mut().apply(
                    &file.path,
                    file.display,
                    file.parsed,
                    file.modified,
                );
                if record {
                    let current = self.live_store_mut().good(&file.path).cloned();
                    self.record_change(previous.as_ref(), current.as_ref());
                }
            }
            for path in update.removed {
                let previous = self.live_store_mut().remove(&path);
                if record && previous.is_some() {
                    self.changes.record(previous.as_deref(), None, self.now);
                }
            }
            None
        };
        if !record
            && self.placed
            && self.panes.calendar.selected_id == self.placed_on
            && self.filter_is_empty(Pane::Calendar)
        {
            // More of the first load: events from this part may be the next
            // ones, so the calendar opens around now again (the user has not
            // moved in it yet).
            self.placed = false;
        }
        let first_load_done = !record && !update.more;
        if !update.more {
            self.loaded_once = true;
            self.loading = None;
            if let Some(since) = self.start.take() {
                self.changes_since(since, prepared.as_ref().map(|(board, _, _)| board));
            }
        }
        if self.timeline.as_of.is_some() {
            // The board shows the past; the live board only counts as newer.
            self.live_changed();
            return Effect::Redraw;
        }
        self.partial = update.more;
        let (board, orders, placed) =
            prepared.unwrap_or_else(|| (self.store.merge(self.now), None, None));
        let mut unchanged = view::Unchanged::between(&self.board, &board);
        self.map_state.choose_geography(&board, unchanged.0.strikes);
        self.map_state.take_placed(placed);
        self.note_map_file();
        if record {
            let fired = self.alerts.on_board(&self.board, &board, self.now);
            self.raise(fired);
        } else if first_load_done {
            // What the first load brought is the starting state: no alert for it.
            self.alerts.arm(&board, self.now);
        }
        let zone_before = self.zone();
        self.replace_board(board);
        self.freshen();
        self.set_zones();
        // The calendar's days depend on the display zone as well as on the events.
        unchanged.0.calendar &= self.zone() == zone_before;
        let zone = self.zone();
        self.views
            .rebuild_with(&self.board, &zone, unchanged, orders);
        self.note_broken();
        self.refresh();
        Effect::Redraw
    }

    /// Shows `board`; the one it replaces waits in `replaced`.
    fn replace_board(&mut self, board: Board) {
        self.replaced = Some(std::mem::replace(&mut self.board, board));
    }

    /// The board a new one last replaced, for the caller to drop where it
    /// costs the interface nothing (the runtime: on a short-lived thread).
    pub fn take_replaced_board(&mut self) -> Option<Board> {
        self.replaced.take()
    }

    /// Notes a file's change when its good version is another one.
    fn record_change(
        &mut self,
        previous: Option<&Arc<crate::load::FileRecords>>,
        current: Option<&Arc<crate::load::FileRecords>>,
    ) {
        let unchanged = match (previous, current) {
            (Some(a), Some(b)) => Arc::ptr_eq(a, b),
            (None, None) => true,
            _ => false,
        };
        if !unchanged {
            self.changes
                .record(previous.map(|p| &**p), current.map(|c| &**c), self.now);
        }
    }

    /// A note from the watcher or the loader (`None` clears it): shown where the
    /// operator looks for trouble, the problems list (`p`), as a warning the
    /// header counts.
    pub fn on_note(&mut self, from: NoteFrom, text: Option<String>) -> Effect {
        self.notes.set(from, text);
        Effect::Redraw
    }

    /// Progress of a long load (shown in the header until the files arrive).
    pub fn on_loading(&mut self, progress: LoadProgress) -> Effect {
        self.loading = Some(progress);
        Effect::Redraw
    }

    /// A minute boundary of the board's clock passed: clocks, ages, countdowns,
    /// "last 24 h" and highlights move on.
    pub fn on_tick(&mut self) -> Effect {
        self.now = self.clock.now();
        self.changes.expire(self.now, self.config.highlight_for);
        let fired = self.alerts.on_tick(&self.board, self.now);
        self.raise(fired);
        self.refresh();
        Effect::Redraw
    }

    /// The terminal was resized.
    pub fn on_resize(&mut self, width: u16, height: u16) -> Effect {
        self.size = (width, height);
        self.fit_all();
        if matches!(self.page, Some((Page::History, _))) {
            // More rows may show: their commits' summaries are read now.
            self.fill_log();
        }
        Effect::Redraw
    }

    /// How long until the board clock's next minute boundary; `None` when frozen.
    pub fn until_next_tick(&self) -> Option<std::time::Duration> {
        if self.clock.is_frozen() {
            return None;
        }
        let now = self.clock.now();
        let into_minute = u64::try_from(now.timestamp_millis().rem_euclid(60_000)).unwrap_or(0);
        Some(std::time::Duration::from_millis(60_000 - into_minute))
    }

    // ---- read access for the interface and for tests ----

    /// The merged board.
    pub fn board(&self) -> &Board {
        &self.board
    }

    /// Every problem on the board and every note, by file, line and column.
    pub fn problems(&self) -> Vec<&Problem> {
        self.notes.merged_with(&self.board.problems)
    }

    /// How many errors and warnings [`App::problems`] lists.
    pub fn problem_count(&self) -> ProblemCount {
        self.notes.added_to(self.board.problem_count)
    }

    /// The board's clock.
    pub fn clock(&self) -> Clock {
        self.clock
    }

    /// The instant the view is computed for.
    pub fn now(&self) -> DateTime<Utc> {
        self.now
    }

    /// When the board started, on its clock.
    pub fn started(&self) -> DateTime<Utc> {
        self.started
    }

    pub fn focus(&self) -> Pane {
        self.focus
    }

    pub fn zoomed(&self) -> bool {
        self.zoomed
    }

    pub fn map_shown(&self) -> bool {
        self.map
    }

    /// The map's geography, zoom and shading.
    pub fn map_state(&self) -> &map::MapState {
        &self.map_state
    }

    /// The region the Strikes list is narrowed to, by name.
    pub fn region_filter(&self) -> Option<&str> {
        let r = self.region_filter?;
        self.map_state.geo.regions.get(r).map(|r| r.name.as_str())
    }

    /// The map's cursor: the selected strike, when the map can show it.
    pub fn map_cursor(&self) -> Option<u32> {
        let pane = Pane::Strikes;
        let pos = self.panes[pane].selected;
        // Stops are list positions in order.
        self.views.map.cursor_stops.binary_search(&pos).ok()?;
        self.views.list(pane).get(pos).copied()
    }

    /// The region under the map's cursor (its strike's, by coordinates or name).
    pub fn map_cursor_region(&self) -> Option<usize> {
        let pos = self.panes[Pane::Strikes].selected;
        let map = &self.views.map;
        let at = map.cursor_stops.binary_search(&pos).ok()?;
        map.stop_regions.get(at).copied().flatten().map(usize::from)
    }

    /// The map file's problem, if any, in the problems list (at the map
    /// file's line and column; `check` reports it as an error).
    pub(crate) fn note_map_file(&mut self) {
        let problem = self.map_state.failure.as_ref().map(|(file, why)| {
            let file: std::sync::Arc<str> = crate::load::sanitize::line(file).into();
            crate::model::Problem::warning(
                &file,
                crate::model::SourcePos {
                    line: why.line,
                    col: why.col,
                },
                format!("map file not used: {}", why.message),
            )
        });
        self.notes.set_map(problem);
    }

    /// Recomputes what the map draws (only while it is shown).
    pub(crate) fn refresh_map(&mut self) {
        if self.partial && self.map_state.strike_facts.is_none() {
            // A part of a long load: placing every strike read so far on each
            // part would hold the frame (a second for a million strikes in
            // all); the map shows them once the load is done.
            let (geo, outages) = (
                &self.map_state.geo,
                self.map_state.shade == map::Shade::Outages,
            );
            self.views.map = map::map_data(&self.board, &[], &[], geo, self.now, outages);
            return;
        }
        let geo = self.map_state.geo.clone();
        let facts = self
            .map_state
            .strike_facts
            .get_or_insert_with(|| map::strike_facts(&self.board, &geo).into());
        let data = map::map_data(
            &self.board,
            self.views.list(Pane::Strikes),
            facts,
            &self.map_state.geo,
            self.now,
            self.map_state.shade == map::Shade::Outages,
        );
        self.views.map = data;
    }

    /// Narrows the Strikes list to the region filter's strikes.
    pub(crate) fn apply_region_filter(&mut self) {
        let Some(r) = self.region_filter else {
            return;
        };
        let geo = self.map_state.geo.clone();
        let board = &self.board;
        self.views.strikes.retain(|&i| {
            let s = &board.strikes[i as usize];
            s.coords
                .and_then(|(lat, lon)| geo.region_at(lat, lon))
                .or_else(|| geo.resolve(&s.oblast))
                == Some(r)
        });
    }

    pub fn page(&self) -> Option<Page> {
        self.page.as_ref().map(|(p, _)| *p)
    }

    /// How far the open page is scrolled.
    pub fn page_scroll(&self) -> Option<&Scroll> {
        self.page.as_ref().map(|(_, s)| s)
    }

    pub fn detail(&self) -> Option<&Detail> {
        self.detail.as_ref()
    }

    pub fn searching(&self) -> bool {
        self.searching
    }

    /// The search text of a pane (empty: no filter).
    pub fn filter(&self, pane: Pane) -> &str {
        &self.filters[pane]
    }

    pub fn views(&self) -> &Views {
        &self.views
    }

    pub fn pane_state(&self, pane: Pane) -> &PaneState {
        &self.panes[pane]
    }

    /// The id of the selected record of a pane.
    pub fn selected_id(&self, pane: Pane) -> Option<&str> {
        self.panes[pane].selected_id.as_deref()
    }

    /// The latest changes, newest first.
    pub fn changes(&self) -> impl Iterator<Item = &changes::Change> {
        self.changes.list.iter()
    }

    /// The selected entry of the change list (Enter opens its record).
    pub fn change_selected(&self) -> usize {
        self.change_selected
            .min(self.changes.list.len().saturating_sub(1))
    }

    /// The changes still marked (made within `highlight_for`), newest first.
    pub fn recent_changes(&self) -> impl Iterator<Item = &changes::Change> {
        self.changes.recent(self.now, self.config.highlight_for)
    }

    /// How a record differs from the previous load, while it is marked.
    pub fn mark(&self, kind: Kind, id: &str) -> Option<changes::Mark> {
        self.changes
            .mark(kind, id, self.now, self.config.highlight_for)
    }

    /// The display zone.
    pub fn zone(&self) -> Zone {
        self.zones[self.zone_index]
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    pub fn options(&self) -> &Options {
        &self.options
    }

    pub fn is_example(&self) -> bool {
        self.example
    }

    pub fn loading(&self) -> Option<LoadProgress> {
        self.loading
    }

    pub fn size(&self) -> (u16, u16) {
        self.size
    }

    /// What to list as changes once the first load is complete.
    pub fn set_start(&mut self, since: Option<since::Since>) {
        if let Some(since::Since::Asked(text)) = &since {
            self.asked_since = Some(text.clone());
        }
        self.start = since;
    }

    /// The first load is complete.
    pub fn loaded_once(&self) -> bool {
        self.loaded_once
    }

    /// When a `git pull` last brought new data (in git).
    pub fn pulled(&self) -> Option<DateTime<Utc>> {
        self.timeline.pulled
    }

    /// How many records are marked as not yet seen.
    pub fn unseen_count(&self) -> usize {
        self.changes.unseen_count()
    }

    /// What the layout of the current screen depends on.
    pub fn screen(&self) -> Screen {
        Screen {
            width: self.size.0,
            height: self.size.1,
            banner: self.board.meta.classification.is_some(),
            as_of: self.timeline.as_of.is_some(),
            change_strip: self.recent_changes().next().is_some(),
            search_line: self.page.is_none()
                && self.detail.is_none()
                && (self.searching || !self.filter(self.focus).is_empty()),
            zoomed: self.zoomed,
            focus: self.focus,
            map: self.map,
            room: self.room(),
            content: Some(crate::pane::PerPane::from_fn(|pane| self.row_count(pane))),
        }
    }

    // ---- derived data ----

    /// The zones `t` cycles through: the starting zone, local time, then each of
    /// the board's clocks (each once).
    fn set_zones(&mut self) {
        let current = self.zone();
        let mut zones = vec![self.zones[0]];
        let local = self.local;
        for zone in
            std::iter::once(local).chain(self.board.meta.clocks.iter().map(|tz| Zone::of(*tz)))
        {
            if !zones
                .iter()
                .any(|z| z.tz() == zone.tz() && z.local == zone.local)
            {
                zones.push(zone);
            }
        }
        self.zone_index = zones.iter().position(|z| *z == current).unwrap_or(0);
        self.zones = zones;
    }

    /// Recomputes what depends on filters, now and the zone, then puts every
    /// selection back on its record.
    pub(crate) fn refresh(&mut self) {
        let zone = self.zone();
        self.views
            .refresh(&self.board, &self.filters, self.now, &zone);
        self.apply_region_filter();
        if self.map {
            self.refresh_map();
        }
        for pane in Pane::ALL {
            self.reselect(pane);
        }
        if !self.placed && !self.views.agenda.events.is_empty() {
            self.place_calendar_at_now();
            self.placed = true;
        }
        self.fit_all();
        self.refresh_slides();
        if let Some(detail) = &mut self.detail {
            detail.gone = self
                .views
                .index_of(&self.board, detail.kind, &detail.id)
                .is_none();
        }
    }

    /// The number of records a pane lists.
    pub fn list_len(&self, pane: Pane) -> usize {
        self.views.list(pane).len()
    }

    /// The id of the record at a position of a pane's list.
    pub fn id_at(&self, pane: Pane, pos: usize) -> Option<&str> {
        let index = *self.views.list(pane).get(pos)?;
        self.board.id_at(pane.kind(), index as usize)
    }

    /// Puts a pane's selection back on the record it was on, by id; when that
    /// record is gone (or filtered out) the selection stays at the same place.
    pub(crate) fn reselect(&mut self, pane: Pane) {
        let len = self.list_len(pane);
        let state = &self.panes[pane];
        let found = state.selected_id.as_deref().and_then(|id| {
            // The record is most likely where it was; look there first.
            if self.id_at(pane, state.selected) == Some(id) {
                return Some(state.selected);
            }
            self.position_of(pane, id)
        });
        let selected = found.unwrap_or(state.selected.min(len.saturating_sub(1)));
        let id = self.id_at(pane, selected).map(str::to_string);
        let unfiltered = self.filter_is_empty(pane);
        let state = &mut self.panes[pane];
        state.selected = selected;
        // A record that is only filtered out keeps its claim on the selection.
        if found.is_some() || unfiltered || state.selected_id.is_none() {
            state.selected_id = id;
        }
    }

    fn filter_is_empty(&self, pane: Pane) -> bool {
        self.filter(pane).trim().is_empty()
    }

    /// Where a record is in a pane's list.
    fn position_of(&self, pane: Pane, id: &str) -> Option<usize> {
        let index = self.views.index_of(&self.board, pane.kind(), id)?;
        self.views.list(pane).iter().position(|&i| i == index)
    }

    /// Opens the calendar around now: the first event still to come selected,
    /// the now-marker near the top with a little of the past above it.
    fn place_calendar_at_now(&mut self) {
        let agenda = &self.views.agenda;
        // The next event is what an operator wants selected, not a cancelled one.
        let pos = agenda
            .next
            .or(agenda.first_upcoming)
            .unwrap_or(agenda.events.len().saturating_sub(1));
        let id = self.id_at(Pane::Calendar, pos).map(str::to_string);
        let height = self.screen().list_height(Pane::Calendar).max(1);
        let anchor = self.views.agenda.now_row.unwrap_or(0);
        let mut offset = anchor.saturating_sub(height / 3);
        // Start the view on a day heading when one is just above.
        let rows = &self.views.agenda.rows;
        if let Some(back) = (0..=2)
            .find(|b| offset >= *b && matches!(rows.get(offset - b), Some(AgendaRow::Day(_))))
        {
            offset -= back;
        }
        let state = &mut self.panes.calendar;
        state.selected = pos;
        state.selected_id.clone_from(&id);
        state.offset = offset;
        self.placed_on = id;
    }

    /// The list row of a pane's selection.
    pub fn selected_row(&self, pane: Pane) -> usize {
        let selected = self.panes[pane].selected;
        match pane {
            Pane::Calendar => self
                .views
                .agenda
                .event_rows
                .get(selected)
                .copied()
                .unwrap_or(0),
            _ => selected,
        }
    }

    /// The number of rows a pane's list draws.
    pub fn row_count(&self, pane: Pane) -> usize {
        match pane {
            Pane::Calendar => self.views.agenda.rows.len(),
            _ => self.list_len(pane),
        }
    }

    /// Scrolls every pane so its selection is visible.
    pub(crate) fn fit_all(&mut self) {
        let screen = self.screen();
        for pane in Pane::ALL {
            let height = screen.list_height(pane);
            let row = self.selected_row(pane);
            let rows = self.row_count(pane);
            let state = &mut self.panes[pane];
            state.offset = fit_offset(state.offset, row, height, rows, pane == Pane::Calendar);
        }
    }

    /// The `sources` of a record on the board (empty when it has none or is gone).
    pub fn sources_of(&self, kind: Kind, id: &str) -> Vec<&str> {
        fn strs<T: AsRef<str>>(items: &[T]) -> Vec<&str> {
            items.iter().map(AsRef::as_ref).collect()
        }
        let board = &self.board;
        let found = match kind {
            Kind::Event => board
                .events
                .iter()
                .find(|e| e.id == id)
                .map(|e| strs(&e.sources)),
            Kind::Issue => board
                .issues
                .iter()
                .find(|i| i.id == id)
                .map(|i| strs(&i.sources)),
            Kind::Strike => board
                .strikes
                .iter()
                .find(|s| s.id == id)
                .map(|s| strs(&s.sources)),
        };
        found.unwrap_or_default()
    }

    /// Where a record is written: `FILE:LINE` of its table header (the first file
    /// in path order that has it, as the board does).
    pub fn record_source(&self, kind: Kind, id: &str) -> Option<String> {
        for path in self.store.paths() {
            let Some(good) = self.store.good(path) else {
                continue;
            };
            if let Some(pos) = good.position_of(kind, id) {
                // A path comes from the file system, not a file's text: clean it.
                let file = crate::load::sanitize::line(&path.display().to_string());
                return Some(format!("{file}:{}", pos.line));
            }
        }
        None
    }
}
