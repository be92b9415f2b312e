//! The store: the last good version of every file, and the merged board.
//!
//! Each file is applied whole or not at all (docs/data-format.md#discovery-and-loading). The store keeps, per file,
//! the records of its last version that parsed without error and the problems of
//! its current version; [`Store::merge`] joins all files into one [`Board`], checking
//! what can only be checked across files (a second `[board]`, duplicate ids, links
//! to unknown issues or parties, strikes in the future) and resolving local times
//! against the board's `default_tz`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

use chrono::{DateTime, Utc};

use crate::model::Board;
use crate::model::problem::{Level, Problem};
use crate::model::{BoardMeta, Event, Issue, Kind, SourcePos, Strike};

/// What one file contributes when it parsed without error.
#[derive(Clone, Debug, Default)]
pub struct FileRecords {
    pub board: Option<BoardMeta>,
    pub events: Vec<Arc<Event>>,
    pub issues: Vec<Arc<Issue>>,
    pub strikes: Vec<Arc<Strike>>,
    /// Warnings found while parsing (the file is applied all the same).
    pub warnings: Vec<Problem>,
    /// The hash of every record's id ([`crate::load::hash::id_hash`]),
    /// sorted, when the parse kept them: the merge finds whether two files
    /// may share an id from these, without reading a million records again.
    pub id_hashes: Option<Box<[u64]>>,
}

impl FileRecords {
    /// How many events, issues and strikes the file holds.
    pub fn record_count(&self) -> usize {
        self.events.len() + self.issues.len() + self.strikes.len()
    }

    /// How many records of `kind` the file holds.
    pub fn count(&self, kind: Kind) -> usize {
        match kind {
            Kind::Event => self.events.len(),
            Kind::Issue => self.issues.len(),
            Kind::Strike => self.strikes.len(),
        }
    }

    /// Where the record of a kind with an id is written in this file.
    pub fn position_of(&self, kind: Kind, id: &str) -> Option<SourcePos> {
        match kind {
            Kind::Event => self.events.iter().find(|r| r.id == id).map(|r| r.pos),
            Kind::Issue => self.issues.iter().find(|r| r.id == id).map(|r| r.pos),
            Kind::Strike => self.strikes.iter().find(|r| r.id == id).map(|r| r.pos),
        }
    }
}

/// A broken file whose last good version is still on the board.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeptCopy {
    pub display: Arc<str>,
    /// When the kept version was saved.
    pub saved: Option<SystemTime>,
    /// Whether it holds events, issues, strikes.
    pub kinds: [bool; 3],
}

/// The outcome of parsing one file: its records, or every problem that rejects it
/// (errors, and the warnings found on the way).
pub type Parsed = Result<FileRecords, Vec<Problem>>;

/// One file as the store knows it.
#[derive(Clone, Debug)]
pub(super) struct Slot {
    pub(super) display: Arc<str>,
    /// Records of the last version that parsed without error.
    pub(super) good: Option<Arc<FileRecords>>,
    /// Problems of the current version (empty when it is good and clean).
    pub(super) problems: Vec<Problem>,
    pub(super) modified: Option<SystemTime>,
    /// When the version in `good` was last modified (the kept copy's time).
    pub(super) good_modified: Option<SystemTime>,
    /// The last good version that held any record: what a file emptied by a
    /// truncated save is compared with when its records come back.
    pub(super) last_held: Option<Arc<FileRecords>>,
    /// When the version in `last_held` was last modified.
    pub(super) last_held_modified: Option<SystemTime>,
}

