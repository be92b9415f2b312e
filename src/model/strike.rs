//! `[[strike]]`: one report of a strike on energy infrastructure.

use chrono_tz::Tz;
use compact_str::CompactString;

use super::{SourcePos, Text, Texts, TimePrecision, When, word_enum};

word_enum! {
    /// What kind of facility was hit.
    Target {
        Thermal = "thermal", Chp = "chp", Hydro = "hydro", Nuclear = "nuclear",
        Renewable = "renewable", Substation = "substation", Transmission = "transmission",
        Distribution = "distribution", Gas = "gas", Oil = "oil", Heating = "heating",
        Other = "other",
    }
}

word_enum! {
    /// How badly the facility was damaged.
    Damage {
        None = "none", Minor = "minor", Moderate = "moderate", Severe = "severe",
        Destroyed = "destroyed", Unknown = "unknown",
    }
}

word_enum! {
    /// How well the report is established.
    Confidence { Claimed = "claimed", Reported = "reported", Confirmed = "confirmed" }
}

/// Weapons used, when reported (`weapons = { missiles = 3, drones = 40 }`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Weapons {
    pub missiles: Option<u32>,
    pub drones: Option<u32>,
    pub glide_bombs: Option<u32>,
    pub other: Option<u32>,
    pub intercepted: Option<u32>,
}

impl Weapons {
    /// The counts given, each with its long and short name, in the data
    /// format's order: `("missiles", "mis", 3)`.
    pub fn reported(&self) -> Vec<(&'static str, &'static str, u32)> {
        [
            ("missiles", "mis", self.missiles),
            ("drones", "dr", self.drones),
            ("glide bombs", "gb", self.glide_bombs),
            ("other", "oth", self.other),
            ("intercepted", "int", self.intercepted),
        ]
        .into_iter()
        .filter_map(|(long, short, n)| n.map(|n| (long, short, n)))
        .collect()
    }

    /// More intercepted than launched: the intercepted count and the sum of
    /// missiles, drones, glide bombs and other weapons. Absent counts count
    /// as 0: `{ intercepted = 1 }` alone reports more shot down than
    /// launched, just as `{ missiles = 0, intercepted = 1 }` does.
    pub fn more_intercepted_than_launched(&self) -> Option<(u32, u64)> {
        let intercepted = self.intercepted?;
        let launched: u64 = [self.missiles, self.drones, self.glide_bombs, self.other]
            .iter()
            .flatten()
            .map(|&n| u64::from(n))
            .sum();
        (u64::from(intercepted) > launched).then_some((intercepted, launched))
    }
}

word_enum! {
    /// How precisely the place is known (docs/data-format.md#precision), as
    /// ACLED's `geo_precision` (1 exact, 2 nearby, 3 region) and UCDP's
    /// `where_prec` record it: `lat`/`lon` then stand for the settlement, the
    /// district or the oblast, not the site.
    GeoPrecision {
        Exact = "exact", Settlement = "settlement", District = "district", Oblast = "oblast",
    }
}

/// A count as reported: exact (`killed = 3`), or a range with an optional best
/// estimate (`killed = { low = 2, best = 3, high = 5 }`), as UCDP records deaths.
/// An exact count is a range of one value whose best is that value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Estimate {
    pub low: u32,
    pub best: Option<u32>,
    pub high: u32,
}

impl Estimate {
    /// An exact count.
    pub fn exact(n: u32) -> Estimate {
        Estimate {
            low: n,
            best: Some(n),
            high: n,
        }
    }

    /// One number is known.
    pub fn is_exact(&self) -> bool {
        self.low == self.high
    }

    /// The best estimate; a range without one counts its low end (the figure
    /// every source supports), so totals of best estimates never claim more
    /// than the reports do.
    pub fn best_or_low(&self) -> u32 {
        self.best.unwrap_or(self.low)
    }

    /// `3 killed`, `2–5 killed (best 3)`, `2–5 killed`; `dash` is `–` or `-`.
    pub fn describe(&self, what: &str, dash: &str) -> String {
        if self.is_exact() {
            return format!("{} {what}", self.low);
        }
        match self.best {
            Some(best) => format!("{}{dash}{} {what} (best {best})", self.low, self.high),
            None => format!("{}{dash}{} {what}", self.low, self.high),
        }
    }
}

/// `3`, or `2-5` for a range (compact: columns, diffs).
impl std::fmt::Display for Estimate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.is_exact() {
            write!(f, "{}", self.low)
        } else {
            write!(f, "{}-{}", self.low, self.high)
        }
    }
}

/// Sums of [`Estimate`]s: the lows, the best estimates (or lows) and the highs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct EstimateSum {
    pub low: u64,
    pub best: u64,
    pub high: u64,
}

impl EstimateSum {
    /// `3 killed`, `2–5 killed (best 3)`: as [`Estimate::describe`] writes one.
    pub fn describe(&self, what: &str, dash: &str) -> String {
        if self.low == self.high {
            format!("{} {what}", self.low)
        } else {
            format!(
                "{}{dash}{} {what} (best {})",
                self.low, self.high, self.best
            )
        }
    }

    pub fn add(&mut self, e: Estimate) {
        self.low += u64::from(e.low);
        self.best += u64::from(e.best_or_low());
        self.high += u64::from(e.high);
    }
}

/// Casualties, when reported.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Casualties {
    pub killed: Option<Estimate>,
    pub injured: Option<Estimate>,
}

