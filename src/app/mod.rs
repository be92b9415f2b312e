//! The interactive board's state and everything that changes it.
//!
//! Input arrives as calls from the runtime (`on_key`, `on_files`, `on_tick`, ...);
//! each turns into an [`Action`] or a data update, changes the state, recomputes
//! the derived view data it affects and says what the runtime should do next
//! ([`Effect`]). [`crate::ui::draw`] then paints the state; it never changes it.

pub mod changes;
mod update;
pub mod view;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::SystemTime;

use chrono::{DateTime, Utc};
use ratatui::text::Line;

pub use crate::config::keys::{Action, KeyTable};
pub use crate::model::{DisplayTz, Zone};
pub use view::{AgendaRow, Filters, StrikeStats, Views};

use crate::clock::Clock;
use crate::config::Config;
use crate::load::{Board, Parsed, Store};
use crate::model::Kind;
use crate::ui::theme::Theme;

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
}

/// Progress of a long load, for the header.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LoadProgress {
    pub done: usize,
    pub total: usize,
    pub bytes_done: u64,
    pub bytes_total: u64,
}

/// Files the loader read (or found gone) since the last update.
#[derive(Debug, Default)]
pub struct FileUpdate {
    pub loaded: Vec<(crate::load::Source, Parsed, Option<SystemTime>)>,
    pub removed: Vec<PathBuf>,
}

/// One of the three panes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Pane {
    Calendar,
    Issues,
    Strikes,
}

impl Pane {
    pub const ALL: [Pane; 3] = [Pane::Calendar, Pane::Issues, Pane::Strikes];

    /// The pane's title, exactly as the spec names it.
    pub fn title(self) -> &'static str {
        match self {
            Pane::Calendar => "Calendar",
            Pane::Issues => "Issues",
            Pane::Strikes => "Strikes",
        }
    }

    pub fn index(self) -> usize {
        match self {
            Pane::Calendar => 0,
            Pane::Issues => 1,
            Pane::Strikes => 2,
        }
    }

    /// The record kind the pane lists.
    pub fn kind(self) -> Kind {
        match self {
            Pane::Calendar => Kind::Event,
            Pane::Issues => Kind::Issue,
            Pane::Strikes => Kind::Strike,
        }
    }
}

/// A full-screen page over the panes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Page {
    /// Every key, from the key table.
    Help,
    /// Every error and warning with FILE:LINE:COL.
    Problems,
    /// The latest changes.
    Changes,
}

/// An open record: which one, its drawn lines (built when data, zone or minute
/// change) and how far it is scrolled.
#[derive(Clone, Debug)]
pub struct Detail {
    pub kind: Kind,
    pub id: String,
    /// The record left the board (its file changed or went away).
    pub gone: bool,
    pub lines: Vec<Line<'static>>,
    pub scroll: usize,
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
    pub(crate) example: bool,
    pub(crate) store: Store,
    pub(crate) board: Board,
    clock: Clock,
    /// The instant the view was computed for (moves on each minute tick).
    pub(crate) now: DateTime<Utc>,
    pub(crate) config: Config,
    pub(crate) theme: Theme,
    /// Display zones `t` cycles through, and the current one.
    pub(crate) zones: Vec<Zone>,
    /// The machine's own zone (resolved once at start).
    local: Zone,
    pub(crate) zone_index: usize,
    pub(crate) size: (u16, u16),
    pub(crate) focus: Pane,
    pub(crate) zoomed: bool,
    pub(crate) map: bool,
    pub(crate) page: Option<(Page, usize)>,
    pub(crate) detail: Option<Detail>,
    /// Typing into the search line of the focused pane.
    pub(crate) searching: bool,
    pub(crate) filters: Filters,
    pub(crate) panes: [PaneState; 3],
    pub(crate) views: Views,
    pub(crate) changes: changes::Changes,
    pub(crate) loading: Option<LoadProgress>,
    /// The first load is complete: every file has been read once (what arrives
    /// before that is the initial state, not "changes").
    loaded_once: bool,
    /// The calendar has been scrolled to now once.
    placed: bool,
    /// The event the calendar was opened on; while the first load still
    /// arrives it is opened around now again unless the user has moved since.
    placed_on: Option<String>,
}

