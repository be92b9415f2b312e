//! `sitboard import FORMAT CSV`: reports that arrive as CSV exports, turned into
//! `[[strike]]` TOML (docs/command-line.md#import).
//!
//! Each format reads its rows into [`Imported`] strikes; this module writes them.
//! The output is made to be imported again and again into a git repository:
//!
//! - **ids are stable**: from the source's own id (ACLED's `event_id_cnty`) or,
//!   when it has none, from the columns that say which report a row is (a hash
//!   that does not change when a count is corrected);
//! - **order is deterministic**: by time, then id, whatever the CSV's order;
//! - **nothing depends on the run**: no date of import, no path, so a second run
//!   on the same export is byte-identical and an updated export changes only the
//!   records that changed.
//!
//! A bad row is skipped with a reason, never fatal; a file that is not the named
//! format (columns missing) is refused as a whole.

pub mod acled;
pub mod air_force;
pub mod keywords;

use std::collections::BTreeMap;
use std::fmt::Write as _;

use chrono::{NaiveDate, NaiveDateTime};

use crate::load::sanitize;
use crate::model::{GeoPrecision, Target, TimePrecision, Weapons};

/// The formats `sitboard import` reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// The Air Force attack dataset ("Massive Missile Attacks on Ukraine").
    AirForce,
    /// An ACLED export (columns as in the ACLED codebook).
    Acled,
}

impl Format {
    /// The name as typed on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Format::AirForce => "air-force",
            Format::Acled => "acled",
        }
    }
}

/// What `sitboard import` was asked for, as plain values (the command line
/// turns its arguments into this).
#[derive(Clone, Debug)]
pub struct Request {
    pub format: Format,
    pub csv: std::path::PathBuf,
    /// Write here instead of stdout.
    pub out: Option<std::path::PathBuf>,
    /// ACLED: keep every row.
    pub all: bool,
    /// ACLED: a keywords file replacing the built-in list.
    pub keywords: Option<std::path::PathBuf>,
}

/// How a format is read.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// ACLED: keep every row (as target `other` when no keyword names a target).
    pub all: bool,
    /// ACLED: the energy keywords (the built-in list when `None`).
    pub keywords: Option<keywords::Keywords>,
}

/// The time of an imported strike, as it will be written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Time {
    /// Wall-clock time in the strike's `tz`.
    Local(NaiveDateTime),
    /// The day alone.
    Date(NaiveDate),
}

impl Time {
    /// For sorting: a date counts as its midnight.
    fn sort_key(self) -> NaiveDateTime {
        match self {
            Time::Local(t) => t,
            Time::Date(d) => d.and_time(chrono::NaiveTime::MIN),
        }
    }
}

/// One `[[strike]]` to write; the keys the import knows, in the data format's order.
#[derive(Clone, Debug, PartialEq)]
pub struct Strike {
    pub id: String,
    pub time: Time,
    /// Written only when not what the time already says (`day` for a date).
    pub time_precision: Option<TimePrecision>,
    pub oblast: String,
    pub target: Target,
    pub location: Option<String>,
    pub coords: Option<(f64, f64)>,
    pub geo_precision: Option<GeoPrecision>,
    pub tz: Option<&'static str>,
    pub weapons: Option<Weapons>,
    pub killed: Option<u32>,
    pub sources: Vec<String>,
    pub notes: Option<String>,
}

/// Why rows were skipped: the reason, and the CSV lines it applies to.
pub type Skipped = BTreeMap<String, Vec<u64>>;

/// What an import produced.
#[derive(Debug, Default)]
pub struct Imported {
    pub strikes: Vec<Strike>,
    /// Data rows read (the header not counted).
    pub rows: usize,
    pub skipped: Skipped,
}

