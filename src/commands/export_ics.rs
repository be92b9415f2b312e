//! `sitboard export ics [PATH]...`: the diplomatic calendar as iCalendar on stdout
//! (docs/command-line.md#export-ics).

use std::collections::HashMap;
use std::io::{self, Write};

use chrono::{DateTime, Utc};
use std::path::PathBuf;

use super::CANNOT_RUN;
use crate::export::ics;
use crate::model::Event;
use crate::settings::Settings;
use crate::source::CannotRun;

/// `sitboard export ics [PATH]...`: the calendar on stdout. Exit status as for
/// `check`: 0 clean (warnings allowed), 1 when a file has an error (the calendar of
/// the good files is still printed, and each error goes to stderr), 2 when it could
/// not run.
pub fn run(settings: &Settings, paths: &[PathBuf]) -> u8 {
    let stdout = io::stdout();
    run_to(settings, paths, &mut stdout.lock(), &mut io::stderr())
}

/// [`run`] with its output streams given (for tests).
pub fn run_to(
    settings: &Settings,
    paths: &[PathBuf],
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    let Some((_, opened)) = super::open_board(settings, paths, err) else {
        return CANNOT_RUN;
    };
    let now = opened.clock.now();
    let board = opened.store.merge(now);
    if board.file_count == 0 {
        // An empty calendar is still a valid one; say why it is empty.
        let _ = writeln!(
            err,
            "sitboard: no data files were found under the PATHs given; the calendar is empty"
        );
    }
    // Errors only: warnings do not change the calendar, and a cron job that
    // publishes the feed should stay quiet unless a file is rejected.
    for problem in board.problems.iter().filter(|p| p.is_error()) {
        let _ = writeln!(err, "{problem}");
    }
    // DTSTAMP for events without `updated`: when their file last changed (the
    // example board: the instant its story starts). Never the export's own time.
    // Inside git that is the file's last commit (a fresh clone or a pull sets
    // modification times to "now"), unless the file has uncommitted edits.
    // Only files that hold events matter; each is compared with HEAD by hash.
    let mut in_git: HashMap<std::path::PathBuf, DateTime<Utc>> = HashMap::new();
    if !opened.is_example() && opened.as_of.is_none() {
        if let Ok(mut history) = crate::history::History::open(&opened.roots) {
            let last = history.last_changed().unwrap_or_default();
            for path in opened.store.paths() {
                let has_events = opened
                    .store
                    .good(path)
                    .is_some_and(|r| !r.events.is_empty());
                if let Some(at) = last.get(path).filter(|_| has_events) {
                    if history.matches_head(path) {
                        in_git.insert(path.to_path_buf(), *at);
                    }
                }
            }
        }
    }
    let mut changed: HashMap<&str, DateTime<Utc>> = HashMap::new();
    for path in opened.store.paths() {
        let modified = in_git
            .get(path)
            .copied()
            .or_else(|| opened.store.modified(path).map(DateTime::<Utc>::from));
        let Some(modified) = modified else {
            continue;
        };
        for event in opened.store.good(path).map_or(&[][..], |r| &r.events[..]) {
            changed.insert(event.id.as_str(), modified);
        }
    }
    let fallback = if opened.is_example() {
        crate::example::REFERENCE_NOW
    } else {
        board
            .newest_modified
            .map_or(DateTime::UNIX_EPOCH, DateTime::<Utc>::from)
    };
    let stamp = |event: &Event| changed.get(event.id.as_str()).copied().unwrap_or(fallback);
    let text = ics::calendar(&board, &stamp);
    if let Err(e) = out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        // A closed pipe (`| head`) is the reader's choice, not a failure to report.
        if e.kind() != io::ErrorKind::BrokenPipe {
            CannotRun::Other(format!("writing the calendar: {e}")).report(err);
        }
        return CANNOT_RUN;
    }
    u8::from(board.has_errors())
}
