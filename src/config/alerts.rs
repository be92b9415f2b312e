//! Alert rules: the config's `[[alert]]` tables (docs/command-line.md#alerts).
//!
//! ```toml
//! [[alert]]
//! name = "Big outage"
//! when = "strike"            # strike | issue_status | event_status | event_soon | stale | file_error
//! min_outage = 10000         # strike: also oblast = [...], target = [...]
//! do = ["banner", "bell", "notify", "command"]
//! command = ["notify-ops", "--channel", "board"]
//! ```
//!
//! Rules are read and checked here, with every mistake at `FILE:LINE:COL`;
//! what they match and what each action sends is [`crate::alert`]'s.

use chrono::Duration;
use serde::Deserialize;
use toml::Spanned;

use crate::model::time::parse_duration;
use crate::model::{EventStatus, IssueStatus, Target};

/// What a rule watches for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum When {
    /// A strike reported while the board runs.
    Strike,
    /// An issue's status changed.
    IssueStatus,
    /// An event's status changed.
    EventStatus,
    /// An event comes within `within` of starting.
    EventSoon,
    /// The data went stale (the newest file older than the board's `stale_after`).
    Stale,
    /// A file gained errors and was rejected.
    FileError,
}

impl When {
    pub const NAMES: &'static [&'static str] = &[
        "strike",
        "issue_status",
        "event_status",
        "event_soon",
        "stale",
        "file_error",
    ];

    pub fn parse(word: &str) -> Option<When> {
        Some(match word {
            "strike" => When::Strike,
            "issue_status" => When::IssueStatus,
            "event_status" => When::EventStatus,
            "event_soon" => When::EventSoon,
            "stale" => When::Stale,
            "file_error" => When::FileError,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            When::Strike => "strike",
            When::IssueStatus => "issue_status",
            When::EventStatus => "event_status",
            When::EventSoon => "event_soon",
            When::Stale => "stale",
            When::FileError => "file_error",
        }
    }
}

/// What a rule does when it fires. The banner is always raised.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Actions {
    /// Ring the terminal's bell.
    pub bell: bool,
    /// A desktop notification through the terminal (OSC 777 and OSC 9).
    pub notify: bool,
    /// Run the rule's command with the alert as JSON on its standard input.
    pub command: bool,
}

/// The words `do` takes.
pub const ACTION_NAMES: &[&str] = &["banner", "bell", "notify", "command"];

/// The default `within` of an `event_soon` rule.
pub fn default_within() -> Duration {
    Duration::minutes(15)
}

/// One `[[alert]]` table, checked.
#[derive(Clone, Debug, PartialEq)]
pub struct Rule {
    pub name: String,
    pub when: When,
    /// `strike`: the fewest customers without power that match (0: any strike).
    pub min_outage: u64,
    /// `strike`: oblasts that match (empty: any). Compared without case.
    pub oblast: Vec<String>,
    /// `strike`: facility kinds that match (empty: any).
    pub target: Vec<Target>,
    /// `issue_status`: the status before (empty: any).
    pub from: Vec<IssueStatus>,
    /// `issue_status`: the status after (empty: any).
    pub to_issue: Vec<IssueStatus>,
    /// `event_status`: the status after (empty: any).
    pub to_event: Vec<EventStatus>,
    /// `event_soon`: how long before the start.
    pub within: Duration,
    pub actions: Actions,
    /// The program and its arguments (never a shell).
    pub command: Vec<String>,
}

/// A mistake in a rule: the byte range it points at and the message.
pub type RuleError = (std::ops::Range<usize>, String);

/// The `[[alert]]` table as written.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RuleFile {
    name: Option<Spanned<String>>,
    when: Option<Spanned<String>>,
    min_outage: Option<Spanned<i64>>,
    oblast: Option<Spanned<Vec<Spanned<String>>>>,
    target: Option<Spanned<Vec<Spanned<String>>>>,
    from: Option<Spanned<Vec<Spanned<String>>>>,
    to: Option<Spanned<Vec<Spanned<String>>>>,
    within: Option<Spanned<String>>,
    #[serde(rename = "do")]
    actions: Option<Spanned<Vec<Spanned<String>>>>,
    command: Option<Spanned<Vec<Spanned<String>>>>,
}

/// A value quoted for a message (the message is cleaned of control
/// characters where it is printed, as every config error is).
fn quoted(value: &str) -> String {
    format!("\"{value}\"")
}

/// Reads a list of words with `parse`, pointing at the first one it does not know.
fn words<T>(
    key: &str,
    list: Option<&Spanned<Vec<Spanned<String>>>>,
    parse: impl Fn(&str) -> Option<T>,
    known: &[&str],
) -> Result<Vec<T>, RuleError> {
    let Some(list) = list else {
        return Ok(Vec::new());
    };
    list.get_ref()
        .iter()
        .map(|word| {
            parse(word.get_ref()).ok_or_else(|| {
                (
                    word.span(),
                    format!(
                        "alert.{key}: {} is not one of {}",
                        quoted(word.get_ref()),
                        known.join(", ")
                    ),
                )
            })
        })
        .collect()
}

