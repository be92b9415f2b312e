//! `[[issue]]`: one open question of the negotiation, with its history.

use std::collections::BTreeMap;

use super::{BoardMeta, Located, PartyCode, SourcePos, When, word_enum};

word_enum! {
    /// How far an issue has come.
    IssueStatus {
        Open = "open", Negotiating = "negotiating", NearAgreement = "near-agreement",
        Agreed = "agreed", Deadlocked = "deadlocked", Shelved = "shelved",
    }
}

word_enum! {
    /// How much an issue matters; `Critical` sorts first.
    Priority { Critical = "critical", High = "high", Medium = "medium", Low = "low" }
}

/// One entry of an issue's history (`[[issue.log]]`).
#[derive(Clone, Debug, PartialEq)]
pub struct LogEntry {
    pub date: When,
    pub text: String,
    /// The issue's status from this entry on, when the entry changed it.
    pub status: Option<IssueStatus>,
    pub source: Option<String>,
}

/// A negotiation issue: territory, security guarantees, ...
#[derive(Clone, Debug, PartialEq)]
pub struct Issue {
    pub id: String,
    pub title: String,
    pub status: IssueStatus,
    pub priority: Priority,
    /// Analysts' estimate of how settled it is, 0–100.
    pub progress: Option<u8>,
    pub summary: Option<String>,
    pub owner: Option<String>,
    pub parties: Vec<Located>,
    pub tags: Vec<String>,
    /// Each party's stated position, by party code (in code order).
    pub positions: BTreeMap<PartyCode, String>,
    /// Where each position's party code was written (for unknown-party warnings).
    pub position_codes: Vec<Located>,
    pub updated: Option<When>,
    pub sources: Vec<String>,
    /// History, as written in the file (oldest first by convention, not enforced).
    pub log: Vec<LogEntry>,
    pub pos: SourcePos,
}

impl Issue {
    /// Each party's position in the order a reader expects: the order of
    /// `[board.parties]`, then the others as the file lists them.
    pub fn positions_in_order<'a>(&'a self, meta: &BoardMeta) -> Vec<(&'a str, &'a str)> {
        let listed = meta
            .party_order
            .iter()
            .filter_map(|code| self.positions.get_key_value(code));
        let rest = self
            .position_codes
            .iter()
            .filter(|code| !meta.party_order.contains(&code.value))
            .filter_map(|code| self.positions.get_key_value(&code.value));
        listed
            .chain(rest)
            .map(|(code, text)| (code.as_str(), text.as_str()))
            .collect()
    }
}
