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

/// What a path that should hold data holds instead (docs/data-format.md#which-files-are-read).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NotAFile {
    Directory,
    Fifo,
    Socket,
    CharDevice,
    BlockDevice,
    /// A symlink whose target does not exist.
    Dangling,
    /// A symlink that leads back to itself.
    Loop,
    Other,
}

impl NotAFile {
    /// What the path is, for a problem message: `a FIFO (named pipe)`.
    pub fn describe(self) -> &'static str {
        match self {
            NotAFile::Directory => "a directory",
            NotAFile::Fifo => "a FIFO (named pipe)",
            NotAFile::Socket => "a socket",
            NotAFile::CharDevice => "a character device",
            NotAFile::BlockDevice => "a block device",
            NotAFile::Dangling => "a symlink to nothing (its target does not exist)",
            NotAFile::Loop => "a symlink loop",
            NotAFile::Other => "not a regular file",
        }
    }

    /// What `meta` (symlinks followed) is, when it is not a regular file.
    pub fn of(meta: &fs::Metadata) -> Option<NotAFile> {
        let kind = meta.file_type();
        if kind.is_file() {
            return None;
        }
        if kind.is_dir() {
            return Some(NotAFile::Directory);
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::FileTypeExt;
            if kind.is_fifo() {
                return Some(NotAFile::Fifo);
            }
            if kind.is_socket() {
                return Some(NotAFile::Socket);
            }
            if kind.is_char_device() {
                return Some(NotAFile::CharDevice);
            }
            if kind.is_block_device() {
                return Some(NotAFile::BlockDevice);
            }
        }
        Some(NotAFile::Other)
    }

    /// Why following `path` failed with `error`, when `path` itself is a symlink.
    pub fn broken_link(path: &Path, error: &io::Error) -> Option<NotAFile> {
        let link = fs::symlink_metadata(path).ok()?;
        if !link.file_type().is_symlink() {
            return None;
        }
        #[cfg(unix)]
        if error.raw_os_error() == Some(libc::ELOOP) {
            return Some(NotAFile::Loop);
        }
        Some(if error.kind() == io::ErrorKind::NotFound {
            NotAFile::Dangling
        } else {
            NotAFile::Other
        })
    }
}

/// Opens a file for reading without ever blocking: a FIFO put where a data file
/// was would otherwise hang the open until a writer appears. The caller checks
/// what was opened with the file's own metadata (no race with a rename).
pub fn open_for_reading(path: &Path) -> io::Result<fs::File> {
    let mut options = fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    options.open(path)
}

/// The data files of `paths`, in path order, each once.
pub fn discover(paths: &[PathBuf]) -> Result<Vec<Source>, DiscoverError> {
    let mut found = Vec::new();
    let mut visited = HashSet::new();
    for path in paths {
        let meta = fs::metadata(path).map_err(|e| DiscoverError::new(path, &e))?;
        if meta.is_dir() {
            walk(path, &mut found, &mut visited)?;
        } else if let Some(odd) = NotAFile::of(&meta) {
            return Err(DiscoverError {
                path: sanitize::line(&path.display().to_string()),
                reason: format!("{}, not a data file", odd.describe()),
            });
        } else {
            // Named explicitly: it must be readable, whatever its name.
            open_for_reading(path).map_err(|e| DiscoverError::new(path, &e))?;
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
        &mut |entry| match entry {
            // Read like a file: reading it says what it is instead.
            Visible::File(path, _) | Visible::NotAFile(path, _, _) if is_data_file(&path) => {
                found.push(Source::new(path));
            }
            _ => {}
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
    /// Something else under a data file's name (`strikes.toml` that is a FIFO,
    /// a directory, a dangling symlink): reported, never skipped in silence.
    /// The metadata is the link's own when the link leads nowhere.
    NotAFile(PathBuf, NotAFile, fs::Metadata),
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
        let meta = match fs::metadata(&path) {
            Ok(meta) => meta,
            Err(error) => {
                // Gone since the listing: skipped like any file that is gone.
                if let (Some(odd), Ok(link)) = (
                    NotAFile::broken_link(&path, &error),
                    fs::symlink_metadata(&path),
                ) {
                    found(Visible::NotAFile(path, odd, link));
                }
                continue;
            }
        };
        if meta.is_file() {
            found(Visible::File(path, meta));
        } else if meta.is_dir() && !is_data_file(&path) {
            walk_visible(&path, visited, found, unreadable)?;
        } else if let Some(odd) = NotAFile::of(&meta) {
            found(Visible::NotAFile(path, odd, meta));
        }
    }
    Ok(())
}

/// True for a `*.toml` file that is not hidden and not an editor leftover
/// (`*~`, `#*#`, `*.swp`). The name is judged by its bytes, so a name that is not
/// UTF-8 (`caf\xe9.toml` from an old Latin-1 system) is still a data file.
pub fn is_data_file(path: &Path) -> bool {
    let Some(name) = path.file_name() else {
        return false;
    };
    let name = name.as_encoded_bytes();
    // Spelled out although `.toml` excludes most of them: says what is skipped.
    let leftover = name.ends_with(b"~")
        || name.ends_with(b".swp")
        || (name.starts_with(b"#") && name.ends_with(b"#"));
    name.ends_with(b".toml") && !name.starts_with(b".") && !leftover
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
