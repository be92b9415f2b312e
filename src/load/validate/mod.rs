//! Validation: a parsed TOML table into domain records, with every problem at the
//! line and column of the key or value at fault (docs/data-format.md#problems).
//!
//! One module per table ([`board`], [`event`], [`issue`], [`strike`]), all reading
//! through [`reader::TableReader`], which takes keys, types, ranges and enum words
//! from [`crate::load::fields`].

pub mod board;
pub mod event;
pub mod issue;
pub mod reader;
pub mod strike;

use std::sync::Arc;

use rayon::prelude::*;

use crate::load::tree::Table;

use crate::load::fields::ROOT;
use crate::load::hash::id_hash;
use crate::load::store::FileRecords;
use crate::model::problem::Problem;
use crate::model::{Kind, SourcePos, TimePrecision, When, Written};
pub use reader::Ctx;
use reader::TableReader;

/// Ids of records that were not kept (they have errors), with where they were
/// written: a duplicate id is reported even when one of the two has other errors.
pub type RejectedIds = Vec<(Kind, String, SourcePos)>;

/// Reads the top level of a parsed file (or of one piece of it) into `out`.
pub fn root(
    ctx: &Ctx<'_>,
    table: &Table<'_>,
    out: &mut FileRecords,
    rejected: &mut RejectedIds,
    problems: &mut Vec<Problem>,
) {
    let mut r = TableReader::new(
        ctx,
        table,
        &ROOT,
        SourcePos { line: 1, col: 1 },
        "",
        problems,
    );
    let board = r.table("board");
    let events = r.tables("event");
    let issues = r.tables("issue");
    let strikes = r.tables("strike");
    r.finish();
    if let Some((table, at)) = board {
        out.board = board::read(ctx, table, at, problems);
    }
    let mut rejected_table = |kind: Kind, table: &Table<'_>, at: SourcePos| {
        let id = table.get("id").and_then(|v| v.get_ref().as_str());
        reject(rejected, kind, id, at);
    };
    for (t, span) in events {
        let at = ctx.pos(&span);
        match event::read(ctx, t, at, problems) {
            Some(event) => out.events.push(Arc::new(event)),
            None => rejected_table(Kind::Event, t, at),
        }
    }
    for (t, span) in issues {
        let at = ctx.pos(&span);
        match issue::read(ctx, t, at, problems) {
            Some(issue) => out.issues.push(Arc::new(issue)),
            None => rejected_table(Kind::Issue, t, at),
        }
    }
    for (t, span) in strikes {
        let at = ctx.pos(&span);
        match strike::read(ctx, t, at, problems) {
            Some(strike) => out.strikes.push(Arc::new(strike)),
            None => rejected_table(Kind::Strike, t, at),
        }
    }
}

/// Notes a record rejected for its errors by the id it gives, when that is a
/// valid id: a duplicate of it is still reported, even though the record
/// never reaches the board.
pub fn reject(rejected: &mut RejectedIds, kind: Kind, id: Option<&str>, at: SourcePos) {
    if let Some(id) = id.filter(|id| reader::is_valid_id(id)) {
        rejected.push((kind, id.to_string(), at));
    }
}

/// Hands a record's problems on, each naming the record; returns its id when the
/// record has no error (and so is kept).
fn finish_record(
    kind: Kind,
    id: Option<String>,
    at: SourcePos,
    mine: Vec<Problem>,
    problems: &mut Vec<Problem>,
) -> Option<String> {
    let ok = !mine.iter().any(Problem::is_error);
    problems.extend(
        mine.into_iter()
            .map(|p| p.in_record_at(kind, at).in_record(kind, id.as_deref())),
    );
    if ok { id } else { None }
}

