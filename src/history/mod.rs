//! The data's history, read from git in-process (docs/command-line.md#history):
//! the commits that touched the data files under the PATHs, the board as it
//! stood at any of them, and what changed between two of them.
//!
//! Nothing is checked out: a file at a commit is its blob, read from the object
//! database. A commit's files are found by walking its tree under each PATH
//! (hidden entries skipped, as discovery skips them); two versions of the data
//! are compared blob id by blob id, so only files that differ are ever parsed,
//! and each blob is parsed once ([`History`] keeps them by blob id and name).
//! A file renamed without change keeps its blob id and is not parsed again;
//! records are compared by kind and id, so a record that moves from one file
//! to another is not a change.

pub mod spec;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration as StdDuration, SystemTime, UNIX_EPOCH};

use chrono::{DateTime, Utc};
use gix::ObjectId;

use crate::load::discover::{Source, is_data_file};
use crate::load::{self, FileRecords, Parsed, Store, sanitize};
use crate::model::diff::{self, ChangeSet, CommitInfo, Point, RecordChange, UNCOMMITTED};
use crate::model::{Board, Kind};

pub use spec::Spec;

/// Why history could not be read (the command exits 2).
#[derive(Debug, thiserror::Error)]
pub enum HistoryError {
    #[error("{0} is not in a git repository (history is read from git)")]
    NotInGit(String),
    #[error("{0}")]
    Other(String),
}

fn git_error(what: &str, error: &impl std::fmt::Display) -> HistoryError {
    HistoryError::Other(format!("{what}: {}", sanitize::line(&error.to_string())))
}

/// One PATH as its repository sees it.
#[derive(Debug)]
struct Root {
    /// As given (what store keys and names start with).
    given: PathBuf,
    /// Relative to the work tree, one name per component (empty: the whole tree).
    rel: Vec<String>,
    /// A file named explicitly (read whatever its name).
    file: bool,
}

/// A file of the data at a commit: its blob and its name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Blob {
    pub id: ObjectId,
    pub display: Arc<str>,
}

/// The data files at a commit, by the path the working tree has them at.
pub type Files = BTreeMap<PathBuf, Blob>;

/// A file a commit changed: its path, its blob before and after.
pub type Touched = (PathBuf, Option<Blob>, Option<Blob>);

/// A commit that touched the data.
#[derive(Clone, Debug)]
pub struct DataCommit {
    pub oid: ObjectId,
    pub info: CommitInfo,
    /// Parents that are present (none at a shallow boundary).
    pub parents: Vec<ObjectId>,
}

/// The repository holding the PATHs, with what has been read of it.
pub struct History {
    repo: gix::Repository,
    roots: Vec<Root>,
    /// Parsed blobs, by blob id and file name (a problem names its file).
    parsed: HashMap<(ObjectId, Arc<str>), Parsed>,
    /// Each commit's data files, once walked.
    files: HashMap<ObjectId, Arc<Files>>,
    /// Where a shallow clone's history ends.
    shallow: Vec<ObjectId>,
    /// The newest data commit, for the HEAD it was found from.
    latest: Option<(ObjectId, Option<CommitInfo>)>,
    /// After [`History::load_worktree`]: the data files whose content differs
    /// from HEAD (edited, new, or deleted).
    dirty: Option<Vec<PathBuf>>,
    /// Files compared with HEAD by [`History::uncommitted`]: HEAD's blob, the
    /// file's modification time, and whether they held the same records.
    compared: HashMap<PathBuf, (ObjectId, Option<SystemTime>, bool)>,
}

impl std::fmt::Debug for History {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("History")
            .field("roots", &self.roots)
            .field("parsed", &self.parsed.len())
            .finish_non_exhaustive()
    }
}

/// A commit time as an instant.
fn instant(seconds: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(seconds, 0).unwrap_or_default()
}

/// An instant as a modification time (what the store keeps per file).
pub fn system_time(at: DateTime<Utc>) -> SystemTime {
    let seconds = u64::try_from(at.timestamp()).unwrap_or(0);
    UNIX_EPOCH + StdDuration::from_secs(seconds)
}

