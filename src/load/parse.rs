//! Parsing one file: its text to its records, or to every problem that rejects it.
//!
//! Pure: no I/O, no globals, safe on any thread. Large files are cut into pieces
//! at record headers ([`crate::load::chunk`]) that are parsed and validated in
//! parallel, each piece's table tree dropped as soon as its records are read;
//! whenever a cut is not certainly safe, or any piece fails to parse, the whole
//! file is parsed at once instead, so results (records, problems, positions) are
//! exactly those of a whole-file parse.

use std::sync::Arc;

use toml::de::DeTable;
use toml_parser::lexer::Token;

use super::chunk::{self, Piece};
use super::lines::LineIndex;
use super::sanitize;
use super::store::{FileRecords, Parsed};
use super::tree::Table;
use super::validate::{self, Ctx, IdKey, RejectedIds};
use super::{events, fields, oblasts, quick, shape, straight};
use crate::model::SourcePos;
use crate::model::format::thousands;
use crate::model::problem::Problem;

/// Files at least twice this long are parsed in pieces of about this size.
pub const PIECE_BYTES: usize = 64 * 1024;

/// Parses and validates the text of one file named `display`.
pub fn parse_str(display: &Arc<str>, text: &str) -> Parsed {
    if text.len() >= 2 * PIECE_BYTES {
        parse_in_pieces(display, text, PIECE_BYTES)
    } else {
        parse_whole(display, text)
    }
}

/// Parses in pieces of at least `piece_bytes` where that is safe, else whole
/// (small `piece_bytes` let tests cut small files).
pub fn parse_in_pieces(display: &Arc<str>, text: &str, piece_bytes: usize) -> Parsed {
    parse_pieces(display, text, piece_bytes).unwrap_or_else(|| parse_whole(display, text))
}

/// Parses the whole file at once.
pub fn parse_whole(display: &Arc<str>, text: &str) -> Parsed {
    whole(display, text, Reader::Events)
}

/// [`parse_whole`] reading the text with the `toml` crate's own tree instead of
/// the event reader: the reference the differential tests hold the loader to
/// (`tests/parser_equal.rs`).
pub fn parse_whole_with_toml(display: &Arc<str>, text: &str) -> Parsed {
    whole(display, text, Reader::Toml)
}

/// A piece read both ways ([`pieces_read_both_ways`]).
#[derive(Debug)]
pub struct BothWays {
    /// What the straight read gave, as `{:#?}`.
    pub straight: String,
    /// What the tree gave, the same way.
    pub tree: String,
    /// The problems the straight read found, and how many were errors.
    pub problems: usize,
    pub errors: usize,
}

/// Every piece of `text` (cut at `piece_bytes`) that reads straight into
/// strikes, read both ways: straight, and through a tree. The differential
/// tests hold the two equal (`tests/parser_equal.rs`).
pub fn pieces_read_both_ways(display: &Arc<str>, text: &str, piece_bytes: usize) -> Vec<BothWays> {
    let mut both = Vec::new();
    for piece in chunk::plan(text, piece_bytes).unwrap_or_default() {
        let at = PieceAt::of(&piece, 0, 1);
        let slice = &text[piece.range];
        if let Some(straight) = read_straight(display, slice, at) {
            let tree = read_tree(display, slice, at)
                .map_or_else(|| "the tree way failed".into(), |tree| format!("{tree:#?}"));
            let problems = &straight.2;
            both.push(BothWays {
                problems: problems.len(),
                errors: problems.iter().filter(|p| p.is_error()).count(),
                straight: format!("{straight:#?}"),
                tree,
            });
        }
    }
    both
}

/// Which reader builds the tree.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Reader {
    /// The event reader, falling back on `toml` when it gives up.
    Events,
    /// The `toml` crate only.
    Toml,
}