/// The error message when `later` (e.g. `end`) is before `earlier` (`start`). A
/// date without a time stands for the whole day, so it is compared by day.
///
/// When exactly one of the two is a local time without a zone of its own, its
/// instant depends on the board's `default_tz` (perhaps in another file), so
/// the order cannot be known from this file alone and no error is raised: a good
/// file must not be rejected for a zone it does not decide.
/// ([`crate::load::Store::merge`] checks those pairs once the zone is known.)
fn ends_before(later_key: &str, later: &When, earlier_key: &str, earlier: &When) -> Option<String> {
    if order_depends_on_default_tz(later, earlier) {
        return None;
    }
    order_error(later_key, later, earlier_key, earlier)
}

/// True when exactly one of two times floats on the board's `default_tz`, so their
/// order is known only when the board is merged.
pub fn order_depends_on_default_tz(later: &When, earlier: &When) -> bool {
    later.floats() != earlier.floats() && !(later.date_only() || earlier.date_only())
}

/// The error message when `later` is before `earlier`, as the two are resolved.
pub fn order_error(
    later_key: &str,
    later: &When,
    earlier_key: &str,
    earlier: &When,
) -> Option<String> {
    let before = if later.date_only() || earlier.date_only() {
        later.own_local().date_naive() < earlier.own_local().date_naive()
    } else {
        later.at < earlier.at
    };
    before.then(|| {
        format!(
            "{later_key} {} is before {earlier_key} {}",
            show(later),
            show(earlier)
        )
    })
}

/// The precision of a record's time (`time_precision`, docs/data-format.md#precision):
/// as declared, at least `day` for a date alone; declaring a precision finer
/// than what was written (`hour` for a date) is an error at the declaration.
fn time_precision(
    r: &mut TableReader<'_, '_, '_>,
    when: Option<&When>,
    time_key: &str,
) -> TimePrecision {
    let declared = r.word("time_precision", TimePrecision::parse);
    let Some(when) = when else {
        return declared.unwrap_or(TimePrecision::Exact);
    };
    if let (Some(declared), true) = (declared, when.date_only()) {
        if declared < TimePrecision::Day {
            if let Some(span) = r.span_of("time_precision") {
                r.error(
                    &span,
                    format!(
                        "time_precision \"{declared}\" is finer than {time_key} {}, which gives the day only; write \"day\" or a time of day",
                        show(when)
                    ),
                );
            }
        }
    }
    when.precision(declared)
}

/// A time as it was written.
pub fn show(when: &When) -> String {
    match when.written {
        Written::Exact(dt) if dt.offset().local_minus_utc() == 0 => {
            dt.format("%Y-%m-%dT%H:%M:%SZ").to_string()
        }
        Written::Exact(dt) => dt.format("%Y-%m-%dT%H:%M:%S%:z").to_string(),
        Written::Local(dt) => dt.format("%Y-%m-%dT%H:%M:%S").to_string(),
        Written::Date(d) => d.format("%Y-%m-%d").to_string(),
    }
}

/// A record's id, hashed, with its kind and where the record starts: duplicates
/// are found by sorting these, so the records themselves (scattered over the
/// heap) are read again only for ids whose hashes collide.
#[derive(Clone, Copy, Debug)]
pub struct IdKey {
    hash: u64,
    kind: Kind,
    line: u32,
    col: u32,
}

impl IdKey {
    /// The order duplicates are found in: by hash, then kind, then position.
    fn order(&self) -> (u64, Kind, u32, u32) {
        (self.hash, self.kind, self.line, self.col)
    }
}

/// The hashes of the ids of `keys`, which [`duplicate_ids`] has sorted:
/// what the merge compares across files.
pub fn sorted_hashes(keys: &[IdKey]) -> Box<[u64]> {
    debug_assert!(
        keys.is_sorted_by_key(|k| k.hash),
        "keys sorted by duplicate_ids first"
    );
    keys.iter().map(|k| k.hash).collect()
}

