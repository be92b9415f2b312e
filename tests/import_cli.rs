//! `sitboard import` through the real binary (docs/command-line.md#import): the
//! Air Force dataset in `../shared/data/` (skipped, saying so, when it is not
//! there) and an ACLED fixture written from the codebook's columns.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const ACLED: &str = "tests/fixtures/import/acled.csv";
const AIR_FORCE: &str = "../shared/data/missile_attacks_daily.csv";

fn sitboard(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sitboard"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("SITBOARD_DATA")
        .env(
            "XDG_CONFIG_HOME",
            concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures"),
        )
        .output()
        .expect("run sitboard")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The Air Force CSV, or `None` (with a note on stderr) when `../shared/data/`
/// is not beside the checkout.
fn air_force_csv() -> Option<PathBuf> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(AIR_FORCE);
    if path.is_file() {
        Some(path)
    } else {
        eprintln!(
            "skipped: {AIR_FORCE} is not there (the shared test data lives beside the checkout)"
        );
        None
    }
}

/// `sitboard check DIR` on the directory holding one imported file.
fn check(dir: &Path) -> Output {
    sitboard(&["check", &dir.display().to_string()])
}

/// The `time = ...` year of every `[[strike]]` in an imported file.
fn years(toml: &str) -> BTreeMap<String, usize> {
    let mut years = BTreeMap::new();
    for line in toml.lines() {
        if let Some(time) = line.strip_prefix("time = ") {
            *years.entry(time[..4].to_string()).or_insert(0) += 1;
        }
    }
    years
}

#[test]
fn air_force_import_of_the_real_csv_checks_clean_and_counts_match() {
    let Some(csv) = air_force_csv() else { return };
    let dir = tempfile::tempdir().expect("temp dir");
    let out_file = dir.path().join("air-force.toml");
    let run = sitboard(&[
        "import",
        "air-force",
        &csv.display().to_string(),
        "--out",
        &out_file.display().to_string(),
    ]);
    assert_eq!(run.status.code(), Some(0), "{}", text(&run.stderr));
    assert!(run.stdout.is_empty(), "--out: nothing on stdout");
    let summary = text(&run.stderr);
    let first = summary.lines().next().unwrap_or_default();
    assert!(
        first.starts_with("import air-force: 3378 rows read, "),
        "{summary}"
    );

    // The output passes `check`.
    let checked = check(dir.path());
    assert_eq!(checked.status.code(), Some(0), "{}", text(&checked.stdout));
    // The only problems: the reports' `target` kept as `oblast` where it names
    // no single oblast ("south", "Ukraine", "A oblast and B oblast"), one
    // warning per distinct name (issue 14); no error.
    let out = text(&checked.stdout);
    let lines: Vec<&str> = out.lines().collect();
    for line in &lines[..lines.len().saturating_sub(1)] {
        assert!(line.contains(" is none of Ukraine's regions"), "{line}");
    }
    assert!(lines.last().is_some_and(|l| !l.contains("error")), "{out}");

    // Per year: the CSV's rows, less the rows the summary names as skipped.
    let mut reader = csv::Reader::from_path(&csv).expect("the CSV");
    let headers = reader.headers().expect("a header").clone();
    let start = headers
        .iter()
        .position(|h| h == "time_start")
        .expect("time_start");
    let mut expected: BTreeMap<String, usize> = BTreeMap::new();
    let mut year_of_line: BTreeMap<u64, String> = BTreeMap::new();
    for record in reader.records() {
        let record = record.expect("a row");
        let year = record[start].trim()[..4].to_string();
        let line = record.position().map_or(0, csv::Position::line);
        year_of_line.insert(line, year.clone());
        *expected.entry(year).or_insert(0) += 1;
    }
    let mut skipped_total = 0;
    for reason in summary.lines().skip(1) {
        // `  3 skipped: REASON (lines 2578, 2584, 2635)`: every line is named
        // while a reason has at most 5.
        let (count, rest) = reason
            .trim()
            .split_once(" skipped: ")
            .expect("a reason line");
        let count: usize = count.parse().expect("a count");
        assert!(count <= 5, "every skipped line is listed: {reason}");
        skipped_total += count;
        let lines = rest
            .rsplit_once("(line")
            .map(|(_, l)| l.trim_start_matches('s').trim_end_matches(')'))
            .expect("line numbers");
        for line in lines.split(", ") {
            let line: u64 = line.trim().parse().expect("a line number");
            let year = &year_of_line[&line];
            *expected.get_mut(year).expect("a year") -= 1;
        }
    }
    let written = std::fs::read_to_string(&out_file).expect("the output");
    assert_eq!(years(&written), expected);
    let total: usize = expected.values().sum();
    assert_eq!(total + skipped_total, 3378);
    assert!(
        first.ends_with(&format!("{total} written, {skipped_total} skipped")),
        "{first}"
    );

    // A second run, to stdout this time, is byte-identical.
    let again = sitboard(&["import", "air-force", &csv.display().to_string()]);
    assert_eq!(again.status.code(), Some(0));
    assert!(again.stdout == written.as_bytes(), "a second run differs");
}

