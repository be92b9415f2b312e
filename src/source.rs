//! Where a command's data comes from (docs/command-line.md#where-the-data-comes-from),
//! shared by every command, and why a command could not run.
//!
//! PATHs given on the command line win; without them the directory in
//! `$SITBOARD_DATA` (when set and not empty); without that the example board
//! compiled into the binary, whose clock starts inside its story. `--now` freezes
//! the clock whatever the origin.

use std::env;
use std::io::Write;
use std::path::PathBuf;

use chrono::{DateTime, Utc};

use crate::clock::Clock;
use crate::config::{Config, ConfigError};
use crate::example;
use crate::history::{History, HistoryError, Spec, Until};
use crate::load::discover::{self, DiscoverError, Source};
use crate::load::{self, Store, sanitize};
use crate::model::diff::{ChangeSet, CommitInfo};
use crate::model::{DisplayTz, Zone};
use crate::settings::Settings;

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
    /// The data's history, when `--at` or `--since` asked for it.
    pub history: Option<History>,
    /// Where `--at` put the board; `None` for the live board.
    pub as_of: Option<AsOf>,
    /// Outside git, `--since` by time: the board as the user last saw it
    /// (the state file's snapshot, docs/command-line.md#state-file).
    pub snapshot: Option<crate::seen::Snapshot>,
}

/// The board as it stood at a commit (`--at`).
#[derive(Clone, Debug)]
pub struct AsOf {
    pub oid: gix::ObjectId,
    pub commit: CommitInfo,
    /// The instant asked for (for a revision: its commit's time).
    pub at: DateTime<Utc>,
}

impl Opened {
    /// True when the board shown is the compiled-in example.
    pub fn is_example(&self) -> bool {
        matches!(self.origin, Origin::Example)
    }
}

