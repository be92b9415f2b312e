//! Splitting a large file into pieces that parse on their own.
//!
//! A plain parse of the 47 MB benchmark file builds a token list and a table tree
//! for the whole file at once (about 1 GB). Records are independent, so the file
//! is cut at top-level `[[event]]`, `[[issue]]` and `[[strike]]` header lines; each
//! piece is parsed, validated and dropped on its own, in parallel.
//!
//! ```text
//!  [board] ...            ← piece 0: everything before the first record header
//!  [[strike]] ...  ┐
//!  [[strike]] ...  ├ piece 1 (at least `piece_bytes` long, cut only at a record header)
//!  [strike.weapons]┘        sub-tables of the current record stay with it
//!  [[event]] ...   ← piece 2 ...
//! ```
//!
//! The scanner reads line by line, follows multi-line strings (`"""`, `'''`) and
//! skips comments, so a header-like line inside a string is not a cut; in a
//! file without multi-line strings no line starts inside a string, and only
//! the lines that start with a `[` are looked at. A split is
//! only attempted when it cannot change the meaning of the file: any header that is
//! not a sub-table of the current record's kind (say `[board]` after a `[[strike]]`,
//! or `[strike.weapons]` before any `[[strike]]`), or a line starting with `[` that
//! is not a plain header, makes [`plan`] give up and the caller parses the whole
//! file. (A cut that is wrong in any other way leaves an unterminated value at the
//! end of a piece, which fails to parse, and the caller falls back too.)

use std::ops::Range;

/// One piece of a file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Piece {
    /// Byte range in the file; starts at a line start.
    pub range: Range<usize>,
    /// 1-based line number of its first line.
    pub first_line: u32,
    /// Everything before the first record header (root keys, `[board]`, ...).
    pub prelude: bool,
}

/// The record kinds, which are the only places a file is cut.
const RECORD_KINDS: [&[u8]; 3] = [b"event", b"issue", b"strike"];

#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    Normal,
    /// Inside a `"""` string.
    MultiBasic,
    /// Inside a `'''` string.
    MultiLiteral,
}

/// Cuts `text` into pieces of at least `piece_bytes` (except the prelude and the
/// last piece), or `None` when a cut might not be safe.
pub fn plan(text: &str, piece_bytes: usize) -> Option<Vec<Piece>> {
    let mut pieces = Vec::new();
    plan_each(text, piece_bytes, |piece| pieces.push(piece)).then_some(pieces)
}

/// Like [`plan`], but hands each piece to `on_piece` as soon as its end is known,
/// so pieces can be parsed while the rest of the file is still being scanned.
/// Returns false when a cut might not be safe; the pieces handed on so far must
/// then be thrown away.
pub fn plan_each(text: &str, piece_bytes: usize, on_piece: impl FnMut(Piece)) -> bool {
    scan(text, piece_bytes, false, on_piece).is_some()
}

/// Like [`plan_each`] for the start of a file read in blocks: `text` ends
/// where the block read so far ends, so the piece it ends in is not handed on.
/// Returns where that unfinished piece starts (byte, 1-based line), the text
/// the next scan starts from once more of the file is read; `None` when a cut
/// might not be safe. `text` is scanned up to its last newline only.
pub fn plan_partial(
    text: &str,
    piece_bytes: usize,
    on_piece: impl FnMut(Piece),
) -> Option<(usize, u32)> {
    let complete = memchr::memrchr(b'\n', text.as_bytes()).map_or(0, |i| i + 1);
    scan(&text[..complete], piece_bytes, true, on_piece)
}

/// The scanner of [`plan_each`] and [`plan_partial`]: with `partial`, the last
/// piece is neither handed on nor required to end outside a string.
fn scan(
    text: &str,
    piece_bytes: usize,
    partial: bool,
    on_piece: impl FnMut(Piece),
) -> Option<(usize, u32)> {
    let bytes = text.as_bytes();
    // Only a multi-line string can put a line start inside a string (a one-line
    // string holds no newline, a comment ends at one). Without any triple quote
    // in the file, the lines that start with a `[` are all that needs reading.
    let multi_line_strings = memchr::memmem::find(bytes, b"\"\"\"").is_some()
        || memchr::memmem::find(bytes, b"'''").is_some();
    let mut cuts = Cuts {
        piece_bytes,
        on_piece,
        start: (0, 1),
        prelude_end: None,
        kind: None,
    };
    let (line_no, state) = if multi_line_strings {
        every_line(bytes, &mut cuts)?
    } else {
        (header_lines(bytes, &mut cuts)?, State::Normal)
    };
    if partial {
        return Some(cuts.start);
    }
    if state != State::Normal {
        return None;
    }
    cuts.cut(text.len(), line_no);
    Some(cuts.start)
}

