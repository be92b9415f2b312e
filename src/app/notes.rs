//! Notes from the board's own machinery (the watcher fell back to polling, a
//! reload could not read a root): at most one from each source, shown as
//! warnings in the problems list beside the data files' problems.

use std::sync::Arc;

use crate::model::{Problem, ProblemCount, SourcePos};

/// Where a note comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NoteFrom {
    /// The file watcher (notifications unavailable, polling instead).
    Watcher,
    /// The reload worker (a full reload could not read a root); cleared when
    /// files arrive again.
    Loader,
    /// An alert's command failed; cleared when one succeeds.
    Alerts,
    /// History and the not-yet-seen state (the state file could not be read
    /// or written, the changes since could not be worked out).
    History,
}

/// The notes on the board, each a warning at `sitboard:1:1`.
#[derive(Clone, Debug, Default)]
pub struct Notes {
    watcher: Option<Problem>,
    loader: Option<Problem>,
    alerts: Option<Problem>,
    history: Option<Problem>,
    /// The board's map file could not be used: its problem, at its place.
    map: Option<Problem>,
}

impl Notes {
    /// Sets (or with `None` clears) the note from one source.
    pub fn set(&mut self, from: NoteFrom, text: Option<String>) {
        let note = text.map(|text| {
            let file: Arc<str> = Arc::from("sitboard");
            Problem::warning(&file, SourcePos { line: 1, col: 1 }, text)
        });
        match from {
            NoteFrom::Watcher => self.watcher = note,
            NoteFrom::Loader => self.loader = note,
            NoteFrom::Alerts => self.alerts = note,
            NoteFrom::History => self.history = note,
        }
    }

    /// Sets (or with `None` clears) the map file's problem.
    pub fn set_map(&mut self, problem: Option<Problem>) {
        self.map = problem;
    }

    fn iter(&self) -> impl Iterator<Item = &Problem> {
        self.watcher
            .iter()
            .chain(&self.loader)
            .chain(&self.alerts)
            .chain(&self.history)
            .chain(&self.map)
    }

    /// `problems` (sorted by file, line, column and level) with the notes put
    /// in their places.
    pub fn merged_with<'a>(&'a self, problems: &'a [Problem]) -> Vec<&'a Problem> {
        let mut all: Vec<&Problem> = problems.iter().collect();
        for note in self.iter() {
            let at = all.partition_point(|p| sort_key(p) <= sort_key(note));
            all.insert(at, note);
        }
        all
    }

    /// `count` with the notes counted in.
    pub fn added_to(&self, count: ProblemCount) -> ProblemCount {
        let notes = self.iter().count();
        ProblemCount {
            warnings: count.warnings + notes,
            ..count
        }
    }
}

fn sort_key(p: &Problem) -> (&str, u32, u32, crate::model::Level) {
    (p.file.as_ref(), p.pos.line, p.pos.col, p.level)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notes_take_their_place_among_the_problems_and_are_counted() {
        let file: Arc<str> = Arc::from("a.toml");
        let later: Arc<str> = Arc::from("zz.toml");
        let problems = vec![
            Problem::error(&file, SourcePos { line: 2, col: 1 }, "bad"),
            Problem::warning(&later, SourcePos { line: 1, col: 1 }, "odd"),
        ];
        let mut notes = Notes::default();
        notes.set(NoteFrom::Loader, Some("could not reload".into()));
        let all = notes.merged_with(&problems);
        let files: Vec<&str> = all.iter().map(|p| p.file.as_ref()).collect();
        assert_eq!(files, vec!["a.toml", "sitboard", "zz.toml"]);
        let count = notes.added_to(ProblemCount::of(&problems));
        assert_eq!((count.errors, count.warnings), (1, 2));
        notes.set(NoteFrom::Loader, None);
        assert_eq!(notes.merged_with(&problems).len(), 2);
    }
}
