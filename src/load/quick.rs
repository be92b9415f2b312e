//! A quick reader for the plain lines data files are made of
//! (docs/performance.md#a-quick-reader-for-plain-lines).
//!
//! Nearly every line of a data file is one of a few plain forms: a header
//! (`[[strike]]`, `[strike.weapons]`), a bare key with one value (a string
//! without escapes, a decimal integer or float, a boolean, a date-time, a
//! one-line array or inline table of those), a comment or a blank line. This
//! reader takes exactly those, byte by byte, and hands them to a [`Sink`]:
//! the light tree ([`crate::load::tree`], through the same table rules as the
//! event reader, [`crate::load::events::Assembler`]) or strikes read as they
//! complete ([`crate::load::straight`]). It counts the shape limits the way
//! [`crate::load::shape`] does. At the first thing outside those forms, or
//! anything a limit might refuse, it gives up, and the text goes the general
//! way (the `toml_parser` lexer, its events, and on any error the `toml`
//! crate), so what is read, and every message, is what that way gives. The
//! differential tests (`tests/parser_equal.rs`) hold the trees equal, span
//! for span.

use std::borrow::Cow;
use std::ops::Range;

use toml::value::{Date, Datetime, Offset, Time};

use super::cursor::{Budget, Cursor};
use super::events::{Assembler, GaveUp, Header};
use super::shape::MAX_TABLE_KEYS;
use super::tree::{Array, Key, Made, Node, Number, Spanned, Table, Value};
use super::words;

/// The tree of `text`, when every line of it is plain.
pub fn read(text: &str) -> Result<Table<'_>, GaveUp> {
    let mut tables = Assembler::default();
    read_into(text, &mut tables)?;
    tables.finish()
}

/// Where the reader hands what it reads: the headers and the `key = value`
/// lines, in file order (a tree, [`Assembler`], or records as they complete,
/// [`crate::load::straight`]).
pub(super) trait Sink<'i> {
    /// `[a.b]` or `[[a]]`.
    fn header(&mut self, header: Header<'i>) -> Result<(), GaveUp>;
    /// `key = value` under the last header.
    fn key_value(&mut self, key: Key<'i>, value: Node<'i>) -> Result<(), GaveUp>;
}

impl<'i> Sink<'i> for Assembler<'i> {
    fn header(&mut self, header: Header<'i>) -> Result<(), GaveUp> {
        Assembler::header(self, header)
    }

    fn key_value(&mut self, key: Key<'i>, value: Node<'i>) -> Result<(), GaveUp> {
        Assembler::key_value(self, &[], key, value)
    }
}

/// Reads `text` into `sink`, when every line of it is plain.
pub(super) fn read_into<'i>(text: &'i str, sink: &mut impl Sink<'i>) -> Result<(), GaveUp> {
    read_range_into(text, 0..text.len(), &mut Budget::of(text), sink)
}

/// Reads the lines of `text` in `range` (which starts and ends at a line
/// start) into `sink`, spans relative to `text`, spending `budget`.
pub(super) fn read_range_into<'i>(
    text: &'i str,
    range: Range<usize>,
    budget: &mut Budget,
    sink: &mut impl Sink<'i>,
) -> Result<(), GaveUp> {
    let mut reader = Reader {
        cur: Cursor::new(&text[..range.end], range.start, *budget),
        table_keys: 0,
        sink,
    };
    let read = reader.document();
    *budget = reader.cur.budget;
    read
}

struct Reader<'i, 's, S> {
    /// The text, where the reader stands in it and the values counted.
    cur: Cursor<'i>,
    /// Keys of the current table (between two headers).
    table_keys: usize,
    sink: &'s mut S,
}

/// What may end an unquoted value (a number, boolean or date-time).
pub(super) fn ends_bare(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b',' | b']' | b'}' | b'#' | b'\n' | b'\r')
}

pub(super) fn is_key_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'-'
}

/// A control character TOML allows in no string or comment (tab is allowed).
pub(super) fn is_forbidden(b: u8) -> bool {
    (b < 0x20 && b != b'\t') || b == 0x7f
}