/// Where the pieces are cut, as the header lines go by.
struct Cuts<F> {
    piece_bytes: usize,
    on_piece: F,
    /// The piece being scanned starts here (byte, line).
    start: (usize, u32),
    /// Where the prelude ends: the first record header.
    prelude_end: Option<usize>,
    /// The kind of the record being scanned.
    kind: Option<&'static [u8]>,
}

impl<F: FnMut(Piece)> Cuts<F> {
    fn cut(&mut self, at: usize, line: u32) {
        (self.on_piece)(Piece {
            range: self.start.0..at,
            first_line: self.start.1,
            prelude: self.prelude_end.is_none_or(|p| self.start.0 < p),
        });
        self.start = (at, line);
    }

    /// A line at `pos` (line `line_no`) that starts with a `[` after its
    /// indent (`line` is from that `[` on): a record header may cut a piece
    /// there; `None` when it is not a header, or one no cut can be made around.
    fn header_line(&mut self, pos: usize, line_no: u32, line: &[u8]) -> Option<()> {
        // Nearly every header is a record's, written plainly: no need to read
        // it key by key.
        let (array, first, keys) = if let Some(kind) = plain_record_header(line) {
            (true, kind, 1)
        } else {
            let header = header(line)?;
            (header.array, *header.keys.first()?, header.keys.len())
        };
        let record_kind = RECORD_KINDS.iter().find(|k| **k == first).copied();
        if array && keys == 1 && record_kind.is_some() {
            if self.prelude_end.is_none() {
                self.prelude_end = Some(pos);
                if pos > 0 {
                    self.cut(pos, line_no);
                }
            } else if pos - self.start.0 >= self.piece_bytes {
                self.cut(pos, line_no);
            }
            self.kind = record_kind;
        } else {
            match self.kind {
                // A sub-table of the current record stays in its piece.
                Some(k) if keys >= 2 && first == k => {}
                // Other tables in the prelude are whole-file tables.
                None if record_kind.is_none() => {}
                _ => return None,
            }
        }
        Some(())
    }
}

/// Every line of `bytes` in turn, strings followed through them: the line
/// number after the last line, and the string state there.
fn every_line<F: FnMut(Piece)>(bytes: &[u8], cuts: &mut Cuts<F>) -> Option<(u32, State)> {
    let mut state = State::Normal;
    let mut pos = 0;
    let mut line_no: u32 = 1;
    while pos < bytes.len() {
        let end = memchr::memchr(b'\n', &bytes[pos..]).map_or(bytes.len(), |i| pos + i);
        let line = &bytes[pos..end];
        let mut rest = line;
        if state == State::Normal {
            let indent = line
                .iter()
                .take_while(|b| matches!(b, b' ' | b'\t'))
                .count();
            if line.get(indent) == Some(&b'[') {
                cuts.header_line(pos, line_no, &line[indent..])?;
                rest = &[];
            }
        }
        state = scan_line(rest, state);
        pos = end + 1;
        line_no += 1;
    }
    Some((line_no, state))
}

/// The lines of `bytes` that start with a `[` after their indent, found by
/// looking for `[` alone (in a file without multi-line strings, where no
/// line starts inside a string); line numbers are counted only where a cut
/// needs one. Returns the line number after the last line, as [`every_line`].
fn header_lines<F: FnMut(Piece)>(bytes: &[u8], cuts: &mut Cuts<F>) -> Option<u32> {
    // A line start and its line number, moved forward as cuts need them.
    let mut counted: (usize, u32) = (0, 1);
    let line_of = |at: usize, counted: &mut (usize, u32)| {
        let newlines = bytecount::count(&bytes[counted.0..at], b'\n');
        *counted = (at, counted.1 + u32::try_from(newlines).unwrap_or(u32::MAX));
        counted.1
    };
    // `from` is always a line start.
    let mut from = 0;
    while let Some(found) = memchr::memchr(b'[', &bytes[from..]) {
        let at = from + found;
        let end = memchr::memchr(b'\n', &bytes[at..]).map_or(bytes.len(), |i| at + i);
        if let Some(line_start) = indent_start(bytes, from, at) {
            let line_no = line_of(line_start, &mut counted);
            cuts.header_line(line_start, line_no, &bytes[at..end])?;
        }
        from = end + 1;
        if from >= bytes.len() {
            break;
        }
    }
    // The number after the last line: one per newline, and one for a last
    // line without one.
    let unended = usize::from(bytes.last().is_some_and(|&b| b != b'\n'));
    let lines = bytecount::count(&bytes[counted.0..], b'\n') + unended;
    Some(counted.1 + u32::try_from(lines).unwrap_or(u32::MAX))
}

