//! Drawing: a pure function of the [`App`]'s state.
//!
//! No file reads, clock reads, sorting or filtering happen here; the lists are
//! prepared by [`crate::app::view`] and only the rows that fit are built.
//!
//! The screen, top to bottom:
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

pub mod calendar;
pub mod changes;
pub mod detail;
pub mod footer;
pub mod header;
pub mod help;
pub mod issues;
pub mod map;
pub mod problems;
pub mod search;
pub mod strikes;
pub mod text;
pub mod theme;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use crate::app::{App, Pane};

/// Smallest size the board is drawn at; below it a short note is shown.
pub const MIN_WIDTH: u16 = 40;
pub const MIN_HEIGHT: u16 = 8;

/// Wide enough for three panes side by side.
const WIDE: u16 = 150;
/// Wide enough for the panes stacked (narrower: one pane with tabs).
const MEDIUM: u16 = 100;

/// Where everything goes on a screen of a given size.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Areas {
    pub banner_top: Option<Rect>,
    pub header: Rect,
    pub changes: Option<Rect>,
    /// Between the header lines and the footer lines.
    pub body: Rect,
    /// The tab line of the narrow layout.
    pub tabs: Option<Rect>,
    /// Each visible pane's outer rectangle.
    pub panes: [Option<Rect>; 3],
    pub search: Option<Rect>,
    pub footer: Rect,
    pub banner_bottom: Option<Rect>,
}

/// Lays out a screen; `None` when it is too small to draw the board.
pub fn areas(app: &App, area: Rect) -> Option<Areas> {
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        return None;
    }
    let mut a = Areas::default();
    let mut top = area.y;
    let mut bottom = area.y + area.height;
    let line = |y: u16| Rect::new(area.x, y, area.width, 1);
    if app.board().meta.classification.is_some() {
        a.banner_top = Some(line(top));
        top += 1;
        bottom -= 1;
        a.banner_bottom = Some(line(bottom));
    }
    a.header = line(top);
    top += 1;
    bottom -= 1;
    a.footer = line(bottom);
    if app
        .changes
        .recent(app.now(), app.config().highlight_for)
        .next()
        .is_some()
        && bottom - top > 8
    {
        a.changes = Some(line(top));
        top += 1;
    }
    let board_shown = app.page().is_none() && app.detail().is_none();
    if board_shown && (app.searching() || !app.filter(app.focus()).is_empty()) {
        bottom -= 1;
        a.search = Some(line(bottom));
    }
    a.body = Rect::new(area.x, top, area.width, bottom.saturating_sub(top));
    let body = a.body;
    if app.zoomed() {
        a.panes[app.focus().index()] = Some(body);
    } else if area.width >= WIDE {
        // Strikes rows carry the most columns (time, oblast, target, facility,
        // outage, damage), the calendar the longest titles.
        let w = body.width;
        let (c, i) = (w * 34 / 100, w * 30 / 100);
        a.panes[0] = Some(Rect::new(body.x, body.y, c, body.height));
        a.panes[1] = Some(Rect::new(body.x + c, body.y, i, body.height));
        a.panes[2] = Some(Rect::new(body.x + c + i, body.y, w - c - i, body.height));
    } else if area.width >= MEDIUM && body.height >= 15 {
        let h = body.height;
        let (c, i) = (h * 2 / 5, h * 3 / 10);
        a.panes[0] = Some(Rect::new(body.x, body.y, body.width, c));
        a.panes[1] = Some(Rect::new(body.x, body.y + c, body.width, i));
        a.panes[2] = Some(Rect::new(body.x, body.y + c + i, body.width, h - c - i));
    } else {
        a.tabs = Some(Rect::new(body.x, body.y, body.width, 1));
        a.panes[app.focus().index()] = Some(Rect::new(
            body.x,
            body.y + 1,
            body.width,
            body.height.saturating_sub(1),
        ));
    }
    Some(a)
}

fn screen(app: &App) -> Rect {
    Rect::new(0, 0, app.size().0, app.size().1)
}

