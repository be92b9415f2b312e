//! Present mode (`P`, `sitboard present`): full-screen slides for a briefing,
//! numbered in the bottom-right corner.
//!
//! ```text
//! ┏ Territory and the occupied regions ━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┓
//! ┃ CRIT  ◐ negotiating  30%  updated 50m ago                                 ┃
//! ┃ summary, wrapped                                                          ┃
//! ┃ Ukraine            │ Russia             │ United States                   ┃
//! ┃ position, wrapped  │ position, wrapped  │ position, wrapped               ┃
//! ┃ Latest                                                                    ┃
//! ┃ 20 Jan  log entry, wrapped                                                ┃
//! ┗━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━ 3/9 ━┛
//! ```
//!
//! Slides: the title, the next 48 hours, one per critical or high issue, the
//! strikes, and what changed. Everything comes from the state
//! ([`crate::app::Present`]); nothing is computed from the clock here.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear};

use super::text::{cell, fit, one_line, width, wrap};
use super::theme::{Role, Theme};
use super::wall::big_rows;
use crate::app::App;
use crate::app::changes::Mark;
use crate::app::room::{ChangesFrom, Present, Slide};
use crate::model::format::thousands;
use crate::model::zone::short_name;
use crate::model::{Issue, Kind};

/// Draws the slide the briefer is on over the whole screen.
pub fn render(frame: &mut Frame, app: &App, present: &Present) {
    let area = frame.area();
    frame.render_widget(Clear, area);
    if area.width < crate::layout::MIN_WIDTH || area.height < crate::layout::MIN_HEIGHT {
        super::too_small(frame, area);
        return;
    }
    let theme = &Theme::of(app);
    let Some(slide) = present.slides.get(present.index) else {
        return;
    };
    let number = format!(" {}/{} ", present.index + 1, present.slides.len());
    let block = Block::default()
        .borders(Borders::ALL)
        .border_set(theme.border_set(true))
        .border_style(theme.border(true))
        .title(Span::styled(
            format!(" {} ", title_of(app, slide)),
            theme.strong(Role::Accent),
        ))
        .title_bottom(Line::from(Span::styled(number, theme.bold())).right_aligned());
    let inner = block.inner(area);
    frame.render_widget(block, area);
    // A margin where there is room: slides are read from a distance.
    let pad = if inner.width >= 120 { 3 } else { 1 };
    let body = Rect::new(
        inner.x + pad,
        inner.y + u16::from(inner.height >= 30),
        inner.width.saturating_sub(2 * pad),
        inner
            .height
            .saturating_sub(u16::from(inner.height >= 30) * 2),
    );
    let mut lines: Vec<Line<'static>> = Vec::new();
    match slide {
        Slide::Title => title_slide(app, body, &mut lines),
        Slide::Next48h => next_slide(app, present, body, &mut lines),
        Slide::Issue(id) => {
            if let Some(issue) = app.board().issues.iter().find(|i| &i.id == id) {
                issue_slide(app, issue, body, &mut lines);
            } else {
                lines.push(Line::styled(
                    format!("Issue {id} is no longer on the board."),
                    theme.muted(),
                ));
            }
        }
        Slide::Strikes => strikes_slide(frame, app, present, body),
        Slide::Changes => changes_slide(app, body, &mut lines),
    }
    super::render_lines(frame, body, &lines, 0);
    // An alert raised during the briefing shows over the top border.
    if !app.banners().is_empty() {
        super::wall::alert_line(frame, Rect::new(area.x, area.y, area.width, 1), app);
    }
}

/// The slide's title, in its frame.
pub fn title_of(app: &App, slide: &Slide) -> String {
    match slide {
        Slide::Title => "Briefing".to_string(),
        Slide::Next48h => "The next 48 hours".to_string(),
        Slide::Issue(id) => app
            .board()
            .issues
            .iter()
            .find(|i| &i.id == id)
            .map_or_else(|| format!("Issue {id}"), |i| one_line(&i.title)),
        Slide::Strikes => "Strikes on energy infrastructure".to_string(),
        Slide::Changes => "What changed".to_string(),
    }
}

