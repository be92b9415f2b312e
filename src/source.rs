//! Where a command's data comes from (SPEC 2), shared by every command.
//!
//! PATHs given on the command line win; without them the directory in
//! `$SITBOARD_DATA` (when set and not empty); without that the example board
//! compiled into the binary, whose clock starts inside its story. `--now` freezes
//! the clock whatever the origin.

use std::env;
use std::path::PathBuf;

use crate::app::DisplayTz;
use crate::cli::Common;
use crate::clock::Clock;
use crate::config::{Config, ConfigError};
use crate::example;
use crate::load::discover::{self, DiscoverError, Source};
use crate::load::{self, Store};

/// The environment variable naming the data directory used when no PATH is given.
pub const DATA_ENV: &str = "SITBOARD_DATA";

/// Where the board's records come from.
#[derive(Debug)]
pub enum Origin {
    /// Files found under the PATHs given (or `$SITBOARD_DATA`), in path order.
    Paths(Vec<Source>),
    /// The example board compiled into the binary.
    Example,
}

/// A board opened for a command: its files loaded once, and the clock to read it by.
#[derive(Debug)]
pub struct Opened {
    pub origin: Origin,
    /// The PATHs the files were found under (what a watcher watches); empty for
    /// the example board.
    pub roots: Vec<PathBuf>,
    pub store: Store,
    pub clock: Clock,
}

impl Opened {
    /// True when the board shown is the compiled-in example.
    pub fn is_example(&self) -> bool {
        matches!(self.origin, Origin::Example)
    }
}

/// Why a command could not open its data or read its options (exit status 2).
#[derive(Debug, thiserror::Error)]
pub enum SourceError {
    #[error(transparent)]
    Discover(#[from] DiscoverError),
    #[error(
        "--tz: \"{0}\" is not a time zone; expected an IANA name such as Europe/Kyiv or UTC, or `local`"
    )]
    UnknownZone(String),
    /// The user config is bad; it reads `FILE:LINE:COL: error: ...`.
    #[error(transparent)]
    Config(#[from] ConfigError),
}

impl SourceError {
    /// The line to print on stderr: a config problem as `FILE:LINE:COL: error: ...`,
    /// anything else after `prefix` (`sitboard: error:`).
    pub fn report(&self, prefix: &str) -> String {
        match self {
            SourceError::Config(error) => error.to_string(),
            other => format!("{prefix} {other}"),
        }
    }
}

/// The data paths a command works on: `paths` as given, else `$SITBOARD_DATA`
/// when set and not empty, else none (the example board).
pub fn roots(paths: &[PathBuf]) -> Vec<PathBuf> {
    if paths.is_empty() {
        env::var_os(DATA_ENV)
            .filter(|dir| !dir.is_empty())
            .map(PathBuf::from)
            .into_iter()
            .collect()
    } else {
        paths.to_vec()
    }
}

/// Finds and loads the board named by `paths`, `$SITBOARD_DATA` or the example.
pub fn open(common: &Common, paths: &[PathBuf]) -> Result<Opened, SourceError> {
    let roots = roots(paths);
    if roots.is_empty() {
        return Ok(Opened {
            origin: Origin::Example,
            roots,
            store: example::store(),
            clock: clock(common, true),
        });
    }
    let sources = discover::discover(&roots)?;
    let store = load::load_all(&sources);
    Ok(Opened {
        origin: Origin::Paths(sources),
        roots,
        store,
        clock: clock(common, false),
    })
}

/// The zone times are displayed in: `--tz`, else the config's `tz`, else local
/// time. (The board, the briefs and the exports read it the same way.)
pub fn display_tz(common: &Common, config: &Config) -> Result<DisplayTz, SourceError> {
    let Some(name) = common.tz.as_deref().or(config.tz.as_deref()) else {
        return Ok(DisplayTz::Local);
    };
    DisplayTz::parse(name.trim()).ok_or_else(|| SourceError::UnknownZone(name.to_string()))
}

/// The user config (`--config FILE`, else the default file if it exists) and the
/// display zone, for the commands that print: a bad config stops them (exit 2)
/// just as it stops the board.
pub fn settings(common: &Common) -> Result<(Config, DisplayTz), SourceError> {
    let config = Config::load(common.config.as_deref())?;
    let zone = display_tz(common, &config)?;
    Ok((config, zone))
}

/// The clock to read a board by: frozen by `--now`, else the example's story
/// clock for the example board, else real time.
pub fn clock(common: &Common, example: bool) -> Clock {
    match common.now {
        Some(at) => Clock::Frozen(at),
        None if example => Clock::story(example::reference_now()),
        None => Clock::Real,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_tz(tz: &str) -> Common {
        Common {
            tz: Some(tz.to_string()),
            ..Common::default()
        }
    }

    #[test]
    fn tz_reads_iana_names_local_and_the_kiev_alias() {
        let config = Config::default();
        let zone = |tz: &str| display_tz(&with_tz(tz), &config).ok();
        assert_eq!(
            display_tz(&Common::default(), &config).ok(),
            Some(DisplayTz::Local)
        );
        assert_eq!(zone("local"), Some(DisplayTz::Local));
        assert_eq!(zone("Local"), Some(DisplayTz::Local));
        assert_eq!(
            zone("Europe/Kiev"),
            Some(DisplayTz::Zone(chrono_tz::Europe::Kyiv))
        );
        let err = display_tz(&with_tz("Mars/Olympus"), &config)
            .err()
            .map(|e| e.to_string());
        assert!(err.is_some_and(|e| e.contains("\"Mars/Olympus\" is not a time zone")));
    }

    #[test]
    fn the_config_zone_applies_when_tz_is_not_given() {
        let config = Config {
            tz: Some("Europe/Moscow".to_string()),
            ..Config::default()
        };
        assert_eq!(
            display_tz(&Common::default(), &config).ok(),
            Some(DisplayTz::Zone(chrono_tz::Europe::Moscow))
        );
        assert_eq!(
            display_tz(&with_tz("UTC"), &config).ok(),
            Some(DisplayTz::Zone(chrono_tz::UTC))
        );
    }

    #[test]
    fn a_zone_shows_its_wall_clock_and_short_name() {
        let at = example::reference_now();
        let (wall, name) = DisplayTz::Zone(chrono_tz::Europe::Kyiv).wall(at);
        assert_eq!(
            wall.format("%Y-%m-%d %H:%M").to_string(),
            "2026-01-21 14:00"
        );
        assert_eq!(name, "EET");
    }

    #[test]
    fn no_path_and_no_now_opens_the_example_on_its_story_clock() {
        // Only meaningful when the test runner has no data directory configured.
        if env::var_os(DATA_ENV).is_some_and(|v| !v.is_empty()) {
            return;
        }
        let opened = open(&Common::default(), &[]).ok();
        let opened = opened.as_ref();
        assert!(opened.is_some_and(Opened::is_example));
        assert!(opened.is_some_and(|o| matches!(o.clock, Clock::Story { .. })));
        let frozen = Common {
            now: Some(example::reference_now()),
            ..Common::default()
        };
        let opened = open(&frozen, &[]).ok();
        assert!(opened.is_some_and(|o| matches!(o.clock, Clock::Frozen(_))));
    }
}
