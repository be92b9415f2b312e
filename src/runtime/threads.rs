//! The threads the board starts, each feeding the one channel of the loop: the
//! key reader, the hang-up watchdog, the signal handler and the file watcher.

use std::io;
use std::sync::atomic::{AtomicI32, AtomicU64, Ordering};
use std::sync::mpsc::Sender;
use std::thread;
use std::time::Duration;

use crossterm::event::Event;
use signal_hook::consts::{SIGCONT, SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGTSTP};

use super::Msg;
use super::setup::Setup;
use crate::reload;
use crate::term::{self, TtyWatch};
use crate::watch::{self, WatchOptions, Watcher};

/// Gives back to the system the memory the allocator holds free: glibc keeps
/// what the loader's threads freed (each file's text, the token and event
/// buffers of every piece) in its arenas, about as much again as the board
/// itself after a large load (docs/performance.md#lean-at-a-million). Called on
/// a short-lived thread ([`release_freed_memory_later`]) after the interface
/// applied files or the changes at start; it walks the arenas once.
pub fn release_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        // SAFETY: malloc_trim only returns free pages of glibc's own heaps to
        // the system; it touches no memory the program holds.
        #[allow(unsafe_code)]
        unsafe {
            libc::malloc_trim(0);
        }
    }
}

/// Drops `garbage` (the board a reload replaced; `()` when there is none),
/// then [`release_freed_memory`], on a short-lived thread of its own: the
/// loop neither drops 100,000 strikes' references nor waits for the walk.
pub fn release_freed_memory_later<T: Send + 'static>(garbage: T) {
    let _ = thread::Builder::new().name("trim".into()).spawn(move || {
        drop(garbage);
        release_freed_memory();
    });
}

/// The loader's functions, for the reload worker.
pub fn loader() -> reload::Loader {
    reload::Loader {
        discover: |roots| crate::load::discover(roots).map_err(|err| err.to_string()),
        read: crate::load::read_source,
    }
}

/// Starts the watcher on the roots (none for the example board). A watcher that
/// cannot start is not fatal: the board still shows its files, and `r` reloads.
pub fn start_watcher(setup: &Setup, tx: &Sender<Msg>) -> Option<Watcher> {
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
pub fn start_input(tx: &Sender<Msg>) {
    let tx = tx.clone();
    let _ = thread::Builder::new().name("input".into()).spawn(move || {
        remember_input_thread();
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
pub fn start_hangup_watch(tx: &Sender<Msg>) {
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

/// Notes the key reader's thread id for [`input_cpu_seconds`] (Linux only:
/// elsewhere the watchdog sees no CPU time and relies on the hang-up alone).
fn remember_input_thread() {
    #[cfg(target_os = "linux")]
    // SAFETY: gettid has no preconditions and cannot fail.
    #[allow(unsafe_code)]
    INPUT_THREAD.store(unsafe { libc::gettid() }, Ordering::SeqCst);
}

/// CPU time the key reader thread has used, in seconds (0 when unknown: not
/// Linux, or `/proc` unreadable).
#[cfg(not(target_os = "linux"))]
fn input_cpu_seconds() -> f64 {
    0.0
}

/// CPU time the key reader thread has used, in seconds, from
/// `/proc/self/task/TID/stat` (0 when unknown).
#[cfg(target_os = "linux")]
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
    // SAFETY: sysconf has no preconditions and cannot fail in a harmful way.
    #[allow(unsafe_code)]
    let per_second = unsafe { libc::sysconf(libc::_SC_CLK_TCK) }.max(1) as f64;
    ticks as f64 / per_second
}

/// SIGTERM, SIGINT, SIGHUP (unless ignored, as `nohup` does), SIGQUIT end the
/// board; SIGTSTP suspends it like Ctrl-Z; SIGCONT repaints after an outside stop.
pub fn start_signals(tx: &Sender<Msg>) -> io::Result<()> {
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
