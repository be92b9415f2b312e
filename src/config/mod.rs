//! The user config: theme, key bindings, mouse, highlight time, polling, display zone.
//!
//! Read from `--config FILE`, else `$XDG_CONFIG_HOME/sitboard/config.toml` (else
//! `~/.config/sitboard/config.toml`) when it exists. Every mistake is reported as
//! `FILE:LINE:COL: error: MESSAGE` so the runtime can print it and exit 2 before the
//! terminal is touched. `config/example.toml` documents every key.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use chrono::Duration;
use serde::Deserialize;
use toml::Spanned;

pub mod alerts;
pub mod keys;
pub mod palette;

use keys::{KeyTable, RebindError};
use palette::{COLOUR_NAMES, Palette, Role};

use crate::model::DisplayTz;
use crate::model::time::parse_duration;

/// The longest poll interval (`poll_seconds`, `--poll`), in seconds.
pub const MAX_POLL_SECONDS: f64 = 3600.0;

/// The user's settings, with defaults for everything not given.
#[derive(Clone, Debug)]
pub struct Config {
    /// Mouse support (off by default so the terminal's text selection keeps working).
    pub mouse: bool,
    /// How often files are checked for changes by size and modification time.
    pub poll_seconds: f64,
    /// How long new and changed records stay marked.
    pub highlight_for: Duration,
    /// How long an event without an `end` counts as under way after its start
    /// ("started 12m ago") before it is past.
    pub started_for: Duration,
    /// Display zone (`local` or an IANA name); `--tz` wins over it.
    pub tz: Option<String>,
    /// The key table with the user's `[keys]` applied.
    pub keys: KeyTable,
    /// Colours by role, from the 16 ANSI colours.
    pub palette: Palette,
    /// Where the config came from (`None`: defaults).
    pub path: Option<PathBuf>,
    /// `wall = true`: start in wall mode, as `--wall` does.
    pub wall: bool,
    /// `rotate = SECONDS`: the wall's rotation (`--rotate` wins; default 20).
    pub rotate: Option<u64>,
    /// The `[[alert]]` rules, in the order written.
    pub alerts: Vec<alerts::Rule>,
    /// `links`: whether sources that are URLs become terminal hyperlinks.
    pub links: Links,
    /// `links` decided for this terminal: `auto` is resolved by [`Config::load`]
    /// from what the terminal says about itself ([`hyperlinks_supported`]);
    /// a config made any other way (tests) keeps `auto` off.
    pub hyperlinks: bool,
}

impl Links {
    /// Whether links are drawn in the terminal sitboard runs in.
    pub fn resolve(self) -> bool {
        match self {
            Links::Always => true,
            Links::Never => false,
            Links::Auto => hyperlinks_supported(),
        }
    }
}

/// `links = "auto" | "always" | "never"`: OSC 8 hyperlinks in detail views.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Links {
    /// Where the terminal says it shows them (not inside tmux or screen).
    #[default]
    Auto,
    /// Always (tmux with `hyperlinks` in its terminal-features, a terminal that
    /// does not say what it is).
    Always,
    /// Never: sources stay plain text.
    Never,
}

/// The longest wall rotation (`rotate`, `--rotate`), in seconds: a day.
pub const MAX_ROTATE_SECONDS: u64 = 86_400;

impl Default for Config {
    fn default() -> Self {
        Config {
            mouse: false,
            poll_seconds: 2.0,
            highlight_for: Duration::minutes(30),
            started_for: Duration::hours(1),
            tz: None,
            keys: KeyTable::default(),
            palette: Palette::default(),
            path: None,
            wall: false,
            rotate: None,
            alerts: Vec::new(),
            links: Links::Auto,
            hyperlinks: false,
        }
    }
}

/// A config file that could not be used: `FILE:LINE:COL: error: MESSAGE`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigError {
    pub file: String,
    pub line: usize,
    pub col: usize,
    pub message: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: error: {}",
            self.file, self.line, self.col, self.message
        )
    }
}

impl std::error::Error for ConfigError {}

/// The file as written (serde shape); converted to [`Config`] after checks.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ConfigFile {
    mouse: Option<bool>,
    poll_seconds: Option<Spanned<Number>>,
    highlight_for: Option<Spanned<String>>,
    started_for: Option<Spanned<String>>,
    tz: Option<Spanned<String>>,
    theme: Option<BTreeMap<Spanned<String>, Spanned<String>>>,
    keys: Option<BTreeMap<Spanned<String>, Spanned<KeyList>>>,
    wall: Option<bool>,
    rotate: Option<Spanned<i64>>,
    alert: Option<Vec<Spanned<alerts::RuleFile>>>,
    links: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum Number {
    Int(i64),
    Float(f64),
}