impl History {
    /// The repository the PATHs lie in. Every PATH must lie in the same work
    /// tree.
    pub fn open(paths: &[PathBuf]) -> Result<History, HistoryError> {
        let mut repo: Option<(gix::Repository, PathBuf)> = None;
        let mut roots = Vec::new();
        for path in paths {
            let shown = || sanitize::line(&path.display().to_string());
            let file = path.is_file();
            let dir = if file {
                path.parent()
                    .filter(|p| !p.as_os_str().is_empty())
                    .unwrap_or(Path::new("."))
            } else {
                path.as_path()
            };
            let found = gix::discover(dir).map_err(|_| HistoryError::NotInGit(shown()))?;
            let Some(workdir) = found.workdir().and_then(|w| std::fs::canonicalize(w).ok()) else {
                return Err(HistoryError::NotInGit(shown()));
            };
            let canonical =
                std::fs::canonicalize(path).map_err(|_| HistoryError::NotInGit(shown()))?;
            let Ok(rel) = canonical.strip_prefix(&workdir) else {
                return Err(HistoryError::NotInGit(shown()));
            };
            let rel: Vec<String> = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            match &repo {
                Some((_, first)) if *first != workdir => {
                    return Err(HistoryError::Other(format!(
                        "{} lies in another git repository than the first PATH; history reads one repository",
                        shown()
                    )));
                }
                Some(_) => {}
                None => repo = Some((found, workdir)),
            }
            roots.push(Root {
                given: path.clone(),
                rel,
                file,
            });
        }
        let Some((repo, _)) = repo else {
            return Err(HistoryError::Other(
                "history needs a PATH (the example board has none)".to_string(),
            ));
        };
        let shallow = repo
            .shallow_commits()
            .ok()
            .flatten()
            .map(|commits| commits.iter().copied().collect())
            .unwrap_or_default();
        Ok(History {
            repo,
            roots,
            parsed: HashMap::new(),
            files: HashMap::new(),
            shallow,
            latest: None,
            dirty: None,
            compared: HashMap::new(),
        })
    }

    /// The PATHs as given to [`History::open`]: what opens the same history
    /// again on another thread (a repository handle stays on its own).
    pub fn paths(&self) -> Vec<PathBuf> {
        self.roots.iter().map(|root| root.given.clone()).collect()
    }

    /// The commit checked out, or `None` in a repository without commits.
    pub fn head(&self) -> Option<ObjectId> {
        self.repo.head_id().ok().map(gix::Id::detach)
    }

    /// True for a commit where a shallow clone's history ends (its parents
    /// are not in the clone).
    pub fn is_boundary(&self, oid: ObjectId) -> bool {
        self.shallow.contains(&oid)
    }

    /// `the clone is shallow: its history ends at 1a2b3c4 (2026-01-20 08:00 UTC)`,
    /// or nothing for a full clone.
    pub fn shallow_note(&self) -> Option<String> {
        let oldest = self
            .shallow
            .iter()
            .filter_map(|oid| self.info(*oid).ok())
            .min_by_key(|info| info.time)?;
        Some(format!(
            "the clone is shallow: its history ends at {} ({}, \"{}\")",
            oldest.short(),
            oldest.time.format("%Y-%m-%d %H:%M UTC"),
            oldest.subject
        ))
    }

    /// Id, author, time and subject of a commit (sanitised: they are data).
    pub fn info(&self, oid: ObjectId) -> Result<CommitInfo, HistoryError> {
        let commit = self
            .repo
            .find_commit(oid)
            .map_err(|e| git_error("cannot read commit", &e))?;
        let author = commit
            .author()
            .map(|a| sanitize::line(&a.name.to_string()))
            .unwrap_or_default();
        let time = commit
            .time()
            .map(|t| instant(t.seconds))
            .unwrap_or_default();
        let message = commit.message_raw_sloppy().to_string();
        let subject = sanitize::line(message.lines().next().unwrap_or("").trim());
        Ok(CommitInfo {
            id: oid.to_string(),
            author,
            time,
            subject,
        })
    }

    /// The parents of a commit that this clone has.
    fn parents(&self, oid: ObjectId) -> Vec<ObjectId> {
        if self.shallow.contains(&oid) {
            return Vec::new();
        }
        self.repo
            .find_commit(oid)
            .map(|c| c.parent_ids().map(gix::Id::detach).collect())
            .unwrap_or_default()
    }

