//! Joining every file's last good version into one [`Board`], in named passes:
//!
//! 1. [`Merge::board_table_and_ids`]: the `[board]` table (the first in path
//!    order wins) and duplicate ids across files;
//! 2. [`Merge::zone_order`]: `end`/`restored` before their start once local
//!    times are read in the board's zone;
//! 3. [`Merge::records`]: the records of the accepted files, with times read in
//!    the board's zone, and the checks that need the whole board (links to
//!    unknown issues and parties, DST gaps, strikes in the future);
//! 4. [`Merge::finish`]: problems sorted by file, line and column, and counted.

use std::collections::{BTreeMap, HashSet};
use std::hash::BuildHasher;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;
use rayon::prelude::*;

use super::hash::{IdBuildHasher, id_hash};
use super::store::{FileRecords, Slot};
use crate::model::problem::{Problem, ProblemCount};
use crate::model::{Board, Event, Issue, Kind, Located, SourcePos, Strike, When};

/// Where a record is: the ordinal of its file among the merged files, its
/// kind and its index among that file's records of the kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct RecordAt {
    file: u32,
    /// The kind in the top two bits, the index below (a file holds far fewer
    /// than 2^30 records: the size limit keeps it so).
    kind_index: u32,
}

impl RecordAt {
    fn new(file: u32, kind: Kind, index: usize) -> RecordAt {
        let kind_bits = match kind {
            Kind::Event => 0,
            Kind::Issue => 1,
            Kind::Strike => 2,
        };
        let index = u32::try_from(index).unwrap_or(u32::MAX) & 0x3fff_ffff;
        RecordAt {
            file,
            kind_index: (kind_bits << 30) | index,
        }
    }

    fn kind(self) -> Kind {
        match self.kind_index >> 30 {
            0 => Kind::Event,
            1 => Kind::Issue,
            _ => Kind::Strike,
        }
    }

    fn index(self) -> usize {
        (self.kind_index & 0x3fff_ffff) as usize
    }
}

/// The kind, id and position of the record at `at` (a place made from a
/// file's good records).
fn record_at<'a>(slots: &[&'a Slot], at: RecordAt) -> (Kind, &'a str, SourcePos) {
    let kind = at.kind();
    let good = slots[at.file as usize]
        .good
        .as_deref()
        .expect("a record place names a file with good records");
    let i = at.index();
    let (id, pos) = match kind {
        Kind::Event => (good.events[i].id.as_str(), good.events[i].pos),
        Kind::Issue => (good.issues[i].id.as_str(), good.issues[i].pos),
        Kind::Strike => (good.strikes[i].id.as_str(), good.strikes[i].pos),
    };
    (kind, id, pos)
}

/// Whether records of two different files may share an id: some of their id
/// hashes meet (a false alarm only costs the exact check). Each file's
/// hashes are kept sorted by its parse (`FileRecords::id_hashes`), so a
/// million strikes in ten files are not read again, only their hashes merged;
/// a file without them has its ids hashed here. When no two files may share
/// an id, the merge needs no table of every id (a million strikes in ten
/// files: about 200 ms of probing one table on one thread).
fn may_share_ids(slots: &[&Slot]) -> bool {
    let goods: Vec<&FileRecords> = slots
        .iter()
        .filter_map(|slot| slot.good.as_deref())
        .filter(|good| good.record_count() > 0)
        .collect();
    if goods.len() < 2 {
        return false;
    }
    // Each hash with its file in the low bits, in place of the hash's own:
    // two files' equal hashes sort next to each other, told apart by those
    // bits. (Equal but for those bits is a false alarm, rare and harmless.)
    let bits = u64::BITS - (goods.len() as u64).leading_zeros();
    let mask = (1u64 << bits) - 1;
    let mut runs: Vec<Vec<u64>> = goods
        .par_iter()
        .enumerate()
        .map(|(file, good)| {
            let tagged = |hash: u64| (hash & !mask) | file as u64;
            let mut run: Vec<u64> = if let Some(sorted) = &good.id_hashes {
                sorted.iter().map(|&h| tagged(h)).collect()
            } else {
                let ids = (good.events.iter().map(|r| r.id.as_str()))
                    .chain(good.issues.iter().map(|r| r.id.as_str()))
                    .chain(good.strikes.iter().map(|r| r.id.as_str()));
                ids.map(|id| tagged(id_hash(id))).collect()
            };
            // Sorted hashes stay sorted once tagged: this finds them so.
            run.sort_unstable();
            run
        })
        .collect();
    let mut all = Vec::with_capacity(runs.iter().map(Vec::len).sum());
    for run in &mut runs {
        all.append(run);
    }
    drop(runs);
    // Sorted runs, one after another: the stable sort merges them.
    all.par_sort();
    all.windows(2)
        .any(|w| (w[0] & !mask) == (w[1] & !mask) && w[0] != w[1])
}

