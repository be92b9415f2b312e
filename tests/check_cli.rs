//! `sitboard check` through the real binary: one fixture per error and warning
//! kind of docs/data-format.md#problems, with the exit status, <FILE:LINE:COL> and the words of each
//! message asserted.

mod cli;

use std::process::Command;

const DIR: &str = "tests/fixtures/problems";
/// A fixed clock for every run (the future-strike warning depends on it).
const NOW: &str = "2026-01-21T12:00:00Z";

struct Run {
    status: i32,
    stdout: String,
    stderr: String,
}

impl Run {
    fn lines(&self) -> Vec<&str> {
        self.stdout.lines().collect()
    }

    /// The problem lines (all but the summary).
    fn problems(&self) -> Vec<&str> {
        let lines = self.lines();
        lines[..lines.len().saturating_sub(1)].to_vec()
    }

    fn summary(&self) -> &str {
        self.stdout.lines().last().unwrap_or("")
    }
}

fn check_with(args: &[&str], env: Option<(&str, &str)>) -> Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_sitboard"));
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"))
        .arg("check")
        .args(args)
        .env_remove("SITBOARD_DATA")
        .env(
            "XDG_CONFIG_HOME",
            concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures"),
        );
    if let Some((key, value)) = env {
        cmd.env(key, value);
    }
    let out = cmd.output().expect("run sitboard");
    Run {
        status: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8(out.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(out.stderr).expect("stderr is UTF-8"),
    }
}

/// `sitboard check --now NOW tests/fixtures/problems/NAME`.
fn check(name: &str) -> Run {
    check_with(&["--now", NOW, &format!("{DIR}/{name}")], None)
}

/// Asserts one problem line exactly (after the path) and the exit status.
fn assert_single(name: &str, status: i32, expected: &str) {
    let run = check(name);
    assert_eq!(
        run.problems(),
        [format!("{DIR}/{name}:{expected}")],
        "stdout:\n{}",
        run.stdout
    );
    assert_eq!(run.status, status, "stdout:\n{}", run.stdout);
}

// ---- errors -------------------------------------------------------------------

#[test]
fn toml_syntax() {
    assert_single(
        "toml_syntax.toml",
        1,
        "3:38: error: TOML syntax: invalid basic string, expected `\"`",
    );
}

#[test]
fn wrong_type() {
    assert_single(
        "wrong_type.toml",
        1,
        "3:9: error: event \"moscow-meeting\": title: expected a string, found an integer",
    );
}

#[test]
fn missing_required_key_points_at_the_record_header() {
    assert_single(
        "missing_key.toml",
        1,
        "2:1: error: strike \"S-0001\": missing required key oblast (a string)",
    );
}

#[test]
fn value_outside_its_enum_as_in_the_spec() {
    assert_single(
        "enum_value.toml",
        1,
        "5:10: error: strike \"S-0141\": target \"powerplant\" is not one of thermal, chp, hydro, nuclear, renewable, substation, transmission, distribution, gas, oil, heating, other",
    );
}

#[test]
fn value_outside_its_range() {
    assert_single(
        "range.toml",
        1,
        "5:12: error: issue \"territory\": progress 140 is out of range; expected an integer from 0 to 100 (inclusive)",
    );
}

#[test]
fn lat_without_lon() {
    assert_single(
        "coordinates.toml",
        1,
        "6:7: error: strike \"S-0002\": lat is given without lon; give both or neither",
    );
}

#[test]
fn intercepted_above_the_weapons_reported() {
    assert_single(
        "intercepted.toml",
        1,
        "6:54: error: strike \"S-0003\": weapons.intercepted 15 is more than the weapons reported (missiles + drones + glide_bombs + other = 12)",
    );
}

#[test]
fn unknown_zone_suggests_the_closest() {
    assert_single(
        "unknown_zone.toml",
        1,
        "5:6: error: event \"kyiv-talks\": tz: \"Europe/Kyev\" is not a known IANA zone (did you mean \"Europe/Kyiv\"?)",
    );
}

