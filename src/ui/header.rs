//! The header line (title, clocks, data age, problem count) and the
//! classification banner.

use std::time::SystemTime;

use chrono::{DateTime, Utc};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};

use super::text::{fit, width};
use super::theme::{Role, Theme};
use crate::app::App;
use crate::model::zone::short_name;

/// The classification banner: the text centred on a reversed line.
pub fn banner(frame: &mut Frame, area: Rect, text: &str, theme: &Theme) {
    let text = fit(
        &super::text::one_line(text),
        area.width as usize,
        theme.ellipsis(),
    );
    let pad = (area.width as usize).saturating_sub(width(&text)) / 2;
    let line = format!("{}{}", " ".repeat(pad), text);
    let style = theme.strong(Role::Bad).add_modifier(Modifier::REVERSED);
    let buf = frame.buffer_mut();
    buf.set_style(area, style);
    buf.set_stringn(area.x, area.y, line, area.width as usize, style);
}

/// `Title · 12:00 UTC 14:00 EET · updated 12m ago · 2 errors, 1 warning`.
///
/// The right-hand facts (problems, staleness, clocks) matter more than the full
/// title, so the title is cut first and clocks are dropped from the end next.
pub fn render(frame: &mut Frame, area: Rect, app: &App) {
    let theme = &Theme::of(app);
    let board = app.board();
    let now = app.now();
    let sep = || Span::styled(" │ ".to_string(), theme.muted());
    let sep_ascii = || Span::styled(" | ".to_string(), theme.muted());
    let sep = |ascii: bool| if ascii { sep_ascii() } else { sep() };

    let mut facts: Vec<Span<'static>> = Vec::new();
    if let Some(p) = app.loading() {
        let percent = p
            .bytes_done
            .saturating_mul(100)
            .checked_div(p.bytes_total)
            .or_else(|| (p.done as u64 * 100).checked_div(p.total as u64))
            .unwrap_or(0);
        facts.push(sep(theme.ascii));
        facts.push(Span::styled(
            format!("loading {}/{} files {percent}%", p.done, p.total),
            theme.strong(Role::Warn),
        ));
    }
    if app.is_example() {
        facts.push(sep(theme.ascii));
        facts.push(Span::styled(
            "example board".to_string(),
            theme.strong(Role::Warn),
        ));
    } else if let Some(age) = data_age(board.newest_modified, now) {
        facts.push(sep(theme.ascii));
        let stale = age > board.meta.stale_after;
        let text = if age < chrono::Duration::minutes(1) {
            "updated just now".to_string()
        } else {
            format!("updated {} ago", super::text::age(age))
        };
        if stale {
            facts.push(Span::styled(
                "STALE".to_string(),
                theme.strong(Role::Bad).add_modifier(Modifier::REVERSED),
            ));
            facts.push(Span::styled(format!(" {text}"), theme.fg(Role::Bad)));
        } else {
            facts.push(Span::styled(text, theme.muted()));
        }
        if let Some(pulled) = app.pulled() {
            let ago = (now - pulled).max(chrono::Duration::zero());
            let text = if ago < chrono::Duration::minutes(1) {
                " · pulled just now".to_string()
            } else {
                format!(" · pulled {} ago", super::text::age(ago))
            };
            facts.push(Span::styled(text, theme.muted()));
        }
    }
    let unseen = app.unseen_count();
    if unseen > 0 {
        facts.push(sep(theme.ascii));
        let key = app
            .config()
            .keys
            .key_label(crate::app::Action::Changes, theme.ascii)
            .unwrap_or_default();
        facts.push(Span::styled(
            format!("{unseen} unseen"),
            theme.strong(Role::Changed),
        ));
        facts.push(Span::styled(format!(" ({key})"), theme.muted()));
    }
    let count = app.problem_count();
    if count.errors + count.warnings > 0 {
        facts.push(sep(theme.ascii));
        let role = if count.errors > 0 {
            Role::Bad
        } else {
            Role::Warn
        };
        let glyph = theme.glyph("⚠ ", "! ");
        facts.push(Span::styled(
            format!("{glyph}{}", count.describe()),
            theme.strong(role),
        ));
        // Which key lists them, for an operator who has not read the help.
        if let Some(key) = app
            .config()
            .keys
            .key_label(crate::app::Action::Problems, theme.ascii)
        {
            facts.push(Span::styled(format!(" ({key})"), theme.muted()));
        }
    }

    let clocks: Vec<Span<'static>> = board
        .meta
        .clocks
        .iter()
        .map(|tz| {
            let local = now.with_timezone(tz);
            Span::styled(
                format!(" {} {}", local.format("%H:%M"), short_name(*tz, now)),
                Style::default(),
            )
        })
        .collect();

    let total = area.width as usize;
    let facts_width: usize = facts.iter().map(|s| width(&s.content)).sum();
    let mut shown_clocks = clocks.len();
    let clocks_width = |n: usize| -> usize {
        if n == 0 {
            0
        } else {
            3 + clocks[..n].iter().map(|s| width(&s.content)).sum::<usize>()
        }
    };
    // Keep at least 12 cells of title before giving up clocks.
    while shown_clocks > 0 && 1 + 12 + clocks_width(shown_clocks) + facts_width > total {
        shown_clocks -= 1;
    }
    let room = total.saturating_sub(1 + clocks_width(shown_clocks) + facts_width);
    let title = fit(
        &super::text::one_line(&board.meta.title),
        room,
        theme.ellipsis(),
    );

    let mut spans = vec![
        Span::raw(" "),
        Span::styled(title, theme.strong(Role::Accent)),
    ];
    if shown_clocks > 0 {
        spans.push(sep(theme.ascii));
        let mut first = true;
        for clock in clocks.into_iter().take(shown_clocks) {
            if first {
                spans.push(Span::styled(
                    clock.content.trim_start().to_string(),
                    theme.bold(),
                ));
                first = false;
            } else {
                spans.push(clock);
            }
        }
    }
    spans.extend(facts);
    frame
        .buffer_mut()
        .set_line(area.x, area.y, &Line::from(spans), area.width);
}

/// How long ago the newest file changed (zero when it is in the future of a
/// frozen clock); `None` when no file has a modification time.
fn data_age(newest: Option<SystemTime>, now: DateTime<Utc>) -> Option<chrono::Duration> {
    let newest: DateTime<Utc> = newest?.into();
    Some((now - newest).max(chrono::Duration::zero()))
}
