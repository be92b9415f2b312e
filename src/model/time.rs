//! Times as written in the data files, and the instants they mean.
//!
//! A time field is one of three forms (docs/data-format.md#times): an exact instant with offset, a
//! local wall-clock time, or a date alone ("time TBA"). Local forms are read in the
//! record's `tz`, else the board's `default_tz`, else UTC; since `default_tz` may be
//! in another file, a [`When`] keeps what was written and can be resolved again when
//! the board changes, without re-reading its file.

use chrono::{
    DateTime, Duration, FixedOffset, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, Offset,
    TimeZone, Utc,
};
use chrono_tz::Tz;

use super::{SourcePos, word_enum};

word_enum! {
    /// How precisely a record's time is known (docs/data-format.md#precision), as
    /// ACLED's `time_precision` and UCDP's `date_prec` record it. The time written
    /// is the start of the period: `week` is the week starting on that day,
    /// `month` the calendar month of that day.
    TimePrecision {
        Exact = "exact", Hour = "hour", Day = "day", Week = "week", Month = "month",
    }
}

impl TimePrecision {
    /// True for anything coarser than the exact time.
    pub fn is_approximate(self) -> bool {
        self != TimePrecision::Exact
    }

    /// [`Self::label`] for a record's time: `shown` is the time in the zone
    /// shown; a date alone keeps the day it was written for, in any zone.
    pub fn label_of(self, when: &When, shown: NaiveDateTime) -> Option<String> {
        match when.written {
            Written::Date(day) => self.label(day.and_time(NaiveTime::MIN)),
            _ => self.label(shown),
        }
    }

    /// How a time of this precision reads: `~03:00`, `week of 12 Jan`,
    /// `Jan 2026`; `None` for an exact time and for a day (the caller shows the
    /// day as it shows any date alone). `local` is the time in the zone shown.
    pub fn label(self, local: NaiveDateTime) -> Option<String> {
        match self {
            TimePrecision::Exact | TimePrecision::Day => None,
            TimePrecision::Hour => Some(local.format("~%H:%M").to_string()),
            TimePrecision::Week => Some(local.format("week of %-d %b").to_string()),
            TimePrecision::Month => Some(local.format("%b %Y").to_string()),
        }
    }
}

/// A time exactly as the data file wrote it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Written {
    /// `2026-01-22T18:00:00+03:00`: an exact instant.
    Exact(DateTime<FixedOffset>),
    /// `2026-01-22T18:00:00`: wall-clock time in some zone.
    Local(NaiveDateTime),
    /// `2026-01-22`: the day is known, the time is not.
    Date(NaiveDate),
}

/// A time field: what was written, the zone it was read in and the instant it means.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct When {
    pub written: Written,
    /// The record's own `tz`, when it has one.
    pub record_tz: Option<Tz>,
    /// The zone a local form was read in (the record's, or the board default).
    pub zone: Tz,
    /// The instant it means (for a date: 00:00 of that day in `zone`).
    pub at: DateTime<Utc>,
    /// The local time did not exist (clocks went forward) and was read with the
    /// offset in force before the gap.
    pub in_gap: bool,
    pub pos: SourcePos,
}

impl When {
    /// Reads `written` in `record_tz` or, for local forms without one, `default_tz`.
    pub fn new(written: Written, record_tz: Option<Tz>, default_tz: Tz, pos: SourcePos) -> When {
        let zone = record_tz.unwrap_or(default_tz);
        let (at, in_gap) = match written {
            Written::Exact(dt) => (dt.with_timezone(&Utc), false),
            Written::Local(naive) => local_to_utc(zone, naive),
            Written::Date(day) => local_to_utc(zone, day.and_time(NaiveTime::MIN)),
        };
        When {
            written,
            record_tz,
            zone,
            at,
            in_gap,
            pos,
        }
    }

    /// True when the meaning depends on the board's `default_tz`.
    pub fn floats(&self) -> bool {
        self.record_tz.is_none() && !matches!(self.written, Written::Exact(_))
    }

