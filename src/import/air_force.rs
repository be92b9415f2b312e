//! `import air-force`: the Air Force attack dataset ("Massive Missile Attacks on
//! Ukraine", one row per weapon model per attack window; docs/command-line.md#import).
//!
//! Each row becomes one strike: `time` from `time_start` (Kyiv wall-clock time, a
//! date alone as `time_precision = "day"`), `oblast` the `target` column as written
//! (an oblast, a direction such as "south", or "Ukraine"), target `other` (the
//! dataset does not say what was hit), weapons from `launched` (as missiles,
//! drones, glide bombs or other by the model's name) and `destroyed` (as
//! intercepted), the window, launch place and model in the notes.

use chrono::{NaiveDate, NaiveDateTime};

use super::{
    Format, ImportError, Imported, Strike, Table, Time, count, optional_count, slug, stable_hash,
};
use crate::load::sanitize;
use crate::model::{Target, TimePrecision, Weapons};

/// The columns a row needs.
const REQUIRED: &[&str] = &[
    "time_start",
    "time_end",
    "model",
    "launch_place",
    "target",
    "launched",
    "destroyed",
    "source",
];

/// Words of a model name that make it a drone (reconnaissance drones included:
/// the reports count them among what was launched).
const DRONE_WORDS: &[&str] = &[
    "shahed",
    "uav",
    "drone",
    "orlan",
    "supercam",
    "zala",
    "lancet",
    "merlin",
    "orion",
    "mohajer",
    "forpost",
    "kub",
    "eleron",
    "gerbera",
    "геран",
    "молнія",
    "фенікс",
    "картограф",
];

/// Words of a model name that make it a bomb.
const BOMB_WORDS: &[&str] = &["gbu", "bomb", "kab"];

/// Words of a model name that make it a missile.
const MISSILE_WORDS: &[&str] = &[
    "missile", "x-", "iskander", "kalibr", "c-300", "c-400", "s-300", "s-400", "oniks", "zircon",
    "kinzhal", "kn-23", "banderol",
];

/// Where the Air Force and its commands post: a `source` that is a path there
/// (`kpszsu/posts/...`) is linked as such.
const POSTS_AT: &str = "https://www.facebook.com/";

pub fn read(file: &str, text: &[u8]) -> Result<Imported, ImportError> {
    let mut table = Table::open(file, text, Format::AirForce, REQUIRED)?;
    // Every row is a strike or a reason it is not one.
    Ok(Imported::from_rows(
        &mut table,
        |table, fields| strike(table, fields).map(Some),
        |first| {
            format!(
                "the same report as line {first} (time, model, launch place, target and source)"
            )
        },
        "",
    ))
}