#[test]
fn malformed_id() {
    assert_single(
        "malformed_id.toml",
        1,
        "2:6: error: strike at 1:1: id \"S 0004\" is malformed: expected 1–64 characters of A-Z a-z 0-9 . _ -",
    );
}

#[test]
fn malformed_duration() {
    assert_single(
        "malformed_duration.toml",
        1,
        "3:15: error: board.stale_after \"6 hours\" is not a duration such as \"90m\", \"6h\", \"2d\" or \"1h30m\" (units s m h d w)",
    );
}

#[test]
fn a_time_of_day_alone_is_not_a_time() {
    assert_single(
        "time_of_day.toml",
        1,
        "4:9: error: event \"call\": start 18:00:00 is a time of day without a date; write the date too, e.g. 2026-01-22T18:00:00",
    );
}

#[test]
fn end_before_start() {
    assert_single(
        "end_before_start.toml",
        1,
        "5:7: error: event \"moscow-meeting\": end 2026-01-22T16:00:00+03:00 is before start 2026-01-22T18:00:00+03:00",
    );
}

#[test]
fn restored_before_time() {
    assert_single(
        "restored_before_time.toml",
        1,
        "8:12: error: strike \"S-0005\": restored 2026-01-19T22:00:00 is before time 2026-01-20T03:10:00",
    );
}

#[test]
fn duplicate_id_within_a_file_names_both_places() {
    assert_single(
        "duplicate_id_in_file.toml",
        1,
        &format!(
            "7:1: error: strike \"S-0006\": duplicate strike id \"S-0006\"; it is already used at {DIR}/duplicate_id_in_file.toml:1:1"
        ),
    );
}

#[test]
fn duplicate_id_across_files_rejects_the_later_file() {
    let run = check("duplicate_id_across_files");
    assert_eq!(
        run.problems(),
        [format!(
            "{DIR}/duplicate_id_across_files/b.toml:2:1: error: issue \"security-guarantees\": duplicate issue id \"security-guarantees\"; it is already used at {DIR}/duplicate_id_across_files/a.toml:1:1"
        )]
    );
    assert_eq!(run.status, 1);
    // The earlier file's record stays on the board.
    assert_eq!(run.summary(), "2 files: 1 error; 1 file rejected");
}

#[test]
fn second_board_in_one_file() {
    assert_single(
        "second_board_in_file.toml",
        1,
        "4:2: error: TOML syntax: a second [board] table in this file (duplicate key \"board\")",
    );
}

#[test]
fn second_board_in_another_file() {
    let run = check("second_board");
    assert_eq!(
        run.problems(),
        [format!(
            "{DIR}/second_board/b.toml:6:1: error: a second [board] table; the board is already defined at {DIR}/second_board/a.toml:1:1"
        )]
    );
    assert_eq!(run.status, 1);
}

#[test]
fn file_over_the_size_limit() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("big.toml");
    let file = std::fs::File::create(&path).expect("create");
    // Sparse: no 64 MiB written to disk.
    file.set_len(64 * 1024 * 1024 + 1).expect("set_len");
    let run = check_with(&[path.to_str().expect("utf-8 path")], None);
    assert_eq!(
        run.problems(),
        [format!(
            "{}:1:1: error: file is 64.0 MiB (67108865 bytes), over the size limit of 64 MiB",
            path.display()
        )]
    );
    assert_eq!(run.status, 1);
}

#[test]
fn file_not_valid_utf8() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("latin1.toml");
    std::fs::write(&path, b"[board]\ntitle = \"Ki\xefv\"\n").expect("write");
    let run = check_with(&[path.to_str().expect("utf-8 path")], None);
    assert_eq!(
        run.problems(),
        [format!(
            "{}:2:12: error: not valid UTF-8 (byte 0xEF); save the file as UTF-8",
            path.display()
        )]
    );
    assert_eq!(run.status, 1);
}

