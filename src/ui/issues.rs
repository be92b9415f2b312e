//! The Issues pane: one row per issue, by priority then status.
//!
//! ```text
//! ┌ Issues 25 ─────────────────────────────────────────────────────────────┐
//! │ CRIT Territory: Donbas and the line of contact  ◐ negotiating   ███░░ 30%  2h │
//! ```

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};

use super::calendar::mark_span;
use super::text::{cell, cell_right, one_line, wrap};
use super::theme::{Role, Theme};
use crate::app::{App, Pane};
use crate::model::{Issue, IssueStatus, Kind, Priority};

/// Short word and style of a priority.
pub fn priority_look(priority: Priority, theme: &Theme) -> (&'static str, Style) {
    match priority {
        Priority::Critical => ("CRIT", theme.strong(Role::Bad)),
        Priority::High => ("HIGH", theme.fg(Role::Warn).add_modifier(Modifier::BOLD)),
        Priority::Medium => ("med", Style::default()),
        Priority::Low => ("low", theme.muted()),
    }
}

/// Glyph and style of an issue status.
pub fn status_look(status: IssueStatus, theme: &Theme) -> (&'static str, Style) {
    match status {
        IssueStatus::Open => (theme.glyph("○", "o"), Style::default()),
        IssueStatus::Negotiating => (theme.glyph("◐", "~"), theme.fg(Role::Accent)),
        IssueStatus::NearAgreement => (theme.glyph("◕", "+"), theme.fg(Role::Good)),
        IssueStatus::Agreed => (theme.glyph("●", "*"), theme.strong(Role::Good)),
        IssueStatus::Deadlocked => (theme.glyph("✗", "x"), theme.strong(Role::Bad)),
        IssueStatus::Shelved => (theme.glyph("–", "-"), theme.muted()),
    }
}

/// When an issue was last updated: `updated`, else its newest log entry.
pub fn last_update(issue: &Issue) -> Option<chrono::DateTime<chrono::Utc>> {
    let log = issue.log.iter().map(|l| l.date.at).max();
    match (issue.updated.map(|u| u.at), log) {
        (Some(a), Some(b)) => Some(a.max(b)),
        (a, b) => a.or(b),
    }
}

pub fn render(frame: &mut Frame, area: Rect, app: &App) {
    let theme = &Theme::of(app);
    let block = super::pane_block(app, Pane::Issues, Vec::new());
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if inner.height == 0 || inner.width == 0 {
        return;
    }
    let list = &app.views().issues;
    if list.is_empty() {
        super::draw_empty_note(frame, inner, app, Pane::Issues, ("issues", "issue"));
        return;
    }
    let head = crate::layout::issue_header_rows(inner.height as usize) as u16;
    if head > 0 {
        let line = header_line(app, inner.width as usize);
        frame
            .buffer_mut()
            .set_line(inner.x, inner.y, &line, inner.width);
    }
    let inner = Rect::new(inner.x, inner.y + head, inner.width, inner.height - head);
    let state = app.pane_state(Pane::Issues);
    let height = inner.height as usize;
    let offset = crate::layout::fit_offset(state.offset, state.selected, height, list.len(), false);
    // On the wall, when every issue fits in two rows, a long title wraps onto
    // a second row instead of being cut (no scrolling happens then, so the
    // state's one-row-per-issue positions stay right).
    let w = inner.width as usize;
    let two_rows = app.rows_per_issue() == 2;
    let title_w = IssueColumns::of(app, w).title_w;
    let mut y = inner.y;
    for (i, &index) in list.iter().enumerate().skip(offset).take(height) {
        if y >= inner.y + inner.height {
            break;
        }
        let issue = &app.board().issues[index as usize];
        let title = format!(
            "{}{}",
            super::wall::mark_word(app, app.mark(Kind::Issue, &issue.id)),
            one_line(&issue.title)
        );
        let rows = if two_rows && super::text::width(&title) > title_w {
            wrap(&title, title_w)
        } else {
            vec![title]
        };
        let line = issue_line(app, issue, w, &rows[0]);
        frame.buffer_mut().set_line(inner.x, y, &line, inner.width);
        let used = if two_rows { 2 } else { 1 };
        if rows.len() > 1 {
            let rest = rows[1..].join(" ");
            let text = format!(
                "{}{}",
                " ".repeat(6),
                cell(&rest, title_w, theme.ellipsis())
            );
            let style = if app.mark(Kind::Issue, &issue.id).is_some() {
                theme.strong(Role::Changed)
            } else {
                Style::default()
            };
            frame
                .buffer_mut()
                .set_stringn(inner.x, y + 1, text, w, style);
        }
        if i == state.selected {
            let style = if app.focus() == Pane::Issues {
                theme.selected()
            } else {
                Style::new().add_modifier(Modifier::UNDERLINED)
            };
            for row in 0..used {
                super::fill_row(frame, inner, y + row, style);
            }
        }
        y += used;
    }
}

