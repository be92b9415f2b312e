//! The room's lines: the alert banner, the wall's state banners (stale data,
//! broken files) and the wall's big header.
//!
//! ```text
//!  ALERT 14:02 Big outage: strike S-2: Kyiv, substation, 12000 without power  (+1 more · x dismiss)
//!  DATA STALE: newest file 2d 3h old (last change Mon 19 Jan 09:00 UTC)
//!  FILE ERROR: strikes.toml rejected since 14:02 UTC · p lists the errors
//!  █▀█ ▀▀█ ▀ █▀█ █▀█  UTC              █ █ ▀ █▀█ █▀▀  next in 4h 5m
//!  █ █ ▄▀  ▄ █ █ █ █  14:00 EET        ▀▀█ ▄ █ █ ▀▀█  US negotiators meet Ukrainian officials
//!  ▀▀▀ ▀▀▀   ▀▀▀ ▀▀▀  Peace talks      ▀   ▀ ▀▀▀ ▀▀▀  16:00 UTC · Davos        Issues · rotating
//! ```
//!
//! The digits are drawn here rather than with `tui-big-text`: its current
//! release needs a newer Rust than this crate's `rust-version`, its only size
//! three rows tall uses sextant glyphs that many terminal fonts lack, and it
//! has no ASCII form for `--ascii`. A 3x5 font in half blocks is three rows
//! and four columns a digit, and falls back to `#` in ASCII.

use chrono::{DateTime, Utc};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};

use super::text::{fit, one_line, width};
use super::theme::{Role, Theme};
use crate::app::{Action, App};
use crate::model::zone::short_name;

/// The alert line: the newest alert not dismissed, how many more, the key.
pub fn alert_line(frame: &mut Frame, area: Rect, app: &App) {
    let theme = &Theme::of(app);
    let Some(newest) = app.banners().last() else {
        return;
    };
    let zone = app.zone();
    let more = app.banners().len() - 1;
    let key = app
        .config()
        .keys
        .key_label(Action::Dismiss, theme.ascii)
        .map(|k| format!("{k} dismiss"))
        .unwrap_or_default();
    let tail = match (more, key.is_empty()) {
        (0, true) => String::new(),
        (0, false) => format!("  ({key})"),
        (n, true) => format!("  (+{n} more)"),
        (n, false) => format!("  (+{n} more {} {key})", theme.glyph("·", "-")),
    };
    let head = format!(" ALERT {} ", zone.at(newest.at).format("%H:%M"));
    let room = (area.width as usize).saturating_sub(width(&head) + width(&tail));
    let body = fit(&one_line(&newest.line()), room, theme.ellipsis());
    let style = theme.strong(Role::Bad).add_modifier(Modifier::REVERSED);
    let buf = frame.buffer_mut();
    buf.set_style(area, style);
    let line = Line::from(vec![
        Span::styled(head, style),
        Span::styled(body, style),
        Span::styled(tail, style),
    ]);
    buf.set_line(area.x, area.y, &line, area.width);
}

/// The wall's state banners, one full-width line each: stale data, broken files.
pub fn status_lines(frame: &mut Frame, area: Rect, app: &App) {
    let theme = &Theme::of(app);
    let zone = app.zone();
    let mut lines: Vec<String> = Vec::new();
    if let Some(age) = app.stale_age() {
        let newest = app
            .board()
            .newest_modified
            .map(|m| zone.at(DateTime::<Utc>::from(m)));
        let mut text = format!(
            " DATA STALE: newest file {} old",
            crate::model::time::human_duration(age)
        );
        if let Some(at) = newest {
            text.push_str(&format!(
                " (last change {} {})",
                at.format("%a %-d %b %H:%M"),
                zone.short_name(app.now())
            ));
        }
        lines.push(text);
    }
    let broken = app.broken_files();
    if let Some((first, since)) = broken.first() {
        let mut text = if broken.len() == 1 {
            format!(" FILE ERROR: {first} rejected")
        } else {
            format!(
                " FILE ERROR: {} files rejected ({first}, ...)",
                broken.len()
            )
        };
        // Since the oldest of the broken versions was saved.
        if let Some(at) = broken.iter().filter_map(|(_, at)| *at).min().or(*since) {
            text.push_str(&format!(
                " since {} {}",
                zone.at(at).format("%a %-d %b %H:%M"),
                zone.short_name(app.now())
            ));
        }
        if let Some(key) = app.config().keys.key_label(Action::Problems, theme.ascii) {
            text.push_str(&format!(
                " {} {key} lists the errors",
                theme.glyph("·", "-")
            ));
        }
        lines.push(text);
    }
    let style = theme.strong(Role::Bad).add_modifier(Modifier::REVERSED);
    let buf = frame.buffer_mut();
    for (i, text) in lines.iter().enumerate().take(area.height as usize) {
        let row = Rect::new(area.x, area.y + i as u16, area.width, 1);
        buf.set_style(row, style);
        buf.set_stringn(
            row.x,
            row.y,
            fit(text, area.width as usize, theme.ellipsis()),
            area.width as usize,
            style,
        );
    }
}

