//! The Strikes pane: summary figures, strikes per day over 30 days, then the
//! reports newest first (only the visible rows are built).
//!
//! ```text
//! ┌ Strikes 32 ──────────────────────────────────────────────────────────────┐
//! │ 24 h: 6   7 d: 19   without power now: 412,000                           │
//! │ per day ▁ ▂▁  ▃▅█▂ ...                              30 days, max 9       │
//! │ 21 Jan 03:40 Kyiv         substation  Kyivska TPP-5   120,000 out severe  │
//! ```

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Sparkline;

use super::calendar::mark_span;
use super::text::{cell, cell_right, one_line, thousands, width};
use super::theme::{Role, Theme};
use crate::app::{App, Pane};
use crate::layout::{strike_chart_rows, strike_header_rows};
use crate::model::{Damage, Kind, Strike};

/// Style of a damage word.
pub fn damage_style(damage: Damage, theme: &Theme) -> Style {
    match damage {
        Damage::Destroyed | Damage::Severe => theme.strong(Role::Bad),
        Damage::Moderate => theme.fg(Role::Warn),
        Damage::Minor | Damage::None => Style::default(),
        Damage::Unknown => theme.muted(),
    }
}

pub fn render(frame: &mut Frame, area: Rect, app: &App) {
    let theme = &Theme::of(app);
    // `l` on the map narrows the list to one region; the title says which.
    let extra = app
        .region_filter()
        .map(|name| {
            vec![Span::styled(
                format!("{} in {name} (Esc: all) ", theme.glyph("·", "-")),
                theme.strong(Role::Accent),
            )]
        })
        .unwrap_or_default();
    let block = super::pane_block(app, Pane::Strikes, extra);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if inner.height == 0 || inner.width == 0 {
        return;
    }
    let stats = &app.views().strike_stats;
    let mut y = inner.y;
    let rows = inner.height as usize;
    if rows >= 2 {
        // Shorter labels before anything is cut ("pow…" says nothing).
        let out_style = if stats.without_power > 0 {
            theme.strong(Role::Bad)
        } else {
            theme.bold()
        };
        // `19 (3~)`: how many of the week's strikes are approximate in time.
        let last_7d = if stats.approximate_7d > 0 {
            format!("{} ({}~)", stats.last_7d, stats.approximate_7d)
        } else {
            stats.last_7d.to_string()
        };
        let last_24h = stats.last_24h.to_string();
        let forms = [
            (
                "24 h: ",
                "   7 d: ",
                "   without power now: ",
                thousands(stats.without_power),
            ),
            (
                "24 h: ",
                "  7 d: ",
                "  out now: ",
                thousands(stats.without_power),
            ),
            ("24h ", " 7d ", " out ", compact(stats.without_power)),
        ];
        let fits = |(a, b, c, n): &(&str, &str, &str, String)| {
            width(a) + last_24h.len() + width(b) + last_7d.len() + width(c) + n.len()
                <= inner.width as usize
        };
        let (a, b, c, n) = forms
            .iter()
            .find(|form| fits(form))
            .unwrap_or(&forms[2])
            .clone();
        let summary = Line::from(vec![
            Span::styled(a, theme.muted()),
            Span::styled(last_24h, theme.bold()),
            Span::styled(b, theme.muted()),
            Span::styled(last_7d, theme.bold()),
            Span::styled(c, theme.muted()),
            Span::styled(n, out_style),
        ]);
        frame
            .buffer_mut()
            .set_line(inner.x, y, &summary, inner.width);
        y += 1;
    }
    let chart = strike_chart_rows(rows) as u16;
    if chart > 0 {
        chart_area(frame, Rect::new(inner.x, y, inner.width, chart), app);
        y += chart;
    }
    let header = strike_header_rows(rows) > 0;
    let list_area = Rect::new(
        inner.x,
        y + u16::from(header),
        inner.width,
        (inner.y + inner.height).saturating_sub(y + u16::from(header)),
    );
    let columns = columns(app, list_area);
    if header {
        let line = header_line(app, &columns);
        frame.buffer_mut().set_line(inner.x, y, &line, inner.width);
    }
    list(frame, list_area, app, &columns);
}

