//! The command line (docs/command-line.md): `sitboard [OPTIONS] [PATH]...` and
//! its subcommands, read with clap and turned into plain values
//! ([`Settings`], [`brief::Format`]) before any command sees them.

use std::io::Write;
use std::path::PathBuf;

use chrono::{DateTime, Utc};
use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::brief;
use crate::config::MAX_POLL_SECONDS;
use crate::settings::Settings;

/// A terminal situation board: the diplomatic calendar, the negotiation issues and
/// reports of strikes on energy infrastructure, drawn from TOML files and refreshed
/// the moment a file changes.
#[derive(Debug, Parser)]
#[command(name = "sitboard", version, about, long_about = None)]
// Plain messages, like every other message of ours: no styling on a terminal either.
#[command(color = clap::ColorChoice::Never)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub common: Common,
    /// Wall mode for a screen in a room: big clock and countdown, state banners,
    /// the panes in turn (also `wall = true` in the config).
    #[arg(long)]
    pub wall: bool,
    /// Wall mode: seconds each pane stays on screen (default 20; 0 shows every
    /// pane at once).
    #[arg(long, value_name = "SECONDS", value_parser = parse_rotate)]
    pub rotate: Option<u64>,
    #[command(flatten)]
    pub since: Since,
    /// Data files or directories (default: $`SITBOARD_DATA`, else the example board).
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
}