impl Imported {
    /// Every data row of `table` through `convert`: a strike (kept when it is
    /// the first with its id; a later row with the same id is skipped as
    /// `repeats(first_line)`), `None` (skipped as `not_kept`), or why the row
    /// cannot be one (skipped with that reason).
    pub fn from_rows(
        table: &mut Table,
        mut convert: impl FnMut(&Table, &[String]) -> Result<Option<Strike>, String>,
        repeats: impl Fn(u64) -> String,
        not_kept: &str,
    ) -> Imported {
        let mut out = Imported::default();
        let mut seen: std::collections::HashMap<String, u64> = std::collections::HashMap::new();
        for row in table.rows() {
            out.rows += 1;
            let fields = match row.fields() {
                Ok(fields) => fields,
                Err(why) => {
                    out.skip(row.line, why);
                    continue;
                }
            };
            match convert(table, fields) {
                Ok(Some(strike)) => {
                    if let Some(&first) = seen.get(&strike.id) {
                        out.skip(row.line, repeats(first));
                        continue;
                    }
                    seen.insert(strike.id.clone(), row.line);
                    out.strikes.push(strike);
                }
                Ok(None) => out.skip(row.line, not_kept),
                Err(why) => out.skip(row.line, why),
            }
        }
        out
    }

    /// Skips the row at CSV line `line` for `reason`.
    pub fn skip(&mut self, line: u64, reason: impl Into<String>) {
        self.skipped.entry(reason.into()).or_default().push(line);
    }

    /// How many rows were skipped.
    pub fn skipped_count(&self) -> usize {
        self.skipped.values().map(Vec::len).sum()
    }

    /// The summary for stderr: rows read, written and skipped, then each reason
    /// with how many rows and which (the first few CSV line numbers).
    pub fn summary(&self, format: Format) -> String {
        let mut out = format!(
            "import {}: {} rows read, {} written, {} skipped\n",
            format.name(),
            self.rows,
            self.strikes.len(),
            self.skipped_count()
        );
        let mut reasons: Vec<(&String, &Vec<u64>)> = self.skipped.iter().collect();
        // The commonest reasons first, then by wording.
        reasons.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then_with(|| a.0.cmp(b.0)));
        for (reason, lines) in reasons {
            let shown: Vec<String> = lines.iter().take(5).map(u64::to_string).collect();
            let more = if lines.len() > 5 {
                format!(" and {} more", lines.len() - 5)
            } else {
                String::new()
            };
            let which = if lines.len() == 1 { "line" } else { "lines" };
            let _ = writeln!(
                out,
                "  {} skipped: {} ({which} {}{more})",
                lines.len(),
                sanitize::line(reason),
                shown.join(", ")
            );
        }
        out
    }
}

/// The file is not the named format.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error(
        "{file} is not an {format} export: missing columns {}",
        missing.join(", ")
    )]
    MissingColumns {
        file: String,
        format: &'static str,
        missing: Vec<&'static str>,
    },
    #[error("{file}: {why}")]
    Unreadable { file: String, why: String },
}

/// Reads `bytes` (the CSV file `file`, named in messages) as `format`.
pub fn import(
    format: Format,
    file: &str,
    bytes: &[u8],
    options: &Options,
) -> Result<Imported, ImportError> {
    let text = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let mut imported = match format {
        Format::AirForce => air_force::read(file, text)?,
        Format::Acled => acled::read(file, text, options)?,
    };
    imported
        .strikes
        .sort_by(|a, b| (a.time.sort_key(), &a.id).cmp(&(b.time.sort_key(), &b.id)));
    Ok(imported)
}

/// A CSV file's rows with their header: each row's fields by column name.
pub struct Table {
    columns: BTreeMap<String, usize>,
    reader: csv::Reader<std::io::Cursor<Vec<u8>>>,
}

/// One data row: its line in the file and its fields (or why it could not be read).
pub struct Row {
    pub line: u64,
    fields: Result<Vec<String>, String>,
}

