//! The board's one event loop: `sitboard [OPTIONS] [PATH]...`.
//!
//! ```text
//!  input thread   (crossterm keys, mouse, resize) ─┐
//!  hang-up thread (poll for POLLHUP on the tty)   ─┤
//!  signal thread  (TERM INT HUP QUIT TSTP CONT)   ─┼─► one channel ─► loop ─► App::on_* ─► Effect
//!  watcher        (debounced ChangeSets, notes)   ─┤                   │          │
//!  reload worker  (progress, files read)          ─┘   minute tick ────┘     Redraw? draw once
//! ```
//!
//! The loop blocks on the channel; the only timeout is the App's next minute
//! boundary (none at all with `--now`), so an idle board costs nothing. It
//! handles everything waiting before drawing, so a storm of resizes or a burst
//! of key repeats costs one frame, and it draws only when an update asked for it.
//!
//! Every ending goes through [`Exit`]: the terminal is restored without a write
//! that can panic, and the process exits at once, so a reader thread stuck on a
//! dead tty (crossterm issue 793) cannot keep it alive or spinning.

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicI32, AtomicU64, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::thread;
use std::time::{Duration, Instant};

use crossterm::event::{Event, KeyEventKind};
use signal_hook::consts::{SIGCONT, SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGTSTP};

use crate::app::{App, Effect, LoadProgress, Options};
use crate::clock::Clock;
use crate::config::Config;
use crate::load::{FileRecords, Problem, Store};
use crate::model::SourcePos;
use crate::reload::{self, Job, Reloader, Report};
use crate::settings::Settings;
use crate::term::{self, Term, TtyWatch};
use crate::watch::{self, WatchEvent, WatchOptions, Watcher};

/// Everything the loop hears about, from every source, on one channel.
enum Msg {
    Input(Event),
    /// The key reader failed (EOF, EIO): the terminal is gone.
    InputClosed(String),
    /// The tty was hung up (SSH session dropped, pty closed).
    Hangup,
    Signal(i32),
    Watch(WatchEvent),
    Load(Report),
}

/// Store keys for notes: a NUL byte cannot be in a real path, so no data file
/// can collide with them.
const WATCH_NOTE: &str = "\0sitboard: watching";
const LOAD_NOTE: &str = "\0sitboard: loading";

/// How the board ends, and with what exit status.
#[derive(Debug)]
enum Exit {
    Quit,
    Signal(i32),
    TerminalGone(String),
    Failed(String),
}

impl Exit {
    fn code(&self) -> u8 {
        match self {
            Exit::Quit => 0,
            // The shell's convention for "ended by signal N".
            Exit::Signal(signal) => 128u8.saturating_add(u8::try_from(*signal).unwrap_or(0)),
            Exit::TerminalGone(_) => 128 + SIGHUP as u8,
            Exit::Failed(_) => 1,
        }
    }
}

/// What the board needs before it takes the terminal.
struct Setup {
    config: Config,
    options: Options,
    clock: Clock,
    /// The PATHs to watch; empty for the example board.
    roots: Vec<PathBuf>,
    example: bool,
    poll: Option<Duration>,
}

/// Runs the board until it ends; returns the process exit status.
pub fn run(settings: &Settings, paths: &[PathBuf]) -> u8 {
    let setup = match prepare(settings, paths) {
        Ok(setup) => setup,
        Err(message) => {
            // Before the terminal is touched: a plain line on stderr, status 2.
            let _ = writeln!(io::stderr(), "{message}");
            return 2;
        }
    };
    let exit = board(setup);
    let code = exit.code();
    match &exit {
        // On a dead terminal this write fails quietly; otherwise it says why.
        Exit::Failed(message) | Exit::TerminalGone(message) => {
            let _ = writeln!(io::stderr(), "sitboard: {message}");
        }
        Exit::Quit | Exit::Signal(_) => {}
    }
    // Exit now: the key reader may be blocked (or, on a dead tty, spinning inside
    // crossterm) and the reload worker may be in the middle of a large file;
    // neither holds anything that needs saving.
    let _ = io::stdout().flush();
    std::process::exit(i32::from(code));
}

