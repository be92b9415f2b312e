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

mod actions;
mod event_loop;
mod setup;
mod threads;

use std::io::{self, Write};
use std::path::PathBuf;
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, mpsc};

use crossterm::event::Event;
use signal_hook::consts::SIGHUP;

use crate::app::App;
use crate::app::NoteFrom;
use crate::app::since::Since;
use crate::load::Store;
use crate::reload::{Job, Reloader, Report};
use crate::settings::Settings;
use crate::term::Term;
use crate::watch::WatchEvent;
use event_loop::Loop;
use setup::Setup;
use threads::{loader, start_hangup_watch, start_input, start_signals, start_watcher};

pub use setup::locale_is_utf8;

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
    /// An alert's command ended: `Err` says why it failed.
    AlertCommand(String, Result<(), String>),
    /// The changes at start, worked out on their own thread.
    Changes(crate::app::since::ChangesFound),
}

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

/// Runs the board until it ends; returns the process exit status.
pub fn run(settings: &Settings, paths: &[PathBuf]) -> u8 {
    let setup = match setup::prepare(settings, paths) {
        Ok(setup) => setup,
        Err(why) => {
            // Before the terminal is touched: a plain line on stderr, status 2.
            why.report(&mut io::stderr());
            return crate::commands::CANNOT_RUN;
        }
    };
    let exit = board(setup);
    let code = exit.code();
    match &exit {
        // On a dead terminal this write fails quietly; otherwise it says why.
        Exit::Failed(message) | Exit::TerminalGone(message) => {
            let _ = writeln!(
                io::stderr(),
                "{}{}",
                crate::source::PREFIX,
                crate::load::sanitize::line(message)
            );
        }
        Exit::Quit | Exit::Signal(_) => {}
    }
    // Exit now: the key reader may be blocked (or, on a dead tty, spinning inside
    // crossterm) and the reload worker may be in the middle of a large file;
    // neither holds anything that needs saving.
    let _ = io::stdout().flush();
    std::process::exit(i32::from(code));
}

/// Takes the terminal, starts every source of messages, and runs the loop.
fn board(setup: Setup) -> Exit {
    let (tx, rx) = mpsc::channel::<Msg>();

    // The watcher first: its first scan happens before the first load reads
    // anything, so no save in between is missed.
    let watcher = start_watcher(&setup, &tx);
    let map_shown = Arc::new(AtomicBool::new(false));
    let reloader = if setup.example {
        None
    } else {
        let sink = tx.clone();
        // The worker merges each update on the board's clock, so the interface
        // thread only swaps the result in.
        let merge_with = Some(setup.clock);
        match Reloader::spawn(
            setup.roots.clone(),
            loader(),
            Job::All,
            merge_with,
            Arc::clone(&map_shown),
            move |report| {
                let _ = sink.send(Msg::Load(report));
            },
        ) {
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
    let tmux = setup.tmux;
    let present = setup.present;
    let mut app = App::with_store(
        setup.example,
        store,
        setup.clock,
        setup.config,
        setup.options,
    );
    if let Some(history) = setup.history {
        app.set_history(history);
    }
    if let Some((oid, at)) = setup.at {
        if let Err(why) = app.show_at(oid, Some(at)) {
            drop(term);
            return Exit::Failed(why);
        }
    }
    let seen_path = match setup.seen {
        Some((path, state)) => {
            if !app.has_history() {
                // Outside git the fields come from the snapshot (when readable).
                let snapshot = crate::seen::load_snapshot(&crate::seen::snapshot_dir(&path));
                app.set_snapshot(snapshot.ok().flatten());
            }
            app.set_seen(state);
            app.set_start(Some(Since::LastSeen));
            Some(path)
        }
        None => None,
    };
    if let Some(since) = setup.since {
        app.set_start(Some(Since::Asked(since)));
    }
    // The changes since the viewer last looked (or `--since`) are worked out
    // beside the loop, not in it (docs/performance.md#merge-off-the-interface-thread).
    app.defer_changes();
    if let Some(note) = setup.seen_note {
        app.on_note(NoteFrom::History, Some(note));
    }
    if let Ok((width, height)) = term.size() {
        app.on_resize(width, height);
    }
    if present {
        app.start_presenting();
    }
    if let Err(err) = term.draw(|frame| crate::ui::draw(frame, &app)) {
        return Exit::TerminalGone(err.to_string());
    }

    start_input(&tx);
    start_hangup_watch(&tx);
    // Kept for alert commands, which report back on the same channel; the
    // key reader reports a closed terminal itself, so the loop still ends.
    let commands = tx;

    let mut state = Loop {
        term,
        app,
        reloader,
        _watcher: watcher,
        mouse,
        resumed_by_us: false,
        held: None,
        tmux,
        commands,
        next_rotation: None,
        seen: seen_path.map(|path| (path, setup.roots.clone())),
        map_shown,
    };
    let exit = state.run(&rx);
    // However the board ends, what the user saw is remembered.
    state.save_seen();
    drop(state.term);
    exit
}

#[cfg(test)]
mod tests {
    use signal_hook::consts::{SIGINT, SIGTERM};

    use super::*;

    #[test]
    fn exit_statuses_follow_the_shell_convention() {
        assert_eq!(Exit::Quit.code(), 0);
        assert_eq!(Exit::Signal(SIGTERM).code(), 143);
        assert_eq!(Exit::Signal(SIGINT).code(), 130);
        assert_eq!(Exit::TerminalGone(String::new()).code(), 129);
    }
}