/// Lines centred in `w` cells.
fn centred(text: &str, w: usize, style: Style) -> Line<'static> {
    let text = fit(text, w, "…");
    let pad = w.saturating_sub(width(&text)) / 2;
    Line::from(vec![Span::raw(" ".repeat(pad)), Span::styled(text, style)])
}

fn title_slide(app: &App, area: Rect, lines: &mut Vec<Line<'static>>) {
    let theme = &Theme::of(app);
    let board = app.board();
    let now = app.now();
    let w = area.width as usize;
    let mut out = Vec::new();
    out.push(centred(
        &one_line(&board.meta.title),
        w,
        theme.strong(Role::Accent),
    ));
    out.push(Line::raw(""));
    if let Some(class) = &board.meta.classification {
        out.push(centred(
            &format!(" {} ", one_line(class)),
            w,
            theme.strong(Role::Bad).add_modifier(Modifier::REVERSED),
        ));
        out.push(Line::raw(""));
    }
    let first = board
        .meta
        .clocks
        .first()
        .copied()
        .unwrap_or(chrono_tz::Tz::UTC);
    if area.height >= 14 {
        for row in big_rows(
            &now.with_timezone(&first).format("%H:%M").to_string(),
            theme.ascii,
        ) {
            out.push(centred(&row, w, theme.strong(Role::Accent)));
        }
        out.push(Line::raw(""));
    }
    let clocks: Vec<String> = board
        .meta
        .clocks
        .iter()
        .map(|tz| {
            format!(
                "{} {}",
                now.with_timezone(tz).format("%H:%M"),
                short_name(*tz, now)
            )
        })
        .collect();
    out.push(centred(
        &clocks.join(&format!("  {}  ", theme.glyph("·", "|"))),
        w,
        theme.bold(),
    ));
    out.push(centred(
        &now.with_timezone(&first).format("%A %-d %B %Y").to_string(),
        w,
        Style::default(),
    ));
    out.push(Line::raw(""));
    let counts = format!(
        "{} events {} {} issues {} {} strikes",
        board.events.len(),
        theme.glyph("·", "|"),
        board.issues.len(),
        theme.glyph("·", "|"),
        board.strikes.len()
    );
    out.push(centred(&counts, w, theme.muted()));
    if app.is_example() {
        out.push(centred("example board", w, theme.strong(Role::Warn)));
    }
    // Vertically centred.
    let top = (area.height as usize).saturating_sub(out.len()) / 2;
    lines.extend(std::iter::repeat_n(Line::raw(""), top));
    lines.extend(out);
}

