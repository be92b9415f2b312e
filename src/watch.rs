//! Watching the board's files: "these data files changed, these went away".
//!
//! Two sources of truth, one answer:
//!
//! ```text
//!  notify: every visible directory under a PATH,  ─┐
//!          the parent of a file or symlinked PATH  ─┼─► debounce ─► rescan ─► ChangeSet
//!  poll every poll_seconds                         ─┘   (~60 ms)    (stat every data file:
//!                                                                    size, mtime, ctime, inode)
//! ```
//!
//! - Editors save by writing a temp file and renaming it over the original, so
//!   the original's inode is gone after the first save: the directories are
//!   watched, never the files, and event paths are matched against the files.
//! - Every notification only *schedules* a rescan; the rescan stats every data
//!   file (following symlinks) and compares it with the last scan. That is what
//!   catches a Kubernetes `..data` symlink swap, where no event names the file
//!   that changed, and a symlinked root directory pointed somewhere else: the
//!   identity (device, inode) of what the path resolves to changes.
//! - Paths named by an event are reported even when their stamp looks the same
//!   (two saves inside one timestamp tick); reading a file again is cheap and
//!   the App finds out there is nothing new.
//! - NFS and SSHFS never deliver notifications: the poll catches those changes
//!   within `poll_seconds`. `--poll` turns notifications off altogether. When the
//!   OS refuses notifications (the per-user inotify watch or instance limit on a
//!   shared server), the watcher says so once and keeps polling: never a failure.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant, SystemTime};

use notify::{RecommendedWatcher, RecursiveMode, Watcher as _};

use crate::load::discover::{Visible, walk_visible};

/// How the watcher works.
#[derive(Clone, Debug)]
pub struct WatchOptions {
    /// The PATHs of the board: data files and directories, as the user gave them.
    pub roots: Vec<PathBuf>,
    /// How often to compare sizes and times when nothing was notified.
    pub poll_every: Duration,
    /// Use the OS's notifications (false with `--poll`).
    pub notify: bool,
    /// Quiet time after the last event of a burst before rescanning.
    pub debounce: Duration,
    /// Which files under a directory are data files (explicit file roots always are).
    pub is_data_file: fn(&Path) -> bool,
}

impl WatchOptions {
    /// Notifications plus a poll every `poll_every`, with the default debounce.
    pub fn new(roots: Vec<PathBuf>, poll_every: Duration, is_data_file: fn(&Path) -> bool) -> Self {
        WatchOptions {
            roots,
            poll_every,
            notify: true,
            debounce: DEBOUNCE,
            is_data_file,
        }
    }
}

/// Quiet time that ends a burst: editors write, rename and chmod within a few
/// milliseconds; 60 ms keeps a change well inside the 300 ms target.
pub const DEBOUNCE: Duration = Duration::from_millis(60);
/// A burst that never goes quiet is still reported this long after it began.
const DEBOUNCE_CAP: Duration = Duration::from_millis(250);
/// How long a file must stay gone before it counts as deleted (see `State::rescan`).
pub const REMOVAL_GRACE: Duration = Duration::from_millis(250);
/// The poll never runs more often than this, whatever `--poll` says.
pub const MIN_POLL: Duration = Duration::from_millis(100);

/// What the watcher reports.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WatchEvent {
    /// Data files that changed or appeared, and data files that are gone.
    Changed(ChangeSet),
    /// Something an operator should know about how files are watched
    /// (notifications unavailable, polling instead).
    Note(String),
}

/// One debounced batch of changes, each path as discovered under its root.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ChangeSet {
    /// New or modified data files: read these again.
    pub changed: Vec<PathBuf>,
    /// Data files that no longer exist (or no longer count): drop their records.
    pub removed: Vec<PathBuf>,
}

impl ChangeSet {
    pub fn is_empty(&self) -> bool {
        self.changed.is_empty() && self.removed.is_empty()
    }
}

/// A running watcher; dropping it stops its thread.
pub struct Watcher {
    control: Sender<Input>,
    thread: Option<JoinHandle<()>>,
}