/// A glyph of the big font: 5 rows of 3 pixels (`#` set).
fn glyph(c: char) -> Option<[&'static str; 5]> {
    Some(match c {
        '0' => ["###", "#.#", "#.#", "#.#", "###"],
        '1' => [".#.", "##.", ".#.", ".#.", "###"],
        '2' => ["###", "..#", "###", "#..", "###"],
        '3' => ["###", "..#", "###", "..#", "###"],
        '4' => ["#.#", "#.#", "###", "..#", "..#"],
        '5' => ["###", "#..", "###", "..#", "###"],
        '6' => ["###", "#..", "###", "#.#", "###"],
        '7' => ["###", "..#", "..#", "..#", "..#"],
        '8' => ["###", "#.#", "###", "#.#", "###"],
        '9' => ["###", "#.#", "###", "..#", "###"],
        'd' => ["..#", "..#", "###", "#.#", "###"],
        'k' => ["#..", "#.#", "##.", "#.#", "#.#"],
        'M' => ["#.#", "###", "###", "#.#", "#.#"],
        '.' => [".", ".", ".", ".", "#"],
        '-' => ["...", "...", "###", "...", "..."],
        ':' => [".", "#", ".", "#", "."],
        _ => return None,
    })
}

/// `text` in big digits: three rows, each pair of pixel rows one text row
/// (half blocks, or `#` in ASCII). Characters the font lacks are left out.
pub fn big_rows(text: &str, ascii: bool) -> [String; 3] {
    let mut rows = [String::new(), String::new(), String::new()];
    for (n, c) in text.chars().filter_map(glyph).enumerate() {
        for (r, row) in rows.iter_mut().enumerate() {
            if n > 0 {
                row.push(' ');
            }
            let top = c[2 * r].as_bytes();
            let bottom = c
                .get(2 * r + 1)
                .map_or(&b"..."[..top.len()], |s| s.as_bytes());
            for (t, b) in top.iter().zip(bottom) {
                row.push(match (*t == b'#', *b == b'#', ascii) {
                    (false, false, _) => ' ',
                    (_, _, true) => '#',
                    (true, true, false) => '█',
                    (true, false, false) => '▀',
                    (false, true, false) => '▄',
                });
            }
        }
    }
    rows
}

