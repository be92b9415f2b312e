//! What this viewer has seen of a board (docs/command-line.md#state-file): one
//! small TOML file per user and per data path under `$XDG_STATE_HOME/sitboard/`
//! (default `~/.local/state/sitboard/`), never in the data directory, so many
//! users of one shared board each have their own.
//!
//! It keeps a content hash of every record as last seen, and the commit the
//! board stood at (in git), so the board can list on start what changed while
//! it was closed. It is written atomically (a temporary file renamed over the
//! old one); a state file that cannot be read or written is a notice on the
//! board, never a reason to stop.

use std::collections::BTreeMap;
use std::fmt::Debug;
use std::hash::{BuildHasher, Hasher};
use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::load::hash::IdBuildHasher;
use crate::model::diff::{ChangeKind, Diffable, RecordChange};
use crate::model::{Board, Kind};

/// The state file's format version.
const VERSION: u32 = 1;

/// How record hashes are made. A record's hash reads its whole content as the
/// program holds it, so a new field (2026-12: `time_precision`,
/// `geo_precision`, casualty ranges) changes every hash: a state file with
/// hashes made another way is not compared (the board starts as if it had
/// none, and writes hashes of this kind when it ends), or every record would
/// read as changed. `tests::record_hashes_are_pinned` fails when the records'
/// content changes shape, as a reminder to count this up.
pub const HASHES: u32 = 2;

/// What the file holds.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeenState {
    pub version: u32,
    /// The data PATHs, for a person reading the file.
    pub paths: Vec<String>,
    /// The commit the board stood at when last seen (in git).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub commit: Option<String>,
    /// `kind:id` → content hash of each record as last seen (written as 16
    /// hex digits; held as its 64 bits).
    #[serde(default, with = "hex_hashes")]
    pub records: Hashes,
    /// How the hashes in `records` were made ([`HASHES`]; files written before
    /// it existed have none: 1).
    #[serde(default = "first_hashes")]
    pub hashes: u32,
}

fn first_hashes() -> u32 {
    1
}

/// `kind:id` → a record's content hash. A board of 110,000 records keeps one
/// of these for the whole session: keys as boxed text and hashes as numbers
/// take about half of what two `String`s an entry took (some 15 MB).
pub type Hashes = BTreeMap<Box<str>, u64>;

/// [`Hashes`] as the state file writes them: a table of 16 hex digits.
mod hex_hashes {
    use serde::de::{Error, MapAccess, Visitor};
    use serde::{Deserializer, Serializer};

    use super::Hashes;

    pub fn serialize<S: Serializer>(hashes: &Hashes, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(hashes.iter().map(|(k, v)| (k, format!("{v:016x}"))))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Hashes, D::Error> {
        struct Table;
        impl<'de> Visitor<'de> for Table {
            type Value = Hashes;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a table of record keys and 16-hex-digit hashes")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Hashes, A::Error> {
                let mut out = Hashes::new();
                while let Some((key, hash)) = map.next_entry::<String, String>()? {
                    let hash = u64::from_str_radix(&hash, 16)
                        .map_err(|_| A::Error::custom(format!("{key}: not a hash")))?;
                    out.insert(key.into_boxed_str(), hash);
                }
                Ok(out)
            }
        }
        deserializer.deserialize_map(Table)
    }
}

/// The directory state files go in: `$XDG_STATE_HOME/sitboard` when that is an
/// absolute path, else `$HOME/.local/state/sitboard`.
pub fn state_dir() -> Option<PathBuf> {
    let xdg = std::env::var_os("XDG_STATE_HOME")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute());
    let base = xdg.or_else(|| {
        std::env::var_os("HOME")
            .filter(|h| !h.is_empty())
            .map(|h| PathBuf::from(h).join(".local").join("state"))
    })?;
    Some(base.join("sitboard"))
}

