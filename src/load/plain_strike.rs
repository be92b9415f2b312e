//! Strike records lexed straight into typed values
//! (docs/performance.md#strikes-lexed-into-typed-values).
//!
//! Nearly every record of a large strikes file is a `[[strike]]` header and a
//! few plain lines of the keys every report has, each value of its key's type.
//! [`lex`] reads exactly such a record, in the quick reader's forms only
//! (read by the same [`Cursor`] as [`crate::load::quick`] reads them), into
//! a [`PlainStrike`]: no key or value node, no table, no key looked up by
//! name.
//! Anything else (another header, a key it does not take, a key given twice, a
//! value of another type, a form the quick reader would not take) and it
//! stops: the record is read the quick reader's way, as before, and from
//! there the tree's. [`crate::load::validate::strike::read_plain`] makes the
//! strike of a record whose every value is good; any record that would have a
//! problem goes the same way back, so every message comes from one place.

use std::ops::Range;

use toml::value::Datetime;

use super::cursor::{Budget, Cursor};
use super::events::GaveUp;
use super::quick::{ends_bare, is_key_byte};
use super::tree::Value;

/// The `weapons` counts, in the order of their spec
/// ([`crate::load::fields::WEAPONS`]).
pub const WEAPON_KEYS: [&str; 5] = ["missiles", "drones", "glide_bombs", "other", "intercepted"];

/// One `[[strike]]` record's values, each of its key's type; `None` where
/// the key is absent.
#[derive(Debug, Default)]
pub struct PlainStrike<'i> {
    /// Where the header is.
    pub header: Range<usize>,
    pub id: Option<&'i str>,
    pub time: Option<(Datetime, Range<usize>)>,
    pub oblast: Option<&'i str>,
    pub target: Option<&'i str>,
    pub location: Option<&'i str>,
    pub facility: Option<&'i str>,
    pub operator: Option<&'i str>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub geo_precision: Option<&'i str>,
    pub damage: Option<&'i str>,
    pub outage_customers: Option<i64>,
    pub restored: Option<(Datetime, Range<usize>)>,
    /// By [`WEAPON_KEYS`].
    pub weapons: Option<[Option<i64>; 5]>,
    pub confidence: Option<&'i str>,
    /// Kept from record to record (emptied, not dropped), with
    /// `sources_given` saying whether this record has the key.
    pub sources: Vec<&'i str>,
    pub sources_given: bool,
    pub notes: Option<&'i str>,
}

impl PlainStrike<'_> {
    fn clear(&mut self) {
        let sources = std::mem::take(&mut self.sources);
        *self = PlainStrike::default();
        self.sources = sources;
        self.sources.clear();
    }
}

/// Lexes the record whose header is on the line starting at `start` of
/// `text` into `record`, its values counted against `budget`. Returns where
/// the record ends: the start of the next header's line, or the end of the
/// text.
pub fn lex<'i>(
    text: &'i str,
    start: usize,
    record: &mut PlainStrike<'i>,
    budget: &mut Budget,
) -> Result<usize, GaveUp> {
    record.clear();
    let mut lexer = Lexer {
        cur: Cursor::new(text, start, *budget),
    };
    lexer.record(record)?;
    *budget = lexer.cur.budget;
    Ok(lexer.cur.at)
}

struct Lexer<'i> {
    cur: Cursor<'i>,
}

/// Puts `value` in `slot`, unless the key was given before.
fn set<T>(slot: &mut Option<T>, value: T) -> Result<(), GaveUp> {
    if slot.is_some() {
        return Err(GaveUp);
    }
    *slot = Some(value);
    Ok(())
}

impl<'i> Lexer<'i> {
    fn record(&mut self, record: &mut PlainStrike<'i>) -> Result<(), GaveUp> {
        const HEADER: &[u8] = b"[[strike]]";
        let cur = &mut self.cur;
        cur.skip_blanks();
        if !cur.bytes[cur.at..].starts_with(HEADER) {
            return Err(GaveUp);
        }
        record.header = cur.at..cur.at + HEADER.len();
        cur.at += HEADER.len();
        cur.count()?;
        cur.end_of_line()?;
        loop {
            let line = self.cur.at;
            self.cur.skip_blanks();
            match self.cur.peek() {
                None => return Ok(()),
                Some(b'[') => {
                    self.cur.at = line;
                    return Ok(());
                }
                Some(b) if is_key_byte(b) => self.key_value(record)?,
                _ => {}
            }
            self.cur.end_of_line()?;
        }
    }