fn whole(display: &Arc<str>, text: &str, reader: Reader) -> Parsed {
    let lines = LineIndex::whole();
    let quick = match reader {
        Reader::Events => quick::read(text).ok(),
        Reader::Toml => None,
    };
    let root = if let Some(root) = quick {
        root
    } else {
        let tokens = match shape::lex_checked(text) {
            Ok(tokens) => tokens,
            Err(exceeded) => {
                let pos = lines.pos(text, exceeded.offset);
                return Err(vec![Problem::error(display, pos, exceeded.message)]);
            }
        };
        let tree = match reader {
            Reader::Events => tree_of(text, tokens),
            Reader::Toml => {
                drop(tokens);
                DeTable::parse(text).map(|root| Table::from_toml(root.get_ref()))
            }
        };
        match tree {
            Ok(root) => root,
            Err(error) => return Err(vec![syntax_problem(display, text, &lines, &error)]),
        }
    };
    let ctx = Ctx {
        file: display,
        piece: text,
        base: 0,
        lines: &lines,
    };
    let mut records = FileRecords::default();
    let mut rejected = Vec::new();
    let mut problems = Vec::new();
    validate::root(&ctx, &root, &mut records, &mut rejected, &mut problems);
    drop(root);
    let keys = validate::id_keys(&records, &rejected);
    finish(display, records, &rejected, keys, problems, (0, false))
}

/// The tree of `text` from its `tokens`; when the event reader gives up, the
/// `toml` crate parses the text, so a broken file gets that parser's message
/// (and a file the reader wrongly refused still loads).
fn tree_of(text: &str, tokens: Vec<Token>) -> Result<Table<'_>, toml::de::Error> {
    let read = events::read(text, &tokens);
    shape::recycle(tokens);
    if let Ok(root) = read {
        return Ok(root);
    }
    DeTable::parse(text).map(|root| Table::from_toml(root.get_ref()))
}

/// What one piece contributes.
struct PieceOut {
    records: FileRecords,
    rejected: RejectedIds,
    /// Its records' id keys (kept and rejected), sorted.
    keys: Vec<IdKey>,
    /// Problems kept, and how many more were only counted.
    problems: Vec<Problem>,
    omitted: usize,
    /// Duplicate ids among its rejected records went unchecked.
    unchecked: bool,
    /// Its strikes' oblast names that no region means.
    unknown: oblasts::Unknown,
}

/// Parses every piece in parallel, each as soon as the scanner has found its end;
/// `None` when the file cannot be cut safely, is a single piece, any piece fails to
/// parse, or the prelude defines a record kind itself (then only a whole parse is
/// exact).
fn parse_pieces(display: &Arc<str>, text: &str, piece_bytes: usize) -> Option<Parsed> {
    let pieces = Pieces::new(display);
    let safe = rayon::scope(|scope| {
        // Each piece waits for the next to be found, so a file that turns out to
        // be one piece is not parsed twice (here, then whole).
        let mut held: Option<Piece> = None;
        let mut several = false;
        let spawn = |piece: Piece| {
            let at = PieceAt::of(&piece, 0, 1);
            pieces.spawn(scope, &text[piece.range], at);
        };
        let safe = chunk::plan_each(text, piece_bytes, |piece| {
            if let Some(previous) = held.replace(piece) {
                several = true;
                spawn(previous);
            }
        });
        if let Some(last) = held.filter(|_| safe && several) {
            spawn(last);
        }
        safe
    });
    if !safe || pieces.count() < 2 {
        return None;
    }
    // What parse_str gives has no file warnings (see `load::with_file_warnings`).
    pieces.finish().map(|(parsed, _)| parsed)
}

/// Where a piece stands in its file.
#[derive(Clone, Copy, Debug)]
pub(super) struct PieceAt {
    /// Byte offset of its first byte.
    pub base: usize,
    /// 1-based number of its first line.
    pub first_line: u32,
    /// It is the file's prelude (everything before the first record header).
    pub prelude: bool,
}

impl PieceAt {
    /// Where `piece`, cut from a stretch of the file that starts at byte
    /// `base` and line `first_line`, stands in the file.
    pub fn of(piece: &Piece, base: usize, first_line: u32) -> PieceAt {
        PieceAt {
            base: base + piece.range.start,
            first_line: first_line + piece.first_line - 1,
            prelude: piece.prelude && base == 0,
        }
    }
}

/// Pieces of one file parsed in parallel, and what they bring put together
/// in file order once all are done.
pub(super) struct Pieces<'d> {
    display: &'d Arc<str>,
    /// Each piece's result with its index, as the pieces finish.
    outs: std::sync::Mutex<Vec<(usize, Option<PieceOut>)>>,
    listed: Listed,
    count: std::sync::atomic::AtomicUsize,
}

