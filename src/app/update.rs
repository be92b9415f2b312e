//! Keys and mouse → actions → state changes.

use crossterm::event::{
    KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};

use super::{App, Copying, Detail, Effect, Page, Pane, Scroll};
use crate::config::keys::Action;

impl App {
    /// A key press.
    pub fn on_key(&mut self, key: KeyEvent) -> Effect {
        if key.kind == KeyEventKind::Release {
            return Effect::None;
        }
        // Any key holds a rotating wall still for a while, and still works.
        self.pause_rotation();
        if self.searching {
            if let Some(effect) = self.search_key(&key) {
                return effect;
            }
        }
        if let Some(effect) = self.copy_key(&key) {
            return effect;
        }
        match self.config.keys.action(&key) {
            Some(action) => self.act(action),
            None => Effect::None,
        }
    }

    /// Copying a source: after `y` on a record with several, a digit picks
    /// source N; any other key cancels and does what it always does. A copy
    /// notice goes away with the next key.
    fn copy_key(&mut self, key: &KeyEvent) -> Option<Effect> {
        let detail = self.detail.as_mut()?;
        let was = std::mem::take(&mut detail.copy);
        if was == Copying::Idle {
            return None;
        }
        if was == Copying::Choosing {
            let (kind, id) = (detail.kind, detail.id.clone());
            let count = self.sources_of(kind, &id).len();
            if let KeyCode::Char(c @ '1'..='9') = key.code {
                let n = c as usize - '0' as usize;
                if n <= count {
                    if let Some(detail) = self.detail.as_mut() {
                        detail.copy = Copying::Copied(u8::try_from(n).unwrap_or(1));
                    }
                    self.clipboard = self
                        .sources_of(kind, &id)
                        .get(n - 1)
                        .map(|s| (*s).to_string());
                    return Some(Effect::Redraw);
                }
            }
        }
        // The prompt or the notice goes away; the key still does its work.
        let effect = match self.config.keys.action(key) {
            Some(action) => self.act(action),
            None => Effect::None,
        };
        Some(if effect == Effect::None {
            Effect::Redraw
        } else {
            effect
        })
    }

    /// Typing into the search line: characters edit the query, Enter keeps the
    /// filter, Esc drops it. Other keys (arrows, Ctrl-C) fall through to the table.
    fn search_key(&mut self, key: &KeyEvent) -> Option<Effect> {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        let filter = &mut self.filters[self.focus];
        match key.code {
            KeyCode::Char(c) if !ctrl && !c.is_control() => filter.push(c),
            KeyCode::Backspace => {
                filter.pop();
            }
            KeyCode::Char('u') if ctrl => filter.clear(),
            KeyCode::Enter => {
                self.searching = false;
                return Some(Effect::Redraw);
            }
            KeyCode::Esc => {
                self.searching = false;
                filter.clear();
            }
            _ => return None,
        }
        self.apply_filter();
        Some(Effect::Redraw)
    }

    /// A new filter: the list changes; the selection stays on its record when it
    /// still matches, else goes to the first match.
    fn apply_filter(&mut self) {
        let pane = self.focus;
        // Only the focused pane's list depends on its filter.
        let zone = self.zone();
        self.views
            .refresh_list(&self.board, pane, &self.filters[pane], self.now, &zone);
        if pane == Pane::Strikes {
            self.apply_region_filter();
        }
        if pane == Pane::Strikes && self.map {
            self.refresh_map();
        }
        self.reselect(pane);
        let state = &self.panes[pane];
        let still_there = state
            .selected_id
            .as_deref()
            .is_some_and(|id| self.id_at(pane, state.selected) == Some(id));
        if !still_there {
            let id = self.id_at(pane, 0).map(str::to_string);
            let state = &mut self.panes[pane];
            state.selected = 0;
            state.offset = 0;
            if id.is_some() {
                state.selected_id = id;
            }
        }
        self.fit_all();
    }

