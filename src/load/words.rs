//! Tests of text eight bytes at a time, in one machine word
//! (docs/performance.md#lean-at-a-million, "Less looked at per byte").
//!
//! The loader asks of every string it reads whether any byte needs a closer
//! look (a control character, an escape, a byte outside printable ASCII).
//! Nearly none does, so each test here looks at a whole word with a few
//! arithmetic operations and says whether the word *may* hold such a byte;
//! only a word that may is looked at byte by byte by the caller. The word
//! tests never miss a byte; they may flag a word that holds none (a tab is a
//! byte below 0x20), which costs only that closer look.

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGHS: u64 = 0x8080_8080_8080_8080;

/// Some byte of `word` is below `n` (`n` at most 0x80). Exact.
#[inline]
pub fn has_below(word: u64, n: u8) -> bool {
    word.wrapping_sub(ONES * u64::from(n)) & !word & HIGHS != 0
}

/// Some byte of `word` is `byte`. Exact.
#[inline]
pub fn has_byte(word: u64, byte: u8) -> bool {
    has_below(word ^ (ONES * u64::from(byte)), 1)
}

/// Some byte of `word` is above 0x7e (0x7f, or not ASCII). Exact: 0x7f + 1
/// sets the high bit, a byte with it set already is caught by `| word`, and
/// a carry out of a byte comes only from one that is above 0x7e itself.
#[inline]
pub fn has_above_tilde(word: u64) -> bool {
    (word.wrapping_add(ONES) | word) & HIGHS != 0
}

/// Every byte of `bytes` is `ok`, looked at a word of eight at a time: a
/// word that `may_be_odd` says may hold a byte that is not is looked at byte
/// by byte. The last word overlaps the one before it (a byte looked at twice
/// is no harm); text shorter than a word is looked at byte by byte.
// Measured: left to the compiler, the closures of `all_plain` were called,
// not inlined, and `check` of the benchmark board ran 8% more instructions.
#[allow(clippy::inline_always)]
#[inline(always)]
pub fn all_plain(bytes: &[u8], may_be_odd: impl Fn(u64) -> bool, ok: impl Fn(u8) -> bool) -> bool {
    let Some(last) = bytes.len().checked_sub(8) else {
        return bytes.iter().all(|&b| ok(b));
    };
    let mut at = 0;
    loop {
        let here = at.min(last);
        let mut word = [0; 8];
        word.copy_from_slice(&bytes[here..here + 8]);
        if may_be_odd(u64::from_le_bytes(word)) && !word.iter().all(|&b| ok(b)) {
            return false;
        }
        if here == last {
            return true;
        }
        at += 8;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word_with(byte: u8, at: usize, fill: u8) -> u64 {
        let mut bytes = [fill; 8];
        bytes[at] = byte;
        u64::from_le_bytes(bytes)
    }

    /// Every byte value at every place, among fillers of every kind: the
    /// word tests say what a byte-by-byte test says.
    #[test]
    fn the_word_tests_are_exact() {
        for fill in [b'a', b' ', b'~', 0x00, 0x1f, 0x7f, 0x80, 0xff] {
            for byte in 0..=255u8 {
                for at in 0..8 {
                    let word = word_with(byte, at, fill);
                    let bytes = word.to_le_bytes();
                    for n in [1u8, 0x20, 0x80] {
                        assert_eq!(has_below(word, n), bytes.iter().any(|&b| b < n));
                    }
                    for b in [b'\\', b'"', 0x7f, 0x00] {
                        assert_eq!(has_byte(word, b), bytes.contains(&b));
                    }
                    assert_eq!(has_above_tilde(word), bytes.iter().any(|&b| b > 0x7e));
                }
            }
        }
    }

    /// Whatever the length and wherever the odd byte, `all_plain` says what
    /// a byte-by-byte test says.
    #[test]
    fn all_plain_is_the_byte_by_byte_test() {
        let ok = |b: u8| (0x20..0x7f).contains(&b);
        let may_be_odd = |word: u64| has_below(word, 0x20) || has_above_tilde(word);
        for len in 0..40 {
            assert!(all_plain(&vec![b'a'; len], may_be_odd, ok));
            for odd in [0x00, 0x09, 0x1f, 0x7f, 0x80, 0xff] {
                for at in 0..len {
                    let mut bytes = vec![b'a'; len];
                    bytes[at] = odd;
                    assert!(!all_plain(&bytes, may_be_odd, ok), "{len} {at} {odd}");
                }
            }
        }
    }
}
