//! `[[issue]]` (with `positions` and `[[issue.log]]`) into [`Issue`] (docs/data-format.md#issues).

use std::collections::BTreeMap;

use crate::load::tree::Table;

use super::finish_record;
use super::reader::{Ctx, TableReader};
use crate::load::fields::{ISSUE, ISSUE_LOG};
use crate::model::problem::Problem;
use crate::model::{Issue, IssueStatus, Kind, LogEntry, Priority, SourcePos};

/// Reads one `[[issue]]` written at `at`; `None` when it has an error.
pub fn read(
    ctx: &Ctx<'_>,
    table: &Table<'_>,
    at: SourcePos,
    problems: &mut Vec<Problem>,
) -> Option<Issue> {
    let mut mine = Vec::new();
    let mut r = TableReader::new(ctx, table, &ISSUE, at, "", &mut mine);
    let id = r.id("id");
    let title = r.string("title");
    let status = r.word("status", IssueStatus::parse);
    let priority = r.word("priority", Priority::parse);
    let progress = r.integer("progress").and_then(|p| u8::try_from(p).ok());
    let summary = r.text("summary");
    let owner = r.string("owner");
    let parties = r.located("parties");
    let tags = r.strings("tags");
    let positions = r.string_map("positions", true).unwrap_or_default();
    let updated = r.time("updated", None);
    let sources = r.sources("sources");
    let logs = r.tables("log");
    r.finish();
    let mut log = Vec::new();
    for (table, span) in logs {
        let at = ctx.pos(&span);
        let mut l = TableReader::new(ctx, table, &ISSUE_LOG, at, "log.", &mut mine);
        let date = l.time("date", None);
        let text = l.text("text");
        let status = l.word("status", IssueStatus::parse);
        let source = l.string("source");
        l.finish();
        if let (Some(date), Some(text)) = (date, text) {
            log.push(LogEntry {
                date,
                text,
                status,
                source,
            });
        }
    }
    let id = finish_record(Kind::Issue, id, at, mine, problems)?;
    let mut position_codes = Vec::new();
    let mut by_code = BTreeMap::new();
    for (code, text) in positions {
        by_code.insert(code.value.clone(), text);
        position_codes.push(code);
    }
    Some(Issue {
        id,
        title: title?,
        status: status?,
        priority: priority.unwrap_or(Priority::Medium),
        progress,
        summary,
        owner,
        parties,
        tags,
        positions: by_code,
        position_codes,
        updated,
        sources,
        log,
        pos: at,
    })
}

#[cfg(test)]
mod tests {
    use crate::load::validate::tests::{messages, records};
    use crate::model::{IssueStatus, Priority};

    const TERRITORY: &str = r#"[[issue]]
id = "territory"
title = "Territory"
status = "negotiating"
priority = "critical"
progress = 40
summary = "Where the line runs."
owner = "Desk A"
parties = ["UA", "RU"]
tags = ["territory"]
updated = 2026-01-20T10:00:00Z
sources = ["https://example.org/1"]

[issue.positions]
UA = "No recognition\nof occupied land."
RU = "All of Donetsk oblast."

[[issue.log]]
date = 2026-01-10
text = "Raised in Davos"
status = "open"
source = "report"

[[issue.log]]
date = 2026-01-20T09:00:00
text = "Talks resumed"
"#;

    #[test]
    fn a_full_issue() {
        let r = records(TERRITORY);
        let i = &r.issues[0];
        assert_eq!(i.status, IssueStatus::Negotiating);
        assert_eq!(i.priority, Priority::Critical);
        assert_eq!(i.progress, Some(40));
        assert_eq!(
            i.positions.get("UA").map(String::as_str),
            Some("No recognition\nof occupied land.")
        );
        assert_eq!(i.position_codes.len(), 2);
        assert_eq!(i.log.len(), 2);
        assert_eq!(i.log[0].status, Some(IssueStatus::Open));
        assert_eq!(i.log[0].source.as_deref(), Some("report"));
        assert_eq!(i.log[1].text, "Talks resumed");
        assert!(i.log[1].date.floats());
    }

    #[test]
    fn progress_range_and_status_enum() {
        assert_eq!(
            messages("[[issue]]\nid = \"t\"\ntitle = \"T\"\nstatus = \"stuck\"\nprogress = 140\n"),
            [
                "4:10: error: issue \"t\": status \"stuck\" is not one of open, negotiating, near-agreement, agreed, deadlocked, shelved (did you mean \"deadlocked\"?)",
                "5:12: error: issue \"t\": progress 140 is out of range; expected an integer from 0 to 100 (inclusive)",
            ]
        );
        assert_eq!(
            messages("[[issue]]\nid = \"t\"\ntitle = \"T\"\nstatus = \"open\"\nprogress = -1\n"),
            [
                "5:12: error: issue \"t\": progress -1 is negative; expected an integer from 0 to 100 (inclusive)"
            ]
        );
    }

    #[test]
    fn log_entries_are_checked() {
        assert_eq!(
            messages(
                "[[issue]]\nid = \"t\"\ntitle = \"T\"\nstatus = \"open\"\n[[issue.log]]\ntext = \"x\"\nwhen = 2026-01-01\n"
            ),
            [
                "5:1: error: issue \"t\": missing required key log.date (a TOML date-time such as 2026-01-22T18:00:00+03:00, 2026-01-22T18:00:00 or 2026-01-22)",
                "7:1: warning: issue \"t\": unknown key \"log.when\" in [[issue.log]]",
            ]
        );
    }

    #[test]
    fn positions_must_be_strings() {
        assert_eq!(
            messages(
                "[[issue]]\nid = \"t\"\ntitle = \"T\"\nstatus = \"open\"\npositions = { UA = 1 }\n"
            ),
            ["5:20: error: issue \"t\": positions.UA: expected a string, found an integer"]
        );
    }
}