/// `per day` label, 30 bars (one per day, today last), and the scale.
pub fn chart_area(frame: &mut Frame, area: Rect, app: &App) {
    let theme = &Theme::of(app);
    let stats = &app.views().strike_stats;
    let max = stats.per_day.iter().copied().max().unwrap_or(0);
    let label = "per day ";
    let scale = format!(" 30 days, max {max}");
    let bars = stats.per_day.len() as u16;
    let label_w = label.len() as u16;
    let buf = frame.buffer_mut();
    let bottom = area.y + area.height - 1;
    buf.set_stringn(area.x, bottom, label, area.width as usize, theme.muted());
    if area.width <= label_w {
        return;
    }
    let bars_w = bars.min(area.width - label_w);
    // The most recent days matter most: when cut, the oldest days go.
    let data: Vec<u64> = stats.per_day[stats.per_day.len() - bars_w as usize..].to_vec();
    let spark = Sparkline::default()
        .data(&data)
        .max(max.max(1))
        .bar_set(theme.bar_set())
        .style(theme.fg(Role::Bad));
    frame.render_widget(
        spark,
        Rect::new(area.x + label_w, area.y, bars_w, area.height),
    );
    let after = area.x + label_w + bars_w;
    if after < area.x + area.width {
        frame.buffer_mut().set_stringn(
            after,
            bottom,
            scale,
            (area.x + area.width - after) as usize,
            theme.muted(),
        );
    }
}

/// The first list row shown in `area`.
fn first_row(app: &App, area: Rect) -> usize {
    let state = app.pane_state(Pane::Strikes);
    let len = app.views().strikes.len();
    crate::layout::fit_offset(
        state.offset,
        state.selected,
        area.height as usize,
        len,
        false,
    )
}

/// The columns for the rows shown in `area`. On the wall, the oblast and target
/// columns shrink to the longest value on screen and the facility (the column
/// that is cut first) takes what they leave: a long name takes the free space
/// before it is cut.
fn columns(app: &App, area: Rect) -> StrikeColumns {
    let mut c = StrikeColumns::for_width(area.width as usize);
    if app.zoomed() && app.focus() == crate::pane::Pane::Strikes && !app.map_shown() {
        c = c.with_extras();
    }
    if app.wall().is_none() {
        return c;
    }
    let offset = first_row(app, area);
    let board = app.board();
    let shown = app
        .views()
        .strikes
        .iter()
        .skip(offset)
        .take(area.height as usize)
        .map(|&i| &board.strikes[i as usize]);
    let (mut oblast, mut target) = (width("oblast"), width("target"));
    for strike in shown {
        oblast = oblast.max(width(&one_line(&strike.oblast)) + 1);
        target = target.max(width(strike.target.as_str()) + 1);
    }
    let oblast = oblast.min(c.oblast_w);
    c.facility_w += c.oblast_w - oblast;
    c.oblast_w = oblast;
    if c.target_w > 0 {
        let target = target.min(c.target_w);
        c.facility_w += c.target_w - target;
        c.target_w = target;
    }
    c
}

fn list(frame: &mut Frame, area: Rect, app: &App, columns: &StrikeColumns) {
    let theme = &Theme::of(app);
    let list = &app.views().strikes;
    if area.height == 0 {
        return;
    }
    if list.is_empty() {
        super::draw_empty_note(
            frame,
            area,
            app,
            Pane::Strikes,
            ("strike reports", "strike report"),
        );
        return;
    }
    let state = app.pane_state(Pane::Strikes);
    let height = area.height as usize;
    let offset = first_row(app, area);
    for (i, &index) in list.iter().enumerate().skip(offset).take(height) {
        let y = area.y + (i - offset) as u16;
        let line = strike_line(
            app,
            &app.board().strikes[index as usize],
            area.width as usize,
            columns,
        );
        frame.buffer_mut().set_line(area.x, y, &line, area.width);
        if i == state.selected {
            let style = if app.focus() == Pane::Strikes {
                theme.selected()
            } else {
                Style::new().add_modifier(Modifier::UNDERLINED)
            };
            super::fill_row(frame, area, y, style);
        }
    }
}

