//! Reading one TOML table into domain values, key by key, with a problem for every
//! key or value at fault, at its exact line and column.
//!
//! The [`TableReader`] is driven by the table's [`TableSpec`]: required keys are
//! reported missing at the table's header, numbers are checked against the spec's
//! range and enums against its words, and [`TableReader::finish`] warns about every
//! key the spec does not know, naming the closest known key.

use std::cell::Cell;
use std::fmt::Write as _;
use std::ops::Range;
use std::sync::Arc;

use chrono::{DateTime, Duration, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime};
use chrono_tz::Tz;
use toml::value::{Datetime, Offset};

use crate::load::fields::{FieldSpec, FieldType, TableSpec};
use crate::load::lines::LineIndex;
use crate::load::merge::gap_warning;
use crate::load::tree::{Key, Node, Table, Value};
use crate::load::{intern, sanitize, suggest};
use crate::model::problem::Problem;
use crate::model::time::{parse_duration, parse_zone};
use crate::model::{Located, SourcePos, Text, When, Written};

/// What the validators need to know about the text they read: the file's name, the
/// piece of it that was parsed (spans are relative to it) and its line index.
pub struct Ctx<'a> {
    pub file: &'a Arc<str>,
    pub piece: &'a str,
    /// Byte offset of the piece in its file.
    pub base: usize,
    pub lines: &'a LineIndex,
}

impl Ctx<'_> {
    /// The position of a span of the piece.
    pub fn pos(&self, span: &Range<usize>) -> SourcePos {
        self.lines.pos(self.piece, self.base + span.start)
    }
}

/// What [`TableReader::integer_or_table`] found.
pub enum IntegerOr<'t, 'i> {
    Integer(i64),
    Table(&'t Table<'i>, SourcePos, Range<usize>),
}

type Entry<'t, 'i> = (&'t Key<'i>, &'t Node<'i>);

/// Reads the keys of one table; problems go to the record's list.
pub struct TableReader<'c, 't, 'i> {
    pub ctx: &'c Ctx<'c>,
    /// The table read; `None` when its entries came in slots ([`Fields::Slots`]).
    table: Option<&'t Table<'i>>,
    spec: &'static TableSpec,
    /// Where the table starts (its header), for missing keys.
    pub at: SourcePos,
    /// Prefix of key names in messages (`weapons.` inside a strike's weapons).
    prefix: &'static str,
    pub problems: &'c mut Vec<Problem>,
    /// The table's entries by the index of their key in the spec: the table is
    /// walked once, because every key comparison in it reads the file's text
    /// (keys borrow from it) and looking each key up costs a visible share of a
    /// large load.
    slots: [Option<Entry<'t, 'i>>; MAX_FIELDS],
    /// The table has keys the spec does not know.
    has_unknown: bool,
    /// Where the next key asked for is looked for first in the spec: the
    /// validators ask for a table's keys in about the order the spec declares
    /// them, so nearly every lookup is one comparison ([`field_index_at`]).
    guess: Cell<usize>,
}

/// More keys than any table of the spec has.
pub const MAX_FIELDS: usize = 24;

/// A table's entries by the index of their key in its spec ([`slot_of`]),
/// filled as its lines are read: a table that never becomes a tree.
pub type Slots<'i> = [Option<(Key<'i>, Node<'i>)>; MAX_FIELDS];

/// What a [`TableReader`] reads: a table of the tree, or the slots of one
/// that never became a tree (every key known to its spec).
#[derive(Clone, Copy)]
pub enum Fields<'t, 'i> {
    Table(&'t Table<'i>),
    Slots(&'t Slots<'i>),
}

/// The slot of `name` in a table of `spec`; `None` for a key the spec does not know.
pub fn slot_of(spec: &TableSpec, name: &str) -> Option<usize> {
    field_index(spec, name).filter(|&index| index < MAX_FIELDS)
}

/// As [`slot_of`], looking at `guess` first (the slot after the last key's,
/// when keys come in the spec's order).
pub fn slot_at(spec: &TableSpec, name: &str, guess: usize) -> Option<usize> {
    field_index_at(spec, name, guess).filter(|&index| index < MAX_FIELDS)
}

impl<'c, 't, 'i> TableReader<'c, 't, 'i> {
    pub fn new(
        ctx: &'c Ctx<'c>,
        table: &'t Table<'i>,
        spec: &'static TableSpec,
        at: SourcePos,
        prefix: &'static str,
        problems: &'c mut Vec<Problem>,
    ) -> Self {
        TableReader::open(ctx, Fields::Table(table), spec, at, prefix, problems)
    }

