//! Reading and parsing files off the interface thread: the first load of the
//! board, every debounced change, and `r` (reload everything).
//!
//! ```text
//!  runtime ──Job::All / Job::Changes──► worker thread ──► read + parse (several files at once)
//!     ▲                                      │
//!     └──── Report::Progress … Report::Files ┘   (only the files that changed)
//! ```
//!
//! A long job hands its files over in parts as they are read (`more: true`),
//! so the small files of a board are on screen while a large one is still
//! being parsed; its last part (`more: false`) says the job is done.
//!
//! Jobs that queue up while the worker is busy are merged into one, so a burst
//! of saves during a long load costs one more pass over the changed files, not
//! one per save. The worker knows which files are on the board, so a file that
//! leaves discovery (deleted, renamed to a hidden name) is reported as removed.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, Sender};
use std::thread;
use std::time::{Duration, Instant, SystemTime};

use rayon::prelude::*;

use crate::clock::Clock;
use crate::load::{FileUpdate, LoadedFile, Merged, Parsed, Source, Store};
use crate::watch::ChangeSet;

/// The loader's functions, passed in so this module holds only the scheduling
/// (and its tests can count what is read).
#[derive(Clone, Copy)]
pub struct Loader {
    /// Every data file under the roots, in path order; an error names a root
    /// that cannot be read.
    pub discover: fn(&[PathBuf]) -> Result<Vec<Source>, String>,
    /// Reads and parses one file: its records or problems, and its modification time.
    pub read: fn(&Source) -> (Parsed, Option<SystemTime>),
}

/// What to do next.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Job {
    /// Discover and read every file (the first load, and `r`).
    All,
    /// Read these files again and drop those.
    Changes(ChangeSet),
}

/// What the worker reports.
#[derive(Debug)]
pub enum Report {
    /// How far a long load has come (files and bytes).
    Progress {
        done: usize,
        total: usize,
        bytes_done: u64,
        bytes_total: u64,
    },
    /// Files read (good or with problems) and files gone; `more` while files
    /// of the same job follow in another report (the last one carries the
    /// removed files).
    Files(FileUpdate),
    /// A root could not be read during a full reload (the message says which).
    Failed(String),
}

/// Progress is worth showing only for loads that take a moment.
const PROGRESS_FROM_BYTES: u64 = 1 << 20;
/// Progress reports are spaced at least this far apart (each one is a frame).
const PROGRESS_EVERY: Duration = Duration::from_millis(100);
/// Files read are handed over before the job ends when at least this much is
/// still to read (a long wait: the small files of a board should not wait for
/// its 47 MB one); a short rest is not worth another merge of the board.
const PART_WHEN_BYTES_LEFT: u64 = 1 << 20;

/// The worker; dropping it lets the thread end after the job in hand.
pub struct Reloader {
    jobs: Sender<Job>,
}

impl Reloader {
    /// Starts the worker on `roots` and gives it `first` to do at once. With a
    /// clock, the worker keeps its own copy of the store and hands every update
    /// over with the store and board merged as of that clock's now, and its
    /// strikes placed on the built-in map while `map_shown` is set.
    pub fn spawn(
        roots: Vec<PathBuf>,
        loader: Loader,
        first: Job,
        merge_with: Option<Clock>,
        map_shown: Arc<AtomicBool>,
        sink: impl FnMut(Report) + Send + 'static,
    ) -> std::io::Result<Reloader> {
        let (jobs, queue) = mpsc::channel();
        let _ = jobs.send(first);
        let worker = Worker {
            roots,
            loader,
            known: BTreeMap::new(),
            sink: Box::new(sink),
            mirror: merge_with.map(|clock| (Store::new(), clock)),
            placed: None,
            map_shown,
        };
        thread::Builder::new()
            .name("reload".into())
            .spawn(move || worker.run(&queue))?;
        Ok(Reloader { jobs })
    }

    /// Queues a job; it is merged with any others still waiting.
    pub fn submit(&self, job: Job) {
        let _ = self.jobs.send(job);
    }
}