    /// Does what an action asks in the current view.
    pub fn act(&mut self, action: Action) -> Effect {
        match action {
            Action::Quit => return Effect::Quit,
            Action::Suspend => return Effect::Suspend,
            Action::Reload => return Effect::ReloadAll,
            Action::Dismiss => return self.dismiss(),
            Action::CycleZone if self.present.is_some() => {
                self.zone_index = (self.zone_index + 1) % self.zones.len();
            }
            _ if self.present.is_some() => return self.present_action(action),
            Action::Present => return self.start_presenting(),
            Action::NextSlide | Action::PrevSlide => return Effect::None,
            Action::Help => self.toggle_page(Page::Help),
            Action::Problems => self.toggle_page(Page::Problems),
            Action::Changes => self.toggle_page(Page::Changes),
            Action::History => self.toggle_history(),
            Action::Older => return self.step(true),
            Action::Newer => return self.step(false),
            Action::MarkSeen => {
                self.changes.mark_all_seen();
                return Effect::MarkedSeen;
            }
            Action::CycleZone => {
                self.zone_index = (self.zone_index + 1) % self.zones.len();
                let zone = self.zone();
                self.views.sort_events(&self.board, &zone);
                self.refresh();
            }
            Action::Back => return self.back(),
            _ if self.page.is_some() => return self.page_action(action),
            _ if self.detail.is_some() => return self.detail_action(action),
            _ => return self.board_action(action),
        }
        Effect::Redraw
    }

    fn toggle_page(&mut self, page: Page) {
        self.change_selected = 0;
        self.page = match self.page.take() {
            Some((p, _)) if p == page => None,
            _ => Some((page, Scroll::default())),
        };
    }

    /// `Esc`: closes the innermost thing open.
    fn back(&mut self) -> Effect {
        if matches!(self.page, Some((Page::Commit, _))) {
            self.page = Some((Page::History, Scroll::default()));
            return Effect::Redraw;
        }
        if self.page.take().is_some() || self.detail.take().is_some() {
            return Effect::Redraw;
        }
        if self.map {
            self.map = false;
        } else if self.region_filter.is_some() && self.focus == Pane::Strikes {
            self.region_filter = None;
            self.views.forget_list(Pane::Strikes);
            self.refresh();
        } else if self.zoomed {
            self.zoomed = false;
        } else if !self.filter(self.focus).is_empty() {
            self.filters[self.focus].clear();
            self.apply_filter();
        } else {
            return self.show_live();
        }
        self.fit_all();
        Effect::Redraw
    }

    /// Rows of text a page or a detail shows at once (the body area).
    pub(super) fn page_height(&self) -> usize {
        self.screen().body_height().max(1)
    }

    fn page_action(&mut self, action: Action) -> Effect {
        let height = self.page_height();
        if matches!(self.page, Some((Page::History, _))) {
            let step = isize::try_from(height).unwrap_or(isize::MAX);
            match action {
                Action::Up => self.history_move(-1),
                Action::Down => self.history_move(1),
                Action::PageUp => self.history_move(-step),
                Action::PageDown => self.history_move(step),
                Action::Top => self.history_move(isize::MIN / 2),
                Action::Bottom => self.history_move(isize::MAX / 2),
                Action::Open => self.open_commit(),
                _ => return Effect::None,
            }
            return Effect::Redraw;
        }
        if matches!(self.page, Some((Page::Changes, _))) && !self.changes.list.is_empty() {
            return self.change_list_action(action, height);
        }
        let Some((_, scroll)) = &mut self.page else {
            return Effect::None;
        };
        let step = isize::try_from(height).unwrap_or(isize::MAX);
        match action {
            Action::Up => scroll.by(-1, height),
            Action::Down => scroll.by(1, height),
            Action::PageUp => scroll.by(-step, height),
            Action::PageDown => scroll.by(step, height),
            Action::Top => scroll.to_top(),
            Action::Bottom => scroll.to_bottom(height),
            _ => return Effect::None,
        }
        Effect::Redraw
    }

