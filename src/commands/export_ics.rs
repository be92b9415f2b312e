//! `sitboard export ics [PATH]...`: the diplomatic calendar as iCalendar on stdout
//! (docs/command-line.md#export-ics).

use std::io::{self, Write};
use std::path::PathBuf;

use super::CANNOT_RUN;
use crate::export::ics;
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
    let text = ics::calendar(&board, now);
    if let Err(e) = out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        // A closed pipe (`| head`) is the reader's choice, not a failure to report.
        if e.kind() != io::ErrorKind::BrokenPipe {
            CannotRun::Other(format!("writing the calendar: {e}")).report(err);
        }
        return CANNOT_RUN;
    }
    u8::from(board.has_errors())
}
