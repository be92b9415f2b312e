//! Sanitising of text from data files (docs/data-format.md#discovery-and-loading): no byte of a data file may reach
//! the terminal as a control sequence.
//!
//! Every text field is cleaned once, when its file is loaded:
//! - C0 controls, DEL and C1 controls are removed; a tab becomes a space; a newline
//!   stays only in multi-line fields ([`text()`]) and becomes a space elsewhere
//!   ([`line()`]), so "Kyiv\nLviv" does not run together as "`KyivLviv`";
//! - whole escape sequences go, not only their ESC byte (ratatui drops the ESC but
//!   would print `[31m`): CSI `ESC [ ... final`, OSC/DCS/SOS/PM/APC strings up to
//!   BEL or ST, other `ESC` sequences, and their 8-bit C1 forms (`U+009B` ...);
//! - bidirectional and other format controls (Unicode category Cf: U+200E/F,
//!   U+202A–202E, U+2066–2069, U+061C, U+FEFF, zero-width characters, tags ...)
//!   and the line/paragraph separators U+2028/2029 are removed.

use std::fmt::Write as _;
use std::iter::Peekable;
use std::str::Chars;

/// Cleans a single-line field (titles, names, ids as shown, sources).
pub fn line(raw: &str) -> String {
    clean(raw, false)
}

/// Cleans a multi-line field (summary, notes, positions, log text): newlines stay.
pub fn text(raw: &str) -> String {
    clean(raw, true)
}

/// Cleans a source (`sources = [...]`): as [`line()`], but every control,
/// escape sequence or format character removed leaves a `�` (U+FFFD) where it
/// was, so a URL that carried one is shown as tampered with and is never made
/// a link (docs/screen-and-keys.md#detail): `https://a.org/\u0007x` must not
/// quietly become the link `https://a.org/x`.
pub fn source(raw: &str) -> String {
    if raw.bytes().all(|b| (0x20..0x7f).contains(&b)) {
        return raw.to_owned();
    }
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        let removed = match c {
            '\u{1b}' => {
                skip_escape(&mut chars);
                true
            }
            '\u{9b}' => {
                skip_csi(&mut chars);
                true
            }
            '\u{90}' | '\u{98}' | '\u{9d}' | '\u{9e}' | '\u{9f}' => {
                skip_string(&mut chars);
                true
            }
            c if is_control(c) || is_format(c) || matches!(c, '\u{2028}' | '\u{2029}') => true,
            c => {
                out.push(c);
                false
            }
        };
        if removed && !out.ends_with('\u{fffd}') {
            out.push('\u{fffd}');
        }
    }
    out
}

/// A value quoted for a problem message: on one line and cut short, so a hostile
/// or huge value cannot flood or drive the terminal through `check`. Control and
/// format characters are shown escaped as TOML writes them (`\u001B`, `\t`), not
/// removed: the message must show the value that was refused, and `"gas"` for
/// `"\u001B[2Jgas"` would read as if `gas` had been refused.
pub fn quoted(raw: &str) -> String {
    const MAX: usize = 60;
    let mut shown = String::with_capacity(raw.len().min(MAX * 2) + 2);
    for (count, c) in raw.chars().enumerate() {
        if count == MAX {
            shown.push('…');
            break;
        }
        match c {
            '\t' => shown.push_str("\\t"),
            '\n' => shown.push_str("\\n"),
            '\r' => shown.push_str("\\r"),
            c if is_control(c) || is_format(c) || matches!(c, '\u{2028}' | '\u{2029}') => {
                let code = u32::from(c);
                if code > 0xFFFF {
                    let _ = write!(shown, "\\U{code:08X}");
                } else {
                    let _ = write!(shown, "\\u{code:04X}");
                }
            }
            c => shown.push(c),
        }
    }
    format!("\"{shown}\"")
}

fn clean(raw: &str, keep_newlines: bool) -> String {
    clean_cow(raw, keep_newlines).into_owned()
}