    /// The commit a revision names (`HEAD~3`, a hash, a tag).
    pub fn revision(&self, text: &str) -> Result<ObjectId, HistoryError> {
        let missing = || {
            let mut why = format!("\"{}\" names no commit here", sanitize::line(text));
            if let Some(note) = self.shallow_note() {
                why.push_str("; ");
                why.push_str(&note);
            }
            HistoryError::Other(why)
        };
        let id = self
            .repo
            .rev_parse_single(text.as_bytes())
            .map_err(|_| missing())?;
        let commit = id
            .object()
            .ok()
            .and_then(|o| o.peel_to_commit().ok())
            .ok_or_else(missing)?;
        Ok(commit.id)
    }

    /// The newest commit on the first-parent line from HEAD made at or before
    /// `at`: `Ok(None)` when the history begins later. A shallow clone whose
    /// history ends after `at` cannot tell, and says so.
    pub fn commit_at(&self, at: DateTime<Utc>) -> Result<Option<ObjectId>, HistoryError> {
        let mut next = self.head();
        while let Some(oid) = next {
            let info = self.info(oid)?;
            if info.time <= at {
                return Ok(Some(oid));
            }
            if self.shallow.contains(&oid) {
                return Err(HistoryError::Other(
                    self.shallow_note()
                        .unwrap_or_else(|| "the clone is shallow".to_string()),
                ));
            }
            next = self.parents(oid).first().copied();
        }
        Ok(None)
    }

    /// The data files at a commit (`None`: before the first commit, no files).
    pub fn files_at(&mut self, commit: Option<ObjectId>) -> Result<Arc<Files>, HistoryError> {
        let Some(commit) = commit else {
            return Ok(Arc::default());
        };
        if let Some(files) = self.files.get(&commit) {
            return Ok(files.clone());
        }
        let tree = self
            .repo
            .find_commit(commit)
            .map_err(|e| git_error("cannot read commit", &e))?
            .tree_id()
            .map_err(|e| git_error("cannot read commit", &e))?
            .detach();
        let mut files = Files::new();
        for root in &self.roots {
            let Some((mode, oid)) = self.lookup(tree, &root.rel)? else {
                continue;
            };
            if root.file {
                if mode.is_blob() {
                    let display = Source::new(root.given.clone()).display;
                    files.insert(root.given.clone(), Blob { id: oid, display });
                }
            } else if mode.is_tree() {
                self.walk(oid, &root.given, &mut files)?;
            }
        }
        let files = Arc::new(files);
        self.files.insert(commit, files.clone());
        Ok(files)
    }

    fn entries(
        &self,
        tree: ObjectId,
    ) -> Result<Vec<(String, gix::objs::tree::EntryMode, ObjectId)>, HistoryError> {
        let tree = self
            .repo
            .find_tree(tree)
            .map_err(|e| git_error("cannot read tree", &e))?;
        let decoded = tree
            .decode()
            .map_err(|e| git_error("cannot read tree", &e))?;
        Ok(decoded
            .entries
            .iter()
            .map(|e| (e.filename.to_string(), e.mode, e.oid.to_owned()))
            .collect())
    }

    /// The entry at a path below a tree (the tree itself for an empty path).
    fn lookup(
        &self,
        tree: ObjectId,
        rel: &[String],
    ) -> Result<Option<(gix::objs::tree::EntryMode, ObjectId)>, HistoryError> {
        let mut at: (gix::objs::tree::EntryMode, ObjectId) =
            (gix::objs::tree::EntryKind::Tree.into(), tree);
        for name in rel {
            if !at.0.is_tree() {
                return Ok(None);
            }
            let Some((_, mode, oid)) = self.entries(at.1)?.into_iter().find(|e| e.0 == *name)
            else {
                return Ok(None);
            };
            at = (mode, oid);
        }
        Ok(Some(at))
    }

    /// The visible data files below a tree, as discovery would find them on disk.
    fn walk(&self, tree: ObjectId, dir: &Path, files: &mut Files) -> Result<(), HistoryError> {
        for (name, mode, oid) in self.entries(tree)? {
            if name.starts_with('.') {
                continue;
            }
            let path = dir.join(&name);
            if mode.is_tree() {
                self.walk(oid, &path, files)?;
            } else if mode.is_blob() && is_data_file(&path) {
                let display = Source::new(path.clone()).display;
                files.insert(path, Blob { id: oid, display });
            }
        }
        Ok(())
    }