    fn key_value(&mut self, r: &mut PlainStrike<'i>) -> Result<(), GaveUp> {
        let key = self.cur.key()?;
        self.cur.equals()?;
        match &self.cur.bytes[key] {
            b"id" => set(&mut r.id, self.cur.string()?),
            b"time" => set(&mut r.time, self.datetime()?),
            b"oblast" => set(&mut r.oblast, self.cur.string()?),
            b"target" => set(&mut r.target, self.cur.string()?),
            b"location" => set(&mut r.location, self.cur.string()?),
            b"facility" => set(&mut r.facility, self.cur.string()?),
            b"operator" => set(&mut r.operator, self.cur.string()?),
            b"lat" => set(&mut r.lat, self.number()?),
            b"lon" => set(&mut r.lon, self.number()?),
            b"geo_precision" => set(&mut r.geo_precision, self.cur.string()?),
            b"damage" => set(&mut r.damage, self.cur.string()?),
            b"outage_customers" => set(&mut r.outage_customers, integer(&mut self.cur)?),
            b"restored" => set(&mut r.restored, self.datetime()?),
            b"weapons" => set(&mut r.weapons, self.weapons()?),
            b"confidence" => set(&mut r.confidence, self.cur.string()?),
            b"sources" => {
                if r.sources_given {
                    return Err(GaveUp);
                }
                r.sources_given = true;
                self.strings(&mut r.sources)
            }
            b"notes" => set(&mut r.notes, self.cur.string()?),
            _ => Err(GaveUp),
        }
    }

    fn datetime(&mut self) -> Result<(Datetime, Range<usize>), GaveUp> {
        match self.cur.bare()? {
            (Value::Datetime(datetime), span) => Ok((datetime, span)),
            _ => Err(GaveUp),
        }
    }

    /// A number: a float, or an integer taken as one.
    #[allow(clippy::cast_precision_loss)] // as the validator takes an integer
    fn number(&mut self) -> Result<f64, GaveUp> {
        let cur = &mut self.cur;
        if let Some((whole, fraction, len)) = plain_decimal(&cur.bytes[cur.at..]) {
            let text = &cur.text[cur.at..cur.at + len];
            cur.at += len;
            return if fraction {
                text.parse().map_err(|_| GaveUp)
            } else {
                Ok(whole as f64)
            };
        }
        match cur.bare()?.0 {
            Value::Float(number) => number.as_str().parse().map_err(|_| GaveUp),
            Value::Integer(number) => number
                .as_str()
                .parse::<i64>()
                .map(|n| n as f64)
                .map_err(|_| GaveUp),
            _ => Err(GaveUp),
        }
    }

    /// `[ "a", 'b' ]` on one line.
    fn strings(&mut self, out: &mut Vec<&'i str>) -> Result<(), GaveUp> {
        if self.cur.peek() != Some(b'[') {
            return Err(GaveUp);
        }
        self.cur.array(|cur| {
            out.push(cur.string()?);
            Ok(())
        })
    }

    /// `{ missiles = 3, drones = 40 }` on one line, without a trailing comma.
    fn weapons(&mut self) -> Result<[Option<i64>; 5], GaveUp> {
        if self.cur.peek() != Some(b'{') {
            return Err(GaveUp);
        }
        let mut counts = [None; 5];
        self.cur.inline_table(|cur| {
            let key = cur.key()?;
            cur.equals()?;
            let index = WEAPON_KEYS
                .iter()
                .position(|name| name.as_bytes() == &cur.bytes[key.clone()])
                .ok_or(GaveUp)?;
            set(&mut counts[index], integer(cur)?)
        })?;
        Ok(counts)
    }
}

/// A whole number (the quick reader's have at most 18 digits: an `i64`).
fn integer(cur: &mut Cursor<'_>) -> Result<i64, GaveUp> {
    if let Some((whole, false, len)) = plain_decimal(&cur.bytes[cur.at..]) {
        cur.at += len;
        return Ok(whole);
    }
    match cur.bare()?.0 {
        Value::Integer(number) => number.as_str().parse().map_err(|_| GaveUp),
        _ => Err(GaveUp),
    }
}