/// [`line`] or [`text`] without a copy when nothing needs cleaning.
pub fn clean_cow(raw: &str, keep_newlines: bool) -> std::borrow::Cow<'_, str> {
    // Nearly all text is plain printable ASCII: take it without looking further.
    if plain_ascii(raw.as_bytes(), keep_newlines) {
        return std::borrow::Cow::Borrowed(raw);
    }
    // Other text (Cyrillic place names) is taken as it is when no character
    // of it would be changed.
    let untouched = |c: char| {
        !(c == '\t'
            || c == '\u{2028}'
            || c == '\u{2029}'
            || (c == '\n' && !keep_newlines)
            || (c != '\n' && is_control(c))
            || is_format(c))
    };
    if raw.chars().all(untouched) {
        return std::borrow::Cow::Borrowed(raw);
    }
    std::borrow::Cow::Owned(clean_each(raw, keep_newlines))
}

/// Every byte printable ASCII (or a newline, when kept). Looked at a word of
/// eight bytes at a time ([`super::words::all_plain`]): the loader asks this of every
/// text it reads.
fn plain_ascii(bytes: &[u8], keep_newlines: bool) -> bool {
    use super::words::{all_plain, has_above_tilde, has_below};
    all_plain(
        bytes,
        |word| has_below(word, 0x20) || has_above_tilde(word),
        |b| (0x20..0x7f).contains(&b) || (keep_newlines && b == b'\n'),
    )
}

/// Cleans character by character.
fn clean_each(raw: &str, keep_newlines: bool) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\t' => out.push(' '),
            '\n' | '\u{2028}' | '\u{2029}' => out.push(if keep_newlines { '\n' } else { ' ' }),
            '\u{1b}' => skip_escape(&mut chars),
            '\u{9b}' => skip_csi(&mut chars),
            '\u{90}' | '\u{98}' | '\u{9d}' | '\u{9e}' | '\u{9f}' => skip_string(&mut chars),
            c if is_control(c) || is_format(c) => {}
            c => out.push(c),
        }
    }
    out
}

/// After an ESC: the rest of the sequence it starts.
fn skip_escape(chars: &mut Peekable<Chars<'_>>) {
    match chars.peek() {
        Some('[') => {
            chars.next();
            skip_csi(chars);
        }
        Some(']' | 'P' | 'X' | '^' | '_') => {
            chars.next();
            skip_string(chars);
        }
        _ => {
            // nF / Fp / Fe / Fs: intermediates 0x20–0x2F, then one final 0x30–0x7E.
            while chars
                .next_if(|c| ('\u{20}'..='\u{2f}').contains(c))
                .is_some()
            {}
            chars.next_if(|c| ('\u{30}'..='\u{7e}').contains(c));
        }
    }
}

/// After `ESC [` or `U+009B`: parameters, intermediates and the final byte. A
/// character that cannot belong to the sequence ends it and is kept.
fn skip_csi(chars: &mut Peekable<Chars<'_>>) {
    while chars
        .next_if(|c| ('\u{30}'..='\u{3f}').contains(c))
        .is_some()
    {}
    while chars
        .next_if(|c| ('\u{20}'..='\u{2f}').contains(c))
        .is_some()
    {}
    chars.next_if(|c| ('\u{40}'..='\u{7e}').contains(c));
}

/// After the opener of an OSC, DCS, SOS, PM or APC string: everything up to its
/// terminator (BEL, ST, `ESC \`), or to the end when it has none — a terminal
/// would have swallowed it too.
fn skip_string(chars: &mut Peekable<Chars<'_>>) {
    while let Some(c) = chars.next() {
        match c {
            '\u{7}' | '\u{9c}' => return,
            '\u{1b}' => {
                if chars.next_if_eq(&'\\').is_none() {
                    skip_escape(chars);
                }
                return;
            }
            _ => {}
        }
    }
}

/// C0 (other than those handled above), DEL and C1.
fn is_control(c: char) -> bool {
    c < ' ' || ('\u{7f}'..='\u{9f}').contains(&c)
}

/// Unicode general category Cf (format characters), which include the bidi controls.
fn is_format(c: char) -> bool {
    matches!(
        c,
        '\u{ad}'
            | '\u{600}'..='\u{605}'
            | '\u{61c}'
            | '\u{6dd}'
            | '\u{70f}'
            | '\u{890}'..='\u{891}'
            | '\u{8e2}'
            | '\u{180e}'
            | '\u{200b}'..='\u{200f}'
            | '\u{202a}'..='\u{202e}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{206f}'
            | '\u{feff}'
            | '\u{fff9}'..='\u{fffb}'
            | '\u{110bd}'
            | '\u{110cd}'
            | '\u{13430}'..='\u{1343f}'
            | '\u{1bca0}'..='\u{1bca3}'
            | '\u{1d173}'..='\u{1d17a}'
            | '\u{e0001}'
            | '\u{e0020}'..='\u{e007f}'
    )
}