    /// The parsed content of a blob, parsed at most once.
    fn parse(&mut self, blob: &Blob) -> Parsed {
        let key = (blob.id, blob.display.clone());
        if let Some(parsed) = self.parsed.get(&key) {
            return parsed.clone();
        }
        let parsed = match self.repo.find_object(blob.id) {
            Ok(object) => load::parse_bytes(&blob.display, &object.data),
            Err(e) => Err(vec![crate::model::Problem::error(
                &blob.display,
                crate::model::SourcePos { line: 1, col: 1 },
                format!("cannot read from git: {}", sanitize::line(&e.to_string())),
            )]),
        };
        self.parsed.insert(key, parsed.clone());
        parsed
    }

    /// Reads the working tree's data files (`sources`, as discovery found
    /// them) into a store. A file whose content is HEAD's blob (by its git
    /// hash) is parsed once and kept as that blob, so the commits that have it
    /// reuse it; the others are parsed as they are. Remembers which files
    /// differ from HEAD (see [`History::changes`]).
    pub fn load_worktree(&mut self, sources: &[Source]) -> Store {
        let head = self.files_at(self.head()).unwrap_or_default();
        let kind = self.repo.object_hash();
        let mut store = Store::new();
        let mut dirty = Vec::new();
        for source in sources {
            let meta = std::fs::metadata(&source.path).ok();
            let small = meta
                .as_ref()
                .is_some_and(|m| m.len() <= load::DEFAULT_SIZE_LIMIT);
            let bytes = if small {
                std::fs::read(&source.path).ok()
            } else {
                None
            };
            let Some(bytes) = bytes else {
                // Too large or unreadable: worded as a load words it.
                let (parsed, modified) = load::read_source(source);
                store.apply(&source.path, source.display.clone(), parsed, modified);
                dirty.push(source.path.clone());
                continue;
            };
            let modified = meta.and_then(|m| m.modified().ok());
            let id = gix::objs::compute_hash(kind, gix::objs::Kind::Blob, &bytes).ok();
            let parsed = match head.get(&source.path) {
                Some(blob) if Some(blob.id) == id && blob.display == source.display => {
                    let key = (blob.id, blob.display.clone());
                    let parsed = match self.parsed.get(&key) {
                        Some(parsed) => parsed.clone(),
                        None => load::parse_bytes(&source.display, &bytes),
                    };
                    self.parsed.insert(key, parsed.clone());
                    parsed
                }
                _ => {
                    dirty.push(source.path.clone());
                    load::parse_bytes(&source.display, &bytes)
                }
            };
            store.apply(&source.path, source.display.clone(), parsed, modified);
        }
        for path in head.keys() {
            if !sources.iter().any(|s| s.path == *path) {
                dirty.push(path.clone());
            }
        }
        self.dirty = Some(dirty);
        store
    }

    /// How many blobs have been parsed so far (each once).
    pub fn parsed_count(&self) -> usize {
        self.parsed.len()
    }

    /// The board's files as they stood at a commit, each stamped with the
    /// commit's time.
    pub fn store_at(&mut self, commit: Option<ObjectId>) -> Result<Store, HistoryError> {
        let files = self.files_at(commit)?;
        let time = match commit {
            Some(oid) => Some(system_time(self.info(oid)?.time)),
            None => None,
        };
        let mut store = Store::new();
        for (path, blob) in files.iter() {
            let parsed = self.parse(blob);
            store.apply(path, blob.display.clone(), parsed, time);
        }
        Ok(store)
    }

    /// The files a commit changed: path, blob before and after. For a merge,
    /// only what differs from every parent (what the merge itself changed).
    pub fn touched(&mut self, commit: ObjectId) -> Result<Vec<Touched>, HistoryError> {
        let parents = self.parents(commit);
        let files = self.files_at(Some(commit))?;
        let mut before = Vec::new();
        for parent in &parents {
            let theirs = self.files_at(Some(*parent))?;
            if theirs == files {
                return Ok(Vec::new());
            }
            before.push(theirs);
        }
        if before.is_empty() {
            before.push(Arc::default());
        }
        let first = before[0].clone();
        let mut paths: Vec<&PathBuf> = files.keys().chain(first.keys()).collect();
        paths.sort();
        paths.dedup();
        let mut out = Vec::new();
        for path in paths {
            let now = files.get(path);
            if before.iter().all(|b| b.get(path) != now) {
                out.push((path.clone(), first.get(path).cloned(), now.cloned()));
            }
        }
        Ok(out)
    }