    /// Reads the same written time again under another board default zone.
    #[must_use]
    pub fn with_default_tz(&self, default_tz: Tz) -> When {
        When::new(self.written, self.record_tz, default_tz, self.pos)
    }

    /// Only the day is known ("time TBA").
    pub fn date_only(&self) -> bool {
        matches!(self.written, Written::Date(_))
    }

    /// The precision a record's time has: the one it declares, made no finer than
    /// what was written (a date alone is at best a day).
    pub fn precision(&self, declared: Option<TimePrecision>) -> TimePrecision {
        let declared = declared.unwrap_or(TimePrecision::Exact);
        if self.date_only() {
            declared.max(TimePrecision::Day)
        } else {
            declared
        }
    }

    /// The time in the zone it was written for (an exact time keeps its own offset).
    pub fn own_local(&self) -> DateTime<FixedOffset> {
        match self.written {
            Written::Exact(dt) => dt,
            _ => self.at.with_timezone(&self.zone).fixed_offset(),
        }
    }
}

/// Wall-clock time in `zone` to an instant: the earlier instant when it occurs twice,
/// and the offset in force before the gap when it does not occur (flagged `true`).
pub fn local_to_utc(zone: Tz, naive: NaiveDateTime) -> (DateTime<Utc>, bool) {
    match zone.from_local_datetime(&naive) {
        LocalResult::Single(dt) => (dt.with_timezone(&Utc), false),
        LocalResult::Ambiguous(earlier, later) => (earlier.min(later).with_timezone(&Utc), false),
        LocalResult::None => {
            // The offset in force before the gap is the one a few hours earlier
            // (no zone has a gap longer than a day's fraction).
            let before = naive - Duration::hours(6);
            let offset = match zone.offset_from_local_datetime(&before) {
                LocalResult::Single(o) | LocalResult::Ambiguous(o, _) => o.fix(),
                LocalResult::None => zone.offset_from_utc_datetime(&naive).fix(),
            };
            let utc = naive - Duration::seconds(i64::from(offset.local_minus_utc()));
            (Utc.from_utc_datetime(&utc), true)
        }
    }
}

/// Reads an IANA zone name; `Europe/Kiev` is taken as `Europe/Kyiv`.
pub fn parse_zone(name: &str) -> Option<Tz> {
    if name == "Europe/Kiev" {
        return Some(chrono_tz::Europe::Kyiv);
    }
    name.parse::<Tz>().ok()
}

/// Reads a duration like `90m`, `6h`, `2d`, `1w` or `1h30m` (units `s m h d w`).
pub fn parse_duration(text: &str) -> Option<Duration> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    let mut total = Duration::zero();
    let mut digits = String::new();
    for ch in text.chars() {
        if ch.is_ascii_digit() {
            digits.push(ch);
            continue;
        }
        if ch == ' ' && digits.is_empty() {
            continue;
        }
        let amount: i64 = digits.parse().ok()?;
        digits.clear();
        let part = match ch {
            's' => Duration::try_seconds(amount)?,
            'm' => Duration::try_minutes(amount)?,
            'h' => Duration::try_hours(amount)?,
            'd' => Duration::try_days(amount)?,
            'w' => Duration::try_weeks(amount)?,
            _ => return None,
        };
        total = total.checked_add(&part)?;
    }
    if !digits.is_empty() {
        return None;
    }
    Some(total)
}

