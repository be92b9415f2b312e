//! Interning the text of records as they are read (docs/performance.md#lean-at-a-million).
//!
//! Each loader thread keeps the texts it made lately, keyed by the text as
//! written: a strike file repeats its oblasts, operators, facilities and
//! standard notes in record after record, and each repeat becomes one more
//! handle on the same string ([`Text`]) instead of a new one. The cache is
//! per thread (the loader parses pieces on several at once, with no lock
//! between them) and is emptied when it reaches [`CACHE_LIMIT`] entries, so
//! text that never repeats (ids, URLs) cannot grow it without bound; what it
//! holds is at most a few megabytes and is shared with the records.

use std::cell::RefCell;
use std::collections::HashMap;

use super::hash::IdBuildHasher;
use super::sanitize;
use crate::model::Text;

/// The most texts one thread's cache holds before it starts afresh.
pub const CACHE_LIMIT: usize = 16_384;

#[derive(Default)]
struct Cache {
    /// Single-line texts, by the text as written.
    lines: HashMap<Box<str>, Text, IdBuildHasher>,
    /// Multi-line texts, by the text as written.
    texts: HashMap<Box<str>, Text, IdBuildHasher>,
    /// Sources (cleaned with a mark where something was removed), by the
    /// text as written.
    sources: HashMap<Box<str>, Text, IdBuildHasher>,
}

thread_local! {
    static CACHE: RefCell<Cache> = RefCell::new(Cache::default());
}

fn interned(
    raw: &str,
    pick: fn(&mut Cache) -> &mut HashMap<Box<str>, Text, IdBuildHasher>,
    clean: fn(&str) -> String,
) -> Text {
    CACHE.with(|cache| {
        let mut cache = cache.borrow_mut();
        let map = pick(&mut cache);
        if let Some(text) = map.get(raw) {
            return text.clone();
        }
        if map.len() >= CACHE_LIMIT {
            map.clear();
        }
        let text = Text::from(clean(raw));
        map.insert(Box::from(raw), text.clone());
        text
    })
}

/// A single-line text, cleaned as [`sanitize::line`] cleans it.
pub fn line(raw: &str) -> Text {
    interned(raw, |c| &mut c.lines, sanitize::line)
}

/// A source, cleaned as [`sanitize::source`] cleans it (a mark where a control
/// was removed, so a tampered URL is never a link).
pub fn source(raw: &str) -> Text {
    interned(raw, |c| &mut c.sources, sanitize::source)
}

/// A multi-line text (newlines kept), cleaned as [`sanitize::text`] cleans it.
pub fn text(raw: &str) -> Text {
    interned(raw, |c| &mut c.texts, sanitize::text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_keep_their_mark_apart_from_lines() {
        let raw = "https://a.org/\u{7}x";
        let marked = source(raw);
        assert_eq!(marked, "https://a.org/\u{fffd}x");
        assert!(Text::ptr_eq(&marked, &source(raw)));
        // The same raw text as a plain line is cleaned without the mark.
        assert_eq!(line(raw), "https://a.org/x");
    }

    #[test]
    fn repeats_share_one_string_and_are_cleaned_once() {
        let a = line("Kyiv\u{1b}[31m");
        let b = line("Kyiv\u{1b}[31m");
        assert!(Text::ptr_eq(&a, &b));
        assert_eq!(a, sanitize::line("Kyiv\u{1b}[31m").as_str());
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
