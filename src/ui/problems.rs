//! The `p` page: every error and warning, `FILE:LINE:COL: level: message`.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::theme::{Role, Theme};
use crate::app::App;

/// One line per problem, errors in the error colour (and with the word "error").
pub fn lines(app: &App) -> Vec<Line<'static>> {
    let theme = &Theme::of(app);
    let problems = app.problems();
    if problems.is_empty() {
        return vec![Line::from(Span::styled(
            "No problems: every file loaded cleanly.",
            theme.fg(Role::Good),
        ))];
    }
    let count = app.problem_count();
    let width = (app.size().0 as usize).saturating_sub(2).max(20);
    let intro = format!(
        "{}. A file with errors is not applied; its last good version stays on the board.",
        count.describe()
    );
    let mut out: Vec<Line<'static>> = super::text::wrap(&intro, width)
        .into_iter()
        .map(|row| Line::from(Span::styled(row, theme.bold())))
        .collect();
    out.push(Line::from(""));
    for p in problems {
        let role = if p.is_error() { Role::Bad } else { Role::Warn };
        let text = format!(
            "{}:{}:{}: {}: {}",
            p.file,
            p.pos.line,
            p.pos.col,
            p.level.as_str(),
            super::text::one_line(&p.full_message())
        );
        // File names come from the file system, not from a file's text, so the
        // loader's sanitising never saw them: clean the whole line here.
        let text = crate::load::sanitize::line(&text);
        // Long messages wrap, indented, so FILE:LINE:COL stays at the left edge.
        for (i, row) in super::text::wrap(&text, width.saturating_sub(4))
            .into_iter()
            .enumerate()
        {
            let row = if i == 0 { row } else { format!("    {row}") };
            out.push(Line::from(Span::styled(
                row,
                if i == 0 {
                    theme.fg(role)
                } else {
                    Style::default()
                },
            )));
        }
    }
    out
}

pub fn render(frame: &mut Frame, area: Rect, app: &App) {
    let block = super::page_block(app, "Problems");
    let inner = block.inner(area);
    frame.render_widget(block, area);
    super::render_scrolled(frame, inner, &lines(app), app.page_scroll());
}