impl Drop for Watcher {
    fn drop(&mut self) {
        let _ = self.control.send(Input::Stop);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// What the watcher thread receives.
enum Input {
    /// Paths from one notification.
    Event(Vec<PathBuf>),
    /// The notification backend failed (e.g. the watch limit when a folder was added).
    Failed(notify::Error),
    Stop,
}

/// Starts watching. The first scan happens before this returns, so any change
/// made after it (even while the first load is still reading) is reported.
/// `sink` is called from the watcher's thread.
pub fn spawn(
    options: WatchOptions,
    sink: impl FnMut(WatchEvent) + Send + 'static,
) -> std::io::Result<Watcher> {
    let (control, input) = mpsc::channel();
    let cwd = std::env::current_dir().unwrap_or_default();
    let mut state = State {
        roots: RootForms::all(&options.roots, &cwd),
        cwd,
        snapshot: Snapshot::new(),
        watched: BTreeMap::new(),
        vanished: BTreeMap::new(),
        notifier: None,
        input_sender: control.clone(),
        options,
        sink: Box::new(sink),
        noted_failure: false,
    };
    let first = scan(&state.options.roots, state.options.is_data_file);
    state.snapshot = first.files;
    if state.options.notify {
        state.start_notifications(&first.dirs);
    }
    let thread = thread::Builder::new()
        .name("watch".into())
        .spawn(move || state.run(&input))?;
    Ok(Watcher {
        control,
        thread: Some(thread),
    })
}

/// What a data file looked like at the last scan. Identity (device, inode) is
/// that of the file the path resolves to, so a swapped symlink shows as a change.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Stamp {
    len: u64,
    modified: Option<SystemTime>,
    /// ctime changes on every write and rename and cannot be set back by tools
    /// that restore mtimes (`cp -p`, `rsync -t`, `touch -d`).
    changed: (i64, i64),
    device: u64,
    inode: u64,
}

impl Stamp {
    fn of(meta: &fs::Metadata) -> Stamp {
        use std::os::unix::fs::MetadataExt;
        Stamp {
            len: meta.len(),
            modified: meta.modified().ok(),
            changed: (meta.ctime(), meta.ctime_nsec()),
            device: meta.dev(),
            inode: meta.ino(),
        }
    }
}

type Snapshot = BTreeMap<PathBuf, Stamp>;

struct State {
    options: WatchOptions,
    /// The roots in both forms, and the directory relative roots are under.
    roots: Vec<RootForms>,
    cwd: PathBuf,
    snapshot: Snapshot,
    /// Every directory with a notification watch, and what it resolved to when
    /// the watch was made (path and inode): a symlinked directory pointed
    /// elsewhere, or a directory deleted and made again, is watched again.
    watched: BTreeMap<PathBuf, Option<(PathBuf, u64, u64)>>,
    /// Files found missing, and since when, not yet reported as removed.
    vanished: BTreeMap<PathBuf, Instant>,
    notifier: Option<RecommendedWatcher>,
    input_sender: Sender<Input>,
    sink: Box<dyn FnMut(WatchEvent) + Send>,
    noted_failure: bool,
}

impl State {
    fn run(mut self, input: &Receiver<Input>) {
        let poll_every = self.options.poll_every.max(MIN_POLL);
        let mut next_poll = Instant::now() + poll_every;
        // The burst being collected: when it started, when it goes quiet, and the
        // paths its events named.
        let mut burst: Option<(Instant, Instant)> = None;
        let mut named: BTreeSet<PathBuf> = BTreeSet::new();
        loop {
            let now = Instant::now();
            let mut wake = burst.map_or(next_poll, |(_, quiet)| quiet.min(next_poll));
            if let Some(confirm) = self
                .vanished
                .values()
                .min()
                .map(|since| *since + REMOVAL_GRACE)
            {
                wake = wake.min(confirm);
            }
            match input.recv_timeout(wake.saturating_duration_since(now)) {
                Ok(Input::Event(paths)) => {
                    // The parents of the roots may be busy places (/tmp, $HOME):
                    // only events that can concern the board start a rescan.
                    let paths: Vec<PathBuf> = paths
                        .iter()
                        .filter_map(|p| as_board_path(&self.roots, p, &self.cwd))
                        .collect();
                    if !paths.is_empty() {
                        let now = Instant::now();
                        let (started, _) = burst.unwrap_or((now, now));
                        let quiet = (now + self.options.debounce).min(started + DEBOUNCE_CAP);
                        burst = Some((started, quiet));
                        named.extend(paths);
                    }
                }
                Ok(Input::Failed(err)) => self.note_failure(&err),
                Ok(Input::Stop) | Err(RecvTimeoutError::Disconnected) => return,
                Err(RecvTimeoutError::Timeout) => {}
            }
            // Checked after every message, not only on a timeout: a file written
            // every few milliseconds beside the data (a log) must not keep the
            // rescan from ever coming.
            let now = Instant::now();
            let burst_over = burst.is_some_and(|(_, quiet)| now >= quiet);
            let confirm = self
                .vanished
                .values()
                .any(|since| now >= *since + REMOVAL_GRACE);
            if burst_over || now >= next_poll || confirm {
                self.rescan(&std::mem::take(&mut named));
                burst = None;
                next_poll = Instant::now() + poll_every;
            }
        }
    }