// ---- warnings (exit 0) ----------------------------------------------------------

#[test]
fn unknown_key_names_the_closest_known_key() {
    assert_single(
        "unknown_key.toml",
        0,
        "5:1: warning: event \"davos\": unknown key \"locaton\" in [[event]] (did you mean \"location\"?)",
    );
}

#[test]
fn unknown_top_level_keys() {
    let run = check("unknown_top_level.toml");
    let p = |rest: &str| format!("{DIR}/unknown_top_level.toml:{rest}");
    assert_eq!(
        run.problems(),
        [
            p(
                "1:1: warning: unknown top-level key \"version\"; a file holds [board], [[event]], [[issue]] and [[strike]]"
            ),
            p(
                "3:3: warning: unknown top-level key \"events\" (did you mean \"event\"?); a file holds [board], [[event]], [[issue]] and [[strike]]"
            ),
        ]
    );
    assert_eq!(run.status, 0);
    assert_eq!(run.summary(), "1 file, 0 records: 2 warnings");
}

#[test]
fn unknown_issue_id_in_an_event() {
    let run = check("unknown_issue");
    assert_eq!(
        run.problems(),
        [format!(
            "{DIR}/unknown_issue/calendar.toml:5:24: warning: event \"moscow-meeting\": issues: no issue has the id \"ceasefire\""
        )]
    );
    assert_eq!(run.status, 0);
    assert_eq!(run.summary(), "2 files, 2 records: 1 warning");
}

#[test]
fn unknown_party_code_when_parties_are_given() {
    let run = check("unknown_party");
    assert_eq!(
        run.problems(),
        [format!(
            "{DIR}/unknown_party/calendar.toml:5:24: warning: event \"moscow-meeting\": party \"EU\" is not in [board.parties] (known: RU, UA, US)"
        )]
    );
    assert_eq!(run.status, 0);
}

#[test]
fn strike_more_than_an_hour_after_now() {
    let path = format!("{DIR}/future_strike.toml");
    let run = check_with(&["--now", "2026-01-21T11:00:00Z", &path], None);
    assert_eq!(
        run.problems(),
        [format!(
            "{path}:3:8: warning: strike \"S-0007\": time: 2026-01-21T12:30:00Z is more than an hour after now (2026-01-21T11:00:00Z)"
        )]
    );
    assert_eq!(run.status, 0);
    // Half an hour after now is not yet suspicious.
    let run = check_with(&["--now", "2026-01-21T12:00:00Z", &path], None);
    assert_eq!(run.problems(), Vec::<&str>::new());
    assert_eq!(run.summary(), "1 file, 1 record: no problems");
}

#[test]
fn local_time_in_a_dst_gap_with_the_records_zone() {
    assert_single(
        "dst_gap.toml",
        0,
        "6:9: warning: event \"early-call\": local time does not exist in Europe/Kyiv (clocks go forward); read with the offset before the change, as 2026-03-29T01:30:00Z",
    );
}

#[test]
fn local_time_in_a_dst_gap_of_the_boards_default_zone() {
    let run = check("dst_gap_default_tz");
    assert_eq!(
        run.problems(),
        [format!(
            "{DIR}/dst_gap_default_tz/calendar.toml:4:9: warning: event \"early-call\": local time does not exist in Europe/Kyiv (clocks go forward); read with the offset before the change, as 2026-03-29T01:30:00Z"
        )]
    );
    assert_eq!(run.status, 0);
}

// ---- uncertainty (docs/data-format.md#precision) ----------------------------------

#[test]
fn casualty_range_low_above_high() {
    assert_single(
        "casualty_range.toml",
        1,
        "7:53: error: strike \"S-0010\": casualties.killed.high 2 is below low 5; expected low ≤ best ≤ high",
    );
}