    /// The commits reachable from `tip` and not from `hidden`, newest first,
    /// that touched the data.
    pub fn data_commits(
        &mut self,
        tip: ObjectId,
        hidden: Option<ObjectId>,
    ) -> Result<Vec<DataCommit>, HistoryError> {
        let ids: Vec<ObjectId> = {
            let walk = self
                .repo
                .rev_walk([tip])
                .with_hidden(hidden)
                .sorting(gix::revision::walk::Sorting::ByCommitTime(
                    gix::traverse::commit::simple::CommitTimeOrder::NewestFirst,
                ))
                .all()
                .map_err(|e| git_error("cannot walk the history", &e))?;
            walk.filter_map(Result::ok).map(|info| info.id).collect()
        };
        let mut out = Vec::new();
        for oid in ids {
            if self.touched(oid)?.is_empty() {
                continue;
            }
            out.push(DataCommit {
                oid,
                info: self.info(oid)?,
                parents: self.parents(oid),
            });
        }
        Ok(out)
    }

    /// The records a commit changed, field by field.
    pub fn commit_changes(&mut self, commit: ObjectId) -> Result<Vec<RecordChange>, HistoryError> {
        let touched = self.touched(commit)?;
        let mut old = Vec::new();
        let mut new = Vec::new();
        for (path, before, after) in &touched {
            let after = after.as_ref().map(|b| self.parse(b));
            // A file broken by this commit keeps its last good records on the
            // board (as a broken file does live): no record changed.
            if matches!(after, Some(Err(_))) {
                continue;
            }
            let before = match before.as_ref().map(|b| self.parse(b)) {
                Some(Err(_)) => self.good_before(commit, path)?,
                Some(Ok(records)) => Some(records),
                None => None,
            };
            old.extend(before);
            new.extend(after.and_then(Result::ok));
        }
        let mut found = diff::diff_boards(&board_of(&old), &board_of(&new));
        let info = self.info(commit)?;
        for item in &mut found {
            item.commits.push(info.clone());
        }
        Ok(found)
    }

    /// The newest commit on HEAD's history that touched the data (cached for
    /// as long as HEAD stays where it is).
    pub fn latest_data_commit(&mut self) -> Option<CommitInfo> {
        let head = self.head()?;
        if let Some((at, info)) = &self.latest {
            if *at == head {
                return info.clone();
            }
        }
        let ids: Vec<ObjectId> = self
            .repo
            .rev_walk([head])
            .sorting(gix::revision::walk::Sorting::ByCommitTime(
                gix::traverse::commit::simple::CommitTimeOrder::NewestFirst,
            ))
            .all()
            .ok()?
            .filter_map(Result::ok)
            .map(|info| info.id)
            .collect();
        let mut found = None;
        for oid in ids {
            if !self.touched(oid).ok()?.is_empty() {
                found = self.info(oid).ok();
                break;
            }
        }
        self.latest = Some((head, found.clone()));
        found
    }

    /// The commit `--at WHEN` names: the revision, or the newest commit at or
    /// before the instant (an error when the history begins after it).
    pub fn commit_for(
        &self,
        spec: &spec::Spec,
        now: DateTime<Utc>,
        zone: crate::model::Zone,
    ) -> Result<ObjectId, HistoryError> {
        match spec {
            spec::Spec::Revision(rev) => self.revision(rev),
            other => {
                let at = other.instant(now, zone).unwrap_or(now);
                self.commit_at(at)?.ok_or_else(|| {
                    HistoryError::Other("the data's history begins after that".to_string())
                })
            }
        }
    }

    /// Whether the file on disk is byte for byte its HEAD version (compared by
    /// blob id, nothing parsed).
    pub fn matches_head(&mut self, path: &Path) -> bool {
        let Some(head) = self.head() else {
            return false;
        };
        let Ok(files) = self.files_at(Some(head)) else {
            return false;
        };
        let Some(blob) = files.get(path) else {
            return false;
        };
        let Ok(bytes) = std::fs::read(path) else {
            return false;
        };
        gix::objs::compute_hash(self.repo.object_hash(), gix::objs::Kind::Blob, &bytes)
            .is_ok_and(|id| id == blob.id)
    }

