//! Validation: a parsed TOML table into domain records, with every problem at the
//! line and column of the key or value at fault (SPEC 3.7).
//!
//! One module per table ([`board`], [`event`], [`issue`], [`strike`]), all reading
//! through [`reader::TableReader`], which takes keys, types, ranges and enum words
//! from [`crate::load::fields`].

pub mod board;
pub mod event;
pub mod issue;
pub mod reader;
pub mod strike;

use std::collections::HashMap;
use std::sync::Arc;

use toml::de::DeTable;

use crate::load::fields::ROOT;
use crate::load::hash::IdBuildHasher;
use crate::load::problem::Problem;
use crate::load::store::FileRecords;
use crate::model::{Kind, SourcePos, When, Written};
pub use reader::Ctx;
use reader::TableReader;

/// Ids of records that were not kept (they have errors), with where they were
/// written: a duplicate id is reported even when one of the two has other errors.
pub type RejectedIds = Vec<(Kind, String, SourcePos)>;

/// Reads the top level of a parsed file (or of one piece of it) into `out`.
pub fn root(
    ctx: &Ctx<'_>,
    table: &DeTable<'_>,
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
    let mut reject = |kind: Kind, table: &DeTable<'_>, at: SourcePos| {
        if let Some(id) = table.get("id").and_then(|v| v.get_ref().as_str()) {
            if reader::is_valid_id(id) {
                rejected.push((kind, id.to_string(), at));
            }
        }
    };
    for (t, at) in events {
        match event::read(ctx, t, at, problems) {
            Some(event) => out.events.push(Arc::new(event)),
            None => reject(Kind::Event, t, at),
        }
    }
    for (t, at) in issues {
        match issue::read(ctx, t, at, problems) {
            Some(issue) => out.issues.push(Arc::new(issue)),
            None => reject(Kind::Issue, t, at),
        }
    }
    for (t, at) in strikes {
        match strike::read(ctx, t, at, problems) {
            Some(strike) => out.strikes.push(Arc::new(strike)),
            None => reject(Kind::Strike, t, at),
        }
    }
}

/// Hands a record's problems on, each naming the record; returns its id when the
/// record has no error (and so is kept).
fn finish_record(
    kind: Kind,
    id: Option<String>,
    mine: Vec<Problem>,
    problems: &mut Vec<Problem>,
) -> Option<String> {
    let ok = !mine.iter().any(Problem::is_error);
    problems.extend(mine.into_iter().map(|p| p.in_record(kind, id.as_deref())));
    if ok { id } else { None }
}

/// The error message when `later` (e.g. `end`) is before `earlier` (`start`). A
/// date without a time stands for the whole day, so it is compared by day.
///
/// When exactly one of the two is a local time without a zone of its own, its
/// instant depends on the board's `default_tz` (perhaps in another file), so
/// the order cannot be known from this file alone and no error is raised: a good
/// file must not be rejected for a zone it does not decide.
fn ends_before(later_key: &str, later: &When, earlier_key: &str, earlier: &When) -> Option<String> {
    if later.floats() != earlier.floats() && !(later.date_only() || earlier.date_only()) {
        return None;
    }
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

/// Errors for ids used twice within one kind in one file; the later one is at
/// fault and the message names where the id was first used.
pub fn duplicate_ids(
    file: &Arc<str>,
    records: &FileRecords,
    rejected: &RejectedIds,
    problems: &mut Vec<Problem>,
) {
    let mut ids: Vec<(Kind, &str, SourcePos)> = records
        .events
        .iter()
        .map(|e| (Kind::Event, e.id.as_str(), e.pos))
        .chain(
            records
                .issues
                .iter()
                .map(|i| (Kind::Issue, i.id.as_str(), i.pos)),
        )
        .chain(
            records
                .strikes
                .iter()
                .map(|s| (Kind::Strike, s.id.as_str(), s.pos)),
        )
        .chain(
            rejected
                .iter()
                .map(|(kind, id, pos)| (*kind, id.as_str(), *pos)),
        )
        .collect();
    // Kept and rejected records interleave in the file: the first written is first.
    if !rejected.is_empty() {
        ids.sort_by_key(|&(_, _, pos)| (pos.line, pos.col));
    }
    let mut seen: HashMap<(Kind, &str), SourcePos, IdBuildHasher> =
        HashMap::with_capacity_and_hasher(ids.len(), IdBuildHasher::default());
    for (kind, id, pos) in ids {
        if let Some(first) = seen.get(&(kind, id)) {
            problems.push(
                Problem::error(
                    file,
                    pos,
                    format!(
                        "duplicate {} id \"{}\"; it is already used at {}:{}:{}",
                        kind.as_str(),
                        id,
                        file,
                        first.line,
                        first.col
                    ),
                )
                .in_record(kind, Some(id)),
            );
        } else {
            seen.insert((kind, id), pos);
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