/// Reads the config and options; every problem here is reported before the
/// terminal is touched.
fn prepare(settings: &Settings, paths: &[PathBuf]) -> Result<Setup, String> {
    let config = Config::load(settings.config.as_deref()).map_err(|err| err.to_string())?;
    let poll = settings.poll;
    let display_tz = crate::source::display_tz(settings, &config).map_err(|err| {
        // `--tz` is checked here; a `tz` in the config was checked when it was read.
        format!("sitboard: error: {err}")
    })?;
    let options = Options {
        color: !settings.no_color && !no_color_env(),
        ascii: settings.ascii || !locale_is_utf8(),
        display_tz,
    };
    let roots = crate::source::roots(paths);
    for root in &roots {
        if let Err(err) = std::fs::metadata(root) {
            // Worded and sanitised as `check` words it (a path can hold escapes).
            let err = crate::load::discover::DiscoverError::new(root, &err);
            return Err(format!("sitboard: error: {err}"));
        }
    }
    let example = roots.is_empty();
    let clock = crate::source::clock(settings, example);
    if !io::stdout().is_terminal() {
        return Err(
            "sitboard: error: the board needs a terminal on standard output; \
                    `sitboard brief` prints a snapshot instead"
                .to_string(),
        );
    }
    Ok(Setup {
        config,
        options,
        clock,
        roots,
        example,
        poll,
    })
}

/// `NO_COLOR` set and not empty (no-color.org).
fn no_color_env() -> bool {
    std::env::var_os("NO_COLOR").is_some_and(|value| !value.is_empty())
}

/// Whether the locale's character set is UTF-8: the first of `LC_ALL`,
/// `LC_CTYPE`, `LANG` that is set and not empty decides (POSIX order); none set
/// means the C locale, which is ASCII.
pub fn locale_is_utf8() -> bool {
    locale_says_utf8(|name| std::env::var(name).ok())
}

fn locale_says_utf8(var: impl Fn(&str) -> Option<String>) -> bool {
    ["LC_ALL", "LC_CTYPE", "LANG"]
        .iter()
        .find_map(|name| var(name).filter(|value| !value.is_empty()))
        .is_some_and(|value| {
            let value = value.to_ascii_lowercase();
            value.contains("utf-8") || value.contains("utf8")
        })
}

/// Takes the terminal, starts every source of messages, and runs the loop.
fn board(setup: Setup) -> Exit {
    let (tx, rx) = mpsc::channel::<Msg>();

    // The watcher first: its first scan happens before the first load reads
    // anything, so no save in between is missed.
    let watcher = start_watcher(&setup, &tx);
    let reloader = if setup.example {
        None
    } else {
        let sink = tx.clone();
        match Reloader::spawn(setup.roots.clone(), loader(), Job::All, move |report| {
            let _ = sink.send(Msg::Load(report));
        }) {
            Ok(reloader) => Some(reloader),
            Err(err) => return Exit::Failed(format!("could not start the loader: {err}")),
        }
    };
    let store = if setup.example {
        crate::example::store()
    } else {
        Store::new()
    };

    // Signals before the terminal is taken: a SIGTERM from now on is queued for
    // the loop (which restores the terminal), never the default "die now".
    if let Err(err) = start_signals(&tx) {
        return Exit::Failed(format!("could not install signal handlers: {err}"));
    }
    let mut term = match Term::enter(setup.config.mouse) {
        Ok(term) => term,
        Err(err) => return Exit::Failed(format!("could not set up the terminal: {err}")),
    };
    let mouse = setup.config.mouse;
    let mut app = App::with_store(
        setup.example,
        store,
        setup.clock,
        setup.config,
        setup.options,
    );
    if let Ok((width, height)) = term.size() {
        app.on_resize(width, height);
    }
    if let Err(err) = term.draw(|frame| crate::ui::draw(frame, &app)) {
        return Exit::TerminalGone(err.to_string());
    }

    start_input(&tx);
    start_hangup_watch(&tx);
    drop(tx);

    let mut state = Loop {
        term,
        app,
        reloader,
        _watcher: watcher,
        mouse,
        load_failed: false,
        resumed_by_us: false,
        held: None,
    };
    let exit = state.run(&rx);
    drop(state.term);
    exit
}