    /// Reads a table or its slots ([`Fields`]).
    pub fn open(
        ctx: &'c Ctx<'c>,
        fields: Fields<'t, 'i>,
        spec: &'static TableSpec,
        at: SourcePos,
        prefix: &'static str,
        problems: &'c mut Vec<Problem>,
    ) -> Self {
        debug_assert!(
            spec.fields.len() <= MAX_FIELDS,
            "{} has too many keys",
            spec.name
        );
        let mut slots = [None; MAX_FIELDS];
        let mut has_unknown = false;
        let table = match fields {
            Fields::Table(table) => {
                for (key, value) in table.iter() {
                    match slot_of(spec, key.get_ref()) {
                        Some(index) => slots[index] = Some((key, value)),
                        None => has_unknown = true,
                    }
                }
                Some(table)
            }
            // Filled by key: every key is known to the spec.
            Fields::Slots(entries) => {
                for (slot, entry) in slots.iter_mut().zip(entries) {
                    *slot = entry.as_ref().map(|(key, value)| (key, value));
                }
                None
            }
        };
        TableReader {
            ctx,
            table,
            spec,
            at,
            prefix,
            problems,
            slots,
            has_unknown,
            guess: Cell::new(0),
        }
    }

    /// The index of `key` in the spec, looked for where the last one was
    /// found first.
    fn index_of(&self, key: &str) -> Option<usize> {
        let index = field_index_at(self.spec, key, self.guess.get())?;
        self.guess.set(index + 1);
        Some(index)
    }

    /// The entry for `key`, without reporting anything.
    fn lookup(&self, key: &str) -> Option<Entry<'t, 'i>> {
        match self.index_of(key) {
            Some(index) if index < MAX_FIELDS => self.slots[index],
            // Not declared (a validator bug caught by `spec_of` in debug builds).
            _ => self.table.and_then(|table| table.get_key_value(key)),
        }
    }

    pub fn error(&mut self, span: &Range<usize>, message: String) {
        let pos = self.ctx.pos(span);
        self.problems
            .push(Problem::error(self.ctx.file, pos, message));
    }

    pub fn warning(&mut self, span: &Range<usize>, message: String) {
        let pos = self.ctx.pos(span);
        self.problems
            .push(Problem::warning(self.ctx.file, pos, message));
    }