fn next_slide(app: &App, present: &Present, area: Rect, lines: &mut Vec<Line<'static>>) {
    let theme = &Theme::of(app);
    let zone = app.zone();
    let now = app.now();
    let w = area.width as usize;
    let h = area.height as usize;
    if present.next_events.is_empty() {
        lines.push(Line::styled(
            "Nothing on the calendar in the next 48 hours.",
            theme.muted(),
        ));
        return;
    }
    lines.push(Line::styled(
        format!("Times in {}", zone.label(now)),
        theme.muted(),
    ));
    lines.push(Line::raw(""));
    let wide = w >= 100;
    let mut day = None;
    let mut shown = 0;
    for event in &present.next_events {
        let local = zone.at(event.start.at);
        // Leave a row for "N more".
        if lines.len() + 2 >= h {
            break;
        }
        if day != Some(local.date_naive()) {
            day = Some(local.date_naive());
            if lines.len() > 2 {
                lines.push(Line::raw(""));
            }
            lines.push(Line::styled(
                local.format("%A %-d %B").to_string(),
                theme.strong(Role::Accent),
            ));
        }
        let (glyph, style) = super::calendar::status_look(event.status, theme);
        let time = if event.start.date_only() {
            "time TBA".to_string()
        } else {
            local.format("%H:%M").to_string()
        };
        let mark = app.mark(Kind::Event, &event.id);
        let word = mark_word(mark);
        let status = format!("{glyph} {}", event.status.as_str());
        let fixed = 2 + 8 + 2 + 14;
        let mut title = format!("{word}{}", one_line(&event.title));
        if let (true, Some(location)) = (wide, &event.location) {
            title.push_str(&format!(
                " {} {}",
                theme.glyph("·", "-"),
                one_line(location)
            ));
        }
        let room = w.saturating_sub(fixed);
        let rows = wrap(&title, room.max(10));
        let title_style = if mark.is_some() {
            theme.strong(Role::Changed)
        } else {
            theme.bold()
        };
        for (i, row) in rows.iter().enumerate().take(2) {
            let mut spans = Vec::new();
            if i == 0 {
                spans.push(Span::raw("  "));
                spans.push(Span::styled(cell(&time, 8, "…"), theme.bold()));
                spans.push(Span::raw("  "));
                spans.push(Span::styled(cell(&status, 14, "…"), style));
            } else {
                spans.push(Span::raw(" ".repeat(fixed)));
            }
            spans.push(Span::styled(row.clone(), title_style));
            lines.push(Line::from(spans));
        }
        shown += 1;
    }
    let left = present.next_events.len() - shown;
    if left > 0 {
        lines.push(Line::styled(
            format!("{left} more in the next 48 hours"),
            theme.muted(),
        ));
    }
}

/// `NEW ` / `CHANGED ` for a marked record (readable without colour).
fn mark_word(mark: Option<Mark>) -> &'static str {
    match mark {
        Some(Mark::Added) => "NEW ",
        Some(Mark::Changed) => "CHANGED ",
        None => "",
    }
}

