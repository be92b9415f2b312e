//! Finding the data files named on the command line (docs/data-format.md#discovery-and-loading).
//!
//! A directory contributes every `*.toml` file beneath it, recursively, in path
//! order; hidden files and folders and editor leftovers are skipped. A file named
//! explicitly is always read, whatever its name.

use std::collections::HashSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::sanitize;

/// One data file: where it is and how to name it to the user.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Source {
    pub path: PathBuf,
    /// The path as the user named it, or as found under a directory they named
    /// (`data/strikes.toml`): what problems and the interface show.
    pub display: Arc<str>,
}

impl Source {
    pub fn new(path: PathBuf) -> Source {
        // A file name can hold control characters too (`touch $'\e[2J.toml'`).
        let display = Arc::from(sanitize::line(&path.display().to_string()));
        Source { path, display }
    }
}

/// A named path, or a directory beneath one, that cannot be read (`check` exits 2).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{path}: cannot read: {reason}")]
pub struct DiscoverError {
    pub path: String,
    pub reason: String,
}

impl DiscoverError {
    pub fn new(path: &Path, error: &io::Error) -> DiscoverError {
        DiscoverError {
            path: sanitize::line(&path.display().to_string()),
            reason: io_reason(error),
        }
    }
}

/// The reason of an I/O error without its `(os error N)` tail.
pub fn io_reason(error: &io::Error) -> String {
    let text = error.to_string();
    match text.find(" (os error") {
        Some(at) => text[..at].to_string(),
        None => text,
    }
}

/// The data files of `paths`, in path order, each once.
pub fn discover(paths: &[PathBuf]) -> Result<Vec<Source>, DiscoverError> {
    let mut found = Vec::new();
    let mut visited = HashSet::new();
    for path in paths {
        let meta = fs::metadata(path).map_err(|e| DiscoverError::new(path, &e))?;
        if meta.is_dir() {
            walk(path, &mut found, &mut visited)?;
        } else {
            // Named explicitly: it must be readable, whatever its name.
            fs::File::open(path).map_err(|e| DiscoverError::new(path, &e))?;
            found.push(Source::new(path.clone()));
        }
    }
    found.sort_by(|a, b| a.path.cmp(&b.path));
    // The same file named twice (`data` and `./data/x.toml`) is read once: its
    // records would otherwise clash with themselves as duplicate ids.
    let mut canonical = HashSet::new();
    found.retain(|source| {
        canonical.insert(fs::canonicalize(&source.path).unwrap_or_else(|_| source.path.clone()))
    });
    Ok(found)
}

/// Adds the data files under `dir`; a directory reached twice (through a symlink)
/// is read once.
fn walk(
    dir: &Path,
    found: &mut Vec<Source>,
    visited: &mut HashSet<PathBuf>,
) -> Result<(), DiscoverError> {
    walk_visible(
        dir,
        visited,
        &mut |entry| {
            if let Visible::File(path, _) = entry {
                if is_data_file(&path) {
                    found.push(Source::new(path));
                }
            }
        },
        &mut |dir, error| Err(DiscoverError::new(dir, &error)),
    )
}

/// What [`walk_visible`] finds.
pub enum Visible<'a> {
    /// A directory, before its entries.
    Dir(&'a Path),
    /// A regular file (symlinks followed), with its metadata.
    File(PathBuf, fs::Metadata),
}