/// The state file of the board read from `roots`: one per set of data paths
/// (by their canonical form), named by a hash of them.
pub fn state_path(roots: &[PathBuf]) -> Option<PathBuf> {
    let mut names: Vec<String> = roots
        .iter()
        .map(|r| {
            std::fs::canonicalize(r)
                .unwrap_or_else(|_| r.clone())
                .display()
                .to_string()
        })
        .collect();
    names.sort();
    let hash = hash_bytes(names.join("\n").as_bytes());
    Some(state_dir()?.join(format!("seen-{hash:016x}.toml")))
}

fn hash_bytes(bytes: &[u8]) -> u64 {
    let mut hasher = IdBuildHasher::default().build_hasher();
    hasher.write(bytes);
    hasher.finish()
}

/// Reads a state file: `Ok(None)` when there is none yet.
pub fn load(path: &Path) -> Result<Option<SeenState>, String> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => {
            return Err(format!(
                "{}: {}",
                path.display(),
                crate::load::discover::io_reason(&e)
            ));
        }
    };
    let state: SeenState = toml::from_str(&text).map_err(|e| {
        format!(
            "{}: not a sitboard state file ({})",
            path.display(),
            e.message()
        )
    })?;
    if state.version != VERSION {
        return Err(format!(
            "{}: state file version {} is not {VERSION}",
            path.display(),
            state.version
        ));
    }
    if state.hashes != HASHES {
        // Hashes made another way (an older sitboard): not comparable.
        return Ok(None);
    }
    Ok(Some(state))
}

/// Writes a state file atomically: a temporary file beside it, renamed over it.
pub fn save(path: &Path, state: &SeenState) -> Result<(), String> {
    let fail = |e: std::io::Error| {
        format!(
            "cannot write {}: {}",
            path.display(),
            crate::load::discover::io_reason(&e)
        )
    };
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(fail)?;
    let text =
        toml::to_string(state).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    let tmp = dir.join(format!(
        ".{}.{}.tmp",
        path.file_name()
            .map(|n| n.to_string_lossy())
            .unwrap_or_default(),
        std::process::id()
    ));
    let written = std::fs::File::create(&tmp)
        .and_then(|mut f| f.write_all(text.as_bytes()).and_then(|()| f.sync_all()))
        .and_then(|()| std::fs::rename(&tmp, path));
    if let Err(e) = written {
        let _ = std::fs::remove_file(&tmp);
        return Err(fail(e));
    }
    Ok(())
}

/// The largest board (all its data files together) a snapshot is kept of.
pub const SNAPSHOT_LIMIT: u64 = 16 * 1024 * 1024;

/// The board's files as the user last saw them, for `--since` on data outside
/// git: kept beside the state file (`seen-HASH.snapshot/`), one copy per file
/// and a `manifest.toml`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Snapshot {
    /// When it was taken (the board was closed, or `C` pressed).
    pub taken: DateTime<Utc>,
    /// Each file: where it was, and its bytes.
    pub files: Vec<(PathBuf, Vec<u8>)>,
}

#[derive(Debug, Serialize, Deserialize)]
struct Manifest {
    version: u32,
    taken: String,
    files: Vec<ManifestFile>,
}

#[derive(Debug, Serialize, Deserialize)]
struct ManifestFile {
    path: String,
    copy: String,
}

/// Where the snapshot of the board with state file `state` goes.
pub fn snapshot_dir(state: &Path) -> PathBuf {
    state.with_extension("snapshot")
}

