//! Running the real `sitboard` binary in a pseudo-terminal for end-to-end tests.
//!
//! A reader thread copies everything the program writes into a `vt100` parser
//! (what a user would see) and into a raw byte log (what went over the wire, for
//! checks on escape sequences and idle output). Use it from a test file with
//! `mod pty;`.
//!
//! ```ignore
//! let mut board = pty::Board::spawn(&["--now", NOW, dir.path().to_str().unwrap()], 120, 40);
//! board.wait_for_text("Calendar", pty::PATIENCE).unwrap();
//! board.send("j");
//! assert!(board.screen().contains("..."));
//! ```

// Pseudo-terminals and process signals for the end-to-end tests (openpty,
// kill, waitpid) are POSIX calls without a safe wrapper here; each `unsafe`
// block says why it is sound.
#![allow(unsafe_code)]
#![allow(dead_code)]

use std::fs::File;
use std::io::{Read, Write};
use std::os::fd::{AsRawFd, FromRawFd};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

/// How long a test waits for something that should appear at once. Only a
/// failing test ever waits this long, so it is generous for loaded CI machines.
pub const PATIENCE: Duration = Duration::from_secs(10);

/// The frozen time the e2e fixtures are written around.
pub const NOW: &str = "2026-01-21T12:00:00Z";

/// What the reader thread has seen so far.
struct Seen {
    parser: vt100::Parser,
    raw: Vec<u8>,
    closed: bool,
}

/// The program running in a pseudo-terminal.
pub struct Board {
    master: Option<Box<dyn MasterPty + Send>>,
    writer: Option<Box<dyn Write + Send>>,
    child: Box<dyn Child + Send + Sync>,
    seen: Arc<(Mutex<Seen>, Condvar)>,
    stop: Arc<AtomicBool>,
    reader_thread: Option<thread::JoinHandle<()>>,
}

/// vt100 0.16 panics on wide characters in a grid narrower than two columns;
/// the parser is never made smaller than this (the program still sees 1x1).
const MIN_COLS: u16 = 4;
const MIN_ROWS: u16 = 2;

/// Copies the program's output into the parser and the raw log until the pty
/// closes or `stop` is set.
fn read_output(mut reader: File, sink: &(Mutex<Seen>, Condvar), stop: &AtomicBool) {
    let mut buf = [0u8; 8192];
    let (lock, wake) = sink;
    loop {
        let mut poll_fd = libc::pollfd {
            fd: reader.as_raw_fd(),
            events: libc::POLLIN,
            revents: 0,
        };
        // SAFETY: one valid pollfd for a descriptor this thread owns.
        let ready = unsafe { libc::poll(&raw mut poll_fd, 1, 20) };
        let stopping = stop.load(Ordering::SeqCst);
        let n = if ready > 0 {
            match reader.read(&mut buf) {
                Ok(n) => n,
                Err(err) if err.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(_) => 0,
            }
        } else if stopping {
            0
        } else {
            continue;
        };
        let Ok(mut seen) = lock.lock() else { return };
        if n == 0 {
            seen.closed = true;
            wake.notify_all();
            return;
        }
        seen.parser.process(&buf[..n]);
        seen.raw.extend_from_slice(&buf[..n]);
        wake.notify_all();
    }
}

/// The path of the binary under test.
pub fn binary() -> &'static str {
    env!("CARGO_BIN_EXE_sitboard")
}

/// A command for the binary under test with a predictable environment: UTF-8
/// locale, no `NO_COLOR`, no user config, no `$SITBOARD_DATA`.
pub fn command(args: &[&str]) -> CommandBuilder {
    let mut cmd = CommandBuilder::new(binary());
    cmd.args(args);
    base_env(&mut cmd);
    cmd
}

/// The same environment for any program (e.g. `sh -c '...'` wrapping the binary).
pub fn base_env(cmd: &mut CommandBuilder) {
    cmd.env("TERM", "xterm-256color");
    cmd.env("LANG", "C.UTF-8");
    cmd.env_remove("LC_ALL");
    cmd.env_remove("LC_CTYPE");
    cmd.env_remove("NO_COLOR");
    cmd.env_remove("SITBOARD_DATA");
    // What the terminal running the tests says about itself must not turn
    // hyperlinks on (`links = "auto"`): a test that wants them says so.
    for var in [
        "TERM_PROGRAM",
        "VTE_VERSION",
        "KONSOLE_VERSION",
        "KITTY_WINDOW_ID",
        "WT_SESSION",
        "TMUX",
    ] {
        cmd.env_remove(var);
    }
    // An empty config home: a developer's own config must not change what tests see.
    cmd.env("XDG_CONFIG_HOME", "/nonexistent-sitboard-test-config");
    cmd.env("HOME", "/nonexistent-sitboard-test-home");
    // The not-yet-seen state goes under the build's temporary directory, never
    // into the real home, fresh for each run of a test binary (so a fixture
    // edited between runs is not "unseen"); a test that needs its own state
    // sets it again.
    cmd.env(
        "XDG_STATE_HOME",
        format!(
            "{}/sitboard-test-state-{}",
            env!("CARGO_TARGET_TMPDIR"),
            std::process::id()
        ),
    );
    if let Ok(dir) = std::env::current_dir() {
        cmd.cwd(dir);
    }
}