/// The id keys of the records read from one file or piece (kept and rejected);
/// computed right after reading them, while they are still in the cache.
pub fn id_keys(records: &FileRecords, rejected: &RejectedIds) -> Vec<IdKey> {
    let key = |kind: Kind, id: &str, pos: SourcePos| IdKey {
        hash: id_hash(id),
        kind,
        line: pos.line,
        col: pos.col,
    };
    let mut keys = Vec::with_capacity(
        records.events.len() + records.issues.len() + records.strikes.len() + rejected.len(),
    );
    keys.extend(
        records
            .events
            .iter()
            .map(|e| key(Kind::Event, &e.id, e.pos)),
    );
    keys.extend(
        records
            .issues
            .iter()
            .map(|i| key(Kind::Issue, &i.id, i.pos)),
    );
    keys.extend(
        records
            .strikes
            .iter()
            .map(|s| key(Kind::Strike, &s.id, s.pos)),
    );
    keys.extend(rejected.iter().map(|(kind, id, pos)| key(*kind, id, *pos)));
    keys
}

/// The id of the kept record of `kind` that starts at `line:col`.
fn id_at(records: &FileRecords, kind: Kind, line: u32, col: u32) -> Option<&str> {
    // Records of one kind are in file order: search them by position.
    fn find<'a, T>(
        items: &'a [Arc<T>],
        at: (u32, u32),
        pos: impl Fn(&T) -> SourcePos,
        id: impl Fn(&'a T) -> &'a str,
    ) -> Option<&'a str> {
        let i = items.partition_point(|x| {
            let p = pos(x);
            (p.line, p.col) < at
        });
        items
            .get(i)
            .filter(|x| {
                let p = pos(x);
                (p.line, p.col) == at
            })
            .map(|x| id(x))
    }
    let at = (line, col);
    match kind {
        Kind::Event => find(&records.events, at, |e| e.pos, |e| e.id.as_str()),
        Kind::Issue => find(&records.issues, at, |i| i.pos, |i| i.id.as_str()),
        Kind::Strike => find(&records.strikes, at, |s| s.pos, |s| s.id.as_str()),
    }
}

