//! Reading and parsing files off the interface thread: the first load of the
//! board, every debounced change, and `r` (reload everything).
//!
//! ```text
//!  runtime ──Job::All / Job::Changes──► worker thread ──► read + parse (several files at once)
//!     ▲                                      │
//!     └──── Report::Progress … Report::Files ┘   (only the files that changed)
//! ```
//!
//! Jobs that queue up while the worker is busy are merged into one, so a burst
//! of saves during a long load costs one more pass over the changed files, not
//! one per save. The worker knows which files are on the board, so a file that
//! leaves discovery (deleted, renamed to a hidden name) is reported as removed.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, Sender};
use std::thread;
use std::time::{Duration, Instant, SystemTime};

use rayon::prelude::*;

use crate::load::{Parsed, Source};
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

/// One file read: what the App applies to its store.
#[derive(Debug)]
pub struct LoadedFile {
    pub path: PathBuf,
    pub display: Arc<str>,
    pub parsed: Parsed,
    pub modified: Option<SystemTime>,
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
    /// Files read (good or with problems) and files gone.
    Files {
        loaded: Vec<LoadedFile>,
        removed: Vec<PathBuf>,
    },
    /// A root could not be read during a full reload (the message says which).
    Failed(String),
}

/// Progress is worth showing only for loads that take a moment.
const PROGRESS_FROM_BYTES: u64 = 1 << 20;
/// Progress reports are spaced at least this far apart (each one is a frame).
const PROGRESS_EVERY: Duration = Duration::from_millis(100);

/// The worker; dropping it lets the thread end after the job in hand.
pub struct Reloader {
    jobs: Sender<Job>,
}

impl Reloader {
    /// Starts the worker on `roots` and gives it `first` to do at once.
    pub fn spawn(
        roots: Vec<PathBuf>,
        loader: Loader,
        first: Job,
        sink: impl FnMut(Report) + Send + 'static,
    ) -> std::io::Result<Reloader> {
        let (jobs, queue) = mpsc::channel();
        let _ = jobs.send(first);
        let worker = Worker {
            roots,
            loader,
            known: BTreeMap::new(),
            sink: Box::new(sink),
        };
        thread::Builder::new()
            .name("reload".into())
            .spawn(move || worker.run(queue))?;
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
}

impl Worker {
    fn run(mut self, queue: Receiver<Job>) {
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
        let loaded = self.read_all(to_read, full);
        if full || !loaded.is_empty() || !removed.is_empty() {
            (self.sink)(Report::Files { loaded, removed });
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

    /// Reads the files, several at once, reporting progress for long loads.
    fn read_all(&mut self, files: Vec<Source>, full: bool) -> Vec<LoadedFile> {
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
        let (done_tx, done_rx) = mpsc::channel::<u64>();
        let mut loaded = thread::scope(|scope| {
            let reading = scope.spawn(move || {
                files
                    .into_par_iter()
                    .zip(sizes)
                    .map_with(done_tx, |done, (found, size)| {
                        let (parsed, modified) = crate::term::contain_panics(|| read(&found))
                            .unwrap_or_else(|why| (Err(vec![internal_error(&found, &why)]), None));
                        let _ = done.send(size);
                        LoadedFile {
                            path: found.path,
                            display: found.display,
                            parsed,
                            modified,
                        }
                    })
                    .collect::<Vec<_>>()
            });
            let (mut done, mut bytes_done) = (0usize, 0u64);
            let mut last = Instant::now();
            for size in done_rx {
                done += 1;
                bytes_done += size;
                if show_progress && done < total && last.elapsed() >= PROGRESS_EVERY {
                    last = Instant::now();
                    (self.sink)(Report::Progress {
                        done,
                        total,
                        bytes_done,
                        bytes_total,
                    });
                }
            }
            reading.join().unwrap_or_default()
        });
        loaded.sort_by(|a, b| a.path.cmp(&b.path));
        loaded
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
    std::fs::metadata(path).map(|m| m.len()).unwrap_or(0)
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
                let display: Arc<str> = entry.file_name().to_string_lossy().into();
                out.push(Source { path, display });
            }
        }
        out.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(out)
    }

    fn fake_read(found: &Source) -> (Parsed, Option<SystemTime>) {
        READS
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push(found.path.clone());
        (Ok(FileRecords::default()), None)
    }

    const LOADER: Loader = Loader {
        discover: fake_discover,
        read: fake_read,
    };

    fn reads_under(dir: &Path) -> Vec<PathBuf> {
        let reads = READS.lock().unwrap_or_else(|p| p.into_inner());
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
                Ok(Report::Files { loaded, removed }) => {
                    return (loaded.into_iter().map(|f| f.path).collect(), removed);
                }
                Ok(_) => {}
                Err(_) => panic!("the worker reported no files"),
            }
        }
    }

    #[test]
    fn first_load_reads_everything_then_only_what_changed() {
        let dir = tempfile::tempdir().expect("temp dir");
        for name in ["a.toml", "b.toml", "c.toml"] {
            std::fs::write(dir.path().join(name), "x").expect("write");
        }
        let (tx, rx) = mpsc::channel();
        let reloader =
            Reloader::spawn(vec![dir.path().to_path_buf()], LOADER, Job::All, move |r| {
                let _ = tx.send(r);
            })
            .expect("spawn");
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
        let (tx, rx) = mpsc::channel();
        let reloader =
            Reloader::spawn(vec![dir.path().to_path_buf()], LOADER, Job::All, move |r| {
                let _ = tx.send(r);
            })
            .expect("spawn");
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
        let (tx, rx) = mpsc::channel();
        let reloader =
            Reloader::spawn(vec![dir.path().to_path_buf()], loader, Job::All, move |r| {
                let _ = tx.send(r);
            })
            .expect("spawn");
        for _ in 0..2 {
            let files = loop {
                match rx.recv_timeout(Duration::from_secs(10)) {
                    Ok(Report::Files { loaded, .. }) => break loaded,
                    Ok(_) => {}
                    Err(_) => panic!("the worker died"),
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