impl Cli {
    /// The board's settings: the common options and the wall's.
    pub fn board_settings(&self) -> Settings {
        Settings {
            wall: self.wall,
            rotate: self.rotate,
            ..self.common.settings_since(&self.since)
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate the data files and report every problem.
    Check {
        #[command(flatten)]
        common: Common,
        #[arg(value_name = "PATH")]
        paths: Vec<PathBuf>,
    },
    /// Print a briefing snapshot and exit.
    Brief {
        #[command(flatten)]
        common: Common,
        /// Output format.
        #[arg(long, value_enum, default_value_t = BriefFormat::Text)]
        format: BriefFormat,
        #[command(flatten)]
        since: Since,
        /// Leave the problems out of the brief and print them on stderr (text and
        /// Markdown; a brief to forward).
        #[arg(long)]
        no_problems: bool,
        /// JSON: add the records themselves, under the data format's key names.
        #[arg(long)]
        full: bool,
        #[arg(value_name = "PATH")]
        paths: Vec<PathBuf>,
    },
    /// Export data in another format.
    #[command(subcommand)]
    Export(Export),
    /// Present mode: full-screen slides for a briefing (Esc returns to the board).
    Present {
        #[command(flatten)]
        common: Common,
        #[arg(value_name = "PATH")]
        paths: Vec<PathBuf>,
    },
    /// Print a JSON Schema of the data files, for editors.
    Schema,
    /// Write a ready data repository into DIR (never overwrites).
    Init {
        /// The directory to write into (created if missing).
        dir: PathBuf,
    },
    /// Turn a CSV export into [[strike]] TOML (stdout, or --out FILE); a summary
    /// of rows read, written and skipped goes to stderr.
    Import {
        /// What the CSV is: `air-force` (the Air Force attack dataset) or `acled`.
        #[arg(value_enum)]
        format: ImportFormat,
        /// The CSV file.
        csv: PathBuf,
        /// Write the TOML to FILE (replacing it) instead of stdout.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        /// ACLED: keep every row, as target `other` when no keyword names one.
        #[arg(long)]
        all: bool,
        /// ACLED: energy keywords from FILE instead of the built-in list.
        #[arg(long, value_name = "FILE")]
        keywords: Option<PathBuf>,
    },
}

/// The formats `import` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ImportFormat {
    AirForce,
    Acled,
}

impl From<ImportFormat> for crate::import::Format {
    fn from(format: ImportFormat) -> crate::import::Format {
        match format {
            ImportFormat::AirForce => crate::import::Format::AirForce,
            ImportFormat::Acled => crate::import::Format::Acled,
        }
    }
}

impl Command {
    /// `import`'s arguments as the command takes them; `None` for other commands.
    pub fn import_request(&self) -> Option<crate::import::Request> {
        match self {
            Command::Import {
                format,
                csv,
                out,
                all,
                keywords,
            } => Some(crate::import::Request {
                format: (*format).into(),
                csv: csv.clone(),
                out: out.clone(),
                all: *all,
                keywords: keywords.clone(),
            }),
            _ => None,
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum Export {
    /// The calendar as iCalendar (RFC 5545) on stdout.
    Ics {
        #[command(flatten)]
        common: Common,
        #[arg(value_name = "PATH")]
        paths: Vec<PathBuf>,
    },
}

/// Options every command takes.
#[derive(Debug, Clone, Default, Args)]
pub struct Common {
    /// Freeze the board's clock at this instant (RFC 3339, e.g. 2026-01-21T12:00:00Z).
    #[arg(long, value_name = "TIME", value_parser = parse_now)]
    pub now: Option<DateTime<Utc>>,
    /// Zone to display times in: an IANA name or `local`.
    #[arg(long, value_name = "ZONE")]
    pub tz: Option<String>,
    /// User config file (default: $`XDG_CONFIG_HOME/sitboard/config.toml` if it exists).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// No colour at all (also when `NO_COLOR` is set and not empty).
    #[arg(long)]
    pub no_color: bool,
    /// ASCII-only borders and glyphs.
    #[arg(long)]
    pub ascii: bool,
    /// Watch files by polling only, every SECONDS (for network file systems).
    #[arg(long, value_name = "SECONDS", value_parser = parse_poll)]
    pub poll: Option<std::time::Duration>,
    /// The board as it stood at WHEN, read from git: a revision (HEAD~3, a hash,
    /// a tag), an RFC 3339 time, a date (start of day) or a span back (12h, 7d).
    #[arg(long, value_name = "WHEN")]
    pub at: Option<String>,
}

/// `--since WHEN`, taken by the board and `brief`.
#[derive(Debug, Clone, Default, Args)]
pub struct Since {
    /// Show what changed since WHEN: a revision, an RFC 3339 time, a date or a span
    /// back (12h, 7d).
    #[arg(long, value_name = "WHEN")]
    pub since: Option<String>,
}

impl Cli {
    /// Reads the process's arguments. On `--help`, `--version` or a usage error
    /// clap's message is printed here, every line sanitised as data text is
    /// (an unknown option or a bad value is echoed back, and it may hold
    /// escape sequences or C1 controls), and the exit status comes back as the
    /// error: 0 for help and version, 2 for a usage error.
    pub fn read() -> Result<Cli, u8> {
        let args = options_after_subcommand(std::env::args_os().collect());
        Cli::try_parse_from(args).map_err(|error| {
            let text = error.render().to_string();
            let clean: Vec<String> = text.lines().map(crate::load::sanitize::line).collect();
            let clean = clean.join("\n");
            // A closed stream has nowhere else to say it; the status still tells.
            if error.use_stderr() {
                let _ = writeln!(std::io::stderr(), "{}", clean.trim_end());
            } else {
                let _ = writeln!(std::io::stdout(), "{}", clean.trim_end());
            }
            u8::try_from(error.exit_code()).unwrap_or(2)
        })
    }
}

/// The subcommands, as typed (`export` is followed by its format).
const SUBCOMMANDS: [&str; 7] = [
    "check", "brief", "export", "present", "schema", "init", "import",
];

/// Options that take a value (`--tz UTC`, or `--tz=UTC` in one word).
const WITH_VALUE: [&str; 8] = [
    "--now", "--tz", "--config", "--poll", "--rotate", "--at", "--since", "--format",
];

/// `sitboard --tz UTC check board` means `sitboard check --tz UTC board`: the
/// options written before a subcommand are moved after it (after `export ics`
/// for export), so options work on either side (docs/command-line.md). Only
/// when everything before the subcommand is an option with its value, so a
/// PATH named `check` after a real PATH stays a PATH.
pub fn options_after_subcommand(args: Vec<std::ffi::OsString>) -> Vec<std::ffi::OsString> {
    let mut i = 1;
    while i < args.len() {
        let Some(word) = args[i].to_str() else {
            return args;
        };
        if SUBCOMMANDS.contains(&word) {
            break;
        }
        if word == "--" || !word.starts_with("--") {
            // A PATH (or `--`): the board itself, nothing to move.
            return args;
        }
        i += if WITH_VALUE.contains(&word) { 2 } else { 1 };
    }
    if i <= 1 || i >= args.len() {
        return args;
    }
    let subcommand_words = if args[i] == "export" { 2 } else { 1 };
    let end = (i + subcommand_words).min(args.len());
    let mut out = Vec::with_capacity(args.len());
    out.push(args[0].clone());
    out.extend_from_slice(&args[i..end]);
    out.extend_from_slice(&args[1..i]);
    out.extend_from_slice(&args[end..]);
    out
}

impl Common {
    /// The options as plain values.
    pub fn settings(&self) -> Settings {
        Settings {
            now: self.now,
            tz: self.tz.clone(),
            config: self.config.clone(),
            no_color: self.no_color,
            ascii: self.ascii,
            poll: self.poll,
            at: self.at.clone(),
            ..Settings::default()
        }
    }

    /// The options with `--since`.
    pub fn settings_since(&self, since: &Since) -> Settings {
        Settings {
            since: since.since.clone(),
            ..self.settings()
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum BriefFormat {
    Text,
    Markdown,
    Json,
}

impl From<BriefFormat> for brief::Format {
    fn from(format: BriefFormat) -> brief::Format {
        match format {
            BriefFormat::Text => brief::Format::Text,
            BriefFormat::Markdown => brief::Format::Markdown,
            BriefFormat::Json => brief::Format::Json,
        }
    }
}

fn parse_poll(text: &str) -> Result<std::time::Duration, String> {
    let expected = || {
        format!(
            "expected a number of seconds above 0 and at most {MAX_POLL_SECONDS}, e.g. 2 or 0.5"
        )
    };
    let seconds: f64 = text.trim().parse().map_err(|_| expected())?;
    if !(seconds.is_finite() && seconds > 0.0 && seconds <= MAX_POLL_SECONDS) {
        return Err(expected());
    }
    std::time::Duration::try_from_secs_f64(seconds).map_err(|_| expected())
}

fn parse_rotate(text: &str) -> Result<u64, String> {
    let expected = || {
        format!(
            "expected a whole number of seconds from 0 to {}, e.g. 20 (0: no rotation)",
            crate::config::MAX_ROTATE_SECONDS
        )
    };
    let seconds: u64 = text.trim().parse().map_err(|_| expected())?;
    if seconds > crate::config::MAX_ROTATE_SECONDS {
        return Err(expected());
    }
    Ok(seconds)
}

fn parse_now(text: &str) -> Result<DateTime<Utc>, String> {
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| format!("not an RFC 3339 time like 2026-01-21T12:00:00Z ({e})"))
}

#[cfg(test)]
mod tests {
    use super::options_after_subcommand;

    fn moved(args: &[&str]) -> Vec<String> {
        let args = args.iter().map(std::ffi::OsString::from).collect();
        options_after_subcommand(args)
            .into_iter()
            .map(|a| a.into_string().unwrap())
            .collect()
    }

    #[test]
    fn options_before_a_subcommand_move_after_it() {
        assert_eq!(
            moved(&["sitboard", "--tz", "UTC", "check", "board"]),
            ["sitboard", "check", "--tz", "UTC", "board"]
        );
        assert_eq!(
            moved(&[
                "sitboard",
                "--no-color",
                "--now=2026-01-21T12:00:00Z",
                "export",
                "ics",
                "b"
            ]),
            [
                "sitboard",
                "export",
                "ics",
                "--no-color",
                "--now=2026-01-21T12:00:00Z",
                "b"
            ]
        );
        // Already after, no subcommand, or a PATH named like one: unchanged.
        for args in [
            &["sitboard", "check", "--tz", "UTC", "board"][..],
            &["sitboard", "--tz", "UTC", "board"],
            &["sitboard", "board", "check"],
            &["sitboard", "--tz", "check"],
        ] {
            assert_eq!(moved(args), args);
        }
    }
}
