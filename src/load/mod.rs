//! Loading: find data files, parse and validate one file at a time, keep the store.
//!
//! ```text
//!  PATH... ──► discover ──► read + parse (pure: path, bytes → records | problems)
//!                                   │  one file at a time, any thread
//!                                   ▼
//!                                store (last good version per file) ──► merge ──► Board
//! ```

pub mod chunk;
pub mod cursor;
pub mod discover;
pub mod events;
pub mod facts;
pub mod fields;
pub mod hash;
pub mod intern;
pub mod lines;
pub(crate) mod merge;
pub mod oblasts;
pub mod parse;
pub mod plain_strike;
pub mod quick;
pub mod sanitize;
pub mod shape;
pub mod store;
pub mod straight;
pub mod stream;
pub mod suggest;
pub mod tree;
pub mod validate;
pub mod words;

use std::io::Read;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::SystemTime;

use rayon::prelude::*;

pub use discover::{DiscoverError, Source, discover, is_data_file};
pub use parse::parse_str;
pub use store::{FileRecords, Parsed, Store};

pub use crate::model::Board;
pub use crate::model::problem::{self, Level, Problem, ProblemCount};

use crate::model::SourcePos;

/// Files larger than this are rejected unread (docs/data-format.md#discovery-and-loading).
pub const DEFAULT_SIZE_LIMIT: u64 = 64 * 1024 * 1024;

/// One file read: its records or problems, as the board's store takes them in.
#[derive(Debug)]
pub struct LoadedFile {
    pub path: PathBuf,
    /// The name problems and the interface show.
    pub display: Arc<str>,
    pub parsed: Parsed,
    pub modified: Option<SystemTime>,
}

impl LoadedFile {
    /// A file found by discovery, read into `parsed` (see [`read_source`]).
    pub fn new(source: Source, (parsed, modified): (Parsed, Option<SystemTime>)) -> LoadedFile {
        LoadedFile {
            path: source.path,
            display: source.display,
            parsed,
            modified,
        }
    }
}

/// What one step of a load brings: files read, files gone, and whether more
/// of the same load follow (a long load hands its files over in parts, the
/// small ones first; its last part has `more: false`).
#[derive(Debug, Default)]
pub struct FileUpdate {
    pub loaded: Vec<LoadedFile>,
    pub removed: Vec<PathBuf>,
    pub more: bool,
    /// The whole store with these files applied and its board merged, when the
    /// reload worker prepared them (docs/performance.md#merge-off-the-interface-thread):
    /// the interface swaps them in instead of merging 100,000 records itself.
    pub merged: Option<Box<Merged>>,
}

/// A store and the board merged from it, as of `now`.
#[derive(Debug)]
pub struct Merged {
    pub store: Store,
    pub board: crate::model::Board,
    pub now: chrono::DateTime<chrono::Utc>,
    /// The board's zone-free list orders and id indexes, sorted there too.
    pub orders: crate::model::order::Orders,
    /// What the map needs of each strike, by the built-in geography, when
    /// the worker placed them ([`Merged::place_strikes`]): the interface
    /// takes them when it shows that geography.
    pub strike_facts: Option<Arc<[facts::StrikeFact]>>,
}

