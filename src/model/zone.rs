//! Zones times are shown in: the one asked for (`--tz`, the config's `tz`) and
//! the resolved zone every view writes times in.
//!
//! `t` on the board cycles through local time and the board's clocks. "Local" is
//! resolved once, when a command starts (from `$TZ`, else the system's zone), so
//! drawing never reads zone files. Every view names a zone the same way
//! ([`short_name`]): its abbreviation where it has a real one (`EET`, `MSK`),
//! else its offset from UTC (`UTC+4`).

use chrono::{DateTime, FixedOffset, NaiveDate, Offset, TimeZone, Utc};
use chrono_tz::{OffsetName, Tz};

use super::time::parse_zone;
use super::{Event, Written};

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

    /// The zone this choice stands for; `local` is the machine's zone, looked up
    /// once by the caller ([`Zone::local`]).
    pub fn resolve(self, local: Zone) -> Zone {
        match self {
            DisplayTz::Local => local,
            DisplayTz::Zone(tz) => Zone::of(tz),
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

    /// The instant a day begins in this zone (`--since 2026-01-21`).
    pub fn start_of_day(&self, day: NaiveDate) -> DateTime<Utc> {
        let midnight = day.and_time(chrono::NaiveTime::MIN);
        match self.tz {
            Some(tz) => super::time::local_to_utc(tz, midnight).0,
            None => chrono::Local
                .from_local_datetime(&midnight)
                .earliest()
                .map_or_else(|| midnight.and_utc(), |t| t.with_timezone(&Utc)),
        }
    }

    /// The zone's short name at an instant: `UTC`, `EET`, `MSK`, or `UTC+4`.
    pub fn short_name(&self, at: DateTime<Utc>) -> String {
        match self.tz {
            Some(tz) => short_name(tz, at),
            None => offset_name(
                chrono::Local
                    .offset_from_utc_datetime(&at.naive_utc())
                    .fix(),
            ),
        }
    }

    /// A label for titles: `UTC`, `Europe/Kyiv`, `local EET`.
    pub fn label(&self, at: DateTime<Utc>) -> String {
        match (self.local, self.tz) {
            (true, _) => format!("local {}", self.short_name(at)),
            (false, Some(tz)) => tz.name().to_string(),
            (false, None) => self.short_name(at),
        }
    }

    /// The zone as a user would name it: `Europe/Kyiv`, `UTC`, `local time`.
    pub fn name(&self) -> String {
        match (self.local, self.tz) {
            (false, Some(tz)) => tz.name().to_string(),
            _ => "local time".to_string(),
        }
    }

    /// The day an event is listed under: the day written for a date-only event
    /// (its day is known only in its own zone, so it is that day wherever it is
    /// shown), else the day its start falls on in this zone.
    pub fn event_day(&self, event: &Event) -> NaiveDate {
        match event.start.written {
            Written::Date(day) => day,
            _ => self.at(event.start.at).date_naive(),
        }
    }
}

/// A zone's abbreviation at an instant (`EET`, `MSK`); zones whose data has only
/// a number (`+04`) are named by their offset, `UTC+4`.
pub fn short_name(tz: Tz, at: DateTime<Utc>) -> String {
    let offset = tz.offset_from_utc_datetime(&at.naive_utc());
    match offset.abbreviation() {
        Some(abbr) if abbr.chars().all(|c| c.is_ascii_alphabetic()) => abbr.to_string(),
        _ => offset_name(offset.fix()),
    }
}

/// `UTC+4`, `UTC-3:30`, `UTC+0`.
fn offset_name(offset: FixedOffset) -> String {
    let secs = offset.local_minus_utc();
    let (sign, secs) = if secs < 0 { ('-', -secs) } else { ('+', secs) };
    let (h, m) = (secs / 3600, (secs % 3600) / 60);
    if m == 0 {
        format!("UTC{sign}{h}")
    } else {
        format!("UTC{sign}{h}:{m:02}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn noon() -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-01-21T12:00:00Z")
            .unwrap()
            .with_timezone(&Utc)
    }

    #[test]
    fn short_names() {
        let at = noon();
        assert_eq!(short_name(Tz::UTC, at), "UTC");
        assert_eq!(short_name(chrono_tz::Europe::Kyiv, at), "EET");
        assert_eq!(short_name(chrono_tz::Europe::Moscow, at), "MSK");
        assert_eq!(short_name(chrono_tz::Asia::Dubai, at), "UTC+4");
        assert_eq!(short_name(chrono_tz::Asia::Kolkata, at), "IST");
        assert_eq!(short_name(chrono_tz::America::St_Johns, at), "NST");
        assert_eq!(
            offset_name(FixedOffset::west_opt(3 * 3600 + 1800).unwrap()),
            "UTC-3:30"
        );
    }

    #[test]
    fn every_view_names_a_numeric_zone_alike() {
        // The board's header, the briefs and the exports all read this one name.
        let at = noon();
        let dubai = DisplayTz::parse("Asia/Dubai").map(|d| d.resolve(Zone::local()));
        assert_eq!(dubai.map(|z| z.short_name(at)).as_deref(), Some("UTC+4"));
        assert_eq!(
            dubai
                .map(|z| z.at(at).format("%H:%M").to_string())
                .as_deref(),
            Some("16:00")
        );
    }

    #[test]
    fn local_resolves_to_the_machine_zone() {
        let local = Zone::local();
        assert_eq!(DisplayTz::Local.resolve(local), local);
        assert!(local.local);
        assert_eq!(local.name(), "local time");
        assert_eq!(Zone::of(chrono_tz::Europe::Kyiv).name(), "Europe/Kyiv");
    }
}
