//! History from git through the binary (docs/command-line.md#history):
//! `brief --since`, `--at` for brief, check and export ics, and the refusals.
//! Each test builds its repository with the `git` command line; without git on
//! the machine they say so and pass (CI installs git).

mod git;

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

use git::Repo;

const NOW: &str = "2026-01-21T18:00:00Z";

fn sitboard_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sitboard"))
        .args(args)
        .current_dir(dir)
        .env_remove("SITBOARD_DATA")
        .env(
            "XDG_CONFIG_HOME",
            concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures"),
        )
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        // No state file (and so no snapshot) from the machine running the tests.
        .env("XDG_STATE_HOME", "/nonexistent-sitboard-test-state")
        .output()
        .expect("the sitboard binary runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn json(o: &Output) -> Value {
    serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}\n{}", stdout(o), stderr(o)))
}

fn skip() -> bool {
    if git::available() {
        return false;
    }
    eprintln!("note: git is not installed; history test skipped");
    true
}

const BOARD: &str = "[board]\ntitle = \"Garnet board\"\n";

fn issue(id: &str, title: &str, status: &str, progress: u8) -> String {
    format!(
        "[[issue]]\nid = \"{id}\"\ntitle = \"{title}\"\nstatus = \"{status}\"\npriority = \"high\"\nprogress = {progress}\n"
    )
}

fn event(id: &str, title: &str, status: &str) -> String {
    format!(
        "[[event]]\nid = \"{id}\"\ntitle = \"{title}\"\nstart = 2026-01-23T10:00:00Z\nkind = \"talks\"\nstatus = \"{status}\"\n"
    )
}

fn strike(id: &str, customers: u32) -> String {
    format!(
        "[[strike]]\nid = \"{id}\"\ntime = 2026-01-21T09:00:00Z\noblast = \"Odesa\"\ntarget = \"substation\"\noutage_customers = {customers}\n"
    )
}

/// The story every test reads: the data in `data/` of the repository (PATH a
/// subdirectory), with commits that add, change, rename, break, fix and
/// delete files. Returns the repository and the morning commit's hash.
fn story() -> (Repo, String) {
    let repo = Repo::new();
    repo.write("README.md", "not data\n");
    repo.write("data/board.toml", BOARD);
    repo.write(
        "data/issues.toml",
        &(issue("truce", "Garnet energy truce", "deadlocked", 20)
            + &issue("border", "Border line", "open", 10)),
    );
    repo.write(
        "data/calendar.toml",
        &event("talks", "Garnet talks", "scheduled"),
    );
    let morning = repo.commit("Morning board", "Ann Analyst", "2026-01-21T08:00:00Z");
    repo.git(&["tag", "morning"]);
    // Change a status.
    repo.write(
        "data/issues.toml",
        &(issue("truce", "Garnet energy truce", "negotiating", 20)
            + &issue("border", "Border line", "open", 10)),
    );
    repo.commit("Truce talks resume", "Bo Briefer", "2026-01-21T10:00:00Z");
    // Add a strike.
    repo.write("data/strikes.toml", &strike("S-1", 5000));
    repo.commit("Odesa substation hit", "Cy Clerk", "2026-01-21T11:00:00Z");
    // Rename a file without changing it: no record changes.
    repo.git(&["mv", "data/issues.toml", "data/talks.toml"]);
    repo.commit("Rename issues file", "Ann Analyst", "2026-01-21T12:00:00Z");
    // A change outside the data: not a data commit.
    repo.write("README.md", "still not data\n");
    repo.commit("Docs only", "Ann Analyst", "2026-01-21T12:30:00Z");
    // Break the file, then fix it with a change.
    repo.write("data/talks.toml", "[[issue]\nbroken");
    repo.commit("Oops", "Bo Briefer", "2026-01-21T13:00:00Z");
    repo.write(
        "data/talks.toml",
        &(issue("truce", "Garnet energy truce", "negotiating", 35)
            + &issue("border", "Border line", "open", 10)),
    );
    repo.commit("Fix the talks file", "Bo Briefer", "2026-01-21T14:00:00Z");
    // Delete a file: its event goes.
    repo.git(&["rm", "-q", "data/calendar.toml"]);
    repo.commit("Talks off the calendar", "Cy Clerk", "2026-01-21T15:00:00Z");
    (repo, morning)
}