impl Merged {
    /// What the reload worker hands over with `update`: `store` (its copy of
    /// the interface's) with the update's files applied, a copy of it, and
    /// the board merged from it as of `now` with its list orders.
    pub fn after(
        store: &mut Store,
        update: &FileUpdate,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Merged {
        for file in &update.loaded {
            store.apply(
                &file.path,
                file.display.clone(),
                file.parsed.clone(),
                file.modified,
            );
        }
        for path in &update.removed {
            store.remove(path);
        }
        let board = store.merge(now);
        let orders = crate::model::order::Orders::of(&board);
        Merged {
            store: store.clone(),
            board,
            now,
            orders,
            strike_facts: None,
        }
    }

    /// Places the board's strikes by the built-in geography, or takes
    /// `placed` (those of the board before) when the board holds the same
    /// strikes: a change to another file places nothing again. `placed` is
    /// left with the facts handed over.
    pub fn place_strikes(&mut self, placed: &mut Option<facts::Placed>) {
        let now = facts::Placed::for_board(placed.take(), &self.board);
        self.strike_facts = Some(Arc::clone(&now.facts));
        *placed = Some(now);
    }
}

impl FileUpdate {
    /// A complete load (or change): these files read, those gone.
    pub fn complete(loaded: Vec<LoadedFile>, removed: Vec<PathBuf>) -> FileUpdate {
        FileUpdate {
            loaded,
            removed,
            more: false,
            merged: None,
        }
    }
}

/// Parses the bytes of one file: the size limit, UTF-8, then [`parse_str`].
pub fn parse_bytes(display: &Arc<str>, bytes: &[u8]) -> Parsed {
    parse_bytes_limited(display, bytes, DEFAULT_SIZE_LIMIT)
}

/// [`parse_bytes`] with another size limit.
pub fn parse_bytes_limited(display: &Arc<str>, bytes: &[u8], limit: u64) -> Parsed {
    if bytes.len() as u64 > limit {
        return Err(vec![too_large(display, bytes.len() as u64, limit)]);
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => with_file_warnings(display, parse_str(display, text)),
        Err(error) => {
            let valid = error.valid_up_to();
            // The prefix is valid UTF-8 by definition; its end is where the bad byte is.
            let prefix = std::str::from_utf8(&bytes[..valid]).unwrap_or("");
            let pos = lines::pos_in(prefix, valid);
            let byte = bytes.get(valid).copied().unwrap_or(0);
            Err(vec![Problem::error(
                display,
                pos,
                format!("not valid UTF-8 (byte 0x{byte:02X}); save the file as UTF-8"),
            )])
        }
    }
}

/// The warnings found once per file, not per piece of a large one: oblast
/// names no region means.
pub fn with_file_warnings(display: &Arc<str>, parsed: Parsed) -> Parsed {
    parsed.map(|mut records| {
        let geo = crate::geo::builtin();
        oblasts::warn_unknown(display, &geo, &records.strikes, &mut records.warnings);
        records
    })
}

/// [`with_file_warnings`] from the oblast names already found (by the pieces
/// of a file read in blocks).
fn with_oblast_warnings(display: &Arc<str>, parsed: Parsed, unknown: oblasts::Unknown) -> Parsed {
    parsed.map(|mut records| {
        unknown.warn(display, &crate::geo::builtin(), &mut records.warnings);
        records
    })
}

fn too_large(display: &Arc<str>, size: u64, limit: u64) -> Problem {
    Problem::error(
        display,
        SourcePos { line: 1, col: 1 },
        format!(
            "file is {}, over the size limit of {}",
            human_bytes(size),
            human_bytes(limit)
        ),
    )
}

/// `64 MiB`, `70.5 MiB`, `512 bytes`.
fn human_bytes(n: u64) -> String {
    const MIB: u64 = 1024 * 1024;
    if n >= MIB && n % MIB == 0 {
        format!("{} MiB", n / MIB)
    } else if n >= MIB {
        format!("{:.1} MiB ({n} bytes)", n as f64 / MIB as f64)
    } else {
        format!("{n} bytes")
    }
}

/// Reads and parses one file, with its modification time. Never panics: a file
/// that cannot be read is an error at 1:1.
pub fn read_source(source: &Source) -> (Parsed, Option<SystemTime>) {
    let display = &source.display;
    let at = SourcePos { line: 1, col: 1 };
    let cannot_read = |e: &std::io::Error| {
        Err(vec![Problem::error(
            display,
            at,
            format!("cannot read: {}", discover::io_reason(e)),
        )])
    };
    // Not a file where a data file should be: a warning saying what it is (the
    // store makes it an error when the path held records, which it keeps).
    let not_a_file = |odd: discover::NotAFile| {
        Err(vec![Problem::warning(
            display,
            at,
            format!("{}, not a data file; not read", odd.describe()),
        )])
    };
    let file = match discover::open_for_reading(&source.path) {
        Ok(file) => file,
        Err(e) => {
            return match discover::NotAFile::broken_link(&source.path, &e) {
                Some(odd) => (not_a_file(odd), None),
                None => (cannot_read(&e), None),
            };
        }
    };
    let meta = file.metadata().ok();
    if let Some(odd) = meta.as_ref().and_then(discover::NotAFile::of) {
        return (not_a_file(odd), None);
    }
    let modified = meta.as_ref().and_then(|m| m.modified().ok());
    if let Some(size) = meta
        .as_ref()
        .map(std::fs::Metadata::len)
        .filter(|&n| n > DEFAULT_SIZE_LIMIT)
    {
        return (
            Err(vec![too_large(display, size, DEFAULT_SIZE_LIMIT)]),
            modified,
        );
    }
    // A large file is read in blocks, parsed as they come; when that gives
    // up, it is read again and parsed whole (docs/performance.md#reading-in-blocks).
    let mut file = file;
    if meta
        .as_ref()
        .is_some_and(|m| m.len() >= 2 * parse::PIECE_BYTES as u64)
    {
        let streamed = stream::parse_blocks(
            display,
            &mut file,
            DEFAULT_SIZE_LIMIT,
            stream::BLOCK_BYTES,
            parse::PIECE_BYTES,
        );
        if let Some(parsed) = streamed {
            return (parsed, modified);
        }
        if let Err(e) = std::io::Seek::rewind(&mut file) {
            return (cannot_read(&e), modified);
        }
    }
    // Read at most one byte past the limit, in case the file grows meanwhile.
    let mut bytes = Vec::with_capacity(meta.map_or(0, |m| m.len() as usize + 1));
    if let Err(e) = file.take(DEFAULT_SIZE_LIMIT + 1).read_to_end(&mut bytes) {
        return (cannot_read(&e), modified);
    }
    (parse_bytes(display, &bytes), modified)
}

/// Lets go of what the loader threads keep between pieces of a load (token
/// and event buffers, the text caches): once a load is done they would
/// otherwise stay with every thread for as long as the board runs, a few
/// megabytes each.
pub fn release_spares() {
    let release = || {
        shape::release();
        events::release();
        intern::release();
    };
    rayon::broadcast(|_| release());
    release();
}

/// Reads and parses every source in parallel and applies them in path order.
pub fn load_all(sources: &[Source]) -> Store {
    // Largest first: the big file is cut into pieces that keep every thread busy,
    // and the small ones fill the gaps; started last, it would be read and
    // scanned while the other threads sit idle.
    let mut order: Vec<(u64, usize)> = sources
        .iter()
        .enumerate()
        .map(|(i, s)| (std::fs::metadata(&s.path).map_or(0, |m| m.len()), i))
        .collect();
    order.sort_unstable_by(|a, b| b.cmp(a));
    let mut parsed: Vec<(usize, (Parsed, Option<SystemTime>))> = order
        .par_iter()
        .map(|&(_, i)| (i, read_source(&sources[i])))
        .collect();
    parsed.sort_unstable_by_key(|(i, _)| *i);
    release_spares();
    let mut store = Store::new();
    for (source, (_, (parsed, modified))) in sources.iter().zip(parsed) {
        store.apply(&source.path, source.display.clone(), parsed, modified);
    }
    store
}

#[cfg(test)]
mod tests {
    use super::*;