    /// The change list: ↑↓, `PgUp`, `PgDn`, Home and End select an entry, Enter opens its
    /// record (or says it is no longer on the board).
    fn change_list_action(&mut self, action: Action, height: usize) -> Effect {
        let last = self.changes.list.len() - 1;
        let selected = self.change_selected.min(last);
        let step = height.max(1);
        self.change_selected = match action {
            Action::Up => selected.saturating_sub(1),
            Action::Down => (selected + 1).min(last),
            Action::PageUp => selected.saturating_sub(step),
            Action::PageDown => (selected + step).min(last),
            Action::Top => 0,
            Action::Bottom => last,
            Action::Open => {
                let change = &self.changes.list[selected];
                let (kind, id) = (change.kind, change.id.clone());
                let gone = !self.board.has(kind, &id);
                self.page = None;
                self.detail = Some(Detail {
                    kind,
                    id,
                    gone,
                    scroll: Scroll::default(),
                    copy: Copying::Idle,
                });
                return Effect::Redraw;
            }
            _ => return Effect::None,
        };
        if let Some((_, scroll)) = &mut self.page {
            scroll.show(self.change_selected, height);
        }
        Effect::Redraw
    }

    /// In a detail, ↑↓ step to the previous / next record of the list (the
    /// briefer's "step through"); PgUp/PgDn/Home/End scroll a long detail.
    fn detail_action(&mut self, action: Action) -> Effect {
        let height = self.page_height();
        let Some(detail) = &mut self.detail else {
            return Effect::None;
        };
        // A page less one line, so the last line read stays in view.
        let step = isize::try_from(height.saturating_sub(1).max(1)).unwrap_or(isize::MAX);
        if action == Action::CopySource {
            let (kind, id) = (detail.kind, detail.id.clone());
            let count = self.sources_of(kind, &id).len();
            let Some(detail) = &mut self.detail else {
                return Effect::None;
            };
            detail.copy = match count {
                0 => return Effect::None,
                1 => Copying::Copied(1),
                _ => Copying::Choosing,
            };
            if count == 1 {
                self.clipboard = self.sources_of(kind, &id).first().map(|s| (*s).to_string());
            }
            return Effect::Redraw;
        }
        match action {
            Action::PageUp => detail.scroll.by(-step, height),
            Action::PageDown => detail.scroll.by(step, height),
            Action::Top => detail.scroll.to_top(),
            Action::Bottom => detail.scroll.to_bottom(height),
            Action::Up | Action::Down => {
                self.move_selection(self.focus, if action == Action::Up { -1 } else { 1 });
                self.open_selected();
            }
            _ => return Effect::None,
        }
        Effect::Redraw
    }

    fn board_action(&mut self, action: Action) -> Effect {
        let pane = self.focus;
        let height = isize::try_from(self.screen().list_height(pane).max(2)).unwrap_or(2);
        match action {
            Action::NextPane => self.focus_pane(pane.after(1)),
            Action::PrevPane => self.focus_pane(pane.after(2)),
            Action::FocusCalendar => self.focus_pane(Pane::Calendar),
            Action::FocusIssues => self.focus_pane(Pane::Issues),
            Action::FocusStrikes => self.focus_pane(Pane::Strikes),
            Action::Up if self.map && pane == Pane::Strikes => self.move_map_cursor(false),
            Action::Down if self.map && pane == Pane::Strikes => self.move_map_cursor(true),
            Action::MapShade if self.map => {
                self.map_state.shade = self.map_state.shade.next();
                self.refresh_map();
            }
            Action::ZoomIn if self.map => {
                self.map_state.zoom = (self.map_state.zoom + 1).min(super::map::MAX_ZOOM);
            }
            Action::ZoomOut if self.map => {
                self.map_state.zoom = self.map_state.zoom.saturating_sub(1);
            }
            Action::MapRegion if self.map => {
                let Some(region) = self.map_cursor_region() else {
                    return Effect::None;
                };
                self.region_filter = Some(region);
                self.map = false;
                self.views.forget_list(Pane::Strikes);
                self.refresh();
            }
            Action::Up => self.move_selection(pane, -1),
            Action::Down => self.move_selection(pane, 1),
            Action::PageUp => self.move_selection(pane, -(height - 1)),
            Action::PageDown => self.move_selection(pane, height - 1),
            Action::Top => self.move_selection(pane, isize::MIN / 2),
            Action::Bottom => self.move_selection(pane, isize::MAX / 2),
            Action::Open => self.open_selected(),
            Action::Search => {
                self.searching = true;
                self.views.prepare_search(&self.board, pane);
            }
            Action::Zoom => self.zoomed = !self.zoomed,
            // From another pane, `m` goes to the Strikes map directly.
            Action::Map if pane == Pane::Strikes && self.map => self.map = false,
            Action::Map => {
                self.focus_pane(Pane::Strikes);
                self.map = true;
                self.refresh_map();
            }
            _ => return Effect::None,
        }
        self.fit_all();
        Effect::Redraw
    }