/// `180k`, `1.2M`, `950`.
pub fn compact(n: u64) -> String {
    match n {
        0..1_000 => n.to_string(),
        1_000..1_000_000 => format!("{}k", n / 1_000),
        _ => format!("{:.1}M", n as f64 / 1_000_000.0),
    }
}

/// Column widths of a strike row at a width (narrow panes drop target, then damage).
#[derive(Clone, Copy, Debug)]
struct StrikeColumns {
    oblast_w: usize,
    target_w: usize,
    facility_w: usize,
    outage_w: usize,
    damage_w: usize,
    /// Zoomed (`z`): the columns that do not fit otherwise, those that fit,
    /// each with its width.
    extra: [usize; EXTRAS.len()],
}

/// The columns zoom adds, in the order they are given room, with their widths.
const EXTRAS: [(&str, usize); 5] = [
    ("location", 16),
    ("operator", 16),
    ("weapons", 18),
    ("casualties", 12),
    ("restored", 13),
];

/// The least the facility column keeps when zoom adds columns.
const FACILITY_MIN: usize = 24;

impl StrikeColumns {
    /// Gives the zoom columns room while the facility keeps [`FACILITY_MIN`].
    fn with_extras(mut self) -> StrikeColumns {
        for (k, (_, width)) in EXTRAS.iter().enumerate() {
            if self.facility_w > FACILITY_MIN + width {
                self.extra[k] = *width;
                self.facility_w -= width + 1;
            }
        }
        self
    }
}

/// The zoom column `k` of a strike, as text.
fn extra_value(app: &App, strike: &Strike, k: usize) -> Option<String> {
    match k {
        0 => strike.location.as_deref().map(one_line),
        1 => strike.operator.as_deref().map(one_line),
        2 => strike.weapons.as_ref().and_then(|w| {
            let parts: Vec<String> = w
                .reported()
                .iter()
                .map(|(_, short, n)| format!("{n} {short}"))
                .collect();
            (!parts.is_empty()).then(|| parts.join(" "))
        }),
        3 => strike
            .casualties
            .as_ref()
            .and_then(|c| match (c.killed, c.injured) {
                (None, None) => None,
                (k, i) => Some(format!(
                    "{}k {}i",
                    k.map_or("?".into(), |n| n.to_string()),
                    i.map_or("?".into(), |n| n.to_string()),
                )),
            }),
        _ => strike
            .restored
            .as_ref()
            .map(|r| app.zone().at(r.at).format("%d %b %H:%M").to_string()),
    }
}

impl StrikeColumns {
    fn for_width(w: usize) -> StrikeColumns {
        let oblast_w = if w >= 90 { 16 } else { 11 };
        let target_w = if w >= 64 { 12 } else { 0 };
        let damage_w = if w >= 56 { 10 } else { 0 };
        let outage_w = if w >= 90 { 13 } else { 10 };
        let fixed = 1
            + 12
            + 1
            + oblast_w
            + 1
            + target_w
            + usize::from(target_w > 0)
            + outage_w
            + 1
            + damage_w;
        StrikeColumns {
            oblast_w,
            target_w,
            facility_w: w.saturating_sub(fixed),
            outage_w,
            damage_w,
            extra: [0; EXTRAS.len()],
        }
    }
}

/// The column names above the list.
fn header_line(app: &App, c: &StrikeColumns) -> Line<'static> {
    let theme = &Theme::of(app);
    let mut text = format!(
        " {} {} ",
        cell("time", 12, ""),
        cell("oblast", c.oblast_w, "")
    );
    if c.target_w > 0 {
        text.push_str(&cell("target", c.target_w, ""));
        text.push(' ');
    }
    text.push_str(&cell("facility", c.facility_w, ""));
    text.push_str(&cell_right("outage", c.outage_w, ""));
    text.push(' ');
    if c.damage_w > 0 {
        text.push_str(&cell("damage", c.damage_w, ""));
    }
    for (k, (name, _)) in EXTRAS.iter().enumerate() {
        if c.extra[k] > 0 {
            text.push(' ');
            text.push_str(&cell(name, c.extra[k], ""));
        }
    }
    Line::from(Span::styled(
        text,
        theme.muted().add_modifier(Modifier::UNDERLINED),
    ))
}