/// The wall's header: the first clock and the countdown to the next event in
/// big digits, with the zone, the other clocks, the board's title and the
/// event's title beside them in normal text. One row high (a short screen):
/// the ordinary header.
pub fn big_header(frame: &mut Frame, area: Rect, app: &App) {
    if area.height < 3 {
        super::header::render(frame, area, app);
        return;
    }
    let theme = &Theme::of(app);
    let board = app.board();
    let now = app.now();
    let clocks = &board.meta.clocks;
    let first = clocks.first().copied().unwrap_or(chrono_tz::Tz::UTC);
    let local = now.with_timezone(&first);
    let clock_big = big_rows(&local.format("%H:%M").to_string(), theme.ascii);
    let others: Vec<String> = clocks
        .iter()
        .skip(1)
        .map(|tz| {
            format!(
                "{} {}",
                now.with_timezone(tz).format("%H:%M"),
                short_name(*tz, now)
            )
        })
        .collect();
    let count = app.problem_count();
    let mut facts = Vec::new();
    if count.errors + count.warnings > 0 {
        facts.push(format!("{}{}", theme.glyph("⚠ ", "! "), count.describe()));
    }
    if let Some(wall) = app.wall().filter(|w| w.rotate > 0) {
        facts.push(if wall.paused {
            "rotation paused".to_string()
        } else {
            format!("rotating every {}s", wall.rotate)
        });
    }
    let clock_label = [
        short_name(first, now),
        others.join("  "),
        one_line(&board.meta.title),
    ];

    let next = crate::model::figures::next_event(&board.events, now);
    let (count_big, next_label) = match next {
        Some(event) if !event.start.date_only() => {
            // Rounded up to the minute, as the calendar's countdown is.
            let minutes = ((event.start.at - now).num_seconds().max(0) + 59) / 60;
            let text = if minutes >= 100 * 60 {
                format!("{}d", minutes / 1440)
            } else {
                format!("{}:{:02}", minutes / 60, minutes % 60)
            };
            (
                Some(big_rows(&text, theme.ascii)),
                [
                    format!("next in {}", super::text::countdown(now, event.start.at)),
                    one_line(&event.title),
                    event_where(app, event),
                ],
            )
        }
        Some(event) => (
            None,
            [
                "next".to_string(),
                one_line(&event.title),
                format!("{}, time TBA", event.start.own_local().format("%a %-d %b")),
            ],
        ),
        None => (
            None,
            [
                "next event".to_string(),
                "none ahead on the board".to_string(),
                String::new(),
            ],
        ),
    };

    let total = area.width as usize;
    let clock_w = width(&clock_big[0]);
    let label_w = clock_label
        .iter()
        .map(|s| width(s))
        .max()
        .unwrap_or(0)
        .min(total / 4)
        .max(8);
    let count_w = count_big.as_ref().map_or(0, |b| width(&b[0]));
    let facts_text = facts.join(&format!(" {} ", theme.glyph("·", "-")));
    let buf = frame.buffer_mut();
    for r in 0..3usize {
        let y = area.y + r as u16;
        let mut spans = vec![
            Span::raw(" "),
            Span::styled(clock_big[r].clone(), theme.strong(Role::Accent)),
            Span::raw("  "),
        ];
        let label_style = match r {
            0 => theme.bold(),
            1 => Style::default(),
            _ => theme.muted(),
        };
        spans.push(Span::styled(
            super::text::cell(&clock_label[r], label_w, theme.ellipsis()),
            label_style,
        ));
        spans.push(Span::raw("   "));
        let mut used = 1 + clock_w + 2 + label_w + 3;
        if let Some(big) = &count_big {
            if used + count_w + 2 + 12 <= total {
                spans.push(Span::styled(big[r].clone(), theme.strong(Role::Now)));
                spans.push(Span::raw("  "));
                used += count_w + 2;
            }
        }
        // The event's title takes what is left (less the facts on the last row).
        let right = if r == 2 && !facts_text.is_empty() {
            width(&facts_text) + 2
        } else {
            0
        };
        let room = total.saturating_sub(used + right);
        let style = match r {
            0 => theme.strong(Role::Now),
            1 => theme.bold(),
            _ => Style::default(),
        };
        spans.push(Span::styled(
            fit(&next_label[r], room, theme.ellipsis()),
            style,
        ));
        let line = Line::from(spans);
        buf.set_line(area.x, y, &line, area.width);
        if right > 0 && total > right {
            let x = area.x + (total - right + 1) as u16;
            buf.set_stringn(x, y, &facts_text, right, theme.muted());
        }
    }
}

/// `16:00 UTC · Davos` for the next event, in the display zone.
fn event_where(app: &App, event: &crate::model::Event) -> String {
    let zone = app.zone();
    let now = app.now();
    let mut text = format!(
        "{} {}",
        zone.at(event.start.at).format("%a %-d %b %H:%M"),
        zone.short_name(now)
    );
    if let Some(location) = &event.location {
        text.push_str(&format!(" · {}", one_line(location)));
    }
    text
}

/// `NEW ` or `CHANGED ` before a marked record's title on the wall, so the
/// mark reads without colour (`NO_COLOR`) and from across the room.
pub fn mark_word(app: &App, mark: Option<crate::app::changes::Mark>) -> &'static str {
    use crate::app::changes::Mark;
    if app.wall().is_none() {
        return "";
    }
    match mark {
        Some(Mark::Added) => "NEW ",
        Some(Mark::Changed) => "CHANGED ",
        None => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn big_digits_are_three_rows() {
        let rows = big_rows("12:05", false);
        assert_eq!(
            rows,
            [
                "▄█  ▀▀█ ▄ █▀█ █▀▀".to_string(),
                " █  █▀▀ ▄ █ █ ▀▀█".to_string(),
                "▀▀▀ ▀▀▀   ▀▀▀ ▀▀▀".to_string(),
            ]
        );
        let ascii = big_rows("1", true);
        assert_eq!(
            ascii,
            ["## ".to_string(), " # ".to_string(), "###".to_string()]
        );
    }
}
