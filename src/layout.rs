//! Where everything goes on a screen: pure geometry, from the terminal's size and
//! a few flags to rectangles, list heights and hit tests.
//!
//! Both the state (to scroll and to turn a click into a row) and the drawing ask
//! this module; neither asks the other. The screen, top to bottom:
//!
//! ```text
//!  ┌──────────────────────────────────────────────────────────────────────────┐
//!  │ UNCLASSIFIED // EXAMPLE DATA                (banner, reversed, if set)   │
//!  │ Title · 12:00 UTC 14:00 EET · updated 12m ago · 2 errors    (header)     │
//!  │ changed 14:02 issue territory: negotiating → near-agreement (if recent)  │
//!  │ ≥150 cols:                     ≥100 cols:            <100 cols:          │
//!  │ ┌Calendar┐┌Issues┐┌Strikes┐    ┌Calendar────────┐    1 Calendar 2 Issues │
//!  │ │        ││      ││       │    └────────────────┘    ┌Calendar─────────┐ │
//!  │ │        ││      ││       │    ┌Issues──────────┐    │ one pane at a   │ │
//!  │ │        ││      ││       │    └────────────────┘    │ time            │ │
//!  │ └────────┘└──────┘└───────┘    ┌Strikes─────────┐    └─────────────────┘ │
//!  │                                └────────────────┘                        │
//!  │ / search text                               (while searching or filtered)│
//!  │ Tab pane  ↑↓ move  Enter open ...  ? help  q quit           (footer)     │
//!  │ UNCLASSIFIED // EXAMPLE DATA                (banner, reversed, if set)   │
//!  └──────────────────────────────────────────────────────────────────────────┘
//! ```
//!
//! `z` gives the focused pane the whole body; detail, help, problems and the
//! change list replace the body while open.
//!
//! The room ([`Room`]) adds lines at the top and may drop the footer:
//!
//! ```text
//!  │ UNCLASSIFIED // EXAMPLE DATA                (banner, if set)             │
//!  │ ALERT Big outage: strike S-2 ... (x dismiss)  (an alert until dismissed) │
//!  │ DATA STALE: newest file 2 days old            (wall: one line per state) │
//!  │ ▄▀▄ ▄▀▄ ▀ ▄▀▄ ▄▀▄  UTC   ▄▀▄ ▀ ▄▀▄ ▄▀▄  next  (wall: a 3-row header)     │
//!  │ ...                                                                      │
//!  │ (wall: no footer)                                                        │
//! ```

use ratatui::layout::{Position, Rect};

use crate::pane::{Pane, PerPane};

/// Smallest size the board is drawn at; below it a short note is shown.
pub const MIN_WIDTH: u16 = 40;
pub const MIN_HEIGHT: u16 = 8;

/// Wide enough for three panes side by side.
const WIDE: u16 = 150;
/// Wide enough for the panes stacked (narrower: one pane with tabs).
const MEDIUM: u16 = 100;

/// The lines the room's modes add (wall mode, alerts).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Room {
    /// An alert banner under the classification banner.
    pub alert_line: bool,
    /// Full-width state lines (stale data, broken files) under it.
    pub status_lines: u16,
    /// The wall's header: big digits, three rows.
    pub big_header: bool,
    /// No footer line of key hints (the wall).
    pub no_footer: bool,
}

/// Rows of the wall's big header.
pub const BIG_HEADER_ROWS: u16 = 3;

/// What the layout depends on: the terminal's size and what is shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Screen {
    pub width: u16,
    pub height: u16,
    /// A classification banner at the top and the bottom.
    pub banner: bool,
    /// The `AS OF` line under the header: the board shows the past.
    pub as_of: bool,
    /// Recent changes to show in a strip under the header.
    pub change_strip: bool,
    /// The search line above the footer (the board is shown and its focused
    /// pane is searched or filtered).
    pub search_line: bool,
    pub zoomed: bool,
    pub focus: Pane,
    /// The Strikes pane shows the map (its rows are not list rows).
    pub map: bool,
    /// Alert and wall lines.
    pub room: Room,
    /// Rows of list each pane holds (calendar rows with day headings), so
    /// stacked panes can share the height by content; `None`: fixed shares.
    pub content: Option<crate::pane::PerPane<usize>>,
}

/// Where everything goes on a screen of a given size.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Areas {
    pub banner_top: Option<Rect>,
    /// The alert line (while an alert is not dismissed).
    pub alert: Option<Rect>,
    /// The wall's state lines (stale data, broken files), one row each.
    pub status: Option<Rect>,
    pub header: Rect,
    /// `AS OF ...` under the header, when the board shows the past.
    pub as_of: Option<Rect>,
    pub changes: Option<Rect>,
    /// Between the header lines and the footer lines.
    pub body: Rect,
    /// The tab line of the narrow layout.
    pub tabs: Option<Rect>,
    /// Each visible pane's outer rectangle.
    pub panes: PerPane<Option<Rect>>,
    pub search: Option<Rect>,
    pub footer: Rect,
    pub banner_bottom: Option<Rect>,
}