impl App {
    /// A board for `origin` over `store` (see [`App::with_store`]); the origin
    /// says whether this is the example board compiled into the binary.
    pub fn new(
        origin: &crate::source::Origin,
        store: Store,
        clock: Clock,
        config: Config,
        options: Options,
    ) -> App {
        let example = matches!(origin, crate::source::Origin::Example);
        App::with_store(example, store, clock, config, options)
    }

    /// Files read by the loader (see [`App::apply_files`]).
    pub fn on_files(&mut self, update: FileUpdate) -> Effect {
        let loaded = update
            .loaded
            .into_iter()
            .map(|(source, parsed, modified)| (source.path, source.display, parsed, modified))
            .collect();
        self.apply_files(loaded, update.removed)
    }

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
        let theme = Theme {
            palette: config.palette.clone(),
            color: options.color,
            ascii: options.ascii,
        };
        // The machine's zone is looked up once; data updates must not read it again.
        let local = Zone::local();
        let start = match options.display_tz {
            DisplayTz::Local => local,
            DisplayTz::Zone(tz) => Zone::of(tz),
        };
        let mut app = App {
            example,
            loaded_once: !store.is_empty(),
            store,
            board,
            clock,
            now,
            config,
            theme,
            zones: vec![start],
            local,
            zone_index: 0,
            size: (80, 24),
            focus: Pane::Calendar,
            zoomed: false,
            map: false,
            page: None,
            detail: None,
            searching: false,
            filters: Filters::default(),
            panes: Default::default(),
            views: Views::default(),
            changes: changes::Changes::default(),
            loading: None,
            placed: false,
            placed_on: None,
        };
        app.set_zones();
        app.rebuild();
        app
    }

    /// Takes in files read by the loader: applies them to the store, merges the
    /// board again, notes what changed, and keeps every selection on its record.
    /// The first update that brings data is the first load (see
    /// [`App::apply_load_part`] for a load that arrives in parts).
    pub fn apply_files(
        &mut self,
        loaded: Vec<(PathBuf, Arc<str>, Parsed, Option<SystemTime>)>,
        removed: Vec<PathBuf>,
    ) -> Effect {
        // A note from the runtime (a file with only a warning, no records) is not
        // the first load: what arrives after it must not count as changes.
        let data = !removed.is_empty()
            || loaded.iter().any(|(_, _, parsed, _)| match parsed {
                Ok(r) => {
                    r.board.is_some()
                        || !r.events.is_empty()
                        || !r.issues.is_empty()
                        || !r.strikes.is_empty()
                }
                Err(_) => true,
            });
        self.apply(loaded, removed, data)
    }

    /// One part of a load from the loader, which hands files over as they are
    /// read: `more` is true while files of the same load are still being read,
    /// false on its last part. Every part of the first load is the initial
    /// state (nothing in it is a change), however many parts it comes in; the
    /// last part ends the first load and the loading progress.
    pub fn apply_load_part(
        &mut self,
        loaded: Vec<(PathBuf, Arc<str>, Parsed, Option<SystemTime>)>,
        removed: Vec<PathBuf>,
        more: bool,
    ) -> Effect {
        self.apply(loaded, removed, !more)
    }

    /// Applies files; `ends_load`: the load they belong to is complete.
    fn apply(
        &mut self,
        loaded: Vec<(PathBuf, Arc<str>, Parsed, Option<SystemTime>)>,
        removed: Vec<PathBuf>,
        ends_load: bool,
    ) -> Effect {
        self.now = self.clock.now();
        let record = self.loaded_once;
        for (path, display, parsed, modified) in loaded {
            let previous = self.store.apply(&path, display, parsed, modified);
            if record {
                let current = self.store.good(&path).cloned();
                let unchanged = match (&previous, &current) {
                    (Some(a), Some(b)) => Arc::ptr_eq(a, b),
                    (None, None) => true,
                    _ => false,
                };
                if !unchanged {
                    self.changes
                        .record(previous.as_deref(), current.as_deref(), self.now);
                }
            }
        }
        for path in removed {
            let previous = self.store.remove(&path);
            if record && previous.is_some() {
                self.changes.record(previous.as_deref(), None, self.now);
            }
        }
        if !record
            && self.placed
            && self.panes[Pane::Calendar.index()].selected_id == self.placed_on
            && self.filter_is_empty(Pane::Calendar)
        {
            // More of the first load: events from this part may be the next
            // ones, so the calendar opens around now again (the user has not
            // moved in it yet).
            self.placed = false;
        }
        if ends_load {
            self.loaded_once = true;
            self.loading = None;
        }
        let board = self.store.merge(self.now);
        let mut unchanged = view::Unchanged::between(&self.board, &board);
        let zone_before = self.zones[self.zone_index];
        self.board = board;
        self.set_zones();
        // The calendar's days depend on the display zone as well as on the events.
        let zone = self.zones[self.zone_index];
        unchanged.0[0] &= zone == zone_before;
        self.views.rebuild_changed(&self.board, &zone, unchanged);
        self.refresh();
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
        self.refresh();
        Effect::Redraw
    }

    /// The terminal was resized.
    pub fn on_resize(&mut self, width: u16, height: u16) -> Effect {
        self.size = (width, height);
        self.fit_all();
        // The detail's lines are wrapped to the width.
        self.rebuild_detail();
        Effect::Redraw
    }

    /// How long until the board clock's next minute boundary; `None` when frozen.
    pub fn until_next_tick(&self) -> Option<std::time::Duration> {
        if self.clock.is_frozen() {
            return None;
        }
        let now = self.clock.now();
        let into_minute = now.timestamp_millis().rem_euclid(60_000) as u64;
        Some(std::time::Duration::from_millis(60_000 - into_minute))
    }

    // ---- read access for the interface and for tests ----

    /// The merged board.
    pub fn board(&self) -> &Board {
        &self.board
    }

    /// The instant the view is computed for.
    pub fn now(&self) -> DateTime<Utc> {
        self.now
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

    pub fn page(&self) -> Option<Page> {
        self.page.map(|(p, _)| p)
    }

    pub fn detail(&self) -> Option<&Detail> {
        self.detail.as_ref()
    }

    pub fn searching(&self) -> bool {
        self.searching
    }

    /// The search text of a pane (empty: no filter).
    pub fn filter(&self, pane: Pane) -> &str {
        match pane {
            Pane::Calendar => &self.filters.calendar,
            Pane::Issues => &self.filters.issues,
            Pane::Strikes => &self.filters.strikes,
        }
    }

    pub fn views(&self) -> &Views {
        &self.views
    }

    pub fn pane_state(&self, pane: Pane) -> &PaneState {
        &self.panes[pane.index()]
    }

    /// The id of the selected record of a pane.
    pub fn selected_id(&self, pane: Pane) -> Option<&str> {
        self.panes[pane.index()].selected_id.as_deref()
    }

    /// The latest changes, newest first.
    pub fn changes(&self) -> impl Iterator<Item = &changes::Change> {
        self.changes.list.iter()
    }

    /// The display zone.
    pub fn zone(&self) -> &Zone {
        &self.zones[self.zone_index]
    }

    pub fn theme(&self) -> &Theme {
        &self.theme
    }

    pub fn config(&self) -> &Config {
        &self.config
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

    // ---- derived data ----

    /// The zones `t` cycles through: the starting zone, local time, then each of
    /// the board's clocks (each once).
    fn set_zones(&mut self) {
        let current = self.zones[self.zone_index];
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

    /// Recomputes everything derived from the board (after data changed).
    fn rebuild(&mut self) {
        let zone = self.zones[self.zone_index];
        self.views.rebuild(&self.board, &zone);
        self.refresh();
    }

    /// Recomputes what depends on filters, now and the zone, then puts every
    /// selection back on its record.
    pub(crate) fn refresh(&mut self) {
        let zone = self.zones[self.zone_index];
        self.views
            .refresh(&self.board, &self.filters, self.now, &zone);
        if self.map {
            self.views.refresh_map(&self.board, self.now);
        }
        for pane in Pane::ALL {
            self.reselect(pane);
        }
        if !self.placed && !self.views.agenda.events.is_empty() {
            self.place_calendar_at_now();
            self.placed = true;
        }
        self.fit_all();
        self.rebuild_detail();
    }

    /// The number of records a pane lists.
    pub fn list_len(&self, pane: Pane) -> usize {
        match pane {
            Pane::Calendar => self.views.agenda.events.len(),
            Pane::Issues => self.views.issues.len(),
            Pane::Strikes => self.views.strikes.len(),
        }
    }

    /// The id of the record at a position of a pane's list.
    pub fn id_at(&self, pane: Pane, pos: usize) -> Option<&str> {
        match pane {
            Pane::Calendar => self
                .views
                .agenda
                .events
                .get(pos)
                .map(|&i| self.board.events[i as usize].id.as_str()),
            Pane::Issues => self
                .views
                .issues
                .get(pos)
                .map(|&i| self.board.issues[i as usize].id.as_str()),
            Pane::Strikes => self
                .views
                .strikes
                .get(pos)
                .map(|&i| self.board.strikes[i as usize].id.as_str()),
        }
    }

    /// Puts a pane's selection back on the record it was on, by id; when that
    /// record is gone (or filtered out) the selection stays at the same place.
    pub(crate) fn reselect(&mut self, pane: Pane) {
        let len = self.list_len(pane);
        let state = &self.panes[pane.index()];
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
        let state = &mut self.panes[pane.index()];
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
        match pane {
            Pane::Calendar => {
                let index = self.views.event_index(&self.board, id)?;
                self.views.agenda.events.iter().position(|&i| i == index)
            }
            Pane::Issues => {
                let index = self.views.issue_index(&self.board, id)?;
                self.views.issues.iter().position(|&i| i == index)
            }
            Pane::Strikes => {
                let index = self.views.strike_index(&self.board, id)?;
                self.views.strikes.iter().position(|&i| i == index)
            }
        }
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
        let height = crate::ui::list_height(self, Pane::Calendar).max(1);
        let anchor = self.views.agenda.now_row.unwrap_or(0);
        let mut offset = anchor.saturating_sub(height / 3);
        // Start the view on a day heading when one is just above.
        let rows = &self.views.agenda.rows;
        if let Some(back) = (0..=2)
            .find(|b| offset >= *b && matches!(rows.get(offset - b), Some(AgendaRow::Day(_))))
        {
            offset -= back;
        }
        let state = &mut self.panes[0];
        state.selected = pos;
        state.selected_id = id.clone();
        state.offset = offset;
        self.placed_on = id;
    }

    /// The list row of a pane's selection.
    pub fn selected_row(&self, pane: Pane) -> usize {
        let selected = self.panes[pane.index()].selected;
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
        for pane in Pane::ALL {
            let height = crate::ui::list_height(self, pane);
            let row = self.selected_row(pane);
            let rows = self.row_count(pane);
            let state = &mut self.panes[pane.index()];
            state.offset = fit_offset(state.offset, row, height, rows, pane == Pane::Calendar);
        }
    }

    /// Where a record is written: `FILE:LINE` of its table header (the first file
    /// in path order that has it, as the board does).
    pub fn record_source(&self, kind: Kind, id: &str) -> Option<String> {
        for path in self.store.paths() {
            let Some(good) = self.store.good(path) else {
                continue;
            };
            let pos = match kind {
                Kind::Event => good.events.iter().find(|r| r.id == id).map(|r| r.pos),
                Kind::Issue => good.issues.iter().find(|r| r.id == id).map(|r| r.pos),
                Kind::Strike => good.strikes.iter().find(|r| r.id == id).map(|r| r.pos),
            };
            if let Some(pos) = pos {
                // A path comes from the file system, not a file's text: clean it.
                let file = crate::load::sanitize::line(&path.display().to_string());
                return Some(format!("{file}:{}", pos.line));
            }
        }
        None
    }

    /// Rebuilds the lines of the open detail (the record may have changed or gone).
    pub(crate) fn rebuild_detail(&mut self) {
        let Some(detail) = &self.detail else { return };
        let (kind, id, scroll) = (detail.kind, detail.id.clone(), detail.scroll);
        let (lines, gone) = crate::ui::detail::build(self, kind, &id);
        self.detail = Some(Detail {
            kind,
            id,
            gone,
            lines,
            scroll,
        });
    }
}

/// The first visible row so that `row` is visible in `height` rows (the day
/// heading just above a calendar event is kept in view too).
pub fn fit_offset(offset: usize, row: usize, height: usize, rows: usize, heading: bool) -> usize {
    if height == 0 {
        // Nothing is visible (a tiny terminal): keep the place for when it grows.
        return offset;
    }
    let top = if heading { row.saturating_sub(1) } else { row };
    let mut offset = offset.min(rows.saturating_sub(height));
    if top < offset {
        offset = top;
    }
    if row >= offset + height {
        offset = row + 1 - height;
    }
    offset
}