impl<'d> Pieces<'d> {
    pub fn new(display: &'d Arc<str>) -> Self {
        Pieces {
            display,
            outs: std::sync::Mutex::default(),
            listed: Listed::default(),
            count: std::sync::atomic::AtomicUsize::new(0),
        }
    }

    /// How many pieces were handed on.
    pub fn count(&self) -> usize {
        self.count.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// Parses `slice`, the piece standing `at` in the file, on `scope`.
    pub fn spawn<'s>(&'s self, scope: &rayon::Scope<'s>, slice: &'s str, at: PieceAt) {
        self.spawn_in(scope, slice, 0..slice.len(), at);
    }

    /// Parses `text[range]`, the piece standing `at` in the file, on
    /// `scope`; the task holds `text` until the piece is parsed (a block of
    /// a file read in blocks is let go when its last piece is done).
    pub fn spawn_in<'s, T: AsRef<str> + Send + 's>(
        &'s self,
        scope: &rayon::Scope<'s>,
        text: T,
        range: std::ops::Range<usize>,
        at: PieceAt,
    ) {
        let index = self
            .count
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let (listed, display, outs) = (&self.listed, self.display, &self.outs);
        scope.spawn(move |_| {
            let slice = &text.as_ref()[range];
            let out = parse_piece(display, slice, at).map(|mut out| {
                if listed.keep_or_count(index, &mut out.problems, &mut out.omitted) {
                    // The list is full before this piece: its rejected
                    // records' ids (kept only to find more duplicates, whose
                    // problems would not be listed) are let go too.
                    out.rejected = Vec::new();
                    out.keys = validate::id_keys(&out.records, &out.rejected);
                    out.unchecked = true;
                }
                out
            });
            // A poisoned lock only means another piece panicked: the
            // result is incomplete either way and that panic is reported.
            if let Ok(mut outs) = outs.lock() {
                outs.push((index, out));
            }
        });
    }

    /// Every piece's records and problems in file order, and the checks
    /// that need the whole file; with the file's oblast names that no
    /// region means. `None` when any piece failed to parse.
    pub fn finish(self) -> Option<(Parsed, oblasts::Unknown)> {
        let display = self.display;
        let mut outs = self.outs.into_inner().ok()?;
        if outs.len() != self.count.into_inner() {
            return None;
        }
        outs.sort_unstable_by_key(|(index, _)| *index);
        let mut records = FileRecords::default();
        let mut rejected = Vec::new();
        let mut keys = Vec::new();
        let mut problems = Vec::new();
        let mut unknown = oblasts::Unknown::default();
        let mut omitted = 0;
        let mut unchecked = false;
        for (_, out) in outs {
            let mut piece = out?;
            omitted += piece.omitted;
            unchecked |= piece.unchecked;
            if piece.records.board.is_some() {
                records.board = piece.records.board;
            }
            records.events.extend(piece.records.events);
            records.issues.extend(piece.records.issues);
            records.strikes.extend(piece.records.strikes);
            rejected.append(&mut piece.rejected);
            keys.append(&mut piece.keys);
            problems.append(&mut piece.problems);
            unknown.add(piece.unknown);
        }
        let parsed = finish(
            display,
            records,
            &rejected,
            keys,
            problems,
            (omitted, unchecked),
        );
        Some((parsed, unknown))
    }
}

/// Which pieces' problems can still be among the first [`MAX_LISTED_PROBLEMS`]
/// of the file. Pieces are in file order and a piece's problems lie within it,
/// so once the pieces `0..cutoff` are all done and hold that many problems, a
/// piece at or after `cutoff` only counts its problems: the list is the same,
/// and a file of a million broken records never holds them all at once.
#[derive(Default)]
struct Listed {
    state: std::sync::Mutex<ListedState>,
}

#[derive(Default)]
struct ListedState {
    /// Problems kept by each finished piece not yet in the done prefix.
    finished: std::collections::BTreeMap<usize, usize>,
    /// Pieces `0..prefix` are done, holding `kept` problems.
    prefix: usize,
    kept: usize,
    /// Pieces from here on only count their problems.
    cutoff: Option<usize>,
}

