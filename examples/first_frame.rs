//! Interface timings of the real binary in a pseudo-terminal (docs/performance.md#targets, issue 6):
//! spawn → first frame, spawn → fully loaded, and how long a change to a small
//! file takes to reach the screen while the 47 MB strikes file stays loaded.
//!
//! ```text
//! first_frame [--runs N] [--cols C] [--rows R] [--now TIME] BINARY BOARD_DIR
//! ```
//!
//! Each run copies the board's small files into a fresh temporary directory
//! (the large ones are hard-linked, so nothing is rewritten), starts `BINARY
//! --now TIME DIR` in a `C`x`R` pseudo-terminal and feeds everything it writes to
//! a `vt100` parser — the screen a user would see. Timestamps are taken in the
//! reader thread when the chunk that completes a screen condition arrives:
//!
//! - first frame: the pane titles (`Calendar`) are on screen;
//! - loading progress: the header says `loading` (only if it ever does);
//! - calendar on screen: the Calendar pane title counts every event;
//! - small files on screen: the Issues pane title counts every issue;
//! - fully loaded: the Strikes pane title counts every strike (`Strikes 100000`);
//! - board.toml: the title is changed (write a new file, rename over the old one,
//!   as editors save) until the new title shows in the header;
//! - issues.toml: an issue is appended until the Issues pane counts it;
//! - key presses (the Strikes pane focused): from writing the key to the first
//!   output of the frame it asks for (with `--now` nothing else draws).
//!
//! One unreported warm-up run fills the page cache; then `N` runs (default 5)
//! with three edits of each small file and ten `j` presses per run. Medians,
//! minima and maxima are printed as a markdown table, with the board process's
//! peak memory (`VmHWM`).

use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};

/// A run that takes longer than this for one step has failed.
const PATIENCE: Duration = Duration::from_secs(30);

struct Args {
    runs: usize,
    cols: u16,
    rows: u16,
    now: String,
    binary: PathBuf,
    board: PathBuf,
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        runs: 5,
        cols: 120,
        rows: 40,
        now: "2026-02-01T00:00:00Z".to_string(),
        binary: PathBuf::new(),
        board: PathBuf::new(),
    };
    let mut positional = Vec::new();
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        let mut value = |name: &str| it.next().ok_or(format!("{name} needs a value"));
        match arg.as_str() {
            "--runs" => args.runs = parse_number(&value("--runs")?)?,
            "--cols" => args.cols = parse_number(&value("--cols")?)?,
            "--rows" => args.rows = parse_number(&value("--rows")?)?,
            "--now" => args.now = value("--now")?,
            _ => positional.push(PathBuf::from(arg)),
        }
    }
    let [binary, board] = <[PathBuf; 2]>::try_from(positional).map_err(
        |_| "usage: first_frame [--runs N] [--cols C] [--rows R] [--now TIME] BINARY BOARD_DIR",
    )?;
    // The pty library looks a bare relative name up in PATH; give it the file.
    args.binary = fs::canonicalize(&binary).map_err(|e| format!("{}: {e}", binary.display()))?;
    args.board = board;
    Ok(args)
}

fn parse_number<T: std::str::FromStr>(text: &str) -> Result<T, String> {
    text.parse()
        .map_err(|_| format!("{text}: expected a number"))
}

/// What the reader thread has seen: the screen, and when each awaited text
/// first appeared on it.
struct Seen {
    parser: vt100::Parser,
    /// Texts being waited for, and when the chunk of output that first put each
    /// on screen arrived (checked after every chunk, so no later output can
    /// shift a timestamp).
    watches: Vec<(String, Option<Instant>)>,
    closed: bool,
    /// Set by a key press being timed; the next chunk of output answers it.
    awaiting_answer: bool,
    answered: Option<Instant>,
}

impl Seen {
    fn check_watches(&mut self, at: Instant) {
        if self.watches.iter().all(|(_, seen)| seen.is_some()) {
            return;
        }
        let screen = self.parser.screen().contents();
        for (text, seen) in &mut self.watches {
            if seen.is_none() && screen.contains(text.as_str()) {
                *seen = Some(at);
            }
        }
    }
}

/// The board running in a pseudo-terminal.
struct Session {
    seen: Arc<(Mutex<Seen>, Condvar)>,
    child: Box<dyn portable_pty::Child + Send + Sync>,
    _master: Box<dyn portable_pty::MasterPty + Send>,
    writer: Box<dyn Write + Send>,
}