impl<'i, S: Sink<'i>> Reader<'i, '_, S> {
    fn document(&mut self) -> Result<(), GaveUp> {
        loop {
            self.cur.skip_blanks();
            match self.cur.peek() {
                None => return Ok(()),
                Some(b'[') => self.header()?,
                Some(b) if is_key_byte(b) => self.key_value()?,
                _ => {}
            }
            self.cur.end_of_line()?;
        }
    }

    /// `[a.b]` or `[[a]]`, without blanks inside.
    fn header(&mut self) -> Result<(), GaveUp> {
        let start = self.cur.at;
        let array = self.cur.bytes.get(start + 1) == Some(&b'[');
        self.cur.at += if array { 2 } else { 1 };
        let mut path = Vec::new();
        let mut last = key(&mut self.cur)?;
        while self.cur.peek() == Some(b'.') {
            self.cur.at += 1;
            path.push(std::mem::replace(&mut last, key(&mut self.cur)?));
        }
        let close: &[u8] = if array { b"]]" } else { b"]" };
        if !self.cur.bytes[self.cur.at..].starts_with(close) {
            return Err(GaveUp);
        }
        self.cur.at += close.len();
        self.cur.count()?;
        self.table_keys = 0;
        self.sink.header(Header {
            path,
            key: last,
            span: start..self.cur.at,
            array,
        })
    }

    /// `key = value` in the current table.
    fn key_value(&mut self) -> Result<(), GaveUp> {
        let key = key(&mut self.cur)?;
        self.cur.equals()?;
        self.table_keys += 1;
        if self.table_keys > MAX_TABLE_KEYS {
            return Err(GaveUp);
        }
        let value = match self.cur.peek() {
            Some(b'[') => array(&mut self.cur)?,
            Some(b'{') => inline_table(&mut self.cur)?,
            _ => self.cur.scalar()?,
        };
        self.sink.key_value(key, value)
    }
}

/// A bare key, borrowed from the text.
fn key<'i>(cur: &mut Cursor<'i>) -> Result<Key<'i>, GaveUp> {
    let span = cur.key()?;
    let name = &cur.text[span.clone()];
    Ok(Spanned::new(span, Cow::Borrowed(name)))
}

/// `[ scalar, ... ]` on one line.
fn array<'i>(cur: &mut Cursor<'i>) -> Result<Node<'i>, GaveUp> {
    let start = cur.at;
    let mut items = Vec::new();
    cur.array(|cur| {
        items.push(cur.scalar()?);
        Ok(())
    })?;
    let value = Value::Array(Array {
        items,
        of_tables: false,
    });
    Ok(Spanned::new(start..cur.at, value))
}

/// `{ key = scalar, ... }` on one line, without a trailing comma.
fn inline_table<'i>(cur: &mut Cursor<'i>) -> Result<Node<'i>, GaveUp> {
    let start = cur.at;
    let mut table = Table::new(Made {
        inline: true,
        ..Made::default()
    });
    cur.inline_table(|cur| {
        let key = key(cur)?;
        cur.equals()?;
        let value = cur.scalar()?;
        if table.contains_key(key.get_ref()) {
            return Err(GaveUp);
        }
        table.push(key, value);
        Ok(())
    })?;
    Ok(Spanned::new(start..cur.at, Value::Table(table)))
}

/// The inside of a one-line string needs nothing done to it: no control
/// character TOML forbids (tab is allowed) and, in a `basic` string, no escape.
/// Looked at a word of eight bytes at a time ([`words::all_plain`]).
pub(super) fn plain_inside(inside: &[u8], basic: bool) -> bool {
    words::all_plain(
        inside,
        |word| {
            words::has_below(word, 0x20)
                || words::has_byte(word, 0x7f)
                || (basic && words::has_byte(word, b'\\'))
        },
        |b| !(is_forbidden(b) || (basic && b == b'\\')),
    )
}