fn issue_slide(app: &App, issue: &Issue, area: Rect, lines: &mut Vec<Line<'static>>) {
    let theme = &Theme::of(app);
    let now = app.now();
    let w = area.width as usize;
    let h = area.height as usize;
    let (prio, prio_style) = super::issues::priority_look(issue.priority, theme);
    let (glyph, status_style) = super::issues::status_look(issue.status, theme);
    let mut head = vec![
        Span::styled(format!("{prio}  "), prio_style),
        Span::styled(format!("{glyph} {}", issue.status.as_str()), status_style),
    ];
    if let Some(p) = issue.progress {
        head.push(Span::raw(format!(
            "  {}  {p}%",
            theme.progress_bar(Some(p), 10)
        )));
    }
    if let Some(at) = super::issues::last_update(issue) {
        head.push(Span::styled(
            format!("  updated {} ago", super::text::age(now - at)),
            theme.muted(),
        ));
    }
    if let Some(word) = Some(mark_word(app.mark(Kind::Issue, &issue.id))).filter(|w| !w.is_empty())
    {
        head.push(Span::styled(
            format!("  {}", word.trim()),
            theme.strong(Role::Changed),
        ));
    }
    lines.push(Line::from(head));
    lines.push(Line::raw(""));
    if let Some(summary) = &issue.summary {
        for row in wrap(summary, w).into_iter().take(3) {
            lines.push(Line::raw(row));
        }
        lines.push(Line::raw(""));
    }
    // Positions side by side, one column per party (stacked when too narrow).
    let positions: Vec<(&str, &str)> = issue
        .positions_in_order(&app.board().meta)
        .into_iter()
        .map(|(code, text)| (app.board().meta.party_name(code), text))
        .collect();
    let log_rows = 1 + issue.log.len().min(4) * 2;
    let room = h.saturating_sub(lines.len() + log_rows + 1).max(3);
    if !positions.is_empty() {
        let n = positions.len();
        let sep = theme.glyph(" │ ", " | ");
        let col = (w.saturating_sub((n - 1) * 3)) / n;
        if col >= 18 {
            let wrapped: Vec<Vec<String>> = positions.iter().map(|(_, t)| wrap(t, col)).collect();
            let mut header = Vec::new();
            for (i, (name, _)) in positions.iter().enumerate() {
                if i > 0 {
                    header.push(Span::styled(sep.to_string(), theme.muted()));
                }
                header.push(Span::styled(cell(&one_line(name), col, "…"), theme.bold()));
            }
            lines.push(Line::from(header));
            let tallest = wrapped.iter().map(Vec::len).max().unwrap_or(0);
            for r in 0..tallest.min(room.saturating_sub(1)) {
                let mut spans = Vec::new();
                for (i, rows) in wrapped.iter().enumerate() {
                    if i > 0 {
                        spans.push(Span::styled(sep.to_string(), theme.muted()));
                    }
                    spans.push(Span::raw(cell(
                        rows.get(r).map_or("", String::as_str),
                        col,
                        "…",
                    )));
                }
                lines.push(Line::from(spans));
            }
        } else {
            let each = (room / n).max(2);
            for (name, text) in &positions {
                lines.push(Line::styled(one_line(name), theme.bold()));
                for row in wrap(text, w.saturating_sub(2)).into_iter().take(each - 1) {
                    lines.push(Line::raw(format!("  {row}")));
                }
            }
        }
        lines.push(Line::raw(""));
    }
    if !issue.log.is_empty() {
        lines.push(Line::styled("Latest", theme.strong(Role::Accent)));
        let mut log: Vec<_> = issue.log.iter().collect();
        log.sort_by_key(|entry| std::cmp::Reverse(entry.date.at));
        let zone = app.zone();
        for entry in log {
            if lines.len() + 1 >= h {
                break;
            }
            let date = zone.at(entry.date.at).format("%-d %b").to_string();
            let text = match entry.status {
                Some(status) => format!("{} ({status})", one_line(&entry.text)),
                None => one_line(&entry.text),
            };
            let rows = wrap(&text, w.saturating_sub(9).max(10));
            for (i, row) in rows.into_iter().take(2).enumerate() {
                let lead = if i == 0 {
                    cell(&date, 7, "…")
                } else {
                    " ".repeat(7)
                };
                lines.push(Line::from(vec![
                    Span::styled(lead, theme.muted()),
                    Span::raw("  "),
                    Span::raw(row),
                ]));
            }
        }
    }
}