/// Keeps a copy of `files` (the board's data files as now on disk) as the
/// snapshot in `dir`, replacing the previous one. Boards larger than
/// [`SNAPSHOT_LIMIT`] are not copied (the old snapshot is removed).
pub fn save_snapshot(dir: &Path, files: &[PathBuf], taken: DateTime<Utc>) -> Result<(), String> {
    let fail = |e: &std::io::Error| {
        format!(
            "cannot write {}: {}",
            dir.display(),
            crate::load::discover::io_reason(e)
        )
    };
    let total: u64 = files
        .iter()
        .filter_map(|f| std::fs::metadata(f).ok())
        .map(|m| m.len())
        .sum();
    if total > SNAPSHOT_LIMIT {
        let _ = std::fs::remove_dir_all(dir);
        return Ok(());
    }
    let tmp = dir.with_extension(format!("snapshot.{}.tmp", std::process::id()));
    let _ = std::fs::remove_dir_all(&tmp);
    std::fs::create_dir_all(&tmp).map_err(|e| fail(&e))?;
    let mut manifest = Manifest {
        version: VERSION,
        taken: taken.to_rfc3339(),
        files: Vec::new(),
    };
    for (i, file) in files.iter().enumerate() {
        let Ok(bytes) = std::fs::read(file) else {
            continue;
        };
        let copy = format!("{i}.toml");
        std::fs::write(tmp.join(&copy), bytes).map_err(|e| fail(&e))?;
        manifest.files.push(ManifestFile {
            path: file.display().to_string(),
            copy,
        });
    }
    let text =
        toml::to_string(&manifest).map_err(|e| format!("cannot write {}: {e}", dir.display()))?;
    std::fs::write(tmp.join("manifest.toml"), text).map_err(|e| fail(&e))?;
    let _ = std::fs::remove_dir_all(dir);
    std::fs::rename(&tmp, dir).map_err(|e| fail(&e))
}

/// Reads the snapshot in `dir`: `Ok(None)` when there is none.
pub fn load_snapshot(dir: &Path) -> Result<Option<Snapshot>, String> {
    let text = match std::fs::read_to_string(dir.join("manifest.toml")) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => {
            return Err(format!(
                "{}: {}",
                dir.display(),
                crate::load::discover::io_reason(&e)
            ));
        }
    };
    let bad = || format!("{}: not a sitboard snapshot", dir.display());
    let manifest: Manifest = toml::from_str(&text).map_err(|_| bad())?;
    let taken = DateTime::parse_from_rfc3339(&manifest.taken)
        .map_err(|_| bad())?
        .with_timezone(&Utc);
    let mut files = Vec::new();
    for f in manifest.files {
        let bytes = std::fs::read(dir.join(&f.copy)).map_err(|_| bad())?;
        files.push((PathBuf::from(f.path), bytes));
    }
    Ok(Some(Snapshot { taken, files }))
}

/// A record's content hash: its debug form without the places it was written
/// at, so moving a record in its file is not a change.
pub fn content_hash<T: Debug>(record: &T) -> u64 {
    let text = format!("{record:?}");
    let mut kept = String::with_capacity(text.len());
    let mut rest = text.as_str();
    while let Some(at) = rest.find("SourcePos {") {
        kept.push_str(&rest[..at]);
        rest = &rest[at..];
        rest = rest.find('}').map_or("", |end| &rest[end + 1..]);
    }
    kept.push_str(rest);
    hash_bytes(kept.as_bytes())
}

fn key(kind: Kind, id: &str) -> String {
    format!("{}:{id}", kind.as_str())
}

/// `kind:id` → content hash of every record of a board. Each hash formats
/// its whole record (some 270 ms for the 111,000 records of the benchmark
/// board on one core), so records are hashed on every core.
pub fn record_hashes(board: &Board) -> Hashes {
    use rayon::prelude::*;
    fn hashed<T: Diffable + Debug + Send + Sync>(
        records: &[std::sync::Arc<T>],
    ) -> Vec<(Box<str>, u64)> {
        records
            .par_iter()
            .with_min_len(1024)
            .map(|r| (key(T::KIND, r.id()).into(), content_hash(r.as_ref())))
            .collect()
    }
    let mut out = Hashes::new();
    out.extend(hashed(&board.events));
    out.extend(hashed(&board.issues));
    out.extend(hashed(&board.strikes));
    out
}

