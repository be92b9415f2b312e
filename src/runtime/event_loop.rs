//! The loop: one channel, everything handled before a frame, a frame only when
//! something asked for one.

use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

use crossterm::event::{Event, KeyEventKind};
use signal_hook::consts::{SIGCONT, SIGTSTP};

use super::{Exit, Msg};
use crate::app::since::{ChangesFound, ChangesWork};
use crate::app::{App, Effect, LoadProgress, NoteFrom};
use crate::load::FileUpdate;
use crate::reload::{Job, Reloader, Report};
use crate::term::Term;
use crate::watch::{WatchEvent, Watcher};

/// How long the loop goes on taking waiting messages before it draws.
const BATCH_BUDGET: Duration = Duration::from_millis(50);

/// The loop and what it drives.
pub struct Loop {
    pub term: Term,
    pub app: App,
    pub reloader: Option<Reloader>,
    /// Kept alive for as long as the board runs.
    pub _watcher: Option<Watcher>,
    pub mouse: bool,
    /// We stopped ourselves (Ctrl-Z) and have already repainted on resume; the
    /// SIGCONT that `fg` sent is on its way and needs no second repaint.
    pub resumed_by_us: bool,
    /// Parts of a load received in this batch of messages, applied together
    /// (each application merges the whole board, so parts that queued up
    /// behind a busy frame cost one merge, not one each).
    pub held: Option<FileUpdate>,
    /// Inside tmux: notifications are wrapped for its passthrough.
    pub tmux: bool,
    /// Where alert commands report how they ended.
    pub commands: Sender<Msg>,
    /// When the wall moves to its next pane (only while it rotates).
    pub next_rotation: Option<Instant>,
    /// The not-yet-seen state file and the data PATHs it is for.
    pub seen: Option<(std::path::PathBuf, Vec<std::path::PathBuf>)>,
    /// Whether the map is shown, told to the reload worker (it places the
    /// strikes on the map only then).
    pub map_shown: std::sync::Arc<std::sync::atomic::AtomicBool>,
}

