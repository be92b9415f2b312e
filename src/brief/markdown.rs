//! The Markdown brief: the text brief's content with headings, lists and a table.

use super::{Brief, day_label, progress_label, thousands};
use crate::model::EventStatus;
use crate::model::ProblemCount;
use crate::pane::Pane;

const TOP_OBLASTS: usize = 5;

pub fn render(brief: &Brief) -> String {
    let mut out = String::new();
    let f = &brief.figures;
    let meta = &brief.board.meta;
    let push = |out: &mut String, text: &str| {
        out.push_str(text);
        out.push('\n');
    };

    push(&mut out, &format!("# {}", escape(&meta.title)));
    push(&mut out, "");
    if let Some(classification) = &meta.classification {
        push(&mut out, &format!("**{}**", escape(classification)));
        push(&mut out, "");
    }
    if brief.example {
        push(
            &mut out,
            "*This is the example board built into sitboard: illustrative records around a January 2026 news report.*",
        );
        push(&mut out, "");
    }
    if brief.board.file_count == 0 {
        push(&mut out, "No data files were found under the PATHs given.");
        push(&mut out, "");
    }
    push(
        &mut out,
        &format!(
            "Brief as of **{}**; times in {}. On the board: {} events, {} issues, {} strikes.",
            brief.long_time(brief.now()),
            escape(&brief.zone.name()),
            f.counts.events,
            f.counts.issues,
            f.counts.strikes
        ),
    );
    if let Some(age) = brief.data_age_line() {
        push(&mut out, &format!("{age}."));
    }

    if let Some(as_of) = brief.as_of_line() {
        push(&mut out, "");
        push(&mut out, &format!("**{}**", escape(&as_of)));
    }
    if let Some(changes) = brief.changes {
        push(&mut out, "");
        push(
            &mut out,
            &format!(
                "## Changes since {} ({}): {}",
                escape(&changes.asked),
                changes.items.len(),
                escape(&brief.point_label(&changes.since))
            ),
        );
        push(&mut out, "");
        if changes.items.is_empty() {
            push(&mut out, "No changes.");
        }
        for (kind, items) in Brief::changes_by_pane(changes) {
            push(&mut out, &format!("### {}", Pane::of(kind).title()));
            push(&mut out, "");
            for item in items {
                push(&mut out, &format!("- {}", escape(&brief.change_line(item))));
            }
            push(&mut out, "");
        }
        if !changes.items.is_empty() {
            out.pop();
        }
    }

    push(&mut out, "");
    push(&mut out, "## Next event");
    push(&mut out, "");
    match &f.next_event {
        Some(event) => {
            let mut details = vec![brief.countdown(event), brief.event_when(event)];
            details.extend(event.location.as_deref().map(escape));
            details.push(format!("{}, {}", event.kind, event.status));
            push(&mut out, &format!("**{}**  ", escape(&event.title)));
            push(&mut out, &details.join(" · "));
        }
        None => push(&mut out, "Nothing scheduled ahead."),
    }

    push(&mut out, "");
    push(
        &mut out,
        &format!(
            "## Upcoming, next 7 days ({}{})",
            f.upcoming.len(),
            super::text::approximate_in(f.upcoming_approximate)
        ),
    );
    if f.upcoming.is_empty() {
        push(&mut out, "");
        push(&mut out, "No events in the next 7 days.");
    }
    for (day, events) in brief.upcoming_by_day() {
        push(&mut out, "");
        push(&mut out, &format!("### {}", day_label(day)));
        push(&mut out, "");
        for event in events {
            // Struck through when it will not happen; a postponed event still will.
            let title = match event.status {
                EventStatus::Cancelled => format!("~~{}~~", escape(&event.title)),
                _ => escape(&event.title),
            };
            let mut item = format!(
                "- {} {title} ({}, {})",
                brief.event_clock(event),
                event.kind,
                event.status
            );
            if let Some(location) = &event.location {
                item.push_str(&format!(" — {}", escape(location)));
            }
            push(&mut out, &item);
        }
    }

    push(&mut out, "");
    push(&mut out, &format!("## Issues ({})", f.issues.len()));
    push(&mut out, "");
    let summary = brief.status_summary();
    if summary.is_empty() {
        push(&mut out, "No issues on the board.");
    } else {
        push(&mut out, &format!("{summary}."));
        push(&mut out, "");
        push(&mut out, "| Priority | Issue | Status | Progress |");
        push(&mut out, "|---|---|---|---:|");
        for issue in &f.issues {
            push(
                &mut out,
                &format!(
                    "| {} | {} | {} | {} |",
                    issue.priority,
                    escape(&issue.title),
                    issue.status,
                    progress_label(issue.progress)
                ),
            );
        }
    }

    let key = brief.key_issues();
    if !key.is_empty() {
        push(&mut out, "");
        push(
            &mut out,
            &format!("## Critical and high issues ({})", key.len()),
        );
        for issue in key {
            push(&mut out, "");
            push(
                &mut out,
                &format!(
                    "### {} ({}, {})",
                    escape(&issue.title),
                    issue.priority,
                    issue.status
                ),
            );
            push(&mut out, "");
            for (code, position) in issue.positions_in_order(&brief.board.meta) {
                push(
                    &mut out,
                    &format!(
                        "- **{}**: {}",
                        escape(brief.board.meta.party_name(code)),
                        escape(&position.replace('\n', " "))
                    ),
                );
            }
            if let Some(entry) = Brief::latest_log(issue) {
                let mut item = format!(
                    "- Latest, {}: {}",
                    brief.log_day(entry),
                    escape(&entry.text.replace('\n', " "))
                );
                if let Some(source) = &entry.source {
                    item.push_str(&format!(" (source: {})", source_md(source)));
                }
                push(&mut out, &item);
            }
            for source in &issue.sources {
                push(&mut out, &format!("- Source: {}", source_md(source)));
            }
        }
    }

    push(&mut out, "");
    push(&mut out, "## Strikes on energy infrastructure");
    push(&mut out, "");
    let s = &f.strikes;
    push(
        &mut out,
        &format!(
            "- Last 24 hours: **{}**{}",
            s.last_24h,
            super::text::approximate(s.approximate_24h)
        ),
    );
    push(
        &mut out,
        &format!(
            "- Last 7 days: **{}**{}",
            s.last_7d,
            super::text::approximate(s.approximate_7d)
        ),
    );
    if let Some(casualties) = super::text::casualties_7d(s, "–") {
        push(
            &mut out,
            &format!("- Casualties, last 7 days: {casualties}"),
        );
    }
    push(
        &mut out,
        &format!(
            "- Customers without power now: **{}**",
            thousands(s.customers_without_power)
        ),
    );
    for outage in brief.outage_lines(3) {
        push(&mut out, &format!("  - {}", escape(&outage)));
    }
    let top = s.top_oblasts(TOP_OBLASTS);
    if !top.is_empty() {
        let names: Vec<String> = top
            .iter()
            .map(|(name, n)| format!("{} {n}", escape(name)))
            .collect();
        push(
            &mut out,
            &format!("- Most hit, last 7 days: {}", names.join(", ")),
        );
    }

    let problems = &brief.board.problems;
    if !brief.problems {
        return out;
    }
    push(&mut out, "");
    if problems.is_empty() {
        push(&mut out, "## Problems");
        push(&mut out, "");
        push(&mut out, "None.");
    } else {
        push(
            &mut out,
            &format!("## Problems ({})", ProblemCount::of(problems).describe()),
        );
        push(&mut out, "");
        for p in problems {
            push(
                &mut out,
                &format!(
                    "- `{}:{}:{}` **{}**: {}",
                    p.file.replace('`', "'"),
                    p.pos.line,
                    p.pos.col,
                    p.level.as_str(),
                    escape(&p.full_message())
                ),
            );
        }
        if brief.board.has_errors() {
            push(&mut out, "");
            push(
                &mut out,
                "Files with errors are left out of every figure above.",
            );
        }
    }
    out
}