/// The records of `board` that differ from what `seen` remembers: added,
/// changed (no fields: only a hash was kept) or removed.
pub fn unseen(seen: &Hashes, board: &Board) -> Vec<RecordChange> {
    let mut out = Vec::new();
    let now = record_hashes(board);
    let mut push = |kind: Kind, id: &str, title: String, change: ChangeKind| {
        out.push(RecordChange {
            kind,
            id: id.to_string(),
            title,
            change,
            fields: Vec::new(),
            commits: Vec::new(),
            rank: 1,
        });
    };
    check(&board.events, seen, &now, &mut push);
    check(&board.issues, seen, &now, &mut push);
    check(&board.strikes, seen, &now, &mut push);
    for k in seen.keys().filter(|k| !now.contains_key(&**k)) {
        let (kind, id) = k.split_once(':').unwrap_or(("", k));
        let kind = match kind {
            "event" => Kind::Event,
            "issue" => Kind::Issue,
            _ => Kind::Strike,
        };
        push(kind, id, id.to_string(), ChangeKind::Removed);
    }
    crate::model::diff::sort(&mut out);
    out
}

/// Pushes each record of `records` that is new or differs from `seen`.
fn check<T: Diffable>(
    records: &[std::sync::Arc<T>],
    seen: &Hashes,
    now: &Hashes,
    push: &mut impl FnMut(Kind, &str, String, ChangeKind),
) {
    for r in records {
        let k = key(T::KIND, r.id());
        match seen.get(k.as_str()) {
            None => push(T::KIND, r.id(), r.title(), ChangeKind::Added),
            Some(hash) if Some(hash) != now.get(k.as_str()) => {
                push(T::KIND, r.id(), r.title(), ChangeKind::Changed);
            }
            Some(_) => {}
        }
    }
}

/// Forgets what `state` remembers of every record but those of `changes`,
/// the changes since it was written: from then on it is only asked about the
/// records still marked as not yet seen ([`next_state`]), all among those.
/// A returning viewer of a board of 110,000 records keeps a few hashes for
/// the session instead of every one (some 7 MB).
pub fn keep_only(records: &mut Hashes, changes: &[RecordChange]) {
    let wanted: std::collections::HashSet<String> =
        changes.iter().map(|c| key(c.kind, &c.id)).collect();
    records.retain(|k, _| wanted.contains(&**k));
}

/// The state to write: the board as now seen, except the records still
/// marked unseen, which keep what was remembered of them (so they are still
/// unseen next time).
pub fn next_state(
    previous: Option<&SeenState>,
    paths: &[PathBuf],
    board: &Board,
    still_unseen: &[(Kind, String)],
    commit: Option<String>,
) -> SeenState {
    let mut records = record_hashes(board);
    let mut commit = commit;
    if let Some(previous) = previous.filter(|_| !still_unseen.is_empty()) {
        for (kind, id) in still_unseen {
            let k = key(*kind, id);
            match previous.records.get(k.as_str()) {
                Some(&hash) => records.insert(k.into_boxed_str(), hash),
                None => records.remove(k.as_str()),
            };
        }
        // Changes still unseen are worked out from the commit seen before.
        commit.clone_from(&previous.commit);
    }
    SeenState {
        version: VERSION,
        paths: paths.iter().map(|p| p.display().to_string()).collect(),
        commit,
        records,
        hashes: HASHES,
    }
}

#[cfg(test)]
mod tests {

    /// The hashes of the example board's records, pinned: when this fails, the
    /// records' content changed shape (a field added, a type changed), so every
    /// state file's hashes would read as changes: count `HASHES` up, then
    /// update the value here.
    #[test]
    fn record_hashes_are_pinned() {
        let board = crate::example::store().merge(chrono::Utc::now());
        let all: Vec<String> = record_hashes(&board)
            .into_iter()
            .map(|(k, v)| format!("{k}={v:016x}"))
            .collect();
        let combined = format!("{:016x}", hash_bytes(all.join("\n").as_bytes()));
        assert_eq!(
            (HASHES, combined.as_str()),
            (2, "a9310aa4ce3f743b"),
            "record hashes changed: count seen::HASHES up and pin the new value"
        );
    }

