//! Byte offsets to 1-based line and column (in characters), as problems report them.
//!
//! The index covers a stretch of a file (the whole file, or one piece of a chunked
//! parse) and knows where that stretch starts, so pieces index their own lines in
//! parallel and still report positions in the whole file.

use std::cell::{Cell, OnceCell};

use crate::model::SourcePos;

/// Where the lines of a stretch of text start, found as lookups need them.
///
/// Validation asks for positions mostly in file order (a clean piece only
/// for each record's header), so lookups count newlines forward from the
/// last answer and the stretch is read once, with nothing stored per line.
/// The first lookup behind the last answer indexes every line start once,
/// and lookups in any order are a binary search from then on.
#[derive(Clone, Debug)]
pub struct LineIndex {
    /// Byte offset of the stretch in its file.
    base: usize,
    /// 1-based number of the stretch's first line.
    first_line: u32,
    /// Offsets (relative to the stretch) of every line start (the first is
    /// 0), made at the first lookup behind the last answer.
    starts: OnceCell<Vec<usize>>,
    /// The line of the last lookup (its index, its start): the next answer
    /// is usually on the same or a following line.
    hint: Cell<(usize, usize)>,
    /// The last lookup: its byte offset (on the hint's line) and the
    /// characters before it there, so a very long line (a file of inline
    /// tables on one line) is counted once, not once per lookup.
    memo: Cell<(usize, usize)>,
}

impl LineIndex {
    /// For lookups in a whole file.
    pub fn whole() -> LineIndex {
        LineIndex::for_piece(0, 1)
    }

    /// For lookups in a piece that stands at byte `base` of its file and
    /// starts at line `first_line` (1-based); `base` must be a line start.
    pub fn for_piece(base: usize, first_line: u32) -> LineIndex {
        LineIndex {
            base,
            first_line,
            starts: OnceCell::new(),
            hint: Cell::new((0, 0)),
            memo: Cell::new((0, 0)),
        }
    }

    /// Every line start of `piece`.
    fn starts(&self, piece: &str) -> &[usize] {
        self.starts.get_or_init(|| {
            let mut starts = Vec::with_capacity(piece.len() / 24 + 1);
            starts.push(0);
            starts.extend(memchr::memchr_iter(b'\n', piece.as_bytes()).map(|at| at + 1));
            starts
        })
    }

    /// The line holding `rel` (its index, its start): counted forward from
    /// the last answer when it is at or after it, else looked up in the index.
    fn line_of(&self, piece: &str, rel: usize) -> (usize, usize) {
        let (line, start) = self.hint.get();
        let reached = self.memo.get().0;
        if start <= rel && (rel <= reached || self.starts.get().is_none()) {
            // No newline between the line's start and the last lookup.
            let from = reached.clamp(start, rel);
            let between = &piece.as_bytes()[from..rel];
            let newlines = bytecount::count(between, b'\n');
            if newlines == 0 {
                return (line, start);
            }
            let last = memchr::memrchr(b'\n', between).map_or(0, |at| at + 1);
            return (line + newlines, from + last);
        }
        let starts = self.starts(piece);
        let mut line = line.min(starts.len() - 1);
        if starts[line] <= rel {
            for _ in 0..8 {
                match starts.get(line + 1) {
                    Some(&next) if next <= rel => line += 1,
                    _ => return (line, starts[line]),
                }
            }
        }
        // partition_point: the number of line starts at or before `rel`.
        let line = starts.partition_point(|&start| start <= rel).max(1) - 1;
        (line, starts[line])
    }

    /// The position of byte `offset` of the file (clamped into the stretch; an
    /// offset inside a multi-byte character counts as that character).
    pub fn pos(&self, piece: &str, offset: usize) -> SourcePos {
        let rel = offset.saturating_sub(self.base).min(piece.len());
        let (line, start) = self.line_of(piece, rel);
        let (memo_rel, memo_chars) = self.memo.get();
        let (from, before) =
            if (line, start) == self.hint.get() && (start..=rel).contains(&memo_rel) {
                (memo_rel, memo_chars)
            } else {
                (start, 0)
            };
        let chars = before
            + piece.as_bytes()[from..rel]
                .iter()
                .filter(|&&b| (b & 0xC0) != 0x80)
                .count();
        self.hint.set((line, start));
        self.memo.set((rel, chars));
        let mut col = chars;
        // A byte order mark is not a column an editor shows.
        if self.base + start == 0 && rel >= 3 && piece.starts_with('\u{feff}') {
            col -= 1;
        }
        SourcePos {
            line: self.first_line + line as u32,
            col: col as u32 + 1,
        }
    }
}

