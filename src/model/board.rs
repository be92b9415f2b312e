//! The `[board]` table: title, clocks, zones, staleness, parties.

use std::collections::BTreeMap;

use chrono::Duration;
use chrono_tz::Tz;

use super::SourcePos;

/// A party code as used in records (`UA`, `RU`, `US`).
pub type PartyCode = String;

/// Board-wide settings from the (at most one) `[board]` table, with defaults applied.
#[derive(Clone, Debug, PartialEq)]
pub struct BoardMeta {
    pub title: String,
    pub classification: Option<String>,
    /// Clocks shown in the header, in this order.
    pub clocks: Vec<Tz>,
    /// Zone for local times that carry no `tz` of their own, in every file.
    pub default_tz: Tz,
    pub stale_after: Duration,
    /// Party code → display name; empty when not given.
    pub parties: BTreeMap<PartyCode, String>,
    /// Where the `[board]` header was written (for "second [board]" errors).
    pub pos: SourcePos,
}

impl Default for BoardMeta {
    fn default() -> Self {
        BoardMeta {
            title: "Situation board".to_string(),
            classification: None,
            clocks: vec![Tz::UTC],
            default_tz: Tz::UTC,
            stale_after: Duration::hours(6),
            parties: BTreeMap::new(),
            pos: SourcePos::default(),
        }
    }
}

impl BoardMeta {
    /// The display name of a party code, or the code itself when it has none.
    pub fn party_name<'a>(&'a self, code: &'a str) -> &'a str {
        self.parties.get(code).map(String::as_str).unwrap_or(code)
    }
}