impl Screen {
    /// The whole terminal.
    pub fn area(&self) -> Rect {
        Rect::new(0, 0, self.width, self.height)
    }

    /// Lays out the screen in `area`; `None` when it is too small to draw the board.
    pub fn areas(&self, area: Rect) -> Option<Areas> {
        if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
            return None;
        }
        let mut a = Areas::default();
        let mut top = area.y;
        let mut bottom = area.y + area.height;
        let line = |y: u16| Rect::new(area.x, y, area.width, 1);
        if self.banner {
            a.banner_top = Some(line(top));
            top += 1;
            bottom -= 1;
            a.banner_bottom = Some(line(bottom));
        }
        if self.room.alert_line {
            a.alert = Some(line(top));
            top += 1;
        }
        // The wall's state lines and big header give way on a short screen
        // before the panes do.
        let spare = bottom.saturating_sub(top);
        let status = self.room.status_lines.min(spare.saturating_sub(8));
        if status > 0 {
            a.status = Some(Rect::new(area.x, top, area.width, status));
            top += status;
        }
        let header_rows = if self.room.big_header && bottom.saturating_sub(top) >= 14 {
            BIG_HEADER_ROWS
        } else {
            1
        };
        a.header = Rect::new(area.x, top, area.width, header_rows);
        top += header_rows;
        if self.room.no_footer {
            a.footer = Rect::new(area.x, bottom, area.width, 0);
        } else {
            bottom -= 1;
            a.footer = line(bottom);
        }
        if self.as_of {
            a.as_of = Some(line(top));
            top += 1;
        }
        if self.change_strip && bottom - top > 8 {
            a.changes = Some(line(top));
            top += 1;
        }
        if self.search_line {
            bottom -= 1;
            a.search = Some(line(bottom));
        }
        a.body = Rect::new(area.x, top, area.width, bottom.saturating_sub(top));
        let body = a.body;
        if self.zoomed {
            a.panes[self.focus] = Some(body);
        } else if area.width >= WIDE {
            // Strikes rows carry the most columns (time, oblast, target, facility,
            // outage, damage), the calendar the longest titles.
            let w = body.width;
            let (c, i) = (w * 34 / 100, w * 30 / 100);
            a.panes.calendar = Some(Rect::new(body.x, body.y, c, body.height));
            a.panes.issues = Some(Rect::new(body.x + c, body.y, i, body.height));
            a.panes.strikes = Some(Rect::new(body.x + c + i, body.y, w - c - i, body.height));
        } else if area.width >= MEDIUM && body.height >= 15 {
            let h = body.height;
            let (c, i) = match &self.content {
                Some(content) => stacked_by_content(h, content),
                None => (h * 2 / 5, h * 3 / 10),
            };
            a.panes.calendar = Some(Rect::new(body.x, body.y, body.width, c));
            a.panes.issues = Some(Rect::new(body.x, body.y + c, body.width, i));
            a.panes.strikes = Some(Rect::new(body.x, body.y + c + i, body.width, h - c - i));
        } else {
            a.tabs = Some(Rect::new(body.x, body.y, body.width, 1));
            a.panes[self.focus] = Some(Rect::new(
                body.x,
                body.y + 1,
                body.width,
                body.height.saturating_sub(1),
            ));
        }
        Some(a)
    }

    /// Rows of list a pane shows (its focused-pane size when it is not on
    /// screen, so scrolling is right the moment it appears).
    pub fn list_height(&self, pane: Pane) -> usize {
        let Some(a) = self.areas(self.area()) else {
            return 0;
        };
        let rect = a.panes[pane].or(a.panes[self.focus]).unwrap_or(a.body);
        list_rows(pane, usize::from(rect.height.saturating_sub(2)))
    }

    /// Rows of text the body shows inside its frame (detail and pages scroll by it).
    pub fn body_height(&self) -> usize {
        self.areas(self.area())
            .map_or(0, |a| usize::from(a.body.height.saturating_sub(2)))
    }

    /// Which pane (and which list row within it, if any) is at a screen cell.
    pub fn hit(&self, column: u16, row: u16) -> Option<(Pane, Option<usize>)> {
        let a = self.areas(self.area())?;
        let at = Position::new(column, row);
        if let Some(tabs) = a.tabs.filter(|t| t.contains(at)) {
            let third = (tabs.width / 3).max(1);
            let pane = Pane::ALL[usize::from((column - tabs.x) / third).min(2)];
            return Some((pane, None));
        }
        for (pane, rect) in a.panes.iter() {
            let Some(rect) = rect.filter(|r| r.contains(at)) else {
                continue;
            };
            let inner = usize::from(rect.height.saturating_sub(2));
            // Rows above the list (summary, chart, column names) are not rows of it.
            let above = u16::try_from(inner - list_rows(pane, inner)).unwrap_or(0);
            let first = rect.y + 1 + above;
            let last = rect.y + rect.height.saturating_sub(1);
            let list_row = (row >= first && row < last && !(pane == Pane::Strikes && self.map))
                .then(|| usize::from(row - first));
            return Some((pane, list_row));
        }
        None
    }
}