    fn only_problem(parsed: Parsed) -> String {
        match parsed {
            Err(problems) if problems.len() == 1 => problems[0].to_string(),
            other => panic!("expected one problem, got {other:?}"),
        }
    }

    #[test]
    fn size_limit() {
        let name: Arc<str> = Arc::from("big.toml");
        assert_eq!(
            only_problem(parse_bytes_limited(&name, &[b'#'; 2000], 1024)),
            "big.toml:1:1: error: file is 2000 bytes, over the size limit of 1024 bytes"
        );
        assert!(parse_bytes_limited(&name, &[b'#'; 1024], 1024).is_ok());
        assert_eq!(human_bytes(DEFAULT_SIZE_LIMIT), "64 MiB");
    }

    #[test]
    fn invalid_utf8_points_at_the_first_bad_byte() {
        let name: Arc<str> = Arc::from("bad.toml");
        let bytes = b"[board]\ntitle = \"Ki\xffv\"\n";
        assert_eq!(
            only_problem(parse_bytes(&name, bytes)),
            "bad.toml:2:12: error: not valid UTF-8 (byte 0xFF); save the file as UTF-8"
        );
    }

    #[test]
    fn unreadable_file_is_an_error_at_the_start() {
        let dir = tempfile::tempdir().expect("temp dir");
        let source = Source::new(dir.path().join("gone.toml"));
        let (parsed, modified) = read_source(&source);
        assert!(modified.is_none());
        assert!(
            only_problem(parsed)
                .ends_with("gone.toml:1:1: error: cannot read: No such file or directory")
        );
    }
}
