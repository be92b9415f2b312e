//! The commands that print and exit: `check`, `brief`, `export ics`, `schema`,
//! `init`, `import` (docs/command-line.md). Each takes plain [`Settings`] and paths, never
//! the command line's own types, and returns its exit status.
//!
//! [`Settings`]: crate::settings::Settings

pub mod brief;
pub mod check;
pub mod export_ics;
pub mod import;
pub mod init;
pub mod schema;
pub mod zone_notes;

use std::io::Write;
use std::path::PathBuf;

use crate::model::DisplayTz;
use crate::settings::Settings;
use crate::source::{self, Opened};

/// Exit status: no errors (warnings allowed).
pub const CLEAN: u8 = 0;
/// Exit status: at least one file has an error.
pub const ERRORS: u8 = 1;
/// Exit status: could not run (bad arguments, unreadable path, bad config).
pub const CANNOT_RUN: u8 = 2;

/// Reads the config, the display zone and the files, as every command that
/// reads a board does; on failure the reason goes to `err` and the command
/// should exit with [`CANNOT_RUN`].
fn open_board(
    settings: &Settings,
    paths: &[PathBuf],
    err: &mut dyn Write,
) -> Option<(DisplayTz, Opened)> {
    let opened = source::config_and_zone(settings).and_then(|(_, zone)| {
        let resolved = zone.resolve(crate::model::Zone::local());
        Ok((zone, source::open(settings, paths, resolved)?))
    });
    opened.map_err(|why| why.report(err)).ok()
}
