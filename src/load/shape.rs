//! Limits on a file's shape, checked on the token stream before any table tree is
//! built (docs/data-format.md#size-and-encoding).
//!
//! A table tree costs about 150–200 bytes a value, whatever the value's text:
//! `x = [{},{},...]` spends 3 bytes of file on each empty table, so 60 MB of it
//! would build 20 million tables (4 GB). Real data spends about 30 bytes a
//! value. The lexer (`toml_parser`, no allocation per token) reads the text
//! once, a few times faster than a parse, and stops at the first limit passed:
//!
//! | limit | value |
//! |---|---|
//! | values in one array | [`MAX_ARRAY_VALUES`] |
//! | keys in one inline table | [`MAX_INLINE_KEYS`] |
//! | keys in one table (between two headers) | [`MAX_TABLE_KEYS`] |
//! | tables and arrays nested in each other | [`MAX_DEPTH`] |
//! | values in one parse (a file, or a piece of a large one) | one per [`BYTES_PER_VALUE`] bytes, plus [`VALUE_ALLOWANCE`] |
//!
//! Past a limit the file is rejected with an error at the value that passed it,
//! like a syntax error; a data file never comes near any of them.

use toml_parser::Source;
use toml_parser::lexer::{Token, TokenKind};

use crate::model::format::thousands;

/// The most values one array may hold (`sources`, `clocks`, ...).
pub const MAX_ARRAY_VALUES: usize = 10_000;
/// The most keys one inline table (`{ ... }`) may hold.
pub const MAX_INLINE_KEYS: usize = 10_000;
/// The most keys one table may hold between two headers (a record has about 20).
pub const MAX_TABLE_KEYS: usize = 10_000;
/// How deep arrays and inline tables may nest in each other.
pub const MAX_DEPTH: usize = 32;
/// One value for at most this many bytes of text (real data: about 30).
pub const BYTES_PER_VALUE: usize = 8;
/// Values allowed on top of one per [`BYTES_PER_VALUE`] bytes, so small files
/// are never judged by their density.
pub const VALUE_ALLOWANCE: usize = 100_000;

/// A limit passed: where (a byte offset in the text checked) and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exceeded {
    pub offset: usize,
    pub message: String,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Open {
    Array,
    Inline,
}

/// Checks `text` against every limit above; the first one passed is the error.
pub fn check(text: &str) -> Result<(), Exceeded> {
    check_tokens(text.len(), Source::new(text).lex())
}

/// The tokens of `text`, lexed once and checked against every limit as they come:
/// past a limit the lexing stops, so a hostile file costs no more than it did
/// up to that point.
pub fn lex_checked(text: &str) -> Result<Vec<Token>, Exceeded> {
    let mut tokens = SPARE_TOKENS.with(std::cell::RefCell::take);
    tokens.clear();
    // Data files hold about one token per 5 bytes.
    tokens.reserve(text.len() / 5 + 16);
    check_tokens(
        text.len(),
        Source::new(text).lex().inspect(|token| tokens.push(*token)),
    )?;
    Ok(tokens)
}

/// The most tokens a thread keeps a buffer for between pieces (a piece of a
/// large file holds about 15,000; a whole large file's buffer is let go).
const SPARE_TOKENS_MAX: usize = 1 << 18;

