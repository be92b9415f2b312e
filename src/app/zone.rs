//! The display zone: the zone every time on the board is shown in.
//!
//! `t` cycles through local time and the board's clocks. "Local" is resolved once,
//! when the board starts (from `$TZ`, else the system's zone), so drawing never
//! reads zone files.

use chrono::{DateTime, FixedOffset, Local, NaiveDateTime, Offset, TimeZone, Utc};
use chrono_tz::{OffsetName, Tz};

use crate::model::time::parse_zone;

/// The display zone as asked for on the command line or in the config.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DisplayTz {
    /// The machine's local time.
    Local,
    Zone(Tz),
}

impl DisplayTz {
    /// Reads `local` or an IANA zone name.
    pub fn parse(text: &str) -> Option<DisplayTz> {
        if text.eq_ignore_ascii_case("local") {
            Some(DisplayTz::Local)
        } else {
            parse_zone(text).map(DisplayTz::Zone)
        }
    }

    /// The wall-clock time at `at` and the zone's short name there (`EET`, `UTC`;
    /// the local zone has no name to hand, so its offset: `UTC+02:00`).
    pub fn wall(&self, at: DateTime<Utc>) -> (NaiveDateTime, String) {
        match self {
            DisplayTz::Zone(tz) => {
                let local = at.with_timezone(tz);
                (local.naive_local(), local.format("%Z").to_string())
            }
            DisplayTz::Local => {
                let local = at.with_timezone(&Local);
                (local.naive_local(), format!("UTC{}", local.format("%:z")))
            }
        }
    }

    /// The zone as the user would name it: `Europe/Kyiv`, `UTC`, `local time`.
    pub fn name(&self) -> String {
        match self {
            DisplayTz::Zone(tz) => tz.name().to_string(),
            DisplayTz::Local => "local time".to_string(),
        }
    }
}

/// A zone times can be shown in, resolved.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Zone {
    /// `None`: local time whose IANA name could not be found (chrono's `Local`).
    tz: Option<Tz>,
    /// This is the machine's local time.
    pub local: bool,
}

impl Zone {
    pub fn of(tz: Tz) -> Zone {
        Zone {
            tz: Some(tz),
            local: false,
        }
    }

    /// The machine's zone, from `$TZ` or the system setting.
    pub fn local() -> Zone {
        let from_env = std::env::var("TZ")
            .ok()
            .and_then(|v| parse_zone(v.trim_start_matches(':')));
        let tz = from_env.or_else(|| {
            iana_time_zone::get_timezone()
                .ok()
                .and_then(|n| parse_zone(&n))
        });
        Zone { tz, local: true }
    }

    /// The IANA zone, when known.
    pub fn tz(&self) -> Option<Tz> {
        self.tz
    }

    /// An instant as wall-clock time in this zone.
    pub fn at(&self, at: DateTime<Utc>) -> DateTime<FixedOffset> {
        match self.tz {
            Some(tz) => at.with_timezone(&tz).fixed_offset(),
            None => at.with_timezone(&chrono::Local).fixed_offset(),
        }
    }

    /// The zone's short name at an instant: `UTC`, `EET`, `MSK`, or the offset.
    pub fn short_name(&self, at: DateTime<Utc>) -> String {
        match self.tz {
            Some(tz) => short_name(tz, at),
            None => {
                let offset = chrono::Local
                    .offset_from_utc_datetime(&at.naive_utc())
                    .fix();
                format!("UTC{offset}")
            }
        }
    }

    /// A label for titles: `UTC`, `Europe/Kyiv`, `local (EET)`.
    pub fn label(&self, at: DateTime<Utc>) -> String {
        match (self.local, self.tz) {
            (true, _) => format!("local {}", self.short_name(at)),
            (false, Some(tz)) => tz.name().to_string(),
            (false, None) => self.short_name(at),
        }
    }
}

/// A zone's abbreviation at an instant (`EET`, `MSK`); numeric ones become `UTC+3`.
pub fn short_name(tz: Tz, at: DateTime<Utc>) -> String {
    let offset = tz.offset_from_utc_datetime(&at.naive_utc());
    match offset.abbreviation() {
        Some(abbr) if abbr.chars().all(|c| c.is_ascii_alphabetic()) => abbr.to_string(),
        _ => {
            let secs = offset.fix().local_minus_utc();
            let (sign, secs) = if secs < 0 { ('-', -secs) } else { ('+', secs) };
            let (h, m) = (secs / 3600, (secs % 3600) / 60);
            if m == 0 {
                format!("UTC{sign}{h}")
            } else {
                format!("UTC{sign}{h}:{m:02}")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_names() {
        let at = DateTime::parse_from_rfc3339("2026-01-21T12:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(short_name(Tz::UTC, at), "UTC");
        assert_eq!(short_name(chrono_tz::Europe::Kyiv, at), "EET");
        assert_eq!(short_name(chrono_tz::Europe::Moscow, at), "MSK");
        assert_eq!(short_name(chrono_tz::Asia::Dubai, at), "UTC+4");
    }
}