/// A decimal number at the start of `bytes` in the form nearly every one is
/// written in (`-`, one to 18 digits without a leading zero, perhaps `.` and
/// digits), read digit by digit: its whole part, whether it has a fraction,
/// and its length. `None` for any other form, and when the
/// word goes on (the quick reader's `bare` then reads it as it always has):
/// what this takes, `bare` takes as the same integer or float.
fn plain_decimal(bytes: &[u8]) -> Option<(i64, bool, usize)> {
    let negative = bytes.first() == Some(&b'-');
    let first = usize::from(negative);
    let mut at = first;
    let mut whole: i64 = 0;
    while let Some(&digit @ b'0'..=b'9') = bytes.get(at) {
        whole = whole * 10 + i64::from(digit - b'0');
        at += 1;
        if at - first > 18 {
            return None;
        }
    }
    let digits = at - first;
    if digits == 0 || (digits > 1 && bytes[first] == b'0') {
        return None;
    }
    let fraction = bytes.get(at) == Some(&b'.');
    if fraction {
        let start = at + 1;
        at = start;
        while bytes.get(at).is_some_and(u8::is_ascii_digit) {
            at += 1;
        }
        if at == start {
            return None;
        }
    }
    if bytes.get(at).is_some_and(|&b| !ends_bare(b)) {
        return None;
    }
    Some((if negative { -whole } else { whole }, fraction, at))
}

