//! `sitboard init DIR` through the real binary: what it writes, that the result is
//! a board `sitboard check` accepts, that its pre-commit hook stops a broken
//! commit, and that it never overwrites anything.

mod cli;

use cli::sitboard;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn init(dir: &Path) -> Output {
    sitboard(&["init", &dir.to_string_lossy()])
}

/// The example's files as `init` names them (without the `example/` prefix).
fn board_files() -> Vec<(String, &'static str)> {
    sitboard::example::FILES
        .iter()
        .map(|(name, text)| {
            (
                name.strip_prefix("example/").unwrap_or(name).to_string(),
                *text,
            )
        })
        .collect()
}

fn other_files() -> [&'static str; 4] {
    [
        "sitboard.schema.json",
        ".taplo.toml",
        "README.md",
        "hooks/pre-commit",
    ]
}

/// Every file under `dir`, relative, sorted.
fn tree(dir: &Path) -> Vec<PathBuf> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in fs::read_dir(dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(root, &path, out);
            } else if let Ok(relative) = path.strip_prefix(root) {
                out.push(relative.to_path_buf());
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

#[test]
fn writes_a_ready_data_repository_into_a_new_directory() {
    let tmp = tempfile::tempdir().expect("a temporary directory");
    let dir = tmp.path().join("teams").join("ukraine-board");
    let output = init(&dir);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let said = String::from_utf8_lossy(&output.stdout);

    for (name, text) in board_files() {
        let written = fs::read_to_string(dir.join(&name)).expect("a board file was written");
        assert_eq!(written, text, "{name} is the example board's file");
        assert!(said.contains(&name), "{said}");
    }
    for name in other_files() {
        assert!(dir.join(name).is_file(), "{name} was not written");
        assert!(said.contains(name), "{said}");
    }
    assert!(said.contains("git config core.hooksPath hooks"), "{said}");

    // The schema file is exactly what `sitboard schema` prints, and .taplo.toml
    // points at it.
    let schema = sitboard(&["schema"]);
    assert_eq!(
        fs::read(dir.join("sitboard.schema.json")).ok(),
        Some(schema.stdout)
    );
    let taplo = fs::read_to_string(dir.join(".taplo.toml")).unwrap_or_default();
    let taplo: toml::Table = toml::from_str(&taplo).expect(".taplo.toml is TOML");
    let schema_path = taplo
        .get("schema")
        .and_then(|s| s.get("path"))
        .and_then(|p| p.as_str());
    assert_eq!(schema_path, Some("./sitboard.schema.json"));

    let readme = fs::read_to_string(dir.join("README.md")).unwrap_or_default();
    for needle in ["sitboard check", "pre-commit", "git pull", "--poll"] {
        assert!(readme.contains(needle), "README lacks {needle:?}");
    }

    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = fs::metadata(dir.join("hooks/pre-commit")).map(|m| m.permissions().mode());
        assert!(mode.is_ok_and(|m| m & 0o111 != 0), "the hook is executable");
    }

    // The new repository is a board that `sitboard check` accepts.
    let check = sitboard(&["check", &dir.to_string_lossy()]);
    assert_eq!(
        check.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&check.stdout)
    );
}

#[test]
fn refuses_to_overwrite_and_then_writes_nothing() {
    let tmp = tempfile::tempdir().expect("a temporary directory");
    let dir = tmp.path().join("board");
    fs::create_dir_all(&dir).expect("create the directory");
    fs::write(dir.join("README.md"), "our own readme\n").expect("write a README");
    let (first_board_file, _) = board_files().remove(0);
    fs::write(dir.join(&first_board_file), "# ours\n").expect("write a board file");

    let output = init(&dir);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(&dir.join("README.md").display().to_string()),
        "{stderr}"
    );
    assert!(
        stderr.contains(&dir.join(&first_board_file).display().to_string()),
        "{stderr}"
    );
    assert!(stderr.contains("already exists"), "{stderr}");
    assert!(stderr.contains("nothing was written"), "{stderr}");
    // Nothing else appeared, and what was there is untouched.
    let mut expected = vec![PathBuf::from(&first_board_file), PathBuf::from("README.md")];
    expected.sort();
    assert_eq!(tree(&dir), expected);
    assert_eq!(
        fs::read_to_string(dir.join("README.md")).ok().as_deref(),
        Some("our own readme\n")
    );
}

#[test]
fn a_second_init_names_every_file_it_would_overwrite() {
    let tmp = tempfile::tempdir().expect("a temporary directory");
    let dir = tmp.path().join("board");
    assert_eq!(init(&dir).status.code(), Some(0));
    let before = tree(&dir);
    let again = init(&dir);
    assert_eq!(again.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&again.stderr);
    for name in board_files()
        .into_iter()
        .map(|(n, _)| n)
        .chain(other_files().map(String::from))
    {
        assert!(
            stderr.contains(&dir.join(&name).display().to_string()),
            "{name}: {stderr}"
        );
    }
    assert_eq!(tree(&dir), before);
}

