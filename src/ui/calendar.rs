//! The Calendar pane: an agenda grouped by day, with a now-marker and a countdown.
//!
//! ```text
//! ┏ Calendar 14 · UTC · next in 2h 14m ━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┓
//! ┃ Today · Wed 21 Jan                                                     ┃
//! ┃   11:30  ✓ held       US envoy briefs reporters in Davos               ┃
//! ┃ ── now 12:00 ───────────────────────────────────────────────────────── ┃
//! ┃   17:00  ○ scheduled  US negotiators meet Ukrainian officials  in 5h   ┃
//! ┃ Thu 22 Jan                                                             ┃
//! ┃  time TBA ◌ tentative  ...                                             ┃
//! ```

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};

use super::text::{cell, fit, one_line, width};
use super::theme::{Role, Theme};
use crate::app::changes::Mark;
use crate::app::{AgendaRow, App, Pane};
use crate::model::{Event, EventStatus, Kind};

/// Glyph (Unicode, ASCII), word and style of an event status.
pub fn status_look(status: EventStatus, theme: &Theme) -> (&'static str, Style) {
    match status {
        EventStatus::Tentative => (theme.glyph("◌", "?"), theme.fg(Role::Warn)),
        EventStatus::Scheduled => (theme.glyph("○", "o"), Style::default()),
        EventStatus::Confirmed => (theme.glyph("●", "*"), theme.fg(Role::Good)),
        EventStatus::Held => (theme.glyph("✓", "v"), theme.muted()),
        EventStatus::Postponed => (theme.glyph("↷", ">"), theme.strong(Role::Warn)),
        EventStatus::Cancelled => (theme.glyph("✗", "x"), theme.muted()),
    }
}

/// The mark column of a changed or new record.
pub fn mark_span(mark: Option<Mark>, theme: &Theme) -> Span<'static> {
    match mark {
        Some(Mark::Added) => Span::styled("+", theme.strong(Role::Changed)),
        Some(Mark::Changed) => Span::styled("~", theme.strong(Role::Changed)),
        None => Span::raw(" "),
    }
}

pub fn render(frame: &mut Frame, area: Rect, app: &App) {
    let theme = &Theme::of(app);
    let agenda = &app.views().agenda;
    let now = app.now();
    let zone = app.zone();
    let mut extra = vec![Span::styled(
        format!("{} {} ", theme.glyph("·", "-"), zone.short_name(now)),
        theme.muted(),
    )];
    if let Some(next) = agenda.next.and_then(|p| agenda.events.get(p)) {
        let event = &app.board().events[*next as usize];
        let when = if event.start.date_only() {
            format!("{}, time TBA", event.start.own_local().format("%a %-d %b"))
        } else {
            format!("in {}", super::text::countdown(now, event.start.at))
        };
        extra.push(Span::styled(
            format!("{} next {when} ", theme.glyph("·", "-")),
            theme.strong(Role::Now),
        ));
    }
    let block = super::pane_block(app, Pane::Calendar, extra);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if inner.height == 0 || inner.width == 0 {
        return;
    }
    if agenda.rows.is_empty() {
        super::draw_empty_note(frame, inner, app, Pane::Calendar, ("events", "event"));
        return;
    }
    let state = app.pane_state(Pane::Calendar);
    let selected_row = app.selected_row(Pane::Calendar);
    let height = inner.height as usize;
    let offset =
        crate::layout::fit_offset(state.offset, selected_row, height, agenda.rows.len(), true);
    let w = inner.width as usize;
    for (i, row) in agenda.rows.iter().enumerate().skip(offset).take(height) {
        let y = inner.y + (i - offset) as u16;
        let line = match row {
            AgendaRow::Day(label) => Line::from(Span::styled(
                fit(&theme.punct(label), w, theme.ellipsis()),
                theme.strong(Role::Accent),
            )),
            AgendaRow::Now => now_line(app, w),
            AgendaRow::Event { pos, past } => {
                let index = agenda.events[*pos] as usize;
                let event = &app.board().events[index];
                let is_next = agenda.next == Some(*pos);
                event_line(app, event, *past, is_next, w)
            }
        };
        frame.buffer_mut().set_line(inner.x, y, &line, inner.width);
        if i == selected_row && app.focus() == Pane::Calendar {
            super::fill_row(frame, inner, y, theme.selected());
        } else if i == selected_row {
            super::fill_row(
                frame,
                inner,
                y,
                Style::new().add_modifier(Modifier::UNDERLINED),
            );
        }
    }
}