fn item<'a>(changes: &'a Value, id: &str) -> &'a Value {
    changes["items"]
        .as_array()
        .and_then(|items| items.iter().find(|i| i["id"] == id))
        .unwrap_or_else(|| panic!("no change for {id} in {changes:#}"))
}

fn subjects(item: &Value) -> Vec<String> {
    item["commits"]
        .as_array()
        .map(|c| {
            c.iter()
                .map(|c| c["subject"].as_str().unwrap_or("").to_string())
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn since_a_revision_lists_each_change_with_the_commits_that_made_it() {
    if skip() {
        return;
    }
    let (repo, morning) = story();
    for since in ["morning", morning.as_str(), "HEAD~7"] {
        let out = sitboard_in(
            repo.path(),
            &[
                "brief", "--now", NOW, "--since", since, "--format", "json", "data",
            ],
        );
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let changes = &json(&out)["changes"];
        assert_eq!(changes["since"]["commit"], morning.as_str(), "{since}");
        assert_eq!(changes["since"]["time"], "2026-01-21T08:00:00Z");
        assert_eq!(changes["until"]["commit"], repo.head().as_str());
        let ids: Vec<(&str, &str)> = changes["items"]
            .as_array()
            .expect("items")
            .iter()
            .map(|i| {
                (
                    i["id"].as_str().unwrap_or(""),
                    i["change"].as_str().unwrap_or(""),
                )
            })
            .collect();
        // Pane order; the unchanged issue and the renamed file are not listed.
        assert_eq!(
            ids,
            vec![("talks", "removed"), ("truce", "changed"), ("S-1", "added")]
        );
        let truce = item(changes, "truce");
        assert_eq!(truce["kind"], "issue");
        assert_eq!(truce["title"], "Garnet energy truce");
        assert_eq!(
            truce["fields"],
            serde_json::json!([
                {"field": "status", "old": "deadlocked", "new": "negotiating"},
                {"field": "progress", "old": "20%", "new": "35%"}
            ])
        );
        // The break is no change; the fix is (compared with the last good version).
        assert_eq!(
            subjects(truce),
            vec!["Truce talks resume", "Fix the talks file"]
        );
        let first = &truce["commits"][0];
        assert_eq!(first["author"], "Bo Briefer");
        assert_eq!(first["time"], "2026-01-21T10:00:00Z");
        assert_eq!(first["id"].as_str().map(str::len), Some(40));
        let strike = item(changes, "S-1");
        assert_eq!(strike["fields"], serde_json::json!([]));
        assert_eq!(subjects(strike), vec!["Odesa substation hit"]);
        assert_eq!(
            subjects(item(changes, "talks")),
            vec!["Talks off the calendar"]
        );
    }
}

#[test]
fn the_text_brief_has_a_changes_section_grouped_by_pane() {
    if skip() {
        return;
    }
    let (repo, _) = story();
    let out = sitboard_in(
        repo.path(),
        &[
            "brief", "--now", NOW, "--tz", "UTC", "--since", "morning", "data",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    let start = text.find("CHANGES SINCE morning (3)").expect("section");
    let end = text.find("NEXT EVENT").expect("next section");
    let section = &text[start..end];
    assert!(
        section.contains("Wed 21 Jan 2026 08:00 UTC, "),
        "names the morning commit: {section}"
    );
    let lines: Vec<&str> = section.lines().skip(1).map(str::trim).collect();
    assert_eq!(
        lines,
        vec![
            "Calendar",
            "Garnet talks: removed (Cy Clerk, 21 Jan 15:00, \"Talks off the calendar\")",
            "Issues",
            "Garnet energy truce: status deadlocked → negotiating; progress 20% → 35% (Bo Briefer, 21 Jan 14:00, \"Fix the talks file\"; 1 earlier commit)",
            "Strikes",
            "Odesa (substation): added (Cy Clerk, 21 Jan 11:00, \"Odesa substation hit\")",
            "",
        ]
    );
    let md = stdout(&sitboard_in(
        repo.path(),
        &[
            "brief", "--now", NOW, "--tz", "UTC", "--since", "morning", "--format", "markdown",
            "data",
        ],
    ));
    assert!(md.contains("## Changes since morning (3): "), "{md}");
    assert!(
        md.contains("### Issues\n\n- Garnet energy truce: status deadlocked → negotiating"),
        "{md}"
    );
}

#[test]
fn since_a_time_a_date_or_a_span_starts_at_the_commit_then() {
    if skip() {
        return;
    }
    let (repo, _) = story();
    let since = |when: &str| {
        let out = sitboard_in(
            repo.path(),
            &[
                "brief", "--now", NOW, "--tz", "UTC", "--since", when, "--format", "json", "data",
            ],
        );
        assert_eq!(out.status.code(), Some(0), "{when}: {}", stderr(&out));
        json(&out)["changes"].clone()
    };
    // 10:30 is after "Truce talks resume": the board then already had the new status.
    let changes = since("2026-01-21T10:30:00Z");
    assert_eq!(changes["since"]["time"], "2026-01-21T10:00:00Z");
    assert_eq!(
        item(&changes, "truce")["fields"],
        serde_json::json!([{"field": "progress", "old": "20%", "new": "35%"}])
    );
    // A span back from --now: 18:00 - 7h30m = 10:30, the same commit.
    assert_eq!(since("7h30m")["since"], changes["since"]);
    // A date is the start of that day in the display zone: before the first commit.
    let changes = since("2026-01-21");
    assert_eq!(changes["since"]["commit"], Value::Null);
    assert_eq!(item(&changes, "border")["change"], "added");
}

#[test]
fn uncommitted_edits_are_the_last_change() {
    if skip() {
        return;
    }
    let (repo, _) = story();
    repo.write(
        "data/talks.toml",
        &(issue("truce", "Garnet energy truce", "near-agreement", 35)
            + &issue("border", "Border line", "open", 10)),
    );
    // The edit's time is its file's modification time (not that of other files).
    let touched = Command::new("touch")
        .args(["-d", "2026-01-21T16:30:00Z"])
        .arg(repo.file("data/talks.toml"))
        .status()
        .is_ok_and(|s| s.success());
    let out = sitboard_in(
        repo.path(),
        &[
            "brief", "--now", NOW, "--since", "HEAD", "--format", "json", "data",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let changes = &json(&out)["changes"];
    assert_eq!(changes["until"]["commit"], "uncommitted");
    if touched {
        assert_eq!(changes["until"]["time"], "2026-01-21T16:30:00Z");
        assert_eq!(
            item(changes, "truce")["commits"][0]["time"],
            "2026-01-21T16:30:00Z"
        );
    }
    let truce = item(changes, "truce");
    assert_eq!(
        truce["fields"],
        serde_json::json!([{"field": "status", "old": "negotiating", "new": "near-agreement"}])
    );
    assert_eq!(subjects(truce), vec!["uncommitted"]);
    assert_eq!(truce["commits"][0]["id"], "uncommitted");
    assert_eq!(changes["items"].as_array().map(Vec::len), Some(1));
}

#[test]
fn at_shows_the_board_as_it_stood_for_brief_check_and_ics() {
    if skip() {
        return;
    }
    let (repo, morning) = story();
    let out = sitboard_in(
        repo.path(),
        &["brief", "--at", "morning", "--format", "json", "data"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let brief = json(&out);
    assert_eq!(brief["as_of"]["id"], morning.as_str());
    assert_eq!(brief["as_of"]["subject"], "Morning board");
    // The clock stands at the commit too.
    assert_eq!(brief["now"], "2026-01-21T08:00:00Z");
    assert_eq!(brief["counts"]["strikes"], 0);
    let truce = brief["issues"]
        .as_array()
        .and_then(|i| i.iter().find(|i| i["id"] == "truce"))
        .cloned();
    assert_eq!(
        truce.map(|t| t["status"].clone()),
        Some("deadlocked".into())
    );
    let text = stdout(&sitboard_in(
        repo.path(),
        &["brief", "--at", "morning", "--tz", "UTC", "data"],
    ));
    assert!(
        text.contains(&format!(
            "AS OF Wed 21 Jan 2026 08:00 UTC · {} · Morning board",
            &morning[..7]
        )),
        "{text}"
    );

    // check at the broken commit reports the broken file there, and exits 1.
    let out = sitboard_in(repo.path(), &["check", "--at", "HEAD~2", "data"]);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    let report = stdout(&out);
    assert!(report.contains("· Oops"), "{report}");
    assert!(report.contains("data/talks.toml:1:"), "{report}");
    let out = sitboard_in(repo.path(), &["check", "--at", "HEAD", "data"]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));

    // The calendar file was deleted by the last commit: the event is in the
    // export before it and not after.
    let ics = |at: &str| {
        stdout(&sitboard_in(
            repo.path(),
            &["export", "ics", "--at", at, "data"],
        ))
    };
    assert!(ics("HEAD~1").contains("Garnet talks"));
    assert!(!ics("HEAD").contains("Garnet talks"));
    // A time: the board at the newest commit at or before it.
    let out = sitboard_in(
        repo.path(),
        &[
            "brief",
            "--at",
            "2026-01-21T11:30:00Z",
            "--format",
            "json",
            "data",
        ],
    );
    let brief = json(&out);
    assert_eq!(brief["as_of"]["subject"], "Odesa substation hit");
    assert_eq!(brief["now"], "2026-01-21T11:30:00Z");
    assert_eq!(brief["counts"]["strikes"], 1);
}

#[test]
fn since_and_at_together_compare_two_commits() {
    if skip() {
        return;
    }
    let (repo, _) = story();
    let out = sitboard_in(
        repo.path(),
        &[
            "brief", "--at", "HEAD~4", "--since", "morning", "--format", "json", "data",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let changes = &json(&out)["changes"];
    let ids: Vec<&str> = changes["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|i| i["id"].as_str())
        .collect();
    assert_eq!(ids, vec!["truce", "S-1"]);
    assert_eq!(subjects(item(changes, "truce")), vec!["Truce talks resume"]);
}

#[test]
fn a_merge_credits_the_commits_of_each_branch() {
    if skip() {
        return;
    }
    let repo = Repo::new();
    repo.write("a.toml", &issue("a", "Issue A", "open", 0));
    repo.write("b.toml", &issue("b", "Issue B", "open", 0));
    repo.commit("Base", "Ann Analyst", "2026-01-21T08:00:00Z");
    repo.git(&["checkout", "-q", "-b", "side"]);
    repo.write("a.toml", &issue("a", "Issue A", "agreed", 100));
    repo.commit("A agreed", "Bo Briefer", "2026-01-21T09:00:00Z");
    repo.git(&["checkout", "-q", "main"]);
    repo.write("b.toml", &issue("b", "Issue B", "shelved", 0));
    repo.commit("B shelved", "Cy Clerk", "2026-01-21T10:00:00Z");
    repo.git_as(
        &["merge", "-q", "--no-ff", "-m", "Merge side", "side"],
        "Ann Analyst",
        "2026-01-21T11:00:00Z",
    );
    let out = sitboard_in(
        repo.path(),
        &[
            "brief", "--now", NOW, "--since", "HEAD~2", "--format", "json", ".",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let changes = &json(&out)["changes"];
    assert_eq!(subjects(item(changes, "a")), vec!["A agreed"]);
    assert_eq!(subjects(item(changes, "b")), vec!["B shelved"]);
    assert_eq!(changes["items"].as_array().map(Vec::len), Some(2));
}

#[test]
fn a_shallow_clone_says_where_its_history_ends() {
    if skip() {
        return;
    }
    let (repo, _) = story();
    let clone = tempfile::tempdir().expect("temp dir");
    let target = clone.path().join("shallow");
    let url = format!("file://{}", repo.path().display());
    let out = Command::new("git")
        .args(["clone", "-q", "--depth", "2", &url])
        .arg(&target)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .output()
        .expect("git clone runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Within reach: fine.
    let out = sitboard_in(
        &target,
        &["brief", "--now", NOW, "--since", "HEAD~1", "data"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    // Beyond it: exit 2, saying where the history ends.
    for args in [
        &["brief", "--now", NOW, "--since", "HEAD~5", "data"][..],
        &[
            "brief",
            "--now",
            NOW,
            "--since",
            "2026-01-21T09:00:00Z",
            "data",
        ][..],
    ] {
        let out = sitboard_in(&target, args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stdout(&out));
        let why = stderr(&out);
        assert!(
            why.contains("the clone is shallow: its history ends at")
                && why.contains("Fix the talks file"),
            "{why}"
        );
    }
}

#[test]
fn outside_git_history_flags_are_refused_with_exit_2() {
    if skip() {
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("issues.toml"), issue("a", "A", "open", 0)).expect("write");
    for args in [
        &["brief", "--since", "HEAD~1", "."][..],
        &["brief", "--at", "HEAD~1", "."][..],
        &["check", "--at", "HEAD", "."][..],
        &["export", "ics", "--at", "HEAD", "."][..],
    ] {
        let out = sitboard_in(dir.path(), args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let why = stderr(&out);
        assert!(
            why.starts_with("sitboard: --") && why.contains(". is not in a git repository"),
            "{args:?}: {why}"
        );
    }
    let out = sitboard_in(dir.path(), &["brief", "--since", "12h", "."]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("no earlier snapshot of this board is kept"),
        "{}",
        stderr(&out)
    );
    // The example board has no history either.
    let out = sitboard_in(dir.path(), &["brief", "--since", "HEAD~1"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("the example board has no history"));
    // In a repository, a name that is no commit.
    let (repo, _) = story();
    let out = sitboard_in(repo.path(), &["brief", "--since", "no-such-tag", "data"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("\"no-such-tag\" names no commit here"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_file_path_and_an_untracked_file_and_two_repositories() {
    if skip() {
        return;
    }
    let (repo, _) = story();
    // PATH a single file: only its records are compared.
    let out = sitboard_in(
        repo.path(),
        &[
            "brief",
            "--now",
            NOW,
            "--since",
            "HEAD~6",
            "--format",
            "json",
            "data/strikes.toml",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let changes = &json(&out)["changes"];
    let ids: Vec<&str> = changes["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|i| i["id"].as_str())
        .collect();
    assert_eq!(ids, vec!["S-1"]);
    assert_eq!(subjects(item(changes, "S-1")), vec!["Odesa substation hit"]);

    // A data file git does not track yet is an uncommitted change.
    repo.write("data/new.toml", &strike("S-2", 100));
    let out = sitboard_in(
        repo.path(),
        &[
            "brief", "--now", NOW, "--since", "HEAD", "--format", "json", "data",
        ],
    );
    let changes = &json(&out)["changes"];
    assert_eq!(item(changes, "S-2")["change"], "added");
    assert_eq!(subjects(item(changes, "S-2")), vec!["uncommitted"]);

    // PATHs in two repositories: refused.
    let other = Repo::new();
    other.write("b.toml", &issue("b", "B", "open", 0));
    other.commit("B", "Ann Analyst", "2026-01-21T08:00:00Z");
    let a = repo.file("data");
    let b = other.path().to_path_buf();
    let out = sitboard_in(
        repo.path(),
        &[
            "brief",
            "--since",
            "HEAD",
            a.to_str().expect("utf-8"),
            b.to_str().expect("utf-8"),
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("lies in another git repository than the first PATH"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn each_blob_is_parsed_once_however_often_the_history_is_walked() {
    if skip() {
        return;
    }
    let (repo, _) = story();
    let data = repo.file("data");
    let Ok(mut history) = sitboard::history::History::open(&[data]) else {
        panic!("the story repository opens");
    };
    let head = history.head().expect("a HEAD");
    let commits: Vec<_> = history
        .data_commits(head, None)
        .expect("the history reads")
        .into_iter()
        .map(|c| c.oid)
        .collect();
    // Every commit but the one that changed only the README: the rename counts
    // (its files changed) though no record did.
    assert_eq!(commits.len(), 7);
    for oid in &commits {
        history
            .store_at(Some(*oid))
            .expect("a board at each commit");
        history.commit_changes(*oid).expect("each commit's changes");
    }
    let once = history.parsed_count();
    // Distinct (blob, name) pairs: board and calendar once each, issues in two
    // versions under two names (the rename reads the same blob under its new
    // name), the broken and the fixed talks file, the strikes file.
    assert_eq!(once, 8, "each blob and name parsed once");
    for oid in commits.iter().rev() {
        history
            .store_at(Some(*oid))
            .expect("a board at each commit");
        history.commit_changes(*oid).expect("each commit's changes");
    }
    assert_eq!(history.parsed_count(), once, "nothing is parsed twice");
}

/// Inside git, `export ics` stamps an event without `updated` with its file's
/// last commit, not with the file's modification time (a clone or a pull sets
/// that to "now"): two clones of the same commit export the same bytes; an
/// uncommitted edit uses the edit's time (issue 17).
#[test]
fn export_ics_stamps_events_with_their_files_last_commit() {
    if skip() {
        return;
    }
    let repo = Repo::new();
    repo.write(
        "data/calendar.toml",
        "[[event]]\nid = \"moscow\"\ntitle = \"Talks in Moscow\"\nstart = 2026-01-22T18:00:00Z\n",
    );
    repo.commit("Calendar", "Ann Analyst", "2026-01-20T09:30:00Z");
    repo.write(
        "data/issues.toml",
        "[[issue]]\nid = \"t\"\ntitle = \"T\"\nstatus = \"open\"\n",
    );
    repo.commit("Issues", "Bo Briefer", "2026-01-21T10:00:00Z");
    let data = repo.file("data");
    let out = sitboard_in(repo.path(), &["export", "ics", data.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let ics = stdout(&out);
    assert!(ics.contains("DTSTAMP:20260120T093000Z"), "{ics}");

    // A clone made now: the same calendar, byte for byte.
    let clone = tempfile::tempdir().unwrap();
    let cloned = clone.path().join("copy");
    let status = Command::new("git")
        .args(["clone", "-q"])
        .arg(repo.path())
        .arg(&cloned)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .status()
        .unwrap();
    assert!(status.success());
    let again = sitboard_in(
        &cloned,
        &["export", "ics", cloned.join("data").to_str().unwrap()],
    );
    assert_eq!(stdout(&again), ics);

    // An uncommitted edit: the file's own modification time, not the commit's.
    let edited = cloned.join("data/calendar.toml");
    std::fs::write(
        &edited,
        "[[event]]\nid = \"moscow\"\ntitle = \"Talks in Moscow, moved\"\nstart = 2026-01-22T19:00:00Z\n",
    )
    .unwrap();
    let modified: chrono::DateTime<chrono::Utc> = std::fs::metadata(&edited)
        .unwrap()
        .modified()
        .unwrap()
        .into();
    let out = sitboard_in(
        &cloned,
        &["export", "ics", cloned.join("data").to_str().unwrap()],
    );
    let stamp = format!("DTSTAMP:{}", modified.format("%Y%m%dT%H%M%SZ"));
    assert!(
        stdout(&out).contains(&stamp),
        "{stamp} in\n{}",
        stdout(&out)
    );
}

/// Inside git, `check` warns about a data file that held records at HEAD and
/// holds none now, as the running board does (issue 16).
#[test]
fn check_warns_about_a_file_emptied_since_head() {
    if skip() {
        return;
    }
    let repo = Repo::new();
    repo.write(
        "data/issues.toml",
        "[[issue]]\nid = \"a\"\ntitle = \"A\"\nstatus = \"open\"\n[[issue]]\nid = \"b\"\ntitle = \"B\"\nstatus = \"open\"\n",
    );
    repo.commit("Issues", "Ann Analyst", "2026-01-20T09:30:00Z");
    repo.write("data/issues.toml", "");
    let data = repo.file("data");
    let out = sitboard_in(repo.path(), &["check", data.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains("issues.toml:1:1: warning: this file held 2 records at HEAD ("),
        "{text}"
    );
    assert!(
        text.contains("and now holds none (a truncated save or a broken pull?)"),
        "{text}"
    );
    assert!(
        text.trim_end().ends_with("1 file, 0 records: 1 warning"),
        "{text}"
    );
}