struct Worker {
    roots: Vec<PathBuf>,
    loader: Loader,
    /// The files on the board (as last reported), by path.
    known: BTreeMap<PathBuf, Source>,
    sink: Box<dyn FnMut(Report) + Send>,
    /// The store as the interface will have it after each update, and the
    /// clock to merge it by.
    mirror: Option<(Store, Clock)>,
    /// The strikes of the last board handed over, placed on the built-in
    /// map (kept while the boards after it hold the same strikes).
    placed: Option<crate::load::facts::Placed>,
    /// Whether the interface shows the map: the strikes are placed only
    /// then (placed for every board, they would hold 40 bytes a strike).
    map_shown: Arc<AtomicBool>,
}

impl Worker {
    /// Hands an update over, with the store and board merged when the worker
    /// keeps a copy of the store.
    fn hand_over(&mut self, mut update: FileUpdate) {
        if let Some((store, clock)) = &mut self.mirror {
            let mut merged = Merged::after(store, &update, clock.now());
            // Not in the parts of a long load: each would place every strike
            // read so far again, competing with the parsing for the cores.
            if !self.map_shown.load(Ordering::Relaxed) {
                self.placed = None;
            } else if !update.more {
                merged.place_strikes(&mut self.placed);
            }
            update.merged = Some(Box::new(merged));
        }
        (self.sink)(Report::Files(update));
    }

    fn run(mut self, queue: &Receiver<Job>) {
        while let Ok(job) = queue.recv() {
            let job = queue.try_iter().fold(job, merge);
            self.execute(job);
        }
    }

    fn execute(&mut self, job: Job) {
        let (to_read, removed, full) = match job {
            Job::All => match (self.loader.discover)(&self.roots) {
                Ok(found) => {
                    let now: BTreeSet<&PathBuf> = found.iter().map(|f| &f.path).collect();
                    let removed = self
                        .known
                        .keys()
                        .filter(|p| !now.contains(p))
                        .cloned()
                        .collect();
                    (found, removed, true)
                }
                Err(message) => return (self.sink)(Report::Failed(message)),
            },
            Job::Changes(set) => {
                let to_read = self.resolve(&set.changed);
                (to_read, set.removed, false)
            }
        };
        for path in &removed {
            self.known.remove(path);
        }
        for found in &to_read {
            self.known.insert(found.path.clone(), found.clone());
        }
        let (loaded, parts) = self.read_all(to_read, full);
        if full || parts > 0 || !loaded.is_empty() || !removed.is_empty() {
            self.hand_over(FileUpdate::complete(loaded, removed));
        }
    }

    /// The discovery entries for changed paths. A path the board does not know
    /// yet (a new file) is looked up by discovering again, so it gets the same
    /// display name a full load would give it.
    fn resolve(&self, paths: &[PathBuf]) -> Vec<Source> {
        let mut fresh: Option<BTreeMap<PathBuf, Source>> = None;
        let mut out = Vec::new();
        for path in paths {
            if let Some(found) = self.known.get(path) {
                out.push(found.clone());
                continue;
            }
            let all = fresh.get_or_insert_with(|| {
                (self.loader.discover)(&self.roots)
                    .map(|found| found.into_iter().map(|f| (f.path.clone(), f)).collect())
                    .unwrap_or_default()
            });
            // A path seen by the watcher but not by discovery (gone again
            // already, or not a data file after all) has nothing to read.
            if let Some(found) = all.get(path) {
                out.push(found.clone());
            }
        }
        out
    }