/// Where the first line after `start` that begins with `[` starts (or the
/// end of the text): past a record [`lex`] did not take, a line the quick
/// reader reads as a header (an indented one is read within the range).
pub fn next_header_line(text: &str, start: usize) -> usize {
    memchr::memmem::find(&text.as_bytes()[start..], b"\n[").map_or(text.len(), |at| start + at + 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::cursor::Budget;
    use crate::load::fields::{STRIKE, WEAPONS};
    use crate::load::quick::{self, bare};

    /// Every key the lexer takes, with a value of its type, is one of the
    /// spec's, and the lexer really takes it (a misspelt key in its table
    /// would leave the right one to the general way).
    #[test]
    fn every_key_taken_is_one_of_the_spec() {
        let taken = [
            ("id", "'S-1'"),
            ("time", "2026-01-20"),
            ("oblast", "'Sumy'"),
            ("target", "'chp'"),
            ("location", "'a'"),
            ("facility", "'a'"),
            ("operator", "'a'"),
            ("lat", "50.5"),
            ("lon", "30"),
            ("geo_precision", "'exact'"),
            ("damage", "'minor'"),
            ("outage_customers", "10"),
            ("restored", "2026-01-21"),
            ("weapons", "{ drones = 1 }"),
            ("confidence", "'claimed'"),
            ("sources", "['a']"),
            ("notes", "'a'"),
        ];
        for (key, value) in taken {
            assert!(STRIKE.field(key).is_some(), "{key}");
            let text = format!("[[strike]]\n{key} = {value}\n");
            let lexed = lex(
                &text,
                0,
                &mut PlainStrike::default(),
                &mut Budget::of(&text),
            );
            assert_eq!(lexed, Ok(text.len()), "{key}");
        }
        let names: Vec<&str> = WEAPONS.fields.iter().map(|f| f.name).collect();
        assert_eq!(names, WEAPON_KEYS);
    }

    #[test]
    fn a_plain_record_is_lexed_into_its_values() {
        let text = "[[strike]]\nid = \"S-1\" # first\r\ntime = 2026-01-20T04:30:00+02:00\n\
                    oblast = 'Sumy'\ntarget = \"substation\"\nlat = 50\nlon = 30.5\n\n\
                    weapons = { drones = 4, intercepted = 2 }\nsources = [\"a\", 'b',]\n\
                    [[strike]]\nid = \"S-2\"\n";
        let mut record = PlainStrike::default();
        let mut lexed = Budget::of(text);
        let end = lex(text, 0, &mut record, &mut lexed).unwrap();
        let values = lexed.spent();
        assert_eq!(&text[end..end + 10], "[[strike]]");
        // The header, eight keys, the inline table with its two keys and
        // comma, the array and its two commas: as the quick reader counts them.
        assert_eq!(values, 1 + 8 + (1 + 2 + 1) + (1 + 2));
        let mut budget = Budget::of(text);
        let mut tree = crate::load::events::Assembler::default();
        quick::read_range_into(text, 0..end, &mut budget, &mut tree).unwrap();
        assert_eq!(budget.spent(), values);
        assert_eq!(record.id, Some("S-1"));
        assert_eq!(record.oblast, Some("Sumy"));
        assert_eq!(record.lat, Some(50.0));
        assert_eq!(record.lon, Some(30.5));
        assert_eq!(record.weapons, Some([None, Some(4), None, None, Some(2)]));
        assert_eq!(record.sources, ["a", "b"]);
        let end = lex(text, end, &mut record, &mut lexed).unwrap();
        assert_eq!(end, text.len());
        assert_eq!(record.id, Some("S-2"));
        assert!(record.sources.is_empty() && !record.sources_given);
    }

    #[test]
    fn anything_else_is_not_plain() {
        for line in [
            "id = \"S-\\u0031\"",     // an escape
            "id = 'S-1'\nid = 'S-2'", // a key twice
            "tz = \"Europe/Kyiv\"",   // a key it leaves to the general way
            "lat = \"50\"",           // a value of another type
            "outage_customers = 1.5",
            "time = \"2026-01-20\"",
            "lat = 1e5",                            // a form the quick reader leaves
            "weapons = { drones = 4, }",            // a trailing comma in braces
            "weapons = { drones = 4, drones = 5 }", // a count twice
            "weapons = { rockets = 4 }",            // a weapon it does not know
            "sources = [1]",                        // not a string
            "notes = \"\"\"x\"\"\"",                // a multi-line string
            "notes = \"x\" # bell \u{7}",           // a control in a comment
            "notes = \"x\"\rid = 'y'",              // a carriage return alone
            "time = 2026-01-20 04:30:00",           // a blank inside a date-time
            "a.b = 1",                              // a dotted key
        ] {
            let text = format!("[[strike]]\n{line}\n");
            let mut record = PlainStrike::default();
            let lexed = lex(&text, 0, &mut record, &mut Budget::of(&text));
            assert_eq!(lexed, Err(GaveUp), "{line:?}");
        }
        for header in [
            "[strike]\n",
            "[[ strike ]]\n",
            "[[event]]\n",
            "# a comment\n",
        ] {
            assert_eq!(
                lex(
                    header,
                    0,
                    &mut PlainStrike::default(),
                    &mut Budget::of(header)
                ),
                Err(GaveUp),
                "{header:?}"
            );
        }
    }

    /// What `plain_decimal` takes, the quick reader's `bare` takes as the
    /// same number; what it leaves, `bare` reads its own way.
    #[test]
    fn plain_decimals_are_what_bare_reads() {
        let mut taken = 0;
        for word in [
            "0",
            "-0",
            "7",
            "-12",
            "261759",
            "999999999999999999",
            "1000000000000000000",
            "01",
            "-01",
            "0.5",
            "-0.25",
            "50.4500",
            "1.",
            ".5",
            "1.2.3",
            "1e5",
            "1_000",
            "+1",
            "--1",
            "-",
            "",
            "12:30:00",
            "2026-01-20",
            "1a",
            "0x10",
            "1.5e3",
            "inf",
        ] {
            for after in ["", "\n", " # c", ",", "}", "]", "x", "-", "."] {
                let text = format!("{word}{after}");
                let Some((whole, fraction, len)) = plain_decimal(text.as_bytes()) else {
                    continue;
                };
                taken += 1;
                assert_eq!(len, word.len(), "{text:?}");
                let read = bare(&text[..len], &text.as_bytes()[len..]).expect("bare reads it");
                match (read, fraction) {
                    (Value::Integer(n), false) => assert_eq!(n.as_str().parse::<i64>(), Ok(whole)),
                    (Value::Float(n), true) => {
                        assert_eq!(
                            n.as_str().split('.').next().unwrap().parse::<i64>(),
                            Ok(whole)
                        );
                    }
                    (other, _) => panic!("{text:?}: {other:?}"),
                }
            }
        }
        assert!(taken > 40, "{taken}");
    }

    #[test]
    fn the_next_header_line_is_found_past_a_record() {
        let text = "[[strike]]\nid = 'x'\n  [[strike]]\n[strike.weapons]\n";
        assert_eq!(next_header_line(text, 0), text.find("[strike.").unwrap());
        assert_eq!(next_header_line(text, text.len() - 5), text.len());
    }
}
