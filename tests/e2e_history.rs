//! The board through time, in a pseudo-terminal: `--at` and its banner, the
//! history view (`h`), stepping the board with `[` and `]`, and a change made
//! while the board was closed waiting in `c` after a restart
//! (docs/screen-and-keys.md#history). Repositories are built with the `git`
//! command line; without git the tests say so and pass (CI installs git).

mod git;
mod pty;

use std::time::Duration;

use git::Repo;
use pty::{Board, PATIENCE};

const NOW: &str = "2026-01-21T18:00:00Z";

fn skip() -> bool {
    if git::available() {
        return false;
    }
    eprintln!("note: git is not installed; history test skipped");
    true
}

fn issue(status: &str, progress: u8) -> String {
    format!(
        "[board]\ntitle = \"Garnet board\"\n\n[[issue]]\nid = \"truce\"\ntitle = \"Garnet energy truce\"\nstatus = \"{status}\"\npriority = \"high\"\nprogress = {progress}\n"
    )
}

const STRIKE: &str = "[[strike]]\nid = \"S-1\"\ntime = 2026-01-21T09:00:00Z\noblast = \"Odesa\"\ntarget = \"substation\"\noutage_customers = 5000\n";

/// Three commits: the morning board, a status change, a new strike.
fn story() -> Repo {
    let repo = Repo::new();
    repo.write("data/issues.toml", &issue("deadlocked", 20));
    repo.commit("Morning board", "Ann Analyst", "2026-01-21T08:00:00Z");
    repo.write("data/issues.toml", &issue("negotiating", 35));
    repo.commit("Truce talks resume", "Bo Briefer", "2026-01-21T10:00:00Z");
    repo.write("data/strikes.toml", STRIKE);
    repo.commit("Odesa substation hit", "Cy Clerk", "2026-01-21T11:00:00Z");
    repo
}

fn spawn(repo: &Repo, state: &std::path::Path, extra: &[&str]) -> Board {
    let data = repo.file("data");
    let data = data.to_str().expect("utf-8 path");
    let mut args = vec!["--now", NOW, "--tz", "UTC"];
    args.extend_from_slice(extra);
    args.push(data);
    let mut cmd = pty::command(&args);
    cmd.env("XDG_STATE_HOME", state.as_os_str());
    cmd.env("GIT_CONFIG_NOSYSTEM", "1");
    cmd.env("GIT_CONFIG_GLOBAL", "/dev/null");
    let board = Board::spawn_command(cmd, 120, 40);
    board.expect_text("Garnet board");
    board.wait_quiet(Duration::from_millis(200), PATIENCE);
    board
}

fn press(board: &mut Board, keys: &str, needle: &str) {
    board.send(keys);
    if let Err(err) = board.wait_for_text(needle, PATIENCE) {
        panic!("after {keys:?}: {err}\n{}", board.screen());
    }
    // The frame may arrive in pieces: read it once it is all there.
    board.wait_quiet(Duration::from_millis(150), PATIENCE);
}

fn quit(board: &mut Board) {
    board.send("q");
    assert!(board.wait_exit(PATIENCE).is_some(), "the board quits");
}

#[test]
fn at_shows_the_past_under_a_banner_and_esc_returns_to_live() {
    if skip() {
        return;
    }
    let repo = story();
    let state = tempfile::tempdir().expect("temp dir");
    let mut board = spawn(&repo, state.path(), &["--at", "HEAD~2"]);
    board
        .wait_for_text("2 newer changes", PATIENCE)
        .unwrap_or_else(|e| panic!("{e}\n{}", board.screen()));
    let screen = board.screen();
    let banner = screen
        .lines()
        .find(|l| l.contains("AS OF"))
        .unwrap_or_else(|| panic!("no banner:\n{screen}"));
    assert!(
        banner.contains("AS OF Wed 21 Jan 2026 08:00 UTC · ")
            && banner.contains(" · Morning board · 2 newer changes (Esc: live)"),
        "{banner}"
    );
    assert!(screen.contains("deadlocked"), "{screen}");
    assert!(screen.contains("Strikes 0 "), "{screen}");
    // A change on disk while in the past: the board stays, the count grows.
    std::fs::write(repo.file("data/more.toml"), STRIKE.replace("S-1", "S-2")).expect("write");
    press(&mut board, "", "3 newer changes");
    assert!(board.screen().contains("Strikes 0 "));
    // Esc: the live board, with both strikes and the new status.
    press(&mut board, "\x1b", "Strikes 2 ");
    let screen = board.screen();
    assert!(!screen.contains("AS OF"), "{screen}");
    assert!(screen.contains("negotiating"), "{screen}");
    quit(&mut board);
}

