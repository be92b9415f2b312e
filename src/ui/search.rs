//! The search line of the focused pane: `/ text▏  12 of 340`.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::text::fit;
use super::theme::{Role, Theme};
use crate::app::App;

pub fn render(frame: &mut Frame, area: Rect, app: &App) {
    let theme = &Theme::of(app);
    let pane = app.focus();
    let query = app.filter(pane);
    let shown = app.list_len(pane);
    let total = app.board().count(pane.kind());
    let count = format!("  {shown} of {total} {}", pane.title());
    let cursor = if app.searching() {
        theme.glyph("▏", "_")
    } else {
        ""
    };
    let room = (area.width as usize).saturating_sub(4 + count.len() + 1);
    let spans = vec![
        Span::styled(" / ", theme.strong(Role::Accent)),
        Span::styled(fit(query, room, theme.ellipsis()), theme.bold()),
        Span::styled(cursor, theme.strong(Role::Accent)),
        Span::styled(count, theme.muted()),
    ];
    frame
        .buffer_mut()
        .set_line(area.x, area.y, &Line::from(spans), area.width);
}
