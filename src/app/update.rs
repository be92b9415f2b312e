//! Keys and mouse → actions → state changes.

use crossterm::event::{
    KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};

use super::{App, Detail, Effect, Page, Pane};
use crate::config::keys::Action;

impl App {
    /// A key press.
    pub fn on_key(&mut self, key: KeyEvent) -> Effect {
        if key.kind == KeyEventKind::Release {
            return Effect::None;
        }
        if self.searching {
            if let Some(effect) = self.search_key(&key) {
                return effect;
            }
        }
        match self.config.keys.action(&key) {
            Some(action) => self.act(action),
            None => Effect::None,
        }
    }

    /// Typing into the search line: characters edit the query, Enter keeps the
    /// filter, Esc drops it. Other keys (arrows, Ctrl-C) fall through to the table.
    fn search_key(&mut self, key: &KeyEvent) -> Option<Effect> {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        match key.code {
            KeyCode::Char(c) if !ctrl && !c.is_control() => {
                self.filter_mut().push(c);
                self.apply_filter();
            }
            KeyCode::Backspace => {
                self.filter_mut().pop();
                self.apply_filter();
            }
            KeyCode::Char('u') if ctrl => {
                self.filter_mut().clear();
                self.apply_filter();
            }
            KeyCode::Enter => self.searching = false,
            KeyCode::Esc => {
                self.searching = false;
                self.filter_mut().clear();
                self.apply_filter();
            }
            _ => return None,
        }
        Some(Effect::Redraw)
    }

    fn filter_mut(&mut self) -> &mut String {
        match self.focus {
            Pane::Calendar => &mut self.filters.calendar,
            Pane::Issues => &mut self.filters.issues,
            Pane::Strikes => &mut self.filters.strikes,
        }
    }

