//! What the board needs before it takes the terminal: the config, the look,
//! the clock and the PATHs. Every problem here is reported before the terminal
//! is touched (exit status 2).

use std::io::{self, IsTerminal};
use std::path::PathBuf;
use std::time::Duration;

use chrono::{DateTime, Utc};

use crate::app::Options;
use crate::clock::Clock;
use crate::config::Config;
use crate::history::{History, HistoryError, Spec};
use crate::load::discover::DiscoverError;
use crate::seen::{self, SeenState};
use crate::settings::Settings;
use crate::source::{self, CannotRun};

/// What the board needs before it takes the terminal.
pub struct Setup {
    pub config: Config,
    pub options: Options,
    pub clock: Clock,
    /// The PATHs to watch; empty for the example board.
    pub roots: Vec<PathBuf>,
    pub example: bool,
    /// `--poll`: watch by polling only, this often.
    pub poll: Option<Duration>,
    /// Open on present mode (`sitboard present`).
    pub present: bool,
    /// Inside tmux: notifications go through its passthrough.
    pub tmux: bool,
    /// The data's history, when the PATHs are in git.
    pub history: Option<History>,
    /// `--at`: the commit to show and the instant.
    pub at: Option<(gix::ObjectId, DateTime<Utc>)>,
    /// `--since`, as typed.
    pub since: Option<String>,
    /// The not-yet-seen state file, and what it held (without `--at` and
    /// `--since`); a problem reading it, for the board to show.
    pub seen: Option<(PathBuf, Option<SeenState>)>,
    pub seen_note: Option<String>,
}

/// Reads the config and options and checks the PATHs and the terminal.
pub fn prepare(settings: &Settings, paths: &[PathBuf]) -> Result<Setup, CannotRun> {
    let mut config = Config::load(settings.config.as_deref())?;
    // The command line wins over the config file.
    config.wall |= settings.wall;
    if settings.rotate.is_some() {
        config.rotate = settings.rotate;
    }
    // `--tz` is checked here; a `tz` in the config was checked when it was read.
    let display_tz = source::display_tz(settings, &config)?;
    let options = Options {
        color: !settings.no_color && !no_color_env(),
        ascii: settings.ascii || !locale_is_utf8(),
        display_tz,
    };
    let roots = source::roots(paths);
    for root in &roots {
        if let Err(err) = std::fs::metadata(root) {
            // Worded as `check` words it.
            return Err(DiscoverError::new(root, &err).into());
        }
    }
    let example = roots.is_empty();
    let clock = source::clock(settings, example);
    let zone = display_tz.resolve(crate::model::Zone::local());
    let (history, at) = open_history(settings, &roots, &clock, zone)?;
    let (seen, seen_note) = if example || settings.at.is_some() || settings.since.is_some() {
        (None, None)
    } else {
        match seen::state_path(&roots) {
            Some(path) => match seen::load(&path) {
                Ok(state) => (Some((path, state)), None),
                Err(why) => (Some((path, None)), Some(why)),
            },
            None => (
                None,
                Some("no state directory ($XDG_STATE_HOME and $HOME are unset): changes seen are not remembered".to_string()),
            ),
        }
    };
    if !io::stdout().is_terminal() {
        return Err(CannotRun::Other(
            "the board needs a terminal on standard output; \
             `sitboard brief` prints a snapshot instead"
                .to_string(),
        ));
    }
    Ok(Setup {
        config,
        options,
        clock,
        roots,
        example,
        poll: settings.poll,
        present: settings.present,
        tmux: std::env::var_os("TMUX").is_some_and(|value| !value.is_empty()),
        history,
        at,
        since: settings.since.clone(),
        seen,
        seen_note,
    })
}

/// The commit `--at` names and the instant the board is shown at.
type AtCommit = (gix::ObjectId, DateTime<Utc>);