#[derive(Deserialize)]
#[serde(untagged)]
enum KeyList {
    One(String),
    Many(Vec<String>),
}

impl Config {
    /// Loads `explicit`, or the default location if a file is there, or defaults.
    pub fn load(explicit: Option<&Path>) -> Result<Config, ConfigError> {
        let path = match explicit {
            Some(path) => path.to_path_buf(),
            None => match default_path() {
                Some(path) if path.is_file() => path,
                _ => {
                    let mut config = Config::default();
                    config.hyperlinks = config.links.resolve();
                    return Ok(config);
                }
            },
        };
        let text = std::fs::read_to_string(&path).map_err(|e| ConfigError {
            file: path.display().to_string(),
            line: 1,
            col: 1,
            message: format!("cannot read the config file: {e}"),
        })?;
        let mut config = Config::parse(&path.display().to_string(), &text)?;
        config.path = Some(path);
        config.hyperlinks = config.links.resolve();
        Ok(config)
    }

    /// Reads a config from its text; `file` names it in errors.
    pub fn parse(file: &str, text: &str) -> Result<Config, ConfigError> {
        let at = |span: std::ops::Range<usize>, message: String| {
            let (line, col) = line_col(text, span.start);
            ConfigError {
                file: file.to_string(),
                line,
                col,
                message,
            }
        };
        let raw: ConfigFile = toml::from_str(text).map_err(|e| {
            at(
                e.span().unwrap_or(0..0),
                e.message().trim().replace('\n', " "),
            )
        })?;
        let mut config = Config::default();
        if let Some(mouse) = raw.mouse {
            config.mouse = mouse;
        }
        if let Some(poll) = raw.poll_seconds {
            let value = match *poll.get_ref() {
                Number::Int(n) => n as f64,
                Number::Float(f) => f,
            };
            if !(value.is_finite() && value > 0.0 && value <= MAX_POLL_SECONDS) {
                return Err(at(
                    poll.span(),
                    format!(
                        "poll_seconds: {value} is not a number of seconds above 0 and at most {MAX_POLL_SECONDS}"
                    ),
                ));
            }
            config.poll_seconds = value;
        }
        if let Some(text) = raw.highlight_for {
            config.highlight_for = parse_duration(text.get_ref()).ok_or_else(|| {
                at(
                    text.span(),
                    format!(
                        "highlight_for: \"{}\" is not a duration like \"30m\", \"2h\", \"1d\"",
                        text.get_ref()
                    ),
                )
            })?;
        }
        if let Some(text) = raw.started_for {
            config.started_for = parse_duration(text.get_ref())
                .filter(|d| *d >= Duration::zero())
                .ok_or_else(|| {
                    at(
                        text.span(),
                        format!(
                            "started_for: \"{}\" is not a duration like \"0m\", \"1h\", \"3h\"",
                            text.get_ref()
                        ),
                    )
                })?;
        }
        if let Some(tz) = raw.tz {
            let name = tz.get_ref();
            if DisplayTz::parse(name.trim()).is_none() {
                return Err(at(
                    tz.span(),
                    format!("tz: \"{name}\" is not \"local\" or an IANA zone like \"Europe/Kyiv\""),
                ));
            }
            config.tz = Some(name.clone());
        }
        for (role, colour) in raw.theme.unwrap_or_default() {
            let Some(role_value) = Role::parse(role.get_ref()) else {
                return Err(at(
                    role.span(),
                    format!(
                        "theme: \"{}\" is not a colour role; known: {}",
                        role.get_ref(),
                        Role::NAMES.join(", ")
                    ),
                ));
            };
            if !config.palette.set(role_value, colour.get_ref()) {
                return Err(at(
                    colour.span(),
                    format!(
                        "theme.{}: \"{}\" is not one of the 16 terminal colours ({})",
                        role.get_ref(),
                        colour.get_ref(),
                        COLOUR_NAMES.join(", ")
                    ),
                ));
            }
        }
        for (action, keys) in raw.keys.unwrap_or_default() {
            let list = match keys.get_ref() {
                KeyList::One(k) => vec![k.clone()],
                KeyList::Many(ks) => ks.clone(),
            };
            if let Err(e) = config.keys.rebind(action.get_ref(), &list) {
                let span = match e {
                    RebindError::UnknownAction(_) => action.span(),
                    RebindError::UnknownKey(_) => keys.span(),
                };
                return Err(at(span, e.to_string()));
            }
        }
        if let Some(wall) = raw.wall {
            config.wall = wall;
        }
        if let Some(rotate) = raw.rotate {
            let seconds = u64::try_from(*rotate.get_ref())
                .ok()
                .filter(|s| *s <= MAX_ROTATE_SECONDS)
                .ok_or_else(|| {
                    at(
                        rotate.span(),
                        format!(
                            "rotate: {} is not a number of seconds from 0 to {MAX_ROTATE_SECONDS}",
                            rotate.get_ref()
                        ),
                    )
                })?;
            config.rotate = Some(seconds);
        }
        if let Some(links) = raw.links {
            config.links = match links.get_ref().as_str() {
                "auto" => Links::Auto,
                "always" => Links::Always,
                "never" => Links::Never,
                other => {
                    return Err(at(
                        links.span(),
                        // Debug quoting escapes any control character.
                        format!("links: {other:?} is not \"auto\", \"always\" or \"never\""),
                    ));
                }
            };
        }
        for table in raw.alert.unwrap_or_default() {
            let span = table.span();
            let rule = table
                .into_inner()
                .check(span)
                .map_err(|(span, message)| at(span, message))?;
            config.alerts.push(rule);
        }
        Ok(config)
    }
}

