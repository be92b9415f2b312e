//! Search as you type: every word of the query, in any text field of a record,
//! in any case.
//!
//! The lower-cased text of all records of a kind is built once (on another
//! thread from the moment `/` is pressed) and scanned with `memchr`; typing on
//! narrows the previous result instead of scanning everything again.

use crate::model::{Board, Event, Issue, Strike};
use crate::pane::{Pane, PerPane};

/// The search state of every pane: its text, and its last query and result.
#[derive(Debug, Default)]
pub struct Search {
    text: PerPane<SearchText>,
    last: PerPane<Option<(String, Vec<u32>)>>,
}

impl Search {
    /// The records of a pane changed: its text and last result are stale.
    pub fn forget(&mut self, pane: Pane) {
        self.text[pane] = SearchText::None;
        self.last[pane] = None;
    }

    /// The pane's order changed: its last result (in the old order) is stale.
    pub fn forget_result(&mut self, pane: Pane) {
        self.last[pane] = None;
    }

    /// Starts building the search text of a pane on another thread when a
    /// search opens, so that by the time the first letter is typed it is usually
    /// there (100,000 strikes take ~30 ms).
    pub fn prepare(&mut self, board: &Board, pane: Pane) {
        let slot = &mut self.text[pane];
        if !matches!(slot, SearchText::None) {
            return;
        }
        *slot = match pane {
            Pane::Calendar => SearchText::building(board.events.clone(), event_text),
            Pane::Issues => SearchText::building(board.issues.clone(), issue_text),
            Pane::Strikes => SearchText::building(board.strikes.clone(), strike_text),
        };
    }

    /// `sorted` (a pane's records in list order) filtered by `query`: every
    /// word of it must occur somewhere in the record.
    pub fn filtered(&mut self, board: &Board, pane: Pane, sorted: &[u32], query: &str) -> Vec<u32> {
        let query = query.trim().to_lowercase();
        if query.is_empty() {
            self.last[pane] = None;
            return sorted.to_vec();
        }
        // Typing on narrows the previous result (every record matching "kyi v"
        // matches "kyi"), so each key press looks at fewer records.
        let base: &[u32] = match &self.last[pane] {
            Some((last, result)) if *last == query => return result.clone(),
            Some((last, result)) if query.starts_with(last.as_str()) => result,
            _ => sorted,
        };
        let haystack = self.text[pane].ready(|| match pane {
            Pane::Calendar => Haystack::build(&board.events, event_text),
            Pane::Issues => Haystack::build(&board.issues, issue_text),
            Pane::Strikes => Haystack::build(&board.strikes, strike_text),
        });
        let words: Vec<&str> = query.split_whitespace().collect();
        let result = haystack.matching(&words, base);
        self.last[pane] = Some((query, result.clone()));
        result
    }
}

/// The search text of one kind: not built, being built, or ready.
#[derive(Debug, Default)]
enum SearchText {
    #[default]
    None,
    /// Being built on another thread (from the records as they were then; the
    /// slot is reset whenever those records change, which abandons the build).
    Building(std::thread::JoinHandle<Haystack>),
    Ready(Haystack),
}

impl SearchText {
    fn building<T: Send + Sync + 'static>(
        records: Vec<std::sync::Arc<T>>,
        text_of: fn(&mut String, &T),
    ) -> SearchText {
        match std::thread::Builder::new()
            .name("search-text".into())
            .spawn(move || Haystack::build(&records, text_of))
        {
            Ok(handle) => SearchText::Building(handle),
            // No thread to be had: it is built when the first letter comes.
            Err(_) => SearchText::None,
        }
    }

    /// The search text, waiting for a build under way or building it here.
    fn ready(&mut self, build: impl FnOnce() -> Haystack) -> &Haystack {
        let text = match std::mem::take(self) {
            SearchText::Ready(text) => text,
            SearchText::Building(handle) => handle.join().unwrap_or_else(|_| build()),
            SearchText::None => build(),
        };
        *self = SearchText::Ready(text);
        match self {
            SearchText::Ready(text) => text,
            _ => unreachable!("just set"),
        }
    }
}

/// The lower-cased text of every record of one kind, one record after another,
/// and where each record's text starts: a search scans it in one pass at memory
/// speed instead of visiting 100,000 separate strings.
#[derive(Clone, Debug, Default)]
struct Haystack {
    /// Record `i` is record `i % BLOCK` of block `i / BLOCK`. Blocks are built in
    /// parallel and never joined: on the first search of a board with 100,000
    /// strikes, building is the whole cost of the key press.
    blocks: Vec<Block>,
}

/// The lower-cased text of up to [`BLOCK`] consecutive records.
#[derive(Clone, Debug, Default)]
struct Block {
    text: String,
    /// Where each record's text starts; one more entry marks the end.
    starts: Vec<usize>,
}