#[cfg(test)]
mod tests {
    /// The block-wise test says what the byte-by-byte one says, at every
    /// length and wherever the odd byte is.
    #[test]
    fn plain_ascii_in_blocks_is_plain_ascii_byte_by_byte() {
        let naive = |bytes: &[u8], keep: bool| {
            bytes
                .iter()
                .all(|&b| (0x20..0x7f).contains(&b) || (keep && b == b'\n'))
        };
        for len in 0..70 {
            for odd in [
                None,
                Some(0x1f),
                Some(0x7f),
                Some(0x0a),
                Some(0x80),
                Some(0x20),
                Some(0x7e),
            ] {
                for at in 0..len.max(1) {
                    let mut bytes = vec![b'a'; len];
                    if let (Some(b), true) = (odd, at < len) {
                        bytes[at] = b;
                    }
                    for keep in [false, true] {
                        assert_eq!(
                            super::plain_ascii(&bytes, keep),
                            naive(&bytes, keep),
                            "{bytes:?} keep newlines {keep}"
                        );
                    }
                }
            }
        }
    }

    /// The shortcuts take text as it is only when cleaning it character by
    /// character would change nothing.
    #[test]
    fn text_taken_as_is_is_text_cleaning_would_not_change() {
        let samples = [
            "Kyiv",
            "Запорізька",
            "a\tb",
            "a\nb",
            "a\u{2028}b",
            "\u{1b}[31mred",
            "\u{200f}rtl",
            "soft\u{ad}hyphen",
            "café\r",
            "line\u{9b}31m",
            "日本語",
            "",
            " ",
            "\u{7f}",
            "emoji 😀",
        ];
        for raw in samples {
            for keep in [false, true] {
                assert_eq!(
                    super::clean_cow(raw, keep),
                    super::clean_each(raw, keep),
                    "{raw:?} keep newlines {keep}"
                );
            }
        }
    }

    use super::*;

    /// Nothing a terminal would act on survives.
    fn assert_inert(s: &str) {
        for c in s.chars() {
            assert!(c == '\n' || !is_control(c), "control {c:?} left in {s:?}");
            assert!(!is_format(c), "format char {c:?} left in {s:?}");
        }
    }

    #[test]
    fn a_source_keeps_a_mark_where_something_was_removed() {
        assert_eq!(source("https://example.org/a"), "https://example.org/a");
        assert_eq!(source("Київ, Suspilne"), "Київ, Suspilne");
        assert_eq!(
            source("https://example.org/a\u{7}b"),
            "https://example.org/a\u{fffd}b"
        );
        assert_eq!(
            source("https://x.org/\u{1b}]8;;javascript:x\u{1b}\\y\ttab"),
            "https://x.org/\u{fffd}y\u{fffd}tab"
        );
        assert_inert(&source("a\u{9b}2Jb\u{202e}c"));
    }

    #[test]
    fn plain_text_is_unchanged() {
        assert_eq!(line("Talks in Abu Dhabi"), "Talks in Abu Dhabi");
        assert_eq!(
            line("Запорізька область, ТЕЦ-5 — «Київ»"),
            "Запорізька область, ТЕЦ-5 — «Київ»"
        );
        assert_eq!(text("first\nsecond"), "first\nsecond");
    }

    #[test]
    fn whole_csi_sequences_are_removed() {
        assert_eq!(line("\u{1b}[31mred\u{1b}[0m alert"), "red alert");
        assert_eq!(line("a\u{1b}[2J\u{1b}[Hb"), "ab");
        assert_eq!(line("x\u{1b}[?1049hy"), "xy");
        assert_eq!(line("x\u{1b}[38;5;196mz"), "xz");
        // 8-bit CSI
        assert_eq!(line("x\u{9b}31my"), "xy");
    }