impl Session {
    /// Starts the board; `watches` are texts to time from the very first output.
    fn spawn(args: &Args, dir: &Path, watches: &[&str]) -> Result<(Session, Instant), String> {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows: args.rows,
                cols: args.cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .map_err(|e| format!("open a pty: {e}"))?;
        let mut cmd = CommandBuilder::new(&args.binary);
        cmd.args(["--now", args.now.as_str()]);
        cmd.arg(dir);
        cmd.env("TERM", "xterm-256color");
        cmd.env("LANG", "C.UTF-8");
        cmd.env_remove("LC_ALL");
        cmd.env_remove("LC_CTYPE");
        cmd.env_remove("NO_COLOR");
        cmd.env_remove("SITBOARD_DATA");
        // No user config: the figures must not depend on who runs the script.
        cmd.env("XDG_CONFIG_HOME", "/nonexistent-sitboard-bench-config");
        cmd.env("HOME", "/nonexistent-sitboard-bench-home");
        // Without a working directory the pty library would start in $HOME.
        if let Ok(cwd) = std::env::current_dir() {
            cmd.cwd(cwd);
        }
        let seen = Arc::new((
            Mutex::new(Seen {
                parser: vt100::Parser::new(args.rows, args.cols, 0),
                watches: watches.iter().map(|t| (t.to_string(), None)).collect(),
                closed: false,
                awaiting_answer: false,
                answered: None,
            }),
            Condvar::new(),
        ));
        let mut reader = pair
            .master
            .try_clone_reader()
            .map_err(|e| format!("pty reader: {e}"))?;
        let writer = pair
            .master
            .take_writer()
            .map_err(|e| format!("pty writer: {e}"))?;
        let started = Instant::now();
        let child = pair
            .slave
            .spawn_command(cmd)
            .map_err(|e| format!("spawn {}: {e}", args.binary.display()))?;
        drop(pair.slave);
        let sink = Arc::clone(&seen);
        thread::spawn(move || {
            let mut buf = vec![0u8; 65536];
            loop {
                let n = reader.read(&mut buf).unwrap_or(0);
                let (lock, wake) = &*sink;
                let Ok(mut seen) = lock.lock() else { return };
                if n == 0 {
                    seen.closed = true;
                    wake.notify_all();
                    return;
                }
                seen.parser.process(&buf[..n]);
                let now = Instant::now();
                seen.check_watches(now);
                if seen.awaiting_answer {
                    seen.awaiting_answer = false;
                    seen.answered = Some(now);
                }
                wake.notify_all();
            }
        });
        Ok((
            Session {
                seen,
                child,
                _master: pair.master,
                writer,
            },
            started,
        ))
    }

    /// Starts timing the appearance of `text` (before the action that should show it).
    fn watch(&self, text: &str) {
        if let Ok(mut seen) = self.seen.0.lock() {
            seen.watches.push((text.to_string(), None));
        }
    }

    /// When `text` (watched before) appeared, if it has.
    fn seen_at(&self, text: &str) -> Option<Instant> {
        let seen = self.seen.0.lock().ok()?;
        seen.watches
            .iter()
            .find(|(t, _)| t == text)
            .and_then(|(_, at)| *at)
    }