/// An unquoted value: `true`, `false`, a decimal integer or float (no
/// underscores, exponents or `+`), or a date-time. `after` is the text after it.
pub(super) fn bare<'i>(word: &'i str, after: &[u8]) -> Result<Value<'i>, GaveUp> {
    match word {
        "true" => return Ok(Value::Boolean(true)),
        "false" => return Ok(Value::Boolean(false)),
        _ => {}
    }
    let b = word.as_bytes();
    if b.len() >= 3 && (b[2] == b':' || b.get(4) == Some(&b'-')) {
        // A date followed by a blank and a time is one value there.
        if b.len() == 10
            && after.first() == Some(&b' ')
            && after.get(1).is_some_and(u8::is_ascii_digit)
        {
            return Err(GaveUp);
        }
        if let Some(datetime) = common_datetime(b) {
            return Ok(Value::Datetime(datetime));
        }
        return word
            .parse::<Datetime>()
            .map(Value::Datetime)
            .map_err(|_| GaveUp);
    }
    let digits = b.strip_prefix(b"-").unwrap_or(b);
    let (whole, fraction) = match digits.iter().position(|&c| c == b'.') {
        Some(dot) => (&digits[..dot], Some(&digits[dot + 1..])),
        None => (digits, None),
    };
    let plain = |part: &[u8]| !part.is_empty() && part.iter().all(u8::is_ascii_digit);
    // No leading zeros; at most 18 digits, so every integer fits an i64.
    if !plain(whole) || (whole.len() > 1 && whole[0] == b'0') || whole.len() > 18 {
        return Err(GaveUp);
    }
    let number = Number::new(Cow::Borrowed(word), 10);
    match fraction {
        None => Ok(Value::Integer(number)),
        Some(fraction) if plain(fraction) => Ok(Value::Float(number)),
        Some(_) => Err(GaveUp),
    }
}