    /// Compares the files now with the last scan and reports the difference.
    ///
    /// A file that vanished is reported removed only once it has stayed away
    /// for [`REMOVAL_GRACE`]: editors that move the old file aside before
    /// writing the new one (vim without `backupcopy`, some sync tools) would
    /// otherwise take its records off the board, and into the change list as
    /// removed and added again, for a moment. Until then it keeps its last
    /// stamp, so its return counts as a change.
    fn rescan(&mut self, named: &BTreeSet<PathBuf>) {
        let mut fresh = scan(&self.options.roots, self.options.is_data_file);
        let mut changes = diff(&self.snapshot, &fresh.files, named);
        let now = Instant::now();
        self.vanished
            .retain(|path, _| !fresh.files.contains_key(path));
        changes.removed.retain(|path| {
            let since = *self.vanished.entry(path.clone()).or_insert(now);
            let confirmed = now.duration_since(since) >= REMOVAL_GRACE;
            if confirmed {
                self.vanished.remove(path);
            } else if let Some(stamp) = self.snapshot.get(path) {
                fresh.files.insert(path.clone(), *stamp);
            }
            confirmed
        });
        self.snapshot = fresh.files;
        self.sync_watches(&fresh.dirs);
        if !changes.is_empty() {
            (self.sink)(WatchEvent::Changed(changes));
        }
    }

    /// Starts the OS's notifications and registers the first watches.
    fn start_notifications(&mut self, dirs: &BTreeSet<PathBuf>) {
        let sender = self.input_sender.clone();
        let handler = move |result: notify::Result<notify::Event>| {
            let _ = match result {
                // Our own reads (open, close without writing) are not changes,
                // and treating them as such would make every reload trigger the next.
                Ok(event) if is_only_a_read(event.kind) => Ok(()),
                Ok(event) => sender.send(Input::Event(event.paths)),
                Err(err) => sender.send(Input::Failed(err)),
            };
        };
        match RecommendedWatcher::new(handler, notify::Config::default()) {
            Ok(notifier) => self.notifier = Some(notifier),
            Err(err) => return self.note_failure(&err),
        }
        self.sync_watches(dirs);
    }