#[test]
fn the_pre_commit_hook_stops_a_commit_with_an_error() {
    let git_found = Command::new("git").arg("--version").output();
    if !git_found.is_ok_and(|o| o.status.success()) {
        println!("SKIP: git is not installed, so the pre-commit hook was not run");
        return;
    }
    let tmp = tempfile::tempdir().expect("a temporary directory");
    let dir = tmp.path().join("board");
    assert_eq!(init(&dir).status.code(), Some(0));
    // The hook finds sitboard on PATH, as it would on an analyst's machine.
    let bin_dir = Path::new(env!("CARGO_BIN_EXE_sitboard"))
        .parent()
        .map(Path::to_path_buf);
    let path = std::env::join_paths(bin_dir.into_iter().chain(std::env::split_paths(
        &std::env::var_os("PATH").unwrap_or_default(),
    )))
    .expect("a PATH");
    let git = |args: &[&str]| -> Output {
        Command::new("git")
            .args(["-c", "user.name=Test", "-c", "user.email=test@example.org"])
            .args([
                "-c",
                "init.defaultBranch=main",
                "-c",
                "commit.gpgsign=false",
            ])
            .args(args)
            .current_dir(&dir)
            .env("PATH", &path)
            .env("HOME", tmp.path())
            .env_remove("GIT_DIR")
            .env_remove("GIT_INDEX_FILE")
            .env_remove("SITBOARD_DATA")
            .output()
            .expect("git runs")
    };
    assert!(git(&["init", "-q"]).status.success());
    assert!(git(&["config", "core.hooksPath", "hooks"]).status.success());
    assert!(git(&["add", "-A"]).status.success());
    let good = git(&["commit", "-q", "-m", "Start the board"]);
    assert!(
        good.status.success(),
        "{}",
        String::from_utf8_lossy(&good.stderr)
    );

    // A broken strike, staged: the hook refuses it and says where.
    fs::write(
        dir.join("broken.toml"),
        "[[strike]]\nid = \"S-1\"\ntime = 2026-01-20T04:30:00+02:00\noblast = \"Kyiv\"\ntarget = \"powerplant\"\n",
    )
    .expect("write a broken file");
    assert!(git(&["add", "broken.toml"]).status.success());
    let bad = git(&["commit", "-q", "-m", "A broken strike"]);
    assert!(!bad.status.success(), "the commit went through");
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&bad.stdout),
        String::from_utf8_lossy(&bad.stderr)
    );
    assert!(said.contains("broken.toml:5:"), "{said}");
    assert!(said.contains("powerplant"), "{said}");

    // Fixed in the working copy but not staged: still refused (the hook checks
    // what is about to be committed).
    fs::write(
        dir.join("broken.toml"),
        "[[strike]]\nid = \"S-1\"\ntime = 2026-01-20T04:30:00+02:00\noblast = \"Kyiv\"\ntarget = \"substation\"\n",
    )
    .expect("fix the file");
    assert!(
        !git(&["commit", "-q", "-m", "A broken strike"])
            .status
            .success()
    );
    assert!(git(&["add", "broken.toml"]).status.success());
    let fixed = git(&["commit", "-q", "-m", "A fixed strike"]);
    assert!(
        fixed.status.success(),
        "{}",
        String::from_utf8_lossy(&fixed.stderr)
    );
}

#[test]
fn a_dir_that_is_a_file_is_refused() {
    let tmp = tempfile::tempdir().expect("a temporary directory");
    let file = tmp.path().join("board");
    fs::write(&file, "not a directory\n").expect("write a file");
    let output = init(&file);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("is not a directory"), "{stderr}");
    assert_eq!(
        fs::read_to_string(&file).ok().as_deref(),
        Some("not a directory\n")
    );
}

#[test]
fn help_describes_init() {
    let output = sitboard(&["init", "--help"]);
    assert_eq!(output.status.code(), Some(0));
    let help = String::from_utf8_lossy(&output.stdout);
    assert!(help.contains("never overwrites"), "{help}");
    assert!(help.contains("DIR"), "{help}");
}

#[test]
fn a_missing_dir_argument_is_a_usage_error() {
    let output = sitboard(&["init"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("DIR"));
}

/// When `sitboard` is not on PATH, `init` says how to put it there (the next
/// steps and the pre-commit hook call it by name); when it is, it says nothing.
#[test]
fn init_says_how_to_get_sitboard_on_path() {
    let dir = tempfile::tempdir().unwrap();
    let run = |path_var: &std::ffi::OsStr, target: &Path| {
        Command::new(env!("CARGO_BIN_EXE_sitboard"))
            .arg("init")
            .arg(target)
            .env("PATH", path_var)
            .output()
            .expect("sitboard runs")
    };
    let empty = tempfile::tempdir().unwrap();
    let output = run(empty.path().as_os_str(), &dir.path().join("a"));
    assert_eq!(output.status.code(), Some(0));
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.contains("sitboard is not on your PATH yet"), "{text}");
    assert!(text.contains("cargo install --path ."), "{text}");

    // The binary's own folder on PATH: found, nothing to say.
    let bin_dir = Path::new(env!("CARGO_BIN_EXE_sitboard")).parent().unwrap();
    let output = run(bin_dir.as_os_str(), &dir.path().join("b"));
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(!text.contains("not on your PATH"), "{text}");
}