impl Table {
    /// Reads the header and checks that every `required` column is there.
    pub fn open(
        file: &str,
        text: &[u8],
        format: Format,
        required: &[&'static str],
    ) -> Result<Table, ImportError> {
        let mut reader = csv::ReaderBuilder::new()
            .flexible(true)
            .from_reader(std::io::Cursor::new(text.to_vec()));
        let header = reader.headers().map_err(|e| ImportError::Unreadable {
            file: file.to_string(),
            why: format!("the header cannot be read: {e}"),
        })?;
        let columns: BTreeMap<String, usize> = header
            .iter()
            .enumerate()
            .map(|(i, name)| (name.trim().to_string(), i))
            .collect();
        let missing: Vec<&'static str> = required
            .iter()
            .copied()
            .filter(|c| !columns.contains_key(*c))
            .collect();
        if !missing.is_empty() {
            return Err(ImportError::MissingColumns {
                file: file.to_string(),
                format: format.name(),
                missing,
            });
        }
        Ok(Table { columns, reader })
    }

    /// Every data row, in file order.
    pub fn rows(&mut self) -> Vec<Row> {
        let mut rows = Vec::new();
        let mut record = csv::ByteRecord::new();
        loop {
            let line = self.reader.position().line();
            match self.reader.read_byte_record(&mut record) {
                Ok(false) => break,
                Ok(true) => {
                    let line = record.position().map_or(line, csv::Position::line);
                    let fields: Result<Vec<String>, String> = record
                        .iter()
                        .map(|f| {
                            String::from_utf8(f.to_vec())
                                .map_err(|_| "the row is not valid UTF-8".to_string())
                        })
                        .collect();
                    rows.push(Row { line, fields });
                }
                Err(e) => {
                    rows.push(Row {
                        line,
                        fields: Err(format!("the row cannot be read as CSV ({e})")),
                    });
                    // A broken quote may swallow the rest: stop at the first error
                    // the reader cannot step over.
                    if !matches!(e.kind(), csv::ErrorKind::Utf8 { .. }) {
                        break;
                    }
                }
            }
        }
        rows
    }

    /// The value of `column` in `row`, trimmed ("" when the row is short).
    pub fn get<'r>(&self, row: &'r [String], column: &str) -> &'r str {
        self.columns
            .get(column)
            .and_then(|&i| row.get(i))
            .map_or("", |s| s.trim())
    }
}

impl Row {
    /// The fields, or why the row cannot be read.
    pub fn fields(&self) -> Result<&[String], &str> {
        match &self.fields {
            Ok(fields) => Ok(fields),
            Err(why) => Err(why),
        }
    }
}

/// A stable 64-bit hash (FNV-1a) of the parts, each ended by a 0 byte: the same
/// on every machine and every Rust version (`DefaultHasher` promises neither).
pub fn stable_hash(parts: &[&str]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for &byte in part.as_bytes().iter().chain(&[0]) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    hash
}