    /// Reads the files, several at once, reporting progress for long loads and
    /// handing over what is read in parts while much is still to read. Returns
    /// the files not yet handed over and how many parts were.
    fn read_all(&mut self, files: Vec<Source>, full: bool) -> (Vec<LoadedFile>, usize) {
        // Largest first: the big file starts at once and the small ones fill the
        // other threads meanwhile (path order would leave it for last).
        let mut sized: Vec<(Source, u64)> = files
            .into_iter()
            .map(|f| {
                let size = file_size(&f.path);
                (f, size)
            })
            .collect();
        sized.sort_by_key(|(_, size)| std::cmp::Reverse(*size));
        let (files, sizes): (Vec<Source>, Vec<u64>) = sized.into_iter().unzip();
        let bytes_total: u64 = sizes.iter().sum();
        let total = files.len();
        let show_progress = full || bytes_total >= PROGRESS_FROM_BYTES;
        if show_progress {
            (self.sink)(Report::Progress {
                done: 0,
                total,
                bytes_done: 0,
                bytes_total,
            });
        }
        let read = self.loader.read;
        let (done_tx, done_rx) = mpsc::channel::<(LoadedFile, u64)>();
        thread::scope(|scope| {
            let reading = scope.spawn(move || {
                files
                    .into_par_iter()
                    .zip(sizes)
                    .for_each_with(done_tx, |done, (found, size)| {
                        let (parsed, modified) = crate::term::contain_panics(|| read(&found))
                            .unwrap_or_else(|why| (Err(vec![internal_error(&found, &why)]), None));
                        let file = LoadedFile {
                            path: found.path,
                            display: found.display,
                            parsed,
                            modified,
                        };
                        let _ = done.send((file, size));
                    });
                crate::load::release_spares();
            });
            let (mut done, mut bytes_done) = (0usize, 0u64);
            let mut ready: Vec<LoadedFile> = Vec::new();
            let mut parts = 0;
            let mut last_progress = Instant::now();
            while let Ok(first) = done_rx.recv() {
                // Everything else that is already read joins it.
                for (file, size) in std::iter::once(first).chain(done_rx.try_iter()) {
                    done += 1;
                    bytes_done += size;
                    ready.push(file);
                }
                let long_wait = bytes_total.saturating_sub(bytes_done) >= PART_WHEN_BYTES_LEFT;
                let progress_due = show_progress
                    && done < total
                    && (long_wait || last_progress.elapsed() >= PROGRESS_EVERY);
                if progress_due {
                    // Before a part, so the header counts its files too.
                    last_progress = Instant::now();
                    (self.sink)(Report::Progress {
                        done,
                        total,
                        bytes_done,
                        bytes_total,
                    });
                }
                if long_wait {
                    // The interface takes parts that queue up behind a busy
                    // frame together, so one per file costs no extra merges.
                    ready.sort_by(|a, b| a.path.cmp(&b.path));
                    self.hand_over(FileUpdate {
                        more: true,
                        ..FileUpdate::complete(std::mem::take(&mut ready), Vec::new())
                    });
                    parts += 1;
                }
            }
            // A panic in there is already an error on its file (contain_panics);
            // joining keeps anything else from ending the worker.
            let _ = reading.join();
            ready.sort_by(|a, b| a.path.cmp(&b.path));
            (ready, parts)
        })
    }
}

/// Two waiting jobs as one: a full load covers everything; changes add up (a
/// file changed after it was removed is read, one removed after a change is dropped).
fn merge(first: Job, next: Job) -> Job {
    match (first, next) {
        (Job::All, _) | (_, Job::All) => Job::All,
        (Job::Changes(mut a), Job::Changes(b)) => {
            let mut changed: BTreeSet<PathBuf> = a.changed.drain(..).collect();
            let mut removed: BTreeSet<PathBuf> = a.removed.drain(..).collect();
            for path in b.removed {
                changed.remove(&path);
                removed.insert(path);
            }
            for path in b.changed {
                removed.remove(&path);
                changed.insert(path);
            }
            Job::Changes(ChangeSet {
                changed: changed.into_iter().collect(),
                removed: removed.into_iter().collect(),
            })
        }
    }
}

/// A file that made the loader panic: an error on the file (so its last good
/// version stays on the board), not the end of the board.
fn internal_error(found: &Source, why: &str) -> crate::load::Problem {
    let at = crate::model::SourcePos { line: 1, col: 1 };
    crate::load::Problem::error(
        &found.display,
        at,
        format!(
            "sitboard failed while reading this file (internal error: {why}); please report it"
        ),
    )
}

