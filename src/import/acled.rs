//! `import acled`: an ACLED export, columns as in the ACLED codebook
//! (docs/command-line.md#import).
//!
//! A row is kept when its `notes` name energy infrastructure (the
//! [`Keywords`](super::keywords::Keywords) list), and its `target` is the one those
//! words name; `--all` keeps every row, as target `other` when no word names one.
//! ACLED's precision codes are carried over as an ACLED analyst reads them:
//!
//! | ACLED | `time_precision` | | ACLED | `geo_precision` |
//! |---|---|---|---|---|
//! | 1 (the day) | `day` | | 1 (the town itself) | `settlement` |
//! | 2 (a week) | `week` | | 2 (near a town, part of a region) | `district` |
//! | 3 (a month) | `month`, from the 1st | | 3 (the region only) | `oblast` |
//!
//! (ACLED's coordinates of precision 1 are those of the town, not of a facility,
//! so they are not `exact`.) `fatalities` becomes `casualties.killed`, the
//! `source` column the sources (split at `;`), and the event and sub-event types
//! with ACLED's own date and precision go into the notes.

use chrono::{Datelike, NaiveDate};

use super::keywords::Keywords;
use super::{Format, ImportError, Imported, Options, Strike, Table, Time, optional_count};
use crate::load::sanitize;
use crate::load::validate::reader::is_valid_id;
use crate::model::{GeoPrecision, Target, TimePrecision};

/// The columns a row needs.
const REQUIRED: &[&str] = &[
    "event_id_cnty",
    "event_date",
    "time_precision",
    "admin1",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "notes",
    "fatalities",
];

/// Why a row that names no energy infrastructure is left out.
pub const NOT_ENERGY: &str = "notes name no energy infrastructure (--all keeps every row)";

pub fn read(file: &str, text: &[u8], options: &Options) -> Result<Imported, ImportError> {
    let mut table = Table::open(file, text, Format::Acled, REQUIRED)?;
    let default = Keywords::default();
    let keywords = options.keywords.as_ref().unwrap_or(&default);
    Ok(Imported::from_rows(
        &mut table,
        |table, fields| strike(table, fields, keywords, options.all),
        |first| format!("event_id_cnty repeats line {first}"),
        NOT_ENERGY,
    ))
}

/// One row as a strike; `None` when it is not about energy infrastructure.
fn strike(
    table: &Table,
    row: &[String],
    keywords: &Keywords,
    all: bool,
) -> Result<Option<Strike>, String> {
    let get = |column: &str| table.get(row, column);
    let notes = sanitize::text(get("notes"));
    let target = match keywords.classify(&notes) {
        Some(target) => target,
        None if all => Target::Other,
        None => return Ok(None),
    };
    let event_id = get("event_id_cnty");
    let id = format!("acled-{event_id}");
    if event_id.is_empty() || !is_valid_id(&id) {
        return Err(format!(
            "event_id_cnty {} is not an id (1–58 of A-Z a-z 0-9 . _ -)",
            sanitize::quoted(event_id)
        ));
    }
    let date_text = get("event_date");
    let date = parse_date(date_text).ok_or_else(|| {
        format!(
            "event_date {} is not a date such as 2026-01-12 or 12 January 2026",
            sanitize::quoted(date_text)
        )
    })?;
    let (time, time_precision) = match get("time_precision") {
        "1" => (date, None),
        "2" => (date, Some(TimePrecision::Week)),
        // The month is what is known: from its first day.
        "3" => (date.with_day(1).unwrap_or(date), Some(TimePrecision::Month)),
        other => {
            return Err(format!(
                "time_precision {} is not 1, 2 or 3",
                sanitize::quoted(other)
            ));
        }
    };
    let geo_precision = match get("geo_precision") {
        "1" => GeoPrecision::Settlement,
        "2" => GeoPrecision::District,
        "3" => GeoPrecision::Oblast,
        other => {
            return Err(format!(
                "geo_precision {} is not 1, 2 or 3",
                sanitize::quoted(other)
            ));
        }
    };
    let oblast = sanitize::line(get("admin1"));
    if oblast.is_empty() {
        return Err("no admin1".into());
    }
    let coords = match (get("latitude"), get("longitude")) {
        ("", "") => None,
        (lat, lon) => Some((
            coordinate("latitude", lat, 90.0)?,
            coordinate("longitude", lon, 180.0)?,
        )),
    };
    let killed = optional_count("fatalities", get("fatalities"), "is not a whole number ≥ 0")?;
    let location = Some(sanitize::line(get("location"))).filter(|l| !l.is_empty());
    let sources: Vec<String> = get("source")
        .split(';')
        .map(|s| sanitize::source(s.trim()))
        .filter(|s| !s.is_empty())
        .collect();
    let mut head = format!("ACLED {event_id}");
    for column in ["event_type", "sub_event_type"] {
        let value = sanitize::line(get(column));
        if !value.is_empty() {
            head.push_str(&format!(", {value}"));
        }
    }
    head.push_str(&format!(
        "; event_date {} (time_precision {}), geo_precision {}.",
        date.format("%Y-%m-%d"),
        get("time_precision"),
        get("geo_precision")
    ));
    let notes = if notes.is_empty() {
        head
    } else {
        format!("{notes}\n{head}")
    };
    Ok(Some(Strike {
        id,
        time: Time::Date(time),
        time_precision,
        oblast,
        target,
        location,
        coords,
        geo_precision: Some(geo_precision),
        tz: Some("Europe/Kyiv"),
        weapons: None,
        killed,
        sources,
        notes: Some(notes),
    }))
}