impl Slot {
    fn previous(&self) -> Option<Arc<FileRecords>> {
        match &self.good {
            Some(good) if good.record_count() == 0 && self.last_held.is_some() => {
                self.last_held.clone()
            }
            good => good.clone(),
        }
    }
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
    /// so a caller can tell what changed; when the previous version was empty,
    /// the last one that held records (records that come back after a truncated
    /// save are not new). A file that held records and now holds none gets a
    /// warning saying so.
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
                good_modified: None,
                last_held: None,
                last_held_modified: None,
            });
        slot.display = display;
        slot.modified = modified;
        let previous = slot.previous();
        match parsed {
            Ok(mut records) => {
                slot.problems = std::mem::take(&mut records.warnings);
                let records = Arc::new(records);
                if records.record_count() > 0 {
                    slot.last_held = Some(records.clone());
                    slot.last_held_modified = modified;
                } else if let Some(held) = &slot.last_held {
                    slot.problems.push(Problem::warning(
                        &slot.display,
                        SourcePos { line: 1, col: 1 },
                        format!(
                            "this file held {} and now holds none (a truncated save or a broken pull?)",
                            held_count(held)
                        ),
                    ));
                }
                slot.good = Some(records);
                slot.good_modified = modified;
            }
            Err(mut problems) => {
                // A path that held records and can no longer be read as data (it
                // became a FIFO, a directory, a dangling symlink) is an error, not
                // a warning: the board now shows a kept copy.
                if slot.good.is_some() && !problems.iter().any(Problem::is_error) {
                    for problem in &mut problems {
                        problem.level = Level::Error;
                    }
                }
                slot.problems = problems;
                // An editor that empties a file before writing it whole gives an
                // empty good version first: when what it writes then is broken,
                // the version kept on the board is the last that held records,
                // not that empty moment.
                if slot
                    .good
                    .as_ref()
                    .is_some_and(|good| good.record_count() == 0)
                {
                    if let Some(held) = slot.last_held.clone() {
                        slot.good = Some(held);
                        slot.good_modified = slot.last_held_modified;
                    }
                }
            }
        }
        previous
    }

    /// What [`Store::apply`] would return as the previous records of `path`:
    /// its good version, or the last one that held records when it is empty.
    pub fn previous(&self, path: &Path) -> Option<Arc<FileRecords>> {
        self.files.get(path).and_then(Slot::previous)
    }

    /// Forgets a file that no longer exists; its records leave the board.
    pub fn remove(&mut self, path: &Path) -> Option<Arc<FileRecords>> {
        self.files.remove(path).and_then(|slot| slot.good)
    }

    /// The paths the store knows, in path order.
    pub fn paths(&self) -> impl Iterator<Item = &Path> {
        self.files.keys().map(PathBuf::as_path)
    }

    /// When a file was last modified, as read with its current version.
    pub fn modified(&self, path: &Path) -> Option<SystemTime> {
        self.files.get(path).and_then(|slot| slot.modified)
    }

    /// The good records of one file, if it ever parsed.
    pub fn good(&self, path: &Path) -> Option<&Arc<FileRecords>> {
        self.files.get(path).and_then(|slot| slot.good.as_ref())
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// Files whose latest version has an error (so the board shows their last
    /// good version, or nothing of them), by display name, with the time that
    /// version was saved: since when each is broken.
    pub fn broken(&self) -> Vec<(Arc<str>, Option<SystemTime>)> {
        self.files
            .values()
            .filter(|slot| slot.problems.iter().any(Problem::is_error))
            .map(|slot| (slot.display.clone(), slot.modified))
            .collect()
    }

    /// Files whose latest version has an error while their last good version
    /// is on the board: display name, when that good version was saved, and
    /// which kinds of record it holds (the panes that show a kept copy).
    pub fn kept_copies(&self) -> Vec<KeptCopy> {
        self.files
            .values()
            .filter(|slot| slot.problems.iter().any(Problem::is_error))
            .filter_map(|slot| {
                let good = slot.good.as_ref()?;
                Some(KeptCopy {
                    display: slot.display.clone(),
                    saved: slot.good_modified,
                    kinds: [
                        !good.events.is_empty(),
                        !good.issues.is_empty(),
                        !good.strikes.is_empty(),
                    ],
                })
            })
            .collect()
    }

    /// Joins every file's last good version into one board, as of `now`
    /// (see [`super::merge`]).
    pub fn merge(&self, now: DateTime<Utc>) -> Board {
        super::merge::merge(&self.files, now)
    }
}