/// The forms nearly every record's times take (`2026-01-20`,
/// `2026-01-20T04:30:00`, with `Z` or `+02:00`), read digit by digit; `None`
/// for anything else, and for a day past the 28th (which month has it is
/// the full parse's to say), so what this returns is what that parse gives.
fn common_datetime(b: &[u8]) -> Option<Datetime> {
    let two = |at: usize| -> Option<u8> {
        match (b.get(at)?, b.get(at + 1)?) {
            (tens @ b'0'..=b'9', ones @ b'0'..=b'9') => Some((tens - b'0') * 10 + (ones - b'0')),
            _ => None,
        }
    };
    if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let year = u16::from(two(0)?) * 100 + u16::from(two(2)?);
    let (month, day) = (two(5)?, two(8)?);
    if !(1..=12).contains(&month) || !(1..=28).contains(&day) {
        return None;
    }
    let date = Some(Date { year, month, day });
    if b.len() == 10 {
        return Some(Datetime {
            date,
            time: None,
            offset: None,
        });
    }
    if b.len() < 19 || b[10] != b'T' || b[13] != b':' || b[16] != b':' {
        return None;
    }
    let (hour, minute, second) = (two(11)?, two(14)?, two(17)?);
    if hour > 23 || minute > 59 || second > 59 {
        return None;
    }
    let offset = match &b[19..] {
        [] => None,
        [b'Z'] => Some(Offset::Z),
        [sign @ (b'+' | b'-'), _, _, b':', _, _] => {
            let (hours, minutes) = (two(20)?, two(23)?);
            if hours > 23 || minutes > 59 {
                return None;
            }
            let minutes = i16::from(hours) * 60 + i16::from(minutes);
            Some(Offset::Custom {
                minutes: if *sign == b'-' { -minutes } else { minutes },
            })
        }
        _ => return None,
    };
    Some(Datetime {
        date,
        time: Some(Time {
            hour,
            minute,
            second: Some(second),
            nanosecond: None,
        }),
        offset,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn both(text: &str) -> (String, String) {
        let tokens = toml_parser::Source::new(text).lex().into_vec();
        let general = crate::load::events::read(text, &tokens).map(|t| t.canonical());
        let quick = read(text).map(|t| t.canonical());
        (
            format!("{quick:?}"),
            format!("{:?}", general.map_err(|_| GaveUp)),
        )
    }

    #[test]
    fn plain_lines_read_as_the_general_reader_reads_them() {
        let text = "# a board\n[board]\ntitle = \"Київ\"\n\n[[strike]]\nid = 'S-1'\n\
                    time = 2026-01-20T04:30:00+02:00\nlat = -50.45\nn = 0\nok = true\n\
                    sources = [\"a\", 'b',]\nweapons = { missiles = 3, drones = 40 }\n\
                    [strike.casualties]\nkilled = 1 # late\r\n[[strike]]\nid = \"S-2\"\n\
                    day = 2026-01-20\nnone = []\nempty = {}\n";
        let (quick, general) = both(text);
        assert!(quick.starts_with("Ok("), "{quick}");
        assert_eq!(quick, general);
    }

    #[test]
    fn common_date_times_are_what_the_full_parse_gives() {
        let mut seen = 0;
        for text in [
            "2026-01-20",
            "2026-01-20T04:30:00",
            "2026-01-20T04:30:00Z",
            "2026-01-20T04:30:00+02:00",
            "2026-01-20T04:30:00-09:30",
            "2026-01-20T04:30:00-00:00",
            "0000-01-01T00:00:00+23:59",
            "9999-12-28T23:59:59-23:59",
            // Left to the full parse (some read, some refused):
            "2026-02-29",
            "2024-02-29T00:00:00Z",
            "2026-01-31",
            "2026-13-01",
            "2026-00-10",
            "2026-01-20T24:00:00",
            "2026-01-20T04:60:00",
            "2026-01-20T04:30:60Z",
            "2026-01-20t04:30:00z",
            "2026-01-20T04:30:00.5Z",
            "2026-01-20T04:30Z",
            "2026-01-20T04:30:00+24:00",
            "2026-01-20T04:30:00+2:00",
            "2026-01-20T04:30:00+02:0a",
            "2026-1-20",
            "04:30:00",
        ] {
            let full = text.parse::<Datetime>().ok();
            if let Some(quick) = common_datetime(text.as_bytes()) {
                seen += 1;
                assert_eq!(Some(quick), full, "{text}");
            }
        }
        assert_eq!(seen, 8);
    }

    #[test]
    fn plain_inside_in_blocks_is_the_byte_by_byte_test() {
        let naive = |bytes: &[u8], basic: bool| {
            !bytes
                .iter()
                .any(|&b| is_forbidden(b) || (basic && b == b'\\'))
        };
        for len in 0..40 {
            for odd in [
                0x00, 0x09, 0x0a, 0x0d, 0x1f, 0x20, b'\\', b'"', 0x7e, 0x7f, 0x80, 0xff,
            ] {
                for at in 0..len {
                    let mut bytes = vec![b'a'; len];
                    bytes[at] = odd;
                    for basic in [false, true] {
                        assert_eq!(
                            plain_inside(&bytes, basic),
                            naive(&bytes, basic),
                            "{bytes:?} {basic}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn anything_else_goes_the_general_way() {
        for text in [
            "a = \"x\\ty\"\n",           // an escape
            "a = \"\"\"x\"\"\"\n",       // a multi-line string
            "a.b = 1\n",                 // a dotted key
            "\"a\" = 1\n",               // a quoted key
            "[ a ]\n",                   // blanks in a header
            "a = 1_000\n",               // an underscore
            "a = 0x1f\n",                // another radix
            "a = 1e5\n",                 // an exponent
            "a = +1\n",                  // a plus sign
            "a = 01\n",                  // a leading zero
            "a = 1979-05-27 07:32:00\n", // a blank inside a date-time
            "a = [\n1]\n",               // an array over lines
            "a = [[1]]\n",               // nested arrays
            "a = { b = 1, }\n",          // a trailing comma in braces
            "a = 1\na = 2\n",            // a duplicate key
            "a = \"x\u{7}\"\n",          // a control character
            "# bell \u{7}\n",            // one in a comment
            "a = 1 b = 2\n",             // two values on a line
            "a = 1234567890123456789\n", // too long for the quick way
        ] {
            assert_eq!(read(text).map(|_| ()), Err(GaveUp), "{text:?}");
        }
    }
}
