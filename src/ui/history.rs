//! History (docs/screen-and-keys.md#history): the `h` page of commits that
//! touched the data, one commit's changes in full, and the `AS OF` line shown
//! while the board stands in the past.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};

use super::text::{cell, fit, one_line};
use super::theme::{Role, Theme};
use crate::app::{Action, App};
use crate::model::diff::ChangeKind;
use crate::pane::Pane;

/// `AS OF Wed 21 Jan 2026 08:00 UTC · 1a2b3c4 · Morning board · 3 newer changes (Esc: live)`.
pub fn as_of_line(frame: &mut Frame, area: Rect, app: &App) {
    let Some(as_of) = app.as_of() else { return };
    let theme = &Theme::of(app);
    let zone = app.zone();
    let dot = theme.glyph("·", "-");
    let key = app
        .config()
        .keys
        .key_label(Action::Back, theme.ascii)
        .unwrap_or_default();
    let newer = match as_of.newer {
        None => "reading the live board".to_string(),
        Some(0) => "the live board is the same".to_string(),
        Some(1) => "1 newer change".to_string(),
        Some(n) => format!("{n} newer changes"),
    };
    let head = format!(
        " AS OF {} {} {dot} {} {dot} ",
        zone.at(as_of.at).format("%a %-d %b %Y %H:%M"),
        zone.short_name(as_of.at),
        as_of.commit.short(),
    );
    let tail = format!(" {dot} {newer} ({key}: live) ");
    let room =
        (area.width as usize).saturating_sub(super::text::width(&head) + super::text::width(&tail));
    let style = theme.strong(Role::Warn).add_modifier(Modifier::REVERSED);
    let line = Line::from(vec![
        Span::styled(head, style),
        Span::styled(
            fit(&one_line(&as_of.commit.subject), room, theme.ellipsis()),
            style,
        ),
        Span::styled(tail, style),
    ]);
    let buf = frame.buffer_mut();
    buf.set_style(area, style);
    buf.set_line(area.x, area.y, &line, area.width);
}

/// The `h` page: newest first, the commit the board shows marked.
pub fn render(frame: &mut Frame, area: Rect, app: &App) {
    let theme = &Theme::of(app);
    let block = super::page_block(app, "History of the data");
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let timeline = app.timeline();
    let Some(log) = timeline.log.as_ref() else {
        let why = timeline
            .why_not
            .clone()
            .unwrap_or_else(|| "No history.".to_string());
        super::render_lines(
            frame,
            inner,
            &[Line::from(Span::styled(why, theme.muted()))],
            0,
        );
        return;
    };
    if log.is_empty() {
        let text = "No commit has touched the data files yet.";
        super::render_lines(
            frame,
            inner,
            &[Line::from(Span::styled(text, theme.muted()))],
            0,
        );
        return;
    }
    let zone = app.zone();
    let keys = |action| {
        app.config()
            .keys
            .key_label(action, theme.ascii)
            .unwrap_or_default()
    };
    let intro = theme.punct(&format!(
        "{} commits touched the data, newest first. {}: changes in full · {} {}: board one commit back / forward · {}: live",
        log.len(),
        keys(Action::Open),
        keys(Action::Older),
        keys(Action::Newer),
        keys(Action::Back)
    ));
    let height = usize::from(inner.height).saturating_sub(2);
    let selected = timeline.selected.min(log.len() - 1);
    let top = selected.saturating_sub(height.saturating_sub(1));
    let shown = app.as_of().map(|a| a.oid);
    let mut lines = vec![
        Line::from(Span::styled(
            fit(&intro, inner.width as usize, theme.ellipsis()),
            theme.muted(),
        )),
        Line::from(""),
    ];
    let width = inner.width as usize;
    for (i, entry) in log.iter().enumerate().skip(top).take(height) {
        let c = &entry.commit;
        let mark = if Some(entry.oid) == shown {
            theme.glyph("▶ ", "> ")
        } else {
            "  "
        };
        let head = format!(
            "{mark}{}  {}  {}  ",
            zone.at(c.time).format("%d %b %H:%M"),
            c.short(),
            cell(&one_line(&c.author), 16, theme.ellipsis())
        );
        let rest = width.saturating_sub(super::text::width(&head));
        let text = format!(
            "{} {} {}",
            one_line(&c.subject),
            theme.glyph("—", "-"),
            entry.summary.as_deref().unwrap_or("...")
        );
        let mut line = Line::from(vec![
            Span::styled(head, theme.muted()),
            Span::raw(fit(&text, rest, theme.ellipsis())),
        ]);
        if i == selected {
            line = line.style(theme.selected());
        }
        lines.push(line);
    }
    super::render_lines(frame, inner, &lines, 0);
    let row = 2 + selected - top;
    if let Ok(row) = u16::try_from(row) {
        if row < inner.height {
            super::fill_row(frame, inner, inner.y + row, theme.selected());
        }
    }
}

/// One commit's changes in full: each record, each field old → new.
pub fn commit_lines(app: &App) -> Vec<Line<'static>> {
    let theme = &Theme::of(app);
    let timeline = app.timeline();
    let Some(entry) = timeline
        .open
        .and_then(|i| timeline.log.as_ref().and_then(|l| l.get(i)))
    else {
        return vec![Line::from("No commit selected.")];
    };
    let zone = app.zone();
    let c = &entry.commit;
    let mut out = vec![
        Line::from(Span::styled(one_line(&c.subject), theme.bold())),
        Line::from(Span::styled(
            theme.punct(&format!(
                "{} · {} · {} {}",
                c.id,
                one_line(&c.author),
                zone.at(c.time).format("%a %-d %b %Y %H:%M"),
                zone.short_name(c.time)
            )),
            theme.muted(),
        )),
        Line::from(entry.summary.clone().unwrap_or_default()),
    ];
    let mut kind = None;
    for change in entry.changes.iter().flatten() {
        if kind != Some(change.kind) {
            kind = Some(change.kind);
            out.push(Line::from(""));
            out.push(Line::from(Span::styled(
                Pane::of(change.kind).title().to_string(),
                theme.strong(Role::Accent),
            )));
        }
        let role = match change.change {
            ChangeKind::Added => Role::Good,
            ChangeKind::Removed => Role::Bad,
            ChangeKind::Changed => Role::Changed,
        };
        out.push(Line::from(vec![
            Span::raw(format!("  {} ({}): ", one_line(&change.title), change.id)),
            Span::styled(change.change.as_str().to_string(), theme.fg(role)),
        ]));
        for f in &change.fields {
            out.push(Line::from(theme.punct(&format!(
                "      {}: {} → {}",
                f.field,
                one_line(f.old.as_deref().unwrap_or("none")),
                one_line(f.new.as_deref().unwrap_or("none"))
            ))));
        }
    }
    out
}

pub fn render_commit(frame: &mut Frame, area: Rect, app: &App) {
    let block = super::page_block(app, "Commit");
    let inner = block.inner(area);
    frame.render_widget(block, area);
    super::render_scrolled(frame, inner, &commit_lines(app), app.page_scroll());
}