    fn focus_pane(&mut self, pane: Pane) {
        if self.focus != pane {
            self.searching = false;
        }
        self.focus = pane;
    }

    /// Moves the map's cursor to the next (or previous) strike the map shows.
    fn move_map_cursor(&mut self, forward: bool) {
        let pane = Pane::Strikes;
        let stops = &self.views.map.cursor_stops;
        let current = self.panes[pane].selected;
        let target = if forward {
            stops.iter().find(|&&p| p > current).or(stops.last())
        } else {
            stops.iter().rev().find(|&&p| p < current).or(stops.first())
        };
        if let Some(&target) = target {
            let at = |p: usize| isize::try_from(p).unwrap_or(isize::MAX);
            let delta = at(target) - at(current);
            self.move_selection(pane, delta);
        }
    }

    /// Moves a pane's selection by `delta` records (clamped to the list).
    pub(crate) fn move_selection(&mut self, pane: Pane, delta: isize) {
        let len = self.list_len(pane);
        if len == 0 {
            return;
        }
        let selected = self.panes[pane].selected;
        let target = selected.saturating_add_signed(delta).min(len - 1);
        let id = self.id_at(pane, target).map(str::to_string);
        let state = &mut self.panes[pane];
        state.selected = target;
        state.selected_id = id;
        self.fit_all();
    }

    /// Opens the detail of the focused pane's selected record.
    fn open_selected(&mut self) {
        let pane = self.focus;
        let Some(id) = self
            .id_at(pane, self.panes[pane].selected)
            .map(str::to_string)
        else {
            return;
        };
        self.detail = Some(Detail {
            kind: pane.kind(),
            id,
            gone: false,
            scroll: Scroll::default(),
            copy: Copying::Idle,
        });
    }

    /// The mouse (only sent when the config turns it on): a click focuses the pane
    /// under it and selects the row; the wheel moves the selection or scrolls.
    pub fn on_mouse(&mut self, ev: MouseEvent) -> Effect {
        let delta = match ev.kind {
            MouseEventKind::ScrollUp => -3,
            MouseEventKind::ScrollDown => 3,
            MouseEventKind::Down(MouseButton::Left) => 0,
            _ => return Effect::None,
        };
        if self.page.is_some() || self.detail.is_some() {
            if delta == 0 {
                return Effect::None;
            }
            let height = self.page_height();
            let ((Some((_, scroll)), _) | (None, Some(Detail { scroll, .. }))) =
                (&mut self.page, &mut self.detail)
            else {
                return Effect::None;
            };
            scroll.by(delta, height);
            return Effect::Redraw;
        }
        let Some((pane, row)) = self.screen().hit(ev.column, ev.row) else {
            return Effect::None;
        };
        self.focus_pane(pane);
        if delta != 0 {
            self.move_selection(pane, delta);
        } else if let Some(row) = row {
            let row = self.panes[pane].offset + row;
            let pos = match pane {
                Pane::Calendar => self.views.agenda.event_rows.iter().position(|&r| r == row),
                // On the wall every issue may take two rows.
                Pane::Issues => {
                    let row = row / self.rows_per_issue();
                    (row < self.list_len(pane)).then_some(row)
                }
                Pane::Strikes => (row < self.list_len(pane)).then_some(row),
            };
            if let Some(pos) = pos {
                let current = isize::try_from(self.panes[pane].selected).unwrap_or(0);
                let pos = isize::try_from(pos).unwrap_or(0);
                self.move_selection(pane, pos - current);
            }
        }
        Effect::Redraw
    }
}