/// Joins `files` into one board, as of `now`.
pub(super) fn merge(files: &BTreeMap<PathBuf, Slot>, now: DateTime<Utc>) -> Board {
    let mut merge = Merge {
        files,
        board: Board {
            file_count: files.len(),
            ..Board::default()
        },
        problems: Vec::new(),
        rejected: HashSet::new(),
    };
    merge.board_table_and_ids();
    merge.zone_order();
    merge.records(now);
    merge.finish()
}

/// A merge under way.
struct Merge<'a> {
    files: &'a BTreeMap<PathBuf, Slot>,
    board: Board,
    problems: Vec<Problem>,
    /// Files rejected by a check across files (their records stay off the board).
    rejected: HashSet<&'a Path>,
}

impl Merge<'_> {
    /// Pass 1: the [board] table (the first in path order wins; later ones are
    /// errors that reject their file) and who is rejected for duplicate ids.
    fn board_table_and_ids(&mut self) {
        let mut board_at: Option<(Arc<str>, SourcePos)> = None;
        // Sized for every record at once: growing a table of 100,000 ids rehashes it
        // a dozen times.
        let files = self.files;
        let records: usize = files
            .values()
            .filter_map(|slot| slot.good.as_ref())
            .map(|good| good.events.len() + good.issues.len() + good.strikes.len())
            .sum();
        // Each id accepted so far, as the place of its record (file, kind and
        // index): 8 bytes a record, where (kind, id, file, position) entries
        // took 40, about 80 MB for a million strikes.
        let slots: Vec<&Slot> = files.values().collect();
        let hasher = IdBuildHasher::default();
        let hash = |kind: Kind, id: &str| hasher.hash_one((kind, id));
        let id_at = |at: RecordAt| record_at(&slots, at);
        // Nearly always no two files share an id: then no table is needed.
        let mut seen: Option<hashbrown::HashTable<RecordAt>> =
            may_share_ids(&slots).then(|| hashbrown::HashTable::with_capacity(records));
        for (ordinal, (path, slot)) in files.iter().enumerate() {
            self.problems.extend(slot.problems.iter().cloned());
            self.board.newest_modified = self.board.newest_modified.max(slot.modified);
            let Some(good) = &slot.good else { continue };
            let mut file_errors = Vec::new();
            if let Some(meta) = &good.board {
                if let Some((file, pos)) = &board_at {
                    file_errors.push(Problem::error(
                        &slot.display,
                        meta.pos,
                        format!(
                            "a second [board] table; the board is already defined at {}:{}:{}",
                            file, pos.line, pos.col
                        ),
                    ));
                }
            }
            let file = u32::try_from(ordinal).unwrap_or(u32::MAX);
            let ids = || {
                let of =
                    |kind: Kind| (0..good.count(kind)).map(move |i| RecordAt::new(file, kind, i));
                of(Kind::Event)
                    .chain(of(Kind::Issue))
                    .chain(of(Kind::Strike))
            };
            if let Some(table) = &seen {
                for at in ids() {
                    let (kind, id, pos) = id_at(at);
                    let same = |other: &RecordAt| other.kind() == kind && id_at(*other).1 == id;
                    if let Some(first) = table.find(hash(kind, id), same) {
                        let (_, _, first_pos) = id_at(*first);
                        let first_file = &slots[first.file as usize].display;
                        file_errors.push(Problem::duplicate_id(
                            &slot.display,
                            pos,
                            kind,
                            id,
                            (first_file, first_pos),
                        ));
                    }
                }
            }
            if file_errors.is_empty() {
                if let Some(meta) = &good.board {
                    board_at = Some((slot.display.clone(), meta.pos));
                    self.board.meta = meta.clone();
                }
                if let Some(seen) = seen.as_mut() {
                    for at in ids() {
                        let (kind, id, _) = id_at(at);
                        seen.insert_unique(hash(kind, id), at, |other| {
                            let (kind, id, _) = id_at(*other);
                            hash(kind, id)
                        });
                    }
                }
            } else {
                self.problems.extend(file_errors);
                self.rejected.insert(path.as_path());
            }
        }
    }

    /// Pass 2: an `end`/`restored` whose order against its start depends on
    /// the board's zone (one of the two is a local time without a `tz`) can only
    /// be checked now; such a file is rejected like any file with an error.
    /// (Its ids stay taken for this merge: a later file reusing one is rejected
    /// too, which errs on the side of showing less, never a wrong record.)
    fn zone_order(&mut self) {
        let default_tz = self.board.meta.default_tz;
        for (path, slot) in self.files {
            let Some(good) = &slot.good else { continue };
            if self.rejected.contains(path.as_path()) {
                continue;
            }
            let errors = zone_order_errors(&slot.display, good, default_tz);
            if !errors.is_empty() {
                self.problems.extend(errors);
                self.rejected.insert(path.as_path());
            }
        }
    }

    /// Pass 3: records of accepted files, with times read in the board's zone,
    /// and the checks that need the whole board.
    fn records(&mut self, now: DateTime<Utc>) {
        let default_tz = self.board.meta.default_tz;
        let issue_ids: HashSet<&str, IdBuildHasher> = self
            .files
            .iter()
            .filter(|(path, _)| !self.rejected.contains(path.as_path()))
            .filter_map(|(_, slot)| slot.good.as_ref())
            .flat_map(|good| good.issues.iter().map(|i| i.id.as_str()))
            .collect();
        let parties = &self.board.meta.parties;
        let mut events = Vec::new();
        let mut issues = Vec::new();
        let mut strikes = Vec::new();
        for (path, slot) in self.files {
            let Some(good) = &slot.good else { continue };
            if self.rejected.contains(path.as_path()) {
                continue;
            }
            let file = &slot.display;
            for event in &good.events {
                let event = rezone_event(event, default_tz);
                gap_warnings(
                    file,
                    Kind::Event,
                    &event.id,
                    event_times(&event),
                    &mut self.problems,
                );
                for link in &event.issues {
                    if !issue_ids.contains(link.value.as_str()) {
                        self.problems.push(
                            Problem::warning(
                                file,
                                link.pos,
                                format!("issues: no issue has the id \"{}\"", link.value),
                            )
                            .in_record(Kind::Event, Some(&event.id)),
                        );
                    }
                }
                party_warnings(
                    file,
                    Kind::Event,
                    &event.id,
                    &event.parties,
                    parties,
                    &mut self.problems,
                );
                events.push(event);
            }
            for issue in &good.issues {
                let issue = rezone_issue(issue, default_tz);
                gap_warnings(
                    file,
                    Kind::Issue,
                    &issue.id,
                    issue_times(&issue),
                    &mut self.problems,
                );
                // Both the issue's parties and the codes of its positions.
                party_warnings(
                    file,
                    Kind::Issue,
                    &issue.id,
                    issue.parties.iter().chain(&issue.position_codes),
                    parties,
                    &mut self.problems,
                );
                issues.push(issue);
            }
            // A million strikes are a walk over as many records: on every
            // core, in order (the problems are sorted stably afterwards).
            let read: Vec<(Vec<Arc<Strike>>, Vec<Problem>)> = good
                .strikes
                .par_chunks(STRIKES_PER_TASK)
                .map(|chunk| strikes_as_of(file, chunk, default_tz, now))
                .collect();
            for (mut chunk, mut problems) in read {
                strikes.append(&mut chunk);
                self.problems.append(&mut problems);
            }
        }
        self.board.events = events;
        self.board.issues = issues;
        self.board.strikes = strikes;
    }

    /// Pass 4: problems in the order `check` prints them, counted once.
    fn finish(mut self) -> Board {
        self.problems.sort_by(|a, b| {
            (a.file.as_ref(), a.pos.line, a.pos.col, a.level).cmp(&(
                b.file.as_ref(),
                b.pos.line,
                b.pos.col,
                b.level,
            ))
        });
        self.board.problem_count = ProblemCount::of(&self.problems);
        self.board.problems = self.problems;
        self.board
    }
}