/// Where the line of the `[` at `at` starts, when only blanks stand before
/// the `[` on it (`from` is a line start at or before that line's).
fn indent_start(bytes: &[u8], from: usize, at: usize) -> Option<usize> {
    // A `[` after anything but a blank or a newline (`sources = [`) starts
    // no header line: no need to look for the line's start.
    if at > from && !matches!(bytes[at - 1], b' ' | b'\t' | b'\n') {
        return None;
    }
    let line_start = memchr::memrchr(b'\n', &bytes[from..at]).map_or(from, |i| from + i + 1);
    bytes[line_start..at]
        .iter()
        .all(|b| matches!(b, b' ' | b'\t'))
        .then_some(line_start)
}

/// `[[event]]`, `[[issue]]` or `[[strike]]`, and nothing after it: its kind.
fn plain_record_header(line: &[u8]) -> Option<&'static [u8]> {
    let inside = line.strip_prefix(b"[[")?.strip_suffix(b"]]")?;
    RECORD_KINDS.iter().find(|kind| **kind == inside).copied()
}

struct Header<'a> {
    array: bool,
    keys: Vec<&'a [u8]>,
}

/// Reads a table header line (`[a.b]`, `[[ "a" . b ]] # comment`); `None` when the
/// line is anything else or uses escapes this scanner does not decode.
fn header(line: &[u8]) -> Option<Header<'_>> {
    let array = line.starts_with(b"[[");
    let mut i = if array { 2 } else { 1 };
    let skip_ws = |i: &mut usize| {
        while matches!(line.get(*i), Some(b' ' | b'\t')) {
            *i += 1;
        }
    };
    let mut keys = Vec::new();
    loop {
        skip_ws(&mut i);
        let start = i;
        if let Some(&quote @ (b'"' | b'\'')) = line.get(i) {
            let close = line[i + 1..].iter().position(|&b| b == quote)? + i + 1;
            let key = &line[i + 1..close];
            if quote == b'"' && key.contains(&b'\\') {
                return None;
            }
            keys.push(key);
            i = close + 1;
        } else {
            while line
                .get(i)
                .is_some_and(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-'))
            {
                i += 1;
            }
            if i == start {
                return None;
            }
            keys.push(&line[start..i]);
        }
        skip_ws(&mut i);
        match line.get(i) {
            Some(b'.') => i += 1,
            _ => break,
        }
    }
    let close: &[u8] = if array { b"]]" } else { b"]" };
    if !line[i..].starts_with(close) {
        return None;
    }
    i += close.len();
    skip_ws(&mut i);
    match line.get(i) {
        None | Some(b'#' | b'\r') => Some(Header { array, keys }),
        _ => None,
    }
}

/// Follows strings and comments through one line; returns the state at its end.
fn scan_line(line: &[u8], mut state: State) -> State {
    let mut i = 0;
    while i < line.len() {
        match state {
            State::Normal => {
                let Some(at) = memchr::memchr3(b'"', b'\'', b'#', &line[i..]) else {
                    return state;
                };
                let at = i + at;
                match line[at] {
                    b'#' => return state,
                    b'"' if line[at..].starts_with(b"\"\"\"") => {
                        state = State::MultiBasic;
                        i = at + 3;
                    }
                    b'\'' if line[at..].starts_with(b"'''") => {
                        state = State::MultiLiteral;
                        i = at + 3;
                    }
                    b'"' => i = end_of_basic(line, at + 1),
                    _ => {
                        i = memchr::memchr(b'\'', &line[at + 1..])
                            .map_or(line.len(), |j| at + 1 + j + 1);
                    }
                }
            }
            State::MultiBasic => match memchr::memchr2(b'"', b'\\', &line[i..]) {
                None => return state,
                Some(at) if line[i + at] == b'\\' => i += at + 2,
                Some(at) => {
                    let run = line[i + at..].iter().take_while(|&&b| b == b'"').count();
                    i += at + run;
                    if run >= 3 {
                        state = State::Normal;
                    }
                }
            },
            State::MultiLiteral => match memchr::memchr(b'\'', &line[i..]) {
                None => return state,
                Some(at) => {
                    let run = line[i + at..].iter().take_while(|&&b| b == b'\'').count();
                    i += at + run;
                    if run >= 3 {
                        state = State::Normal;
                    }
                }
            },
        }
    }
    state
}

