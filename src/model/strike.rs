//! `[[strike]]`: one report of a strike on energy infrastructure.

use chrono_tz::Tz;

use super::{SourcePos, When, word_enum};

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
    pub oblast: String,
    pub target: Target,
    pub location: Option<String>,
    pub facility: Option<String>,
    pub operator: Option<String>,
    /// WGS 84 degrees (latitude, longitude), when both are given.
    pub coords: Option<(f64, f64)>,
    pub tz: Option<Tz>,
    pub damage: Damage,
    pub outage_customers: Option<u64>,
    pub restored: Option<When>,
    pub weapons: Option<Weapons>,
    pub casualties: Option<Casualties>,
    pub confidence: Confidence,
    pub sources: Vec<String>,
    pub notes: Option<String>,
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
        match &self.restored {
            Some(restored) if restored.at <= now => 0,
            _ => customers,
        }
    }
}