fn strikes_slide(frame: &mut Frame, app: &App, present: &Present, area: Rect) {
    let theme = &Theme::of(app);
    let figures = &present.strikes;
    let wide = area.width >= 110;
    let (left, right) = if wide {
        let lw = area.width * 45 / 100;
        (
            Rect::new(area.x, area.y, lw, area.height),
            Some(Rect::new(
                area.x + lw + 2,
                area.y,
                area.width - lw - 2,
                area.height,
            )),
        )
    } else {
        (area, None)
    };
    let w = left.width as usize;
    let mut lines: Vec<Line<'static>> = Vec::new();
    let figures_line = [
        ("last 24 h", figures.last_24h.to_string()),
        ("last 7 days", figures.last_7d.to_string()),
        (
            "without power now",
            thousands(figures.customers_without_power),
        ),
    ];
    if area.height >= 30 {
        // Big figures, their labels under them.
        let col = (w / 3).max(12);
        let numbers = [
            figures.last_24h as u64,
            figures.last_7d as u64,
            figures.customers_without_power,
        ];
        // A figure too wide for its column in full is written short (595k).
        let texts: Vec<[String; 3]> = numbers
            .iter()
            .map(|n| {
                let full = big_rows(&n.to_string(), theme.ascii);
                if width(&full[0]) < col {
                    full
                } else {
                    big_rows(&super::strikes::compact(*n), theme.ascii)
                }
            })
            .collect();
        for r in 0..3 {
            let spans: Vec<Span> = texts
                .iter()
                .map(|t| Span::styled(cell(&t[r], col, ""), theme.strong(Role::Now)))
                .collect();
            lines.push(Line::from(spans));
        }
        let labels: Vec<Span> = figures_line
            .iter()
            .map(|(label, _)| Span::styled(cell(label, col, "…"), theme.muted()))
            .collect();
        lines.push(Line::from(labels));
    } else {
        let mut spans = Vec::new();
        for (label, n) in &figures_line {
            spans.push(Span::styled(format!("{label}: "), theme.muted()));
            spans.push(Span::styled(format!("{n}   "), theme.bold()));
        }
        lines.push(Line::from(spans));
    }
    lines.push(Line::raw(""));
    let top_rows = lines.len() as u16;
    super::render_lines(frame, left, &lines, 0);
    // The trend: the Strikes pane's 30-day chart.
    let chart_h = if left.height >= 24 { 5 } else { 3 };
    let chart = Rect::new(left.x, left.y + top_rows, left.width, chart_h);
    super::strikes::chart_area(frame, chart, app);
    let mut y = chart.y + chart_h + 1;
    let mut rest: Vec<Line<'static>> = Vec::new();
    rest.push(Line::styled("Outages now", theme.strong(Role::Accent)));
    if present.outages.is_empty() {
        rest.push(Line::styled("No customers without power.", theme.muted()));
    }
    for s in &present.outages {
        let out = thousands(s.customers_out_at(app.now()));
        let mark = mark_word(app.mark(Kind::Strike, &s.id));
        let place = format!(
            "{mark}{}, {}{}",
            one_line(&s.oblast),
            s.target,
            s.facility
                .as_deref()
                .map(|f| format!(" ({})", one_line(f)))
                .unwrap_or_default()
        );
        rest.push(Line::from(vec![
            Span::styled(format!("{out:>9}  "), theme.strong(Role::Bad)),
            Span::raw(fit(&place, w.saturating_sub(11), theme.ellipsis())),
        ]));
    }
    let rest_h = (rest.len() as u16).min((left.y + left.height).saturating_sub(y));
    super::render_lines(frame, Rect::new(left.x, y, left.width, rest_h), &rest, 0);
    y += rest_h + 1;
    let map_area = right.or_else(|| {
        let left_h = (left.y + left.height).saturating_sub(y);
        (left_h >= 8).then(|| Rect::new(left.x, y, left.width, left_h))
    });
    if let Some(rect) = map_area {
        super::map::render(frame, rect, app);
    }
}

fn changes_slide(app: &App, area: Rect, lines: &mut Vec<Line<'static>>) {
    let theme = &Theme::of(app);
    let zone = app.zone();
    let now = app.now();
    let Some(changes) = app.briefing_changes() else {
        return;
    };
    let w = area.width as usize;
    let h = area.height as usize;
    let note = match changes.from {
        ChangesFrom::History => format!(
            "From the data's git history, since {}, newest first.",
            changes.since
        ),
        ChangesFrom::ThisSession => {
            let why = changes.why_not.as_ref().map_or_else(
                || "the data is not in a git repository".to_string(),
                |why| format!("its git history could not be read: {why}"),
            );
            format!(
                "Changes this board saw since it started at {} {} ({why}).",
                zone.at(app.started()).format("%H:%M"),
                zone.short_name(now)
            )
        }
    };
    for row in wrap(&note, w) {
        lines.push(Line::styled(row, theme.muted()));
    }
    lines.push(Line::raw(""));
    if changes.lines.is_empty() {
        lines.push(Line::styled("No changes seen.", theme.bold()));
        return;
    }
    let total = changes.lines.len();
    for (i, (at, text)) in changes.lines.iter().enumerate() {
        if lines.len() + 2 > h && i < total {
            lines.push(Line::styled(
                format!("{} more on the board's change list", total - i),
                theme.muted(),
            ));
            break;
        }
        lines.push(Line::from(vec![
            Span::styled(format!("{}  ", zone.at(*at).format("%H:%M")), theme.muted()),
            Span::raw(fit(&one_line(text), w.saturating_sub(7), theme.ellipsis())),
        ]));
    }
}
