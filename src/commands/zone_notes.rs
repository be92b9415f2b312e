//! Notes of `check` (docs/command-line.md#check): a local time read in the board's
//! `default_tz` although the record's `location` names a place in another zone,
//! its `parties` all point to one (`["US"]`: the capital's zone), or every other
//! record of its file that gives a `tz` gives the same other one.
//!
//! A Washington call typed without `tz` on a board whose `default_tz` is Kyiv
//! lands seven hours off, silently; the note says which zone was used and which
//! the place suggests. A note is neither a warning nor an error: nothing is
//! wrong for certain, and the exit status does not change.

use chrono::Offset;
use chrono::TimeZone;
use rayon::prelude::*;

use crate::load::Store;
use crate::load::discover::Source;
use crate::load::suggest::{zone_of_parties, zone_of_place};
use crate::model::{Board, When, Written};

/// `FILE:LINE:COL: note: ...` lines, in path order then file order.
pub fn notes(store: &Store, board: &Board) -> Vec<String> {
    let default_tz = board.meta.default_tz;
    let mut out = Vec::new();
    for path in store.paths() {
        let Some(records) = store.good(path) else {
            continue;
        };
        let display = Source::new(path.to_path_buf()).display;
        // The zone the file's other records name, when at least two name one and
        // all the same: a record without `tz` among them was likely meant there.
        let given: Vec<chrono_tz::Tz> = records
            .events
            .iter()
            .filter_map(|e| e.tz)
            .chain(
                records
                    .strikes
                    .par_iter()
                    .with_min_len(4096)
                    .filter_map(|s| s.tz)
                    .collect::<Vec<_>>(),
            )
            .collect();
        let neighbours = match given.as_slice() {
            [first, rest @ ..] if !rest.is_empty() && rest.iter().all(|tz| tz == first) => {
                Some(*first)
            }
            _ => None,
        };
        let check = |kind: &str,
                     id: &str,
                     key: &str,
                     when: &When,
                     tz: Option<chrono_tz::Tz>,
                     location: Option<&str>,
                     parties: &[crate::model::Located]|
         -> Option<String> {
            if tz.is_some() || matches!(when.written, Written::Exact(_)) {
                return None;
            }
            let by_place = location.and_then(|l| {
                l.split([',', ';', '(', ')']).find_map(|part| {
                    let zone = zone_of_place(part)?.parse::<chrono_tz::Tz>().ok()?;
                    Some((format!("its location \"{}\" suggests", part.trim()), zone))
                })
            });
            let by_parties = || {
                let zone = zone_of_parties(parties.iter().map(|p| p.value.as_str()))?;
                let codes: Vec<&str> = parties.iter().map(|p| p.value.as_str()).collect();
                Some((
                    format!("its parties ({}) suggest", codes.join(", ")),
                    zone.parse::<chrono_tz::Tz>().ok()?,
                ))
            };
            let (why, suggested) = by_place.or_else(by_parties).or_else(|| {
                neighbours.map(|tz| {
                    (
                        "the other records of its file that give a tz all give".to_string(),
                        tz,
                    )
                })
            })?;
            let zone = suggested.name();
            let offset =
                |tz: chrono_tz::Tz| tz.offset_from_utc_datetime(&when.at.naive_utc()).fix();
            if offset(suggested) == offset(default_tz) {
                return None;
            }
            Some(format!(
                "{display}:{}:{}: note: {kind} \"{id}\": {key} has no zone and was read in {} (the board's default_tz); {why} {zone}: add tz = \"{zone}\" if that is where it is",
                when.pos.line,
                when.pos.col,
                default_tz.name(),
            ))
        };
        out.extend(records.events.iter().filter_map(|e| {
            check(
                "event",
                &e.id,
                "start",
                &e.start,
                e.tz,
                e.location.as_deref(),
                &e.parties,
            )
        }));
        // A million strikes are a walk over as many records: on every core.
        let strikes: Vec<String> = records
            .strikes
            .par_iter()
            .with_min_len(4096)
            .filter_map(|s| {
                check(
                    "strike",
                    &s.id,
                    "time",
                    &s.time,
                    s.tz,
                    s.location.as_deref(),
                    &[],
                )
            })
            .collect();
        out.extend(strikes);
    }
    out
}
