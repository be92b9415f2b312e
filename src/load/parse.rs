//! Parsing one file: its text to its records, or to every problem that rejects it.
//!
//! Pure: no I/O, no globals, safe on any thread. Large files are cut into pieces
//! at record headers ([`crate::load::chunk`]) that are parsed and validated in
//! parallel, each piece's table tree dropped as soon as its records are read;
//! whenever a cut is not certainly safe, or any piece fails to parse, the whole
//! file is parsed at once instead, so results (records, problems, positions) are
//! exactly those of a whole-file parse.

use std::sync::Arc;

use rayon::prelude::*;
use toml::de::DeTable;

use super::chunk::{self, Piece};
use super::lines::LineIndex;
use super::problem::Problem;
use super::sanitize;
use super::store::{FileRecords, Parsed};
use super::validate::{self, Ctx};

/// Files at least twice this long are parsed in pieces of about this size.
pub const PIECE_BYTES: usize = 256 * 1024;

/// Parses and validates the text of one file named `display`.
pub fn parse_str(display: &Arc<str>, text: &str) -> Parsed {
    if text.len() >= 2 * PIECE_BYTES {
        parse_in_pieces(display, text, PIECE_BYTES)
    } else {
        parse_whole(display, text)
    }
}

/// Parses in pieces of at least `piece_bytes` where that is safe, else whole.
/// (Public so tests can show it gives what [`parse_whole`] gives on small files.)
pub fn parse_in_pieces(display: &Arc<str>, text: &str, piece_bytes: usize) -> Parsed {
    match chunk::plan(text, piece_bytes) {
        Some(pieces) if pieces.len() > 1 => {
            parse_pieces(display, text, &pieces).unwrap_or_else(|| parse_whole(display, text))
        }
        _ => parse_whole(display, text),
    }
}

/// Parses the whole file at once.
pub fn parse_whole(display: &Arc<str>, text: &str) -> Parsed {
    let lines = LineIndex::new(text);
    let root = match DeTable::parse(text) {
        Ok(root) => root,
        Err(error) => return Err(vec![syntax_problem(display, text, &lines, &error)]),
    };
    let ctx = Ctx {
        file: display,
        piece: text,
        base: 0,
        lines: &lines,
    };
    let mut records = FileRecords::default();
    let mut problems = Vec::new();
    validate::root(&ctx, root.get_ref(), &mut records, &mut problems);
    drop(root);
    finish(display, records, problems)
}

/// Parses every piece in parallel; `None` when any piece fails to parse or the
/// prelude defines a record kind itself (then only a whole parse is exact).
fn parse_pieces(display: &Arc<str>, text: &str, pieces: &[Piece]) -> Option<Parsed> {
    let results: Option<Vec<(FileRecords, Vec<Problem>)>> = pieces
        .par_iter()
        .map(|piece| {
            let slice = &text[piece.range.clone()];
            let root = DeTable::parse(slice).ok()?;
            let table = root.get_ref();
            if piece.prelude
                && ["event", "issue", "strike"]
                    .iter()
                    .any(|k| table.contains_key(*k))
            {
                return None;
            }
            let lines = LineIndex::for_piece(slice, piece.range.start, piece.first_line);
            let ctx = Ctx {
                file: display,
                piece: slice,
                base: piece.range.start,
                lines: &lines,
            };
            let mut records = FileRecords::default();
            let mut problems = Vec::new();
            validate::root(&ctx, table, &mut records, &mut problems);
            Some((records, problems))
        })
        .collect();
    let mut records = FileRecords::default();
    let mut problems = Vec::new();
    for (piece, mut piece_problems) in results? {
        if piece.board.is_some() {
            records.board = piece.board;
        }
        records.events.extend(piece.events);
        records.issues.extend(piece.issues);
        records.strikes.extend(piece.strikes);
        problems.append(&mut piece_problems);
    }
    Some(finish(display, records, problems))
}

/// The checks that need every record of the file, then the verdict: any error
/// rejects the file with all its problems; otherwise its records carry the warnings.
fn finish(display: &Arc<str>, mut records: FileRecords, mut problems: Vec<Problem>) -> Parsed {
    validate::duplicate_ids(display, &records, &mut problems);
    problems.sort_by(|a, b| {
        (a.pos.line, a.pos.col, a.level, &a.message)
            .cmp(&(b.pos.line, b.pos.col, b.level, &b.message))
    });
    if problems.iter().any(Problem::is_error) {
        Err(problems)
    } else {
        records.warnings = problems;
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
    Problem::error(display, pos, format!("TOML syntax: {message}"))
}

#[cfg(test)]
mod tests {
    use super::*;
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