impl Listed {
    /// Counts rather than keeps the problems of a piece past the cutoff;
    /// returns whether it was past it.
    fn keep_or_count(
        &self,
        index: usize,
        problems: &mut Vec<Problem>,
        omitted: &mut usize,
    ) -> bool {
        // A poisoned lock only means another piece panicked; its result is lost anyway.
        let Ok(mut state) = self.state.lock() else {
            return false;
        };
        let past = state.cutoff.is_some_and(|cutoff| index >= cutoff);
        if past {
            *omitted += problems.len();
            *problems = Vec::new();
        }
        state.finished.insert(index, problems.len());
        loop {
            let next = state.prefix;
            let Some(kept) = state.finished.remove(&next) else {
                break;
            };
            state.prefix += 1;
            state.kept += kept;
        }
        if state.cutoff.is_none() && state.kept >= MAX_LISTED_PROBLEMS {
            state.cutoff = Some(state.prefix);
        }
        past
    }
}

/// Parses and validates one piece: straight into strikes when it is made of
/// plain strike records ([`straight`]), else through a table tree, dropped
/// before returning.
fn parse_piece(display: &Arc<str>, slice: &str, at: PieceAt) -> Option<PieceOut> {
    let (records, rejected, mut problems) = match read_straight(display, slice, at) {
        Some(read) => read,
        None => read_tree(display, slice, at)?,
    };
    let keys = validate::id_keys(&records, &rejected);
    // While its strikes are still in the cache.
    let unknown = oblasts::Unknown::of(&crate::geo::builtin(), &records.strikes);
    // Each piece keeps only what the file could list, so a file of a million
    // broken records never holds millions of problems at once.
    let omitted = keep_first(&mut problems);
    Some(PieceOut {
        records,
        rejected,
        keys,
        problems,
        omitted,
        unchecked: false,
        unknown,
    })
}

/// Reads one piece straight into strikes; `None` for the prelude, or when
/// the piece is anything but plain strike records.
fn read_straight(display: &Arc<str>, slice: &str, at: PieceAt) -> Option<straight::Read> {
    if at.prelude {
        return None;
    }
    let lines = LineIndex::for_piece(at.base, at.first_line);
    straight::read(&piece_ctx(display, slice, at, &lines), slice).ok()
}

/// What the validators know of a piece standing `at` in its file.
fn piece_ctx<'a>(
    display: &'a Arc<str>,
    slice: &'a str,
    at: PieceAt,
    lines: &'a LineIndex,
) -> Ctx<'a> {
    Ctx {
        file: display,
        piece: slice,
        base: at.base,
        lines,
    }
}

/// Parses one piece into a table tree and reads its records from it.
fn read_tree(display: &Arc<str>, slice: &str, at: PieceAt) -> Option<straight::Read> {
    let root = if let Ok(root) = quick::read(slice) {
        root
    } else {
        // Past a limit: the whole parse reports it at its place in the file.
        let tokens = shape::lex_checked(slice).ok()?;
        // Anything the event reader does not accept: the whole parse says what.
        let read = events::read(slice, &tokens);
        shape::recycle(tokens);
        read.ok()?
    };
    let table = &root;
    if at.prelude
        && ["event", "issue", "strike"]
            .iter()
            .any(|k| table.contains_key(k))
    {
        return None;
    }
    // Its own index: a straight read that gave up has asked for positions.
    let lines = LineIndex::for_piece(at.base, at.first_line);
    let ctx = piece_ctx(display, slice, at, &lines);
    let mut records = FileRecords::default();
    let mut rejected = Vec::new();
    let mut problems = Vec::new();
    validate::root(&ctx, table, &mut records, &mut rejected, &mut problems);
    Some((records, rejected, problems))
}

/// The most problems listed for one file; the rest are counted in one more error.
pub const MAX_LISTED_PROBLEMS: usize = 1_000;

fn by_position(a: &Problem, b: &Problem) -> std::cmp::Ordering {
    (a.pos.line, a.pos.col, a.level, &a.message).cmp(&(b.pos.line, b.pos.col, b.level, &b.message))
}

/// Sorts `problems` by position and keeps the first [`MAX_LISTED_PROBLEMS`];
/// returns how many were dropped.
fn keep_first(problems: &mut Vec<Problem>) -> usize {
    problems.sort_by(by_position);
    let dropped = problems.len().saturating_sub(MAX_LISTED_PROBLEMS);
    problems.truncate(MAX_LISTED_PROBLEMS);
    // A piece's result waits for every other piece: give back the room of
    // what was dropped, not only the messages.
    problems.shrink_to_fit();
    dropped
}