    /// The spec of a key this reader is asked for (always declared: the validators
    /// only ask for keys of their table).
    fn spec_of(&self, key: &str) -> Option<&'static FieldSpec> {
        // Asked of the key just looked up, nearly always.
        let at = self.guess.get().saturating_sub(1);
        let spec = field_index_at(self.spec, key, at).map(|index| &self.spec.fields[index]);
        debug_assert!(
            spec.is_some(),
            "{}.{key} is not declared in fields.rs",
            self.spec.name
        );
        spec
    }

    /// The entry for `key`; reports it missing when the spec requires it.
    fn entry(&mut self, key: &str) -> Option<Entry<'t, 'i>> {
        let found = self.lookup(key);
        if found.is_none() {
            if let Some(spec) = self.spec_of(key).filter(|s| s.required) {
                let message = format!(
                    "missing required key {}{} ({})",
                    self.prefix,
                    key,
                    spec.ty.expected()
                );
                self.problems
                    .push(Problem::error(self.ctx.file, self.at, message));
            }
        }
        found
    }

    fn expected(&self, key: &str) -> String {
        self.spec_of(key)
            .map_or_else(|| "a value".into(), |s| s.ty.expected())
    }

    fn wrong_type(&mut self, key: &str, value: &Node<'_>) {
        let message = format!(
            "{}{key}: expected {}, found {}",
            self.prefix,
            self.expected(key),
            found(value)
        );
        self.error(&value.span(), message);
    }

    /// A string value (not yet cleaned) and its span.
    fn raw_str(&mut self, key: &str) -> Option<(&'t str, Range<usize>)> {
        let (_, value) = self.entry(key)?;
        if let Value::String(s) = value.get_ref() {
            Some((s.as_ref(), value.span()))
        } else {
            self.wrong_type(key, value);
            None
        }
    }

    /// A single-line string, cleaned.
    pub fn string(&mut self, key: &str) -> Option<String> {
        self.raw_str(key).map(|(s, _)| sanitize::line(s))
    }

    /// A multi-line string, cleaned (newlines kept).
    pub fn text(&mut self, key: &str) -> Option<String> {
        self.raw_str(key).map(|(s, _)| sanitize::text(s))
    }

    /// A single-line string, cleaned and interned (text that repeats from
    /// record to record: oblasts, operators, facilities).
    pub fn name(&mut self, key: &str) -> Option<Text> {
        self.raw_str(key).map(|(s, _)| intern::line(s))
    }

    /// A multi-line string, cleaned and interned (standard notes repeat).
    pub fn note(&mut self, key: &str) -> Option<Text> {
        self.raw_str(key).map(|(s, _)| intern::text(s))
    }

    /// An array of single-line strings, cleaned and interned.
    pub fn names(&mut self, key: &str) -> Vec<Text> {
        self.map_strings(key, |_, s, _| intern::line(s))
    }

    /// A record id: 1–64 of `A-Z a-z 0-9 . _ -`.
    pub fn id(&mut self, key: &str) -> Option<String> {
        let (raw, span) = self.raw_str(key)?;
        if is_valid_id(raw) {
            Some(raw.to_owned())
        } else {
            let message = format!(
                "{}{key} {} is malformed: expected 1–64 characters of A-Z a-z 0-9 . _ -",
                self.prefix,
                sanitize::quoted(raw)
            );
            self.error(&span, message);
            None
        }
    }

    /// One of the words the spec lists for `key`, read with `parse`.
    pub fn word<E>(&mut self, key: &str, parse: fn(&str) -> Option<E>) -> Option<E> {
        let (raw, span) = self.raw_str(key)?;
        let parsed = parse(raw);
        if parsed.is_none() {
            let mut message = format!(
                "{}{key} {} is not {}",
                self.prefix,
                sanitize::quoted(raw),
                self.expected(key)
            );
            if let Some(FieldType::Enum(words)) = self.spec_of(key).map(|s| s.ty) {
                if let Some(meant) = suggest::word(&sanitize::line(raw), words) {
                    let _ = write!(message, " (did you mean \"{meant}\"?)");
                }
            }
            self.error(&span, message);
        }
        parsed
    }

    /// An IANA zone.
    pub fn zone(&mut self, key: &str) -> Option<Tz> {
        let (raw, span) = self.raw_str(key)?;
        let zone = parse_zone(raw);
        if zone.is_none() {
            let message = format!("{}{key}: {}", self.prefix, unknown_zone(raw));
            self.error(&span, message);
        }
        zone
    }

    /// A duration such as `6h`.
    pub fn duration(&mut self, key: &str) -> Option<Duration> {
        let (raw, span) = self.raw_str(key)?;
        let duration = parse_duration(raw).filter(|d| *d > Duration::zero());
        if duration.is_none() {
            let message = format!(
                "{}{key} {} is not a duration such as \"90m\", \"6h\", \"2d\" or \"1h30m\" (units s m h d w)",
                self.prefix,
                sanitize::quoted(raw)
            );
            self.error(&span, message);
        }
        duration
    }

    /// The span of a key's value, when the key is present.
    pub fn span_of(&self, key: &str) -> Option<Range<usize>> {
        self.lookup(key).map(|(_, value)| value.span())
    }

    /// A whole number within the spec's range.
    pub fn integer(&mut self, key: &str) -> Option<i64> {
        let (_, value) = self.entry(key)?;
        let Value::Integer(int) = value.get_ref() else {
            self.wrong_type(key, value);
            return None;
        };
        // A range's count has the range of its `low`.
        let (min, max) = self
            .spec_of(key)
            .and_then(|s| s.ty.integer_bounds())
            .unwrap_or((i64::MIN, i64::MAX));
        let parsed = i64::from_str_radix(int.as_str(), int.radix()).ok();
        match parsed {
            Some(n) if (min..=max).contains(&n) => Some(n),
            _ => {
                let written = sanitize::line(int.as_str());
                let message = if min == 0 && written.starts_with('-') {
                    format!(
                        "{}{key} {written} is negative; expected {}",
                        self.prefix,
                        self.expected(key)
                    )
                } else {
                    format!(
                        "{}{key} {written} is out of range; expected {}",
                        self.prefix,
                        self.expected(key)
                    )
                };
                self.error(&value.span(), message);
                None
            }
        }
    }

    /// A key that may hold an integer or a table (`FieldType::Estimate`): the
    /// integer checked as [`Self::integer`] checks it, or the table, where it
    /// starts and its span.
    pub fn integer_or_table(&mut self, key: &str) -> Option<IntegerOr<'t, 'i>> {
        let (_, value) = self.lookup(key)?;
        if let Value::Table(table) = value.get_ref() {
            let span = value.span();
            Some(IntegerOr::Table(table, self.ctx.pos(&span), span))
        } else {
            self.integer(key).map(IntegerOr::Integer)
        }
    }

    /// A number within the spec's range (an integer is taken as a number).
    pub fn float(&mut self, key: &str) -> Option<(f64, Range<usize>)> {
        let (_, value) = self.entry(key)?;
        let (parsed, written) = match value.get_ref() {
            Value::Float(f) => (f.as_str().parse::<f64>().ok(), f.as_str()),
            Value::Integer(i) => (
                i64::from_str_radix(i.as_str(), i.radix())
                    .ok()
                    .map(|n| n as f64),
                i.as_str(),
            ),
            _ => {
                self.wrong_type(key, value);
                return None;
            }
        };
        let (min, max) = self
            .spec_of(key)
            .and_then(|s| s.ty.float_bounds())
            .unwrap_or((f64::MIN, f64::MAX));
        match parsed {
            Some(x) if x >= min && x <= max => Some((x, value.span())),
            _ => {
                let message = format!(
                    "{}{key} {} is out of range; expected {}",
                    self.prefix,
                    sanitize::line(written),
                    self.expected(key)
                );
                self.error(&value.span(), message);
                None
            }
        }
    }

    /// A time, read in `record_tz` (or, floating, in UTC until the board is merged).
    pub fn time(&mut self, key: &str, record_tz: Option<Tz>) -> Option<When> {
        let (_, value) = self.entry(key)?;
        let Value::Datetime(dt) = value.get_ref() else {
            if let Value::String(s) = value.get_ref() {
                if s.parse::<Datetime>().is_ok() {
                    let message = format!(
                        "{}{key}: expected a TOML date-time, found a string; write it without quotes: {key} = {}",
                        self.prefix,
                        sanitize::line(s)
                    );
                    self.error(&value.span(), message);
                    return None;
                }
            }
            self.wrong_type(key, value);
            return None;
        };
        let written = match written(dt) {
            Ok(w) => w,
            Err(why) => {
                let message = format!("{}{key} {dt} {why}", self.prefix);
                self.error(&value.span(), message);
                return None;
            }
        };
        let when = When::new(written, record_tz, Tz::UTC, self.ctx.pos(&value.span()));
        if when.in_gap && record_tz.is_some() {
            // Floating times are checked when the board's zone is known (merge).
            self.problems.push(gap_warning(self.ctx.file, &when));
        }
        Some(when)
    }

    /// The items of an array value, each with its span; a wrong type is reported.
    fn array(&mut self, key: &str) -> &'t [Node<'i>] {
        let Some((_, value)) = self.entry(key) else {
            return &[];
        };
        if let Value::Array(array) = value.get_ref() {
            &array.items
        } else {
            self.wrong_type(key, value);
            &[]
        }
    }

    /// The strings of an array of strings, with their spans.
    fn raw_strings(&mut self, key: &str) -> Vec<(&'t str, Range<usize>)> {
        self.map_strings(key, |_, s, span| (s, span))
    }

    /// `key[i]` is not a string: an error at it.
    fn not_a_string(&mut self, key: &str, i: usize, item: &Node<'_>) {
        let message = format!(
            "{}{key}[{i}]: expected a string, found {}",
            self.prefix,
            found(item)
        );
        self.error(&item.span(), message);
    }

    /// The strings of an array of strings, each made into a `T`, in a vector
    /// of exactly their number (a strike's one source takes 16 bytes, not
    /// the room of a longer list for as long as the record lives); an item
    /// that is not a string is an error.
    fn map_strings<T>(
        &mut self,
        key: &str,
        f: impl Fn(&Self, &'t str, Range<usize>) -> T,
    ) -> Vec<T> {
        let items = self.array(key);
        let strings = items
            .iter()
            .filter(|item| matches!(item.get_ref(), Value::String(_)))
            .count();
        let mut out = Vec::with_capacity(strings);
        for (i, item) in items.iter().enumerate() {
            if let Value::String(s) = item.get_ref() {
                out.push(f(self, s.as_ref(), item.span()));
            } else {
                self.not_a_string(key, i, item);
            }
        }
        out
    }

    /// An array of single-line strings, cleaned.
    pub fn strings(&mut self, key: &str) -> Vec<String> {
        self.map_strings(key, |_, s, _| sanitize::line(s))
    }

    /// `sources`: an array of strings cleaned by [`sanitize::source`], which
    /// marks what it removed (a URL that carried a control is never a link).
    pub fn sources(&mut self, key: &str) -> Vec<String> {
        self.map_strings(key, |_, s, _| sanitize::source(s))
    }

    /// `sources` of a strike: as [`Self::sources`], interned (a citation such
    /// as "Ukrenergo" repeats from report to report).
    pub fn source_names(&mut self, key: &str) -> crate::model::Texts {
        self.map_strings(key, |_, s, _| intern::source(s)).into()
    }

    /// An array of strings, cleaned, each with where it was written.
    pub fn located(&mut self, key: &str) -> Vec<Located> {
        self.map_strings(key, |r, s, span| Located {
            value: sanitize::line(s),
            pos: r.ctx.pos(&span),
        })
    }

    /// An array of zones.
    pub fn zones(&mut self, key: &str) -> Option<Vec<Tz>> {
        self.entry(key)?;
        let mut zones = Vec::new();
        for (i, (raw, span)) in self.raw_strings(key).into_iter().enumerate() {
            if let Some(zone) = parse_zone(raw) {
                zones.push(zone);
            } else {
                let message = format!("{}{key}[{i}]: {}", self.prefix, unknown_zone(raw));
                self.error(&span, message);
            }
        }
        Some(zones)
    }

    /// A table of code → string, in file order of the codes' names; each entry
    /// with where its code was written.
    pub fn string_map(&mut self, key: &str, multiline: bool) -> Option<Vec<(Located, String)>> {
        let (_, value) = self.entry(key)?;
        let Value::Table(table) = value.get_ref() else {
            self.wrong_type(key, value);
            return None;
        };
        let mut out = Vec::new();
        for (code, item) in table.iter() {
            let Value::String(s) = item.get_ref() else {
                let message = format!(
                    "{}{key}.{}: expected a string, found {}",
                    self.prefix,
                    sanitize::line(code.get_ref()),
                    found(item)
                );
                self.error(&item.span(), message);
                continue;
            };
            let text = if multiline {
                sanitize::text(s)
            } else {
                sanitize::line(s)
            };
            let code = Located {
                value: sanitize::line(code.get_ref()),
                pos: self.ctx.pos(&code.span()),
            };
            out.push((code, text));
        }
        // Readers expect the file's order, whatever order the tree keeps.
        out.sort_by_key(|(code, _)| (code.pos.line, code.pos.col));
        Some(out)
    }

    /// A sub-table and where it starts.
    pub fn table(&mut self, key: &str) -> Option<(&'t Table<'i>, SourcePos)> {
        let (_, value) = self.entry(key)?;
        if let Value::Table(table) = value.get_ref() {
            Some((table, self.ctx.pos(&value.span())))
        } else {
            self.wrong_type(key, value);
            None
        }
    }

    /// The tables of an array of tables, each with its span (its position is
    /// asked for as each is read, so positions are asked for in file order).
    pub fn tables(&mut self, key: &str) -> Vec<(&'t Table<'i>, Range<usize>)> {
        let mut out = Vec::new();
        for (i, item) in self.array(key).iter().enumerate() {
            if let Value::Table(table) = item.get_ref() {
                out.push((table, item.span()));
            } else {
                let message = format!(
                    "{}{key}[{i}]: expected a table, found {}",
                    self.prefix,
                    found(item)
                );
                self.error(&item.span(), message);
            }
        }
        out
    }

    /// Warns about every key the table's spec does not know.
    pub fn finish(self) {
        if !self.has_unknown {
            return;
        }
        let spec = self.spec;
        for (key, _) in self.table.iter().flat_map(|table| table.iter()) {
            let name: &str = key.get_ref();
            if spec.field(name).is_some() {
                continue;
            }
            let quoted = sanitize::quoted(&format!("{}{name}", self.prefix));
            let mut message = if spec.name.is_empty() {
                format!("unknown top-level key {quoted}")
            } else {
                format!("unknown key {quoted} in {}", spec.header)
            };
            if let Some(close) = spec.closest(name) {
                message.push_str(&format!(" (did you mean \"{}{close}\"?)", self.prefix));
            }
            if spec.name.is_empty() {
                message.push_str("; a file holds [board], [[event]], [[issue]] and [[strike]]");
            }
            let pos = self.ctx.pos(&key.span());
            self.problems
                .push(Problem::warning(self.ctx.file, pos, message));
        }
    }
}