impl Board {
    /// Runs `sitboard ARGS...` in a `cols` x `rows` terminal.
    pub fn spawn(args: &[&str], cols: u16, rows: u16) -> Board {
        Board::spawn_command(command(args), cols, rows)
    }

    /// Runs any command in a `cols` x `rows` terminal.
    pub fn spawn_command(cmd: CommandBuilder, cols: u16, rows: u16) -> Board {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("open a pty");
        let child = pair.slave.spawn_command(cmd).expect("spawn in the pty");
        // The child has its own copy of the slave; keeping ours open would stop
        // the master from ever seeing the end of output.
        drop(pair.slave);
        let writer = pair.master.take_writer().expect("pty writer");
        let seen = Arc::new((
            Mutex::new(Seen {
                parser: vt100::Parser::new(rows.max(MIN_ROWS), cols.max(MIN_COLS), 0),
                raw: Vec::new(),
                closed: false,
            }),
            Condvar::new(),
        ));
        // Our own descriptor of the master, polled with a timeout so the thread
        // can be told to stop: a hang-up needs every descriptor of the master
        // closed, and a thread blocked in read() would keep one open.
        let master_fd = pair.master.as_raw_fd().expect("pty master descriptor");
        // SAFETY: dup of a descriptor we own; the File takes ownership of the copy.
        let reader = unsafe { File::from_raw_fd(libc::dup(master_fd)) };
        let stop = Arc::new(AtomicBool::new(false));
        let reader_thread = {
            let sink = Arc::clone(&seen);
            let stop = Arc::clone(&stop);
            thread::spawn(move || read_output(reader, &sink, &stop))
        };
        Board {
            master: Some(pair.master),
            writer: Some(writer),
            child,
            seen,
            stop,
            reader_thread: Some(reader_thread),
        }
    }

    /// The screen as text, rows joined by newlines.
    pub fn screen(&self) -> String {
        self.with_seen(|seen| seen.parser.screen().contents())
    }

    /// Whether the program is showing the alternate screen right now.
    pub fn on_alternate_screen(&self) -> bool {
        self.with_seen(|seen| seen.parser.screen().alternate_screen())
    }

    /// Every byte the program wrote so far.
    pub fn raw(&self) -> Vec<u8> {
        self.with_seen(|seen| seen.raw.clone())
    }

    /// How many bytes the program wrote so far.
    pub fn bytes_written(&self) -> usize {
        self.with_seen(|seen| seen.raw.len())
    }

    fn with_seen<T>(&self, f: impl FnOnce(&Seen) -> T) -> T {
        let guard = self
            .seen
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        f(&guard)
    }

    /// Waits until the screen satisfies `ready`; returns how long that took, or
    /// the last screen when it did not happen within `patience`.
    pub fn wait_for(
        &self,
        ready: impl Fn(&str) -> bool,
        patience: Duration,
    ) -> Result<Duration, String> {
        let start = Instant::now();
        let (lock, wake) = &*self.seen;
        let mut seen = lock
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        loop {
            let screen = seen.parser.screen().contents();
            if ready(&screen) {
                return Ok(start.elapsed());
            }
            let left = patience.saturating_sub(start.elapsed());
            if left.is_zero() {
                return Err(screen);
            }
            seen = wake
                .wait_timeout(seen, left)
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .0;
        }
    }

    /// Waits until `needle` is on screen.
    pub fn wait_for_text(&self, needle: &str, patience: Duration) -> Result<Duration, String> {
        self.wait_for(|screen| screen.contains(needle), patience)
    }

    /// Waits for `needle`, failing the test with the screen when it never shows.
    pub fn expect_text(&self, needle: &str) -> Duration {
        match self.wait_for_text(needle, PATIENCE) {
            Ok(took) => took,
            Err(screen) => panic!("{needle:?} never appeared; the screen was:\n{screen}"),
        }
    }

    /// Waits until the program has written nothing for `quiet` (a frame is
    /// complete), at most `patience`.
    pub fn wait_quiet(&self, quiet: Duration, patience: Duration) {
        let start = Instant::now();
        let mut last = self.bytes_written();
        let mut since = Instant::now();
        while start.elapsed() < patience {
            thread::sleep(Duration::from_millis(20));
            let now = self.bytes_written();
            if now != last {
                last = now;
                since = Instant::now();
            } else if since.elapsed() >= quiet {
                return;
            }
        }
    }