    /// Keeps one non-recursive watch on every visible directory of the board
    /// (hidden ones such as `.git` are skipped, as discovery skips them, which
    /// spares the per-user watch budget on a shared server), and on the parent
    /// of every root that can be replaced there: a file (renamed over) and a
    /// symlinked directory (swapped). A plain directory's parent is left alone:
    /// it may be a busy place (/tmp, $HOME), and the poll still sees the
    /// directory itself deleted and made again.
    fn sync_watches(&mut self, dirs: &BTreeSet<PathBuf>) {
        let Some(notifier) = self.notifier.as_mut() else {
            return;
        };
        let mut wanted = dirs.clone();
        for root in &self.options.roots {
            let swappable = fs::symlink_metadata(root).is_ok_and(|m| m.file_type().is_symlink());
            if (!root.is_dir() || swappable)
                && let Some(parent) = parent_dir(root)
            {
                wanted.insert(parent);
            }
        }
        self.watched.retain(|path, _| {
            let keep = wanted.contains(path);
            if !keep {
                let _ = notifier.unwatch(path);
            }
            keep
        });
        let mut failure = None;
        for path in wanted {
            let now = resolve(&path);
            match self.watched.get(&path) {
                Some(then) if *then == now => continue,
                Some(_) => {
                    let _ = notifier.unwatch(&path);
                    self.watched.remove(&path);
                }
                None => {}
            }
            if now.is_none() {
                // Not there (yet): the parent's events and the poll will see it.
                continue;
            }
            match notifier.watch(&path, RecursiveMode::NonRecursive) {
                Ok(()) => {
                    self.watched.insert(path, now);
                }
                Err(err) if matches!(err.kind, notify::ErrorKind::MaxFilesWatch) => {
                    // Half a set of watches would be worse than none: poll only.
                    failure = Some(err);
                    break;
                }
                Err(_) => {}
            }
        }
        if let Some(err) = failure {
            self.note_failure(&err);
        }
    }

    /// Notifications are off from now on; say so once, and keep polling.
    fn note_failure(&mut self, err: &notify::Error) {
        self.notifier = None;
        self.watched.clear();
        if self.noted_failure {
            return;
        }
        self.noted_failure = true;
        let why = match err.kind {
            notify::ErrorKind::MaxFilesWatch => {
                "the system's limit on file watches is reached (fs.inotify.max_user_watches)"
                    .to_string()
            }
            _ => err.to_string(),
        };
        let every = self.options.poll_every.max(MIN_POLL).as_secs_f64();
        (self.sink)(WatchEvent::Note(format!(
            "file notifications unavailable: {why}; checking files every {every} s instead"
        )));
    }
}

/// A root as the user gave it and as an absolute, lexically clean path: notify
/// reports every event under an absolute path (it joins relative watch paths
/// to the working directory), while the board's files are keyed by the root as
/// given (`./data/x.toml`), the way discovery finds them.
#[derive(Clone, Debug)]
struct RootForms {
    given: PathBuf,
    absolute: PathBuf,
}

impl RootForms {
    fn all(roots: &[PathBuf], cwd: &Path) -> Vec<RootForms> {
        roots
            .iter()
            .map(|given| RootForms {
                given: given.clone(),
                absolute: absolute(given, cwd),
            })
            .collect()
    }
}

/// `path` made absolute against `cwd`, with `.` components dropped (no
/// symlinks resolved: the path must keep naming what the user named).
fn absolute(path: &Path, cwd: &Path) -> PathBuf {
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        cwd.join(path)
    };
    joined.components().collect()
}

/// An event's path in the form the board's files are keyed by, when it can
/// change what the board shows: anything under a root directory, a root itself
/// (renamed over, deleted, a symlink swapped), or a Kubernetes-style `..data`
/// entry beside an explicitly named file. `None` for anything else (the parents
/// watched may be busy places like /tmp or $HOME).
fn as_board_path(roots: &[RootForms], path: &Path, cwd: &Path) -> Option<PathBuf> {
    let path = absolute(path, cwd);
    roots.iter().find_map(|root| {
        if let Ok(rest) = path.strip_prefix(&root.absolute) {
            return Some(if rest.as_os_str().is_empty() {
                root.given.clone()
            } else {
                root.given.join(rest)
            });
        }
        let beside = path.parent() == root.absolute.parent()
            && path
                .file_name()
                .is_some_and(|name| name.to_string_lossy().starts_with(".."));
        beside.then(|| path.clone())
    })
}

/// Whether a notification is about a file being opened or read, not changed.
fn is_only_a_read(kind: notify::EventKind) -> bool {
    use notify::event::{AccessKind, AccessMode};
    matches!(kind, notify::EventKind::Access(access)
        if !matches!(access, AccessKind::Close(AccessMode::Write)))
}

/// Where a watched directory leads now: its canonical path and inode.
fn resolve(path: &Path) -> Option<(PathBuf, u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    let canonical = fs::canonicalize(path).ok()?;
    let meta = fs::metadata(&canonical).ok()?;
    Some((canonical, meta.dev(), meta.ino()))
}