/// The index of `name` among the spec's keys. Length and first byte are compared
/// before the names, which spares most string comparisons (this runs for every
/// key of every record).
/// The index of `name` in `spec`, looked for at `guess` first.
fn field_index_at(spec: &TableSpec, name: &str, guess: usize) -> Option<usize> {
    match spec.fields.get(guess) {
        Some(field) if field.name == name => Some(guess),
        _ => field_index(spec, name),
    }
}

fn field_index(spec: &TableSpec, name: &str) -> Option<usize> {
    let first = name.as_bytes().first();
    spec.fields.iter().position(|f| {
        f.name.len() == name.len() && f.name.as_bytes().first() == first && f.name == name
    })
}

/// `a string "x"`, `an integer`, ... for "found ..." in messages.
pub fn found(value: &Node<'_>) -> String {
    match value.get_ref() {
        Value::String(s) => format!("a string {}", sanitize::quoted(s)),
        Value::Integer(_) => "an integer".into(),
        Value::Float(_) => "a float".into(),
        Value::Boolean(b) => format!("a boolean ({b})"),
        Value::Datetime(_) => "a date-time".into(),
        Value::Array(_) => "an array".into(),
        Value::Table(_) => "a table".into(),
    }
}

/// True for 1–64 characters of `A-Z a-z 0-9 . _ -`.
pub fn is_valid_id(id: &str) -> bool {
    (1..=64).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
}