    /// A new filter: the list changes; the selection stays on its record when it
    /// still matches, else goes to the first match.
    fn apply_filter(&mut self) {
        let pane = self.focus;
        // Only the focused pane's list depends on its filter.
        let zone = self.zones[self.zone_index];
        match pane {
            Pane::Calendar => {
                self.views
                    .refresh_calendar(&self.board, &self.filters.calendar, self.now, &zone)
            }
            Pane::Issues => self.views.refresh_issues(&self.board, &self.filters.issues),
            Pane::Strikes => {
                self.views
                    .refresh_strikes(&self.board, &self.filters.strikes);
                if self.map {
                    self.views.refresh_map(&self.board, self.now);
                }
            }
        }
        self.reselect(pane);
        let state = &self.panes[pane.index()];
        let still_there = state
            .selected_id
            .as_deref()
            .is_some_and(|id| self.id_at(pane, state.selected) == Some(id));
        if !still_there {
            let id = self.id_at(pane, 0).map(str::to_string);
            let state = &mut self.panes[pane.index()];
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
        use Action::*;
        match action {
            Quit => return Effect::Quit,
            Suspend => return Effect::Suspend,
            Reload => return Effect::ReloadAll,
            Help => self.toggle_page(Page::Help),
            Problems => self.toggle_page(Page::Problems),
            Changes => self.toggle_page(Page::Changes),
            CycleZone => {
                self.zone_index = (self.zone_index + 1) % self.zones.len();
                let zone = self.zones[self.zone_index];
                self.views.sort_events(&self.board, &zone);
                self.refresh();
            }
            Back => return self.back(),
            _ if self.page.is_some() => return self.page_action(action),
            _ if self.detail.is_some() => return self.detail_action(action),
            _ => return self.board_action(action),
        }
        Effect::Redraw
    }

    fn toggle_page(&mut self, page: Page) {
        self.page = match self.page {
            Some((p, _)) if p == page => None,
            _ => Some((page, 0)),
        };
    }

    /// `Esc`: closes the innermost thing open.
    fn back(&mut self) -> Effect {
        if self.page.take().is_some() || self.detail.take().is_some() {
            return Effect::Redraw;
        }
        if self.map {
            self.map = false;
        } else if self.zoomed {
            self.zoomed = false;
        } else if !self.filter(self.focus).is_empty() {
            self.filter_mut().clear();
            self.apply_filter();
        } else {
            return Effect::None;
        }
        self.fit_all();
        Effect::Redraw
    }

    /// The number of lines a page has (for scrolling).
    fn page_len(&self, page: Page) -> usize {
        match page {
            Page::Help => crate::ui::help::lines(self).len(),
            Page::Problems => crate::ui::problems::lines(self).len(),
            Page::Changes => crate::ui::changes::lines(self).len(),
        }
    }

    /// Rows of text a page shows at once (the body area).
    fn page_height(&self) -> usize {
        crate::ui::body_height(self).max(1)
    }

    fn page_action(&mut self, action: Action) -> Effect {
        let Some((page, scroll)) = self.page else {
            return Effect::None;
        };
        let height = self.page_height();
        let last = self.page_len(page).saturating_sub(height);
        let scroll = match action {
            Action::Up => scroll.saturating_sub(1),
            Action::Down => (scroll + 1).min(last),
            Action::PageUp => scroll.saturating_sub(height),
            Action::PageDown => (scroll + height).min(last),
            Action::Top => 0,
            Action::Bottom => last,
            _ => return Effect::None,
        };
        self.page = Some((page, scroll));
        Effect::Redraw
    }

    /// In a detail, ↑↓ step to the previous / next record of the list (the
    /// briefer's "step through"); PgUp/PgDn/Home/End scroll a long detail.
    fn detail_action(&mut self, action: Action) -> Effect {
        let height = self.page_height();
        let Some(detail) = &mut self.detail else {
            return Effect::None;
        };
        let last = detail.lines.len().saturating_sub(height);
        match action {
            Action::PageUp => {
                detail.scroll = detail
                    .scroll
                    .saturating_sub(height.saturating_sub(1).max(1))
            }
            Action::PageDown => {
                detail.scroll = (detail.scroll + height.saturating_sub(1).max(1)).min(last)
            }
            Action::Top => detail.scroll = 0,
            Action::Bottom => detail.scroll = last,
            Action::Up | Action::Down => {
                self.move_selection(self.focus, if action == Action::Up { -1 } else { 1 });
                self.open_selected();
            }
            _ => return Effect::None,
        }
        Effect::Redraw
    }

    fn board_action(&mut self, action: Action) -> Effect {
        use Action::*;
        let pane = self.focus;
        let height = crate::ui::list_height(self, pane).max(2) as isize;
        match action {
            NextPane => self.focus_pane(next(pane, 1)),
            PrevPane => self.focus_pane(next(pane, 2)),
            FocusCalendar => self.focus_pane(Pane::Calendar),
            FocusIssues => self.focus_pane(Pane::Issues),
            FocusStrikes => self.focus_pane(Pane::Strikes),
            Up => self.move_selection(pane, -1),
            Down => self.move_selection(pane, 1),
            PageUp => self.move_selection(pane, -(height - 1)),
            PageDown => self.move_selection(pane, height - 1),
            Top => self.move_selection(pane, isize::MIN / 2),
            Bottom => self.move_selection(pane, isize::MAX / 2),
            Open => self.open_selected(),
            Search => {
                self.searching = true;
                self.views.prepare_search(&self.board, pane.index());
            }
            Zoom => self.zoomed = !self.zoomed,
            // From another pane, `m` goes to the Strikes map directly.
            Map if pane == Pane::Strikes && self.map => self.map = false,
            Map => {
                self.focus_pane(Pane::Strikes);
                self.map = true;
                self.views.refresh_map(&self.board, self.now);
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

    /// Moves a pane's selection by `delta` records (clamped to the list).
    pub(crate) fn move_selection(&mut self, pane: Pane, delta: isize) {
        let len = self.list_len(pane);
        if len == 0 {
            return;
        }
        let state = &self.panes[pane.index()];
        let target = (state.selected as isize)
            .saturating_add(delta)
            .clamp(0, len as isize - 1) as usize;
        let id = self.id_at(pane, target).map(str::to_string);
        let state = &mut self.panes[pane.index()];
        state.selected = target;
        state.selected_id = id;
        self.fit_all();
    }

    /// Opens the detail of the focused pane's selected record.
    fn open_selected(&mut self) {
        let pane = self.focus;
        let Some(id) = self
            .id_at(pane, self.panes[pane.index()].selected)
            .map(str::to_string)
        else {
            return;
        };
        self.detail = Some(Detail {
            kind: pane.kind(),
            id,
            gone: false,
            lines: Vec::new(),
            scroll: 0,
        });
        self.rebuild_detail();
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
            let action = if delta < 0 { Action::Up } else { Action::Down };
            if delta == 0 {
                return Effect::None;
            }
            let height = crate::ui::body_height(self).max(1);
            for _ in 0..3 {
                if self.page.is_some() {
                    self.page_action(action);
                } else if let Some(d) = &mut self.detail {
                    let last = d.lines.len().saturating_sub(height);
                    d.scroll = if delta < 0 {
                        d.scroll.saturating_sub(1)
                    } else {
                        (d.scroll + 1).min(last)
                    };
                }
            }
            return Effect::Redraw;
        }
        let Some((pane, row)) = crate::ui::hit(self, ev.column, ev.row) else {
            return Effect::None;
        };
        self.focus_pane(pane);
        if delta != 0 {
            self.move_selection(pane, delta);
        } else if let Some(row) = row {
            let offset = self.panes[pane.index()].offset;
            let row = offset + row;
            let pos = match pane {
                Pane::Calendar => self.views.agenda.event_rows.iter().position(|&r| r == row),
                _ => (row < self.list_len(pane)).then_some(row),
            };
            if let Some(pos) = pos {
                let current = self.panes[pane.index()].selected as isize;
                self.move_selection(pane, pos as isize - current);
            }
        }
        Effect::Redraw
    }
}

fn next(pane: Pane, step: usize) -> Pane {
    Pane::ALL[(pane.index() + step) % 3]
}