#[test]
fn acled_fixture_keeps_energy_rows_with_their_precision() {
    let run = sitboard(&["import", "acled", ACLED]);
    assert_eq!(run.status.code(), Some(0), "{}", text(&run.stderr));
    let out = text(&run.stdout);
    assert_eq!(
        text(&run.stderr),
        concat!(
            "import acled: 7 rows read, 5 written, 2 skipped\n",
            "  1 skipped: fatalities \"many\" is not a whole number ≥ 0 (line 7)\n",
            "  1 skipped: notes name no energy infrastructure (--all keeps every row) (line 5)\n",
        )
    );
    // Ordered by time then id; ACLED's precision 3 from the first of the month.
    let ids: Vec<&str> = out
        .lines()
        .filter_map(|l| l.strip_prefix("id = "))
        .collect();
    assert_eq!(
        ids,
        [
            "\"acled-UKR90003\"",
            "\"acled-UKR90001\"",
            "\"acled-UKR90002\"",
            "\"acled-UKR90005\"",
            "\"acled-UKR90007\""
        ]
    );
    for expected in [
        // time precision 3 and geo precision 3 (UKR90003)
        "time = 2026-01-01\ntime_precision = \"month\"",
        "geo_precision = \"oblast\"",
        // time precision 2 and geo precision 2 (UKR90002)
        "time = 2026-01-10\ntime_precision = \"week\"",
        "geo_precision = \"district\"",
        // precision 1: a date (a day) at a town
        "geo_precision = \"settlement\"",
        "target = \"chp\"",
        "target = \"substation\"",
        "target = \"thermal\"",
        "target = \"gas\"",
        "target = \"transmission\"",
        "casualties = { killed = 2 }",
        "sources = [\"Kyiv Independent\", \"Suspilne\"]",
    ] {
        assert!(out.contains(expected), "{expected:?} not in:\n{out}");
    }
    // The output is a good data file.
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("acled.toml"), &out).expect("write");
    let checked = check(dir.path());
    assert_eq!(
        text(&checked.stdout),
        "1 file, 5 records: no problems\n",
        "{out}"
    );
    // --all keeps the protest too, as target other.
    let all = sitboard(&["import", "acled", "--all", ACLED]);
    let all_out = text(&all.stdout);
    assert!(all_out.contains("id = \"acled-UKR90004\"\n"), "{all_out}");
    assert!(
        text(&all.stderr).starts_with("import acled: 7 rows read, 6 written, 1 skipped\n"),
        "{}",
        text(&all.stderr)
    );
}

