//! Drawing: a pure function of the [`App`]'s state.
//!
//! No file reads, clock reads, sorting or filtering happen here; the lists are
//! prepared by [`crate::app::view`], where everything goes is
//! [`crate::layout`]'s, and only the rows that fit are built. Pages and details
//! are built here, for the frame being drawn; they report their length back to
//! the state's [`crate::app::Scroll`] so the next key knows where they end.

pub mod calendar;
pub mod changes;
pub mod detail;
pub mod footer;
pub mod header;
pub mod help;
pub mod history;
pub mod issues;
pub mod map;
pub mod present;
pub mod problems;
pub mod search;
pub mod strikes;
pub mod text;
pub mod theme;
pub mod wall;

use std::fmt::Write as _;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use crate::app::{App, Pane, Scroll};
use crate::layout::{MIN_HEIGHT, MIN_WIDTH};
use theme::Theme;

/// Draws the whole screen.
pub fn draw(frame: &mut Frame, app: &App) {
    let area = frame.area();
    if let Some(present) = app.present() {
        present::render(frame, app, present);
        return;
    }
    let Some(a) = app.screen().areas(area) else {
        too_small(frame, area);
        return;
    };
    let theme = &Theme::of(app);
    if let (Some(top), Some(bottom), Some(text)) = (
        a.banner_top,
        a.banner_bottom,
        app.board().meta.classification.as_deref(),
    ) {
        header::banner(frame, top, text, theme);
        header::banner(frame, bottom, text, theme);
    }
    if let Some(rect) = a.alert {
        wall::alert_line(frame, rect, app);
    }
    if let Some(rect) = a.status {
        wall::status_lines(frame, rect, app);
    }
    if app.wall().is_some() {
        wall::big_header(frame, a.header, app);
    } else {
        header::render(frame, a.header, app);
    }
    if let Some(rect) = a.as_of {
        history::as_of_line(frame, rect, app);
    }
    if let Some(rect) = a.changes {
        changes::strip(frame, rect, app);
    }
    // A page (help, problems, changes) opens over a detail; Esc closes it first.
    if let Some(page) = app.page() {
        match page {
            crate::app::Page::Help => help::render(frame, a.body, app),
            crate::app::Page::Problems => problems::render(frame, a.body, app),
            crate::app::Page::Changes => changes::render(frame, a.body, app),
            crate::app::Page::History => history::render(frame, a.body, app),
            crate::app::Page::Commit => history::render_commit(frame, a.body, app),
        }
    } else if let Some(detail) = app.detail() {
        detail::render(frame, a.body, app, detail);
    } else {
        if let Some(tabs) = a.tabs {
            tab_line(frame, tabs, app);
        }
        for (pane, rect) in a.panes.iter() {
            let Some(rect) = *rect else {
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
    if a.footer.height > 0 {
        footer::render(frame, a.footer, app);
    }
}

/// Below the smallest size: a short note, cut to whatever fits.
pub fn too_small(frame: &mut Frame, area: Rect) {
    if area.width == 0 || area.height == 0 {
        return;
    }
    let note = format!("Terminal too small (need {MIN_WIDTH}x{MIN_HEIGHT})");
    frame.render_widget(Paragraph::new(note).wrap(Wrap { trim: true }), area);
}

/// `1 Calendar  2 Issues  3 Strikes`, the focused one reversed.
fn tab_line(frame: &mut Frame, area: Rect, app: &App) {
    let theme = &Theme::of(app);
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
    let errors = app.problem_count().errors;
    if errors > 0 {
        let key = app
            .config()
            .keys
            .key_label(crate::app::Action::Problems, Theme::of(app).ascii)
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
        Theme::of(app).muted(),
    );
}

/// `Calendar 14`, `Issues 3/25` when filtered; `Issues 10 · issues.toml broken,
/// last good 12:04` while the pane shows a broken file's kept copy.
pub fn pane_title(app: &App, pane: Pane) -> String {
    let shown = app.list_len(pane);
    let total = app.board().count(pane.kind());
    let mut title = if shown == total {
        format!("{} {}", pane.title(), total)
    } else {
        format!("{} {}/{}", pane.title(), shown, total)
    };
    let kept = app.kept_copies(pane);
    if let Some((name, saved)) = kept.first() {
        let zone = app.zone();
        let file = name.rsplit('/').next().unwrap_or(name);
        let _ = write!(title, " · {file} broken");
        if let Some(saved) = saved {
            let _ = write!(title, ", last good {}", zone.at(*saved).format("%H:%M"));
        }
        if kept.len() > 1 {
            let _ = write!(title, " (+{} more)", kept.len() - 1);
        }
    }
    title
}

/// A pane's frame: title (bold when focused), border (thick when focused).
pub fn pane_block<'a>(app: &App, pane: Pane, extra: Vec<Span<'a>>) -> Block<'a> {
    let theme = &Theme::of(app);
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
pub fn page_block<'a>(app: &App, title: &str) -> Block<'a> {
    let theme = &Theme::of(app);
    Block::default()
        .borders(Borders::ALL)
        .border_set(theme.border_set(true))
        .border_style(theme.border(true))
        .title(Span::styled(
            format!(" {title} "),
            theme.strong(theme::Role::Accent),
        ))
}

/// Draws a page's lines from where it is scrolled to, and tells the scroll how
/// long the page is (see [`Scroll`]). Returns the first line shown.
pub fn render_scrolled(
    frame: &mut Frame,
    area: Rect,
    lines: &[Line<'_>],
    scroll: Option<&Scroll>,
) -> usize {
    let height = usize::from(area.height);
    let Some(scroll) = scroll else {
        render_lines(frame, area, lines, 0);
        return 0;
    };
    scroll.drawn(lines.len());
    let top = scroll.top(height);
    render_lines(frame, area, lines, top);
    top
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