/// The time column (12 wide) at the strike's precision: `21 Jan 03:40`,
/// `21 Jan~03:40`, `21 Jan`, `wk of 19 Jan`, `Jan 2026`.
fn time_cell(app: &App, strike: &Strike) -> String {
    use crate::model::TimePrecision;
    let shown = app.zone().at(strike.time.at).naive_local();
    // A date alone keeps its own day in any zone.
    let day = match strike.time.written {
        crate::model::Written::Date(day) => day,
        _ => shown.date(),
    };
    let text = match strike.time_precision {
        TimePrecision::Exact => shown.format("%d %b %H:%M"),
        TimePrecision::Hour => shown.format("%d %b~%H:%M"),
        TimePrecision::Day => day.format("%d %b"),
        TimePrecision::Week => day.format("wk of %d %b"),
        TimePrecision::Month => day.format("%b %Y"),
    };
    format!("{text:<12}")
}

/// `21 Jan 03:40 Kyiv  substation  Kyivska TPP-5  120,000 out  severe`.
fn strike_line(app: &App, strike: &Strike, w: usize, c: &StrikeColumns) -> Line<'static> {
    let theme = &Theme::of(app);
    let ell = theme.ellipsis();
    let now = app.now();
    let mark = app.mark(Kind::Strike, &strike.id);
    let time = time_cell(app, strike);
    let out_now = strike.customers_out_at(now);
    // Narrow panes write 180k rather than 180,000.
    let number = |n: u64| if w >= 90 { thousands(n) } else { compact(n) };
    let outage = match strike.outage_customers.map(u64::from) {
        Some(n) if n > 0 && out_now > 0 => format!("{} out", number(n)),
        Some(n) if n > 0 => format!("{} rest.", number(n)),
        // Zero is a reported fact; only an absent value is unknown.
        Some(_) => "none".to_string(),
        None => theme.glyph("–", "-").to_string(),
    };
    let StrikeColumns {
        oblast_w,
        target_w,
        facility_w: facility_room,
        outage_w,
        damage_w,
        extra,
    } = *c;
    let facility = strike
        .facility
        .as_deref()
        .or(strike.location.as_deref())
        .map_or_else(|| theme.glyph("–", "-").to_string(), one_line);
    let facility = format!("{}{facility}", super::wall::mark_word(app, mark));
    let base = if mark.is_some() {
        theme.strong(Role::Changed)
    } else {
        Style::default()
    };
    let mut spans = vec![
        mark_span(mark, theme),
        // The last day's strikes stand out (the date says it without colour).
        Span::styled(
            time,
            if crate::model::figures::in_last(strike.time.at, now, chrono::Duration::hours(24)) {
                theme.strong(Role::Now)
            } else {
                theme.bold()
            },
        ),
        Span::raw(" "),
        Span::styled(cell(&one_line(&strike.oblast), oblast_w, ell), base),
        Span::raw(" "),
    ];
    if target_w > 0 {
        spans.push(Span::styled(
            cell(strike.target.as_str(), target_w, ell),
            Style::default(),
        ));
        spans.push(Span::raw(" "));
    }
    spans.push(Span::styled(cell(&facility, facility_room, ell), base));
    spans.push(Span::styled(
        cell_right(&outage, outage_w, ell),
        if out_now > 0 {
            theme.fg(Role::Bad)
        } else {
            theme.muted()
        },
    ));
    spans.push(Span::raw(" "));
    if damage_w > 0 {
        spans.push(Span::styled(
            cell(strike.damage.as_str(), damage_w, ell),
            damage_style(strike.damage, theme),
        ));
    }
    for (k, &width) in extra.iter().enumerate() {
        if width > 0 {
            let value =
                extra_value(app, strike, k).unwrap_or_else(|| theme.glyph("–", "-").to_string());
            spans.push(Span::raw(" "));
            spans.push(Span::raw(cell(&value, width, ell)));
        }
    }
    Line::from(spans)
}
