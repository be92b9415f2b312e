//! The plain-text brief: for a terminal or an e-mail, ASCII decoration only.
//!
//! ```text
//! TITLE
//! [classification] [example-board note]
//! Brief as of Wed 21 Jan 2026 12:00 UTC; times in UTC
//!
//! NEXT EVENT            title / countdown, time, place, kind and status
//! UPCOMING (7 DAYS)     by day: time or "time TBA", title, kind, status
//! ISSUES                priority, title, status, progress bar
//! STRIKES               last 24 h / 7 days, customers without power, top oblasts
//! PROBLEMS              FILE:LINE:COL: level: message
//! ```

use std::fmt::Write;

use unicode_width::UnicodeWidthStr;

use super::{Brief, day_label, progress_bar, progress_label, thousands};
use crate::model::ProblemCount;
use crate::pane::Pane;

/// How many oblasts the strike summary names.
const TOP_OBLASTS: usize = 5;
/// How many outages still on the strike summary lists.
const LARGEST_OUTAGES: usize = 3;

pub fn render(brief: &Brief) -> String {
    let mut out = String::new();
    let f = &brief.figures;
    let meta = &brief.board.meta;

    line(&mut out, &meta.title);
    if let Some(classification) = &meta.classification {
        line(&mut out, classification);
    }
    if brief.example {
        line(
            &mut out,
            "This is the example board built into sitboard: illustrative records around a January 2026 news report.",
        );
    }
    if let Some(as_of) = brief.as_of_line() {
        line(&mut out, &as_of);
    }
    line(
        &mut out,
        &format!(
            "Brief as of {}; times in {}",
            brief.long_time(brief.now()),
            brief.zone.name()
        ),
    );
    if brief.board.file_count == 0 {
        line(&mut out, "No data files were found under the PATHs given.");
    }
    line(
        &mut out,
        &format!(
            "On the board: {} events, {} issues, {} strikes",
            f.counts.events, f.counts.issues, f.counts.strikes
        ),
    );
    if let Some(age) = brief.data_age_line() {
        line(&mut out, &age);
    }

    if let Some(changes) = brief.changes {
        heading(
            &mut out,
            &format!(
                "CHANGES SINCE {} ({}): {}",
                changes.asked,
                changes.items.len(),
                brief.point_label(&changes.since)
            ),
        );
        if changes.items.is_empty() {
            line(&mut out, "  No changes.");
        }
        for (kind, items) in Brief::changes_by_pane(changes) {
            line(&mut out, &format!("  {}", Pane::of(kind).title()));
            for item in items {
                line(&mut out, &format!("    {}", brief.change_line(item)));
            }
        }
    }

    heading(&mut out, "NEXT EVENT");
    match &f.next_event {
        Some(event) => {
            line(&mut out, &format!("  {}", event.title));
            let mut details = vec![brief.countdown(event), brief.event_when(event)];
            details.extend(event.location.clone());
            details.push(format!("{}, {}", event.kind, event.status));
            line(&mut out, &format!("  {}", details.join(" - ")));
        }
        None => line(&mut out, "  Nothing scheduled ahead."),
    }

    heading(
        &mut out,
        &format!(
            "UPCOMING, NEXT 7 DAYS ({}{})",
            f.upcoming.len(),
            approximate_in(f.upcoming_approximate)
        ),
    );
    if f.upcoming.is_empty() {
        line(&mut out, "  No events in the next 7 days.");
    }
    for (day, events) in brief.upcoming_by_day() {
        line(&mut out, &format!("  {}", day_label(day)));
        for event in events {
            let mut text = format!(
                "    {:<9} {} ({}, {})",
                brief.event_clock(event),
                event.title,
                event.kind,
                event.status
            );
            if let Some(location) = &event.location {
                let _ = write!(text, " - {location}");
            }
            line(&mut out, &text);
        }
    }

    let summary = brief.status_summary();
    if summary.is_empty() {
        heading(&mut out, "ISSUES (0)");
        line(&mut out, "  No issues on the board.");
    } else {
        heading(&mut out, &format!("ISSUES ({}: {summary})", f.issues.len()));
    }
    let title_width = f
        .issues
        .iter()
        .map(|i| i.title.width())
        .max()
        .unwrap_or(0)
        .min(44);
    for issue in &f.issues {
        let status = issue.status.as_str();
        // A long title wraps under itself; it is never cut.
        let rows = wrap(&issue.title, title_width.max(1));
        let title = pad(rows.first().map_or("", String::as_str), title_width);
        line(
            &mut out,
            &format!(
                "  {:<8}  {title}  {status:<14}  {} {}",
                issue.priority.as_str(),
                progress_bar(issue.progress),
                progress_label(issue.progress)
            ),
        );
        for row in rows.iter().skip(1) {
            line(&mut out, &format!("  {:<8}  {row}", ""));
        }
    }

    let key = brief.key_issues();
    if !key.is_empty() {
        heading(
            &mut out,
            &format!("CRITICAL AND HIGH ISSUES ({})", key.len()),
        );
        for issue in key {
            line(
                &mut out,
                &format!("  {} ({}, {})", issue.title, issue.priority, issue.status),
            );
            for (code, position) in issue.positions_in_order(meta) {
                let who = meta.party_name(code);
                indented(&mut out, &format!("{who}: {}", position.replace('\n', " ")));
            }
            if let Some(entry) = Brief::latest_log(issue) {
                let text = entry.text.replace('\n', " ");
                indented(
                    &mut out,
                    &format!("Latest, {}: {text}", brief.log_day(entry)),
                );
                if let Some(source) = &entry.source {
                    line(&mut out, &format!("      source: {source}"));
                }
            }
            for source in &issue.sources {
                line(&mut out, &format!("    Source: {source}"));
            }
        }
    }

    heading(&mut out, "STRIKES ON ENERGY INFRASTRUCTURE");
    let s = &f.strikes;
    line(
        &mut out,
        &format!(
            "  Last 24 hours: {}{}",
            s.last_24h,
            approximate(s.approximate_24h)
        ),
    );
    line(
        &mut out,
        &format!(
            "  Last 7 days:   {}{}",
            s.last_7d,
            approximate(s.approximate_7d)
        ),
    );
    if let Some(casualties) = casualties_7d(s, "–") {
        line(
            &mut out,
            &format!("  Casualties, last 7 days: {casualties}"),
        );
    }
    line(
        &mut out,
        &format!(
            "  Customers without power now: {}",
            thousands(s.customers_without_power)
        ),
    );
    let outages = brief.outage_lines(LARGEST_OUTAGES);
    if !outages.is_empty() {
        line(&mut out, "  Largest outages still on:");
        for outage in outages {
            line(&mut out, &format!("    {outage}"));
        }
    }
    let top = s.top_oblasts(TOP_OBLASTS);
    if !top.is_empty() {
        let names: Vec<String> = top.iter().map(|(name, n)| format!("{name} {n}")).collect();
        let more = s.by_oblast_7d.len().saturating_sub(top.len());
        let tail = if more > 0 {
            format!(" (and {more} more)")
        } else {
            String::new()
        };
        line(
            &mut out,
            &format!("  Most hit, last 7 days: {}{tail}", names.join(", ")),
        );
    }

    let problems = &brief.board.problems;
    if !brief.problems {
        return out;
    }
    if problems.is_empty() {
        heading(&mut out, "PROBLEMS: none");
    } else {
        heading(
            &mut out,
            &format!("PROBLEMS ({})", ProblemCount::of(problems).describe()),
        );
        for problem in problems {
            line(&mut out, &format!("  {problem}"));
        }
        if brief.board.has_errors() {
            line(
                &mut out,
                "  Files with errors are left out of every figure above.",
            );
        }
    }
    out
}

