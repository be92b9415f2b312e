//! `sitboard export ics` through the real binary: the calendar is read back by a
//! Rust iCalendar parser (the `icalendar` crate) and, when it is installed, by a
//! real calendar program (Debian's `calcurse`), and events, times and statuses
//! must survive the trip.

mod cli;

use cli::sitboard;

use std::fs;
use std::path::Path;
use std::process::{Command, Output};
use std::str::FromStr;

use chrono::{NaiveDate, TimeZone, Timelike, Utc};
use icalendar::{
    Calendar, CalendarDateTime, Component, DatePerhapsTime, Event, EventLike, EventStatus,
};

const NOW: &str = "2026-01-21T12:00:00Z";

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("the calendar is UTF-8")
}

fn parse(ics: &str) -> Calendar {
    Calendar::from_str(ics).unwrap_or_else(|e| panic!("not iCalendar: {e}\n{ics}"))
}

fn event<'a>(calendar: &'a Calendar, id: &str) -> &'a Event {
    let uid = format!("{id}@sitboard");
    calendar
        .events()
        .find(|e| e.get_uid() == Some(uid.as_str()))
        .unwrap_or_else(|| panic!("no event with UID {uid}"))
}

fn utc(text: &str) -> DatePerhapsTime {
    let at = chrono::DateTime::parse_from_rfc3339(text)
        .expect("a test time")
        .with_timezone(&Utc);
    DatePerhapsTime::DateTime(CalendarDateTime::Utc(at))
}

fn day(y: i32, m: u32, d: u32) -> DatePerhapsTime {
    DatePerhapsTime::Date(NaiveDate::from_ymd_opt(y, m, d).expect("a test date"))
}

/// The RFC's shape rules that a lenient parser would not notice.
fn assert_well_formed(ics: &str) {
    assert!(
        ics.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:"),
        "{ics}"
    );
    assert!(ics.ends_with("END:VCALENDAR\r\n"));
    assert_eq!(
        ics.matches('\n').count(),
        ics.matches("\r\n").count(),
        "a bare LF"
    );
    for line in ics.split("\r\n") {
        assert!(
            line.len() <= 75,
            "a line of {} octets: {line:?}",
            line.len()
        );
    }
    assert_eq!(
        ics.matches("BEGIN:VEVENT").count(),
        ics.matches("END:VEVENT").count()
    );
}

/// A small board whose every event tests something: times in three forms, each
/// status, text that needs escaping, and long non-ASCII text that must be folded.
const FIXTURE: &str = r#"
[board]
title = "Test board; with, punctuation"
default_tz = "Europe/Kyiv"
parties = { UA = "Ukraine", RU = "Russia", US = "United States" }

[[issue]]
id = "territory"
title = "Territory and the occupied areas"
status = "negotiating"

[[event]]
id = "moscow"
title = "Meeting in Moscow"
start = 2026-01-22
tz = "Europe/Moscow"
location = "Kremlin, Moscow"
status = "confirmed"
participants = ["Steve Witkoff (US special envoy)"]
parties = ["US", "RU"]
issues = ["territory"]

[[event]]
id = "geneva"
title = "Talks in Geneva"
kind = "talks"
start = 2026-01-23T10:00:00
end = 2026-01-23T12:30:00
tz = "Europe/Zurich"
status = "scheduled"
summary = "Line one; with a semicolon, a comma and a backslash \\.\nLine two."

[[event]]
id = "kyiv-call"
title = "Call from Kyiv"
kind = "call"
start = 2026-01-21T16:00:00
end = 2026-01-21T17:00:00
status = "cancelled"

[[event]]
id = "summit"
title = "Summit on guarantees"
kind = "summit"
start = 2026-01-24T11:00:00+01:00
status = "postponed"

[[event]]
id = "maybe"
title = "Переговори щодо енергетичного перемир'я: технічна група з моніторингу 🇺🇦"
start = 2026-01-25T09:00:00Z
status = "tentative"
summary = "Довгий опис українською мовою, щоб рядок точно перевищив сімдесят п'ять октетів і був згорнутий посередині."
updated = 2026-01-20T08:00:00Z
"#;

fn fixture_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary directory");
    fs::write(dir.path().join("board.toml"), FIXTURE).expect("write the fixture");
    dir
}

