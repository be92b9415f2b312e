//! Problems found in data files: errors reject a file, warnings do not.

use std::fmt;
use std::sync::Arc;

use crate::model::{Kind, SourcePos};

/// How serious a problem is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Level {
    /// The file is rejected; its last good version stays on the board.
    Error,
    /// The file is applied.
    Warning,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Error => "error",
            Level::Warning => "warning",
        }
    }
}

/// One problem: `FILE:LINE:COL: LEVEL: KIND "ID": MESSAGE`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// The file as the user named it (or as found under a named directory).
    pub file: Arc<str>,
    /// 1-based line and column (characters) of the key or value at fault.
    pub pos: SourcePos,
    pub level: Level,
    /// The record at fault, when known: its kind and id.
    pub record: Option<(Kind, String)>,
    /// The record at fault when it has no usable id: its kind and where it
    /// starts (`strike at 8:1: ...`), so every record-level message says whose.
    pub record_at: Option<(Kind, SourcePos)>,
    /// What is wrong: names the key and what was expected.
    pub message: String,
}

impl Problem {
    pub fn error(file: &Arc<str>, pos: SourcePos, message: impl Into<String>) -> Problem {
        Problem {
            file: file.clone(),
            pos,
            level: Level::Error,
            record: None,
            record_at: None,
            message: message.into(),
        }
    }

    pub fn warning(file: &Arc<str>, pos: SourcePos, message: impl Into<String>) -> Problem {
        Problem {
            level: Level::Warning,
            ..Problem::error(file, pos, message)
        }
    }

    /// Names the record the problem belongs to.
    #[must_use]
    pub fn in_record(mut self, kind: Kind, id: Option<&str>) -> Problem {
        if let Some(id) = id {
            self.record = Some((kind, id.to_string()));
        }
        self
    }

    /// Names the record by kind and position, for a record without a usable id
    /// (an id named by [`Problem::in_record`] wins).
    #[must_use]
    pub fn in_record_at(mut self, kind: Kind, at: SourcePos) -> Problem {
        self.record_at = Some((kind, at));
        self
    }

    /// The error for an id used a second time: it names both places.
    pub fn duplicate_id(
        file: &Arc<str>,
        pos: SourcePos,
        kind: Kind,
        id: &str,
        (first_file, first): (&str, SourcePos),
    ) -> Problem {
        Problem::error(
            file,
            pos,
            format!(
                "duplicate {} id \"{}\"; it is already used at {}:{}:{}",
                kind.as_str(),
                id,
                first_file,
                first.line,
                first.col
            ),
        )
        .in_record(kind, Some(id))
    }

    pub fn is_error(&self) -> bool {
        self.level == Level::Error
    }

    /// The message with its record prefix: `strike "S-0141": target ...`.
    pub fn full_message(&self) -> String {
        match (&self.record, self.record_at) {
            (Some((kind, id)), _) => format!("{} \"{}\": {}", kind.as_str(), id, self.message),
            (None, Some((kind, at))) => {
                format!(
                    "{} at {}:{}: {}",
                    kind.as_str(),
                    at.line,
                    at.col,
                    self.message
                )
            }
            (None, None) => self.message.clone(),
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}: {}",
            self.file,
            self.pos.line,
            self.pos.col,
            self.level.as_str(),
            self.full_message()
        )
    }
}

/// Counts of errors and warnings.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ProblemCount {
    pub errors: usize,
    pub warnings: usize,
}

impl ProblemCount {
    pub fn of<'a>(problems: impl IntoIterator<Item = &'a Problem>) -> ProblemCount {
        let mut count = ProblemCount::default();
        for p in problems {
            match p.level {
                Level::Error => count.errors += 1,
                Level::Warning => count.warnings += 1,
            }
        }
        count
    }

    /// `2 errors, 1 warning`; empty when there are none.
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        if self.errors > 0 {
            parts.push(plural(self.errors, "error"));
        }
        if self.warnings > 0 {
            parts.push(plural(self.warnings, "warning"));
        }
        parts.join(", ")
    }
}

/// `1 error`, `2 errors`.
pub fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}
