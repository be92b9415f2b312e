//! The commands that print and exit: `check`, `brief`, `export ics`, `schema`,
//! `init` (docs/command-line.md). Each takes plain [`Settings`] and paths, never
//! the command line's own types, and returns its exit status.
//!
//! [`Settings`]: crate::settings::Settings

pub mod brief;
pub mod check;
pub mod export_ics;
pub mod init;
pub mod schema;

/// Exit status: no errors (warnings allowed).
pub const CLEAN: u8 = 0;
/// Exit status: at least one file has an error.
pub const ERRORS: u8 = 1;
/// Exit status: could not run (bad arguments, unreadable path, bad config).
pub const CANNOT_RUN: u8 = 2;