/// The checks that need every record of the file, then the verdict: any error
/// rejects the file with all its problems; otherwise its records carry the warnings.
fn finish(
    display: &Arc<str>,
    mut records: FileRecords,
    rejected: &RejectedIds,
    mut keys: Vec<IdKey>,
    mut problems: Vec<Problem>,
    (omitted, unchecked): (usize, bool),
) -> Parsed {
    validate::duplicate_ids(display, &records, rejected, &mut keys, &mut problems);
    let omitted = omitted + keep_first(&mut problems);
    if omitted > 0 {
        // Placed after the last one listed, so it reads as the list's last line.
        let last = problems
            .last()
            .map_or(SourcePos { line: 1, col: 1 }, |p| p.pos);
        // Past the list, duplicate ids among broken records are not looked for.
        let at_least = if unchecked { "at least " } else { "" };
        problems.push(Problem::error(
            display,
            last,
            format!(
                "{at_least}{} more problems in this file are not listed (at most {} are)",
                thousands(omitted as u64),
                thousands(MAX_LISTED_PROBLEMS as u64)
            ),
        ));
    }
    if problems.iter().any(Problem::is_error) {
        Err(problems)
    } else {
        records.warnings = problems;
        // No record was rejected: the keys are the file's records'.
        records.id_hashes = Some(validate::sorted_hashes(&keys));
        Ok(records)
    }
}

/// A TOML syntax error at the position the parser names.
fn syntax_problem(
    display: &Arc<str>,
    text: &str,
    lines: &LineIndex,
    error: &toml::de::Error,
) -> Problem {
    let span = error.span().unwrap_or(0..0);
    let pos = lines.pos(text, span.start);
    let mut message = sanitize::line(error.message());
    if message == "duplicate key" {
        let key = text.get(span.clone()).unwrap_or("");
        let key = key.trim_matches(|c| c == '"' || c == '\'');
        message = if key == "board" {
            "a second [board] table in this file (duplicate key \"board\")".to_string()
        } else {
            format!(
                "duplicate key {} (a key or table may be defined only once)",
                sanitize::quoted(key)
            )
        };
    }
    if let Some(better) = unquoted_value(text, span.start) {
        return Problem::error(display, pos, better);
    }
    Problem::error(display, pos, format!("TOML syntax: {message}"))
}

