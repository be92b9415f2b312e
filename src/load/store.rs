//! The store: the last good version of every file, and the merged board.
//!
//! Each file is applied whole or not at all (docs/data-format.md#discovery-and-loading). The store keeps, per file,
//! the records of its last version that parsed without error and the problems of
//! its current version; [`Store::merge`] joins all files into one [`Board`], checking
//! what can only be checked across files (a second `[board]`, duplicate ids, links
//! to unknown issues or parties, strikes in the future) and resolving local times
//! against the board's `default_tz`.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;

use super::hash::IdBuildHasher;
use crate::model::Board;
use crate::model::problem::{Problem, ProblemCount};
use crate::model::{BoardMeta, Event, Issue, Kind, Located, SourcePos, Strike, When};

/// What one file contributes when it parsed without error.
#[derive(Clone, Debug, Default)]
pub struct FileRecords {
    pub board: Option<BoardMeta>,
    pub events: Vec<Arc<Event>>,
    pub issues: Vec<Arc<Issue>>,
    pub strikes: Vec<Arc<Strike>>,
    /// Warnings found while parsing (the file is applied all the same).
    pub warnings: Vec<Problem>,
}

impl FileRecords {
    /// Where the record of a kind with an id is written in this file.
    pub fn position_of(&self, kind: Kind, id: &str) -> Option<SourcePos> {
        match kind {
            Kind::Event => self.events.iter().find(|r| r.id == id).map(|r| r.pos),
            Kind::Issue => self.issues.iter().find(|r| r.id == id).map(|r| r.pos),
            Kind::Strike => self.strikes.iter().find(|r| r.id == id).map(|r| r.pos),
        }
    }
}

/// The outcome of parsing one file: its records, or every problem that rejects it
/// (errors, and the warnings found on the way).
pub type Parsed = Result<FileRecords, Vec<Problem>>;

/// One file as the store knows it.
#[derive(Clone, Debug)]
struct Slot {
    display: Arc<str>,
    /// Records of the last version that parsed without error.
    good: Option<Arc<FileRecords>>,
    /// Problems of the current version (empty when it is good and clean).
    problems: Vec<Problem>,
    modified: Option<SystemTime>,
}

/// Every file of the board, each with its last good version.
#[derive(Clone, Debug, Default)]
pub struct Store {
    files: BTreeMap<PathBuf, Slot>,
}

impl Store {
    pub fn new() -> Store {
        Store::default()
    }

    /// Takes in a new version of a file. A version with errors keeps the last good
    /// records and records its problems. Returns the previous good records, if any,
    /// so a caller can tell what changed.
    pub fn apply(
        &mut self,
        path: &Path,
        display: Arc<str>,
        parsed: Parsed,
        modified: Option<SystemTime>,
    ) -> Option<Arc<FileRecords>> {
        let slot = self
            .files
            .entry(path.to_path_buf())
            .or_insert_with(|| Slot {
                display: display.clone(),
                good: None,
                problems: Vec::new(),
                modified: None,
            });
        slot.display = display;
        slot.modified = modified;
        let previous = slot.good.clone();
        match parsed {
            Ok(mut records) => {
                slot.problems = std::mem::take(&mut records.warnings);
                slot.good = Some(Arc::new(records));
            }
            Err(problems) => slot.problems = problems,
        }
        previous
    }

    /// Forgets a file that no longer exists; its records leave the board.
    pub fn remove(&mut self, path: &Path) -> Option<Arc<FileRecords>> {
        self.files.remove(path).and_then(|slot| slot.good)
    }

    /// The paths the store knows, in path order.
    pub fn paths(&self) -> impl Iterator<Item = &Path> {
        self.files.keys().map(PathBuf::as_path)
    }

