//! Domain types: what the rest of the program sees of a board.
//!
//! These are not the TOML shapes (the loader reads TOML into them and validates
//! on the way); they are the records as the board understands them, with every
//! default applied, every enum checked and every time resolved to an instant.

pub mod board;
pub mod by_time;
pub mod diff;
pub mod event;
pub mod figures;
pub mod format;
pub mod issue;
pub mod order;
pub mod problem;
pub mod strike;
pub mod text;
pub mod time;
pub mod zone;

pub use board::{Board, BoardMeta, MapFile, PartyCode};
pub use event::{Event, EventKind, EventStatus};
pub use issue::{Issue, IssueStatus, LogEntry, Priority};
pub use problem::{Level, Problem, ProblemCount};
pub use strike::{
    Casualties, Confidence, Damage, Estimate, EstimateSum, GeoPrecision, Strike, Target, Weapons,
};
pub use text::{Text, Texts};
pub use time::{TimePrecision, When, Written};
pub use zone::{DisplayTz, Zone};

/// Where something was written in its file: 1-based line and column (in characters).
///
/// Positions are *not* part of a record's content: two records that differ only in
/// where they stand in the file compare equal, so moving a record inside its file
/// is not reported as a change. (That is why `PartialEq` is hand-written here.)
#[derive(Clone, Copy, Debug, Default, Eq)]
pub struct SourcePos {
    pub line: u32,
    pub col: u32,
}

impl PartialEq for SourcePos {
    fn eq(&self, _other: &Self) -> bool {
        true
    }
}

/// A string value together with where it was written (for warnings found only
/// when the whole board is known, such as an event naming an unknown issue).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Located {
    pub value: String,
    pub pos: SourcePos,
}

/// Which of the three record kinds a record is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    Event,
    Issue,
    Strike,
}

impl Kind {
    /// The table name as written in TOML (`[[event]]`) and in messages.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Event => "event",
            Kind::Issue => "issue",
            Kind::Strike => "strike",
        }
    }
}

/// Defines a closed set of words read from the data files: the enum, its words in
/// order, `as_str` and `parse`. Used for every enum of the data format (docs/data-format.md) so that validation,
/// messages ("is not one of ...") and the JSON schema read the same list.
macro_rules! word_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $word:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name { $($(#[$vmeta])* $variant),+ }

        impl $name {
            /// Every value, in the order the specification lists them.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            /// Every word, in the order the specification lists them.
            pub const WORDS: &'static [&'static str] = &[$($word),+];

            /// The word as written in a data file.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $word),+ }
            }

            /// Reads the word exactly as the data files spell it.
            pub fn parse(word: &str) -> Option<Self> {
                match word { $($word => Some($name::$variant),)+ _ => None }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}
pub(crate) use word_enum;