/// ` (2 approximate in time)` after a window's count; nothing when none is.
pub fn approximate(n: usize) -> String {
    if n == 0 {
        String::new()
    } else {
        format!(" ({n} approximate in time)")
    }
}

/// `, 2 approximate in time` inside a heading's parentheses.
pub fn approximate_in(n: usize) -> String {
    if n == 0 {
        String::new()
    } else {
        format!(", {n} approximate in time")
    }
}

/// `2–5 killed (best 3), 4 injured; 3 strikes report casualties`;
/// `None` when no strike of the week reports casualties.
pub fn casualties_7d(s: &crate::model::figures::StrikeFigures, dash: &str) -> Option<String> {
    if s.with_casualties_7d == 0 {
        return None;
    }
    let strikes = if s.with_casualties_7d == 1 {
        "1 strike reports casualties".to_string()
    } else {
        format!("{} strikes report casualties", s.with_casualties_7d)
    };
    Some(format!(
        "{}, {}; {strikes}",
        s.killed_7d.describe("killed", dash),
        s.injured_7d.describe("injured", dash)
    ))
}

fn line(out: &mut String, text: &str) {
    out.push_str(text);
    out.push('\n');
}

fn heading(out: &mut String, text: &str) {
    out.push('\n');
    line(out, text);
}

/// A paragraph under an issue: wrapped to 80 columns, its first row indented by
/// 4 and the rest by 6.
fn indented(out: &mut String, text: &str) {
    for (n, row) in wrap(text, 74).into_iter().enumerate() {
        let indent = if n == 0 { "    " } else { "      " };
        line(out, &format!("{indent}{row}"));
    }
}

/// Words on rows of at most `width` columns (a word longer than that has a row
/// of its own, uncut).
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut rows: Vec<String> = Vec::new();
    let mut row = String::new();
    for word in text.split_whitespace() {
        if !row.is_empty() && row.width() + 1 + word.width() > width {
            rows.push(std::mem::take(&mut row));
        }
        if !row.is_empty() {
            row.push(' ');
        }
        row.push_str(word);
    }
    if !row.is_empty() || rows.is_empty() {
        rows.push(row);
    }
    rows
}

/// Pads to `width` terminal columns, cutting with `...` when longer.
fn pad(text: &str, width: usize) -> String {
    if text.width() <= width {
        return format!("{text}{}", " ".repeat(width - text.width()));
    }
    let mut cut = String::new();
    for ch in text.chars() {
        if cut.width() + ch.to_string().width() + 3 > width {
            break;
        }
        cut.push(ch);
    }
    let used = cut.width() + 3;
    format!("{cut}...{}", " ".repeat(width.saturating_sub(used)))
}

#[cfg(test)]
mod tests {
    use super::pad;

    #[test]
    fn pad_fills_and_cuts_to_the_column() {
        assert_eq!(pad("Territory", 12), "Territory   ");
        assert_eq!(pad("Post-war security guarantees", 12), "Post-war ...");
        assert_eq!(pad("Київ", 6), "Київ  ");
    }
}