impl RuleFile {
    /// Checks the table (whose header is at `at`) and turns it into a [`Rule`].
    pub(super) fn check(self, at: std::ops::Range<usize>) -> Result<Rule, RuleError> {
        let Some(when_word) = &self.when else {
            return Err((
                at,
                format!(
                    "alert: `when` is missing; one of {}",
                    When::NAMES.join(", ")
                ),
            ));
        };
        let when = When::parse(when_word.get_ref()).ok_or_else(|| {
            (
                when_word.span(),
                format!(
                    "alert.when: {} is not one of {}",
                    quoted(when_word.get_ref()),
                    When::NAMES.join(", ")
                ),
            )
        })?;
        let name = match &self.name {
            // Cleaned where it is shown or sent (`crate::alert`), as data is.
            Some(name) if !name.get_ref().trim().is_empty() => name.get_ref().clone(),
            Some(name) => return Err((name.span(), "alert.name: is empty".to_string())),
            None => {
                return Err((at, "alert: `name` is missing".to_string()));
            }
        };
        // A filter that does not apply to the rule's `when` is a mistake, not
        // something to ignore silently: the operator meant it to narrow the rule.
        let only = |key: &str, span: Option<std::ops::Range<usize>>, fits: &[When]| match span {
            Some(span) if !fits.contains(&when) => Err((
                span,
                format!(
                    "alert.{key}: applies to when = {}, not \"{}\"",
                    fits.iter()
                        .map(|w| format!("\"{}\"", w.as_str()))
                        .collect::<Vec<_>>()
                        .join(" or "),
                    when.as_str()
                ),
            )),
            _ => Ok(()),
        };
        only(
            "min_outage",
            self.min_outage.as_ref().map(Spanned::span),
            &[When::Strike],
        )?;
        only(
            "oblast",
            self.oblast.as_ref().map(Spanned::span),
            &[When::Strike],
        )?;
        only(
            "target",
            self.target.as_ref().map(Spanned::span),
            &[When::Strike],
        )?;
        only(
            "from",
            self.from.as_ref().map(Spanned::span),
            &[When::IssueStatus],
        )?;
        only(
            "to",
            self.to.as_ref().map(Spanned::span),
            &[When::IssueStatus, When::EventStatus],
        )?;
        only(
            "within",
            self.within.as_ref().map(Spanned::span),
            &[When::EventSoon],
        )?;
        let min_outage = match &self.min_outage {
            Some(n) => u64::try_from(*n.get_ref()).map_err(|_| {
                (
                    n.span(),
                    "alert.min_outage: must be 0 or more customers".to_string(),
                )
            })?,
            None => 0,
        };
        let oblast = self
            .oblast
            .as_ref()
            .map(|list| list.get_ref().iter().map(|o| o.get_ref().clone()).collect())
            .unwrap_or_default();
        let target_names: Vec<&str> = Target::ALL.iter().map(|t| t.as_str()).collect();
        let target = words("target", self.target.as_ref(), Target::parse, &target_names)?;
        let issue_names: Vec<&str> = IssueStatus::ALL.iter().map(|s| s.as_str()).collect();
        let event_names: Vec<&str> = EventStatus::ALL.iter().map(|s| s.as_str()).collect();
        let from = words("from", self.from.as_ref(), IssueStatus::parse, &issue_names)?;
        let (to_issue, to_event) = if when == When::EventStatus {
            (
                Vec::new(),
                words("to", self.to.as_ref(), EventStatus::parse, &event_names)?,
            )
        } else {
            (
                words("to", self.to.as_ref(), IssueStatus::parse, &issue_names)?,
                Vec::new(),
            )
        };
        let within = match &self.within {
            Some(text) => parse_duration(text.get_ref())
                .filter(|d| *d > Duration::zero())
                .ok_or_else(|| {
                    (
                        text.span(),
                        format!(
                            "alert.within: {} is not a duration like \"15m\", \"2h\"",
                            quoted(text.get_ref())
                        ),
                    )
                })?,
            None => default_within(),
        };
        let mut actions = Actions::default();
        let mut asked_command = None;
        if let Some(list) = &self.actions {
            for word in list.get_ref() {
                match word.get_ref().as_str() {
                    "banner" => {}
                    "bell" => actions.bell = true,
                    "notify" => actions.notify = true,
                    "command" => {
                        actions.command = true;
                        asked_command = Some(word.span());
                    }
                    other => {
                        return Err((
                            word.span(),
                            format!(
                                "alert.do: {} is not one of {}",
                                quoted(other),
                                ACTION_NAMES.join(", ")
                            ),
                        ));
                    }
                }
            }
        }
        let command: Vec<String> = self
            .command
            .as_ref()
            .map(|c| c.get_ref().iter().map(|a| a.get_ref().clone()).collect())
            .unwrap_or_default();
        match (&self.command, asked_command) {
            (None, Some(span)) => {
                return Err((
                    span,
                    "alert.do: \"command\" needs `command = [\"program\", \"arg\", ...]`"
                        .to_string(),
                ));
            }
            (Some(list), None) => {
                return Err((
                    list.span(),
                    "alert.command: is set but `do` does not list \"command\"".to_string(),
                ));
            }
            (Some(list), Some(_))
                if command
                    .first()
                    .is_none_or(|program| program.trim().is_empty()) =>
            {
                return Err((
                    list.span(),
                    "alert.command: needs a program to run as its first item".to_string(),
                ));
            }
            (Some(list), Some(_)) if command.iter().any(|a| a.contains('\0')) => {
                return Err((
                    list.span(),
                    "alert.command: an argument holds a NUL byte".to_string(),
                ));
            }
            _ => {}
        }
        Ok(Rule {
            name,
            when,
            min_outage,
            oblast,
            target,
            from,
            to_issue,
            to_event,
            within,
            actions,
            command,
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::config::Config;

    use super::*;

    fn rules(text: &str) -> Vec<Rule> {
        Config::parse("c.toml", text).expect("valid").alerts
    }

    fn error(text: &str) -> String {
        Config::parse("c.toml", text).unwrap_err().to_string()
    }

    #[test]
    fn a_rule_of_each_kind_is_read() {
        let all = rules(
            r#"
[[alert]]
name = "Big outage"
when = "strike"
min_outage = 10000
oblast = ["Kyiv", "Lviv"]
target = ["substation"]
do = ["banner", "bell", "notify", "command"]
command = ["notify-ops", "--channel", "board"]

[[alert]]
name = "Deal"
when = "issue_status"
from = ["negotiating"]
to = ["agreed", "near-agreement"]

[[alert]]
name = "Cancelled"
when = "event_status"
to = ["cancelled", "postponed"]
do = ["bell"]

[[alert]]
name = "Soon"
when = "event_soon"
within = "10m"

[[alert]]
name = "Stale"
when = "stale"

[[alert]]
name = "Broken"
when = "file_error"
do = ["notify"]
"#,
        );
        assert_eq!(all.len(), 6);
        assert_eq!(all[0].min_outage, 10_000);
        assert_eq!(all[0].oblast, vec!["Kyiv", "Lviv"]);
        assert_eq!(all[0].target, vec![Target::Substation]);
        assert_eq!(
            all[0].actions,
            Actions {
                bell: true,
                notify: true,
                command: true
            }
        );
        assert_eq!(all[0].command, vec!["notify-ops", "--channel", "board"]);
        assert_eq!(all[1].from, vec![IssueStatus::Negotiating]);
        assert_eq!(
            all[1].to_issue,
            vec![IssueStatus::Agreed, IssueStatus::NearAgreement]
        );
        assert_eq!(
            all[2].to_event,
            vec![EventStatus::Cancelled, EventStatus::Postponed]
        );
        assert_eq!(all[3].within, Duration::minutes(10));
        assert_eq!(all[4].when, When::Stale);
        assert!(all[5].actions.notify && !all[5].actions.bell);
    }

    #[test]
    fn mistakes_point_at_the_value() {
        assert_eq!(
            error("[[alert]]\nname = \"x\"\nwhen = \"earthquake\"\n"),
            "c.toml:3:8: error: alert.when: \"earthquake\" is not one of strike, issue_status, \
             event_status, event_soon, stale, file_error"
        );
        assert!(
            error(
                "[[alert]]\nname = \"x\"\nwhen = \"strike\"\ntarget = [\"substation\", \"dam\"]\n"
            )
            .starts_with("c.toml:4:25: error: alert.target: \"dam\" is not one of thermal"),
        );
        assert_eq!(
            error("[[alert]]\nname = \"x\"\nwhen = \"stale\"\nmin_outage = 5\n"),
            "c.toml:4:14: error: alert.min_outage: applies to when = \"strike\", not \"stale\""
        );
        assert_eq!(
            error("[[alert]]\nname = \"x\"\nwhen = \"strike\"\ndo = [\"bell\", \"email\"]\n"),
            "c.toml:4:15: error: alert.do: \"email\" is not one of banner, bell, notify, command"
        );
        assert!(
            error("[[alert]]\nname = \"x\"\nwhen = \"strike\"\ndo = [\"command\"]\n")
                .starts_with("c.toml:4:7: error: alert.do: \"command\" needs"),
        );
        assert!(
            error("[[alert]]\nname = \"x\"\nwhen = \"strike\"\ncommand = [\"x\"]\n")
                .starts_with("c.toml:4:11: error: alert.command: is set but"),
        );
        assert!(
            error("[[alert]]\nname = \"x\"\nwhen = \"event_soon\"\nwithin = \"soon\"\n")
                .starts_with("c.toml:4:10: error: alert.within:"),
        );
        assert!(error("[[alert]]\nwhen = \"stale\"\n").contains("`name` is missing"));
        assert!(
            error("[[alert]]\nname = \"x\"\nwhen = \"stale\"\nshell = \"sh\"\n")
                .starts_with("c.toml:4:1: error: unknown field `shell`"),
        );
        assert!(
            error("[[alert]]\nname = \"x\"\nwhen = \"strike\"\nmin_outage = -1\n")
                .starts_with("c.toml:4:14: error: alert.min_outage"),
        );
    }
}