/// One row as a strike, or why it cannot be one.
fn strike(table: &Table, row: &[String]) -> Result<Strike, String> {
    let get = |column: &str| table.get(row, column);
    let start = get("time_start");
    let time = parse_time(start).ok_or_else(|| {
        format!(
            "time_start {} is not a date or date and time",
            sanitize::quoted(start)
        )
    })?;
    // An empty target says no more than the dataset's own "Ukraine" does.
    let written_region = sanitize::line(get("target"));
    let region_given = !written_region.is_empty();
    let region = if region_given {
        written_region
    } else {
        "Ukraine".to_string()
    };
    let model = sanitize::line(get("model"));
    if model.is_empty() {
        return Err("no model".into());
    }
    let launched_text = get("launched");
    let launched = count(launched_text).ok_or_else(|| {
        if launched_text.is_empty() {
            "no launched count".to_string()
        } else {
            format!(
                "launched {} is not a whole number",
                sanitize::quoted(launched_text)
            )
        }
    })?;
    let destroyed = optional_count("destroyed", get("destroyed"), "is not a whole number")?;
    if let Some(destroyed) = destroyed.filter(|d| *d > launched) {
        return Err(format!(
            "destroyed {destroyed} is more than launched {launched}"
        ));
    }
    let mut weapons = Weapons {
        intercepted: destroyed,
        ..Weapons::default()
    };
    match kind_of(&model) {
        Kind::Drone => weapons.drones = Some(launched),
        Kind::Bomb => weapons.glide_bombs = Some(launched),
        Kind::Missile => weapons.missiles = Some(launched),
        Kind::Other => weapons.other = Some(launched),
    }
    // A control in a source leaves its mark (never a clean-looking link).
    let source = sanitize::source(get("source"));
    // The id: what says which report this is, not the counts (a corrected count
    // keeps its record). Readable head, hashed tail.
    let hash = stable_hash(&[
        start,
        get("model"),
        get("launch_place"),
        get("target"),
        get("source"),
    ]);
    let head = match time {
        Time::Local(t) => t.format("%Y%m%d-%H%M").to_string(),
        Time::Date(d) => d.format("%Y%m%d").to_string(),
    };
    let model_slug = slug(&model, 20);
    let id = if model_slug.is_empty() {
        format!("af-{head}-{:08x}", hash >> 32)
    } else {
        format!("af-{head}-{model_slug}-{:08x}", hash >> 32)
    };
    let mut notes = format!("Air Force report: {model}, {launched} launched");
    if let Some(d) = destroyed {
        notes.push_str(&format!(", {d} destroyed"));
    }
    for (column, what) in [
        ("not_reach_goal", "did not reach their targets"),
        ("still_attacking", "still attacking"),
    ] {
        if let Some(n) = count(get(column)).filter(|n| *n > 0) {
            notes.push_str(&format!(", {n} {what}"));
        }
    }
    notes.push('.');
    if !region_given {
        notes.push_str(" The report names no target region.");
    }
    let end = sanitize::line(get("time_end"));
    notes.push_str(&format!(
        "\nAttack window {} to {} (Kyiv time).",
        sanitize::line(start),
        if end.is_empty() { "?" } else { &end }
    ));
    let launch_place = sanitize::line(get("launch_place"));
    if !launch_place.is_empty() {
        notes.push_str(&format!("\nLaunched from {launch_place}."));
    }
    Ok(Strike {
        id,
        time,
        time_precision: match time {
            Time::Date(_) => Some(TimePrecision::Day),
            Time::Local(_) => None,
        },
        oblast: region,
        target: Target::Other,
        location: None,
        coords: None,
        geo_precision: None,
        tz: Some("Europe/Kyiv"),
        weapons: Some(weapons),
        killed: None,
        sources: source_link(&source).into_iter().collect(),
        notes: Some(notes),
    })
}

/// `2026-02-07 18:00`, `2023-05-16 3:30` or `2026-02-06`.
fn parse_time(text: &str) -> Option<Time> {
    let text = text.trim();
    if let Ok(day) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        return Some(Time::Date(day));
    }
    NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M")
        .ok()
        .map(Time::Local)
}

enum Kind {
    Drone,
    Bomb,
    Missile,
    Other,
}

/// What a model is, by its name (a mixed row, "X-101/X-555 and Kalibr", by its
/// first word that says).
fn kind_of(model: &str) -> Kind {
    let lower = model.to_lowercase();
    if DRONE_WORDS.iter().any(|w| lower.contains(w)) {
        Kind::Drone
    } else if BOMB_WORDS.iter().any(|w| lower.contains(w)) {
        Kind::Bomb
    } else if MISSILE_WORDS.iter().any(|w| lower.contains(w)) {
        Kind::Missile
    } else {
        Kind::Other
    }
}

