//! Text that fits: cutting and padding by display width, numbers and ages.

use chrono::Duration;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Display width in terminal cells.
pub fn width(text: &str) -> usize {
    UnicodeWidthStr::width(text)
}

/// One line of a possibly multi-line field (newlines become spaces).
pub fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Cuts `text` to at most `max` cells, ending with `ellipsis` when cut.
pub fn fit(text: &str, max: usize, ellipsis: &str) -> String {
    if width(text) <= max {
        return text.to_string();
    }
    let room = max.saturating_sub(width(ellipsis));
    let mut out = String::new();
    let mut used = 0;
    for ch in text.chars() {
        let w = UnicodeWidthChar::width(ch).unwrap_or(0);
        if used + w > room {
            break;
        }
        used += w;
        out.push(ch);
    }
    if max >= width(ellipsis) {
        out.push_str(ellipsis);
    }
    out
}

/// `text` cut to `cells` and padded with spaces to exactly `cells`.
pub fn cell(text: &str, cells: usize, ellipsis: &str) -> String {
    let mut out = fit(text, cells, ellipsis);
    let w = width(&out);
    out.extend(std::iter::repeat_n(' ', cells.saturating_sub(w)));
    out
}

/// `text` cut to `cells` and right-aligned in exactly `cells`.
pub fn cell_right(text: &str, cells: usize, ellipsis: &str) -> String {
    let out = fit(text, cells, ellipsis);
    let w = width(&out);
    format!("{}{}", " ".repeat(cells.saturating_sub(w)), out)
}

/// `12,000` (shared with the briefs).
pub use crate::model::format::thousands;

/// Time until `at`, rounded up to the minute (at 12:00:30 an event at 16:00 is
/// "4h" away, not "3h 59m": the clock on screen says 12:00).
pub fn countdown(now: chrono::DateTime<chrono::Utc>, at: chrono::DateTime<chrono::Utc>) -> String {
    let secs = (at - now).num_seconds().max(0);
    crate::model::time::human_duration(Duration::minutes((secs + 59) / 60))
}

/// A short age: `now`, `12m`, `5h`, `3d`, `6w`.
pub fn age(d: Duration) -> String {
    let m = d.num_minutes();
    if m < 1 {
        "now".to_string()
    } else if m < 60 {
        format!("{m}m")
    } else if m < 48 * 60 {
        format!("{}h", m / 60)
    } else if m < 60 * 24 * 14 {
        format!("{}d", m / 1440)
    } else {
        format!("{}w", m / (1440 * 7))
    }
}

/// Word-wraps `text` into rows of at most `max` cells (words longer than a row
/// are cut across rows). Newlines in the text start new rows.
pub fn wrap(text: &str, max: usize) -> Vec<String> {
    let max = max.max(1);
    let mut rows = Vec::new();
    for paragraph in text.split('\n') {
        let mut row = String::new();
        let mut used = 0;
        for word in paragraph.split_whitespace() {
            let w = width(word);
            if used > 0 && used + 1 + w > max {
                rows.push(std::mem::take(&mut row));
                used = 0;
            }
            if used > 0 {
                row.push(' ');
                used += 1;
            }
            if w <= max - used {
                row.push_str(word);
                used += w;
                continue;
            }
            for ch in word.chars() {
                let cw = UnicodeWidthChar::width(ch).unwrap_or(0);
                if used + cw > max {
                    rows.push(std::mem::take(&mut row));
                    used = 0;
                }
                row.push(ch);
                used += cw;
            }
        }
        rows.push(row);
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fitting_by_display_width() {
        assert_eq!(fit("Kyiv", 10, "…"), "Kyiv");
        assert_eq!(fit("Zaporizhzhia", 6, "…"), "Zapor…");
        assert_eq!(fit("Запоріжжя", 5, "~"), "Запо~");
        assert_eq!(fit("東京東京", 5, "…"), "東京…");
        assert_eq!(fit("abc", 0, "…"), "");
        assert_eq!(cell("ab", 4, "…"), "ab  ");
        assert_eq!(cell_right("ab", 4, "…"), "  ab");
    }

    #[test]
    fn numbers_and_ages() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(1_234_567), "1,234,567");
        assert_eq!(age(Duration::minutes(12)), "12m");
        assert_eq!(age(Duration::hours(30)), "30h");
        assert_eq!(age(Duration::days(3)), "3d");
        assert_eq!(one_line("a\n  b"), "a b");
        assert_eq!(wrap("one two three", 7), vec!["one two", "three"]);
        assert_eq!(wrap("abcdefghij", 4), vec!["abcd", "efgh", "ij"]);
        assert_eq!(wrap("a\nb", 10), vec!["a", "b"]);
    }
}