/// How long the loop goes on taking waiting messages before it draws.
const BATCH_BUDGET: Duration = Duration::from_millis(50);

/// The loop and what it drives.
struct Loop {
    term: Term,
    app: App,
    reloader: Option<Reloader>,
    /// Kept alive for as long as the board runs.
    _watcher: Option<Watcher>,
    mouse: bool,
    /// A full reload failed and its note is on the board (cleared by the next files).
    load_failed: bool,
    /// We stopped ourselves (Ctrl-Z) and have already repainted on resume; the
    /// SIGCONT that `fg` sent is on its way and needs no second repaint.
    resumed_by_us: bool,
    /// Parts of a load received in this batch of messages, applied together
    /// (each application merges the whole board, so parts that queued up
    /// behind a busy frame cost one merge, not one each).
    held: Option<HeldFiles>,
}

/// Files from the loader not yet given to the App.
struct HeldFiles {
    loaded: Vec<(
        PathBuf,
        Arc<str>,
        crate::load::Parsed,
        Option<std::time::SystemTime>,
    )>,
    removed: Vec<PathBuf>,
    /// More of the same load follow.
    more: bool,
}

impl Loop {
    fn run(&mut self, rx: &Receiver<Msg>) -> Exit {
        let mut next_tick = self.next_tick();
        loop {
            let first = match next_tick {
                None => rx.recv().map_err(|_| RecvTimeoutError::Disconnected),
                Some(at) => rx.recv_timeout(at.saturating_duration_since(Instant::now())),
            };
            let mut redraw = false;
            match first {
                Ok(msg) => {
                    if let Err(exit) = self.handle(msg, &mut redraw) {
                        return exit;
                    }
                    // Everything already waiting joins this frame, within a
                    // budget, so a flood of input cannot hold the frame back.
                    let budget = Instant::now() + BATCH_BUDGET;
                    while Instant::now() < budget {
                        let Ok(msg) = rx.try_recv() else { break };
                        if let Err(exit) = self.handle(msg, &mut redraw) {
                            return exit;
                        }
                    }
                }
                Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => {
                    return Exit::TerminalGone("every input source ended".into());
                }
            }
            redraw |= self.apply_held();
            if next_tick.is_some_and(|at| Instant::now() >= at) {
                redraw |= self.app.on_tick() != Effect::None;
                next_tick = self.next_tick();
            }
            if redraw {
                if let Err(err) = self.term.draw(|frame| crate::ui::draw(frame, &self.app)) {
                    return Exit::TerminalGone(err.to_string());
                }
            }
        }
    }

    /// When the next minute tick is due; never sooner than 50 ms from now, so a
    /// clock that reports a boundary "now" repeatedly cannot make the loop spin.
    fn next_tick(&self) -> Option<Instant> {
        self.app
            .until_next_tick()
            .map(|wait| Instant::now() + wait.max(Duration::from_millis(50)))
    }

    /// Gives the App the files held back in this batch; true if it asks for a frame.
    fn apply_held(&mut self) -> bool {
        let Some(held) = self.held.take() else {
            return false;
        };
        // Parts of one load are applied as they come (small files first); the
        // App counts them all as the first load until the last one.
        self.app
            .apply_load_part(held.loaded, held.removed, held.more)
            != Effect::None
    }