/// The position of byte `offset` in `text`, for one-off lookups.
pub fn pos_in(text: &str, offset: usize) -> SourcePos {
    LineIndex::whole().pos(text, offset)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lc(p: SourcePos) -> (u32, u32) {
        (p.line, p.col)
    }

    /// Line and column counted the slow way, character by character.
    fn naive(text: &str, offset: usize) -> (u32, u32) {
        let before = &text[..offset.min(text.len())];
        let line = before.matches('\n').count() as u32 + 1;
        let line_start = before.rfind('\n').map_or(0, |at| at + 1);
        let mut col = before[line_start..].chars().count() as u32 + 1;
        if line_start == 0 && before.starts_with('\u{feff}') {
            col -= 1;
        }
        (line, col)
    }

    #[test]
    fn first_byte_is_line_one_column_one() {
        assert_eq!(lc(pos_in("abc", 0)), (1, 1));
        assert_eq!(lc(pos_in("", 0)), (1, 1));
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        let text = "a = 1\nоблаcть = \"Київ\"\n";
        let at = text.find("= \"").unwrap();
        assert_eq!(lc(pos_in(text, at)), (2, 9));
    }

    #[test]
    fn offset_at_newline_and_after_last_line() {
        let text = "x\ny\n";
        assert_eq!(lc(pos_in(text, 1)), (1, 2));
        assert_eq!(lc(pos_in(text, 2)), (2, 1));
        assert_eq!(lc(pos_in(text, 4)), (3, 1));
        assert_eq!(lc(pos_in(text, 99)), (3, 1));
    }

    #[test]
    fn lookups_in_any_order_agree_with_fresh_ones() {
        let text: String = (0..200)
            .flat_map(|i| {
                [
                    "line ".to_string(),
                    i.to_string(),
                    " ".to_string(),
                    "ж".repeat(i % 7),
                    "\n".to_string(),
                ]
            })
            .collect();
        let index = LineIndex::whole();
        let mut offset = 7usize;
        for _ in 0..2000 {
            offset = (offset * 7919 + 13) % (text.len() + 5);
            let at = (0..=offset.min(text.len()))
                .rev()
                .find(|&o| text.is_char_boundary(o))
                .unwrap_or(0);
            assert_eq!(lc(index.pos(&text, at)), naive(&text, at), "offset {at}");
            assert_eq!(lc(pos_in(&text, at)), naive(&text, at), "offset {at}");
        }
    }

    #[test]
    fn many_lookups_on_one_long_line_agree() {
        let text = format!("strike = [{}]\n", "{ id = \"ж\" }, ".repeat(500));
        let index = LineIndex::whole();
        for (at, _) in text.match_indices("id").step_by(7) {
            assert_eq!(lc(index.pos(&text, at)), naive(&text, at));
        }
        // And backwards.
        for (at, _) in text.rmatch_indices("id").step_by(5) {
            assert_eq!(lc(index.pos(&text, at)), naive(&text, at));
        }
    }

    #[test]
    fn forward_lookups_over_long_and_short_lines_agree_with_a_plain_count() {
        // Lines from empty to a few hundred bytes, so counts cross the
        // 32-byte blocks at every offset; lookups forward, then one behind.
        let mut text = String::new();
        for i in 0..300 {
            text.push_str(&"xж".repeat((i * 37) % 150));
            text.push('\n');
        }
        let index = LineIndex::whole();
        let mut at = 0;
        while at < text.len() {
            assert_eq!(lc(index.pos(&text, at)), naive(&text, at), "offset {at}");
            at += 1 + (at * 13) % 97;
            while at < text.len() && !text.is_char_boundary(at) {
                at += 1;
            }
        }
        let back = (text.len() / 3..text.len())
            .find(|&o| text.is_char_boundary(o))
            .unwrap();
        assert_eq!(lc(index.pos(&text, back)), naive(&text, back));
        assert_eq!(lc(index.pos(&text, text.len())), naive(&text, text.len()));
    }

    #[test]
    fn a_byte_order_mark_is_not_a_column() {
        assert_eq!(lc(pos_in("\u{feff}title = 1", 3)), (1, 1));
        assert_eq!(lc(pos_in("\u{feff}title = 1", 11)), (1, 9));
    }

    #[test]
    fn a_piece_reports_positions_in_its_file() {
        let file = "a = 1\nb = 2\n[[strike]]\nid = \"x\"\n";
        let base = file.find("[[strike]]").unwrap();
        let piece = &file[base..];
        let index = LineIndex::for_piece(base, 3);
        let at = file.find("id").unwrap();
        assert_eq!(lc(index.pos(piece, at)), lc(pos_in(file, at)));
        assert_eq!(lc(index.pos(piece, at)), (4, 1));
    }
}