    /// The good records of one file, if it ever parsed.
    pub fn good(&self, path: &Path) -> Option<&Arc<FileRecords>> {
        self.files.get(path).and_then(|slot| slot.good.as_ref())
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// Joins every file's last good version into one board, as of `now`.
    pub fn merge(&self, now: DateTime<Utc>) -> Board {
        let mut board = Board {
            file_count: self.files.len(),
            ..Board::default()
        };
        let mut problems: Vec<Problem> = Vec::new();

        // Pass 1: the [board] table (the first in path order wins; later ones are
        // errors that reject their file) and who is rejected for duplicate ids.
        let mut board_at: Option<(Arc<str>, SourcePos)> = None;
        let mut rejected: HashSet<&Path> = HashSet::new();
        // Sized for every record at once: growing a table of 100,000 ids rehashes it
        // a dozen times.
        let records: usize = self
            .files
            .values()
            .filter_map(|slot| slot.good.as_ref())
            .map(|good| good.events.len() + good.issues.len() + good.strikes.len())
            .sum();
        let mut seen: HashMap<(Kind, &str), (&Arc<str>, SourcePos), IdBuildHasher> =
            HashMap::with_capacity_and_hasher(records, IdBuildHasher::default());
        for (path, slot) in &self.files {
            problems.extend(slot.problems.iter().cloned());
            board.newest_modified = board.newest_modified.max(slot.modified);
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
            let ids = good
                .events
                .iter()
                .map(|e| (Kind::Event, e.id.as_str(), e.pos))
                .chain(
                    good.issues
                        .iter()
                        .map(|i| (Kind::Issue, i.id.as_str(), i.pos)),
                )
                .chain(
                    good.strikes
                        .iter()
                        .map(|s| (Kind::Strike, s.id.as_str(), s.pos)),
                );
            for (kind, id, pos) in ids.clone() {
                if let Some((file, first)) = seen.get(&(kind, id)) {
                    file_errors.push(Problem::duplicate_id(
                        &slot.display,
                        pos,
                        kind,
                        id,
                        (file, *first),
                    ));
                }
            }
            if file_errors.is_empty() {
                if let Some(meta) = &good.board {
                    board_at = Some((slot.display.clone(), meta.pos));
                    board.meta = meta.clone();
                }
                for (kind, id, pos) in ids {
                    seen.insert((kind, id), (&slot.display, pos));
                }
            } else {
                problems.extend(file_errors);
                rejected.insert(path.as_path());
            }
        }

        // Pass 1b: an `end`/`restored` whose order against its start depends on
        // the board's zone (one of the two is a local time without a `tz`) can only
        // be checked now; such a file is rejected like any file with an error.
        // (Its ids stay taken for this merge: a later file reusing one is rejected
        // too, which errs on the side of showing less, never a wrong record.)
        let default_tz = board.meta.default_tz;
        for (path, slot) in &self.files {
            let Some(good) = &slot.good else { continue };
            if rejected.contains(path.as_path()) {
                continue;
            }
            let errors = zone_order_errors(&slot.display, good, default_tz);
            if !errors.is_empty() {
                problems.extend(errors);
                rejected.insert(path.as_path());
            }
        }

        // Pass 2: records of accepted files, with times read in the board's zone,
        // and the checks that need the whole board.
        let issue_ids: HashSet<&str, IdBuildHasher> = self
            .files
            .iter()
            .filter(|(path, _)| !rejected.contains(path.as_path()))
            .filter_map(|(_, slot)| slot.good.as_ref())
            .flat_map(|good| good.issues.iter().map(|i| i.id.as_str()))
            .collect();
        let parties = &board.meta.parties;
        let mut events = Vec::new();
        let mut issues = Vec::new();
        let mut strikes = Vec::new();
        for (path, slot) in &self.files {
            let Some(good) = &slot.good else { continue };
            if rejected.contains(path.as_path()) {
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
                    &mut problems,
                );
                for link in &event.issues {
                    if !issue_ids.contains(link.value.as_str()) {
                        problems.push(
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
                    &mut problems,
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
                    &mut problems,
                );
                party_warnings(
                    file,
                    Kind::Issue,
                    &issue.id,
                    &issue.parties,
                    parties,
                    &mut problems,
                );
                party_warnings(
                    file,
                    Kind::Issue,
                    &issue.id,
                    &issue.position_codes,
                    parties,
                    &mut problems,
                );
                issues.push(issue);
            }
            for strike in &good.strikes {
                let strike = rezone_strike(strike, default_tz);
                gap_warnings(
                    file,
                    Kind::Strike,
                    &strike.id,
                    strike_times(&strike),
                    &mut problems,
                );
                if strike.time.at > now + Duration::hours(1) {
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
                strikes.push(strike);
            }
        }
        problems.sort_by(|a, b| {
            (a.file.as_ref(), a.pos.line, a.pos.col, a.level).cmp(&(
                b.file.as_ref(),
                b.pos.line,
                b.pos.col,
                b.level,
            ))
        });
        board.events = events;
        board.issues = issues;
        board.strikes = strikes;
        board.problem_count = ProblemCount::of(&problems);
        board.problems = problems;
        board
    }
}

/// Errors for `end`/`restored` times before their start once local times without
/// a zone of their own are read in the board's zone `tz`.
fn zone_order_errors(file: &Arc<str>, good: &FileRecords, tz: Tz) -> Vec<Problem> {
    use super::validate::{order_depends_on_default_tz, order_error};
    let pairs =
        good.events
            .iter()
            .filter_map(|e| Some((Kind::Event, &e.id, "end", e.end?, "start", e.start)))
            .chain(good.strikes.iter().filter_map(|s| {
                Some((Kind::Strike, &s.id, "restored", s.restored?, "time", s.time))
            }));
    let mut errors = Vec::new();
    for (kind, id, later_key, later, earlier_key, earlier) in pairs {
        if !order_depends_on_default_tz(&later, &earlier) {
            continue;
        }
        let (later, earlier) = (rezone(&later, tz), rezone(&earlier, tz));
        if let Some(message) = order_error(later_key, &later, earlier_key, &earlier) {
            errors.push(Problem::error(file, later.pos, message).in_record(kind, Some(id)));
        }
    }
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
    std::iter::once(s.time).chain(s.restored)
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
    s.restored = rezone_opt(s.restored.as_ref(), tz);
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
pub fn gap_warning(file: &Arc<str>, when: &When) -> Problem {
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

fn party_warnings(
    file: &Arc<str>,
    kind: Kind,
    id: &str,
    codes: &[Located],
    parties: &BTreeMap<String, String>,
    problems: &mut Vec<Problem>,
) {
    if parties.is_empty() {
        return;
    }
    for code in codes.iter().filter(|c| !parties.contains_key(&c.value)) {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::parse::parse_str;
    use chrono::TimeZone;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 1, 21, 12, 0, 0).unwrap()
    }

    /// A store built from (file name, TOML) pairs, applied in the order given.
    fn store(files: &[(&str, &str)]) -> Store {
        let mut store = Store::new();
        for (name, text) in files {
            let display: Arc<str> = Arc::from(*name);
            store.apply(
                Path::new(name),
                display.clone(),
                parse_str(&display, text),
                None,
            );
        }
        store
    }

    fn messages(board: &Board) -> Vec<String> {
        board.problems.iter().map(ToString::to_string).collect()
    }

    const STRIKE_A: &str = "[[strike]]\nid = \"S-1\"\ntime = 2026-01-20T04:30:00+02:00\noblast = \"Kyiv\"\ntarget = \"substation\"\n";

    #[test]
    fn a_duplicate_id_rejects_the_later_file_and_names_both_places() {
        let later = "[[event]]\nid = \"E-1\"\ntitle = \"Talks\"\nstart = 2026-01-22\n\n"
            .to_string()
            + STRIKE_A;
        let board = store(&[("a.toml", STRIKE_A), ("b.toml", &later)]).merge(now());
        // b.toml is rejected whole: its event does not reach the board either.
        assert_eq!(board.strikes.len(), 1);
        assert!(board.events.is_empty());
        assert_eq!(
            messages(&board),
            vec![
                "b.toml:6:1: error: strike \"S-1\": duplicate strike id \"S-1\"; it is already used at a.toml:1:1"
            ]
        );
    }

    #[test]
    fn a_second_board_table_rejects_its_file() {
        let first = "[board]\ntitle = \"One\"\n";
        let second = "[board]\ntitle = \"Two\"\n\n".to_string() + STRIKE_A;
        let board = store(&[("a.toml", first), ("b.toml", &second)]).merge(now());
        assert_eq!(board.meta.title, "One");
        assert!(board.strikes.is_empty());
        let all = messages(&board).join("\n");
        assert!(all.starts_with("b.toml:1:"), "{all}");
        assert!(all.contains("a second [board] table"), "{all}");
        assert!(all.contains("a.toml:1:1"), "{all}");
    }

    #[test]
    fn local_times_follow_a_default_tz_given_in_another_file() {
        let board_file = "[board]\ndefault_tz = \"Europe/Moscow\"\n";
        let events = "[[event]]\nid = \"E-1\"\ntitle = \"Talks\"\nstart = 2026-01-22T18:00:00\n";
        let board = store(&[("z-board.toml", board_file), ("a-events.toml", events)]).merge(now());
        assert_eq!(
            board.events[0].start.at.to_rfc3339(),
            "2026-01-22T15:00:00+00:00"
        );
        // Without the board file the same text is read in UTC.
        let alone = store(&[("a-events.toml", events)]).merge(now());
        assert_eq!(
            alone.events[0].start.at.to_rfc3339(),
            "2026-01-22T18:00:00+00:00"
        );
    }

    #[test]
    fn cross_file_links_and_parties_are_warned_about_not_rejected() {
        let board_file = "[board]\nparties = { UA = \"Ukraine\", RU = \"Russia\" }\n";
        let events = "[[event]]\nid = \"E-1\"\ntitle = \"Talks\"\nstart = 2026-01-22\nparties = [\"UA\", \"XX\"]\nissues = [\"territory\", \"nope\"]\n";
        let issues = "[[issue]]\nid = \"territory\"\ntitle = \"Territory\"\nstatus = \"open\"\n";
        let board = store(&[
            ("b.toml", board_file),
            ("c.toml", events),
            ("d.toml", issues),
        ])
        .merge(now());
        assert_eq!(board.events.len(), 1);
        let all = messages(&board);
        assert_eq!(all.len(), 2, "{all:?}");
        assert!(all[0].starts_with("c.toml:5:"), "{all:?}");
        assert!(
            all[0].contains("warning: event \"E-1\": party \"XX\""),
            "{all:?}"
        );
        assert!(all[1].starts_with("c.toml:6:"), "{all:?}");
        assert!(all[1].contains("no issue has the id \"nope\""), "{all:?}");
    }

    #[test]
    fn the_same_warning_at_two_places_is_reported_twice() {
        let board_file = "[board]\nparties = { UA = \"Ukraine\" }\n";
        let events = "[[event]]\nid = \"E-1\"\ntitle = \"Talks\"\nstart = 2026-01-22\nparties = [\"XX\", \"XX\"]\n";
        let board = store(&[("a.toml", board_file), ("b.toml", events)]).merge(now());
        let all = messages(&board);
        assert_eq!(all.len(), 2, "{all:?}");
        assert!(all[0].starts_with("b.toml:5:12:"), "{all:?}");
        assert!(all[1].starts_with("b.toml:5:18:"), "{all:?}");
    }

    #[test]
    fn a_strike_more_than_an_hour_ahead_is_a_warning() {
        let soon = "[[strike]]\nid = \"S-1\"\ntime = 2026-01-21T13:00:00Z\noblast = \"Kyiv\"\ntarget = \"gas\"\n";
        let later = "[[strike]]\nid = \"S-2\"\ntime = 2026-01-21T13:00:01Z\noblast = \"Kyiv\"\ntarget = \"gas\"\n";
        let board = store(&[("a.toml", soon), ("b.toml", later)]).merge(now());
        assert_eq!(board.strikes.len(), 2);
        let all = messages(&board);
        assert_eq!(all.len(), 1, "{all:?}");
        assert!(all[0].starts_with("b.toml:3:"), "{all:?}");
        assert!(all[0].contains("more than an hour after now"), "{all:?}");
    }

    #[test]
    fn an_end_before_its_start_in_the_board_zone_rejects_the_file() {
        // `end` is exact, `start` floats: read in UTC, 18:00Z is before 20:00Z;
        // read in New York, 18:00 is 23:00Z, after the end.
        let events = "[[event]]\nid = \"E-1\"\ntitle = \"Talks\"\nstart = 2026-01-22T18:00:00\nend = 2026-01-22T20:00:00Z\n";
        let in_utc = store(&[("a.toml", events)]).merge(now());
        assert_eq!(in_utc.events.len(), 1, "{:?}", messages(&in_utc));
        assert!(in_utc.problems.is_empty());
        let board_file = "[board]\ndefault_tz = \"America/New_York\"\n";
        let in_new_york = store(&[("a.toml", events), ("b.toml", board_file)]).merge(now());
        assert!(in_new_york.events.is_empty());
        assert_eq!(
            messages(&in_new_york),
            vec![
                "a.toml:5:7: error: event \"E-1\": end 2026-01-22T20:00:00Z is before start 2026-01-22T18:00:00"
            ]
        );
    }

    #[test]
    fn a_broken_version_keeps_the_last_good_records() {
        let mut s = store(&[("a.toml", STRIKE_A)]);
        let display: Arc<str> = Arc::from("a.toml");
        let broken = "[[strike]]\nid = \"S-1\"\ntime = 2026-01-20T04:30:00+02:00\noblast = \"Kyiv\"\ntarget = \"powerplant\"\n";
        s.apply(
            Path::new("a.toml"),
            display,
            parse_str(&Arc::from("a.toml"), broken),
            None,
        );
        let board = s.merge(now());
        assert_eq!(board.strikes.len(), 1);
        assert_eq!(board.strikes[0].target, crate::model::Target::Substation);
        assert!(board.has_errors());
        // Removing the file takes its records away.
        s.remove(Path::new("a.toml"));
        assert!(s.merge(now()).strikes.is_empty());
    }
}
