//! What a command was asked for, as plain values.
//!
//! `main` reads the command line into these (with clap, in `cli`); nothing below
//! `main` sees the command line's types, so a command can be run from a test or
//! another program with values made by hand.

use std::path::PathBuf;
use std::time::Duration;

use chrono::{DateTime, Utc};

/// The options every command takes (docs/command-line.md#options).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Settings {
    /// `--now`: freeze the clock at this instant.
    pub now: Option<DateTime<Utc>>,
    /// `--tz`: the zone to show times in, as typed (`local` or an IANA name).
    pub tz: Option<String>,
    /// `--config`: the user config file (else the default location, if present).
    pub config: Option<PathBuf>,
    /// `--no-color`: no colour at all.
    pub no_color: bool,
    /// `--ascii`: ASCII-only borders and glyphs.
    pub ascii: bool,
    /// `--poll`: watch files by polling only, this often.
    pub poll: Option<Duration>,
    /// `--wall`: wall mode (also `wall = true` in the config).
    pub wall: bool,
    /// `--rotate SECONDS`: the wall's rotation (0: every pane at once).
    pub rotate: Option<u64>,
    /// `sitboard present`: open on present mode's first slide.
    pub present: bool,
    /// `--at`: the board as it stood then, from git (as typed: a revision, an
    /// instant, a date or a span; docs/command-line.md#history).
    pub at: Option<String>,
    /// `--since` (board and `brief`): what changed since then, as typed.
    pub since: Option<String>,
}