/// Rows of list a pane shows at the current size (its focused-pane size when it
/// is not on screen, so scrolling is right the moment it appears).
pub fn list_height(app: &App, pane: Pane) -> usize {
    let Some(a) = areas(app, screen(app)) else {
        return 0;
    };
    let rect = a.panes[pane.index()]
        .or(a.panes[app.focus().index()])
        .unwrap_or(a.body);
    let inner = rect.height.saturating_sub(2) as usize;
    match pane {
        Pane::Strikes => strikes::list_height(inner),
        Pane::Issues => issues::list_height(inner),
        Pane::Calendar => inner,
    }
}

/// Rows of text the body shows (detail and pages scroll by it).
pub fn body_height(app: &App) -> usize {
    areas(app, screen(app)).map_or(0, |a| a.body.height.saturating_sub(2) as usize)
}

/// Which pane (and which list row within it, if any) is at a screen cell.
pub fn hit(app: &App, column: u16, row: u16) -> Option<(Pane, Option<usize>)> {
    let a = areas(app, screen(app))?;
    let at = ratatui::layout::Position::new(column, row);
    if let Some(tabs) = a.tabs.filter(|t| t.contains(at)) {
        let third = (tabs.width / 3).max(1);
        let pane = Pane::ALL[usize::from((column - tabs.x) / third).min(2)];
        return Some((pane, None));
    }
    for pane in Pane::ALL {
        let Some(rect) = a.panes[pane.index()] else {
            continue;
        };
        if !rect.contains(at) {
            continue;
        }
        let inner = rect.height.saturating_sub(2) as usize;
        let first = rect.y
            + 1
            + match pane {
                Pane::Strikes => (inner - strikes::list_height(inner)) as u16,
                Pane::Issues => (inner - issues::list_height(inner)) as u16,
                Pane::Calendar => 0,
            };
        let last = rect.y + rect.height.saturating_sub(1);
        let list_row = (row >= first && row < last && !(pane == Pane::Strikes && app.map_shown()))
            .then(|| usize::from(row - first));
        return Some((pane, list_row));
    }
    None
}

/// Draws the whole screen.
pub fn draw(frame: &mut Frame, app: &App) {
    let area = frame.area();
    let Some(a) = areas(app, area) else {
        too_small(frame, area);
        return;
    };
    let theme = app.theme();
    if let (Some(top), Some(bottom), Some(text)) = (
        a.banner_top,
        a.banner_bottom,
        app.board().meta.classification.as_deref(),
    ) {
        header::banner(frame, top, text, theme);
        header::banner(frame, bottom, text, theme);
    }
    header::render(frame, a.header, app);
    if let Some(rect) = a.changes {
        changes::strip(frame, rect, app);
    }
    // A page (help, problems, changes) opens over a detail; Esc closes it first.
    if let Some(page) = app.page() {
        match page {
            crate::app::Page::Help => help::render(frame, a.body, app),
            crate::app::Page::Problems => problems::render(frame, a.body, app),
            crate::app::Page::Changes => changes::render(frame, a.body, app),
        }
    } else if let Some(detail) = app.detail() {
        detail::render(frame, a.body, app, detail);
    } else {
        if let Some(tabs) = a.tabs {
            tab_line(frame, tabs, app);
        }
        for pane in Pane::ALL {
            let Some(rect) = a.panes[pane.index()] else {
                continue;
            };
            match pane {
                Pane::Calendar => calendar::render(frame, rect, app),
                Pane::Issues => issues::render(frame, rect, app),
                Pane::Strikes if app.map_shown() => map::render(frame, rect, app),
                Pane::Strikes => strikes::render(frame, rect, app),
            }
        }
    }
    if let Some(rect) = a.search {
        search::render(frame, rect, app);
    }
    footer::render(frame, a.footer, app);
}

/// Below the smallest size: a short note, cut to whatever fits.
fn too_small(frame: &mut Frame, area: Rect) {
    if area.width == 0 || area.height == 0 {
        return;
    }
    let note = format!("Terminal too small (need {MIN_WIDTH}x{MIN_HEIGHT})");
    frame.render_widget(Paragraph::new(note).wrap(Wrap { trim: true }), area);
}