#[test]
fn the_history_view_lists_commits_opens_one_and_steps_the_board() {
    if skip() {
        return;
    }
    let repo = story();
    let state = tempfile::tempdir().expect("temp dir");
    let mut board = spawn(&repo, state.path(), &[]);
    press(&mut board, "h", "3 commits touched the data, newest first.");
    let screen = board.screen();
    let rows: Vec<&str> = screen.lines().filter(|l| l.contains(" 21 Jan ")).collect();
    assert_eq!(rows.len(), 3, "{screen}");
    assert!(
        rows[0].contains("Cy Clerk") && rows[0].contains("Odesa substation hit — 1 strike added")
    );
    assert!(
        rows[1].contains("Bo Briefer") && rows[1].contains("Truce talks resume — 1 issue changed")
    );
    assert!(rows[2].contains("Morning board — 1 issue added"));
    // Enter on the second: that commit's changes in full.
    press(&mut board, "j\r", "status: deadlocked → negotiating");
    assert!(board.screen().contains("progress: 20% → 35%"));
    press(&mut board, "\x1b", "3 commits touched the data");
    press(&mut board, "\x1b", "Strikes 1 ");
    // One commit back: the live board is HEAD's, so the step goes to the one before.
    press(&mut board, "[", "Truce talks resume · 1 newer change");
    assert!(board.screen().contains("Strikes 0 "));
    press(&mut board, "[", "Morning board · 2 newer changes");
    assert!(board.screen().contains("deadlocked"));
    // The history view marks where the board stands.
    press(&mut board, "h", "3 commits touched");
    let marked = board
        .screen()
        .lines()
        .find(|l| l.contains("▶"))
        .map(str::to_string)
        .unwrap_or_default();
    assert!(marked.contains("Morning board"), "{}", board.screen());
    press(&mut board, "h", "Strikes 0 ");
    // Forward again, and past the newest commit to the live board.
    press(&mut board, "]", "Truce talks resume · 1 newer change");
    press(&mut board, "]", "the live board is the same");
    press(&mut board, "]", "Strikes 1 ");
    assert!(!board.screen().contains("AS OF"));
    quit(&mut board);
}

#[test]
fn a_change_made_while_the_board_was_closed_waits_in_the_change_list() {
    if skip() {
        return;
    }
    let repo = story();
    let state = tempfile::tempdir().expect("temp dir");
    // First run: nothing is new; quitting remembers what was seen.
    let mut board = spawn(&repo, state.path(), &[]);
    assert!(!board.screen().contains("unseen"));
    quit(&mut board);
    let files: Vec<_> = std::fs::read_dir(state.path().join("sitboard"))
        .expect("the state directory was made")
        .filter_map(Result::ok)
        .collect();
    assert_eq!(files.len(), 1, "one state file");
    assert!(
        !repo
            .path()
            .join("data")
            .read_dir()
            .expect("data")
            .any(|e| e.is_ok_and(|e| e.file_name().to_string_lossy().contains("seen"))),
        "nothing is written into the data directory"
    );

    // While closed: a commit changes the issue.
    repo.write("data/issues.toml", &issue("near-agreement", 80));
    repo.commit("Near agreement", "Dee Desk", "2026-01-21T12:00:00Z");

    let mut board = spawn(&repo, state.path(), &[]);
    board
        .wait_for_text("1 unseen (c)", PATIENCE)
        .unwrap_or_else(|e| panic!("{e}\n{}", board.screen()));
    press(
        &mut board,
        "c",
        "issue truce: status negotiating → near-agreement; progress 35% → 80% (Dee Desk, \"Near agreement\")",
    );
    press(&mut board, "c", "Issues 1 ");
    // Marked in its pane until seen; C marks all seen and the count goes.
    press(&mut board, "C", "Garnet board");
    board.wait_quiet(Duration::from_millis(200), PATIENCE);
    assert!(!board.screen().contains("unseen"), "{}", board.screen());
    quit(&mut board);

    // Seen: the next start has nothing new.
    let mut board = spawn(&repo, state.path(), &[]);
    board.wait_quiet(Duration::from_millis(300), PATIENCE);
    assert!(!board.screen().contains("unseen"), "{}", board.screen());
    quit(&mut board);
}