/// `── now 12:00 UTC ──────`.
fn now_line(app: &App, w: usize) -> Line<'static> {
    let theme = &Theme::of(app);
    let now = app.now();
    let zone = app.zone();
    let label = format!(
        " now {} {} ",
        zone.at(now).format("%H:%M"),
        zone.short_name(now)
    );
    let dash = theme.glyph("─", "-");
    let left = 2.min(w);
    let right = w.saturating_sub(left + width(&label));
    let text = format!("{}{}{}", dash.repeat(left), label, dash.repeat(right));
    Line::from(Span::styled(fit(&text, w, ""), theme.strong(Role::Now)))
}

/// One event: mark, time (or `time TBA`), status glyph and word, title, location,
/// and a countdown for the next event.
fn event_line(app: &App, event: &Event, past: bool, is_next: bool, w: usize) -> Line<'static> {
    let theme = &Theme::of(app);
    let now = app.now();
    let zone = app.zone();
    let ell = theme.ellipsis();
    let mark = app.mark(Kind::Event, &event.id);
    // Listed under its day (the period's start); the column says how precise.
    let time = match event.time_precision {
        crate::model::TimePrecision::Week => "  ~week".to_string(),
        crate::model::TimePrecision::Month => " ~month".to_string(),
        crate::model::TimePrecision::Hour => {
            format!("  ~{}", zone.at(event.start.at).format("%H:%M"))
        }
        _ if event.start.date_only() => "time TBA".to_string(),
        _ => format!("   {}", zone.at(event.start.at).format("%H:%M")),
    };
    let (glyph, status_style) = status_look(event.status, theme);
    let ongoing = !past
        && event.start.at <= now
        && !event.start.date_only()
        && event.end.is_some_and(|e| e.at > now);
    // No end given: under way for the config's `started_for` after its start.
    let started = !past && event.end.is_none() && !event.start.date_only() && event.start.at <= now;
    let countdown = if is_next && event.start.date_only() {
        // Only the day is known: a countdown to its midnight would mislead.
        "next".to_string()
    } else if is_next {
        format!("in {}", super::text::countdown(now, event.start.at))
    } else if ongoing {
        "under way".to_string()
    } else if started {
        let ago = now - event.start.at;
        if ago < chrono::Duration::minutes(1) {
            "just started".to_string()
        } else {
            format!("started {} ago", super::text::age(ago))
        }
    } else {
        String::new()
    };
    let show_word = w >= 60;
    // Zoomed (`z`): the kind and the parties get columns of their own.
    let zoom_extra = app.zoomed() && app.focus() == crate::pane::Pane::Calendar && w >= 100;
    let fixed =
        1 + 8 + 1 + 2 + if show_word { 11 } else { 0 } + if zoom_extra { 10 + 19 } else { 0 };
    let right = if countdown.is_empty() {
        0
    } else {
        width(&countdown) + 2
    };
    let title_room = w.saturating_sub(fixed + right);
    let mut title = format!(
        "{}{}",
        super::wall::mark_word(app, mark),
        one_line(&event.title)
    );
    if let Some(location) = event.location.as_deref().filter(|_| w >= 90) {
        title = format!("{title} {} {}", theme.glyph("·", "-"), one_line(location));
    }
    let base = if past {
        theme.muted()
    } else {
        Style::default()
    };
    let mut title_style = base;
    if event.status == EventStatus::Cancelled {
        title_style = theme.muted().add_modifier(Modifier::CROSSED_OUT);
    } else if mark.is_some() {
        title_style = title_style.patch(theme.strong(Role::Changed));
    } else if is_next {
        title_style = title_style.add_modifier(Modifier::BOLD);
    }
    let mut spans = vec![
        mark_span(mark, theme),
        Span::styled(time, if past { theme.muted() } else { theme.bold() }),
        Span::raw(" "),
        Span::styled(
            format!("{glyph} "),
            if past { theme.muted() } else { status_style },
        ),
    ];
    if show_word {
        let style = if past && event.status != EventStatus::Postponed {
            theme.muted()
        } else {
            status_style
        };
        spans.push(Span::styled(
            cell(event.status.as_str(), 10, ell) + " ",
            style,
        ));
    }
    if zoom_extra {
        let parties: Vec<&str> = event.parties.iter().map(|p| p.value.as_str()).collect();
        let parties = if parties.is_empty() {
            theme.glyph("–", "-").to_string()
        } else {
            parties.join(" ")
        };
        spans.push(Span::styled(cell(event.kind.as_str(), 9, ell) + " ", base));
        spans.push(Span::styled(cell(&parties, 18, ell) + " ", base));
    }
    spans.push(Span::styled(cell(&title, title_room, ell), title_style));
    if !countdown.is_empty() {
        spans.push(Span::raw("  "));
        spans.push(Span::styled(countdown, theme.strong(Role::Now)));
    }
    Line::from(spans)
}
