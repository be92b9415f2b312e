//! `sitboard brief [PATH]...`: prints a briefing snapshot (docs/brief.md).

use std::io::Write;
use std::path::PathBuf;

use chrono::SubsecRound;

use super::{CANNOT_RUN, CLEAN, ERRORS};
use crate::brief::{Brief, Format};
use crate::model::Zone;
use crate::settings::Settings;
use crate::source;

/// What a brief adds to or leaves out of the figures.
#[derive(Clone, Copy, Debug, Default)]
pub struct Extras {
    /// Text and Markdown leave the problems out; they go to stderr.
    pub no_problems: bool,
    /// JSON carries the records themselves.
    pub full: bool,
}

/// Prints the brief and returns the exit status of `check` (0 clean or
/// warnings only, 1 any file has an error, 2 could not run).
pub fn run(settings: &Settings, format: Format, extras: Extras, paths: &[PathBuf]) -> u8 {
    let Extras { no_problems, full } = extras;
    let Some((zone, mut opened)) = super::open_board(settings, paths, &mut std::io::stderr())
    else {
        return CANNOT_RUN;
    };
    let zone = zone.resolve(Zone::local());
    // Whole seconds: the example's story clock has run a few milliseconds by now,
    // and a snapshot should name the instant it describes exactly.
    let now = opened.clock.now().trunc_subsecs(0);
    let changes = match settings.since.as_deref() {
        Some(when) => match source::changes_since(&mut opened, when, now, zone) {
            Ok(changes) => Some(changes),
            Err(why) => {
                why.report(&mut std::io::stderr());
                return CANNOT_RUN;
            }
        },
        None => None,
    };
    let board = opened.store.merge(now);
    let brief = Brief::new(&board, now, zone, opened.is_example())
        .with_changes(changes.as_ref())
        .with_as_of(opened.as_of.as_ref().map(|a| &a.commit))
        .with_problems(!no_problems || format == Format::Json)
        .with_records(full);
    if no_problems {
        let mut stderr = std::io::stderr().lock();
        for problem in &board.problems {
            let _ = writeln!(stderr, "{problem}");
        }
    }
    let out = brief.render(format);
    let mut stdout = std::io::stdout().lock();
    // A closed pipe (`sitboard brief | head`) is not a failure of the brief.
    let _ = stdout
        .write_all(out.as_bytes())
        .and_then(|()| stdout.flush());
    if board.has_errors() { ERRORS } else { CLEAN }
}
