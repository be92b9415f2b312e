//! `sitboard init DIR`: writes a ready data repository.
//!
//! The example board, the JSON Schema (the same text `sitboard schema` prints), a
//! `.taplo.toml` that points editors at it, a README on checking and sharing the
//! board, and a git pre-commit hook that runs `sitboard check`. It never
//! overwrites: when any file it would write exists already it writes nothing,
//! names each such file and exits with status 2.

use std::fmt::Write as _;
use std::fs::{self, OpenOptions};
use std::io::{self, Write as _};
use std::path::{Path, PathBuf};

use crate::load::sanitize;
use crate::source::CannotRun;
use crate::{example, schema};

/// The data repository's README: how to check and share the board.
const README: &str = include_str!("../../assets/init/README.md");
/// Editor wiring for the schema (taplo / Even Better TOML).
const TAPLO: &str = include_str!("../../assets/init/taplo.toml");
/// The git pre-commit hook.
const PRE_COMMIT: &str = include_str!("../../assets/init/pre-commit");

/// One file `init` writes, relative to DIR.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InitFile {
    pub path: PathBuf,
    pub text: String,
    /// Written with the execute bit (the hook).
    pub executable: bool,
}

/// Every file of a new data repository, in the order they are written.
pub fn files() -> Vec<InitFile> {
    let file = |path: &str, text: String| InitFile {
        path: PathBuf::from(path),
        text,
        executable: false,
    };
    let mut files: Vec<InitFile> = example::FILES
        .iter()
        .map(|(name, text)| {
            // The example's display names carry an `example/` prefix; in a data
            // repository of its own the board sits at the top.
            let name = name.strip_prefix("example/").unwrap_or(name);
            file(name, (*text).to_string())
        })
        .collect();
    files.push(file(schema::SCHEMA_FILE, schema::schema_text()));
    files.push(file(".taplo.toml", TAPLO.to_string()));
    files.push(file("README.md", README.to_string()));
    files.push(InitFile {
        executable: true,
        ..file("hooks/pre-commit", PRE_COMMIT.to_string())
    });
    files
}

/// Why `init` wrote nothing, or stopped.
#[derive(Debug, thiserror::Error)]
pub enum InitError {
    /// Files that exist already (nothing was written).
    #[error("{}", existing_message(.0))]
    Exists(Vec<PathBuf>),
    #[error("{path}: {source}")]
    Io { path: PathBuf, source: io::Error },
}

fn existing_message(paths: &[PathBuf]) -> String {
    let mut text = String::new();
    for path in paths {
        let _ = writeln!(text, "{}: already exists", path.display());
    }
    let _ = write!(
        text,
        "nothing was written: sitboard init never overwrites a file"
    );
    text
}

/// Writes the data repository into `dir` (created if missing) and returns the
/// paths written. Checks every target first, so a refusal writes nothing.
pub fn write(dir: &Path) -> Result<Vec<PathBuf>, InitError> {
    if dir.exists() && !dir.is_dir() {
        let source = io::Error::other("it exists and is not a directory");
        return Err(InitError::Io {
            path: dir.to_path_buf(),
            source,
        });
    }
    let files = files();
    let existing: Vec<PathBuf> = files
        .iter()
        .map(|f| dir.join(&f.path))
        // symlink_metadata: a dangling symlink is a file we would write through.
        .filter(|path| fs::symlink_metadata(path).is_ok())
        .collect();
    if !existing.is_empty() {
        return Err(InitError::Exists(existing));
    }
    let mut written = Vec::new();
    for file in &files {
        let path = dir.join(&file.path);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(|source| InitError::Io {
                path: parent.to_path_buf(),
                source,
            })?;
        }
        write_new(&path, file).map_err(|source| match source.kind() {
            // Created by someone else since the check: still never overwrite.
            io::ErrorKind::AlreadyExists => InitError::Exists(vec![path.clone()]),
            _ => InitError::Io {
                path: path.clone(),
                source,
            },
        })?;
        written.push(path);
    }
    Ok(written)
}

/// Creates a file that must not exist yet (`create_new`: no race can make this
/// an overwrite).
fn write_new(path: &Path, file: &InitFile) -> io::Result<()> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(if file.executable { 0o755 } else { 0o644 });
    }
    let mut out = options.open(path)?;
    out.write_all(file.text.as_bytes())?;
    out.sync_all()
}

/// `sitboard init DIR`: exit 0 when written, 2 when refused or failed.
pub fn run(dir: &Path) -> u8 {
    match write(dir) {
        Ok(written) => {
            let mut out = String::new();
            for path in &written {
                let shown = sanitize::line(&path.display().to_string());
                let _ = writeln!(out, "wrote {shown}");
            }
            let shown = shell_word(dir);
            let _ = write!(
                out,
                "\nNext steps:\n  \
                 cd {shown} && git init && git add -A && git commit -m \"Start the board\"\n  \
                 git config core.hooksPath hooks    # run `sitboard check` before every commit\n  \
                 sitboard .                         # open the board\n"
            );
            if !on_path("sitboard") {
                // The hook and the steps above call `sitboard` by name.
                let exe = std::env::current_exe().map_or_else(
                    |_| "./target/release/sitboard".into(),
                    |p| sanitize::line(&p.display().to_string()),
                );
                let _ = write!(
                    out,
                    "\nsitboard is not on your PATH yet, and the hook needs it there: run\n  \
                     cargo install --path .             # in sitboard's source folder\n\
                     or call this binary by its path: {exe}\n"
                );
            }
            // A closed stdout does not undo what was written: still a success.
            let _ = io::stdout().lock().write_all(out.as_bytes());
            0
        }
        Err(err) => {
            CannotRun::Other(err.to_string()).report(&mut io::stderr());
            super::CANNOT_RUN
        }
    }
}