/// The history for `--at` and `--since` (refused outside git, exit 2, as the
/// commands refuse it), else whatever history there is (the history view,
/// not-yet-seen, freshness), or none.
fn open_history(
    settings: &Settings,
    roots: &[PathBuf],
    clock: &Clock,
    zone: crate::model::Zone,
) -> Result<(Option<History>, Option<AtCommit>), CannotRun> {
    if roots.is_empty() {
        if settings.at.is_some() || settings.since.is_some() {
            // Worded as the commands word it.
            source::open(settings, roots, zone)?;
        }
        return Ok((None, None));
    }
    if settings.at.is_none() && settings.since.is_none() {
        return Ok((History::open(roots).ok(), None));
    }
    let history = History::open(roots).map_err(|e| {
        let flag = settings.at.as_ref().map_or_else(
            || format!("--since {}", settings.since.clone().unwrap_or_default()),
            |w| format!("--at {w}"),
        );
        CannotRun::Other(format!("{flag}: {e}"))
    })?;
    let Some(text) = &settings.at else {
        if let Some(text) = &settings.since {
            // Checked now, so a bad WHEN stops the board before it starts.
            let spec = Spec::parse(text);
            let fail = |e: HistoryError| CannotRun::Other(format!("--since {text}: {e}"));
            match &spec {
                Spec::Revision(rev) => {
                    history.revision(rev).map_err(fail)?;
                }
                other => {
                    let at = other
                        .instant(clock.now(), zone)
                        .unwrap_or_else(|| clock.now());
                    history.commit_at(at).map_err(fail)?;
                }
            }
        }
        return Ok((Some(history), None));
    };
    let fail = |e: HistoryError| CannotRun::Other(format!("--at {text}: {e}"));
    let spec = Spec::parse(text);
    let now = clock.now();
    let oid = history.commit_for(&spec, now, zone).map_err(fail)?;
    let at = match spec.instant(now, zone) {
        Some(at) => at,
        None => history.info(oid).map_err(fail)?.time,
    };
    Ok((Some(history), Some((oid, at))))
}

/// `NO_COLOR` set and not empty (no-color.org).
fn no_color_env() -> bool {
    std::env::var_os("NO_COLOR").is_some_and(|value| !value.is_empty())
}

/// Whether the locale's character set is UTF-8: the first of `LC_ALL`,
/// `LC_CTYPE`, `LANG` that is set and not empty decides (POSIX order); none set
/// means the C locale, which is ASCII.
pub fn locale_is_utf8() -> bool {
    locale_says_utf8(|name| std::env::var(name).ok())
}

fn locale_says_utf8(var: impl Fn(&str) -> Option<String>) -> bool {
    ["LC_ALL", "LC_CTYPE", "LANG"]
        .iter()
        .find_map(|name| var(name).filter(|value| !value.is_empty()))
        .is_some_and(|value| {
            let value = value.to_ascii_lowercase();
            value.contains("utf-8") || value.contains("utf8")
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env<'a>(pairs: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |name| {
            pairs
                .iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| v.to_string())
        }
    }

    #[test]
    fn a_utf8_locale_allows_unicode_and_others_get_ascii() {
        assert!(locale_says_utf8(env(&[("LANG", "en_GB.UTF-8")])));
        assert!(locale_says_utf8(env(&[
            ("LANG", "C"),
            ("LC_CTYPE", "C.utf8")
        ])));
        // LC_ALL wins over everything.
        assert!(!locale_says_utf8(env(&[
            ("LC_ALL", "C"),
            ("LANG", "en_US.UTF-8")
        ])));
        // Empty values do not count; nothing set is the C locale.
        assert!(locale_says_utf8(env(&[
            ("LC_ALL", ""),
            ("LANG", "de_DE.UTF-8")
        ])));
        assert!(!locale_says_utf8(env(&[])));
        assert!(!locale_says_utf8(env(&[("LANG", "POSIX")])));
    }
}
