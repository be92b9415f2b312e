//! Interning the text of records as they are read (docs/performance.md#lean-at-a-million).
//!
//! Each loader thread keeps the texts it made lately (those that needed no
//! cleaning, which is nearly all): a strike file repeats its oblasts, operators, facilities and
//! standard notes in record after record, and each repeat becomes one more
//! handle on the same string ([`Text`]) instead of a new one. The cache is
//! per thread (the loader parses pieces on several at once, with no lock
//! between them) and is emptied when it reaches [`CACHE_LIMIT`] entries, so
//! text that never repeats (ids, URLs) cannot grow it without bound; what it
//! holds is at most a few megabytes and is shared with the records.

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::HashSet;

use super::hash::IdBuildHasher;
use super::sanitize;
use crate::model::Text;

/// The most texts one thread's cache holds before it starts afresh.
pub const CACHE_LIMIT: usize = 16_384;

#[derive(Default)]
struct Cache {
    /// Single-line texts that needed no cleaning (nearly all).
    lines: HashSet<Text, IdBuildHasher>,
    /// Multi-line texts that needed no cleaning.
    texts: HashSet<Text, IdBuildHasher>,
}

thread_local! {
    static CACHE: RefCell<Cache> = RefCell::new(Cache::default());
}

fn interned(
    raw: &str,
    pick: fn(&mut Cache) -> &mut HashSet<Text, IdBuildHasher>,
    keep_newlines: bool,
    dirty: fn(&str) -> String,
) -> Text {
    let Cow::Borrowed(plain) = sanitize::clean_cow(raw, keep_newlines) else {
        // Text with control characters is rare: cleaned, not shared.
        return Text::from(dirty(raw));
    };
    CACHE.with(|cache| {
        let mut cache = cache.borrow_mut();
        let set = pick(&mut cache);
        if let Some(text) = set.get(plain) {
            return text.clone();
        }
        if set.len() >= CACHE_LIMIT {
            set.clear();
        }
        let text = Text::from(plain);
        set.insert(text.clone());
        text
    })
}

/// Empties this thread's cache (once a load is done): the texts stay with the
/// records that hold them; the next load of the same file shares them again
/// only among its own records.
pub fn release() {
    CACHE.with(|cache| drop(cache.take()));
}

/// A single-line text, cleaned as [`sanitize::line`] cleans it.
pub fn line(raw: &str) -> Text {
    interned(raw, |c| &mut c.lines, false, sanitize::line)
}

/// A source, cleaned as [`sanitize::source`] cleans it (a mark where a control
/// was removed, so a tampered URL is never a link).
pub fn source(raw: &str) -> Text {
    // Text that needs no cleaning is the same as a line or a source.
    interned(raw, |c| &mut c.lines, false, sanitize::source)
}

/// A multi-line text (newlines kept), cleaned as [`sanitize::text`] cleans it.
pub fn text(raw: &str) -> Text {
    interned(raw, |c| &mut c.texts, true, sanitize::text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_keep_their_mark_apart_from_lines() {
        let raw = "https://a.org/\u{7}x";
        let marked = source(raw);
        assert_eq!(marked, "https://a.org/\u{fffd}x");
        // A plain source is shared like any plain text.
        assert!(Text::ptr_eq(
            &source("https://a.org/"),
            &source("https://a.org/")
        ));
        // The same raw text as a plain line is cleaned without the mark.
        assert_eq!(line(raw), "https://a.org/x");
    }

    #[test]
    fn repeats_share_one_string_and_are_cleaned_once() {
        let a = line("Kyiv");
        let b = line("Kyiv");
        assert!(Text::ptr_eq(&a, &b));
        // Text that needs cleaning is cleaned as sanitize cleans it.
        assert_eq!(
            line("Kyiv\u{1b}[31m"),
            sanitize::line("Kyiv\u{1b}[31m").as_str()
        );
        // Lines and texts are cleaned differently and kept apart.
        let multi = text("a\nb");
        assert_eq!(multi, "a\nb");
        assert_eq!(line("a\nb"), sanitize::line("a\nb").as_str());
    }

    #[test]
    fn the_cache_starts_afresh_when_full() {
        for i in 0..CACHE_LIMIT + 10 {
            let _ = line(&format!("unique {i}"));
        }
        CACHE.with(|c| assert!(c.borrow().lines.len() <= CACHE_LIMIT));
    }
}