/// Stacked panes' heights (calendar, issues; strikes take the rest): the fixed
/// shares (2/5, 3/10, 3/10), except that a pane whose content needs fewer rows
/// gives the rest to the panes that need more, the calendar first. No pane
/// gets fewer than 4 rows.
fn stacked_by_content(h: u16, content: &crate::pane::PerPane<usize>) -> (u16, u16) {
    const MIN: usize = 4;
    let h = usize::from(h);
    let share = [h * 2 / 5, h * 3 / 10, h - h * 2 / 5 - h * 3 / 10];
    // The least height (border included) whose list holds `rows`, up to `cap`.
    let need = |pane: Pane, rows: usize, cap: usize| {
        (MIN..=cap.max(MIN))
            .find(|height| list_rows(pane, height - 2) >= rows)
            .unwrap_or(cap.max(MIN))
    };
    let mut height = [0usize; 3];
    let mut spare = 0;
    for (k, pane) in Pane::ALL.iter().enumerate() {
        let wanted = need(*pane, content[*pane], share[k]).max(MIN);
        height[k] = share[k].min(wanted);
        spare += share[k] - height[k];
    }
    for (k, pane) in Pane::ALL.iter().enumerate() {
        let wanted = need(*pane, content[*pane], share[k] + spare).max(MIN);
        let more = wanted.saturating_sub(height[k]).min(spare);
        height[k] += more;
        spare -= more;
    }
    // Whatever no pane asked for stays with the strikes (their chart can use it).
    let to_u16 = |n: usize| u16::try_from(n).unwrap_or(u16::MAX);
    (to_u16(height[0]), to_u16(height[1]))
}

/// Rows left for a pane's list when `inner` rows are inside its border.
pub fn list_rows(pane: Pane, inner: usize) -> usize {
    match pane {
        Pane::Calendar => inner,
        Pane::Issues => inner - issue_header_rows(inner),
        Pane::Strikes => inner.saturating_sub(strike_overhead(inner)),
    }
}

/// The Issues pane's column-name row, when there is room for it.
pub fn issue_header_rows(inner: usize) -> usize {
    usize::from(inner >= 6)
}

/// The Strikes pane's rows under the summary line: the chart (fewer when short).
pub fn strike_chart_rows(inner: usize) -> usize {
    if inner >= 12 {
        3
    } else {
        usize::from(inner >= 6)
    }
}

/// The Strikes pane's column-name row, when there is room for it.
pub fn strike_header_rows(inner: usize) -> usize {
    usize::from(inner >= 8)
}

/// Rows the Strikes pane uses above its list: summary, chart, column names.
fn strike_overhead(inner: usize) -> usize {
    if inner >= 2 {
        1 + strike_chart_rows(inner) + strike_header_rows(inner)
    } else {
        0
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

#[cfg(test)]
mod tests {
    use super::*;

    fn screen(width: u16, height: u16) -> Screen {
        Screen {
            width,
            height,
            banner: false,
            as_of: false,
            change_strip: false,
            search_line: false,
            zoomed: false,
            focus: Pane::Issues,
            map: false,
            room: Room::default(),
            content: None,
        }
    }

    #[test]
    fn the_width_decides_columns_stacks_or_tabs() {
        let wide = screen(200, 60).areas(screen(200, 60).area());
        assert!(wide.is_some_and(|a| a.panes.iter().all(|(_, r)| r.is_some()) && a.tabs.is_none()));
        let narrow = screen(80, 24).areas(screen(80, 24).area());
        assert!(narrow.as_ref().is_some_and(|a| a.tabs.is_some()));
        assert!(narrow.is_some_and(|a| a.panes.calendar.is_none() && a.panes.issues.is_some()));
        assert!(screen(39, 24).areas(screen(39, 24).area()).is_none());
    }

    #[test]
    fn a_click_names_its_pane_and_list_row() {
        // 200x60: Issues is the middle column; border at y=1, names at y=2.
        let s = screen(200, 60);
        assert_eq!(s.hit(100, 3), Some((Pane::Issues, Some(0))));
        assert_eq!(s.hit(100, 2), Some((Pane::Issues, None)));
        assert_eq!(s.hit(0, 0), None, "the header is no pane");
    }

    #[test]
    fn offsets_keep_the_selection_and_its_day_heading_in_view() {
        assert_eq!(fit_offset(0, 30, 10, 100, false), 21);
        assert_eq!(fit_offset(25, 20, 10, 100, true), 19);
        assert_eq!(fit_offset(7, 3, 0, 100, false), 7, "nothing visible");
    }
}
