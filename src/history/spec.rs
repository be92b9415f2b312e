//! `WHEN` of `--since WHEN` and `--at WHEN` (docs/command-line.md#history): a
//! span back from now, an RFC 3339 instant, a date, or else a git revision.

use chrono::{DateTime, Duration, NaiveDate, Utc};

use crate::model::Zone;
use crate::model::time::parse_duration;

/// What `WHEN` names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Spec {
    /// `12h`, `7d`, `1h30m`: that long before now.
    Span(Duration),
    /// `2026-01-21T08:00:00+02:00`.
    Instant(DateTime<Utc>),
    /// `2026-01-21`: the start of that day in the display zone.
    Date(NaiveDate),
    /// Anything else: `HEAD~3`, a hash, a tag, a branch.
    Revision(String),
}

impl Spec {
    pub fn parse(text: &str) -> Spec {
        let text = text.trim();
        let spans = text.starts_with(|c: char| c.is_ascii_digit())
            && text.ends_with(|c: char| "smhdw".contains(c));
        if let Some(span) = parse_duration(text).filter(|_| spans) {
            return Spec::Span(span);
        }
        if let Ok(at) = DateTime::parse_from_rfc3339(text) {
            return Spec::Instant(at.with_timezone(&Utc));
        }
        if let Ok(day) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
            return Spec::Date(day);
        }
        Spec::Revision(text.to_string())
    }

    /// The instant meant, for every form but a revision.
    pub fn instant(&self, now: DateTime<Utc>, zone: Zone) -> Option<DateTime<Utc>> {
        match self {
            Spec::Span(span) => Some(now - *span),
            Spec::Instant(at) => Some(*at),
            Spec::Date(day) => Some(zone.start_of_day(*day)),
            Spec::Revision(_) => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn the_four_forms() {
        assert_eq!(Spec::parse("12h"), Spec::Span(Duration::hours(12)));
        assert_eq!(Spec::parse("7d"), Spec::Span(Duration::days(7)));
        assert_eq!(
            Spec::parse("2026-01-21T08:00:00+02:00"),
            Spec::Instant(Utc.with_ymd_and_hms(2026, 1, 21, 6, 0, 0).unwrap())
        );
        assert_eq!(
            Spec::parse("2026-01-21"),
            Spec::Date(NaiveDate::from_ymd_opt(2026, 1, 21).unwrap())
        );
        for rev in ["HEAD~3", "v1.0", "1a2b3c4", "main", "HEAD"] {
            assert_eq!(Spec::parse(rev), Spec::Revision(rev.to_string()));
        }
    }

    #[test]
    fn a_date_starts_at_midnight_in_the_display_zone() {
        let kyiv = Zone::of(chrono_tz::Europe::Kyiv);
        let now = Utc.with_ymd_and_hms(2026, 1, 22, 0, 0, 0).unwrap();
        assert_eq!(
            Spec::parse("2026-01-21").instant(now, kyiv),
            Some(Utc.with_ymd_and_hms(2026, 1, 20, 22, 0, 0).unwrap())
        );
        assert_eq!(
            Spec::parse("12h").instant(now, kyiv),
            Some(Utc.with_ymd_and_hms(2026, 1, 21, 12, 0, 0).unwrap())
        );
        assert_eq!(Spec::parse("HEAD").instant(now, kyiv), None);
    }
}