/// A clearer message for a bare word where a value should be (`updated =
/// 22/01/2026`, `status = open`): TOML reads it as a broken number, boolean or
/// string. Names the key and, for a time key, shows the forms a time takes.
fn unquoted_value(text: &str, offset: usize) -> Option<String> {
    let start = text[..offset.min(text.len())]
        .rfind('\n')
        .map_or(0, |i| i + 1);
    let line = text[start..].lines().next().unwrap_or("");
    let (key, value) = line.split_once('=')?;
    let key = key
        .trim()
        .rsplit('.')
        .next()?
        .trim()
        .trim_matches(['"', '\'']);
    let value = value.split(" #").next().unwrap_or("").trim();
    let bare = !value.is_empty()
        && !value.starts_with(['"', '\'', '[', '{'])
        && offset >= start + line.len() - line.trim_start().len() + key.len();
    if !bare || key.is_empty() {
        return None;
    }
    let types: Vec<&fields::FieldType> = fields::ALL_TABLES
        .iter()
        .flat_map(|spec| spec.fields)
        .filter(|f| f.name == key)
        .map(|f| &f.ty)
        .collect();
    let is_time_key = types.iter().any(|ty| matches!(ty, fields::FieldType::Time));
    let is_number = types.iter().any(|ty| {
        matches!(
            ty,
            fields::FieldType::Integer { .. } | fields::FieldType::Float { .. }
        )
    });
    let is_estimate = types
        .iter()
        .any(|ty| matches!(ty, fields::FieldType::Estimate(_)));
    let written = sanitize::quoted(value);
    if is_estimate {
        Some(format!(
            "{key}: {written} is not a count; write a whole number ({key} = 3) or a range \
             ({key} = {{ low = 2, best = 3, high = 5 }})"
        ))
    } else if is_number {
        None
    } else if is_time_key {
        Some(format!(
            "{key}: {written} is not a TOML date-time; write it without quotes as \
             2026-01-22T18:00:00+03:00, 2026-01-22T18:00:00 or 2026-01-22"
        ))
    } else if value
        .chars()
        .all(|c| c.is_alphanumeric() || " -_/.".contains(c))
    {
        Some(format!(
            "{key}: {written} needs quotes: text is written {key} = \"...\""
        ))
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use crate::load::validate::tests::messages;

    #[test]
    fn syntax_errors_point_at_the_fault() {
        let m = messages("[[event]]\nid = \"a\"\ntitle = \"unterminated\nstart = 2026-01-22\n");
        assert_eq!(m.len(), 1);
        // The parser points where the closing quote was expected: the end of line 3.
        assert_eq!(
            m[0],
            "3:22: error: TOML syntax: invalid basic string, expected `\"`"
        );
    }

    #[test]
    fn a_bare_value_names_its_key_and_what_it_should_be() {
        assert_eq!(
            messages(
                "[[issue]]\nid = \"a\"\ntitle = \"T\"\nstatus = \"open\"\nupdated = 22/01/2026\n"
            ),
            [
                "5:11: error: updated: \"22/01/2026\" is not a TOML date-time; write it without quotes as 2026-01-22T18:00:00+03:00, 2026-01-22T18:00:00 or 2026-01-22"
            ]
        );
        assert_eq!(
            messages("[[issue]]\nid = \"a\"\ntitle = \"T\"\nstatus = open\n"),
            ["4:10: error: status: \"open\" needs quotes: text is written status = \"...\""]
        );
        // A count that may be a range says both forms.
        assert_eq!(
            messages(
                "[[strike]]\nid = \"s\"\ntime = 2026-01-20\noblast = \"Kyiv\"\ntarget = \"chp\"\n[strike.casualties]\nkilled = many\n"
            ),
            [
                "7:10: error: killed: \"many\" is not a count; write a whole number (killed = 3) or a range (killed = { low = 2, best = 3, high = 5 })"
            ]
        );
        // A number key keeps TOML's own message.
        assert!(
            messages("[[issue]]\nid = \"a\"\ntitle = \"T\"\nstatus = \"open\"\nprogress = 5x\n")[0]
                .contains("TOML syntax:")
        );
    }

    #[test]
    fn a_second_board_in_one_file() {
        assert_eq!(
            messages("[board]\ntitle = \"a\"\n[board]\ntitle = \"b\"\n"),
            [
                "3:2: error: TOML syntax: a second [board] table in this file (duplicate key \"board\")"
            ]
        );
    }

    #[test]
    fn duplicate_keys_are_named() {
        assert_eq!(
            messages("[[event]]\nid = \"a\"\nid = \"b\"\n"),
            [
                "3:1: error: TOML syntax: duplicate key \"id\" (a key or table may be defined only once)"
            ]
        );
    }
}

#[cfg(test)]
mod edge_cases {
    use crate::load::validate::tests::{messages, records};

    #[test]
    fn a_byte_order_mark_does_not_shift_positions() {
        let m = messages("\u{feff}[[event]]\nid = \"a\"\ntitle = 1\nstart = 2026-01-22\n");
        assert_eq!(
            m,
            ["3:9: error: event \"a\": title: expected a string, found an integer"]
        );
    }

    #[test]
    fn crlf_line_endings() {
        let m = messages("[[event]]\r\nid = \"a\"\r\ntitle = 1\r\nstart = 2026-01-22\r\n");
        assert_eq!(
            m,
            ["3:9: error: event \"a\": title: expected a string, found an integer"]
        );
    }

    #[test]
    fn an_empty_file_is_a_good_file() {
        let r = records("");
        assert!(r.board.is_none() && r.events.is_empty() && r.warnings.is_empty());
        assert!(records("# only a comment\n").events.is_empty());
    }

    #[test]
    fn inline_arrays_of_tables_are_records_too() {
        let r = records("event = [ { id = \"a\", title = \"A\", start = 2026-01-22 } ]\n");
        assert_eq!(r.events.len(), 1);
        assert_eq!((r.events[0].pos.line, r.events[0].pos.col), (1, 11));
    }
}