    /// How many records a data file held at HEAD (`None`: not in HEAD, or
    /// broken there), and HEAD's short id.
    pub fn records_at_head(&mut self, path: &Path) -> Option<(usize, String)> {
        let head = self.head()?;
        let files = self.files_at(Some(head)).ok()?;
        let blob = files.get(path)?.clone();
        let records = self.parse(&blob).ok()?;
        Some((records.record_count(), head.to_hex_with_len(7).to_string()))
    }

    /// When each data file last changed in git: the time of the newest commit
    /// that touched it, walking back from HEAD.
    pub fn last_changed(&mut self) -> Result<HashMap<PathBuf, DateTime<Utc>>, HistoryError> {
        let mut out = HashMap::new();
        let Some(head) = self.head() else {
            return Ok(out);
        };
        for commit in self.data_commits(head, None)? {
            for (path, _, _) in self.touched(commit.oid)? {
                out.entry(path).or_insert(commit.info.time);
            }
        }
        Ok(out)
    }

    /// The files of `store` (the working tree) that differ from HEAD, among
    /// those modified after `since`: uncommitted edits (and data files git
    /// does not track).
    pub fn uncommitted(&mut self, store: &Store, since: SystemTime) -> Vec<PathBuf> {
        let Ok(files) = self.files_at(self.head()) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        let paths: Vec<PathBuf> = store
            .paths()
            .filter(|p| store.modified(p).is_some_and(|m| m > since))
            .map(Path::to_path_buf)
            .collect();
        for path in paths {
            let Some(blob) = files.get(&path) else {
                out.push(path);
                continue;
            };
            let modified = store.modified(&path);
            let known = self
                .compared
                .get(&path)
                .filter(|(id, at, _)| *id == blob.id && *at == modified)
                .map(|(_, _, same)| *same);
            let same = known.unwrap_or_else(|| {
                let committed = self.parse(blob).ok();
                let now = store.good(&path).map(|r| (**r).clone());
                let same = match (committed, now) {
                    (Some(a), Some(b)) => {
                        diff::diff_boards(&board_of(&[a]), &board_of(&[b])).is_empty()
                    }
                    (None, None) => true,
                    _ => false,
                };
                self.compared
                    .insert(path.clone(), (blob.id, modified, same));
                same
            });
            if !same {
                out.push(path);
            }
        }
        out
    }

    /// When a `git pull` last brought new data: the newest entry of HEAD's
    /// reflog written by a pull whose two commits differ in the data.
    pub fn last_pull(&mut self) -> Option<DateTime<Utc>> {
        let lines: Vec<(ObjectId, ObjectId, i64)> = {
            let head = self.repo.head().ok()?;
            let mut platform = head.log_iter();
            let reverse = platform.rev().ok()??;
            reverse
                .filter_map(Result::ok)
                .filter(|line| line.message.starts_with(b"pull"))
                .take(LOOK_BACK)
                .map(|line| (line.previous_oid, line.new_oid, line.signature.time.seconds))
                .collect()
        };
        for (old, new, seconds) in lines {
            let before = if old.is_null() { None } else { Some(old) };
            let (Ok(a), Ok(b)) = (self.files_at(before), self.files_at(Some(new))) else {
                continue;
            };
            if a != b {
                return Some(instant(seconds));
            }
        }
        None
    }

    /// The last version of a file that parsed, before `commit` on its first-parent
    /// line (a file fixed by `commit` is compared with what the board showed
    /// while it was broken). Looks back [`LOOK_BACK`] commits at most.
    fn good_before(
        &mut self,
        commit: ObjectId,
        path: &Path,
    ) -> Result<Option<FileRecords>, HistoryError> {
        let mut at = self.parents(commit).first().copied();
        for _ in 0..LOOK_BACK {
            let Some(oid) = at else { break };
            let files = self.files_at(Some(oid))?;
            let Some(blob) = files.get(path) else {
                return Ok(None);
            };
            if let Ok(records) = self.parse(blob) {
                return Ok(Some(records));
            }
            at = self.parents(oid).first().copied();
        }
        Ok(None)
    }