thread_local! {
    /// A token buffer kept for the next piece this thread lexes: a large file
    /// is hundreds of pieces, each needing a buffer of a few hundred kilobytes.
    static SPARE_TOKENS: std::cell::RefCell<Vec<Token>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Gives a token buffer back for the next [`lex_checked`] on this thread.
pub fn recycle(tokens: Vec<Token>) {
    if tokens.capacity() <= SPARE_TOKENS_MAX {
        SPARE_TOKENS.with(|spare| spare.replace(tokens));
    }
}

/// Lets go of this thread's spare token buffer (once a load is done).
pub fn release() {
    drop(SPARE_TOKENS.with(std::cell::RefCell::take));
}

/// [`check`] on tokens already lexed from a text of `len` bytes (the loader lexes
/// once, for these limits and for the parse).
pub fn check_tokens(len: usize, tokens: impl IntoIterator<Item = Token>) -> Result<(), Exceeded> {
    let text_len = len;
    let budget = text_len / BYTES_PER_VALUE + VALUE_ALLOWANCE;
    let mut values = 0usize;
    // Open arrays and inline tables, each with its commas so far.
    let mut open: Vec<(Open, usize)> = Vec::new();
    // At depth 0: after `=` until the end of the line (a value is being written).
    let mut in_value = false;
    let mut in_header = false;
    let mut table_keys = 0usize;
    let exceeded = |offset: usize, message: String| Err(Exceeded { offset, message });
    for token in tokens {
        let at = token.span().start();
        match token.kind() {
            TokenKind::Newline | TokenKind::Eof if open.is_empty() => {
                in_value = false;
                in_header = false;
            }
            TokenKind::Whitespace | TokenKind::Comment | TokenKind::Newline | TokenKind::Eof => {}
            _ if in_header => {}
            TokenKind::LeftSquareBracket if open.is_empty() && !in_value => {
                // A table header: a new table, its keys counted afresh.
                in_header = true;
                table_keys = 0;
                values += 1;
            }
            TokenKind::LeftSquareBracket | TokenKind::LeftCurlyBracket => {
                let kind = if token.kind() == TokenKind::LeftCurlyBracket {
                    Open::Inline
                } else {
                    Open::Array
                };
                open.push((kind, 0));
                values += 1;
                if open.len() > MAX_DEPTH {
                    return exceeded(
                        at,
                        format!(
                            "arrays and inline tables nested more than {MAX_DEPTH} deep; \
                             sitboard reads at most {MAX_DEPTH} levels"
                        ),
                    );
                }
            }
            TokenKind::RightSquareBracket | TokenKind::RightCurlyBracket => {
                open.pop();
            }
            TokenKind::Comma => {
                if let Some((kind, commas)) = open.last_mut() {
                    *commas += 1;
                    let (limit, what) = match kind {
                        Open::Array => (MAX_ARRAY_VALUES, "values in one array"),
                        Open::Inline => (MAX_INLINE_KEYS, "keys in one inline table"),
                    };
                    // `commas` commas: the next value is value `commas + 1`.
                    if *commas >= limit {
                        return exceeded(
                            at,
                            format!(
                                "more than {} {what}; sitboard reads at most {}",
                                thousands(limit as u64),
                                thousands(limit as u64)
                            ),
                        );
                    }
                    values += 1;
                }
            }
            TokenKind::Equals => {
                values += 1;
                if open.is_empty() {
                    in_value = true;
                    table_keys += 1;
                    if table_keys > MAX_TABLE_KEYS {
                        return exceeded(
                            at,
                            format!(
                                "more than {} keys in one table; sitboard reads at most {}",
                                thousands(MAX_TABLE_KEYS as u64),
                                thousands(MAX_TABLE_KEYS as u64)
                            ),
                        );
                    }
                }
            }
            _ => {}
        }
        if values > budget {
            return exceeded(
                at,
                format!(
                    "more than {} values in {} bytes, far denser than any data file \
                     (at most one value per {BYTES_PER_VALUE} bytes, plus {}); not read",
                    thousands(budget as u64),
                    thousands(text_len as u64),
                    thousands(VALUE_ALLOWANCE as u64)
                ),
            );
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `each(n)` for every n in `range`, joined.
    fn joined(range: std::ops::Range<usize>, each: impl Fn(usize) -> String) -> String {
        range.map(each).collect::<Vec<_>>().concat()
    }

    fn offset_of(result: Result<(), Exceeded>) -> usize {
        result.expect_err("a limit is passed").offset
    }

    #[test]
    fn real_data_passes() {
        for (_, text) in crate::example::FILES {
            assert_eq!(check(text), Ok(()));
        }
        let nested = "a = [[1, 2], [3, [4, { b = [5] }]]]\n[t]\nx = { y = { z = 1 } }\n";
        assert_eq!(check(nested), Ok(()));
    }

    #[test]
    fn an_array_stops_at_its_limit_wherever_it_is() {
        let values = vec!["\"\""; MAX_ARRAY_VALUES].join(",");
        assert_eq!(check(&format!("sources = [{values}]\n")), Ok(()));
        let text = format!("sources = [{values},\"\"]\n");
        let error = check(&text).unwrap_err();
        assert_eq!(
            error.message,
            "more than 10,000 values in one array; sitboard reads at most 10,000"
        );
        // The comma before value 10,001.
        assert_eq!(error.offset, "sources = [".len() + values.len());
        // Inside an inline table, over several lines, in a table.
        let lines = vec!["1"; MAX_ARRAY_VALUES + 1].join(",\n");
        assert!(check(&format!("[t]\nx = {{ y = [\n{lines}\n] }}\n")).is_err());
    }

    #[test]
    fn headers_and_strings_with_brackets_are_not_arrays() {
        let text = "[[strike]]\nid = \"[[[,,,]]]\"\n[strike.weapons]\nx = 1\n# [[,,,,\n";
        assert_eq!(check(text), Ok(()));
        let many_headers = "[[strike]]\nid = \"a\"\n".repeat(MAX_ARRAY_VALUES * 2);
        assert_eq!(check(&many_headers), Ok(()));
    }

    #[test]
    fn inline_tables_depth_and_table_keys_have_limits() {
        let keys: Vec<String> = (0..=MAX_INLINE_KEYS).map(|n| format!("k{n} = 1")).collect();
        let text = format!("x = {{ {} }}\n", keys.join(", "));
        assert!(
            check(&text)
                .unwrap_err()
                .message
                .contains("keys in one inline table")
        );
        let deep = format!(
            "x = {}{}\n",
            "[".repeat(MAX_DEPTH + 1),
            "]".repeat(MAX_DEPTH + 1)
        );
        assert_eq!(offset_of(check(&deep)), 4 + MAX_DEPTH);
        let lines = joined(0..MAX_TABLE_KEYS + 1, |n| {
            format!(
                "k{n} = 1
"
            )
        });
        assert!(
            check(&lines)
                .unwrap_err()
                .message
                .contains("keys in one table")
        );
        // A header starts a new table.
        let split: String = (0..=MAX_TABLE_KEYS)
            .map(|n| {
                if n % 1000 == 0 {
                    format!("[t{n}]\nk = 1\n")
                } else {
                    format!("k{n} = 1\n")
                }
            })
            .collect();
        assert_eq!(check(&split), Ok(()));
    }

    #[test]
    fn a_file_denser_than_data_is_refused() {
        // Many small arrays of empty tables: no single limit passed, but far more
        // values than bytes allow.
        let line = format!("[{}]\n", vec!["{}"; 1000].join(","));
        let text = joined(0..400, |n| format!("k{n} = {line}"));
        let error = check(&text).unwrap_err();
        assert!(
            error.message.contains("far denser than any data file"),
            "{}",
            error.message
        );
    }
}