fn export_fixture() -> (tempfile::TempDir, String) {
    let dir = fixture_dir();
    let path = dir.path().to_string_lossy().to_string();
    let output = sitboard(&["export", "ics", "--now", NOW, &path]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let ics = stdout(&output);
    (dir, ics)
}

#[test]
fn events_times_and_statuses_survive_a_parser() {
    let (dir, ics) = export_fixture();
    assert_well_formed(&ics);
    let calendar = parse(&ics);
    assert_eq!(calendar.events().count(), 5);
    // An X- property is TEXT by default (RFC 5545 3.8.8.2), so it is escaped; the
    // parser leaves properties it does not know as written.
    assert_eq!(
        calendar.get_name(),
        Some(r"Test board\; with\, punctuation")
    );

    // A date alone: an all-day event on the day written, not the UTC day.
    let moscow = event(&calendar, "moscow");
    assert_eq!(moscow.get_start(), Some(day(2026, 1, 22)));
    assert_eq!(moscow.get_end(), Some(day(2026, 1, 23)));
    assert_eq!(moscow.get_status(), Some(EventStatus::Confirmed));
    assert_eq!(moscow.get_location(), Some("Kremlin, Moscow"));
    let description = moscow.get_description().unwrap_or_default();
    assert!(description.contains("Time TBA"), "{description}");
    assert!(
        description.contains("- Steve Witkoff (US special envoy)"),
        "{description}"
    );
    assert!(
        description.contains("Parties: United States (US), Russia (RU)"),
        "{description}"
    );
    // Linked issues by title, not by id.
    assert!(
        description.contains("- Territory and the occupied areas"),
        "{description}"
    );

    // A local time in the event's zone: 10:00 in Zurich (UTC+1) is 09:00 UTC.
    let geneva = event(&calendar, "geneva");
    assert_eq!(geneva.get_start(), Some(utc("2026-01-23T09:00:00Z")));
    assert_eq!(geneva.get_end(), Some(utc("2026-01-23T11:30:00Z")));
    assert_eq!(geneva.get_status(), Some(EventStatus::Confirmed));
    let categories = geneva.multi_properties().get("CATEGORIES");
    assert_eq!(
        categories.map(|c| c.iter().map(icalendar::Property::value).collect()),
        Some(vec!["talks"])
    );
    let description = geneva.get_description().unwrap_or_default();
    assert!(
        description
            .starts_with("Line one; with a semicolon, a comma and a backslash \\.\nLine two."),
        "{description:?}"
    );
    assert!(description.contains("Local time: 2026-01-23 10:00 CET to 12:30 CET (Europe/Zurich)"));

    // A local time without a zone floats on the board's default_tz (Kyiv, UTC+2).
    let call = event(&calendar, "kyiv-call");
    assert_eq!(call.get_start(), Some(utc("2026-01-21T14:00:00Z")));
    assert_eq!(call.get_status(), Some(EventStatus::Cancelled));
    // No `updated`: stamped with when its file last changed, not with --now.
    let file = fs::read_dir(dir.path())
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .find(|path| fs::read_to_string(path).is_ok_and(|text| text.contains("kyiv-call")))
        .expect("the file of kyiv-call");
    let modified: chrono::DateTime<Utc> = fs::metadata(file).unwrap().modified().unwrap().into();
    assert_eq!(
        call.get_timestamp(),
        Some(modified.with_nanosecond(0).unwrap())
    );

    let summit = event(&calendar, "summit");
    assert_eq!(summit.get_start(), Some(utc("2026-01-24T10:00:00Z")));
    assert_eq!(summit.get_end(), None);
    assert_eq!(summit.get_status(), Some(EventStatus::Tentative));
    assert!(
        summit
            .get_description()
            .unwrap_or_default()
            .starts_with("Postponed")
    );

    let maybe = event(&calendar, "maybe");
    assert_eq!(maybe.get_status(), Some(EventStatus::Tentative));
    assert_eq!(
        maybe.get_summary(),
        Some("Переговори щодо енергетичного перемир'я: технічна група з моніторингу 🇺🇦")
    );
    // DTSTAMP is the record's `updated` time when it has one.
    assert_eq!(
        maybe.get_timestamp(),
        Some(Utc.with_ymd_and_hms(2026, 1, 20, 8, 0, 0).unwrap())
    );
}

#[test]
fn uids_are_stable_across_exports() {
    let dir = fixture_dir();
    let path = dir.path().to_string_lossy().to_string();
    let uids = |now: &str| -> Vec<String> {
        let ics = stdout(&sitboard(&["export", "ics", "--now", now, &path]));
        ics.lines()
            .filter(|l| l.starts_with("UID:"))
            .map(str::to_string)
            .collect()
    };
    let first = uids(NOW);
    assert_eq!(first.len(), 5);
    assert_eq!(first, uids("2026-02-01T00:00:00Z"));
}

/// What calcurse read back.
struct Imported {
    /// calcurse's import report ("4 apps / 1 event / 0 todos / 0 skipped").
    report: String,
    /// Its agenda: a line per appointment or all-day event, under each day.
    agenda: String,
    /// Every note it stored (it keeps DESCRIPTION and LOCATION there).
    notes: String,
}

fn calcurse_import(ics: &str) -> Option<Imported> {
    let found = Command::new("calcurse").arg("--version").output();
    if !found.is_ok_and(|o| o.status.success()) {
        println!(
            "SKIP: calcurse is not installed, so the import into a real calendar program \
             was not tested (apt-get install -y calcurse; .ci/run installs it)"
        );
        return None;
    }
    let home = tempfile::tempdir().expect("a temporary directory");
    let data = home.path().join("calcurse");
    fs::create_dir_all(&data).expect("calcurse data directory");
    let file = home.path().join("board.ics");
    fs::write(&file, ics).expect("write the calendar");
    let calcurse = |args: &[&str]| -> Output {
        Command::new("calcurse")
            .arg("-D")
            .arg(&data)
            .args(args)
            // calcurse shows times in its own zone: read them in UTC.
            .env("TZ", "UTC")
            .env("HOME", home.path())
            .stdin(std::process::Stdio::null())
            .output()
            .expect("calcurse runs")
    };
    let import = calcurse(&["-i", &file.to_string_lossy()]);
    let report = String::from_utf8_lossy(&import.stdout).to_string();
    assert!(
        import.status.success(),
        "calcurse -i failed: {report}{}",
        String::from_utf8_lossy(&import.stderr)
    );
    let query = calcurse(&[
        "-Q",
        "--from",
        "01/01/2026",
        "--days",
        "120",
        "--format-apt",
        "APT %(start:%Y-%m-%dT%H:%M)..%(end:%Y-%m-%dT%H:%M) %m\\n",
        "--format-event",
        "DAY %m\\n",
    ]);
    assert!(
        query.status.success(),
        "{}",
        String::from_utf8_lossy(&query.stderr)
    );
    let mut notes = String::new();
    for entry in fs::read_dir(data.join("notes"))
        .into_iter()
        .flatten()
        .flatten()
    {
        notes.push_str(&fs::read_to_string(entry.path()).unwrap_or_default());
        notes.push('\n');
    }
    let agenda = String::from_utf8_lossy(&query.stdout).to_string();
    Some(Imported {
        report,
        agenda,
        notes,
    })
}

#[test]
fn a_real_calendar_program_imports_the_calendar() {
    let (_dir, ics) = export_fixture();
    let Some(Imported {
        report,
        agenda,
        notes,
    }) = calcurse_import(&ics)
    else {
        return;
    };
    assert!(
        report.contains("4 apps / 1 event / 0 todos / 0 skipped"),
        "{report}"
    );
    // calcurse lists an appointment on each day it covers, so read the days too.
    for expected in [
        "01/22/26:\nDAY Meeting in Moscow",
        "APT 2026-01-23T09:00..2026-01-23T11:30 Talks in Geneva",
        "APT 2026-01-21T14:00..2026-01-21T15:00 Call from Kyiv",
        "APT 2026-01-24T10:00..2026-01-24T10:00 Summit on guarantees",
        "APT 2026-01-25T09:00..2026-01-25T09:00 Переговори щодо енергетичного перемир'я",
    ] {
        assert!(
            agenda.contains(expected),
            "calcurse did not list {expected:?}:\n{agenda}"
        );
    }
    // The description became the appointment's note, unescaped.
    assert!(
        notes.contains("Line one; with a semicolon, a comma and a backslash \\.\nLine two."),
        "{notes}"
    );
    assert!(notes.contains("Postponed"), "{notes}");
}

#[test]
fn the_example_board_survives_a_parser_and_calcurse() {
    let output = sitboard(&["export", "ics", "--now", NOW]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let ics = stdout(&output);
    assert_well_formed(&ics);
    let events_in_example: usize = sitboard::example::FILES
        .iter()
        .map(|(_, text)| text.lines().filter(|l| l.trim() == "[[event]]").count())
        .sum();
    assert!(events_in_example > 0);
    let calendar = parse(&ics);
    assert_eq!(calendar.events().count(), events_in_example);
    // The meeting the example is built around: Thursday 22 January, time TBA.
    let moscow = event(&calendar, "moscow-putin");
    assert_eq!(moscow.get_start(), Some(day(2026, 1, 22)));
    assert_eq!(moscow.get_status(), Some(EventStatus::Confirmed));
    for event in calendar.events() {
        assert!(event.get_summary().is_some_and(|s| !s.is_empty()));
        assert!(event.get_start().is_some());
        assert!(event.get_status().is_some());
    }
    let Some(Imported { report, agenda, .. }) = calcurse_import(&ics) else {
        return;
    };
    let imported: usize = report
        .lines()
        .find(|l| l.contains(" apps / "))
        .map_or(0, |l| {
            let numbers: Vec<usize> = l
                .split_whitespace()
                .filter_map(|w| w.parse().ok())
                .collect();
            numbers.iter().take(2).sum()
        });
    assert_eq!(imported, events_in_example, "{report}");
    assert!(
        agenda.contains("DAY Witkoff and Kushner meet Putin in Moscow"),
        "{agenda}"
    );
}

#[test]
fn a_broken_file_is_left_out_and_the_exit_status_says_so() {
    let dir = fixture_dir();
    fs::write(
        dir.path().join("zz-broken.toml"),
        "[[event]]\nid = \"broken\"\ntitle = \"Broken\"\nstart = 2026-01-22T10:00:00\nstatus = \"maybe\"\n",
    )
    .expect("write the broken file");
    let path = dir.path().to_string_lossy().to_string();
    let output = sitboard(&["export", "ics", "--now", NOW, &path]);
    assert_eq!(output.status.code(), Some(1));
    let ics = stdout(&output);
    assert_well_formed(&ics);
    let calendar = parse(&ics);
    assert_eq!(
        calendar.events().count(),
        5,
        "the good file's events are still exported"
    );
    assert!(!ics.contains("UID:broken@sitboard"));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("zz-broken.toml:5:"), "{stderr}");
    assert!(stderr.contains("error"), "{stderr}");
}

#[test]
fn a_path_that_cannot_be_read_exits_2_with_no_calendar() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let missing = dir.path().join("no-such-board");
    let output = sitboard(&["export", "ics", &missing.to_string_lossy()]);
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty());
    assert!(String::from_utf8_lossy(&output.stderr).contains("no-such-board"));
    assert!(!Path::new(&missing).exists());
}