/// `Shahed-136/131` → `shahed-136-131`: lower-case ASCII letters and digits,
/// anything else a single `-`, at most `max` characters.
pub fn slug(text: &str, max: usize) -> String {
    let mut out = String::new();
    for ch in text.chars() {
        if ch.is_ascii_alphanumeric() {
            out.push(ch.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
        if out.len() >= max {
            break;
        }
    }
    out.trim_end_matches('-').to_string()
}

/// A count written as `101.0` or `101`: a whole number ≥ 0, else `None`.
/// A count that may be left empty: `None` when empty, else the count, or why
/// not: `COLUMN "TEXT" is NOT_A_COUNT` (`is not a whole number`).
pub fn optional_count(column: &str, text: &str, not_a_count: &str) -> Result<Option<u32>, String> {
    if text.is_empty() {
        return Ok(None);
    }
    count(text)
        .map(Some)
        .ok_or_else(|| format!("{column} {} {not_a_count}", sanitize::quoted(text)))
}

pub fn count(text: &str) -> Option<u32> {
    let text = text.trim();
    if let Ok(n) = text.parse::<u32>() {
        return Some(n);
    }
    let x: f64 = text.parse().ok()?;
    let whole = x.is_finite() && x >= 0.0 && x.fract() == 0.0 && x <= f64::from(u32::MAX);
    // Checked just above: whole, not negative, within u32.
    #[allow(clippy::cast_sign_loss)]
    whole.then_some(x as u32)
}

/// The TOML of the strikes, one `[[strike]]` after another, after a comment
/// naming the format and the file (its name only: no path of this machine).
pub fn to_toml(format: Format, file_name: &str, strikes: &[Strike]) -> String {
    let mut out = format!(
        "# Imported by `sitboard import {}` from {}.\n# Import again to update: ids are stable, the order is by time then id.\n",
        format.name(),
        sanitize::line(file_name)
    );
    for s in strikes {
        out.push_str("\n[[strike]]\n");
        key(&mut out, "id", &string(&s.id));
        let time = match s.time {
            Time::Local(t) => t.format("%Y-%m-%dT%H:%M:%S").to_string(),
            Time::Date(d) => d.format("%Y-%m-%d").to_string(),
        };
        key(&mut out, "time", &time);
        if let Some(p) = s.time_precision {
            key(&mut out, "time_precision", &string(p.as_str()));
        }
        if let Some(tz) = s.tz {
            key(&mut out, "tz", &string(tz));
        }
        key(&mut out, "oblast", &string(&s.oblast));
        key(&mut out, "target", &string(s.target.as_str()));
        if let Some(location) = &s.location {
            key(&mut out, "location", &string(location));
        }
        if let Some((lat, lon)) = s.coords {
            key(&mut out, "lat", &float(lat));
            key(&mut out, "lon", &float(lon));
        }
        if let Some(p) = s.geo_precision {
            key(&mut out, "geo_precision", &string(p.as_str()));
        }
        if let Some(w) = &s.weapons {
            let parts: Vec<String> = [
                ("missiles", w.missiles),
                ("drones", w.drones),
                ("glide_bombs", w.glide_bombs),
                ("other", w.other),
                ("intercepted", w.intercepted),
            ]
            .iter()
            .filter_map(|(name, n)| n.map(|n| format!("{name} = {n}")))
            .collect();
            if !parts.is_empty() {
                key(&mut out, "weapons", &format!("{{ {} }}", parts.join(", ")));
            }
        }
        if let Some(killed) = s.killed {
            key(&mut out, "casualties", &format!("{{ killed = {killed} }}"));
        }
        if !s.sources.is_empty() {
            let items: Vec<String> = s.sources.iter().map(|x| string(x)).collect();
            key(&mut out, "sources", &format!("[{}]", items.join(", ")));
        }
        if let Some(notes) = &s.notes {
            key(&mut out, "notes", &string(notes));
        }
    }
    out
}

fn key(out: &mut String, name: &str, value: &str) {
    let _ = writeln!(out, "{name} = {value}");
}

/// A TOML basic string, escaped by the toml crate itself.
fn string(text: &str) -> String {
    toml::Value::String(text.to_string()).to_string()
}

/// A number as TOML writes a float (`50.0`, `30.5234`): always with a point.
fn float(x: f64) -> String {
    let text = format!("{x}");
    if text.contains('.') || text.contains('e') {
        text
    } else {
        format!("{text}.0")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_are_stable_and_parts_do_not_run_together() {
        assert_eq!(stable_hash(&[]), 0xcbf2_9ce4_8422_2325);
        assert_ne!(stable_hash(&["ab", "c"]), stable_hash(&["a", "bc"]));
        assert_eq!(stable_hash(&["x"]), stable_hash(&["x"]));
    }

    #[test]
    fn slugs_and_counts() {
        assert_eq!(slug("Shahed-136/131", 30), "shahed-136-131");
        assert_eq!(slug("X-101/X-555 and Kalibr", 12), "x-101-x-555");
        assert_eq!(slug("Молнія", 12), "");
        assert_eq!(count("101.0"), Some(101));
        assert_eq!(count("7"), Some(7));
        assert_eq!(count("2.5"), None);
        assert_eq!(count("-1"), None);
        assert_eq!(count(""), None);
    }

    #[test]
    fn strings_are_escaped_as_toml() {
        for text in ["a \"b\"\n", "it's", "\\x\u{1b}[31m", "Київ"] {
            let table: toml::Table =
                toml::from_str(&format!("v = {}", string(text))).expect("valid TOML");
            assert_eq!(table["v"].as_str(), Some(text));
        }
        assert_eq!(float(50.0), "50.0");
        assert_eq!(float(30.5234), "30.5234");
    }
}
