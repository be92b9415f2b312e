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

/// The zones a file's records give, in file order, and its strikes with a
/// local time and no zone.
#[derive(Default)]
struct Zones {
    first: Option<chrono_tz::Tz>,
    count: usize,
    mixed: bool,
    /// Indices of strikes with a local time and no `tz`.
    local: Vec<usize>,
}

impl Zones {
    fn with(mut self, tz: Option<chrono_tz::Tz>) -> Zones {
        if let Some(tz) = tz {
            self.count += 1;
            self.mixed |= self.first.is_some_and(|first| first != tz);
            self.first.get_or_insert(tz);
        }
        self
    }

    /// `self` then `later`.
    fn join(mut self, mut later: Zones) -> Zones {
        self.mixed |=
            later.mixed || matches!((self.first, later.first), (Some(a), Some(b)) if a != b);
        self.first = self.first.or(later.first);
        self.count += later.count;
        self.local.append(&mut later.local);
        self
    }

    /// The zone given, when at least two records give one and all the same.
    fn all_the_same(&self) -> Option<chrono_tz::Tz> {
        self.first.filter(|_| self.count >= 2 && !self.mixed)
    }
}

/// A local time (or date) of a record without a `tz`: read in the board's
/// `default_tz`, the only kind of time a note is about.
fn unzoned_local(tz: Option<chrono_tz::Tz>, when: &When) -> bool {
    tz.is_none() && !matches!(when.written, Written::Exact(_))
}

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
        // One walk over the strikes finds both that and the few strikes with
        // a local time and no zone, the only ones a note can be about.
        let mut zones = records
            .events
            .iter()
            .fold(Zones::default(), |z, e| z.with(e.tz));
        let scan = records
            .strikes
            .par_iter()
            .enumerate()
            .with_min_len(4096)
            .fold(Zones::default, |z, (i, s)| {
                let local = unzoned_local(s.tz, &s.time);
                let mut z = z.with(s.tz);
                if local {
                    z.local.push(i);
                }
                z
            })
            .reduce(Zones::default, Zones::join);
        zones = zones.join(scan);
        let neighbours = zones.all_the_same();
        let check = |kind: &str,
                     id: &str,
                     key: &str,
                     when: &When,
                     tz: Option<chrono_tz::Tz>,
                     location: Option<&str>,
                     parties: &[crate::model::Located]|
         -> Option<String> {
            if !unzoned_local(tz, when) {
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
        let strikes = zones.local.iter().filter_map(|&i| {
            let s = &records.strikes[i];
            check(
                "strike",
                &s.id,
                "time",
                &s.time,
                s.tz,
                s.location.as_deref(),
                &[],
            )
        });
        out.extend(strikes);
    }
    out
}