#[test]
fn without_git_the_state_file_remembers_by_content_and_a_bad_one_is_a_note() {
    let data = tempfile::tempdir().expect("temp dir");
    let state = tempfile::tempdir().expect("temp dir");
    std::fs::write(data.path().join("issues.toml"), issue("open", 10)).expect("write");
    let run = |state: &std::path::Path| {
        let dir = data.path().to_str().expect("utf-8");
        let mut cmd = pty::command(&["--now", NOW, "--tz", "UTC", dir]);
        cmd.env("XDG_STATE_HOME", state.as_os_str());
        let board = Board::spawn_command(cmd, 120, 40);
        board.expect_text("Garnet board");
        board.wait_quiet(Duration::from_millis(200), PATIENCE);
        board
    };
    let mut board = run(state.path());
    quit(&mut board);
    std::fs::write(data.path().join("issues.toml"), issue("agreed", 100)).expect("write");
    let mut board = run(state.path());
    board
        .wait_for_text("1 unseen (c)", PATIENCE)
        .unwrap_or_else(|e| panic!("{e}\n{}", board.screen()));
    // The fields come from the snapshot of the files as last seen.
    press(
        &mut board,
        "c",
        "issue truce: status open → agreed; progress 10% → 100%",
    );
    quit(&mut board);

    // A corrupt state file: a warning on the board, which runs all the same.
    let dir = state.path().join("sitboard");
    for entry in std::fs::read_dir(&dir)
        .expect("state dir")
        .filter_map(Result::ok)
    {
        // The state file (the snapshot beside it is a directory).
        if entry.path().is_file() {
            std::fs::write(entry.path(), "records = [").expect("write");
        }
    }
    let mut board = run(state.path());
    press(&mut board, "p", "not a sitboard state file");
    quit(&mut board);
}

#[test]
fn since_on_the_board_fills_the_change_list_and_marks_the_records() {
    if skip() {
        return;
    }
    let repo = story();
    let state = tempfile::tempdir().expect("temp dir");
    let mut board = spawn(&repo, state.path(), &["--since", "HEAD~2"]);
    board
        .wait_for_text("2 unseen (c)", PATIENCE)
        .unwrap_or_else(|e| panic!("{e}\n{}", board.screen()));
    press(&mut board, "c", "strike S-1: added");
    let screen = board.screen();
    assert!(
        screen.contains(
            "issue truce: status deadlocked → negotiating; progress 20% → 35% (Bo Briefer, \"Truce talks resume\")"
        ),
        "{screen}"
    );
    quit(&mut board);
    // --since does not touch the state file.
    assert!(!state.path().join("sitboard").exists());
}

