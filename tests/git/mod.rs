//! Git repositories built by tests, with the `git` command line: fixed
//! authors and dates, no user or system git config.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// True when a `git` command is on the PATH (CI installs one).
pub fn available() -> bool {
    Command::new("git")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// A repository in a temporary directory.
pub struct Repo {
    pub dir: tempfile::TempDir,
}

impl Repo {
    pub fn new() -> Repo {
        let repo = Repo {
            dir: tempfile::tempdir().expect("temp dir"),
        };
        repo.git(&["init", "-q", "-b", "main"]);
        repo
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Runs git in the repository; panics when it fails.
    pub fn git(&self, args: &[&str]) -> Output {
        self.git_at(args, "2026-01-21T08:00:00Z", "Ann Analyst")
    }

    fn git_at(&self, args: &[&str], date: &str, author: &str) -> Output {
        let output = Command::new("git")
            .args(args)
            .current_dir(self.path())
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_AUTHOR_NAME", author)
            .env("GIT_AUTHOR_EMAIL", "board@example.org")
            .env("GIT_COMMITTER_NAME", author)
            .env("GIT_COMMITTER_EMAIL", "board@example.org")
            .env("GIT_AUTHOR_DATE", date)
            .env("GIT_COMMITTER_DATE", date)
            .output()
            .expect("git runs");
        assert!(
            output.status.success(),
            "git {args:?} failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        output
    }

    /// Writes a file (creating its directory).
    pub fn write(&self, name: &str, text: &str) {
        let path = self.path().join(name);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).expect("mkdir");
        }
        std::fs::write(path, text).expect("write");
    }

    pub fn file(&self, name: &str) -> PathBuf {
        self.path().join(name)
    }

    /// Commits everything in the work tree as `author` at `date`; returns the hash.
    pub fn commit(&self, subject: &str, author: &str, date: &str) -> String {
        self.git_at(&["add", "-A"], date, author);
        self.git_at(
            &["commit", "-q", "--allow-empty", "-m", subject],
            date,
            author,
        );
        self.head()
    }

    pub fn head(&self) -> String {
        let out = self.git(&["rev-parse", "HEAD"]);
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    }

    /// Runs git with the commit date and author given (merges).
    pub fn git_as(&self, args: &[&str], author: &str, date: &str) -> Output {
        self.git_at(args, date, author)
    }
}
