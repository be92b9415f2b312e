//! Interning the text of records as they are read (docs/performance.md#lean-at-a-million).
//!
//! Each loader thread keeps the texts that repeat (those that needed no
//! cleaning, which is nearly all): a strike file repeats its oblasts,
//! operators, facilities and standard notes in record after record, and each
//! repeat becomes one more handle on the same string ([`Text`]) instead of a
//! new one. The cache is per thread (the loader parses pieces on several at
//! once, with no lock between them) and of fixed size ([`CACHE_SLOTS`] texts,
//! and the hashes of texts seen once): text that never repeats (ids, URLs)
//! cannot grow it, and is never kept. It holds well under a megabyte beside
//! what it shares with the records.
//!
//! On the benchmark board (100,000 strikes, 997 facilities of about 100
//! strikes each) the facilities of all strikes come to some 8,000 strings
//! (14,000 with the hash set this replaced, which every text went through
//! and which was emptied when full; 100,000 without sharing).

use std::borrow::Cow;
use std::cell::RefCell;

use super::sanitize;
use crate::model::Text;

/// How many texts one thread's cache keeps: in sets of two, the set picked
/// by the text's hash, a newer text taking the place of the older of the two.
pub const CACHE_SLOTS: usize = 1 << 13;

/// How many hashes of texts seen once are noted (4 bytes each).
const SEEN_SLOTS: usize = 1 << 14;

/// A cache of texts that repeat. A text is kept only once it is seen a
/// second time: before that only its hash is noted (`seen`), so text that
/// never repeats (ids, URLs, most places) neither allocates a slot nor evicts
/// one, and nothing of it but a hash is touched again. Each kept text has its
/// hash beside it, so a text that only shares its set is told apart without
/// reading the other's bytes (rarely in the processor's cache any more); two
/// to a set, texts that repeat seldom push each other out.
struct Slots {
    seen: Box<[u32]>,
    kept: Box<[Option<(u64, Text)>]>,
}

impl Default for Slots {
    fn default() -> Slots {
        Slots {
            seen: vec![0; SEEN_SLOTS].into_boxed_slice(),
            kept: vec![None; CACHE_SLOTS].into_boxed_slice(),
        }
    }
}

impl Slots {
    /// The kept text `plain` (of `hash`), or a new one, kept from its second time.
    fn get(&mut self, plain: &str, hash: u64) -> Text {
        // The low bits of the hash pick the set, the high bits mark it seen.
        #[allow(clippy::cast_possible_truncation)]
        let (set, seen_at, mark) = (
            (hash as usize & (CACHE_SLOTS / 2 - 1)) * 2,
            hash as usize & (SEEN_SLOTS - 1),
            (hash >> 32) as u32,
        );
        for way in 0..2 {
            if let Some((kept, text)) = &self.kept[set + way] {
                if *kept == hash && text.as_str() == plain {
                    let text = text.clone();
                    // The one last found goes first.
                    self.kept.swap(set, set + way);
                    return text;
                }
            }
        }
        let text = Text::from(plain);
        if std::mem::replace(&mut self.seen[seen_at], mark) == mark {
            // Seen before: from now on shared, in place of the older of the set.
            self.kept.swap(set, set + 1);
            self.kept[set] = Some((hash, text.clone()));
        }
        text
    }
}

#[derive(Default)]
struct Cache {
    /// Single-line texts that needed no cleaning (nearly all).
    lines: Slots,
    /// Multi-line texts that needed no cleaning.
    texts: Slots,
}

thread_local! {
    static CACHE: RefCell<Cache> = RefCell::new(Cache::default());
}

fn interned(
    raw: &str,
    pick: fn(&mut Cache) -> &mut Slots,
    keep_newlines: bool,
    dirty: fn(&str) -> String,
) -> Text {
    let Cow::Borrowed(plain) = sanitize::clean_cow(raw, keep_newlines) else {
        // Text with control characters is rare: cleaned, not shared.
        return Text::from(dirty(raw));
    };
    let hash = super::hash::id_hash(plain);
    CACHE.with(|cache| pick(&mut cache.borrow_mut()).get(plain, hash))
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
        // A plain source is shared like any plain text, from its second time.
        let _first = source("https://a.org/");
        assert!(Text::ptr_eq(
            &source("https://a.org/"),
            &source("https://a.org/")
        ));
        // The same raw text as a plain line is cleaned without the mark.
        assert_eq!(line(raw), "https://a.org/x");
    }

    #[test]
    fn repeats_share_one_string_from_the_second_and_are_cleaned_once() {
        let a = line("Kyiv");
        let b = line("Kyiv");
        let c = line("Kyiv");
        // The first time only its hash is noted; the second is kept and shared.
        assert!(!Text::ptr_eq(&a, &b));
        assert!(Text::ptr_eq(&b, &c));
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
    fn text_that_never_repeats_takes_no_slot_from_text_that_does() {
        let _ = line("Kharkiv");
        let kept = line("Kharkiv");
        // Many texts seen once each: only their hashes are noted.
        for i in 0..CACHE_SLOTS * 8 {
            let _ = line(&format!("unique {i}"));
        }
        assert!(Text::ptr_eq(&kept, &line("Kharkiv")));
        CACHE.with(|c| {
            let cache = c.borrow();
            assert_eq!(cache.lines.kept.len(), CACHE_SLOTS);
            let kept = cache.lines.kept.iter().flatten().count();
            assert!(kept < 8, "{kept} texts kept");
        });
    }

    #[test]
    fn a_text_that_lost_its_slot_is_shared_again_from_its_next_repeats() {
        let _ = line("Odesa");
        let first = line("Odesa");
        // Texts that repeat, enough to take every slot at least once.
        for i in 0..CACHE_SLOTS * 8 {
            let _ = line(&format!("twice {i}"));
            let _ = line(&format!("twice {i}"));
        }
        let again = line("Odesa");
        assert_eq!(first, again);
        let _ = line("Odesa");
        assert!(Text::ptr_eq(&line("Odesa"), &line("Odesa")));
    }
}