/// `32 records (3 events, 29 strikes)`.
fn held_count(records: &FileRecords) -> String {
    let parts: Vec<String> = [
        (records.events.len(), "event"),
        (records.issues.len(), "issue"),
        (records.strikes.len(), "strike"),
    ]
    .iter()
    .filter(|(n, _)| *n > 0)
    .map(|(n, kind)| format!("{n} {kind}{}", if *n == 1 { "" } else { "s" }))
    .collect();
    let total = records.record_count();
    let plural = if total == 1 { "" } else { "s" };
    if parts.len() == 1 {
        parts[0].clone()
    } else {
        format!("{total} record{plural} ({})", parts.join(", "))
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
    fn duplicates_across_many_files_are_found_with_or_without_kept_hashes() {
        let strike = |id: &str| STRIKE_A.replace("S-1", id);
        let texts: Vec<(String, String)> = (0..6)
            .map(|i| (format!("f{i}.toml"), strike(&format!("S-{i}"))))
            .chain([("g.toml".to_string(), strike("S-3"))])
            .collect();
        for keep in [true, false] {
            let mut store = Store::new();
            for (name, text) in &texts {
                let display: Arc<str> = Arc::from(name.as_str());
                let mut parsed = parse_str(&display, text);
                if let Ok(records) = &mut parsed {
                    assert!(records.id_hashes.is_some(), "the parse keeps them");
                    if !keep {
                        records.id_hashes = None;
                    }
                }
                store.apply(Path::new(name), display, parsed, None);
            }
            let board = store.merge(now());
            assert_eq!(board.strikes.len(), 6, "keep: {keep}");
            assert_eq!(
                messages(&board),
                vec![
                    "g.toml:1:1: error: strike \"S-3\": duplicate strike id \"S-3\"; it is already used at f3.toml:1:1"
                ],
                "keep: {keep}"
            );
            // Without a shared id, nothing is reported either way.
            let mut store = Store::new();
            for (name, text) in &texts[..6] {
                let display: Arc<str> = Arc::from(name.as_str());
                let mut parsed = parse_str(&display, text);
                if let (Ok(records), false) = (&mut parsed, keep) {
                    records.id_hashes = None;
                }
                store.apply(Path::new(name), display, parsed, None);
            }
            assert!(messages(&store.merge(now())).is_empty());
        }
    }

    #[test]
    fn ids_shared_across_kinds_or_with_a_rejected_file_are_no_duplicates() {
        // The same id on an event and a strike in two files: two kinds, fine.
        let event = "[[event]]\nid = \"S-1\"\ntitle = \"Talks\"\nstart = 2026-01-22\n";
        let board = store(&[("a.toml", STRIKE_A), ("b.toml", event)]).merge(now());
        assert!(messages(&board).is_empty(), "{:?}", messages(&board));
        assert_eq!((board.events.len(), board.strikes.len()), (1, 1));
        // b.toml is rejected for its duplicate; c.toml repeats b's other id,
        // which never reached the board, so c.toml is accepted.
        let b = STRIKE_A.to_string()
            + "[[strike]]\nid = \"S-2\"\ntime = 2026-01-20T04:30:00+02:00\noblast = \"Kyiv\"\ntarget = \"substation\"\n";
        let c = STRIKE_A.replace("S-1", "S-2");
        let board = store(&[("a.toml", STRIKE_A), ("b.toml", &b), ("c.toml", &c)]).merge(now());
        let all = messages(&board);
        assert_eq!(all.len(), 1, "{all:?}");
        assert!(all[0].starts_with("b.toml:1:1: error"), "{all:?}");
        let ids: Vec<&str> = board.strikes.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(ids, ["S-1", "S-2"]);
    }

    #[test]
    fn a_broken_save_after_an_empty_moment_keeps_the_records_held_before() {
        use std::time::{Duration, UNIX_EPOCH};
        let name: Arc<str> = Arc::from("s.toml");
        let path = Path::new("s.toml");
        let at = |s: u64| Some(UNIX_EPOCH + Duration::from_secs(s));
        let mut store = Store::new();
        store.apply(path, name.clone(), parse_str(&name, STRIKE_A), at(10));
        // The editor empties the file, then writes it whole, broken.
        store.apply(path, name.clone(), parse_str(&name, ""), at(20));
        assert!(store.merge(now()).strikes.is_empty());
        let broken = STRIKE_A.replace("substation", "nonsense");
        store.apply(path, name.clone(), parse_str(&name, &broken), at(30));
        let board = store.merge(now());
        assert_eq!(board.strikes.len(), 1, "{:?}", messages(&board));
        let kept = store.kept_copies();
        assert_eq!(kept.len(), 1);
        assert_eq!(kept[0].saved, at(10));
        // A later good save replaces the kept copy as usual.
        store.apply(path, name.clone(), parse_str(&name, ""), at(40));
        assert!(store.merge(now()).strikes.is_empty());
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