/// Whether the terminal sitboard runs in shows OSC 8 hyperlinks (and stdout is
/// that terminal), from what it
/// says about itself in the environment: iTerm2, `WezTerm`, VS Code, Ghostty,
/// kitty, foot, Alacritty, Windows Terminal, Konsole, and VTE terminals (GNOME
/// Terminal, Tilix) from VTE 0.50. Inside tmux or screen the answer is no: tmux
/// passes links on only when told to (README: links in tmux), so `links =
/// "always"` is the way there. Read once; the answer does not change while the
/// board runs.
pub fn hyperlinks_supported() -> bool {
    static SUPPORTED: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *SUPPORTED.get_or_init(|| {
        let var = |name: &str| std::env::var(name).unwrap_or_default();
        hyperlinks_in(&|name| var(name)) && std::io::IsTerminal::is_terminal(&std::io::stdout())
    })
}

/// [`hyperlinks_supported`] for an environment given as a lookup (for tests).
pub fn hyperlinks_in(var: &dyn Fn(&str) -> String) -> bool {
    let term = var("TERM");
    if !var("TMUX").is_empty() || term.starts_with("screen") || term.starts_with("tmux") {
        return false;
    }
    let program = var("TERM_PROGRAM");
    let known_program = [
        "iTerm.app",
        "WezTerm",
        "vscode",
        "ghostty",
        "Hyper",
        "Tabby",
        "rio",
    ]
    .contains(&program.as_str());
    let known_term = [
        "xterm-kitty",
        "foot",
        "alacritty",
        "xterm-ghostty",
        "wezterm",
    ]
    .iter()
    .any(|t| term.starts_with(t));
    let vte = var("VTE_VERSION").parse::<u32>().is_ok_and(|v| v >= 5000);
    let konsole = var("KONSOLE_VERSION")
        .parse::<u32>()
        .is_ok_and(|v| v >= 200_400);
    known_program
        || known_term
        || vte
        || konsole
        || !var("KITTY_WINDOW_ID").is_empty()
        || !var("WT_SESSION").is_empty()
}

