//! The `?` help: every key from the key table, and what the marks mean.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::text::cell;
use super::theme::{Role, Theme};
use crate::app::App;
use crate::model::EventStatus;

/// The help text, one row per binding of the key table, then a legend.
pub fn lines(app: &App) -> Vec<Line<'static>> {
    let theme = &Theme::of(app);
    let ascii = theme.ascii;
    let mut out = vec![Line::from(Span::styled("Keys", theme.strong(Role::Accent)))];
    for (keys, what) in app.config().keys.help_rows(ascii) {
        out.push(Line::from(vec![
            Span::styled(
                format!("  {}", cell(&keys, 16, theme.ellipsis())),
                theme.strong(Role::Accent),
            ),
            Span::raw(what),
        ]));
    }
    out.push(Line::from(""));
    out.push(Line::from(Span::styled(
        "Search",
        theme.strong(Role::Accent),
    )));
    out.push(Line::from(
        "  type to filter the focused pane (every word, any text field, any case);",
    ));
    out.push(Line::from("  Enter keeps the filter, Esc clears it."));
    out.push(Line::from(""));
    out.push(Line::from(Span::styled(
        "Marks",
        theme.strong(Role::Accent),
    )));
    let mut legend = vec![Span::raw("  ")];
    for status in EventStatus::ALL {
        let (glyph, style) = super::calendar::status_look(*status, theme);
        legend.push(Span::styled(format!("{glyph} "), style));
        legend.push(Span::raw(format!("{status}  ")));
    }
    out.push(Line::from(legend));
    out.push(Line::from(format!(
        "  + new, ~ changed since the previous load (marked for {})",
        crate::model::time::human_duration(app.config().highlight_for)
    )));
    out.push(Line::from(
        "  time TBA: only the day is known; times are in the zone shown in the Calendar title",
    ));
    out
}

pub fn render(frame: &mut Frame, area: Rect, app: &App) {
    let block = super::page_block(app, "Help");
    let inner = block.inner(area);
    frame.render_widget(block, area);
    super::render_scrolled(frame, inner, &lines(app), app.page_scroll());
}