/// Walks the visible tree under `dir` in name order: hidden entries are skipped
/// (docs/data-format.md#discovery-and-loading; this also skips Kubernetes' `..data` and its timestamped
/// directories, whose files are reached through the visible symlinks), symlinks
/// are followed, a dangling one is skipped like a file that is gone, and no
/// directory is entered twice (symlink loops). The one definition of which files
/// can belong to a board: discovery and the watcher's scans both use it.
/// `unreadable` decides whether a directory that cannot be read ends the walk.
pub fn walk_visible<E, S: std::hash::BuildHasher>(
    dir: &Path,
    visited: &mut HashSet<PathBuf, S>,
    found: &mut dyn FnMut(Visible<'_>),
    unreadable: &mut dyn FnMut(&Path, io::Error) -> Result<(), E>,
) -> Result<(), E> {
    let entries = fs::canonicalize(dir).and_then(|canonical| {
        if !visited.insert(canonical) {
            return Ok(Vec::new());
        }
        fs::read_dir(dir)?.collect::<Result<Vec<_>, _>>()
    });
    let mut entries = match entries {
        Ok(entries) => entries,
        Err(error) => return unreadable(dir, error),
    };
    found(Visible::Dir(dir));
    entries.sort_by_key(std::fs::DirEntry::file_name);
    for entry in entries {
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        let path = entry.path();
        let Ok(meta) = fs::metadata(&path) else {
            continue;
        };
        if meta.is_dir() {
            walk_visible(&path, visited, found, unreadable)?;
        } else if meta.is_file() {
            found(Visible::File(path, meta));
        }
    }
    Ok(())
}

/// True for a `*.toml` file that is not hidden and not an editor leftover
/// (`*~`, `#*#`, `*.swp`).
pub fn is_data_file(path: &Path) -> bool {
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        return false;
    };
    // Spelled out although `.toml` excludes most of them: says what is skipped.
    let leftover = name.ends_with('~')
        || name.ends_with(".swp")
        || (name.starts_with('#') && name.ends_with('#'));
    name.ends_with(".toml") && !name.starts_with('.') && !leftover
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_in_file_names_are_not_shown() {
        let source = Source::new(PathBuf::from("data/\u{1b}]0;x\u{7}strikes\u{1b}[2J.toml"));
        assert_eq!(&*source.display, "data/strikes.toml");
    }

    #[test]
    fn data_files_and_leftovers() {
        assert!(is_data_file(Path::new("data/strikes.toml")));
        assert!(!is_data_file(Path::new("data/.strikes.toml")));
        assert!(!is_data_file(Path::new("data/strikes.toml~")));
        assert!(!is_data_file(Path::new("data/#strikes.toml#")));
        assert!(!is_data_file(Path::new("data/.strikes.toml.swp")));
        assert!(!is_data_file(Path::new("data/strikes.toml.swp")));
        assert!(!is_data_file(Path::new("data/notes.md")));
    }

    #[test]
    fn directories_recursively_in_path_order() {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path();
        for name in [
            "b.toml",
            "a.toml",
            "sub/c.toml",
            "sub/.hidden.toml",
            ".git/x.toml",
            "x.toml~",
            "readme.md",
        ] {
            let path = root.join(name);
            fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
            fs::write(path, "").expect("write");
        }
        let found = discover(&[root.to_path_buf()]).expect("discover");
        let names: Vec<String> = found
            .iter()
            .map(|s| {
                s.path
                    .strip_prefix(root)
                    .expect("under root")
                    .display()
                    .to_string()
            })
            .collect();
        assert_eq!(names, ["a.toml", "b.toml", "sub/c.toml"]);
        assert_eq!(
            &*found[2].display,
            root.join("sub/c.toml").display().to_string()
        );
    }

    #[test]
    #[cfg(unix)]
    fn a_file_named_twice_is_read_once() {
        let dir = tempfile::tempdir().expect("temp dir");
        let file = dir.path().join("a.toml");
        fs::write(&file, "").expect("write");
        // A second name for it in the same directory, and the file named again.
        std::os::unix::fs::symlink(&file, dir.path().join("b.toml")).expect("symlink");
        let found = discover(&[dir.path().to_path_buf(), file.clone()]).expect("discover");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].path, file);
    }

    #[test]
    fn a_named_file_is_read_whatever_its_name_and_a_missing_path_is_an_error() {
        let dir = tempfile::tempdir().expect("temp dir");
        let odd = dir.path().join("board.txt");
        fs::write(&odd, "").expect("write");
        assert_eq!(
            discover(std::slice::from_ref(&odd))
                .expect("discover")
                .len(),
            1
        );
        let missing = dir.path().join("nope");
        let error = discover(std::slice::from_ref(&missing)).expect_err("missing");
        assert_eq!(
            error.to_string(),
            format!(
                "{}: cannot read: No such file or directory",
                missing.display()
            )
        );
    }
}