    /// Waits until `text` (watched before) is on screen; returns when the output
    /// that put it there arrived.
    fn wait_for(&self, text: &str) -> Result<Instant, String> {
        let deadline = Instant::now() + PATIENCE;
        let (lock, wake) = &*self.seen;
        let mut seen = lock.lock().map_err(|_| "reader thread panicked")?;
        loop {
            let found = seen
                .watches
                .iter()
                .find(|(t, _)| t == text)
                .and_then(|(_, at)| *at);
            if let Some(at) = found {
                return Ok(at);
            }
            if seen.closed {
                return Err(format!("the board ended before showing {text:?}"));
            }
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Err(format!(
                    "{text:?} not on screen within {PATIENCE:?}; the screen:\n{}",
                    seen.parser.screen().contents()
                ));
            }
            seen = wake
                .wait_timeout(seen, left)
                .map_err(|_| "reader thread panicked")?
                .0;
        }
    }

    /// Peak resident memory of the board process, from /proc (Linux).
    fn peak_rss_kib(&self) -> Option<u64> {
        self.status_kib("VmHWM:")
    }

    /// A memory figure (`VmRSS:`, `VmHWM:`) of the board process, from /proc.
    fn status_kib(&self, field: &str) -> Option<u64> {
        let pid = self.child.process_id()?;
        let status = fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
        status
            .lines()
            .find_map(|line| line.strip_prefix(field))
            .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
    }

    /// Sends keys without timing them (and waits for the board to settle).
    fn type_keys(&mut self, keys: &[u8]) -> Result<(), String> {
        self.writer
            .write_all(keys)
            .and_then(|()| self.writer.flush())
            .map_err(|e| format!("write keys: {e}"))?;
        thread::sleep(Duration::from_millis(150));
        Ok(())
    }

    /// Presses a key and times it until the frame it asks for starts arriving.
    fn time_key(&mut self, key: &[u8]) -> Result<Duration, String> {
        let (lock, wake) = &*self.seen;
        {
            let mut seen = lock.lock().map_err(|_| "reader thread panicked")?;
            seen.awaiting_answer = true;
            seen.answered = None;
        }
        let pressed = Instant::now();
        self.writer
            .write_all(key)
            .and_then(|()| self.writer.flush())
            .map_err(|e| format!("write keys: {e}"))?;
        let deadline = pressed + PATIENCE;
        let mut seen = lock.lock().map_err(|_| "reader thread panicked")?;
        loop {
            if let Some(at) = seen.answered {
                drop(seen);
                // Let the rest of the frame arrive before the next key.
                thread::sleep(Duration::from_millis(50));
                return Ok(at.saturating_duration_since(pressed));
            }
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() || seen.closed {
                return Err(format!("no frame after key {key:?}"));
            }
            seen = wake
                .wait_timeout(seen, left)
                .map_err(|_| "reader thread panicked")?
                .0;
        }
    }

    fn quit(mut self) {
        let _ = self.writer.write_all(b"q");
        let _ = self.writer.flush();
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            thread::sleep(Duration::from_millis(10));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Replaces a file the way editors save: write a new file, rename it over.
fn save(path: &Path, text: &str) -> Result<(), String> {
    let temp = path.with_extension("toml.bench-tmp");
    fs::write(&temp, text).map_err(|e| format!("write {}: {e}", temp.display()))?;
    fs::rename(&temp, path).map_err(|e| format!("rename to {}: {e}", path.display()))
}

/// A fresh copy of the board: small files copied (they are edited), the rest
/// hard-linked (or copied where links are not possible).
fn copy_board(from: &Path, to: &Path) -> Result<(), String> {
    let entries = fs::read_dir(from).map_err(|e| format!("read {}: {e}", from.display()))?;
    for entry in entries.flatten() {
        let path = entry.path();
        if path.extension().is_none_or(|ext| ext != "toml") {
            continue;
        }
        let target = to.join(entry.file_name());
        let name = entry.file_name();
        let edited = name == "board.toml" || name == "issues.toml";
        if edited || fs::hard_link(&path, &target).is_err() {
            fs::copy(&path, &target).map_err(|e| format!("copy {}: {e}", path.display()))?;
        }
    }
    Ok(())
}

/// The figures of one run.
#[derive(Default)]
struct Run {
    first_frame: Vec<Duration>,
    calendar_shown: Vec<Duration>,
    small_shown: Vec<Duration>,
    progress_shown: Vec<Duration>,
    loaded: Vec<Duration>,
    board_edit: Vec<Duration>,
    issues_edit: Vec<Duration>,
    key_j: Vec<Duration>,
    key_pgdn: Vec<Duration>,
    key_first_search: Vec<Duration>,
    key_search_first_letter: Vec<Duration>,
    key_search_next: Vec<Duration>,
    key_search_backspace: Vec<Duration>,
    peak_rss_kib: Vec<u64>,
    resident_kib: Vec<u64>,
}

impl Run {
    fn extend(&mut self, other: Run) {
        self.first_frame.extend(other.first_frame);
        self.calendar_shown.extend(other.calendar_shown);
        self.small_shown.extend(other.small_shown);
        self.progress_shown.extend(other.progress_shown);
        self.loaded.extend(other.loaded);
        self.board_edit.extend(other.board_edit);
        self.issues_edit.extend(other.issues_edit);
        self.key_j.extend(other.key_j);
        self.key_pgdn.extend(other.key_pgdn);
        self.key_first_search.extend(other.key_first_search);
        self.key_search_first_letter
            .extend(other.key_search_first_letter);
        self.key_search_next.extend(other.key_search_next);
        self.key_search_backspace.extend(other.key_search_backspace);
        self.peak_rss_kib.extend(other.peak_rss_kib);
        self.resident_kib.extend(other.resident_kib);
    }
}

const EDITS: usize = 3;
/// `j` presses timed per run.
const KEYS: usize = 10;

fn one_run(args: &Args) -> Result<Run, String> {
    let dir = tempfile::tempdir().map_err(|e| format!("temp dir: {e}"))?;
    copy_board(&args.board, dir.path())?;
    let board_path = dir.path().join("board.toml");
    let issues_path = dir.path().join("issues.toml");
    let board_text = fs::read_to_string(&board_path).map_err(|e| format!("board.toml: {e}"))?;
    let mut issues_text =
        fs::read_to_string(&issues_path).map_err(|e| format!("issues.toml: {e}"))?;
    let issues_before = issues_text.matches("[[issue]]").count();
    let strikes_path = dir.path().join("strikes.toml");
    let strikes = fs::read_to_string(&strikes_path).map_or(0, |t| t.matches("[[strike]]").count());

    // Events may be in any of the files (the benchmark board has calendar.toml).
    let mut events = 0;
    for entry in fs::read_dir(dir.path()).map_err(|e| format!("read the copy: {e}"))? {
        let path = entry.map_err(|e| format!("read the copy: {e}"))?.path();
        if path.extension().is_some_and(|ext| ext == "toml") && path != strikes_path {
            events += fs::read_to_string(&path).map_or(0, |t| t.matches("[[event]]").count());
        }
    }

    let mut run = Run::default();
    // The pane titles count what is loaded: the small files show in `Issues N`
    // (once the worker hands them over), the big one in `Strikes N`.
    let small = format!("Issues {issues_before}");
    let all = format!("Strikes {strikes}");
    let calendar = format!("Calendar {events}");
    let (mut session, started) = Session::spawn(
        args,
        dir.path(),
        &["Calendar", "loading", &calendar, &small, &all],
    )?;
    let result = (|| {
        let first = session.wait_for("Calendar")?;
        run.first_frame.push(first - started);
        let calendar_shown = session.wait_for(&calendar)?;
        run.calendar_shown.push(calendar_shown - started);
        let small_shown = session.wait_for(&small)?;
        run.small_shown.push(small_shown - started);
        let loaded = session.wait_for(&all)?;
        run.loaded.push(loaded - started);
        // What the board keeps while it is left running: resident memory once
        // the load has settled.
        thread::sleep(Duration::from_secs(1));
        run.resident_kib.extend(session.status_kib("VmRSS:"));
        run.progress_shown
            .extend(session.seen_at("loading").map(|at| at - started));
        for n in 1..=EDITS {
            // Let the watcher settle so each edit is timed on its own.
            thread::sleep(Duration::from_millis(300));
            let title = format!("Scale test board edit {n}");
            let text = board_text.replacen("Scale test board", &title, 1);
            session.watch(&title);
            let saved = Instant::now();
            save(&board_path, &text)?;
            let shown = session.wait_for(&title)?;
            run.board_edit.push(shown.saturating_duration_since(saved));

            thread::sleep(Duration::from_millis(300));
            issues_text.push_str(&format!(
                "\n[[issue]]\nid = \"I-BENCH-{n}\"\ntitle = \"Bench issue {n}\"\n\
                 status = \"negotiating\"\npriority = \"critical\"\n"
            ));
            let want = format!("Issues {}", issues_before + n);
            session.watch(&want);
            let saved = Instant::now();
            save(&issues_path, &issues_text)?;
            let shown = session.wait_for(&want)?;
            run.issues_edit.push(shown.saturating_duration_since(saved));
        }
        // Keys in the Strikes pane (100,000 rows), each timed until its frame
        // starts to arrive (the clock is frozen, so nothing else draws).
        session.type_keys(b"3")?;
        for _ in 0..KEYS {
            run.key_j.push(session.time_key(b"j")?);
        }
        run.key_pgdn.push(session.time_key(b"\x1b[6~")?);
        session.type_keys(b"/")?;
        // `/` starts building the search text on another thread; the first letter
        // comes 150 ms later (type_keys waits), as a person's would.
        run.key_first_search.push(session.time_key(b"k")?);
        run.key_search_next.push(session.time_key(b"y")?);
        run.key_search_backspace.push(session.time_key(b"\x7f")?);
        session.type_keys(b"\x1b")?;
        session.type_keys(b"/")?;
        run.key_search_first_letter.push(session.time_key(b"k")?);
        session.type_keys(b"\x1b")?;
        run.peak_rss_kib.extend(session.peak_rss_kib());
        Ok::<(), String>(())
    })();
    session.quit();
    result.map(|()| run)
}

fn median<T: Copy + Ord>(values: &[T]) -> Option<T> {
    let mut sorted = values.to_vec();
    sorted.sort();
    sorted.get(sorted.len().saturating_sub(1) / 2).copied()
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

fn row(name: &str, target: &str, values: &[Duration]) {
    let (Some(med), Some(min), Some(max)) = (
        median(values),
        values.iter().min().copied(),
        values.iter().max().copied(),
    ) else {
        return;
    };
    println!(
        "| {name:<44} | {:>10} | {:>10} | {:>10} | {:>3} | {target:<9} |",
        ms(med),
        ms(min),
        ms(max),
        values.len()
    );
}

fn main() -> std::process::ExitCode {
    let args = match parse_args() {
        Ok(args) => args,
        Err(message) => {
            eprintln!("first_frame: {message}");
            return std::process::ExitCode::from(2);
        }
    };
    let mut all = Run::default();
    for i in 0..=args.runs {
        match one_run(&args) {
            // Run 0 warms the page cache and is not counted.
            Ok(run) if i > 0 => all.extend(run),
            Ok(_) => {}
            Err(message) => {
                eprintln!("first_frame: run {i}: {message}");
                return std::process::ExitCode::FAILURE;
            }
        }
    }
    println!(
        "interface in a {}x{} pseudo-terminal, {} runs (+1 warm-up), {EDITS} edits of each small file per run",
        args.cols, args.rows, args.runs
    );
    println!();
    println!(
        "| {:<44} | {:>10} | {:>10} | {:>10} | {:>3} | {:<9} |",
        "measure", "median", "min", "max", "n", "target"
    );
    println!(
        "|{}|{}|{}|{}|{}|{}|",
        "-".repeat(46),
        "-".repeat(12),
        "-".repeat(12),
        "-".repeat(12),
        "-".repeat(5),
        "-".repeat(11)
    );
    row("spawn → first frame", "< 100 ms", &all.first_frame);
    row(
        "spawn → loading progress on screen",
        "—",
        &all.progress_shown,
    );
    row(
        "spawn → calendar shown (events counted)",
        "—",
        &all.calendar_shown,
    );
    row(
        "spawn → small files shown (issues counted)",
        "—",
        &all.small_shown,
    );
    row(
        "spawn → fully loaded (all strikes counted)",
        "—",
        &all.loaded,
    );
    row(
        "board.toml title saved → on screen",
        "< 300 ms",
        &all.board_edit,
    );
    row(
        "issues.toml issue added → on screen",
        "< 300 ms",
        &all.issues_edit,
    );
    let frame = "< 16.7 ms";
    row(
        "key j → its frame arrives (Strikes pane)",
        frame,
        &all.key_j,
    );
    row("key PgDn → its frame arrives", frame, &all.key_pgdn);
    row(
        "first search, letter k 150 ms after /",
        frame,
        &all.key_first_search,
    );
    row("search, next letter y", frame, &all.key_search_next);
    row("search, Backspace", frame, &all.key_search_backspace);
    row(
        "new search, first letter k",
        frame,
        &all.key_search_first_letter,
    );
    if let Some(kib) = median(&all.peak_rss_kib) {
        println!(
            "| {:<44} | {:>10} | {:>10} | {:>10} | {:>3} | {:<9} |",
            "peak memory of the board (VmHWM)",
            format!("{:.1} MB", kib as f64 / 1024.0),
            "",
            "",
            all.peak_rss_kib.len(),
            "< 200 MB"
        );
    }
    if let Some(kib) = median(&all.resident_kib) {
        println!(
            "| {:<44} | {:>10} | {:>10} | {:>10} | {:>3} | {:<9} |",
            "resident memory, board loaded (VmRSS)",
            format!("{:.1} MB", kib as f64 / 1024.0),
            "",
            "",
            all.resident_kib.len(),
            "< 80 MB"
        );
    }
    std::process::ExitCode::SUCCESS
}