/// Escapes the characters Markdown would read as markup, so data text shows as
/// written (a `|` cannot break the table, a `*` cannot start emphasis).
/// A source in Markdown: a URL the board would link (http, https, mailto, all
/// printable ASCII: `term::link_target`) as an autolink `<URL>`; anything else
/// as escaped text, never a link.
pub fn source_md(source: &str) -> String {
    match crate::term::link_target(source) {
        // An autolink ends at `>` and cannot hold `<`: such a URL stays text.
        Some(url) if !url.contains(['<', '>']) => format!("<{url}>"),
        _ => escape(source),
    }
}

pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#' | '~' => {
                out.push('\\');
                out.push(ch);
            }
            '\n' => out.push(' '),
            _ => out.push(ch),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{escape, source_md};

    #[test]
    fn url_sources_are_autolinks_and_nothing_else_is() {
        assert_eq!(
            source_md("https://example.org/a_b?c=1"),
            "<https://example.org/a_b?c=1>"
        );
        assert_eq!(
            source_md("mailto:desk@example.org"),
            "<mailto:desk@example.org>"
        );
        assert_eq!(source_md("javascript:alert(1)"), "javascript:alert(1)");
        assert_eq!(
            source_md("https://example.org/<script>"),
            "https://example.org/\\<script\\>"
        );
        assert_eq!(
            source_md("https://example.org/a\u{fffd}b"),
            "https://example.org/a\u{fffd}b"
        );
        assert_eq!(source_md("Suspilne [live]"), "Suspilne \\[live\\]");
    }

    #[test]
    fn markup_in_data_is_escaped() {
        assert_eq!(escape("a|b *c* _d_ #1"), "a\\|b \\*c\\* \\_d\\_ \\#1");
        assert_eq!(escape("two\nlines"), "two lines");
    }
}