    /// Handles one message; `Err` ends the board.
    fn handle(&mut self, msg: Msg, redraw: &mut bool) -> Result<(), Exit> {
        // Held files go first, so every other message sees the data that came
        // before it; only the progress of the same load (the header's figures)
        // and its next part may pass them.
        let same_load = match msg {
            Msg::Load(Report::Files { .. }) => true,
            Msg::Load(Report::Progress { .. }) => self.held.as_ref().is_none_or(|held| held.more),
            _ => false,
        };
        if !same_load {
            *redraw |= self.apply_held();
        }
        let effect = match msg {
            Msg::Input(Event::Key(key)) if key.kind != KeyEventKind::Release => {
                self.app.on_key(key)
            }
            Msg::Input(Event::Mouse(mouse)) if self.mouse => self.app.on_mouse(mouse),
            Msg::Input(Event::Resize(width, height)) => self.app.on_resize(width, height),
            Msg::Input(_) => Effect::None,
            Msg::InputClosed(why) => return Err(Exit::TerminalGone(why)),
            Msg::Hangup => return Err(Exit::TerminalGone("the terminal hung up".into())),
            Msg::Signal(SIGTSTP) => Effect::Suspend,
            Msg::Signal(SIGCONT) if std::mem::take(&mut self.resumed_by_us) => Effect::None,
            Msg::Signal(SIGCONT) => {
                // Continued after a stop we did not make ourselves (kill -STOP):
                // the shell may have reset the tty and drawn over the screen.
                self.term
                    .resume()
                    .map_err(|err| Exit::TerminalGone(err.to_string()))?;
                self.refit();
                Effect::Redraw
            }
            Msg::Signal(signal) => return Err(Exit::Signal(signal)),
            Msg::Watch(WatchEvent::Changed(set)) => {
                if let Some(reloader) = &self.reloader {
                    reloader.submit(Job::Changes(set));
                }
                Effect::None
            }
            Msg::Watch(WatchEvent::Note(text)) => self.note(WATCH_NOTE, text),
            Msg::Load(Report::Progress {
                done,
                total,
                bytes_done,
                bytes_total,
            }) => self.app.on_loading(LoadProgress {
                done,
                total,
                bytes_done,
                bytes_total,
            }),
            Msg::Load(Report::Files {
                loaded,
                mut removed,
                more,
            }) => {
                if std::mem::take(&mut self.load_failed) {
                    removed.push(PathBuf::from(LOAD_NOTE));
                }
                // A load's last part is never joined by the next load's files:
                // the App must see where the first load ends.
                if self.held.as_ref().is_some_and(|held| !held.more) {
                    *redraw |= self.apply_held();
                }
                let held = self.held.get_or_insert_with(|| HeldFiles {
                    loaded: Vec::new(),
                    removed: Vec::new(),
                    more,
                });
                held.loaded.extend(
                    loaded
                        .into_iter()
                        .map(|f| (f.path, f.display, f.parsed, f.modified)),
                );
                held.removed.extend(removed);
                held.more = more;
                Effect::None
            }
            Msg::Load(Report::Failed(text)) => {
                self.load_failed = true;
                self.note(LOAD_NOTE, format!("could not reload: {text}"))
            }
        };
        match effect {
            Effect::None => {}
            Effect::Redraw => *redraw = true,
            Effect::Quit => return Err(Exit::Quit),
            Effect::ReloadAll => {
                if let Some(reloader) = &self.reloader {
                    reloader.submit(Job::All);
                }
            }
            Effect::Suspend => {
                self.resumed_by_us = self
                    .term
                    .suspend()
                    .map_err(|err| Exit::TerminalGone(err.to_string()))?;
                self.refit();
                *redraw = true;
            }
        }
        Ok(())
    }

    /// Tells the App the terminal's size again (it may have changed while stopped).
    fn refit(&mut self) {
        if let Ok((width, height)) = self.term.size() {
            self.app.on_resize(width, height);
        }
    }