    #[test]
    fn osc_and_other_strings_are_removed_up_to_their_terminator() {
        // Set the window title, terminated by BEL and by ST.
        assert_eq!(line("a\u{1b}]0;pwned\u{7}b"), "ab");
        assert_eq!(line("a\u{1b}]0;pwned\u{1b}\\b"), "ab");
        // A hyperlink: both halves go, the visible text stays.
        assert_eq!(
            line("\u{1b}]8;;http://evil\u{1b}\\click\u{1b}]8;;\u{1b}\\"),
            "click"
        );
        // DCS, APC, and the 8-bit OSC ended by 8-bit ST.
        assert_eq!(line("a\u{1b}Pq#0;2\u{1b}\\b"), "ab");
        assert_eq!(line("a\u{1b}_apc\u{7}b"), "ab");
        assert_eq!(line("a\u{9d}0;t\u{9c}b"), "ab");
        // Never terminated: the rest is swallowed, as a terminal would.
        assert_eq!(line("a\u{1b}]0;title forever"), "a");
    }

    #[test]
    fn other_escape_sequences_are_removed() {
        assert_eq!(line("a\u{1b}cb"), "ab"); // RIS: reset the terminal
        assert_eq!(line("a\u{1b}(0b"), "ab"); // switch to line drawing
        assert_eq!(line("a\u{1b}7b\u{1b}8"), "ab"); // save / restore cursor
        assert_eq!(line("trailing\u{1b}"), "trailing");
        assert_eq!(line("\u{1b}[31"), "");
    }

    #[test]
    fn control_characters_go_and_tabs_become_spaces() {
        assert_eq!(line("a\tb"), "a b");
        assert_eq!(line("bell\u{7}\u{8}\u{0}\u{7f}\u{85}\u{9c}"), "bell");
        assert_eq!(line("over\rwrite"), "overwrite");
        assert_eq!(text("one\r\ntwo"), "one\ntwo");
    }

    #[test]
    fn newlines_stay_only_in_multi_line_fields() {
        assert_eq!(line("Kyiv\nLviv"), "Kyiv Lviv");
        assert_eq!(text("Kyiv\nLviv"), "Kyiv\nLviv");
        assert_eq!(text("a\u{2028}b"), "a\nb");
        assert_eq!(line("a\u{2029}b"), "a b");
    }

    #[test]
    fn bidi_and_format_controls_are_removed() {
        // Trojan Source style reordering.
        assert_eq!(line("admin\u{202e}txt.exe\u{202c}"), "admintxt.exe");
        assert_eq!(line("\u{2066}a\u{2069}\u{2067}b\u{2068}"), "ab");
        assert_eq!(
            line("\u{feff}BOM\u{200b}zero\u{200d}width\u{2060}"),
            "BOMzerowidth"
        );
        assert_eq!(line("\u{200e}ltr\u{200f}rtl\u{61c}"), "ltrrtl");
        assert_eq!(line("soft\u{ad}hyphen"), "softhyphen");
        assert_eq!(line("tag\u{e0041}\u{e007f}"), "tag");
    }

    #[test]
    fn hostile_mixtures_leave_nothing_a_terminal_acts_on() {
        let nasty = [
            "\u{1b}[1;1H\u{1b}[2J\u{1b}]52;c;ZXZpbA==\u{7}\u{9b}6n\u{1b}P+q\u{1b}\\",
            "\u{1b}\u{1b}[[31m]]\u{9b}\u{9b}\u{1b}]",
            "x\u{1b}[\u{0}31m\u{202e}\u{1b}\u{202e}[0m",
            "\u{1b}[31;\u{1b}]0;t\u{7}m\t\u{0}",
        ];
        for s in nasty {
            assert_inert(&line(s));
            assert_inert(&text(s));
            assert!(!line(s).contains('\u{1b}'));
        }
    }

    #[test]
    fn quoted_values_are_clean_and_short() {
        assert_eq!(quoted("powerplant"), "\"powerplant\"");
        // Shown escaped, so the message shows what was refused; nothing is raw.
        assert_eq!(quoted("\u{1b}[2Jgas"), r#""\u001B[2Jgas""#);
        assert_eq!(quoted("a\tb\u{202e}c\u{9b}"), r#""a\tb\u202Ec\u009B""#);
        let long = "y".repeat(500);
        let q = quoted(&long);
        assert!(q.chars().count() < 70, "{q}");
        assert!(q.ends_with("…\""));
    }
}