/// The source as a link: a URL as it is; a post's path (`kpszsu/posts/...`,
/// `watch/?v=...`) at the page it was posted on; anything else as written.
fn source_link(source: &str) -> Option<String> {
    if source.is_empty() {
        return None;
    }
    if source.starts_with("https://") || source.starts_with("http://") {
        return Some(source.to_string());
    }
    let is_post =
        source.contains("/posts/") || source.starts_with("watch/?") || source.contains("/videos/");
    if is_post && !source.contains(char::is_whitespace) {
        Some(format!("{POSTS_AT}{source}"))
    } else {
        Some(source.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::{Format, Options, import};

    const HEADER: &str = "time_start,time_end,model,launch_place,target,target_main,launched,destroyed,not_reach_goal,still_attacking,border_crossing,is_shahed,num_hit_location,num_fall_fragment_location,carrier,turbojet,turbojet_destroyed,affected region,destroyed_details,launched_details,launch_place_details,source\n";

    fn run(rows: &str) -> Imported {
        import(
            Format::AirForce,
            "attacks.csv",
            format!("{HEADER}{rows}").as_bytes(),
            &Options::default(),
        )
        .expect("an air-force file")
    }

    #[test]
    fn rows_become_strikes_with_weapons_and_precision() {
        let out = run(concat!(
            "2026-02-07 18:00,2026-02-08 08:30,Shahed-136/131,Kursk oblast,Ukraine,,101.0,69.0,0.0,0.0,{},70.0,13.0,1.0,,,,,,,,kpszsu/posts/pfbid0emp\n",
            "2026-02-06,2026-02-06,Iskander-M,Belgorod,Kharkiv oblast,,2.0,,,,,,,,,,,,,,,https://t.me/kpszsu/1\n",
        ));
        assert_eq!(out.rows, 2);
        assert_eq!(out.skipped_count(), 0);
        // Sorted by time: the date-only row first.
        let [iskander, shahed] = &out.strikes[..] else {
            panic!("two strikes: {:?}", out.strikes)
        };
        assert_eq!(iskander.time_precision, Some(TimePrecision::Day));
        assert_eq!(iskander.oblast, "Kharkiv oblast");
        assert_eq!(iskander.weapons.as_ref().and_then(|w| w.missiles), Some(2));
        assert_eq!(iskander.sources, ["https://t.me/kpszsu/1"]);
        let w = shahed.weapons.as_ref().expect("weapons");
        assert_eq!((w.drones, w.intercepted), (Some(101), Some(69)));
        assert_eq!(shahed.time_precision, None);
        assert_eq!(shahed.target, Target::Other);
        assert_eq!(
            shahed.sources,
            ["https://www.facebook.com/kpszsu/posts/pfbid0emp"]
        );
        assert!(shahed.id.starts_with("af-20260207-1800-shahed-136-131-"));
    }

    #[test]
    fn bad_rows_are_skipped_with_a_reason() {
        let out = run(concat!(
            "2024-02-28,2024-02-28,Shahed-136/131,,Ukraine,,,0.0,,,,,,,,,,,,,,src/posts/1\n",
            "2024-02-27,2024-02-27,X-59,,south,,2.0,4.0,,,,,,,,,,,,,,src/posts/2\n",
            "yesterday,,X-59,,south,,2.0,1.0,,,,,,,,,,,,,,src/posts/3\n",
            "2024-02-26,2024-02-26,X-59,,,,2.0,1.0,,,,,,,,,,,,,,src/posts/4\n",
            "2024-02-26,2024-02-26,X-59,,south,,2.0,1.0,,,,,,,,,,,,,,src/posts/5\n",
            "2024-02-26,2024-02-26,X-59,,south,,3.0,1.0,,,,,,,,,,,,,,src/posts/5\n",
        ));
        assert_eq!(
            (out.rows, out.strikes.len(), out.skipped_count()),
            (6, 2, 4)
        );
        let reasons: Vec<&str> = out.skipped.keys().map(String::as_str).collect();
        assert_eq!(
            reasons,
            [
                "destroyed 4 is more than launched 2",
                "no launched count",
                "the same report as line 6 (time, model, launch place, target and source)",
                "time_start \"yesterday\" is not a date or date and time",
            ]
        );
        assert_eq!(out.skipped["no launched count"], [2]);
        // No target region written: "Ukraine", as the dataset writes it, and said.
        let unnamed = out
            .strikes
            .iter()
            .find(|s| s.sources == ["https://www.facebook.com/src/posts/4"])
            .expect("kept");
        assert_eq!(unnamed.oblast, "Ukraine");
        assert!(
            unnamed
                .notes
                .as_deref()
                .is_some_and(|n| n.contains("The report names no target region."))
        );
        let summary = out.summary(Format::AirForce);
        assert!(
            summary.starts_with("import air-force: 6 rows read, 2 written, 4 skipped\n"),
            "{summary}"
        );
        assert!(
            summary.contains("  1 skipped: no launched count (line 2)\n"),
            "{summary}"
        );
    }

    #[test]
    fn another_file_is_refused_naming_the_missing_columns() {
        let err = import(
            Format::AirForce,
            "acled.csv",
            b"event_id_cnty,event_date,target\nUKR1,2026-01-01,x\n",
            &Options::default(),
        )
        .expect_err("not the format");
        assert_eq!(
            err.to_string(),
            "acled.csv is not an air-force export: missing columns time_start, time_end, model, launch_place, launched, destroyed, source"
        );
    }

    #[test]
    fn models_by_kind() {
        assert!(matches!(kind_of("Shahed-136/131"), Kind::Drone));
        assert!(matches!(kind_of("Молнія and Lancet"), Kind::Drone));
        assert!(matches!(kind_of("X-101/X-555 and Kalibr"), Kind::Missile));
        assert!(matches!(kind_of("GBU"), Kind::Bomb));
        assert!(matches!(kind_of("Something new"), Kind::Other));
    }
}