    /// Puts a note from the watcher or loader where the operator looks for
    /// trouble: the problems list (`p`), as a warning the header counts. It is
    /// filed under a name no data file can have; the App has no other place for
    /// messages yet.
    fn note(&mut self, key: &str, text: String) -> Effect {
        let display: Arc<str> = Arc::from("sitboard");
        let warning = Problem::warning(&display, SourcePos { line: 1, col: 1 }, text);
        let records = FileRecords {
            warnings: vec![warning],
            ..FileRecords::default()
        };
        self.app.apply_files(
            vec![(PathBuf::from(key), display, Ok(records), None)],
            Vec::new(),
        )
    }
}

/// The loader's functions, for the reload worker.
fn loader() -> reload::Loader {
    reload::Loader {
        discover: |roots| crate::load::discover(roots).map_err(|err| err.to_string()),
        read: crate::load::read_source,
    }
}

/// Starts the watcher on the roots (none for the example board). A watcher that
/// cannot start is not fatal: the board still shows its files, and `r` reloads.
fn start_watcher(setup: &Setup, tx: &Sender<Msg>) -> Option<Watcher> {
    if setup.roots.is_empty() {
        return None;
    }
    let poll_every = setup
        .poll
        .unwrap_or_else(|| Duration::from_secs_f64(setup.config.poll_seconds));
    let options = WatchOptions {
        notify: setup.poll.is_none(),
        ..WatchOptions::new(setup.roots.clone(), poll_every, crate::load::is_data_file)
    };
    let sink = tx.clone();
    watch::spawn(options, move |event| {
        let _ = sink.send(Msg::Watch(event));
    })
    .ok()
}

/// The key reader's thread id, and how many events it has delivered, for the
/// watchdog in [`start_hangup_watch`].
static INPUT_THREAD: AtomicI32 = AtomicI32::new(0);
static INPUT_EVENTS: AtomicU64 = AtomicU64::new(0);

/// Keys, mouse and resizes. A failed read means the terminal is gone.
fn start_input(tx: &Sender<Msg>) {
    let tx = tx.clone();
    let _ = thread::Builder::new().name("input".into()).spawn(move || {
        // SAFETY: gettid has no preconditions.
        INPUT_THREAD.store(unsafe { libc::gettid() }, Ordering::SeqCst);
        // crossterm starts listening for SIGWINCH on its first poll; a resize
        // between the first frame and that moment would be lost, so once it
        // listens, the size is read again and handed over like a resize.
        let _ = crossterm::event::poll(Duration::ZERO);
        if let Ok((width, height)) = crossterm::terminal::size() {
            if tx.send(Msg::Input(Event::Resize(width, height))).is_err() {
                return;
            }
        }
        loop {
            match crossterm::event::read() {
                Ok(event) => {
                    INPUT_EVENTS.fetch_add(1, Ordering::SeqCst);
                    if tx.send(Msg::Input(event)).is_err() {
                        return;
                    }
                }
                Err(err) => {
                    let _ = tx.send(Msg::InputClosed(err.to_string()));
                    return;
                }
            }
        }
    });
}

/// How often the watchdog looks at the key reader. It only matters when the
/// tty fails without a hang-up, so it can be slow; it is one poll timeout and
/// one small /proc read.
const WATCHDOG_EVERY: Duration = Duration::from_secs(5);