#[test]
fn casualty_range_best_outside() {
    assert_single(
        "casualty_best.toml",
        1,
        "7:44: error: strike \"S-0011\": casualties.injured.best 9 is outside low 2 to high 5; expected low ≤ best ≤ high",
    );
}

#[test]
fn geo_precision_outside_its_words() {
    assert_single(
        "geo_precision.toml",
        1,
        "8:17: error: strike \"S-0012\": geo_precision \"region\" is not one of exact, settlement, district, oblast",
    );
}

#[test]
fn time_precision_finer_than_the_time_written() {
    assert_single(
        "time_precision.toml",
        1,
        "5:18: error: strike \"S-0013\": time_precision \"hour\" is finer than time 2026-01-20, which gives the day only; write \"day\" or a time of day",
    );
}

#[test]
fn time_precision_of_an_event_outside_its_words() {
    assert_single(
        "time_precision_event.toml",
        1,
        "5:18: error: event \"talks-feb\": time_precision \"monthly\" is not one of exact, hour, day, week, month (did you mean \"month\"?)",
    );
}

#[test]
fn every_uncertainty_field_at_good_values_is_clean() {
    let run = check("uncertain_clean.toml");
    assert_eq!(run.lines(), ["1 file, 3 records: no problems"]);
    assert_eq!(run.status, 0);
}

// ---- the command itself -----------------------------------------------------------

#[test]
fn a_clean_file() {
    let run = check("clean.toml");
    assert_eq!(run.lines(), ["1 file, 2 records: no problems"]);
    assert_eq!(run.status, 0);
}

#[test]
fn hostile_text_never_reaches_the_terminal() {
    let run = check("hostile_text.toml");
    assert_eq!(run.status, 1);
    assert!(
        run.stdout.chars().all(|c| c == '\n' || !c.is_control()),
        "control characters in {:?}",
        run.stdout
    );
    assert!(!run.stdout.contains('\u{202e}'));
    assert!(
        run.stdout.contains(
            ":5:10: error: strike \"S-0009\": target \"\\u001B[31mchp\\u202E\" is not one of"
        ),
        "{}",
        run.stdout
    );
}

#[test]
fn a_directory_reports_every_file_sorted_by_file_line_and_column() {
    let run = check_with(&["--now", NOW, DIR], None);
    assert_eq!(run.status, 1);
    let problems = run.problems();
    assert!(problems.len() >= 25, "{}", run.stdout);
    let keys: Vec<(String, u32, u32)> = problems
        .iter()
        .map(|line| {
            let mut parts = line.splitn(4, ':');
            let file = parts.next().unwrap_or_default().to_string();
            let line_no = parts.next().and_then(|n| n.parse().ok()).unwrap_or(0);
            let col = parts.next().and_then(|n| n.parse().ok()).unwrap_or(0);
            (file, line_no, col)
        })
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);
    assert!(
        run.summary().contains(" errors, ") && run.summary().ends_with("files rejected"),
        "{}",
        run.summary()
    );
}

#[test]
fn sitboard_data_is_used_without_a_path() {
    let run = check_with(
        &["--now", NOW],
        Some(("SITBOARD_DATA", &format!("{DIR}/unknown_issue"))),
    );
    assert_eq!(run.status, 0);
    assert!(
        run.stdout
            .contains("unknown_issue/calendar.toml:5:24: warning:"),
        "{}",
        run.stdout
    );
}

#[test]
fn without_a_path_the_example_board_is_checked() {
    let run = check_with(&[], None);
    assert_eq!(run.status, 0, "{}{}", run.stdout, run.stderr);
    assert!(
        run.summary().starts_with("example board, "),
        "{}",
        run.summary()
    );
}

#[test]
fn an_unreadable_path_cannot_run() {
    let run = check_with(&[&format!("{DIR}/no-such-dir")], None);
    assert_eq!(run.status, 2);
    assert_eq!(run.stdout, "");
    assert_eq!(
        run.stderr.trim_end(),
        format!("sitboard: {DIR}/no-such-dir: cannot read: No such file or directory")
    );
}