/// A strike on a power plant, substation, line or other energy facility.
#[derive(Clone, Debug, PartialEq)]
pub struct Strike {
    /// Inline up to 24 bytes (ids are short): no allocation per strike.
    pub id: CompactString,
    pub time: When,
    pub oblast: Text,
    pub target: Target,
    pub location: Option<Text>,
    pub facility: Option<Text>,
    pub operator: Option<Text>,
    /// WGS 84 degrees (latitude, longitude), when both are given.
    pub coords: Option<(f64, f64)>,
    /// How precise the place is, when given (exact when absent).
    pub geo_precision: Option<GeoPrecision>,
    /// How precise `time` is: as declared, and at least `day` for a date alone.
    pub time_precision: TimePrecision,
    pub tz: Option<Tz>,
    pub damage: Damage,
    /// At most `fields::MAX_OUTAGE_CUSTOMERS` (10^9): a `u32`, so the record
    /// is 8 bytes smaller.
    pub outage_customers: Option<u32>,
    /// Boxed: most reports have none, and a `When` is 48 bytes.
    pub restored: Option<Box<When>>,
    pub weapons: Option<Weapons>,
    /// Boxed: most reports have none, and two ranges are 32 bytes.
    pub casualties: Option<Box<Casualties>>,
    pub confidence: Confidence,
    pub sources: Texts,
    pub notes: Option<Text>,
    pub pos: SourcePos,
}

impl Strike {
    /// The place is a point on the map: coordinates given and not marked as
    /// standing for a settlement, district or oblast (the map draws anything
    /// else as a hollow marker).
    pub fn is_exact_place(&self) -> bool {
        self.coords.is_some() && self.geo_precision.is_none_or(|p| p == GeoPrecision::Exact)
    }

    /// The time is only approximately known (an hour, day, week or month).
    pub fn is_approximate_time(&self) -> bool {
        self.time_precision.is_approximate()
    }

    /// Customers still without power at `now` because of this strike (0 when none,
    /// when the strike is after `now`, or when power was restored by `now`).
    pub fn customers_out_at(&self, now: chrono::DateTime<chrono::Utc>) -> u64 {
        let customers = u64::from(self.outage_customers.unwrap_or(0));
        if customers == 0 || self.time.at > now {
            return 0;
        }
        match self.restored_by() {
            Some(restored) if restored <= now => 0,
            _ => customers,
        }
    }

    /// The instant power is known to be back (docs/data-format.md#strikes): a
    /// date alone (`restored = 2026-01-20`) says "back that day", so it counts
    /// from the end of that day; otherwise a strike at 04:30 restored "on the
    /// 20th" would read as restored at 00:00, before it happened.
    pub fn restored_by(&self) -> Option<chrono::DateTime<chrono::Utc>> {
        let restored = self.restored.as_ref()?;
        match restored.written {
            crate::model::Written::Date(day) => {
                // The next midnight in the zone the date was read in (23 or 25
                // hours away on a day the clocks change).
                let next = day.succ_opt()?.and_time(chrono::NaiveTime::MIN);
                Some(crate::model::time::local_to_utc(restored.zone, next).0)
            }
            _ => Some(restored.at),
        }
    }
}

#[cfg(test)]
mod tests {
    use chrono::{NaiveDate, TimeZone, Utc};
    use chrono_tz::Tz;

    use crate::model::{SourcePos, When, Written};

    fn when(written: Written, at: chrono::DateTime<Utc>) -> When {
        When {
            written,
            record_tz: None,
            zone: Tz::Europe__Kyiv,
            at,
            in_gap: false,
            pos: SourcePos::default(),
        }
    }

    #[test]
    fn a_date_alone_restores_power_at_the_end_of_that_day() {
        let kyiv = Tz::Europe__Kyiv;
        let struck = Utc.with_ymd_and_hms(2026, 1, 20, 4, 30, 0).unwrap();
        let day = NaiveDate::from_ymd_opt(2026, 1, 20).unwrap();
        let midnight = kyiv
            .from_local_datetime(&day.and_hms_opt(0, 0, 0).unwrap())
            .unwrap();
        let strike = super::Strike {
            id: "S-1".into(),
            time: when(Written::Exact(struck.fixed_offset()), struck),
            oblast: "Kyiv".into(),
            target: super::Target::Substation,
            location: None,
            facility: None,
            operator: None,
            coords: None,
            geo_precision: None,
            time_precision: crate::model::TimePrecision::Exact,
            tz: None,
            damage: super::Damage::Unknown,
            outage_customers: Some(500),
            restored: Some(Box::new(when(
                Written::Date(day),
                midnight.with_timezone(&Utc),
            ))),
            weapons: None,
            casualties: None,
            confidence: super::Confidence::Reported,
            sources: crate::model::Texts::None,
            notes: None,
            pos: SourcePos::default(),
        };
        // Later that day: still counted as out; the next day (Kyiv time): back.
        assert_eq!(
            strike.customers_out_at(struck + chrono::Duration::hours(5)),
            500
        );
        let next_midnight = Utc.with_ymd_and_hms(2026, 1, 20, 22, 0, 0).unwrap();
        assert_eq!(
            strike.customers_out_at(next_midnight - chrono::Duration::seconds(1)),
            500
        );
        assert_eq!(strike.customers_out_at(next_midnight), 0);
    }

    #[test]
    fn estimates_read_as_analysts_write_them() {
        use super::{Estimate, EstimateSum};
        assert_eq!(Estimate::exact(3).describe("killed", "–"), "3 killed");
        let range = Estimate {
            low: 2,
            best: Some(3),
            high: 5,
        };
        assert_eq!(range.describe("killed", "–"), "2–5 killed (best 3)");
        let open = Estimate {
            low: 2,
            best: None,
            high: 5,
        };
        assert_eq!(open.describe("injured", "-"), "2-5 injured");
        let mut sum = EstimateSum::default();
        sum.add(range);
        sum.add(open);
        sum.add(Estimate::exact(1));
        assert_eq!(
            sum,
            EstimateSum {
                low: 5,
                best: 6,
                high: 11
            }
        );
    }
}