    /// The changes between the board at `since` (`None`: before the first
    /// commit) and `until`: a commit, or the working tree (`until_store`, read
    /// from disk) on top of HEAD. Each change names the commits that made it,
    /// and `uncommitted` for edits in the working tree.
    pub fn changes(
        &mut self,
        asked: &str,
        since: Option<ObjectId>,
        until: Until<'_>,
        now: DateTime<Utc>,
    ) -> Result<ChangeSet, HistoryError> {
        let tip = match until {
            Until::Commit(oid) => Some(oid),
            Until::WorkTree(_) => self.head(),
        };
        let old_board = self.store_at(since)?.merge(now);
        let (new_board, uncommitted) = match until {
            Until::Commit(_) => (self.store_at(tip)?.merge(now), None),
            // Read by load_worktree: every file is HEAD's, nothing uncommitted.
            Until::WorkTree(store) if self.dirty.as_ref().is_some_and(Vec::is_empty) => {
                (store.merge(now), None)
            }
            Until::WorkTree(store) => {
                let tip_board = self.store_at(tip)?.merge(now);
                let board = store.merge(now);
                let edits = diff::diff_boards(&tip_board, &board);
                (board, (!edits.is_empty()).then_some(edits))
            }
        };
        let mut items = diff::diff_boards(&old_board, &new_board);
        // Which commits made each change, oldest first.
        let mut made: HashMap<(Kind, String), Vec<CommitInfo>> = HashMap::new();
        if let Some(tip) = tip {
            let mut commits = self.data_commits(tip, since)?;
            commits.reverse();
            for commit in commits {
                for change in self.commit_changes(commit.oid)? {
                    made.entry((change.kind, change.id))
                        .or_default()
                        .push(commit.info.clone());
                }
            }
        }
        // Uncommitted edits are as new as the newest of the files that differ
        // from HEAD.
        let edited_at = match (&uncommitted, until) {
            (Some(_), Until::WorkTree(store)) => self
                .dirty
                .clone()
                .unwrap_or_else(|| self.uncommitted(store, UNIX_EPOCH))
                .iter()
                .filter_map(|path| store.modified(path))
                .max()
                .map(DateTime::<Utc>::from),
            _ => None,
        };
        let uncommitted_info = uncommitted.as_ref().map(|_| CommitInfo {
            id: UNCOMMITTED.to_string(),
            author: String::new(),
            time: edited_at
                .or_else(|| new_board.newest_modified.map(DateTime::<Utc>::from))
                .unwrap_or(now),
            subject: UNCOMMITTED.to_string(),
        });
        let edited: HashSet<(Kind, &str)> = uncommitted
            .iter()
            .flatten()
            .map(|c| (c.kind, c.id.as_str()))
            .collect();
        for item in &mut items {
            if let Some(commits) = made.remove(&(item.kind, item.id.clone())) {
                item.commits = commits;
            }
            if let (Some(info), true) = (
                &uncommitted_info,
                edited.contains(&(item.kind, item.id.as_str())),
            ) {
                item.commits.push(info.clone());
            }
        }
        diff::sort(&mut items);
        let point = |history: &Self, oid: Option<ObjectId>| -> Result<Point, HistoryError> {
            Ok(match oid {
                Some(oid) => {
                    let info = history.info(oid)?;
                    Point {
                        commit: Some(info.id),
                        subject: Some(info.subject),
                        time: Some(info.time),
                    }
                }
                None => Point::default(),
            })
        };
        let since_point = point(self, since)?;
        let until_point = match (&uncommitted_info, until) {
            (Some(info), _) => Point {
                commit: Some(UNCOMMITTED.to_string()),
                subject: None,
                time: Some(info.time),
            },
            (None, _) => point(self, tip)?,
        };
        Ok(ChangeSet {
            asked: asked.to_string(),
            since: since_point,
            until: until_point,
            items,
        })
    }
}

/// How far back [`History::good_before`] looks for a good version of a broken file.
const LOOK_BACK: usize = 100;

/// The newer end of a comparison.
#[derive(Clone, Copy)]
pub enum Until<'a> {
    /// The board at a commit (`--at`).
    Commit(ObjectId),
    /// The working tree as loaded from disk, on top of HEAD.
    WorkTree(&'a Store),
}

/// The records of some files, as one board (for comparing just those files).
fn board_of(files: &[FileRecords]) -> Board {
    let mut board = Board::default();
    for records in files {
        board.events.extend(records.events.iter().cloned());
        board.issues.extend(records.issues.iter().cloned());
        board.strikes.extend(records.strikes.iter().cloned());
    }
    board
}