/// Errors for `end`/`restored` times before their start once local times without
/// a zone of their own are read in the board's zone `tz`.
fn zone_order_errors(file: &Arc<str>, good: &FileRecords, tz: Tz) -> Vec<Problem> {
    use super::validate::{order_depends_on_default_tz, order_error};
    type Pair<'a> = (Kind, &'a str, &'static str, When, &'static str, When);
    let error = |(kind, id, later_key, later, earlier_key, earlier): Pair<'_>| {
        if !order_depends_on_default_tz(&later, &earlier) {
            return None;
        }
        let (later, earlier) = (rezone(&later, tz), rezone(&earlier, tz));
        let message = order_error(later_key, &later, earlier_key, &earlier)?;
        Some(Problem::error(file, later.pos, message).in_record(kind, Some(id)))
    };
    let mut errors: Vec<Problem> = good
        .events
        .iter()
        .filter_map(|e| Some((Kind::Event, e.id.as_str(), "end", e.end?, "start", e.start)))
        .filter_map(error)
        .collect();
    // A walk over every strike: on every core, in order.
    let strikes: Vec<Problem> = good
        .strikes
        .par_iter()
        .with_min_len(STRIKES_PER_TASK)
        .filter_map(|s| {
            let restored = *s.restored.as_deref()?;
            error((
                Kind::Strike,
                s.id.as_str(),
                "restored",
                restored,
                "time",
                s.time,
            ))
        })
        .collect();
    errors.extend(strikes);
    errors
}

