//! `[[strike]]`: one report of a strike on energy infrastructure.

use chrono_tz::Tz;

use super::{SourcePos, Text, When, word_enum};

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
}

/// Casualties, when reported.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Casualties {
    pub killed: Option<u32>,
    pub injured: Option<u32>,
}

/// A strike on a power plant, substation, line or other energy facility.
#[derive(Clone, Debug, PartialEq)]
pub struct Strike {
    pub id: String,
    pub time: When,
    pub oblast: Text,
    pub target: Target,
    pub location: Option<Text>,
    pub facility: Option<Text>,
    pub operator: Option<Text>,
    /// WGS 84 degrees (latitude, longitude), when both are given.
    pub coords: Option<(f64, f64)>,
    pub tz: Option<Tz>,
    pub damage: Damage,
    pub outage_customers: Option<u64>,
    /// Boxed: most reports have none, and a `When` is 48 bytes.
    pub restored: Option<Box<When>>,
    pub weapons: Option<Weapons>,
    pub casualties: Option<Casualties>,
    pub confidence: Confidence,
    pub sources: Vec<Text>,
    pub notes: Option<Text>,
    pub pos: SourcePos,
}

impl Strike {
    /// Customers still without power at `now` because of this strike (0 when none,
    /// when the strike is after `now`, or when power was restored by `now`).
    pub fn customers_out_at(&self, now: chrono::DateTime<chrono::Utc>) -> u64 {
        let customers = self.outage_customers.unwrap_or(0);
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
            sources: vec![],
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
}