/// `2026-01-12`, `12 January 2026` (ACLED's exports) or `12-01-2026`.
fn parse_date(text: &str) -> Option<NaiveDate> {
    ["%Y-%m-%d", "%d %B %Y", "%d-%m-%Y", "%d/%m/%Y"]
        .iter()
        .find_map(|format| NaiveDate::parse_from_str(text.trim(), format).ok())
}

fn coordinate(name: &str, text: &str, limit: f64) -> Result<f64, String> {
    text.parse::<f64>()
        .ok()
        .filter(|x| x.is_finite() && x.abs() <= limit)
        .ok_or_else(|| {
            format!(
                "{name} {} is not a number from -{limit} to {limit}",
                sanitize::quoted(text)
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::{Options, import};

    const HEADER: &str = "event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,actor1,country,admin1,admin2,location,latitude,longitude,geo_precision,source,source_scale,notes,fatalities\n";

    fn run(rows: &str, all: bool) -> Imported {
        let options = Options {
            all,
            keywords: None,
        };
        import(
            Format::Acled,
            "acled.csv",
            format!("{HEADER}{rows}").as_bytes(),
            &options,
        )
        .expect("an ACLED file")
    }

    const ROWS: &str = concat!(
        "UKR1001,12 January 2026,2026,1,Political violence,Explosions/Remote violence,Air/drone strike,Military Forces of Russia,Ukraine,Kharkiv,Kharkivskyi,Kharkiv,49.9935,36.2304,1,Suspilne; Ukrainska Pravda,National,\"On 12 January 2026, Russian drones struck the Kharkiv CHP-5, cutting heating.\",1\n",
        "UKR1002,2026-01-14,2026,2,Political violence,Explosions/Remote violence,Shelling/artillery/missile attack,Military Forces of Russia,Ukraine,Dnipropetrovsk,Nikopolskyi,Nikopol,47.5667,34.4,2,Telegram,Local,Shelling damaged a substation and power lines near Nikopol during the week.,0\n",
        "UKR1003,2026-01-20,2026,3,Political violence,Explosions/Remote violence,Air/drone strike,Military Forces of Russia,Ukraine,Odesa,,Odesa,46.4825,30.7233,3,Odesa OVA,Subnational,Strikes on energy infrastructure in Odesa region during January.,\n",
        "UKR1004,2026-01-15,2026,1,Demonstrations,Protests,Peaceful protest,Protesters,Ukraine,Kyiv City,,Kyiv,50.45,30.52,1,Kyiv Independent,National,Police used tear gas.,0\n",
        "UKR1005,2026-01-16,2026,4,Political violence,Explosions/Remote violence,Air/drone strike,Military Forces of Russia,Ukraine,Sumy,,Sumy,50.9,34.8,1,Suspilne,National,A substation was hit.,0\n",
    );

    #[test]
    fn energy_rows_are_kept_with_their_precision() {
        let out = run(ROWS, false);
        assert_eq!(
            (out.rows, out.strikes.len(), out.skipped_count()),
            (5, 3, 2)
        );
        let by_id = |id: &str| {
            out.strikes
                .iter()
                .find(|s| s.id == id)
                .unwrap_or_else(|| panic!("{id} in {:?}", out.strikes))
        };
        let chp = by_id("acled-UKR1001");
        assert_eq!(chp.target, Target::Chp);
        assert_eq!(
            chp.time,
            Time::Date(NaiveDate::from_ymd_opt(2026, 1, 12).unwrap())
        );
        assert_eq!(
            chp.time_precision, None,
            "precision 1: a date, which is a day"
        );
        assert_eq!(chp.geo_precision, Some(GeoPrecision::Settlement));
        assert_eq!(chp.killed, Some(1));
        assert_eq!(chp.sources, ["Suspilne", "Ukrainska Pravda"]);
        assert_eq!(chp.oblast, "Kharkiv");
        let week = by_id("acled-UKR1002");
        assert_eq!(week.target, Target::Substation);
        assert_eq!(week.time_precision, Some(TimePrecision::Week));
        assert_eq!(week.geo_precision, Some(GeoPrecision::District));
        let month = by_id("acled-UKR1003");
        assert_eq!(month.target, Target::Other);
        assert_eq!(
            month.time,
            Time::Date(NaiveDate::from_ymd_opt(2026, 1, 1).unwrap())
        );
        assert_eq!(month.time_precision, Some(TimePrecision::Month));
        assert_eq!(month.geo_precision, Some(GeoPrecision::Oblast));
        assert_eq!(month.killed, None);
        assert!(month.notes.as_deref().is_some_and(|n| {
            n.ends_with("event_date 2026-01-20 (time_precision 3), geo_precision 3.")
        }));
        assert_eq!(out.skipped[NOT_ENERGY], [5]);
        assert_eq!(out.skipped["time_precision \"4\" is not 1, 2 or 3"], [6]);
    }

    #[test]
    fn all_keeps_every_row_as_other() {
        let out = run(ROWS, true);
        assert_eq!(out.strikes.len(), 4);
        let protest = out
            .strikes
            .iter()
            .find(|s| s.id == "acled-UKR1004")
            .expect("kept with --all");
        assert_eq!(protest.target, Target::Other);
    }

    #[test]
    fn bad_values_are_skipped_with_reasons() {
        let out = run(
            concat!(
                "UKR2001,someday,2026,1,,,,,,Kyiv,,Kyiv,50.4,30.5,1,S,,A substation was hit.,0\n",
                "UKR2002,2026-01-01,2026,1,,,,,,Kyiv,,Kyiv,95,30.5,1,S,,A substation was hit.,0\n",
                "UKR 2003,2026-01-01,2026,1,,,,,,Kyiv,,Kyiv,50.4,30.5,1,S,,A substation was hit.,0\n",
                "UKR2004,2026-01-01,2026,1,,,,,,Kyiv,,Kyiv,50.4,30.5,1,S,,A substation was hit.,many\n",
                "UKR2005,2026-01-01,2026,1,,,,,,,,Kyiv,50.4,30.5,1,S,,A substation was hit.,0\n",
                "UKR2006,2026-01-01,2026,1,,,,,,Kyiv,,Kyiv,50.4,30.5,1,S,,A substation was hit.,0\n",
                "UKR2006,2026-01-02,2026,1,,,,,,Kyiv,,Kyiv,50.4,30.5,1,S,,A substation was hit.,0\n",
            ),
            false,
        );
        assert_eq!(out.strikes.len(), 1);
        let reasons: Vec<&str> = out.skipped.keys().map(String::as_str).collect();
        assert_eq!(
            reasons,
            [
                "event_date \"someday\" is not a date such as 2026-01-12 or 12 January 2026",
                "event_id_cnty \"UKR 2003\" is not an id (1–58 of A-Z a-z 0-9 . _ -)",
                "event_id_cnty repeats line 7",
                "fatalities \"many\" is not a whole number ≥ 0",
                "latitude \"95\" is not a number from -90 to 90",
                "no admin1",
            ]
        );
    }

    #[test]
    fn a_source_that_carried_a_control_keeps_its_mark() {
        let out = run(
            "UKR3001,2026-01-01,2026,1,,,,,,Kyiv,,Kyiv,50.4,30.5,1,\"https://x.org/\u{7}a; S\",,A substation was hit.,0\n",
            false,
        );
        assert_eq!(out.strikes[0].sources, ["https://x.org/\u{fffd}a", "S"]);
    }

    #[test]
    fn an_air_force_file_is_not_acled() {
        let err = import(
            Format::Acled,
            "attacks.csv",
            b"time_start,time_end,model,notes\n",
            &Options::default(),
        )
        .expect_err("not ACLED");
        assert_eq!(
            err.to_string(),
            "attacks.csv is not an acled export: missing columns event_id_cnty, event_date, time_precision, admin1, location, latitude, longitude, geo_precision, source, fatalities"
        );
    }
}