#[test]
fn in_git_the_data_is_as_old_as_its_newest_commit_and_a_pull_is_named() {
    if skip() {
        return;
    }
    let origin = Repo::new();
    origin.write("data/issues.toml", &issue("open", 10));
    // Eleven days before --now: a fresh clone is that old, not "updated just now".
    origin.commit("Old board", "Ann Analyst", "2026-01-10T18:00:00Z");
    let clones = tempfile::tempdir().expect("temp dir");
    let clone = clones.path().join("board");
    let git = |dir: &std::path::Path, args: &[&str]| {
        let out = std::process::Command::new("git")
            .args(args)
            .current_dir(dir)
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_AUTHOR_NAME", "Bo")
            .env("GIT_AUTHOR_EMAIL", "b@example.org")
            .env("GIT_COMMITTER_NAME", "Bo")
            .env("GIT_COMMITTER_EMAIL", "b@example.org")
            .output()
            .expect("git runs");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    let url = format!("file://{}", origin.path().display());
    git(clones.path(), &["clone", "-q", &url, "board"]);
    let state = tempfile::tempdir().expect("temp dir");
    let run = || {
        let data = clone.join("data");
        let mut cmd = pty::command(&["--now", NOW, "--tz", "UTC", data.to_str().expect("utf-8")]);
        cmd.env("XDG_STATE_HOME", state.path().as_os_str());
        cmd.env("GIT_CONFIG_NOSYSTEM", "1");
        cmd.env("GIT_CONFIG_GLOBAL", "/dev/null");
        let board = Board::spawn_command(cmd, 120, 40);
        board.expect_text("Garnet board");
        board.wait_quiet(Duration::from_millis(200), PATIENCE);
        board
    };
    let mut board = run();
    let header = board
        .screen()
        .lines()
        .next()
        .unwrap_or_default()
        .to_string();
    assert!(header.contains("STALE updated 11d ago"), "{header}");
    assert!(!header.contains("pulled"), "{header}");
    quit(&mut board);
    // A pull that brings new data: the age is the new commit's, and the header
    // says when the pull was.
    origin.write("data/issues.toml", &issue("agreed", 100));
    origin.commit("Agreed", "Bo Briefer", "2026-01-21T17:00:00Z");
    git(&clone, &["pull", "-q", "--ff-only"]);
    let mut board = run();
    let header = board
        .screen()
        .lines()
        .next()
        .unwrap_or_default()
        .to_string();
    assert!(header.contains("updated 1h ago · pulled"), "{header}");
    assert!(!header.contains("STALE"), "{header}");
    quit(&mut board);
}

#[test]
fn without_git_brief_since_compares_with_the_snapshot_of_what_was_last_seen() {
    let data = tempfile::tempdir().expect("temp dir");
    let state = tempfile::tempdir().expect("temp dir");
    std::fs::write(data.path().join("issues.toml"), issue("open", 10)).expect("write");
    let dir = data.path().to_str().expect("utf-8").to_string();
    // The board seen and closed: the snapshot is taken then (real time).
    let mut cmd = pty::command(&["--tz", "UTC", &dir]);
    cmd.env("XDG_STATE_HOME", state.path().as_os_str());
    let mut board = Board::spawn_command(cmd, 120, 40);
    board.expect_text("Garnet board");
    board.wait_quiet(Duration::from_millis(200), PATIENCE);
    quit(&mut board);
    std::fs::write(data.path().join("issues.toml"), issue("agreed", 100)).expect("write");

    let in_an_hour = (chrono::Utc::now() + chrono::Duration::hours(1))
        .format("%Y-%m-%dT%H:%M:%SZ")
        .to_string();
    let brief = |since: &str| {
        std::process::Command::new(pty::binary())
            .args([
                "brief",
                "--now",
                &in_an_hour,
                "--format",
                "json",
                "--since",
                since,
                &dir,
            ])
            .env("XDG_STATE_HOME", state.path())
            .env("XDG_CONFIG_HOME", "/nonexistent-sitboard-test-config")
            .env_remove("SITBOARD_DATA")
            .output()
            .expect("sitboard runs")
    };
    // 30 minutes back from an hour ahead: after the snapshot was taken.
    let out = brief("30m");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let changes = &json["changes"];
    assert_eq!(changes["since"]["commit"], serde_json::Value::Null);
    assert!(changes["since"]["time"].is_string(), "{changes}");
    assert_eq!(
        changes["items"],
        serde_json::json!([{
            "kind": "issue", "id": "truce", "title": "Garnet energy truce", "change": "changed",
            "fields": [
                {"field": "status", "old": "open", "new": "agreed"},
                {"field": "progress", "old": "10%", "new": "100%"}
            ],
            "commits": []
        }])
    );
    // Two hours back: before the snapshot, which cannot say what changed then.
    let out = brief("2h");
    assert_eq!(out.status.code(), Some(2));
    let why = String::from_utf8_lossy(&out.stderr);
    assert!(why.contains("does not reach back that far"), "{why}");
}

#[test]
fn the_example_board_has_no_history_and_says_so() {
    let mut board = Board::spawn(&["--now", pty::NOW, "--tz", "UTC", "--ascii"], 120, 40);
    board.expect_text("Calendar 14");
    board.wait_quiet(Duration::from_millis(200), PATIENCE);
    press(&mut board, "h", "The example board has no history");
    press(&mut board, "h", "Calendar 14");
    // Stepping has nowhere to go: the board stays live.
    press(&mut board, "[", "Calendar 14");
    assert!(!board.screen().contains("AS OF"));
    quit(&mut board);
}

/// Present mode's "what changed" slide reads the data's git history: the last
/// 24 hours by default, `--since WHEN` when the board was started with it, each
/// change with who made it and when.
#[test]
fn present_mode_shows_what_changed_from_git_history() {
    if skip() {
        return;
    }
    let repo = story();
    let state = tempfile::tempdir().expect("state dir");
    let mut board = spawn(&repo, state.path(), &[]);
    press(&mut board, "P", "1/");
    // The last slide is "what changed".
    board.send("\x1b[F");
    if let Err(err) = board.wait_for_text("git history", PATIENCE) {
        panic!("{err}\n{}", board.screen());
    }
    board.wait_quiet(Duration::from_millis(150), PATIENCE);
    let screen = board.screen();
    // 24 hours before 18:00 is before the first commit: everything is new.
    assert!(screen.contains("since 24h"), "{screen}");
    assert!(
        screen.contains("Odesa (substation): added (Cy Clerk"),
        "{screen}"
    );
    assert!(
        screen.contains("Garnet energy truce: added (Bo Briefer"),
        "{screen}"
    );
    quit(&mut board);

    // Since the morning board: the status change, field by field, and the strike.
    let mut board = spawn(&repo, state.path(), &["--since", "HEAD~2"]);
    press(&mut board, "P", "1/");
    board.send("\x1b[F");
    if let Err(err) = board.wait_for_text("since HEAD~2", PATIENCE) {
        panic!("{err}\n{}", board.screen());
    }
    board.wait_quiet(Duration::from_millis(150), PATIENCE);
    let screen = board.screen();
    assert!(
        screen.contains("status deadlocked → negotiating"),
        "{screen}"
    );
    assert!(screen.contains("Bo Briefer"), "{screen}");
    assert!(screen.contains("Odesa (substation): added"), "{screen}");
    quit(&mut board);
}