/// The directory that holds `path`, for watching it (a bare name's parent is `.`).
fn parent_dir(path: &Path) -> Option<PathBuf> {
    match path.parent() {
        Some(parent) if parent.as_os_str().is_empty() => Some(PathBuf::from(".")),
        Some(parent) => Some(parent.to_path_buf()),
        None => None,
    }
}

/// What changed between two scans. Paths named by events count as changed when
/// they still exist, even with the same stamp.
fn diff(before: &Snapshot, after: &Snapshot, named: &BTreeSet<PathBuf>) -> ChangeSet {
    let changed = after
        .iter()
        .filter(|(path, stamp)| before.get(*path) != Some(stamp) || named.contains(*path))
        .map(|(path, _)| path.clone())
        .collect();
    let removed = before
        .keys()
        .filter(|path| !after.contains_key(*path))
        .cloned()
        .collect();
    ChangeSet { changed, removed }
}

/// One look at the board's files: every data file with its stamp, keyed by the
/// path as discovered under its root (the same path the loader uses), and every
/// visible directory beneath the directory roots (to watch).
struct Scan {
    files: Snapshot,
    dirs: BTreeSet<PathBuf>,
}

fn scan(roots: &[PathBuf], is_data_file: fn(&Path) -> bool) -> Scan {
    let mut found = Scan {
        files: Snapshot::new(),
        dirs: BTreeSet::new(),
    };
    for root in roots {
        // metadata follows symlinks: a symlinked file or directory counts as what
        // it points to; a named symlink that leads nowhere is still there (its own
        // metadata), so reading it says so rather than its records vanishing.
        let Ok(meta) = fs::metadata(root).or_else(|_| fs::symlink_metadata(root)) else {
            continue;
        };
        if meta.is_dir() {
            let mut visited = HashSet::new();
            walk(root, is_data_file, &mut visited, &mut found);
        } else {
            // A file named explicitly is always a data file.
            found.files.insert(root.clone(), Stamp::of(&meta));
        }
    }
    found
}