fn rezone(when: &When, tz: Tz) -> When {
    if when.floats() {
        when.with_default_tz(tz)
    } else {
        *when
    }
}

fn rezone_opt(when: Option<&When>, tz: Tz) -> Option<When> {
    when.map(|w| rezone(w, tz))
}

fn floats(times: impl IntoIterator<Item = When>) -> bool {
    times.into_iter().any(|w| w.floats())
}

fn event_times(e: &Event) -> impl Iterator<Item = When> + '_ {
    std::iter::once(e.start).chain(e.end).chain(e.updated)
}

fn issue_times(i: &Issue) -> impl Iterator<Item = When> + '_ {
    i.updated.into_iter().chain(i.log.iter().map(|l| l.date))
}

fn strike_times(s: &Strike) -> impl Iterator<Item = When> + '_ {
    std::iter::once(s.time).chain(s.restored.as_deref().copied())
}

/// Strikes merged by one task of pass 3.
const STRIKES_PER_TASK: usize = 8192;

/// `strikes` of `file` read in the board's zone, and their warnings: a time in
/// a DST gap, a time more than an hour after `now`.
fn strikes_as_of(
    file: &Arc<str>,
    strikes: &[Arc<Strike>],
    default_tz: Tz,
    now: DateTime<Utc>,
) -> (Vec<Arc<Strike>>, Vec<Problem>) {
    let mut out = Vec::with_capacity(strikes.len());
    let mut problems = Vec::new();
    let soon = now + Duration::hours(1);
    for strike in strikes {
        let strike = rezone_strike(strike, default_tz);
        gap_warnings(
            file,
            Kind::Strike,
            &strike.id,
            strike_times(&strike),
            &mut problems,
        );
        if strike.time.at > soon {
            problems.push(
                Problem::warning(
                    file,
                    strike.time.pos,
                    format!(
                        "time: {} is more than an hour after now ({})",
                        strike.time.at.format("%Y-%m-%dT%H:%M:%SZ"),
                        now.format("%Y-%m-%dT%H:%M:%SZ")
                    ),
                )
                .in_record(Kind::Strike, Some(&strike.id)),
            );
        }
        out.push(strike);
    }
    (out, problems)
}