/// `$XDG_CONFIG_HOME/sitboard/config.toml`, else `~/.config/sitboard/config.toml`.
pub fn default_path() -> Option<PathBuf> {
    let base = std::env::var_os("XDG_CONFIG_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".config")))?;
    Some(base.join("sitboard").join("config.toml"))
}

/// 1-based line and column (in characters) of a byte offset.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_documented_example_config_is_valid() {
        let text = include_str!("../../config/example.toml");
        let config = Config::parse("config/example.toml", text).expect("example config parses");
        assert_eq!(config.highlight_for, Duration::minutes(30));
        assert!(!config.mouse);
    }

    #[test]
    fn settings_are_read() {
        let config = Config::parse(
            "c.toml",
            "mouse = true\npoll_seconds = 5\nhighlight_for = \"2h\"\ntz = \"Europe/Kiev\"\n[keys]\nzoom = \"f\"\n",
        )
        .unwrap();
        assert!(config.mouse);
        assert!((config.poll_seconds - 5.0).abs() < f64::EPSILON);
        assert_eq!(config.highlight_for, Duration::hours(2));
        assert_eq!(config.tz.as_deref(), Some("Europe/Kiev"));
        assert_eq!(
            config.keys.key_label(keys::Action::Zoom, false).as_deref(),
            Some("f")
        );
    }

    #[test]
    fn links_where_the_terminal_says_it_shows_them() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |name: &str| {
                pairs
                    .iter()
                    .find(|(k, _)| *k == name)
                    .map(|(_, v)| (*v).to_string())
                    .unwrap_or_default()
            }
        };
        assert!(hyperlinks_in(&env(&[("TERM_PROGRAM", "WezTerm")])));
        assert!(hyperlinks_in(&env(&[("TERM", "xterm-kitty")])));
        assert!(hyperlinks_in(&env(&[("VTE_VERSION", "7200")])));
        assert!(!hyperlinks_in(&env(&[("VTE_VERSION", "4800")])));
        assert!(!hyperlinks_in(&env(&[("TERM", "xterm-256color")])));
        // tmux drops them unless configured: not by default.
        assert!(!hyperlinks_in(&env(&[
            ("TERM_PROGRAM", "WezTerm"),
            ("TMUX", "/tmp/tmux-0/default,1,0")
        ])));
        assert!(!hyperlinks_in(&env(&[("TERM", "screen-256color")])));
    }

    #[test]
    fn links_are_auto_always_or_never() {
        assert_eq!(Config::default().links, Links::Auto);
        for (word, links) in [
            ("auto", Links::Auto),
            ("always", Links::Always),
            ("never", Links::Never),
        ] {
            let config = Config::parse("c.toml", &format!("links = \"{word}\"\n"));
            assert_eq!(config.map(|c| c.links).ok(), Some(links));
        }
        let err = Config::parse("c.toml", "links = \"yes\\u001b[2J\"\n").unwrap_err();
        assert_eq!(
            err.to_string(),
            "c.toml:1:9: error: links: \"yes\\u{1b}[2J\" is not \"auto\", \"always\" or \"never\""
        );
    }

    #[test]
    fn a_poll_interval_says_which_bounds_it_includes() {
        for (value, col) in [("0", 16), ("-1", 16), ("3601", 16)] {
            let err = Config::parse("c.toml", &format!("poll_seconds = {value}\n")).unwrap_err();
            assert_eq!(
                err.to_string(),
                format!(
                    "c.toml:1:{col}: error: poll_seconds: {value} is not a number of seconds above 0 and at most 3600"
                )
            );
        }
        assert!(Config::parse("c.toml", "poll_seconds = 3600\n").is_ok());
        assert!(Config::parse("c.toml", "poll_seconds = 0.5\n").is_ok());
    }

    #[test]
    fn mistakes_point_at_the_value() {
        let err = Config::parse("c.toml", "mouse = true\nhighlight_for = \"soon\"\n").unwrap_err();
        assert_eq!(
            err.to_string(),
            "c.toml:2:17: error: highlight_for: \"soon\" is not a duration like \"30m\", \"2h\", \"1d\""
        );
        let err = Config::parse("c.toml", "[keys]\nzoom = \"hyper-z\"\n").unwrap_err();
        assert!(
            err.to_string()
                .starts_with("c.toml:2:8: error: keys: \"hyper-z\" is not a key"),
            "{err}"
        );
        let err = Config::parse("c.toml", "[keys]\nfly = \"f\"\n").unwrap_err();
        assert!(
            err.to_string()
                .starts_with("c.toml:2:1: error: keys: \"fly\" is not an action"),
            "{err}"
        );
        let err = Config::parse("c.toml", "[theme]\naccent = \"#ff0000\"\n").unwrap_err();
        assert!(
            err.to_string()
                .starts_with("c.toml:2:10: error: theme.accent"),
            "{err}"
        );
        let err = Config::parse("c.toml", "colour = true\n").unwrap_err();
        assert!(
            err.to_string()
                .starts_with("c.toml:1:1: error: unknown field `colour`"),
            "{err}"
        );
        let err = Config::parse("c.toml", "tz = \"Mars/Base\"\n").unwrap_err();
        assert!(
            err.to_string().starts_with("c.toml:1:6: error: tz:"),
            "{err}"
        );
        let err = Config::parse("c.toml", "mouse = \n").unwrap_err();
        assert!(err.to_string().starts_with("c.toml:1:"), "{err}");
    }

    #[test]
    fn a_missing_explicit_file_is_an_error() {
        let err = Config::load(Some(Path::new("no/such/config.toml"))).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("no/such/config.toml:1:1: error: cannot read"),
            "{err}"
        );
    }
}