/// Adds the data files and directories under `dir` (the same tree discovery reads).
fn walk(
    dir: &Path,
    is_data_file: fn(&Path) -> bool,
    visited: &mut HashSet<PathBuf>,
    out: &mut Scan,
) {
    // A directory that cannot be read is left out of this scan, not fatal: the
    // next scan tries it again.
    let _ = walk_visible::<(), _>(
        dir,
        visited,
        &mut |entry| match entry {
            Visible::Dir(dir) => {
                out.dirs.insert(dir.to_path_buf());
            }
            // Something that is not a file under a data file's name stays in
            // the scan: reading it reports what it is, and the records it held
            // stay on the board until it is a file again or gone.
            Visible::File(path, meta) | Visible::NotAFile(path, _, meta) => {
                if is_data_file(&path) {
                    out.files.insert(path, Stamp::of(&meta));
                }
            }
        },
        &mut |_, _| Ok(()),
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;
    use std::os::unix::fs::symlink;

    fn toml_file(path: &Path) -> bool {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        name.ends_with(".toml") && !name.starts_with('.')
    }

    /// A watcher on `root` whose reports arrive on a channel.
    fn watch(roots: Vec<PathBuf>, notify: bool) -> (Watcher, Receiver<WatchEvent>) {
        let (tx, rx) = mpsc::channel();
        let poll = if notify {
            Duration::from_secs(3600)
        } else {
            Duration::from_millis(100)
        };
        let options = WatchOptions {
            notify,
            ..WatchOptions::new(roots, poll, toml_file)
        };
        let watcher = spawn(options, move |event| {
            let _ = tx.send(event);
        })
        .expect("watcher starts");
        (watcher, rx)
    }

    /// Waits for a change set that names `path` as changed (or removed), skipping
    /// reports about other paths. The bound only keeps a broken watcher from
    /// hanging the test; no timing is asserted.
    fn expect(rx: &Receiver<WatchEvent>, path: &Path, removed: bool) {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match rx.recv_timeout(left) {
                Ok(WatchEvent::Changed(set)) => {
                    let list = if removed { &set.removed } else { &set.changed };
                    if list.iter().any(|p| p == path) {
                        return;
                    }
                }
                Ok(WatchEvent::Note(_)) => {}
                Err(err) => panic!(
                    "no {} report for {} ({err})",
                    if removed { "removal" } else { "change" },
                    path.display()
                ),
            }
        }
    }

    /// Lets a burst end and drains what it reported, so the next step starts clean.
    fn settle(rx: &Receiver<WatchEvent>) {
        while rx.recv_timeout(Duration::from_millis(300)).is_ok() {}
    }

    fn write(path: &Path, text: &str) {
        fs::write(path, text).expect("write test file");
    }

    fn every_way_of_saving(notify: bool) {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path().join("data");
        fs::create_dir_all(root.join("sub")).expect("mkdir");
        let file = root.join("events.toml");
        write(&file, "# v1\n");
        // A Kubernetes-style ConfigMap folder: the visible file is a symlink
        // through `..data`, which is swapped atomically.
        let k8s = root.join("k8s");
        fs::create_dir_all(k8s.join("..2026_01")).expect("mkdir");
        write(&k8s.join("..2026_01/issues.toml"), "# one\n");
        symlink("..2026_01", k8s.join("..data")).expect("symlink");
        symlink("..data/issues.toml", k8s.join("issues.toml")).expect("symlink");
        let (_watcher, rx) = watch(vec![root.clone()], notify);

        // Write in place.
        {
            let mut f = fs::OpenOptions::new()
                .append(true)
                .open(&file)
                .expect("open");
            f.write_all(b"# appended\n").expect("append");
        }
        expect(&rx, &file, false);
        settle(&rx);

        // Truncate, then write.
        fs::File::create(&file).expect("truncate");
        write(&file, "# truncated and written again, longer\n");
        expect(&rx, &file, false);
        settle(&rx);

        // Temp file renamed over it, twice in a row (vim, sed -i): the watch must
        // survive the first rename.
        for round in 0..2 {
            let temp = root.join(format!(".events.toml.tmp{round}"));
            write(&temp, &format!("# renamed over, round {round}\n"));
            fs::rename(&temp, &file).expect("rename over");
            expect(&rx, &file, false);
            settle(&rx);
        }

        // Delete and recreate.
        fs::remove_file(&file).expect("delete");
        write(&file, "# recreated after delete, different length\n");
        expect(&rx, &file, false);
        settle(&rx);

        // A new file in a new subfolder.
        let nested = root.join("sub/deeper/strikes.toml");
        fs::create_dir_all(root.join("sub/deeper")).expect("mkdir");
        write(&nested, "# new\n");
        expect(&rx, &nested, false);
        settle(&rx);

        // The new subfolder is watched too: a save there is seen (in notify
        // mode the poll is an hour away).
        {
            let mut f = fs::OpenOptions::new()
                .append(true)
                .open(&nested)
                .expect("open");
            f.write_all(b"# saved again\n").expect("append");
        }
        expect(&rx, &nested, false);
        settle(&rx);

        // A deleted file.
        fs::remove_file(&nested).expect("delete");
        expect(&rx, &nested, true);
        settle(&rx);

        // The `..data` swap: no event names issues.toml, its target changes.
        fs::create_dir_all(k8s.join("..2026_02")).expect("mkdir");
        write(&k8s.join("..2026_02/issues.toml"), "# two, swapped in\n");
        symlink("..2026_02", k8s.join("..data_tmp")).expect("symlink");
        fs::rename(k8s.join("..data_tmp"), k8s.join("..data")).expect("swap");
        fs::remove_dir_all(k8s.join("..2026_01")).expect("remove old");
        expect(&rx, &k8s.join("issues.toml"), false);
        settle(&rx);

        // Files that are not data files are never reported.
        write(&root.join("notes.txt"), "not data");
        write(&root.join(".hidden.toml"), "hidden");
        while let Ok(event) = rx.recv_timeout(Duration::from_millis(400)) {
            if let WatchEvent::Changed(set) = event {
                assert!(
                    set.is_empty() || set.changed.iter().all(|p| toml_file(p)),
                    "{set:?}"
                );
            }
        }
    }

    #[test]
    fn notifications_see_every_way_of_saving() {
        every_way_of_saving(true);
    }

    #[test]
    fn polling_alone_sees_every_way_of_saving() {
        every_way_of_saving(false);
    }

    fn symlinked_root_swap(notify: bool) {
        let dir = tempfile::tempdir().expect("temp dir");
        for version in ["v1", "v2"] {
            fs::create_dir_all(dir.path().join(version)).expect("mkdir");
            write(
                &dir.path().join(version).join("board.toml"),
                &format!("# {version}\n"),
            );
        }
        let root = dir.path().join("current");
        symlink("v1", &root).expect("symlink");
        let (_watcher, rx) = watch(vec![root.clone()], notify);
        symlink("v2", dir.path().join("current.tmp")).expect("symlink");
        fs::rename(dir.path().join("current.tmp"), &root).expect("swap");
        expect(&rx, &root.join("board.toml"), false);
        settle(&rx);
        // After the swap the new target is watched: a save there is seen too.
        write(
            &dir.path().join("v2/board.toml"),
            "# v2, edited after the swap\n",
        );
        expect(&rx, &root.join("board.toml"), false);
    }

    #[test]
    fn a_symlinked_root_directory_swapped_is_followed() {
        symlinked_root_swap(true);
        symlinked_root_swap(false);
    }

    #[test]
    fn an_explicit_file_is_followed_across_renames_and_deletion() {
        let dir = tempfile::tempdir().expect("temp dir");
        let file = dir.path().join("board.txt");
        write(&file, "explicit files need no .toml\n");
        let (_watcher, rx) = watch(vec![file.clone()], true);
        for round in 0..2 {
            let temp = dir.path().join("board.txt.new");
            write(&temp, &format!("round {round}\n"));
            fs::rename(&temp, &file).expect("rename over");
            expect(&rx, &file, false);
            settle(&rx);
        }
        fs::remove_file(&file).expect("delete");
        expect(&rx, &file, true);
    }

    #[test]
    fn reading_files_is_not_a_change() {
        // The board reads every file it is told about; if reads counted as
        // changes, each reload would trigger the next one, for ever.
        let dir = tempfile::tempdir().expect("temp dir");
        let file = dir.path().join("events.toml");
        write(&file, "# data\n");
        let (_watcher, rx) = watch(vec![dir.path().to_path_buf()], true);
        for _ in 0..3 {
            let _ = fs::read_to_string(&file).expect("read");
        }
        while let Ok(event) = rx.recv_timeout(Duration::from_millis(500)) {
            assert!(
                !matches!(event, WatchEvent::Changed(_)),
                "a read was reported: {event:?}"
            );
        }
    }

    #[test]
    fn event_paths_are_matched_to_the_roots_as_given() {
        let cwd = Path::new("/home/analyst");
        let roots = RootForms::all(
            &[
                PathBuf::from("./data/"),
                PathBuf::from("/etc/config/board.toml"),
            ],
            cwd,
        );
        let board = |path: &str| as_board_path(&roots, Path::new(path), cwd);
        // notify reports absolute paths; the board keys files as discovered.
        assert_eq!(
            board("/home/analyst/data/x.toml"),
            Some(PathBuf::from("./data/x.toml"))
        );
        assert_eq!(
            board("/home/analyst/./data/sub/y.toml"),
            Some(PathBuf::from("./data/sub/y.toml"))
        );
        assert_eq!(board("data/z.toml"), Some(PathBuf::from("./data/z.toml")));
        assert_eq!(
            board("/etc/config/board.toml"),
            Some(PathBuf::from("/etc/config/board.toml"))
        );
        assert!(
            board("/etc/config/..data").is_some(),
            "a ..data swap beside a named file"
        );
        for elsewhere in [
            "/home/analyst/database/x.toml",
            "/home/analyst/other.toml",
            "/etc/config/other.toml",
            "/etc/passwd",
        ] {
            assert_eq!(board(elsewhere), None, "{elsewhere}");
        }
        let bare = RootForms::all(&[PathBuf::from("board.toml")], cwd);
        assert_eq!(
            as_board_path(&bare, Path::new("/home/analyst/board.toml"), cwd),
            Some(PathBuf::from("board.toml"))
        );
    }

    #[test]
    fn a_file_moved_aside_and_written_again_is_a_change_not_a_removal() {
        // vim without backupcopy: rename the file to a backup, then write the
        // new one, with a pause (a slow disk) longer than the debounce between.
        for notify in [true, false] {
            let dir = tempfile::tempdir().expect("temp dir");
            let file = dir.path().join("issues.toml");
            write(&file, "# v1\n");
            let (_watcher, rx) = watch(vec![dir.path().to_path_buf()], notify);
            fs::rename(&file, dir.path().join("issues.toml~")).expect("move aside");
            thread::sleep(Duration::from_millis(150));
            write(&file, "# v2, written after a pause\n");
            let mut changed = false;
            while let Ok(event) = rx.recv_timeout(Duration::from_millis(800)) {
                if let WatchEvent::Changed(set) = event {
                    assert!(set.removed.is_empty(), "reported removed: {set:?}");
                    changed |= set.changed.contains(&file);
                }
            }
            assert!(changed, "the new version was not reported");
        }
    }

    #[test]
    fn a_busy_file_beside_the_data_does_not_hold_changes_back() {
        use std::sync::Arc;
        use std::sync::atomic::{AtomicBool, Ordering};
        let dir = tempfile::tempdir().expect("temp dir");
        let file = dir.path().join("events.toml");
        write(&file, "# v1\n");
        let (_watcher, rx) = watch(vec![dir.path().to_path_buf()], true);
        // A log written every few milliseconds until the change has come through.
        let stop = Arc::new(AtomicBool::new(false));
        let noise = {
            let stop = Arc::clone(&stop);
            let log = dir.path().join("activity.log");
            thread::spawn(move || {
                let deadline = Instant::now() + Duration::from_secs(30);
                while !stop.load(Ordering::SeqCst) && Instant::now() < deadline {
                    let _ = fs::write(&log, "busy\n");
                    thread::sleep(Duration::from_millis(5));
                }
            })
        };
        thread::sleep(Duration::from_millis(100));
        write(&file, "# v2, saved while the log is busy\n");
        expect(&rx, &file, false);
        stop.store(true, Ordering::SeqCst);
        let _ = noise.join();
    }

    #[test]
    fn hidden_directories_are_neither_read_nor_watched() {
        let dir = tempfile::tempdir().expect("temp dir");
        for sub in [".git/objects/ab", "events", "events/2026"] {
            fs::create_dir_all(dir.path().join(sub)).expect("mkdir");
        }
        write(&dir.path().join(".git/objects/ab/x.toml"), "");
        write(&dir.path().join("events/2026/jan.toml"), "");
        let found = scan(&[dir.path().to_path_buf()], toml_file);
        let files: Vec<_> = found.files.keys().cloned().collect();
        assert_eq!(files, vec![dir.path().join("events/2026/jan.toml")]);
        let dirs: Vec<_> = found.dirs.into_iter().collect();
        assert_eq!(
            dirs,
            vec![
                dir.path().to_path_buf(),
                dir.path().join("events"),
                dir.path().join("events/2026")
            ]
        );
    }

    #[test]
    fn diff_reports_new_modified_named_and_removed() {
        let stamp = |len| Stamp {
            len,
            modified: None,
            changed: (0, 0),
            device: 1,
            inode: 1,
        };
        let before: Snapshot = [("a", 1), ("b", 1), ("c", 1)]
            .iter()
            .map(|(p, l)| (PathBuf::from(p), stamp(*l)))
            .collect();
        let after: Snapshot = [("a", 1), ("b", 2), ("d", 1)]
            .iter()
            .map(|(p, l)| (PathBuf::from(p), stamp(*l)))
            .collect();
        let named: BTreeSet<PathBuf> = [PathBuf::from("a")].into();
        let set = diff(&before, &after, &named);
        assert_eq!(
            set.changed,
            vec![PathBuf::from("a"), PathBuf::from("b"), PathBuf::from("d")]
        );
        assert_eq!(set.removed, vec![PathBuf::from("c")]);
        assert!(diff(&after, &after, &BTreeSet::new()).is_empty());
    }
}