#[test]
fn an_empty_directory_gives_an_empty_calendar_and_says_why() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let output = sitboard(&["export", "ics", "--now", NOW, &dir.path().to_string_lossy()]);
    assert_eq!(output.status.code(), Some(0));
    let ics = stdout(&output);
    assert_well_formed(&ics);
    assert_eq!(parse(&ics).events().count(), 0);
    assert!(String::from_utf8_lossy(&output.stderr).contains("no data files were found"));
}

#[test]
fn help_describes_the_export() {
    let output = sitboard(&["export", "ics", "--help"]);
    assert_eq!(output.status.code(), Some(0));
    let help = stdout(&output);
    assert!(help.contains("iCalendar"), "{help}");
    assert!(help.contains("--now"), "{help}");
    assert!(help.contains("[PATH]..."), "{help}");
}

/// Two exports of unchanged data are byte for byte the same, whatever the clock:
/// an event without `updated` is stamped with its file's modification time, the
/// example board with the instant its story starts (docs/command-line.md#export-ics).
#[test]
fn exports_of_unchanged_data_are_identical() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("calendar.toml");
    fs::write(
        &file,
        "[[event]]\nid = \"moscow\"\ntitle = \"Talks in Moscow\"\nstart = 2026-01-22T18:00:00Z\n",
    )
    .unwrap();
    let path = file.to_str().unwrap();
    // No --now: the real clock runs between the two exports.
    let first = sitboard(&["export", "ics", path]);
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let second = sitboard(&["export", "ics", path]);
    assert_eq!(first.status.code(), Some(0));
    assert_eq!(stdout(&first), stdout(&second));
    let modified: chrono::DateTime<Utc> = fs::metadata(&file).unwrap().modified().unwrap().into();
    let stamp = format!("DTSTAMP:{}", modified.format("%Y%m%dT%H%M%SZ"));
    assert!(
        stdout(&first).contains(&stamp),
        "{stamp} not in\n{}",
        stdout(&first)
    );

    let example = sitboard(&["export", "ics"]);
    std::thread::sleep(std::time::Duration::from_millis(1100));
    assert_eq!(stdout(&example), stdout(&sitboard(&["export", "ics"])));
}