/// Column widths of an issue row (narrow panes drop the bar, then the status word).
struct IssueColumns {
    title_w: usize,
    status_w: usize,
    bar_w: usize,
    /// Zoomed (`z`): owner, tags, updated, when there is room for them.
    extra: [usize; 3],
}

/// The columns zoom adds to issues, with their widths.
const EXTRAS: [(&str, usize); 3] = [("owner", 14), ("tags", 22), ("updated", 12)];

impl IssueColumns {
    fn for_width(w: usize) -> IssueColumns {
        let bar_w = if w >= 90 {
            10
        } else if w >= 64 {
            6
        } else {
            0
        };
        let status_w = if w >= 56 { 16 } else { 2 };
        let fixed = 1 + 5 + 1 + status_w + 1 + if bar_w > 0 { bar_w + 1 } else { 0 } + 4 + 1 + 4;
        IssueColumns {
            title_w: w.saturating_sub(fixed),
            status_w,
            bar_w,
            extra: [0; 3],
        }
    }

    /// The columns for the pane as shown: zoomed, the title gives room to
    /// owner, tags and updated while it keeps 30 cells.
    fn of(app: &App, w: usize) -> IssueColumns {
        let mut c = IssueColumns::for_width(w);
        if app.zoomed() && app.focus() == crate::pane::Pane::Issues {
            for (k, (_, width)) in EXTRAS.iter().enumerate() {
                if c.title_w > 30 + width {
                    c.extra[k] = *width;
                    c.title_w -= width + 1;
                }
            }
        }
        c
    }
}

fn header_line(app: &App, w: usize) -> Line<'static> {
    let c = IssueColumns::of(app, w);
    let mut text = format!(" {}{} ", cell("prio", 5, ""), cell("issue", c.title_w, ""));
    text.push_str(&cell(
        if c.status_w > 2 { "status" } else { "" },
        c.status_w,
        "",
    ));
    text.push(' ');
    if c.bar_w > 0 {
        // The name spans the bar and the percentage: never cut to "progre".
        text.push_str(&cell("progress", c.bar_w + 1 + 4, ""));
    } else {
        text.push_str(&cell_right("done", 4, ""));
    }
    text.push(' ');
    text.push_str(&cell_right("upd", 4, ""));
    for (k, (name, _)) in EXTRAS.iter().enumerate() {
        if c.extra[k] > 0 {
            text.push(' ');
            text.push_str(&cell(name, c.extra[k], ""));
        }
    }
    Line::from(Span::styled(
        text,
        Theme::of(app).muted().add_modifier(Modifier::UNDERLINED),
    ))
}

/// One issue's row; `title` is its title as shown (with the wall's mark word).
fn issue_line(app: &App, issue: &Issue, w: usize, title: &str) -> Line<'static> {
    let theme = &Theme::of(app);
    let ell = theme.ellipsis();
    let now = app.now();
    let mark = app.mark(Kind::Issue, &issue.id);
    let (prio, prio_style) = priority_look(issue.priority, theme);
    let (glyph, status_style) = status_look(issue.status, theme);
    let IssueColumns {
        title_w: title_room,
        status_w: status_width,
        bar_w: bar_width,
        extra,
    } = IssueColumns::of(app, w);
    let age = last_update(issue).map_or_else(
        || theme.glyph("–", "-").to_string(),
        |at| super::text::age(now - at),
    );
    let title_style = match (mark, issue.status) {
        (Some(_), _) => theme.strong(Role::Changed),
        (None, IssueStatus::Shelved) => theme.muted(),
        _ => Style::default(),
    };
    let status = if status_width > 2 {
        cell(
            &format!("{glyph} {}", issue.status.as_str()),
            status_width,
            ell,
        )
    } else {
        cell(glyph, status_width, ell)
    };
    let mut spans = vec![
        mark_span(mark, theme),
        Span::styled(cell(prio, 5, ell), prio_style),
        Span::styled(cell(title, title_room, ell), title_style),
        Span::raw(" "),
        Span::styled(status, status_style),
        Span::raw(" "),
    ];
    if bar_width > 0 {
        spans.push(Span::styled(
            theme.progress_bar(issue.progress, bar_width),
            status_style,
        ));
        spans.push(Span::raw(" "));
    }
    let percent = issue
        .progress
        .map_or(format!("  {} ", theme.glyph("–", "-")), |p| {
            format!("{p:>3}%")
        });
    spans.push(Span::raw(percent));
    spans.push(Span::raw(" "));
    spans.push(Span::styled(cell_right(&age, 4, ell), theme.muted()));
    let dash = || theme.glyph("–", "-").to_string();
    for (k, &width) in extra.iter().enumerate() {
        if width == 0 {
            continue;
        }
        let value = match k {
            0 => issue.owner.as_deref().map_or_else(dash, one_line),
            1 if issue.tags.is_empty() => dash(),
            1 => issue.tags.join(", "),
            _ => last_update(issue).map_or_else(dash, |at| {
                app.zone().at(at).format("%d %b %H:%M").to_string()
            }),
        };
        spans.push(Span::raw(" "));
        spans.push(Span::raw(cell(&value, width, ell)));
    }
    Line::from(spans)
}