/// Errors for ids used twice within one kind in one file; the later one is at
/// fault and the message names where the id was first used.
pub fn duplicate_ids(
    file: &Arc<str>,
    records: &FileRecords,
    rejected: &RejectedIds,
    keys: &mut [IdKey],
    problems: &mut Vec<Problem>,
) {
    // On every core: for a large file this runs once all its pieces are
    // read, the one step left before the file is done.
    keys.par_sort_unstable_by_key(IdKey::order);
    // Rejected records by position, sorted once: hashes of short ids do collide
    // (about 1 in 40 among 200,000 `S-0000001`-style ids), and a linear search of
    // the rejected records per collision made a file of broken records quadratic.
    let mut rejected_at: Vec<(Kind, u32, u32, &str)> = rejected
        .iter()
        .map(|(kind, id, pos)| (*kind, pos.line, pos.col, id.as_str()))
        .collect();
    rejected_at.sort_unstable_by_key(|&(kind, line, col, _)| (kind, line, col));
    let rejected_id = |kind: Kind, line: u32, col: u32| {
        rejected_at
            .binary_search_by_key(&(kind, line, col), |&(k, l, c, _)| (k, l, c))
            .ok()
            .map(|i| rejected_at[i].3)
    };
    for group in keys.chunk_by(|a, b| a.hash == b.hash && a.kind == b.kind) {
        if group.len() < 2 {
            continue;
        }
        // Same hash: read the ids (the group is in file order).
        let ids: Vec<(&str, &IdKey)> = group
            .iter()
            .filter_map(|k| {
                id_at(records, k.kind, k.line, k.col)
                    .or_else(|| rejected_id(k.kind, k.line, k.col))
                    .map(|id| (id, k))
            })
            .collect();
        for (n, (id, at)) in ids.iter().enumerate() {
            let Some((_, first)) = ids[..n].iter().find(|(other, _)| other == id) else {
                continue;
            };
            let kind = at.kind;
            let pos = |line, col| SourcePos { line, col };
            problems.push(Problem::duplicate_id(
                file,
                pos(at.line, at.col),
                kind,
                id,
                (file, pos(first.line, first.col)),
            ));
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use std::sync::Arc;

    use crate::load::parse::parse_str;
    use crate::load::store::FileRecords;

    /// The records of a file that must load (warnings allowed).
    pub fn records(text: &str) -> FileRecords {
        match parse_str(&Arc::from("t.toml"), text) {
            Ok(records) => records,
            Err(problems) => panic!("unexpected problems: {problems:#?}"),
        }
    }

    /// Every problem as `LINE:COL: level: message`, in order.
    pub fn messages(text: &str) -> Vec<String> {
        let problems = match parse_str(&Arc::from("t.toml"), text) {
            Ok(records) => records.warnings,
            Err(problems) => problems,
        };
        problems
            .iter()
            .map(|p| {
                format!(
                    "{}:{}: {}: {}",
                    p.pos.line,
                    p.pos.col,
                    p.level.as_str(),
                    p.full_message()
                )
            })
            .collect()
    }

    #[test]
    fn top_level_keys() {
        assert_eq!(
            messages("title = \"x\"\n[[events]]\nid = \"a\"\n"),
            [
                "1:1: warning: unknown top-level key \"title\"; a file holds [board], [[event]], [[issue]] and [[strike]]",
                "2:3: warning: unknown top-level key \"events\" (did you mean \"event\"?); a file holds [board], [[event]], [[issue]] and [[strike]]",
            ]
        );
        assert_eq!(
            messages("event = { id = \"a\" }\n"),
            ["1:9: error: event: expected an array of tables ([[event]]), found a table"]
        );
    }

    #[test]
    fn colliding_hashes_of_different_ids_are_not_duplicates() {
        let text = "[[strike]]\nid = \"a\"\ntime = 2026-01-20\noblast = \"K\"\ntarget = \"chp\"\n\
                    [[strike]]\nid = \"b\"\ntime = 2026-01-20\noblast = \"K\"\ntarget = \"chp\"\n\
                    [[strike]]\nid = \"a\"\ntime = 2026-01-20\noblast = \"K\"\ntarget = \"chp\"\n";
        let name: Arc<str> = Arc::from("t.toml");
        // Read the records without the duplicate check, by hand.
        let lines = crate::load::lines::LineIndex::whole();
        let ctx = super::Ctx {
            file: &name,
            piece: text,
            base: 0,
            lines: &lines,
        };
        let tokens = toml_parser::Source::new(text).lex().into_vec();
        let root = crate::load::events::read(text, &tokens).expect("parses");
        let mut records = crate::load::store::FileRecords::default();
        let (mut rejected, mut problems) = (Vec::new(), Vec::new());
        super::root(&ctx, &root, &mut records, &mut rejected, &mut problems);
        // Every id hashed alike: only the real duplicate is reported.
        let mut keys = super::id_keys(&records, &rejected);
        for key in &mut keys {
            key.hash = 7;
        }
        super::duplicate_ids(&name, &records, &rejected, &mut keys, &mut problems);
        let found: Vec<String> = problems
            .iter()
            .map(std::string::ToString::to_string)
            .collect();
        assert_eq!(
            found,
            [
                "t.toml:11:1: error: strike \"a\": duplicate strike id \"a\"; it is already used at t.toml:1:1"
            ]
        );
    }

    #[test]
    fn duplicate_ids_within_a_file_name_both_places() {
        let text = "[[strike]]\nid = \"S-1\"\ntime = 2026-01-20\noblast = \"Kyiv\"\ntarget = \"chp\"\n\n[[strike]]\nid = \"S-1\"\ntime = 2026-01-21\noblast = \"Lviv\"\ntarget = \"gas\"\n";
        assert_eq!(
            messages(text),
            [
                "7:1: error: strike \"S-1\": duplicate strike id \"S-1\"; it is already used at t.toml:1:1"
            ]
        );
        // The same id in two kinds is fine.
        let ok = "[[event]]\nid = \"x\"\ntitle = \"X\"\nstart = 2026-01-20\n[[issue]]\nid = \"x\"\ntitle = \"X\"\nstatus = \"open\"\n";
        assert!(messages(ok).is_empty());
    }
}