    /// Types text or raw bytes (e.g. `"\x1b"` for Esc, `"\r"` for Enter, `"\x1a"` for Ctrl-Z).
    pub fn send(&mut self, keys: &str) {
        if let Some(writer) = self.writer.as_mut() {
            let _ = writer.write_all(keys.as_bytes());
            let _ = writer.flush();
        }
    }

    /// Resizes the terminal (the program gets SIGWINCH).
    pub fn resize(&self, cols: u16, rows: u16) {
        if let Some(master) = &self.master {
            let _ = master.resize(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            });
        }
        if let Ok(mut seen) = self.seen.0.lock() {
            seen.parser
                .screen_mut()
                .set_size(rows.max(MIN_ROWS), cols.max(MIN_COLS));
        }
    }

    /// The terminal's line discipline flags, as the program left them: whether
    /// it is in canonical (cooked) mode with echo on.
    pub fn cooked_mode(&self) -> Option<bool> {
        let fd = self.master.as_ref()?.as_raw_fd()?;
        // SAFETY: tcgetattr fills a plain struct for a descriptor we own.
        unsafe {
            let mut termios: libc::termios = std::mem::zeroed();
            if libc::tcgetattr(fd, &raw mut termios) != 0 {
                return None;
            }
            Some(termios.c_lflag & libc::ICANON != 0 && termios.c_lflag & libc::ECHO != 0)
        }
    }

    /// The spawned process's id (the shell's when wrapped in `sh -c`).
    pub fn pid(&self) -> u32 {
        self.child.process_id().expect("child pid")
    }

    /// Sends a signal to a process.
    pub fn signal(pid: u32, signal: i32) {
        // SAFETY: kill has no memory preconditions.
        let pid = libc::pid_t::try_from(pid).expect("a pid fits pid_t");
        unsafe {
            libc::kill(pid, signal);
        }
    }

    /// Closes our end of the terminal, as a dropped SSH connection does.
    pub fn hang_up(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(reader) = self.reader_thread.take() {
            let _ = reader.join();
        }
        self.writer = None;
        self.master = None;
    }

    /// Waits for the program to exit; its exit status, or None if still running.
    pub fn wait_exit(&mut self, patience: Duration) -> Option<portable_pty::ExitStatus> {
        let start = Instant::now();
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Some(status);
            }
            if start.elapsed() >= patience {
                return None;
            }
            thread::sleep(Duration::from_millis(10));
        }
    }

    /// Waits until the program's output has ended (it exited and the pty drained).
    pub fn wait_output_closed(&self, patience: Duration) -> bool {
        let start = Instant::now();
        let (lock, wake) = &*self.seen;
        let mut seen = lock
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        while !seen.closed {
            let left = patience.saturating_sub(start.elapsed());
            if left.is_zero() {
                return false;
            }
            seen = wake
                .wait_timeout(seen, left)
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .0;
        }
        true
    }
}

impl Drop for Board {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// CPU time (user + system) a process has used, in clock ticks, from /proc.
pub fn cpu_ticks(pid: u32) -> Option<u64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // Fields after the command name, which is in parentheses and may hold spaces.
    let rest = &stat[stat.rfind(')')? + 2..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    // utime and stime are fields 14 and 15 of the whole line: 11 and 12 after state.
    Some(fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?)
}

/// The state letter of a process (`S` sleeping, `T` stopped, `R` running).
pub fn process_state(pid: u32) -> Option<char> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    stat[stat.rfind(')')? + 2..].chars().next()
}

/// The first child of a process (the board under `sh -c`).
pub fn child_of(pid: u32) -> Option<u32> {
    let start = Instant::now();
    while start.elapsed() < PATIENCE {
        let children =
            std::fs::read_to_string(format!("/proc/{pid}/task/{pid}/children")).unwrap_or_default();
        if let Some(first) = children
            .split_whitespace()
            .next()
            .and_then(|c| c.parse().ok())
        {
            return Some(first);
        }
        thread::sleep(Duration::from_millis(20));
    }
    None
}

/// Writes a file, creating its directory.
pub fn write(path: &Path, text: &str) {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("create the test data directory");
    }
    std::fs::write(path, text).expect("write a test data file");
}

/// A small, valid board around [`NOW`]: one event, one issue, one strike.
pub fn small_board(dir: &Path) {
    write(
        &dir.join("board.toml"),
        r#"[board]
title = "Test board"
clocks = ["UTC"]
"#,
    );
    write(
        &dir.join("events.toml"),
        r#"[[event]]
id = "E-1"
title = "Envoy meets adviser"
start = 2026-01-22T15:00:00Z
"#,
    );
    write(
        &dir.join("issues.toml"),
        r#"[[issue]]
id = "territory"
title = "Territory"
status = "negotiating"
"#,
    );
    write(
        &dir.join("strikes.toml"),
        r#"[[strike]]
id = "S-1"
time = 2026-01-21T03:00:00Z
oblast = "Kyiv"
target = "substation"
"#,
    );
}