#[test]
fn a_corrected_row_changes_only_its_record() {
    let original = std::fs::read_to_string(ACLED).expect("fixture");
    // ACLED corrects the death toll of one event, and the CSV comes in another order.
    let mut lines: Vec<String> = original.lines().map(str::to_string).collect();
    let corrected = lines[5].replace(",2,,1768300000", ",3,,1768400000");
    assert_ne!(corrected, lines[5]);
    lines[5] = corrected;
    lines[1..].reverse();
    let dir = tempfile::tempdir().expect("temp dir");
    let updated = dir.path().join("acled-updated.csv");
    std::fs::write(&updated, lines.join("\n") + "\n").expect("write");
    let before = text(&sitboard(&["import", "acled", ACLED]).stdout);
    let after = text(&sitboard(&["import", "acled", &updated.display().to_string()]).stdout);
    let changed: Vec<(&str, &str)> = before
        .lines()
        .zip(after.lines())
        .filter(|(a, b)| a != b)
        .collect();
    // The file name in the first comment, and the one count.
    assert_eq!(
        changed,
        [
            (
                "# Imported by `sitboard import acled` from acled.csv.",
                "# Imported by `sitboard import acled` from acled-updated.csv."
            ),
            ("casualties = { killed = 2 }", "casualties = { killed = 3 }"),
        ]
    );
    assert_eq!(before.lines().count(), after.lines().count());
}

#[test]
fn a_file_of_another_format_cannot_run_and_names_the_missing_columns() {
    let run = sitboard(&["import", "acled", "tests/fixtures/import/not-acled.csv"]);
    assert_eq!(run.status.code(), Some(2));
    assert!(run.stdout.is_empty());
    assert_eq!(
        text(&run.stderr),
        "sitboard: tests/fixtures/import/not-acled.csv is not an acled export: missing columns event_id_cnty, event_date, time_precision, admin1, location, latitude, longitude, geo_precision, source, notes, fatalities\n"
    );
    let run = sitboard(&["import", "air-force", ACLED]);
    assert_eq!(run.status.code(), Some(2));
    assert!(
        text(&run.stderr).contains("is not an air-force export: missing columns time_start, time_end, model, launch_place, target, launched, destroyed"),
        "{}",
        text(&run.stderr)
    );
    let run = sitboard(&["import", "acled", "tests/fixtures/import/no-such.csv"]);
    assert_eq!(run.status.code(), Some(2));
    assert!(
        text(&run.stderr)
            .starts_with("sitboard: tests/fixtures/import/no-such.csv: cannot be read:"),
        "{}",
        text(&run.stderr)
    );
}

#[test]
fn a_keywords_file_replaces_the_list() {
    let dir = tempfile::tempdir().expect("temp dir");
    let keywords = dir.path().join("keywords.toml");
    // Only power cuts count, as distribution: the protest row is kept, the rest not.
    std::fs::write(
        &keywords,
        "[[keyword]]\ntarget = \"distribution\"\nwords = [\"power cuts\"]\n",
    )
    .expect("write");
    let run = sitboard(&[
        "import",
        "acled",
        "--keywords",
        &keywords.display().to_string(),
        ACLED,
    ]);
    assert_eq!(run.status.code(), Some(0), "{}", text(&run.stderr));
    let out = text(&run.stdout);
    let ids: Vec<&str> = out
        .lines()
        .filter_map(|l| l.strip_prefix("id = "))
        .collect();
    assert_eq!(ids, ["\"acled-UKR90004\""]);
    assert!(out.contains("target = \"distribution\""), "{out}");

    std::fs::write(
        &keywords,
        "[[keyword]]\ntarget = \"coal\"\nwords = [\"mine\"]\n",
    )
    .expect("write");
    let bad = sitboard(&[
        "import",
        "acled",
        "--keywords",
        &keywords.display().to_string(),
        ACLED,
    ]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(
        text(&bad.stderr)
            .contains("not a keywords file: target \"coal\" is not one of thermal, chp,"),
        "{}",
        text(&bad.stderr)
    );
}