/// True when a shell would find an executable `name` on `$PATH`.
fn on_path(name: &str) -> bool {
    std::env::var_os("PATH").is_some_and(|path| {
        std::env::split_paths(&path).any(|dir| {
            let candidate = dir.join(name);
            candidate.is_file() && is_executable(&candidate)
        })
    })
}

#[cfg(unix)]
fn is_executable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    fs::metadata(path).is_ok_and(|m| m.permissions().mode() & 0o111 != 0)
}

#[cfg(not(unix))]
fn is_executable(_: &Path) -> bool {
    true
}

/// The directory as a user would type it in a shell (quoted when it needs to be).
/// A name with bytes the sanitiser would drop, or that are not UTF-8, is written
/// in ANSI-C quotes (`$'...'`, bash and zsh) with those bytes as `\xHH`: still
/// a name that can be pasted, but never a control sequence on the terminal.
fn shell_word(dir: &Path) -> String {
    let text = dir.display().to_string();
    let bytes = name_bytes(dir);
    if !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_alphanumeric() || "/._-+".contains(c))
    {
        text
    } else if bytes == text.as_bytes() && sanitize::line(&text) == text {
        format!("'{}'", text.replace('\'', r"'\''"))
    } else {
        let mut quoted = String::from("$'");
        for chunk in bytes.utf8_chunks() {
            for c in chunk.valid().chars() {
                match c {
                    '\\' | '\'' => {
                        quoted.push('\\');
                        quoted.push(c);
                    }
                    c if c.is_control()
                        || sanitize::line(c.encode_utf8(&mut [0; 4])).is_empty() =>
                    {
                        for byte in c.encode_utf8(&mut [0; 4]).bytes() {
                            let _ = write!(quoted, "\\x{byte:02x}");
                        }
                    }
                    c => quoted.push(c),
                }
            }
            for byte in chunk.invalid() {
                let _ = write!(quoted, "\\x{byte:02x}");
            }
        }
        quoted.push('\'');
        quoted
    }
}

/// The name's bytes as the operating system holds them.
#[cfg(unix)]
fn name_bytes(dir: &Path) -> Vec<u8> {
    use std::os::unix::ffi::OsStrExt;
    dir.as_os_str().as_bytes().to_vec()
}

/// The name's bytes as the operating system holds them (as text elsewhere).
#[cfg(not(unix))]
fn name_bytes(dir: &Path) -> Vec<u8> {
    dir.display().to_string().into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_directory_name_is_shown_as_a_shell_word_without_control_bytes() {
        assert_eq!(shell_word(Path::new("/srv/board-1")), "/srv/board-1");
        assert_eq!(shell_word(Path::new("/srv/my board")), "'/srv/my board'");
        assert_eq!(shell_word(Path::new("/srv/it's")), r"'/srv/it'\''s'");
        assert_eq!(
            shell_word(Path::new("/srv/a\u{1b}[31mb'c\u{9b}")),
            r"$'/srv/a\x1b[31mb\'c\xc2\x9b'"
        );
    }

    #[test]
    fn writes_the_example_board_schema_editor_config_readme_and_hook() {
        let names: Vec<String> = files()
            .iter()
            .map(|f| f.path.display().to_string())
            .collect();
        for (name, _) in example::FILES {
            let name = name.strip_prefix("example/").unwrap_or(name);
            assert!(
                names.iter().any(|n| n == name),
                "{name} missing from {names:?}"
            );
        }
        for name in [
            "sitboard.schema.json",
            ".taplo.toml",
            "README.md",
            "hooks/pre-commit",
        ] {
            assert!(
                names.iter().any(|n| n == name),
                "{name} missing from {names:?}"
            );
        }
        let hook = files().into_iter().find(|f| f.path.ends_with("pre-commit"));
        assert!(hook.is_some_and(|h| h.executable && h.text.starts_with("#!/bin/sh")));
    }

    #[test]
    fn the_written_schema_is_the_printed_schema_and_taplo_names_it() {
        let all = files();
        let schema_file = all
            .iter()
            .find(|f| f.path == Path::new(schema::SCHEMA_FILE));
        assert_eq!(
            schema_file.map(|f| f.text.clone()),
            Some(schema::schema_text())
        );
        let taplo: toml::Table = toml::from_str(TAPLO).unwrap_or_default();
        let path = taplo
            .get("schema")
            .and_then(|s| s.get("path"))
            .and_then(|p| p.as_str());
        assert_eq!(path, Some("./sitboard.schema.json"));
    }

    #[test]
    fn shell_word_quotes_only_when_needed() {
        assert_eq!(shell_word(Path::new("ukraine-board")), "ukraine-board");
        assert_eq!(shell_word(Path::new("my board")), "'my board'");
        assert_eq!(shell_word(Path::new("it's")), r"'it'\''s'");
    }
}