/// Local times without a zone of their own are read in the board's zone; the
/// record is copied only when that changes anything.
fn rezone_event(event: &Arc<Event>, tz: Tz) -> Arc<Event> {
    if tz == Tz::UTC || !floats(event_times(event)) {
        return event.clone();
    }
    let mut e = Event::clone(event);
    e.start = rezone(&e.start, tz);
    e.end = rezone_opt(e.end.as_ref(), tz);
    e.updated = rezone_opt(e.updated.as_ref(), tz);
    Arc::new(e)
}

fn rezone_issue(issue: &Arc<Issue>, tz: Tz) -> Arc<Issue> {
    if tz == Tz::UTC || !floats(issue_times(issue)) {
        return issue.clone();
    }
    let mut i = Issue::clone(issue);
    i.updated = rezone_opt(i.updated.as_ref(), tz);
    for entry in &mut i.log {
        entry.date = rezone(&entry.date, tz);
    }
    Arc::new(i)
}

fn rezone_strike(strike: &Arc<Strike>, tz: Tz) -> Arc<Strike> {
    if tz == Tz::UTC || !floats(strike_times(strike)) {
        return strike.clone();
    }
    let mut s = Strike::clone(strike);
    s.time = rezone(&s.time, tz);
    s.restored = rezone_opt(s.restored.as_deref(), tz).map(Box::new);
    Arc::new(s)
}

/// Warnings for local times read in the board's zone that fell in a DST gap (times
/// with the record's own `tz` are warned about when their file is parsed).
fn gap_warnings(
    file: &Arc<str>,
    kind: Kind,
    id: &str,
    times: impl Iterator<Item = When>,
    problems: &mut Vec<Problem>,
) {
    for when in times.filter(|w| w.floats() && w.in_gap) {
        problems.push(gap_warning(file, &when).in_record(kind, Some(id)));
    }
}

/// The warning for a local time that does not exist in its zone.
pub(crate) fn gap_warning(file: &Arc<str>, when: &When) -> Problem {
    Problem::warning(
        file,
        when.pos,
        format!(
            "local time does not exist in {} (clocks go forward); read with the offset before the change, as {}",
            when.zone.name(),
            when.at.format("%Y-%m-%dT%H:%M:%SZ")
        ),
    )
}

fn party_warnings<'a>(
    file: &Arc<str>,
    kind: Kind,
    id: &str,
    codes: impl IntoIterator<Item = &'a Located>,
    parties: &BTreeMap<String, String>,
    problems: &mut Vec<Problem>,
) {
    if parties.is_empty() {
        return;
    }
    for code in codes
        .into_iter()
        .filter(|c| !parties.contains_key(&c.value))
    {
        let known: Vec<&str> = parties.keys().map(String::as_str).collect();
        problems.push(
            Problem::warning(
                file,
                code.pos,
                format!(
                    "party \"{}\" is not in [board.parties] (known: {})",
                    code.value,
                    known.join(", ")
                ),
            )
            .in_record(kind, Some(id)),
        );
    }
}