#[test]
fn bad_arguments_cannot_run() {
    assert_eq!(check_with(&["--now", "yesterday", DIR], None).status, 2);
    let bad_zone = check_with(&["--tz", "Mars/Olympus", DIR], None);
    assert_eq!(bad_zone.status, 2);
    assert!(
        bad_zone
            .stderr
            .contains("\"Mars/Olympus\" is not a time zone"),
        "{}",
        bad_zone.stderr
    );
}

/// Nothing under a directory is skipped in silence: a data file whose name is not
/// UTF-8 is read, and whatever is not a file under a data file's name (a FIFO, a
/// directory, a dangling symlink, a symlink loop, a device) is a warning naming
/// it. A FIFO given by name is refused without hanging on it.
#[test]
fn odd_entries_in_a_directory_are_named_never_skipped() {
    use std::os::unix::ffi::OsStrExt;
    use std::os::unix::fs::symlink;
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let strike = "[[strike]]\nid = \"S-1\"\ntime = 2026-01-20T03:00:00Z\nlocation = \"Kyiv\"\n\
                  oblast = \"Kyiv\"\ntarget = \"substation\"\nsources = [\"x\"]\n";
    let latin1 = root.join(std::ffi::OsStr::from_bytes(b"caf\xe9.toml"));
    std::fs::write(&latin1, strike).unwrap();
    let fifo = root.join("pipe.toml");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    std::fs::create_dir(root.join("folder.toml")).unwrap();
    symlink("gone.toml", root.join("dangling.toml")).unwrap();
    symlink("loop.toml", root.join("loop.toml")).unwrap();
    symlink("/dev/null", root.join("null.toml")).unwrap();
    let root_arg = root.to_str().unwrap();
    let run = check_with(&["--now", NOW, root_arg], None);
    let mut lines: Vec<String> = run
        .problems()
        .iter()
        .map(|line| line.replacen(root_arg, "DIR", 1))
        .collect();
    lines.sort();
    assert_eq!(
        lines,
        [
            "DIR/dangling.toml:1:1: warning: a symlink to nothing (its target does not exist), not a data file; not read",
            "DIR/folder.toml:1:1: warning: a directory, not a data file; not read",
            "DIR/loop.toml:1:1: warning: a symlink loop, not a data file; not read",
            "DIR/null.toml:1:1: warning: a character device, not a data file; not read",
            "DIR/pipe.toml:1:1: warning: a FIFO (named pipe), not a data file; not read",
        ],
        "{}",
        run.stdout
    );
    assert!(run.summary().contains("1 record"), "{}", run.summary());
    assert_eq!(run.status, 0);

    let run = check_with(&["--now", NOW, fifo.to_str().unwrap()], None);
    assert_eq!(run.status, 2);
    assert!(
        run.stderr
            .contains("pipe.toml: cannot read: a FIFO (named pipe), not a data file"),
        "{}",
        run.stderr
    );
}

/// Options work before or after the subcommand: `sitboard --tz UTC check PATH`
/// is `sitboard check --tz UTC PATH` (it used to take `check` as a PATH).
#[test]
fn options_before_the_subcommand_are_taken() {
    let path = format!("{DIR}/clean.toml");
    let before = check_with_args(&["--tz", "UTC", "--now", NOW, "check", &path]);
    let after = check_with_args(&["check", "--tz", "UTC", "--now", NOW, &path]);
    assert_eq!(before.status, 0, "{}", before.stderr);
    assert_eq!(before.stdout, after.stdout);
    assert_eq!(before.lines(), ["1 file, 2 records: no problems"]);
}