fn file_size(path: &Path) -> u64 {
    std::fs::metadata(path).map_or(0, |m| m.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::FileRecords;
    use std::sync::Mutex;
    use std::sync::atomic::{AtomicUsize, Ordering};

    // The fakes are plain fns (the Loader holds fn pointers), so they share
    // state through statics; each test uses its own directory under them.
    static READS: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());
    static DISCOVERIES: AtomicUsize = AtomicUsize::new(0);

    fn fake_discover(roots: &[PathBuf]) -> Result<Vec<Source>, String> {
        DISCOVERIES.fetch_add(1, Ordering::SeqCst);
        let mut out = Vec::new();
        for root in roots {
            let entries =
                std::fs::read_dir(root).map_err(|e| format!("{}: {e}", root.display()))?;
            for entry in entries.flatten() {
                let path = entry.path();
                let display: std::sync::Arc<str> = entry.file_name().to_string_lossy().into();
                out.push(Source { path, display });
            }
        }
        out.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(out)
    }

    fn fake_read(found: &Source) -> (Parsed, Option<SystemTime>) {
        READS
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .push(found.path.clone());
        (Ok(FileRecords::default()), None)
    }

    const LOADER: Loader = Loader {
        discover: fake_discover,
        read: fake_read,
    };

    /// A worker on `dir` doing a first full load, its reports on a channel.
    fn spawn_on(
        dir: &Path,
        loader: Loader,
        merge_with: Option<Clock>,
    ) -> (Reloader, Receiver<Report>) {
        spawn_showing(dir, loader, merge_with, Arc::default())
    }

    /// [`spawn_on`], the map shown while `map_shown` is set.
    fn spawn_showing(
        dir: &Path,
        loader: Loader,
        merge_with: Option<Clock>,
        map_shown: Arc<AtomicBool>,
    ) -> (Reloader, Receiver<Report>) {
        let (tx, rx) = mpsc::channel();
        let reloader = Reloader::spawn(
            vec![dir.to_path_buf()],
            loader,
            Job::All,
            merge_with,
            map_shown,
            move |r| {
                let _ = tx.send(r);
            },
        )
        .expect("spawn");
        (reloader, rx)
    }

    fn reads_under(dir: &Path) -> Vec<PathBuf> {
        let reads = READS
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let mut mine: Vec<PathBuf> = reads
            .iter()
            .filter(|p| p.starts_with(dir))
            .cloned()
            .collect();
        mine.sort();
        mine
    }

    fn next_files(rx: &Receiver<Report>) -> (Vec<PathBuf>, Vec<PathBuf>) {
        loop {
            match rx.recv_timeout(Duration::from_secs(10)) {
                Ok(Report::Files(FileUpdate {
                    loaded,
                    removed,
                    more: false,
                    ..
                })) => {
                    return (loaded.into_iter().map(|f| f.path).collect(), removed);
                }
                Ok(_) => {}
                Err(err) => panic!("the worker reported no files: {err}"),
            }
        }
    }

    /// With a clock, every update comes with the worker's copy of the store
    /// and the board merged from it: the same as a store that took the same
    /// updates in turn.
    #[test]
    fn a_merging_worker_hands_over_the_store_and_board_the_interface_would_merge() {
        let dir = tempfile::tempdir().expect("temp dir");
        let strike = |id: &str| {
            format!(
                "[[strike]]\nid = \"{id}\"\ntime = 2026-01-20\noblast = \"Kyiv\"\ntarget = \"chp\"\n"
            )
        };
        std::fs::write(dir.path().join("a.toml"), strike("S-1")).expect("write");
        std::fs::write(dir.path().join("b.toml"), strike("S-2")).expect("write");
        let now = chrono::DateTime::parse_from_rfc3339("2026-02-01T00:00:00Z")
            .expect("time")
            .to_utc();
        let loader = Loader {
            discover: fake_discover,
            read: crate::load::read_source,
        };
        let (reloader, rx) = spawn_on(dir.path(), loader, Some(Clock::Frozen(now)));
        let mut interface = Store::new();
        let next = |interface: &mut Store| loop {
            match rx.recv_timeout(Duration::from_secs(10)) {
                Ok(Report::Files(update)) => {
                    for file in update.loaded {
                        interface.apply(&file.path, file.display, file.parsed, file.modified);
                    }
                    for path in &update.removed {
                        interface.remove(path);
                    }
                    return update.merged.expect("merged by the worker");
                }
                Ok(_) => {}
                Err(err) => panic!("the worker reported no files: {err}"),
            }
        };
        let ids = |board: &crate::model::Board| -> Vec<String> {
            board.strikes.iter().map(|s| s.id.to_string()).collect()
        };
        let merged = next(&mut interface);
        assert_eq!(merged.now, now);
        assert_eq!(ids(&merged.board), ids(&interface.merge(now)));
        assert_eq!(ids(&merged.board).len(), 2);

        // A change, then a duplicate id across files (the second file is
        // rejected by the merge), then a file gone.
        std::fs::write(dir.path().join("b.toml"), strike("S-1")).expect("write");
        reloader.submit(Job::Changes(ChangeSet {
            changed: vec![dir.path().join("b.toml")],
            removed: Vec::new(),
        }));
        let merged = next(&mut interface);
        assert_eq!(ids(&merged.board), ["S-1"]);
        assert_eq!(
            merged.board.problem_count,
            interface.merge(now).problem_count
        );
        assert_eq!(merged.board.problem_count.errors, 1);
        std::fs::remove_file(dir.path().join("a.toml")).expect("remove");
        reloader.submit(Job::Changes(ChangeSet {
            changed: Vec::new(),
            removed: vec![dir.path().join("a.toml")],
        }));
        let merged = next(&mut interface);
        assert_eq!(ids(&merged.board), ["S-1"]);
        assert_eq!(merged.board.problem_count.errors, 0);
        let paths = |store: &Store| store.paths().map(Path::to_path_buf).collect::<Vec<_>>();
        assert_eq!(paths(&merged.store), paths(&interface));
    }

    /// The worker places the strikes on the built-in map only while the map
    /// is shown, and again only when the strikes changed.
    #[test]
    fn strikes_are_placed_while_the_map_is_shown() {
        let dir = tempfile::tempdir().expect("temp dir");
        let strikes = |n: usize| {
            let one = |i| {
                format!(
                    "[[strike]]\nid = \"S-{i}\"\ntime = 2026-01-20\noblast = \"Kyiv\"\ntarget = \"chp\"\n"
                )
            };
            (0..n).map(one).collect::<Vec<_>>().concat()
        };
        let issue = |title: &str| {
            format!("[[issue]]\nid = \"t\"\ntitle = \"{title}\"\nstatus = \"open\"\n")
        };
        std::fs::write(dir.path().join("a.toml"), strikes(2)).expect("write");
        std::fs::write(dir.path().join("b.toml"), issue("One")).expect("write");
        let loader = Loader {
            discover: fake_discover,
            read: crate::load::read_source,
        };
        let shown = Arc::new(AtomicBool::new(false));
        let now = chrono::DateTime::parse_from_rfc3339("2026-02-01T00:00:00Z")
            .expect("time")
            .to_utc();
        let (reloader, rx) = spawn_showing(
            dir.path(),
            loader,
            Some(Clock::Frozen(now)),
            Arc::clone(&shown),
        );
        let next = || loop {
            match rx.recv_timeout(Duration::from_secs(10)) {
                Ok(Report::Files(update)) => return update.merged.expect("merged").strike_facts,
                Ok(_) => {}
                Err(err) => panic!("the worker reported no files: {err}"),
            }
        };
        let change = |name: &str, text: String| {
            std::fs::write(dir.path().join(name), text).expect("write");
            reloader.submit(Job::Changes(ChangeSet {
                changed: vec![dir.path().join(name)],
                removed: Vec::new(),
            }));
        };
        assert!(next().is_none(), "the map is not shown");
        shown.store(true, Ordering::Relaxed);
        change("a.toml", strikes(3));
        let placed = next().expect("placed while the map is shown");
        assert_eq!(placed.len(), 3);
        change("b.toml", issue("Two"));
        let kept = next().expect("still placed");
        assert!(
            Arc::ptr_eq(&kept, &placed),
            "no strike changed: the same facts"
        );
        // A strike at a local time without a zone is read in the board's
        // zone: another zone in board.toml moves it, though no file with
        // strikes changed.
        change(
            "a.toml",
            "[[strike]]\nid = \"S-L\"\ntime = 2026-01-20T04:30:00\noblast = \"Kyiv\"\ntarget = \"chp\"\n"
                .to_string(),
        );
        let local = next().expect("placed");
        change(
            "c.toml",
            "[board]\ndefault_tz = \"Europe/Kyiv\"\n".to_string(),
        );
        let rezoned = next().expect("placed");
        assert_eq!(
            local[0].at - rezoned[0].at,
            2 * 3600,
            "04:30 in Kyiv is 02:30 UTC"
        );
        shown.store(false, Ordering::Relaxed);
        change("a.toml", strikes(4));
        assert!(next().is_none(), "the map is hidden again");
    }

    #[test]
    fn first_load_reads_everything_then_only_what_changed() {
        let dir = tempfile::tempdir().expect("temp dir");
        for name in ["a.toml", "b.toml", "c.toml"] {
            std::fs::write(dir.path().join(name), "x").expect("write");
        }
        let (reloader, rx) = spawn_on(dir.path(), LOADER, None);
        let (loaded, removed) = next_files(&rx);
        assert_eq!(loaded.len(), 3);
        assert!(removed.is_empty());

        // One file changed: only it is read again.
        let b = dir.path().join("b.toml");
        reloader.submit(Job::Changes(ChangeSet {
            changed: vec![b.clone()],
            removed: vec![],
        }));
        let (loaded, _) = next_files(&rx);
        assert_eq!(loaded, vec![b.clone()]);
        assert_eq!(
            reads_under(dir.path()).iter().filter(|p| **p == b).count(),
            2
        );
        assert_eq!(reads_under(dir.path()).len(), 4);

        // A new file is found and read; a deleted one is reported removed.
        let d = dir.path().join("d.toml");
        std::fs::write(&d, "x").expect("write");
        let a = dir.path().join("a.toml");
        std::fs::remove_file(&a).expect("remove");
        reloader.submit(Job::Changes(ChangeSet {
            changed: vec![d.clone()],
            removed: vec![a.clone()],
        }));
        let (loaded, removed) = next_files(&rx);
        assert_eq!(loaded, vec![d]);
        assert_eq!(removed, vec![a.clone()]);

        // `r`: everything again, and nothing removed twice.
        reloader.submit(Job::All);
        let (loaded, removed) = next_files(&rx);
        assert_eq!(loaded.len(), 3);
        assert!(removed.is_empty(), "{removed:?}");
    }

    #[test]
    fn a_full_reload_reports_files_that_disappeared() {
        let dir = tempfile::tempdir().expect("temp dir");
        let gone = dir.path().join("gone.toml");
        std::fs::write(&gone, "x").expect("write");
        std::fs::write(dir.path().join("kept.toml"), "x").expect("write");
        let (reloader, rx) = spawn_on(dir.path(), LOADER, None);
        next_files(&rx);
        std::fs::remove_file(&gone).expect("remove");
        reloader.submit(Job::All);
        let (loaded, removed) = next_files(&rx);
        assert_eq!(loaded.len(), 1);
        assert_eq!(removed, vec![gone]);
    }

    fn panicking_read(_: &Source) -> (Parsed, Option<SystemTime>) {
        panic!("the parser tripped over something");
    }

    #[test]
    fn a_loader_panic_is_an_error_on_that_file_and_the_worker_goes_on() {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(dir.path().join("a.toml"), "x").expect("write");
        let loader = Loader {
            discover: fake_discover,
            read: panicking_read,
        };
        let (reloader, rx) = spawn_on(dir.path(), loader, None);
        for _ in 0..2 {
            let files = loop {
                match rx.recv_timeout(Duration::from_secs(10)) {
                    Ok(Report::Files(FileUpdate { loaded, .. })) => break loaded,
                    Ok(_) => {}
                    Err(err) => panic!("the worker died: {err}"),
                }
            };
            let problems = files[0].parsed.as_ref().expect_err("an error on the file");
            assert!(
                problems[0].message.contains("the parser tripped"),
                "{:?}",
                problems[0]
            );
            reloader.submit(Job::All);
        }
    }

    static BIG_RELEASED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

    /// Reads `big.toml` only once the test lets it (at most 10 s), so the
    /// small files are certainly read first.
    fn held_read(found: &Source) -> (Parsed, Option<SystemTime>) {
        if found.path.ends_with("big.toml") {
            let give_up = Instant::now() + Duration::from_secs(10);
            while !BIG_RELEASED.load(Ordering::SeqCst) && Instant::now() < give_up {
                thread::sleep(Duration::from_millis(5));
            }
        }
        (Ok(FileRecords::default()), None)
    }

    fn names(files: &[LoadedFile]) -> Vec<String> {
        files
            .iter()
            .map(|f| f.display.to_string())
            .collect::<Vec<_>>()
    }

    #[test]
    fn small_files_are_handed_over_while_a_big_one_is_still_read() {
        if rayon::current_num_threads() < 2 {
            // One reading thread reads the big file first and alone.
            eprintln!("skipped: needs at least two rayon threads");
            return;
        }
        let dir = tempfile::tempdir().expect("temp dir");
        let big = std::fs::File::create(dir.path().join("big.toml")).expect("create");
        big.set_len(2 * PART_WHEN_BYTES_LEFT).expect("grow");
        for name in ["a.toml", "c.toml"] {
            std::fs::write(dir.path().join(name), "x").expect("write");
        }
        let loader = Loader {
            discover: fake_discover,
            read: held_read,
        };
        let (reloader, rx) = spawn_on(dir.path(), loader, None);
        let next = || loop {
            match rx.recv_timeout(Duration::from_secs(10)) {
                Ok(Report::Files(FileUpdate {
                    loaded,
                    removed,
                    more,
                    ..
                })) => return (names(&loaded), removed, more),
                Ok(_) => {}
                Err(err) => panic!("the worker reported no files: {err}"),
            }
        };
        // The small files arrive in parts (one or two) while big.toml is held.
        let mut early = Vec::new();
        while early.len() < 2 {
            let (loaded, removed, more) = next();
            assert!(more, "a part before the end: {loaded:?}");
            assert!(removed.is_empty());
            early.extend(loaded);
        }
        early.sort();
        assert_eq!(early, vec!["a.toml", "c.toml"]);
        BIG_RELEASED.store(true, Ordering::SeqCst);
        let (loaded, _, more) = next();
        assert_eq!(loaded, vec!["big.toml"]);
        assert!(!more, "the last part ends the load");

        // A short job is one report, as before.
        reloader.submit(Job::Changes(ChangeSet {
            changed: vec![dir.path().join("a.toml")],
            removed: vec![],
        }));
        assert_eq!(next(), (vec!["a.toml".to_string()], vec![], false));
    }

    #[test]
    fn waiting_jobs_merge_into_one() {
        let set = |changed: &[&str], removed: &[&str]| {
            Job::Changes(ChangeSet {
                changed: changed.iter().map(PathBuf::from).collect(),
                removed: removed.iter().map(PathBuf::from).collect(),
            })
        };
        assert_eq!(
            merge(set(&["a"], &[]), set(&["b"], &["c"])),
            set(&["a", "b"], &["c"])
        );
        // Removed and then made again: read it.
        assert_eq!(merge(set(&[], &["a"]), set(&["a"], &[])), set(&["a"], &[]));
        // Changed and then removed: drop it.
        assert_eq!(merge(set(&["a"], &[]), set(&[], &["a"])), set(&[], &["a"]));
        assert_eq!(merge(set(&["a"], &[]), Job::All), Job::All);
    }
}