/// Writes a duration the way people say it: `2h 14m`, `3d 4h`, `45m`, `<1m`.
pub fn human_duration(d: Duration) -> String {
    let minutes = d.num_minutes().abs();
    if minutes < 1 {
        return "<1m".to_string();
    }
    let (days, hours, mins) = (minutes / 1440, (minutes % 1440) / 60, minutes % 60);
    match (days, hours, mins) {
        (0, 0, m) => format!("{m}m"),
        (0, h, 0) => format!("{h}h"),
        (0, h, m) => format!("{h}h {m}m"),
        (d, 0, _) => format!("{d}d"),
        (d, h, _) => format!("{d}d {h}h"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono_tz::Europe::Kyiv;

    fn local(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S").unwrap()
    }

    #[test]
    fn ambiguous_local_time_takes_the_earlier_instant() {
        // Kyiv leaves summer time on 2026-10-25 at 04:00 EEST -> 03:00 EET.
        let (at, gap) = local_to_utc(Kyiv, local("2026-10-25T03:30:00"));
        assert!(!gap);
        assert_eq!(at.to_rfc3339(), "2026-10-25T00:30:00+00:00"); // +03:00, not +02:00
    }

    #[test]
    fn missing_local_time_uses_the_offset_before_the_gap() {
        // Kyiv springs forward on 2026-03-29 at 03:00 EET -> 04:00 EEST.
        let (at, gap) = local_to_utc(Kyiv, local("2026-03-29T03:30:00"));
        assert!(gap);
        assert_eq!(at.to_rfc3339(), "2026-03-29T01:30:00+00:00"); // read at +02:00
    }

    #[test]
    fn date_only_counts_as_midnight_in_its_zone() {
        let day = NaiveDate::from_ymd_opt(2026, 1, 22).unwrap();
        let when = When::new(
            Written::Date(day),
            Some(Kyiv),
            Tz::UTC,
            SourcePos::default(),
        );
        assert_eq!(when.at.to_rfc3339(), "2026-01-21T22:00:00+00:00");
        assert!(when.date_only());
        assert!(!when.floats());
    }

    #[test]
    fn floating_times_follow_the_board_default() {
        let w = Written::Local(local("2026-01-22T18:00:00"));
        let when = When::new(w, None, Tz::UTC, SourcePos::default());
        assert!(when.floats());
        assert_eq!(when.at.to_rfc3339(), "2026-01-22T18:00:00+00:00");
        let moved = when.with_default_tz(chrono_tz::Europe::Moscow);
        assert_eq!(moved.at.to_rfc3339(), "2026-01-22T15:00:00+00:00");
    }

    #[test]
    fn precision_labels_and_what_a_date_alone_means() {
        let t = local("2026-01-12T03:00:00");
        assert_eq!(TimePrecision::Hour.label(t).as_deref(), Some("~03:00"));
        assert_eq!(
            TimePrecision::Week.label(t).as_deref(),
            Some("week of 12 Jan")
        );
        assert_eq!(TimePrecision::Month.label(t).as_deref(), Some("Jan 2026"));
        assert_eq!(TimePrecision::Exact.label(t), None);
        let day = NaiveDate::from_ymd_opt(2026, 1, 22).unwrap();
        let date = When::new(Written::Date(day), None, Tz::UTC, SourcePos::default());
        assert_eq!(date.precision(None), TimePrecision::Day);
        assert_eq!(
            date.precision(Some(TimePrecision::Month)),
            TimePrecision::Month
        );
        let exact = When::new(Written::Local(t), None, Tz::UTC, SourcePos::default());
        assert_eq!(exact.precision(None), TimePrecision::Exact);
        assert!(!TimePrecision::Exact.is_approximate());
        assert!(TimePrecision::Week.is_approximate());
    }

    #[test]
    fn kiev_is_read_as_kyiv() {
        assert_eq!(parse_zone("Europe/Kiev"), Some(Kyiv));
        assert_eq!(parse_zone("Europe/Kyiv"), Some(Kyiv));
        assert_eq!(parse_zone("Mars/Olympus"), None);
    }

    #[test]
    fn durations() {
        assert_eq!(parse_duration("90m"), Some(Duration::minutes(90)));
        assert_eq!(parse_duration("6h"), Some(Duration::hours(6)));
        assert_eq!(parse_duration("2d"), Some(Duration::days(2)));
        assert_eq!(parse_duration("1h30m"), Some(Duration::minutes(90)));
        assert_eq!(parse_duration("6"), None);
        assert_eq!(parse_duration("6x"), None);
        assert_eq!(parse_duration(""), None);
        assert_eq!(human_duration(Duration::minutes(134)), "2h 14m");
        assert_eq!(human_duration(Duration::minutes(30)), "30m");
        assert_eq!(human_duration(Duration::hours(76)), "3d 4h");
    }
}