/// Runs `sitboard ARGS` (no implied subcommand) from the repository root.
fn check_with_args(args: &[&str]) -> Run {
    let output = cli::sitboard(args);
    Run {
        status: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// A local time read in `default_tz` while the record's location names a place
/// in another zone is a note (not a warning; the status is unchanged), naming
/// the zone used and the one the place suggests (issue 16).
#[test]
fn a_local_time_far_from_its_place_is_a_note() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("calendar.toml");
    std::fs::write(
        &file,
        "[board]\ntitle = \"T\"\ndefault_tz = \"Europe/Kyiv\"\n\
         [[event]]\nid = \"call\"\ntitle = \"Call\"\nstart = 2026-01-22T09:00:00\nlocation = \"Washington, D.C.\"\n\
         [[event]]\nid = \"kyiv\"\ntitle = \"Local\"\nstart = 2026-01-22T09:00:00\nlocation = \"Kyiv\"\n\
         [[event]]\nid = \"mos\"\ntitle = \"M\"\nstart = 2026-01-22T09:00:00\nlocation = \"Moscow\"\ntz = \"Europe/Moscow\"\n\
         [[event]]\nid = \"utc\"\ntitle = \"U\"\nstart = 2026-01-22T09:00:00Z\nlocation = \"Washington\"\n",
    )
    .unwrap();
    let run = check_with(&["--now", NOW, file.to_str().unwrap()], None);
    assert_eq!(run.status, 0, "{}", run.stdout);
    let lines = run.lines();
    assert_eq!(lines.len(), 2, "{}", run.stdout);
    assert!(
        lines[0].ends_with(
            "calendar.toml:7:9: note: event \"call\": start has no zone and was read in Europe/Kyiv (the board's default_tz); its location \"Washington\" suggests America/New_York: add tz = \"America/New_York\" if that is where it is"
        ),
        "{}",
        lines[0]
    );
    assert_eq!(lines[1], "1 file, 4 records: no problems; 1 note");
}

/// The same note when every other record of the file that gives a `tz` gives
/// the same other zone.
#[test]
fn a_local_time_unlike_its_neighbours_is_a_note() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("washington.toml");
    std::fs::write(
        &file,
        "[[event]]\nid = \"a\"\ntitle = \"A\"\nstart = 2026-01-22T09:00:00\ntz = \"America/New_York\"\n\
         [[event]]\nid = \"b\"\ntitle = \"B\"\nstart = 2026-01-23T09:00:00\ntz = \"America/New_York\"\n\
         [[event]]\nid = \"c\"\ntitle = \"C\"\nstart = 2026-01-24T09:00:00\n",
    )
    .unwrap();
    let run = check_with(&["--now", NOW, file.to_str().unwrap()], None);
    assert_eq!(run.status, 0);
    assert!(
        run.lines()[0].ends_with(
            "washington.toml:14:9: note: event \"c\": start has no zone and was read in UTC (the board's default_tz); the other records of its file that give a tz all give America/New_York: add tz = \"America/New_York\" if that is where it is"
        ),
        "{}",
        run.stdout
    );
}

/// Strikes count among the neighbours, and get the note too; two zones among
/// them suggest nothing.
#[test]
fn strikes_among_neighbours_and_noted_too() {
    let dir = tempfile::tempdir().unwrap();
    let strike = |id: &str, time: &str, tz: Option<&str>| {
        let tz = tz.map_or(String::new(), |tz| format!("tz = \"{tz}\"\n"));
        format!(
            "[[strike]]\nid = \"{id}\"\ntime = {time}\noblast = \"Kharkiv\"\ntarget = \"substation\"\n{tz}"
        )
    };
    let kyiv = Some("Europe/Kyiv");
    let same = dir.path().join("same.toml");
    let text = [
        strike("S-1", "2026-01-20T03:00:00", kyiv),
        strike("S-2", "2026-01-21T03:00:00+02:00", None),
        strike("S-3", "2026-01-22T03:00:00", None),
        strike("S-4", "2026-01-23T03:00:00", kyiv),
    ]
    .concat();
    std::fs::write(&same, &text).unwrap();
    let run = check_with(&["--now", NOW, same.to_str().unwrap()], None);
    let notes: Vec<&str> = run
        .lines()
        .into_iter()
        .filter(|l| l.contains(": note: "))
        .collect();
    assert_eq!(notes.len(), 1, "{}", run.stdout);
    assert!(
        notes[0].ends_with(
            "same.toml:14:8: note: strike \"S-3\": time has no zone and was read in UTC (the board's default_tz); the other records of its file that give a tz all give Europe/Kyiv: add tz = \"Europe/Kyiv\" if that is where it is"
        ),
        "{}",
        run.stdout
    );
    let mixed = dir.path().join("mixed.toml");
    std::fs::write(&mixed, text.replacen("Europe/Kyiv", "Europe/Warsaw", 1)).unwrap();
    let run = check_with(&["--now", NOW, mixed.to_str().unwrap()], None);
    assert!(!run.stdout.contains(": note: "), "{}", run.stdout);
}