/// The message for a zone name chrono-tz does not know, with the closest name.
fn unknown_zone(raw: &str) -> String {
    let mut message = format!("{} is not a known IANA zone", sanitize::quoted(raw));
    if let Some(close) = suggest::zone(raw) {
        message.push_str(&format!(" (did you mean \"{close}\"?)"));
    } else {
        message.push_str(" (e.g. \"Europe/Kyiv\", \"UTC\")");
    }
    message
}

/// A TOML datetime as one of the three written forms; a time of day alone is not
/// a time of any day.
pub(super) fn written(dt: &Datetime) -> Result<Written, String> {
    let date = match dt.date {
        Some(d) => NaiveDate::from_ymd_opt(i32::from(d.year), u32::from(d.month), u32::from(d.day))
            .ok_or_else(|| "is not a valid date".to_string())?,
        None => {
            return Err(
                "is a time of day without a date; write the date too, e.g. 2026-01-22T18:00:00"
                    .to_string(),
            );
        }
    };
    let Some(t) = dt.time else {
        return Ok(Written::Date(date));
    };
    let time = NaiveTime::from_hms_nano_opt(
        u32::from(t.hour),
        u32::from(t.minute),
        u32::from(t.second.unwrap_or(0)),
        t.nanosecond.unwrap_or(0),
    )
    .ok_or_else(|| "is not a valid time of day".to_string())?;
    let local = NaiveDateTime::new(date, time);
    match dt.offset {
        None => Ok(Written::Local(local)),
        Some(offset) => {
            let minutes = match offset {
                Offset::Z => 0,
                Offset::Custom { minutes } => i32::from(minutes),
            };
            let fixed = FixedOffset::east_opt(minutes * 60)
                .ok_or_else(|| "has an offset out of range".to_string())?;
            let exact: Option<DateTime<FixedOffset>> = local.and_local_timezone(fixed).single();
            exact
                .map(Written::Exact)
                .ok_or_else(|| "is not a valid instant".to_string())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids() {
        assert!(is_valid_id("S-0141"));
        assert!(is_valid_id("davos.2026_talks-1"));
        assert!(is_valid_id(&"a".repeat(64)));
        assert!(!is_valid_id(&"a".repeat(65)));
        assert!(!is_valid_id(""));
        assert!(!is_valid_id("S 01"));
        assert!(!is_valid_id("Київ"));
        assert!(!is_valid_id("a/b"));
    }

    #[test]
    fn time_forms() {
        let exact: Datetime = "2026-01-22T18:00:00+03:00".parse().unwrap();
        assert!(
            matches!(written(&exact), Ok(Written::Exact(dt)) if dt.to_rfc3339() == "2026-01-22T18:00:00+03:00")
        );
        let local: Datetime = "2026-01-22T18:00:00".parse().unwrap();
        assert!(matches!(written(&local), Ok(Written::Local(_))));
        let date: Datetime = "2026-01-22".parse().unwrap();
        assert!(matches!(written(&date), Ok(Written::Date(_))));
        let bare: Datetime = "18:00:00".parse().unwrap();
        assert!(written(&bare).is_err());
    }
}
