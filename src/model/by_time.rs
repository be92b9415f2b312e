//! Strikes by time: what the strike summary asks of the whole board at every
//! minute (how many in the last 24 hours, who is still without power),
//! answered from the board's newest-first order in a few steps instead of a
//! pass over every strike.
//!
//! The order ([`super::order::strikes_newest_first`]) and the sums here are
//! made where the board is merged (the reload worker); the interface then
//! counts a window by two binary searches and reads the customers still out
//! from running sums, however many strikes the board holds
//! (docs/performance.md#merge-off-the-interface-thread).

use std::sync::Arc;

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Utc};

use super::{Strike, Zone};

/// Strikes summed in one block of the newest-first order: a running sum is
/// kept every `BLOCK` places, and at most `BLOCK - 1` strikes are added to it.
const BLOCK: usize = 64;

/// How many strikes of `newest_first` are later than `t`: they stand first.
pub fn later_than(strikes: &[Arc<Strike>], newest_first: &[u32], t: DateTime<Utc>) -> usize {
    newest_first.partition_point(|&i| strikes[i as usize].time.at > t)
}

/// How many strikes of `newest_first` are at `t` or later.
pub fn at_or_after(strikes: &[Arc<Strike>], newest_first: &[u32], t: DateTime<Utc>) -> usize {
    newest_first.partition_point(|&i| strikes[i as usize].time.at >= t)
}

/// Running sums over a board's newest-first order: the customers of
/// [`Strike::customers_out_at`] summed over every strike at any instant, and
/// the strikes not exact in time in any window.
///
/// A sum over the first `n` strikes of the order is the running sum kept
/// every [`BLOCK`] places plus at most `BLOCK - 1` strikes. The customers out
/// at `now` are those of strikes at or before `now`, less those of strikes
/// whose power was back by `now` as well (the later of the strike and its
/// `restored` is at or before `now`): the restored strikes alone, sorted by
/// that later instant, with their running sum.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TimeSums {
    /// The customers, and the strikes not exact in time, of the first
    /// `b * BLOCK` strikes of the order, for every `b` up to `len / BLOCK`.
    before: Vec<(u64, u32)>,
    /// Every strike with customers and a `restored`: the later of its time
    /// and that instant, and the customers of it and all before it.
    back: Vec<(DateTime<Utc>, u64)>,
}

impl TimeSums {
    /// The sums for `strikes` in their `newest_first` order.
    pub fn of(strikes: &[Arc<Strike>], newest_first: &[u32]) -> TimeSums {
        let mut before = Vec::with_capacity(newest_first.len() / BLOCK + 1);
        let mut sum = (0u64, 0u32);
        for (place, &i) in newest_first.iter().enumerate() {
            if place % BLOCK == 0 {
                before.push(sum);
            }
            let strike = &strikes[i as usize];
            sum.0 += customers(strike);
            sum.1 += u32::from(strike.is_approximate_time());
        }
        if newest_first.len() % BLOCK == 0 {
            before.push(sum);
        }
        let mut back: Vec<(DateTime<Utc>, u64)> = strikes
            .iter()
            .filter_map(|s| {
                let restored = s.restored_by()?;
                let customers = customers(s);
                // The loader refuses a `restored` before `time`; the later of
                // the two keeps the sums right all the same.
                (customers > 0).then(|| (restored.max(s.time.at), customers))
            })
            .collect();
        back.sort_unstable();
        let mut running = 0u64;
        for (_, customers) in &mut back {
            running += *customers;
            *customers = running;
        }
        TimeSums { before, back }
    }

    /// Customers whose outage is not restored by `now`: the sum of
    /// [`Strike::customers_out_at`] over every strike of the order. `later`
    /// is [`later_than`]`(strikes, newest_first, now)`.
    pub fn out_at(
        &self,
        strikes: &[Arc<Strike>],
        newest_first: &[u32],
        later: usize,
        now: DateTime<Utc>,
    ) -> u64 {
        let sum = |n| self.first(strikes, newest_first, n).0;
        let struck = sum(newest_first.len()) - sum(later);
        let back_by = self.back.partition_point(|&(at, _)| at <= now);
        let restored = back_by.checked_sub(1).map_or(0, |last| self.back[last].1);
        // Never below zero: a strike back by `now` is at or before `now`.
        struck.saturating_sub(restored)
    }

    /// How many of the strikes in `places` of the order are not exact in time.
    pub fn approximate(
        &self,
        strikes: &[Arc<Strike>],
        newest_first: &[u32],
        places: std::ops::Range<usize>,
    ) -> usize {
        let count = |n| self.first(strikes, newest_first, n).1;
        (count(places.end) - count(places.start)) as usize
    }

    /// The customers, and the strikes not exact in time, of the first `n`
    /// strikes of the order.
    fn first(&self, strikes: &[Arc<Strike>], newest_first: &[u32], n: usize) -> (u64, u32) {
        let block = n / BLOCK;
        newest_first[block * BLOCK..n]
            .iter()
            .map(|&i| &strikes[i as usize])
            .fold(self.before[block], |(c, a), s| {
                (c + customers(s), a + u32::from(s.is_approximate_time()))
            })
    }
}

