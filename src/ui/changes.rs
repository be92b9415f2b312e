//! What changed: the one-line strip under the header and the `c` page.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::text::{fit, one_line};
use super::theme::{Role, Theme};
use crate::app::App;

/// `changed 14:02 issue territory: negotiating → near-agreement  (+2 more, c)`.
pub fn strip(frame: &mut Frame, area: Rect, app: &App) {
    let theme = &Theme::of(app);
    let zone = app.zone();
    let recent: Vec<_> = app.recent_changes().collect();
    let Some(latest) = recent.first() else { return };
    let more = if recent.len() > 1 {
        format!("  (+{} more: c)", recent.len() - 1)
    } else {
        String::new()
    };
    let head = format!(
        " {} {} ",
        theme.glyph("◆", "*"),
        zone.at(latest.at).format("%H:%M")
    );
    let room = (area.width as usize).saturating_sub(super::text::width(&head) + more.len());
    let line = Line::from(vec![
        Span::styled(head, theme.strong(Role::Changed)),
        Span::styled(
            fit(
                &theme.punct(&one_line(&latest.text)),
                room,
                theme.ellipsis(),
            ),
            theme.bold(),
        ),
        Span::styled(more, theme.muted()),
    ]);
    frame
        .buffer_mut()
        .set_line(area.x, area.y, &line, area.width);
}

/// Every remembered change, newest first, with its time in the display zone.
pub fn lines(app: &App) -> Vec<Line<'static>> {
    let theme = &Theme::of(app);
    let zone = app.zone();
    let mut out: Vec<Line<'static>> = Vec::new();
    if app.changes().next().is_none() {
        out.push(Line::from(Span::styled(
            "No changes since the board opened.",
            theme.muted(),
        )));
        return out;
    }
    let selected = app.change_selected();
    for (n, change) in app.changes().enumerate() {
        let fresh = app.now() - change.at < app.config().highlight_for;
        let mut line = Line::from(vec![
            Span::styled(
                format!("{} ", zone.at(change.at).format("%d %b %H:%M")),
                if fresh {
                    theme.strong(Role::Changed)
                } else {
                    theme.muted()
                },
            ),
            Span::raw(theme.punct(&one_line(&change.text))),
        ]);
        if n == selected {
            // Enter opens this one's record.
            line = line.patch_style(theme.selected());
        }
        out.push(line);
    }
    out
}

pub fn render(frame: &mut Frame, area: Rect, app: &App) {
    let block = super::page_block(app, "Latest changes");
    let inner = block.inner(area);
    frame.render_widget(block, area);
    super::render_scrolled(frame, inner, &lines(app), app.page_scroll());
}