impl Loop {
    pub fn run(&mut self, rx: &Receiver<Msg>) -> Exit {
        let mut next_tick = self.next_tick();
        self.next_rotation = self.app.rotation().map(|every| Instant::now() + every);
        loop {
            // The minute tick, or the wall's rotation if that comes first; no
            // timeout at all with a frozen clock and no rotation.
            let wake = match (next_tick, self.next_rotation) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            };
            let first = match wake {
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
            if self.next_rotation.is_some_and(|at| Instant::now() >= at) {
                redraw |= self.app.on_rotate() != Effect::None;
                self.next_rotation = None;
            }
            // A rotation started (or stopped) by a key, present mode or the first
            // frame gets its timer here.
            match (self.app.rotation(), self.next_rotation) {
                (Some(every), None) => self.next_rotation = Some(Instant::now() + every),
                (None, Some(_)) => self.next_rotation = None,
                _ => {}
            }
            if let Err(exit) = self.carry_out_alerts() {
                return exit;
            }
            redraw |= self.start_changes_work() != Effect::None;
            // A step in history replaced the board: dropped off this thread.
            if let Some(board) = self.app.take_replaced_board() {
                super::threads::release_freed_memory_later(board);
            }
            self.map_shown
                .store(self.app.map_shown(), std::sync::atomic::Ordering::Relaxed);
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
        let effect = self.app.on_files(held);
        // The board the files replaced is dropped, and what the load and the
        // swap freed (texts, token buffers, that board) goes back to the
        // system, off this thread.
        super::threads::release_freed_memory_later(self.app.take_replaced_board());
        effect != Effect::None
    }

    /// Handles one message; `Err` ends the board.
    fn handle(&mut self, msg: Msg, redraw: &mut bool) -> Result<(), Exit> {
        // Held files go first, so every other message sees the data that came
        // before it; only the progress of the same load (the header's figures)
        // and its next part may pass them.
        let same_load = match msg {
            Msg::Load(Report::Files(_)) => true,
            Msg::Load(Report::Progress { .. }) => self.held.as_ref().is_none_or(|held| held.more),
            _ => false,
        };
        if !same_load {
            *redraw |= self.apply_held();
        }
        let effect = match msg {
            Msg::Input(Event::Key(key)) if key.kind != KeyEventKind::Release => {
                if self.app.rotation().is_some() {
                    // Any key holds the rotation for a minute.
                    self.next_rotation = Some(Instant::now() + crate::app::room::PAUSE);
                }
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
            Msg::Watch(WatchEvent::Note(text)) => self.app.on_note(NoteFrom::Watcher, Some(text)),
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
            Msg::Load(Report::Files(update)) => {
                // A load's last part is never joined by the next load's files:
                // the App must see where the first load ends.
                if self.held.as_ref().is_some_and(|held| !held.more) {
                    *redraw |= self.apply_held();
                }
                match &mut self.held {
                    Some(held) => {
                        held.loaded.extend(update.loaded);
                        held.removed.extend(update.removed);
                        held.more = update.more;
                        // Only the newest merge has every held file applied
                        // (without one, the App merges itself).
                        held.merged = update.merged;
                    }
                    None => self.held = Some(update),
                }
                Effect::None
            }
            Msg::Load(Report::Failed(text)) => self
                .app
                .on_note(NoteFrom::Loader, Some(format!("could not reload: {text}"))),
            Msg::Changes(found) => self.on_changes_found(found),
            Msg::AlertCommand(_, Ok(())) => self.app.on_note(NoteFrom::Alerts, None),
            Msg::AlertCommand(name, Err(why)) => self.app.on_note(
                NoteFrom::Alerts,
                Some(format!("alert \"{name}\": its command failed: {why}")),
            ),
        };
        match effect {
            Effect::None => {}
            Effect::Redraw => *redraw = true,
            Effect::Quit => return Err(Exit::Quit),
            Effect::MarkedSeen => {
                self.save_seen();
                *redraw = true;
            }
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

    /// Works out the changes at start on a thread of its own, once the first
    /// load has ended; they come back on the channel.
    /// The work is handed to the thread once it runs: if no thread can be
    /// started, it is done here instead (a late frame, but the list and the
    /// seen state are not lost).
    fn start_changes_work(&mut self) -> Effect {
        let Some(work) = self.app.take_changes_work() else {
            return Effect::None;
        };
        let (hand, take) = std::sync::mpsc::channel::<ChangesWork>();
        let sink = self.commands.clone();
        let started = std::thread::Builder::new()
            .name("changes".into())
            .spawn(move || {
                if let Ok(work) = take.recv() {
                    let _ = sink.send(Msg::Changes(work.run()));
                }
            });
        match started {
            Ok(_) => {
                let _ = hand.send(work);
                Effect::None
            }
            Err(_) => self.on_changes_found(work.run()),
        }
    }

    /// The changes at start, found.
    fn on_changes_found(&mut self, found: ChangesFound) -> Effect {
        let effect = self.app.on_changes_found(found);
        // What the work freed (every record's hash, the board it read at the
        // commit last seen) goes back to the system.
        super::threads::release_freed_memory_later(());
        effect
    }

    /// Does what the alerts fired since the last look ask: the bell, the
    /// notification (written to the terminal between frames), the command (on
    /// its own thread, reporting back on the channel).
    fn carry_out_alerts(&mut self) -> Result<(), Exit> {
        if let Some(text) = self.app.take_clipboard() {
            // OSC 52, once per copy (the notice on screen may be drawn again).
            if let Some(sequence) = crate::term::clipboard_sequence(&text, self.tmux) {
                self.term
                    .write_raw(sequence.as_bytes())
                    .map_err(|err| Exit::TerminalGone(err.to_string()))?;
            }
        }
        for fired in self.app.take_fired() {
            let mut bytes = Vec::new();
            if fired.actions.bell {
                bytes.push(0x07);
            }
            if fired.actions.notify {
                bytes.extend(crate::alert::notify_sequence(&fired, self.tmux));
            }
            if !bytes.is_empty() {
                self.term
                    .write_raw(&bytes)
                    .map_err(|err| Exit::TerminalGone(err.to_string()))?;
            }
            if fired.actions.command {
                let sink = self.commands.clone();
                let name = fired.name.clone();
                super::actions::run_command(&fired, move |result| {
                    let _ = sink.send(Msg::AlertCommand(name, result));
                });
            }
        }
        Ok(())
    }

    /// Writes what the user has seen to the state file (a failure is a note).
    pub fn save_seen(&mut self) {
        let Some((path, roots)) = &self.seen else {
            return;
        };
        if !self.app.loaded_once() || self.app.changes_pending() {
            // Closed before the board was read, or before the changes since
            // the last look were worked out: nothing new was seen.
            return;
        }
        let head = self
            .app
            .timeline()
            .history
            .as_ref()
            .and_then(crate::history::History::head)
            .map(|oid| oid.to_string());
        let state = crate::seen::next_state(
            self.app.seen(),
            roots,
            &self.app.live_board(),
            &self.app.unseen_keys(),
            head,
        );
        if let Err(why) = crate::seen::save(path, &state) {
            self.app.on_note(NoteFrom::History, Some(why));
            return;
        }
        // Outside git the files as seen are kept too, for `--since` by time.
        if !self.app.has_history() {
            let files = self.app.live_paths();
            let taken = chrono::Utc::now();
            if let Err(why) =
                crate::seen::save_snapshot(&crate::seen::snapshot_dir(path), &files, taken)
            {
                self.app.on_note(NoteFrom::History, Some(why));
            }
        }
    }

    /// Tells the App the terminal's size again (it may have changed while stopped).
    fn refit(&mut self) {
        if let Ok((width, height)) = self.term.size() {
            self.app.on_resize(width, height);
        }
    }
}