fn customers(strike: &Strike) -> u64 {
    u64::from(strike.outage_customers.unwrap_or(0))
}

/// Strikes per day in `zone` for the `days` days that end with `today`, oldest
/// first: each day's count is the strikes between the instants it starts and
/// the next one starts (two binary searches), not a conversion of every
/// strike to the zone's time.
///
/// A day is the strikes whose wall-clock date in `zone` is that day. That is
/// one stretch of time unless the clocks go back across midnight (Beirut
/// ended summer time at midnight): where that happens near the days counted,
/// each strike of the stretch is converted instead.
pub fn per_day(
    strikes: &[Arc<Strike>],
    newest_first: &[u32],
    zone: &Zone,
    today: NaiveDate,
    days: usize,
) -> Vec<u64> {
    let first_day = today - Duration::days(i64::try_from(days).unwrap_or(0) - 1);
    let date = |t: DateTime<Utc>| zone.at(t).date_naive();
    // Wall-clock time is within a day and a quarter of UTC anywhere.
    let margin = Duration::hours(30);
    let earliest = first_day.and_time(NaiveTime::MIN).and_utc() - margin;
    let latest = (today + Duration::days(1))
        .and_time(NaiveTime::MIN)
        .and_utc()
        + margin;
    if dates_go_back(*zone, earliest, latest) {
        let mut counts = vec![0; days];
        let from = later_than(strikes, newest_first, latest);
        let to = at_or_after(strikes, newest_first, earliest);
        for &i in &newest_first[from..to.max(from)] {
            let day = date(strikes[i as usize].time.at);
            if let Some(slot) = usize::try_from((day - first_day).num_days())
                .ok()
                .and_then(|slot| counts.get_mut(slot))
            {
                *slot += 1;
            }
        }
        return counts;
    }
    // Where each day starts in the order, and where the day after the last.
    let starts: Vec<usize> = (0..=days)
        .map(|n| {
            let day = first_day + Duration::days(i64::try_from(n).unwrap_or(0));
            at_or_after(strikes, newest_first, zone.start_of_day(day))
        })
        .collect();
    starts
        .windows(2)
        .map(|pair| (pair[0] - pair[1]) as u64)
        .collect()
}

/// Whether the wall-clock date in `zone` ever goes back between `from` and
/// `to`: whether a change of the zone's offset turns the clocks back across
/// midnight. Offsets are looked at every hour (no zone has changed its
/// offset twice within one); each change is then found to the second.
fn dates_go_back(zone: Zone, from: DateTime<Utc>, to: DateTime<Utc>) -> bool {
    let offset = |t: DateTime<Utc>| zone.at(t).offset().local_minus_utc();
    let mut at = from;
    let mut before = offset(at);
    while at < to {
        let next = at + Duration::hours(1);
        let after = offset(next);
        if after < before {
            let change = first_second(at, next, |t| offset(t) != before);
            let last = change - Duration::seconds(1);
            if zone.at(change).date_naive() < zone.at(last).date_naive() {
                return true;
            }
        }
        (at, before) = (next, after);
    }
    false
}

/// The first whole second in `(low, high]` where `reached` holds, given that
/// it does not at `low`, does at `high`, and holds from some second on.
fn first_second(
    low: DateTime<Utc>,
    high: DateTime<Utc>,
    reached: impl Fn(DateTime<Utc>) -> bool,
) -> DateTime<Utc> {
    let (mut low, mut high) = (low.timestamp(), high.timestamp());
    let instant = |s: i64| DateTime::from_timestamp(s, 0).unwrap_or_default();
    while high - low > 1 {
        let mid = low + (high - low) / 2;
        if reached(instant(mid)) {
            high = mid;
        } else {
            low = mid;
        }
    }
    instant(high)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn instant(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text)
            .expect("an instant")
            .with_timezone(&Utc)
    }

    #[test]
    fn dates_go_back_only_where_the_clocks_go_back_across_midnight() {
        let goes_back = |tz, from, to| dates_go_back(Zone::of(tz), instant(from), instant(to));
        // Alaska became American in 1867: its clocks went back a whole day.
        assert!(goes_back(
            chrono_tz::America::Juneau,
            "1867-10-18T00:00:00Z",
            "1867-10-21T00:00:00Z"
        ));
        // Clocks going back within a day, at midnight, or forward a day: no.
        for (tz, from, to) in [
            (
                chrono_tz::Europe::Kyiv,
                "2025-01-01T00:00:00Z",
                "2026-01-01T00:00:00Z",
            ),
            (
                chrono_tz::Asia::Beirut,
                "2025-10-20T00:00:00Z",
                "2025-10-30T00:00:00Z",
            ),
            (
                chrono_tz::Pacific::Apia,
                "2011-12-25T00:00:00Z",
                "2012-01-05T00:00:00Z",
            ),
            (
                chrono_tz::America::Juneau,
                "1867-10-20T00:00:00Z",
                "1867-11-20T00:00:00Z",
            ),
        ] {
            assert!(!goes_back(tz, from, to), "{tz} {from}");
        }
    }
}