    /// Hashes are written as 16 hex digits, as before they were held as
    /// numbers, and anything else in their place is not a state file.
    #[test]
    fn hashes_are_written_as_hex_and_read_back() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("seen.toml");
        let mut records = Hashes::new();
        records.insert("issue:a".into(), 0x0011_2233_4455_6677);
        let state = SeenState {
            version: VERSION,
            records,
            hashes: HASHES,
            ..SeenState::default()
        };
        assert_eq!(save(&path, &state), Ok(()));
        let text = std::fs::read_to_string(&path).expect("read");
        assert!(
            text.contains("\"issue:a\" = \"0011223344556677\""),
            "{text}"
        );
        assert_eq!(load(&path), Ok(Some(state)));
        std::fs::write(
            &path,
            format!(
                "version = 1\npaths = []\nhashes = {HASHES}\n[records]\n\"issue:a\" = \"xyz\"\n"
            ),
        )
        .expect("write");
        let error = load(&path).expect_err("a hash that is not hex");
        assert!(error.contains("not a sitboard state file"), "{error}");
        assert!(error.contains("issue:a: not a hash"), "{error}");
    }

    /// A state file whose hashes were made another way reads as none, so the
    /// board does not list every record as changed after an upgrade.
    #[test]
    fn hashes_made_another_way_are_not_compared() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("seen.toml");
        std::fs::write(
            &path,
            "version = 1\npaths = []\n[records]\n\"issue:a\" = \"0011223344556677\"\n",
        )
        .expect("write");
        assert_eq!(super::load(&path), Ok(None));
        std::fs::write(
            &path,
            format!("version = 1\npaths = []\nhashes = {HASHES}\n"),
        )
        .expect("write");
        assert!(matches!(super::load(&path), Ok(Some(_))));
    }

    use super::*;
    use std::sync::Arc;

    fn board(text: &str) -> Board {
        let name: Arc<str> = Arc::from("t.toml");
        let records = crate::load::parse_str(&name, text).expect("parses");
        Board {
            events: records.events,
            issues: records.issues,
            strikes: records.strikes,
            ..Board::default()
        }
    }

    const A: &str = "[[issue]]\nid = \"a\"\ntitle = \"A\"\nstatus = \"open\"\n";
    const B: &str = "[[issue]]\nid = \"b\"\ntitle = \"B\"\nstatus = \"open\"\n";

    #[test]
    fn moving_a_record_keeps_its_hash_and_editing_it_does_not() {
        let one = record_hashes(&board(&format!("{A}{B}")));
        let moved = record_hashes(&board(&format!("# moved\n\n{B}{A}")));
        assert_eq!(one, moved);
        let edited = record_hashes(&board(&format!("{}{B}", A.replace("open", "agreed"))));
        assert_ne!(one.get("issue:a"), edited.get("issue:a"));
        assert_eq!(one.get("issue:b"), edited.get("issue:b"));
    }

    #[test]
    fn unseen_lists_added_changed_and_removed() {
        let seen = record_hashes(&board(A));
        let now = board(&format!("{}{B}", A.replace("open", "agreed")));
        let found: Vec<(String, ChangeKind)> = unseen(&seen, &now)
            .into_iter()
            .map(|c| (c.id, c.change))
            .collect();
        assert_eq!(
            found,
            vec![
                ("a".to_string(), ChangeKind::Changed),
                ("b".to_string(), ChangeKind::Added)
            ]
        );
        let gone = unseen(&seen, &board(B));
        assert!(
            gone.iter()
                .any(|c| c.id == "a" && c.change == ChangeKind::Removed)
        );
    }

    #[test]
    fn kept_only_for_the_changes_the_next_state_is_the_same() {
        const C: &str = "[[issue]]\nid = \"c\"\ntitle = \"C\"\nstatus = \"open\"\n";
        let before = board(&format!("{A}{B}{C}"));
        let full = next_state(None, &[], &before, &[], None);
        // a changed, b removed, c the same, d added.
        let d = C.replace("\"c\"", "\"d\"");
        let now = board(&format!("{}{C}{d}", A.replace("open", "agreed")));
        let changes = unseen(&full.records, &now);
        let mut kept = full.clone();
        keep_only(&mut kept.records, &changes);
        let keys: Vec<&str> = kept.records.keys().map(|k| &**k).collect();
        assert_eq!(keys, ["issue:a", "issue:b"]);
        // Whatever is still unseen at the end, the state written is the same.
        let all: Vec<(Kind, String)> = changes.iter().map(|c| (c.kind, c.id.clone())).collect();
        for still in [&all[..], &all[..1], &all[1..], &[]] {
            assert_eq!(
                next_state(Some(&full), &[], &now, still, None),
                next_state(Some(&kept), &[], &now, still, None),
                "{still:?}"
            );
        }
    }

    #[test]
    fn saved_atomically_and_read_back_and_a_corrupt_file_is_an_error() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("deep").join("seen.toml");
        assert_eq!(load(&path), Ok(None));
        let state = next_state(
            None,
            &[PathBuf::from("data")],
            &board(A),
            &[],
            Some("abc".into()),
        );
        assert_eq!(save(&path, &state), Ok(()));
        assert_eq!(load(&path), Ok(Some(state.clone())));
        let leftovers: Vec<_> = std::fs::read_dir(path.parent().expect("dir"))
            .expect("read dir")
            .filter_map(Result::ok)
            .map(|e| e.file_name())
            .collect();
        assert_eq!(leftovers.len(), 1, "{leftovers:?}");
        std::fs::write(&path, "records = [").expect("write");
        assert!(load(&path).is_err_and(|e| e.contains("not a sitboard state file")));
        // Still unseen records keep what was remembered, and the old commit.
        let next = next_state(
            Some(&state),
            &[],
            &board(&A.replace("open", "agreed")),
            &[(Kind::Issue, "a".to_string())],
            Some("def".into()),
        );
        assert_eq!(next.records, state.records);
        assert_eq!(next.commit.as_deref(), Some("abc"));
    }

    #[test]
    fn a_snapshot_keeps_the_files_and_when_and_is_replaced_whole() {
        let dir = tempfile::tempdir().expect("temp dir");
        let data = dir.path().join("issues.toml");
        std::fs::write(&data, A).expect("write");
        let snap = snapshot_dir(&dir.path().join("seen-1.toml"));
        assert_eq!(load_snapshot(&snap), Ok(None));
        let taken = DateTime::parse_from_rfc3339("2026-01-21T08:00:00Z")
            .expect("time")
            .with_timezone(&Utc);
        assert_eq!(
            save_snapshot(&snap, std::slice::from_ref(&data), taken),
            Ok(())
        );
        std::fs::write(&data, B).expect("write");
        let read = load_snapshot(&snap).expect("readable").expect("present");
        assert_eq!(read.taken, taken);
        assert_eq!(read.files, vec![(data.clone(), A.as_bytes().to_vec())]);
        assert_eq!(
            save_snapshot(&snap, std::slice::from_ref(&data), taken),
            Ok(())
        );
        let read = load_snapshot(&snap).expect("readable").expect("present");
        assert_eq!(read.files, vec![(data, B.as_bytes().to_vec())]);
        let entries = std::fs::read_dir(dir.path()).expect("dir").count();
        assert_eq!(entries, 2, "the data file and the snapshot, no leftovers");
    }
}
