//! Notes of `check` (docs/command-line.md#check): a local time read in the board's
//! `default_tz` although the record's `location` names a place in another zone.
//!
//! A Washington call typed without `tz` on a board whose `default_tz` is Kyiv
//! lands seven hours off, silently; the note says which zone was used and which
//! the place suggests. A note is neither a warning nor an error: nothing is
//! wrong for certain, and the exit status does not change.

use chrono::Offset;
use chrono::TimeZone;

use crate::load::Store;
use crate::load::discover::Source;
use crate::load::suggest::zone_of_place;
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
        let mut check = |kind: &str,
                         id: &str,
                         key: &str,
                         when: &When,
                         tz: Option<chrono_tz::Tz>,
                         location: Option<&String>| {
            if tz.is_some() || matches!(when.written, Written::Exact(_)) {
                return;
            }
            let Some((place, zone)) = location.and_then(|l| {
                l.split([',', ';', '(', ')'])
                    .find_map(|part| zone_of_place(part).map(|z| (part.trim().to_string(), z)))
            }) else {
                return;
            };
            let Ok(suggested) = zone.parse::<chrono_tz::Tz>() else {
                return;
            };
            let offset =
                |tz: chrono_tz::Tz| tz.offset_from_utc_datetime(&when.at.naive_utc()).fix();
            if offset(suggested) == offset(default_tz) {
                return;
            }
            out.push(format!(
                "{display}:{}:{}: note: {kind} \"{id}\": {key} has no zone and was read in {} (the board's default_tz); its location \"{place}\" suggests {zone}: add tz = \"{zone}\" if that is where it is",
                when.pos.line,
                when.pos.col,
                default_tz.name(),
            ));
        };
        for e in &records.events {
            check("event", &e.id, "start", &e.start, e.tz, e.location.as_ref());
        }
        for s in &records.strikes {
            check("strike", &s.id, "time", &s.time, s.tz, s.location.as_ref());
        }
    }
    out
}