/// The index after the closing quote of a one-line basic string starting at `i`.
fn end_of_basic(line: &[u8], mut i: usize) -> usize {
    while let Some(at) = memchr::memchr2(b'"', b'\\', &line[i.min(line.len())..]) {
        if line[i + at] == b'\\' {
            i += at + 2;
        } else {
            return i + at + 1;
        }
    }
    line.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn starts(text: &str, piece_bytes: usize) -> Option<Vec<(u32, bool)>> {
        plan(text, piece_bytes).map(|p| p.iter().map(|p| (p.first_line, p.prelude)).collect())
    }

    #[test]
    fn cuts_at_record_headers_after_the_prelude() {
        let text = "[board]\ntitle = \"x\"\n[[strike]]\nid = \"a\"\n[strike.weapons]\ndrones = 1\n[[event]]\nid = \"b\"\n";
        assert_eq!(
            starts(text, 1),
            Some(vec![(1, true), (3, false), (7, false)])
        );
        // Large pieces: the prelude alone, then everything else.
        assert_eq!(starts(text, 1 << 20), Some(vec![(1, true), (3, false)]));
    }

    #[test]
    fn headers_inside_strings_and_comments_are_not_cuts() {
        let text = "[[event]]\nsummary = \"\"\"\n[[event]]\n\"\"\"\nnotes = '''\n[[strike]]'''\n# [[issue]]\nx = \"[[issue]]\" # '''\n[[issue]]\n";
        assert_eq!(starts(text, 1), Some(vec![(1, false), (9, false)]));
    }

    #[test]
    fn escaped_quotes_do_not_end_strings() {
        let text = "[[event]]\na = \"\\\"\"\"\"\nb = \"\"\"x\\\"\"\"\"\n[[event]]\n";
        assert_eq!(starts(text, 1), Some(vec![(1, false), (4, false)]));
    }

    #[test]
    fn unsafe_layouts_give_up() {
        // [board] after a record would land in a record's piece.
        assert_eq!(starts("[[strike]]\n[board]\n", 1), None);
        // A sub-table of another kind refers to a record in another piece.
        assert_eq!(
            starts("[[issue]]\n[[strike]]\n[issue.positions]\n", 1),
            None
        );
        // A record sub-table before any record.
        assert_eq!(starts("[strike.weapons]\n[[strike]]\n", 1), None);
        // A line starting with `[` that is not a plain header.
        assert_eq!(starts("[[event]]\nx = [\n[1, 2],\n]\n", 1), None);
        // An unterminated multi-line string.
        assert_eq!(starts("[[event]]\nx = \"\"\"\n", 1), None);
    }

    #[test]
    fn quoted_and_spaced_headers() {
        let text = "[[ \"event\" ]] # first\nid = \"a\"\n[['strike']]\n[ strike . weapons ]\n";
        assert_eq!(starts(text, 1), Some(vec![(1, false), (3, false)]));
    }
    /// Both ways of finding the header lines (every line, or only lines with a
    /// `[`) cut the same pieces and give up on the same files, on generated
    /// files without multi-line strings.
    #[test]
    fn header_lines_alone_cut_as_every_line_does() {
        // Lines a cut goes around, and (rarer) lines some files give up on.
        const SAFE: [&str; 12] = [
            "[[strike]]",
            "  [[strike]]",
            "\t[[strike]] # x",
            "[strike.weapons]",
            "id = \"a\"",
            "sources = [\"x\", \"[[strike]]\"]",
            "# [[strike]] in a comment",
            "  # [[event]]",
            "",
            "[[strike]]\r",
            "a = 'b[' # [",
            "[[\"strike\"]]",
        ];
        const RISKY: [&str; 7] = [
            "[[event]]",
            "[ event . where ]",
            "[board]",
            "x = [",
            "  [1, 2],",
            "]",
            "[[issue]]",
        ];
        let mut seed: u64 = 0x5eed;
        let mut next = |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            usize::try_from(seed % n as u64).unwrap()
        };
        let mut cut = 0;
        for case in 0..4000 {
            let count = 1 + next(24);
            let mut text = String::new();
            for i in 0..count {
                let line = if next(10) == 0 {
                    RISKY[next(RISKY.len())]
                } else {
                    SAFE[next(SAFE.len())]
                };
                text.push_str(line);
                if i + 1 < count || case % 3 != 0 {
                    text.push('\n');
                }
            }
            for piece_bytes in [1, 16, 64] {
                let run = |fast: bool| {
                    let mut pieces = Vec::new();
                    let mut cuts = Cuts {
                        piece_bytes,
                        on_piece: |piece| pieces.push(piece),
                        start: (0, 1),
                        prelude_end: None,
                        kind: None,
                    };
                    let end = if fast {
                        header_lines(text.as_bytes(), &mut cuts)
                    } else {
                        every_line(text.as_bytes(), &mut cuts).map(|(line, _)| line)
                    };
                    let start = cuts.start;
                    (end, start, pieces)
                };
                let fast = run(true);
                assert_eq!(fast, run(false), "{text:?} in pieces of {piece_bytes}");
                cut += usize::from(fast.0.is_some() && fast.2.len() > 1);
            }
        }
        // Files that were cut, not only given up on.
        assert!(cut > 1000, "only {cut} cut");
    }
}