/// Wakes the loop when the tty hangs up, even with SIGHUP ignored (`nohup`).
///
/// Backstop for crossterm issue 793 without a hang-up (reads failing with EIO
/// on a tty that stays open): if the key reader burned more than half a core
/// over a watchdog period without delivering a single event, it is spinning
/// inside crossterm, and the board ends as if the terminal had hung up. So does
/// a descriptor that is no longer a terminal.
fn start_hangup_watch(tx: &Sender<Msg>) {
    let Ok(tty) = TtyWatch::open() else { return };
    let tx = tx.clone();
    let _ = thread::Builder::new().name("hangup".into()).spawn(move || {
        let mut last = (input_cpu_seconds(), INPUT_EVENTS.load(Ordering::SeqCst));
        tty.wait_for_hangup(WATCHDOG_EVERY, |tty| {
            let now = (input_cpu_seconds(), INPUT_EVENTS.load(Ordering::SeqCst));
            let spinning = now.1 == last.1 && now.0 - last.0 > WATCHDOG_EVERY.as_secs_f64() / 2.0;
            last = now;
            tty.is_terminal() && !spinning
        });
        let _ = tx.send(Msg::Hangup);
    });
}

/// CPU time the key reader thread has used, in seconds (0 when unknown).
fn input_cpu_seconds() -> f64 {
    let tid = INPUT_THREAD.load(Ordering::SeqCst);
    if tid == 0 {
        return 0.0;
    }
    let Ok(stat) = std::fs::read_to_string(format!("/proc/self/task/{tid}/stat")) else {
        return 0.0;
    };
    // utime and stime, fields 14 and 15; the command name before them is in
    // parentheses and may contain spaces.
    let Some(rest) = stat.rfind(')').map(|at| &stat[at + 1..]) else {
        return 0.0;
    };
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks: u64 = [11, 12]
        .iter()
        .filter_map(|&i| fields.get(i)?.parse::<u64>().ok())
        .sum();
    // SAFETY: sysconf has no preconditions.
    let per_second = unsafe { libc::sysconf(libc::_SC_CLK_TCK) }.max(1) as f64;
    ticks as f64 / per_second
}

/// SIGTERM, SIGINT, SIGHUP (unless ignored, as `nohup` does), SIGQUIT end the
/// board; SIGTSTP suspends it like Ctrl-Z; SIGCONT repaints after an outside stop.
fn start_signals(tx: &Sender<Msg>) -> io::Result<()> {
    let mut wanted = vec![SIGTERM, SIGQUIT, SIGTSTP, SIGCONT];
    for signal in [SIGINT, SIGHUP] {
        if !term::signal_is_ignored(signal) {
            wanted.push(signal);
        }
    }
    let mut signals = signal_hook::iterator::Signals::new(&wanted)?;
    let tx = tx.clone();
    thread::Builder::new()
        .name("signals".into())
        .spawn(move || {
            for signal in signals.forever() {
                if tx.send(Msg::Signal(signal)).is_err() {
                    return;
                }
            }
        })?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env<'a>(pairs: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |name| {
            pairs
                .iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| v.to_string())
        }
    }

    #[test]
    fn a_utf8_locale_allows_unicode_and_others_get_ascii() {
        assert!(locale_says_utf8(env(&[("LANG", "en_GB.UTF-8")])));
        assert!(locale_says_utf8(env(&[
            ("LANG", "C"),
            ("LC_CTYPE", "C.utf8")
        ])));
        // LC_ALL wins over everything.
        assert!(!locale_says_utf8(env(&[
            ("LC_ALL", "C"),
            ("LANG", "en_US.UTF-8")
        ])));
        // Empty values do not count; nothing set is the C locale.
        assert!(locale_says_utf8(env(&[
            ("LC_ALL", ""),
            ("LANG", "de_DE.UTF-8")
        ])));
        assert!(!locale_says_utf8(env(&[])));
        assert!(!locale_says_utf8(env(&[("LANG", "POSIX")])));
    }

    #[test]
    fn exit_statuses_follow_the_shell_convention() {
        assert_eq!(Exit::Quit.code(), 0);
        assert_eq!(Exit::Signal(SIGTERM).code(), 143);
        assert_eq!(Exit::Signal(SIGINT).code(), 130);
        assert_eq!(Exit::TerminalGone(String::new()).code(), 129);
    }
}