/// Why a command could not run: its data, its options or its output (exit
/// status 2, docs/command-line.md#exit-status).
#[derive(Debug, thiserror::Error)]
pub enum CannotRun {
    #[error(transparent)]
    Discover(#[from] DiscoverError),
    #[error("{}", unknown_zone(.0))]
    UnknownZone(String),
    /// The user config is bad; it reads `FILE:LINE:COL: error: ...`.
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// Anything else, worded by the command that met it.
    #[error("{0}")]
    Other(String),
}

/// `--tz: "Europe/Geneva" is not a time zone; did you mean Europe/Zurich? ...`.
fn unknown_zone(given: &str) -> String {
    let hint = crate::load::suggest::zone(given)
        .map(|zone| format!(" (did you mean {zone}?)"))
        .unwrap_or_default();
    format!(
        "--tz: \"{given}\" is not a time zone{hint}; expected an IANA name such as Europe/Kyiv or UTC, or `local`"
    )
}

/// What every "could not run" line starts with.
pub const PREFIX: &str = "sitboard: ";

impl CannotRun {
    /// Writes why on `err`: a config problem as its own `FILE:LINE:COL: error:
    /// ...` line, anything else after [`PREFIX`] (each line of a reason that has
    /// several). Every byte is sanitised: paths, zone names and config values
    /// come from the user and may hold escape sequences. A failed write is
    /// ignored (stderr may be closed; there is nowhere else to say it).
    pub fn report(&self, err: &mut dyn Write) {
        let text = match self {
            CannotRun::Config(error) => crate::load::sanitize::line(&error.to_string()),
            other => other
                .to_string()
                .lines()
                .map(|line| format!("{PREFIX}{}", crate::load::sanitize::line(line)))
                .collect::<Vec<_>>()
                .join("\n"),
        };
        let _ = writeln!(err, "{text}");
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

/// Finds and loads the board named by `paths`, `$SITBOARD_DATA` or the example;
/// with `--at`, as it stood then (read from git). `zone` is the display zone
/// (a date in `--at`/`--since` starts at midnight there).
pub fn open(settings: &Settings, paths: &[PathBuf], zone: Zone) -> Result<Opened, CannotRun> {
    let roots = roots(paths);
    if roots.is_empty() {
        if let Some(flag) = history_flag(settings) {
            return Err(CannotRun::Other(format!(
                "{flag}: the example board has no history; give a PATH inside a git repository"
            )));
        }
        return Ok(Opened {
            origin: Origin::Example,
            roots,
            store: example::store(),
            clock: clock(settings, true),
            history: None,
            as_of: None,
            snapshot: None,
        });
    }
    let sources = discover::discover(&roots)?;
    let mut clock = clock(settings, false);
    let mut snapshot = None;
    let mut history = match history_flag(settings) {
        Some(flag) => match History::open(&roots) {
            Ok(history) => Some(history),
            Err(error) => {
                snapshot = Some(refusal(&flag, settings, &error, &roots, &clock, zone)?);
                None
            }
        },
        None => None,
    };
    let (store, as_of) = match (&settings.at, history.as_mut()) {
        (Some(text), Some(history)) => {
            let flag = format!("--at {text}");
            let fail = |e: HistoryError| CannotRun::Other(format!("{flag}: {e}"));
            let spec = Spec::parse(text);
            let now = clock.now();
            let oid = history.commit_for(&spec, now, zone).map_err(fail)?;
            let commit = history.info(oid).map_err(fail)?;
            let at = spec.instant(now, zone).unwrap_or(commit.time);
            let store = history.store_at(Some(oid)).map_err(fail)?;
            if settings.now.is_none() {
                clock = Clock::Frozen(at);
            }
            (store, Some(AsOf { oid, commit, at }))
        }
        // With history at hand, files unchanged since HEAD are parsed once
        // for the working tree and every commit that has them.
        (None, Some(history)) => (history.load_worktree(&sources), None),
        _ => (load::load_all(&sources), None),
    };
    Ok(Opened {
        origin: Origin::Paths(sources),
        roots,
        store,
        clock,
        history,
        as_of,
        snapshot,
    })
}

/// `--at` or `--since`, whichever reads history (`--at` first).
fn history_flag(settings: &Settings) -> Option<String> {
    settings
        .at
        .as_ref()
        .map(|w| format!("--at {w}"))
        .or_else(|| settings.since.as_ref().map(|w| format!("--since {w}")))
}

/// History could not be opened for `flag`. Outside git, `--since` by time
/// (a span, a date, an instant) can still compare with the snapshot the board
/// keeps of what the user last saw, when it was taken at or before that time;
/// otherwise why not.
fn refusal(
    flag: &str,
    settings: &Settings,
    error: &HistoryError,
    roots: &[PathBuf],
    clock: &Clock,
    zone: Zone,
) -> Result<crate::seen::Snapshot, CannotRun> {
    let wanted = match (&settings.at, settings.since.as_deref()) {
        (None, Some(when)) => Spec::parse(when).instant(clock.now(), zone),
        _ => None,
    };
    let (Some(wanted), HistoryError::NotInGit(_)) = (wanted, error) else {
        return Err(CannotRun::Other(format!("{flag}: {error}")));
    };
    let snapshot = crate::seen::state_path(roots)
        .map(|state| crate::seen::load_snapshot(&crate::seen::snapshot_dir(&state)));
    match snapshot {
        Some(Ok(Some(snapshot))) if snapshot.taken <= wanted => Ok(snapshot),
        Some(Ok(Some(snapshot))) => Err(CannotRun::Other(format!(
            "{flag}: {error}, and the board's snapshot of what you last saw is newer ({}): it does not reach back that far",
            snapshot.taken.format("%Y-%m-%d %H:%M UTC")
        ))),
        _ => Err(CannotRun::Other(format!(
            "{flag}: {error}, and no earlier snapshot of this board is kept to compare with"
        ))),
    }
}

/// The changes from the board as the user last saw it (outside git) to now:
/// records and fields, no commits.
fn changes_since_snapshot(
    asked: &str,
    snapshot: &crate::seen::Snapshot,
    store: &Store,
    now: DateTime<Utc>,
) -> ChangeSet {
    let mut then = Store::new();
    for (path, bytes) in &snapshot.files {
        let display = Source::new(path.clone()).display;
        let parsed = load::parse_bytes(&display, bytes);
        then.apply(path, display, parsed, None);
    }
    let items = crate::model::diff::diff_boards(&then.merge(now), &store.merge(now));
    ChangeSet {
        asked: asked.to_string(),
        since: crate::model::diff::Point {
            commit: None,
            subject: None,
            time: Some(snapshot.taken),
        },
        until: crate::model::diff::Point {
            commit: None,
            subject: None,
            time: Some(now),
        },
        items,
    }
}

/// The changes `--since WHEN` asks for: from the board at WHEN to the board
/// opened (the working tree, or the commit `--at` named).
pub fn changes_since(
    opened: &mut Opened,
    when: &str,
    now: DateTime<Utc>,
    zone: Zone,
) -> Result<ChangeSet, CannotRun> {
    let flag = format!("--since {}", sanitize::line(when));
    let fail = |e: HistoryError| CannotRun::Other(format!("{flag}: {e}"));
    if let (None, Some(snapshot)) = (&opened.history, &opened.snapshot) {
        return Ok(changes_since_snapshot(
            &sanitize::line(when),
            snapshot,
            &opened.store,
            now,
        ));
    }
    let Some(history) = opened.history.as_mut() else {
        return Err(CannotRun::Other(format!("{flag}: no history was opened")));
    };
    let spec = Spec::parse(when);
    let since = match &spec {
        Spec::Revision(rev) => Some(history.revision(rev).map_err(fail)?),
        other => {
            let at = other.instant(now, zone).unwrap_or(now);
            history.commit_at(at).map_err(fail)?
        }
    };
    let until = match &opened.as_of {
        Some(as_of) => Until::Commit(as_of.oid),
        None => Until::WorkTree(&opened.store),
    };
    // WHEN is printed in the brief's heading: from the user, so cleaned.
    history
        .changes(&sanitize::line(when), since, until, now)
        .map_err(fail)
}

/// The zone times are displayed in: `--tz`, else the config's `tz`, else local
/// time. (The board, the briefs and the exports read it the same way.)
pub fn display_tz(settings: &Settings, config: &Config) -> Result<DisplayTz, CannotRun> {
    let Some(name) = settings.tz.as_deref().or(config.tz.as_deref()) else {
        return Ok(DisplayTz::Local);
    };
    DisplayTz::parse(name.trim()).ok_or_else(|| CannotRun::UnknownZone(name.to_string()))
}

/// The user config (`--config FILE`, else the default file if it exists) and the
/// display zone, for the commands that print: a bad config stops them (exit 2)
/// just as it stops the board.
pub fn config_and_zone(settings: &Settings) -> Result<(Config, DisplayTz), CannotRun> {
    let config = Config::load(settings.config.as_deref())?;
    let zone = display_tz(settings, &config)?;
    Ok((config, zone))
}

/// The clock to read a board by: frozen by `--now`, else the example's story
/// clock for the example board, else real time.
pub fn clock(settings: &Settings, example: bool) -> Clock {
    match settings.now {
        Some(at) => Clock::Frozen(at),
        None if example => Clock::story(example::reference_now()),
        None => Clock::Real,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_tz(tz: &str) -> Settings {
        Settings {
            tz: Some(tz.to_string()),
            ..Settings::default()
        }
    }

    #[test]
    fn tz_reads_iana_names_local_and_the_kiev_alias() {
        let config = Config::default();
        let zone = |tz: &str| display_tz(&with_tz(tz), &config).ok();
        assert_eq!(
            display_tz(&Settings::default(), &config).ok(),
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
            display_tz(&Settings::default(), &config).ok(),
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
        let zone = DisplayTz::Zone(chrono_tz::Europe::Kyiv).resolve(crate::model::Zone::local());
        assert_eq!(
            zone.at(at).format("%Y-%m-%d %H:%M").to_string(),
            "2026-01-21 14:00"
        );
        assert_eq!(zone.short_name(at), "EET");
    }

    #[test]
    fn could_not_run_has_one_prefix_and_no_raw_escapes() {
        let mut out = Vec::new();
        CannotRun::UnknownZone("Mars\u{1b}[31mX".to_string()).report(&mut out);
        let text = String::from_utf8(out).unwrap_or_default();
        assert!(text.starts_with(PREFIX), "{text}");
        assert!(!text.contains('\u{1b}'), "{text:?}");
        let mut out = Vec::new();
        CannotRun::Other("first\nsecond".to_string()).report(&mut out);
        assert_eq!(
            String::from_utf8(out).unwrap_or_default(),
            "sitboard: first\nsitboard: second\n"
        );
    }

    #[test]
    fn no_path_and_no_now_opens_the_example_on_its_story_clock() {
        // Only meaningful when the test runner has no data directory configured.
        if env::var_os(DATA_ENV).is_some_and(|v| !v.is_empty()) {
            return;
        }
        let opened = open(&Settings::default(), &[], Zone::of(chrono_tz::UTC)).ok();
        let opened = opened.as_ref();
        assert!(opened.is_some_and(Opened::is_example));
        assert!(opened.is_some_and(|o| matches!(o.clock, Clock::Story { .. })));
        let frozen = Settings {
            now: Some(example::reference_now()),
            ..Settings::default()
        };
        let opened = open(&frozen, &[], Zone::of(chrono_tz::UTC)).ok();
        assert!(opened.is_some_and(|o| matches!(o.clock, Clock::Frozen(_))));
    }
}