/// `1 Calendar  2 Issues  3 Strikes`, the focused one reversed.
fn tab_line(frame: &mut Frame, area: Rect, app: &App) {
    let theme = app.theme();
    let mut spans = Vec::new();
    for pane in Pane::ALL {
        let label = format!(" {} {} ", pane.index() + 1, pane_title(app, pane));
        let style = if pane == app.focus() {
            theme.selected().patch(theme.bold())
        } else {
            theme.muted()
        };
        spans.push(Span::styled(label, style));
        spans.push(Span::raw(" "));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// What an empty pane says: why it is empty, and where to look when files are broken.
pub fn empty_note(app: &App, what: &str) -> String {
    if app.loading().is_some() {
        return format!("Loading {what}...");
    }
    if app.board().has_errors() {
        let errors = app.board().problem_count.errors;
        let key = app
            .config()
            .keys
            .key_label(crate::app::Action::Problems, app.theme().ascii)
            .unwrap_or_default();
        return format!(
            "No {what} on the board. {}: {key} lists them.",
            crate::model::problem::plural(errors, "error")
        );
    }
    format!("No {what} on the board.")
}

/// Writes the note of a pane with nothing to list on the first line of `area`:
/// why the board has no `plural` at all, or that no `singular` matches the search.
pub fn draw_empty_note(
    frame: &mut Frame,
    area: Rect,
    app: &App,
    pane: Pane,
    (plural, singular): (&str, &str),
) {
    let text = if app.filter(pane).is_empty() {
        empty_note(app, plural)
    } else {
        format!("No {singular} matches the search.")
    };
    frame.buffer_mut().set_stringn(
        area.x + 1,
        area.y,
        text,
        (area.width as usize).saturating_sub(1),
        app.theme().muted(),
    );
}

/// `Calendar 14`, `Issues 3/25` when filtered.
pub fn pane_title(app: &App, pane: Pane) -> String {
    let shown = app.list_len(pane);
    let total = match pane {
        Pane::Calendar => app.board().events.len(),
        Pane::Issues => app.board().issues.len(),
        Pane::Strikes => app.board().strikes.len(),
    };
    if shown == total {
        format!("{} {}", pane.title(), total)
    } else {
        format!("{} {}/{}", pane.title(), shown, total)
    }
}

/// A pane's frame: title (bold when focused), border (thick when focused).
pub fn pane_block<'a>(app: &App, pane: Pane, extra: Vec<Span<'a>>) -> Block<'a> {
    let theme = app.theme();
    let focused = pane == app.focus();
    let mut title = vec![Span::styled(
        format!(" {} ", pane_title(app, pane)),
        if focused {
            theme.strong(theme::Role::Accent)
        } else {
            theme.bold()
        },
    )];
    title.extend(extra);
    Block::default()
        .borders(Borders::ALL)
        .border_set(theme.border_set(focused))
        .border_style(theme.border(focused))
        .title(Line::from(title))
}

/// A full-body page frame (detail, help, problems, changes).
pub fn page_block<'a>(app: &App, title: String) -> Block<'a> {
    let theme = app.theme();
    Block::default()
        .borders(Borders::ALL)
        .border_set(theme.border_set(true))
        .border_style(theme.border(true))
        .title(Span::styled(
            format!(" {title} "),
            theme.strong(theme::Role::Accent),
        ))
}

/// Draws `lines` from `scroll` on, one per row (no wrapping: rows were cut to fit).
pub fn render_lines(frame: &mut Frame, area: Rect, lines: &[Line<'_>], scroll: usize) {
    // A page that got shorter while scrolled (a problem fixed) still shows its end.
    let scroll = scroll.min(lines.len().saturating_sub(area.height as usize));
    let buf = frame.buffer_mut();
    for (i, line) in lines
        .iter()
        .skip(scroll)
        .take(area.height as usize)
        .enumerate()
    {
        buf.set_line(area.x, area.y + i as u16, line, area.width);
    }
}

/// A row's style over its whole width (selection).
pub fn fill_row(frame: &mut Frame, area: Rect, y: u16, style: Style) {
    frame
        .buffer_mut()
        .set_style(Rect::new(area.x, y, area.width, 1), style);
}
