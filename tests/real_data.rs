//! Real, messy data: the Ukrainian Air Force's daily missile and drone attack
//! reports (`../shared/data/missile_attacks_daily.csv`), one `[[strike]]` per row,
//! loaded through the loader without a single error, with counts checked against
//! figures derived from the CSV independently.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use chrono::Datelike;
use sitboard::load::parse::{parse_str, parse_whole};

fn csv_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/data/missile_attacks_daily.csv")
}

/// A small CSV reader: fields separated by commas, quoted with `"` (a quote inside
/// a quoted field is doubled), quoted fields may hold commas and newlines.
fn read_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (false, '"') => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\r') => {}
            (false, '\n') => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (_, c) => field.push(c),
        }
    }
    if !field.is_empty() || !row.is_empty() {
        row.push(field);
        rows.push(row);
    }
    rows
}

/// A TOML basic string.
fn toml_str(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `2026-02-07 18:00`, `2023-05-16 3:30` or `2026-02-06` as a TOML local time.
fn toml_time(raw: &str) -> Option<String> {
    let raw = raw.trim();
    let (date, time) = match raw.split_once(' ') {
        Some((date, time)) => (date, Some(time)),
        None => (raw, None),
    };
    match time {
        None => Some(date.to_string()),
        Some(time) => {
            let (h, m) = time.split_once(':')?;
            Some(format!(
                "{date}T{:02}:{:02}:00",
                h.parse::<u32>().ok()?,
                m.parse::<u32>().ok()?
            ))
        }
    }
}

/// A count as written in the CSV (`101.0`), when given.
fn count(raw: &str) -> Option<u32> {
    let n: f64 = raw.trim().parse().ok()?;
    // Counts in the CSV are whole and far below u32::MAX.
    #[allow(clippy::cast_sign_loss)]
    Some(n as u32)
}

fn is_drone(model: &str) -> bool {
    [
        "Shahed",
        "UAV",
        "Orlan",
        "Supercam",
        "ZALA",
        "Lancet",
        "Молнія",
        "Merlin",
        "Orion",
        "Mohajer",
    ]
    .iter()
    .any(|word| model.contains(word))
}

#[test]
fn attack_reports_load_as_strikes_without_error() {
    let path = csv_path();
    let Ok(text) = std::fs::read_to_string(&path) else {
        eprintln!(
            "SKIPPED: {} is missing (../shared/data is not beside this checkout)",
            path.display()
        );
        return;
    };
    let rows = read_csv(&text);
    let header = &rows[0];
    let col = |name: &str| {
        header
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("no column {name}"))
    };
    let (time_start, model, target, launched, destroyed, launch_place, source) = (
        col("time_start"),
        col("model"),
        col("target"),
        col("launched"),
        col("destroyed"),
        col("launch_place"),
        col("source"),
    );
    let data = &rows[1..];

    // Expected figures, straight from the CSV.
    let mut per_year: BTreeMap<i32, usize> = BTreeMap::new();
    let mut launched_total: u64 = 0;
    for row in data {
        let year: i32 = row[time_start].trim()[..4].parse().expect("a year");
        *per_year.entry(year).or_default() += 1;
        launched_total += u64::from(count(&row[launched]).unwrap_or(0));
    }

    // One strike per row.
    let mut toml = String::with_capacity(data.len() * 300);
    for (i, row) in data.iter().enumerate() {
        let time = toml_time(&row[time_start]).expect("a time");
        toml += &format!(
            "[[strike]]\nid = \"R-{i:04}\"\ntime = {time}\ntz = \"Europe/Kyiv\"\noblast = {}\ntarget = \"other\"\nnotes = {}\nsources = [{}]\n",
            toml_str(&row[target]),
            toml_str(&format!(
                "{} launched from {}",
                row[model], row[launch_place]
            )),
            toml_str(&row[source]),
        );
        let launched = count(&row[launched]);
        // The reports sometimes count more destroyed than launched (other waves).
        let intercepted = count(&row[destroyed]).map(|d| launched.map_or(d, |l| d.min(l)));
        let kind = if is_drone(&row[model]) {
            "drones"
        } else {
            "missiles"
        };
        let weapons: Vec<String> = [(kind, launched), ("intercepted", intercepted)]
            .iter()
            .filter_map(|(k, n)| n.map(|n| format!("{k} = {n}")))
            .collect();
        if !weapons.is_empty() {
            toml += &format!("weapons = {{ {} }}\n", weapons.join(", "));
        }
        toml += "\n";
    }

    let name: Arc<str> = Arc::from("attacks.toml");
    let parsed = parse_str(&name, &toml);
    let records = match &parsed {
        Ok(records) => records,
        Err(problems) => panic!("{} problems, first: {}", problems.len(), problems[0]),
    };
    assert!(
        records.warnings.is_empty(),
        "{:?}",
        records.warnings.first()
    );
    assert_eq!(records.strikes.len(), data.len());
    assert_eq!(records.strikes.len(), 3378);

    let mut loaded_per_year: BTreeMap<i32, usize> = BTreeMap::new();
    for strike in &records.strikes {
        *loaded_per_year
            .entry(strike.time.own_local().year())
            .or_default() += 1;
    }
    assert_eq!(loaded_per_year, per_year);

    let loaded_launched: u64 = records
        .strikes
        .iter()
        .filter_map(|s| s.weapons.as_ref())
        .map(|w| u64::from(w.missiles.unwrap_or(0)) + u64::from(w.drones.unwrap_or(0)))
        .sum();
    assert_eq!(loaded_launched, launched_total);

    // Kyiv local time, read in Kyiv: 2026-02-07 18:00 EET is 16:00 UTC.
    let first = &records.strikes[0];
    assert_eq!(first.time.at.to_rfc3339(), "2026-02-07T16:00:00+00:00");
    // Cyrillic text survives sanitising.
    assert!(
        records
            .strikes
            .iter()
            .any(|s| s.notes.as_deref().is_some_and(|n| n.contains("Молнія")))
    );

    // The file is big enough to be parsed in pieces (so the comparison below is
    // not a whole parse compared with itself); a whole parse agrees exactly.
    assert!(
        sitboard::load::chunk::plan(&toml, sitboard::load::parse::PIECE_BYTES)
            .is_some_and(|pieces| pieces.len() > 1),
        "the converted CSV is not cut into pieces"
    );
    assert_eq!(
        format!("{parsed:?}"),
        format!("{:?}", parse_whole(&name, &toml))
    );
}
