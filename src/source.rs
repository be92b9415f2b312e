//! Where a command's data comes from (SPEC 2), shared by every command.
//!
//! PATHs given on the command line win; without them the directory in
//! `$SITBOARD_DATA` (when set and not empty); without that the example board
//! compiled into the binary, whose clock starts inside its story. `--now` freezes
//! the clock whatever the origin.

use std::env;
use std::path::PathBuf;

use chrono::{DateTime, Local, NaiveDateTime, Utc};
use chrono_tz::Tz;

use crate::cli::Common;
use crate::clock::Clock;
use crate::example;
use crate::load::discover::{self, DiscoverError, Source};
use crate::load::{self, Store};
use crate::model::time::parse_zone;

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
        let clock = match common.now {
            Some(at) => Clock::Frozen(at),
            None => Clock::story(example::reference_now()),
        };
        return Ok(Opened {
            origin: Origin::Example,
            roots,
            store: example::store(),
            clock,
        });
    }
    let sources = discover::discover(&roots)?;
    let store = load::load_all(&sources);
    let clock = common.now.map_or(Clock::Real, Clock::Frozen);
    Ok(Opened {
        origin: Origin::Paths(sources),
        roots,
        store,
        clock,
    })
}

/// The zone times are displayed in: `--tz`, default the local zone.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DisplayZone {
    /// The system's local zone (honours `TZ`).
    Local,
    Zone(Tz),
}

impl DisplayZone {
    /// The wall-clock time at `at` and the zone's short name there (`EET`, `UTC`;
    /// the local zone has no name to hand, so its offset: `UTC+02:00`).
    pub fn wall(&self, at: DateTime<Utc>) -> (NaiveDateTime, String) {
        match self {
            DisplayZone::Zone(tz) => {
                let local = at.with_timezone(tz);
                (local.naive_local(), local.format("%Z").to_string())
            }
            DisplayZone::Local => {
                let local = at.with_timezone(&Local);
                (local.naive_local(), format!("UTC{}", local.format("%:z")))
            }
        }
    }

    /// The zone as the user would name it: `Europe/Kyiv`, `UTC`, `local time`.
    pub fn name(&self) -> String {
        match self {
            DisplayZone::Zone(tz) => tz.name().to_string(),
            DisplayZone::Local => "local time".to_string(),
        }
    }
}

/// Reads `--tz`: an IANA zone name (`Europe/Kiev` taken as `Europe/Kyiv`) or `local`.
pub fn display_tz(common: &Common) -> Result<DisplayZone, SourceError> {
    match common.tz.as_deref().map(str::trim) {
        None | Some("local") => Ok(DisplayZone::Local),
        Some(name) => parse_zone(name)
            .map(DisplayZone::Zone)
            .ok_or_else(|| SourceError::UnknownZone(name.to_string())),
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
        assert_eq!(
            display_tz(&Common::default()).ok(),
            Some(DisplayZone::Local)
        );
        assert_eq!(display_tz(&with_tz("local")).ok(), Some(DisplayZone::Local));
        assert_eq!(
            display_tz(&with_tz("Europe/Kiev")).ok(),
            Some(DisplayZone::Zone(chrono_tz::Europe::Kyiv))
        );
        let err = display_tz(&with_tz("Mars/Olympus"))
            .err()
            .map(|e| e.to_string());
        assert!(err.is_some_and(|e| e.contains("\"Mars/Olympus\" is not a time zone")));
    }

    #[test]
    fn a_zone_shows_its_wall_clock_and_short_name() {
        let at = example::reference_now();
        let (wall, name) = DisplayZone::Zone(chrono_tz::Europe::Kyiv).wall(at);
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