/// Records per block of a [`Haystack`].
const BLOCK: usize = 2048;

impl Haystack {
    fn build<T: Send + Sync>(
        records: &[std::sync::Arc<T>],
        text_of: fn(&mut String, &T),
    ) -> Haystack {
        use rayon::prelude::*;
        let blocks = records
            .par_chunks(BLOCK)
            .map(|records| {
                let mut text = String::with_capacity(records.len() * 256);
                let mut starts = Vec::with_capacity(records.len() + 1);
                for record in records {
                    starts.push(text.len());
                    text_of(&mut text, record);
                }
                starts.push(text.len());
                Block { text, starts }
            })
            .collect();
        Haystack { blocks }
    }

    fn record(&self, i: usize) -> &[u8] {
        self.blocks
            .get(i / BLOCK)
            .map_or(&[][..], |block| block.record(i % BLOCK))
    }

    /// The records of `base` (in its order) whose text holds every word. Fields
    /// end in a newline and words hold none, so no match spans two records.
    fn matching(&self, words: &[&str], base: &[u32]) -> Vec<u32> {
        let records: usize = self.blocks.iter().map(Block::len).sum();
        let finders: Vec<memchr::memmem::Finder> = words
            .iter()
            .map(|w| memchr::memmem::Finder::new(w.as_bytes()))
            .collect();
        // A narrowed search looks in the few records left; a new one scans all.
        if base.len() * 8 < records {
            return base
                .iter()
                .copied()
                .filter(|&i| {
                    let text = self.record(i as usize);
                    finders.iter().all(|f| f.find(text).is_some())
                })
                .collect();
        }
        let mut all = vec![true; records];
        for finder in &finders {
            let mut found = vec![false; records];
            for (b, block) in self.blocks.iter().enumerate() {
                block.mark(finder, &mut found[b * BLOCK..b * BLOCK + block.len()]);
            }
            for (keep, found) in all.iter_mut().zip(found) {
                *keep &= found;
            }
        }
        base.iter()
            .copied()
            .filter(|&i| all.get(i as usize).copied().unwrap_or(false))
            .collect()
    }
}

impl Block {
    fn len(&self) -> usize {
        self.starts.len().saturating_sub(1)
    }

    fn record(&self, i: usize) -> &[u8] {
        match (self.starts.get(i), self.starts.get(i + 1)) {
            (Some(&a), Some(&b)) => &self.text.as_bytes()[a..b],
            _ => &[],
        }
    }

    /// Sets `found[i]` for every record of the block whose text `finder` finds.
    fn mark(&self, finder: &memchr::memmem::Finder, found: &mut [bool]) {
        let bytes = self.text.as_bytes();
        let mut pos = 0;
        while pos < bytes.len() {
            let Some(offset) = finder.find(&bytes[pos..]) else {
                break;
            };
            let record = self.starts.partition_point(|&s| s <= pos + offset) - 1;
            found[record] = true;
            // The rest of this record cannot add anything.
            pos = self.starts[record + 1];
        }
    }
}

fn push(out: &mut String, text: &str) {
    if text.is_ascii() {
        let start = out.len();
        out.push_str(text);
        out[start..].make_ascii_lowercase();
    } else {
        out.push_str(&text.to_lowercase());
    }
    out.push('\n');
}

fn event_text(out: &mut String, e: &Event) {
    for t in [&e.id, &e.title] {
        push(out, t);
    }
    for t in [&e.location, &e.summary].into_iter().flatten() {
        push(out, t);
    }
    push(out, e.kind.as_str());
    push(out, e.status.as_str());
    for t in e.participants.iter().chain(&e.sources) {
        push(out, t);
    }
    for l in e.parties.iter().chain(&e.issues) {
        push(out, &l.value);
    }
}

fn issue_text(out: &mut String, i: &Issue) {
    for t in [&i.id, &i.title] {
        push(out, t);
    }
    for t in [&i.summary, &i.owner].into_iter().flatten() {
        push(out, t);
    }
    push(out, i.status.as_str());
    push(out, i.priority.as_str());
    for t in i.tags.iter().chain(&i.sources).chain(i.positions.values()) {
        push(out, t);
    }
    for l in &i.parties {
        push(out, &l.value);
    }
    for entry in &i.log {
        push(out, &entry.text);
    }
}

fn strike_text(out: &mut String, s: &Strike) {
    for t in [s.id.as_str(), s.oblast.as_str()] {
        push(out, t);
    }
    for t in [&s.location, &s.facility, &s.operator, &s.notes]
        .into_iter()
        .flatten()
    {
        push(out, t);
    }
    push(out, s.target.as_str());
    push(out, s.damage.as_str());
    push(out, s.confidence.as_str());
    for t in &s.sources {
        push(out, t);
    }
}
