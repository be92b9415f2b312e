//! `[[event]]`: one entry of the diplomatic calendar.

use chrono_tz::Tz;

use super::{Located, SourcePos, TimePrecision, When, word_enum};

word_enum! {
    /// What sort of appointment an event is.
    EventKind {
        Meeting = "meeting", Talks = "talks", Call = "call", Summit = "summit",
        Forum = "forum", Visit = "visit", Deadline = "deadline", Other = "other",
    }
}

word_enum! {
    /// Where an event stands.
    EventStatus {
        Tentative = "tentative", Scheduled = "scheduled", Confirmed = "confirmed",
        Held = "held", Postponed = "postponed", Cancelled = "cancelled",
    }
}

/// A meeting, call, summit or deadline on the diplomatic calendar.
#[derive(Clone, Debug, PartialEq)]
pub struct Event {
    pub id: String,
    pub title: String,
    pub start: When,
    /// How precise `start` is: as declared, and at least `day` for a date alone.
    pub time_precision: TimePrecision,
    pub end: Option<When>,
    /// The zone the event takes place in, when given.
    pub tz: Option<Tz>,
    pub location: Option<String>,
    pub kind: EventKind,
    pub status: EventStatus,
    pub participants: Vec<String>,
    pub parties: Vec<Located>,
    /// Ids of issues on the agenda.
    pub issues: Vec<Located>,
    pub summary: Option<String>,
    pub sources: Vec<String>,
    pub updated: Option<When>,
    /// Where the record's `[[event]]` header was written.
    pub pos: SourcePos,
}