/// And when the record's parties all point to one capital's zone (`["US"]`);
/// mixed parties suggest nothing.
#[test]
fn a_local_time_of_a_one_party_meeting_is_a_note() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("calls.toml");
    std::fs::write(
        &file,
        "[board]\ntitle = \"T\"\ndefault_tz = \"Europe/Kyiv\"\n\
         [[event]]\nid = \"call\"\ntitle = \"Call\"\nstart = 2026-01-22T09:00:00\nparties = [\"US\"]\n\
         [[event]]\nid = \"mixed\"\ntitle = \"M\"\nstart = 2026-01-22T10:00:00\nparties = [\"US\", \"UA\"]\n",
    )
    .unwrap();
    let run = check_with(&["--now", NOW, file.to_str().unwrap()], None);
    assert_eq!(run.status, 0);
    assert_eq!(run.lines().len(), 2, "{}", run.stdout);
    assert!(
        run.lines()[0].ends_with(
            "calls.toml:7:9: note: event \"call\": start has no zone and was read in Europe/Kyiv (the board's default_tz); its parties (US) suggest America/New_York: add tz = \"America/New_York\" if that is where it is"
        ),
        "{}",
        run.stdout
    );
}

/// `--tz` suggests the zone meant, by place as well as by spelling.
#[test]
fn an_unknown_tz_option_suggests_the_zone_meant() {
    let run = check_with(
        &[
            "--tz",
            "Europe/Geneva",
            "--now",
            NOW,
            &format!("{DIR}/clean.toml"),
        ],
        None,
    );
    assert_eq!(run.status, 2);
    assert!(
        run.stderr
            .contains("--tz: \"Europe/Geneva\" is not a time zone (did you mean Europe/Zurich?)"),
        "{}",
        run.stderr
    );
}

/// `[board] map = "FILE"`: the map file's problems at its own `FILE:LINE:COL`,
/// and oblast names checked against its regions (not Ukraine's).
#[test]
fn a_boards_own_map_file_is_checked() {
    let run = check_with(&["--now", NOW, "tests/fixtures/map/own"], None);
    assert_eq!(run.status, 0, "{}{}", run.stdout, run.stderr);
    assert_eq!(
        run.problems(),
        [
            "tests/fixtures/map/own/strikes.toml:16:1: warning: strike \"R-3\": oblast \"Nort\" is none of Ruritania's regions; counted under the name as written (did you mean \"North\"?)"
        ],
        "{}",
        run.stdout
    );
    let run = check_with(&["--now", NOW, "tests/fixtures/map/broken"], None);
    assert_eq!(run.status, 1, "{}", run.stdout);
    assert_eq!(
        run.problems(),
        [
            "tests/fixtures/map/broken/ruritania.geojson:8:3: error: feature 4: position [1.2, 91.6] is not [longitude, latitude] in degrees (longitude -180 to 180, latitude -90 to 90)"
        ],
        "{}",
        run.stdout
    );
}
