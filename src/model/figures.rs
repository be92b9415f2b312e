//! The figures a brief reports (docs/brief.md#brief), derived once from the merged board.
//!
//! Kept apart from the output formats so that text, Markdown, JSON and the
//! interface's strike summary count exactly the same way.

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};

use super::{EstimateSum, Event, EventStatus, Issue, IssueStatus, Strike};
use crate::model::Board;

/// How far ahead "upcoming" looks.
pub fn upcoming_span() -> Duration {
    Duration::days(7)
}

/// True when `at` is in the window (now − span, now]: a report exactly `span` old
/// has left it, one made exactly now is in it.
pub fn in_last(at: DateTime<Utc>, now: DateTime<Utc>, span: Duration) -> bool {
    at > now - span && at <= now
}

/// Records on the board (of files without errors).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub events: usize,
    pub issues: usize,
    pub strikes: usize,
}

/// The strike summary: counts in the last day and week, customers still without
/// power, and the week's strikes by oblast.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StrikeFigures {
    /// Strikes with `time` in (now − 24 h, now].
    pub last_24h: usize,
    /// Strikes with `time` in (now − 7 days, now].
    pub last_7d: usize,
    /// Sum of `outage_customers` of strikes at or before now not restored by now.
    pub customers_without_power: u64,
    /// Strikes in the last 7 days by `oblast` as written.
    pub by_oblast_7d: BTreeMap<String, usize>,
    /// Of `last_24h` and `last_7d`, how many are not exact in time (counted by
    /// the start of their period, like every strike).
    pub approximate_24h: usize,
    pub approximate_7d: usize,
    /// Killed and injured in the last 7 days: sums of lows, best estimates
    /// (a range without one adds its low) and highs.
    pub killed_7d: EstimateSum,
    pub injured_7d: EstimateSum,
    /// Strikes in the last 7 days that report casualties at all.
    pub with_casualties_7d: usize,
}

impl StrikeFigures {
    pub fn compute(strikes: &[Arc<Strike>], now: DateTime<Utc>) -> StrikeFigures {
        let mut figures = StrikeFigures::default();
        for strike in strikes {
            let at = strike.time.at;
            let approximate = usize::from(strike.is_approximate_time());
            if in_last(at, now, Duration::hours(24)) {
                figures.last_24h += 1;
                figures.approximate_24h += approximate;
            }
            if in_last(at, now, Duration::days(7)) {
                figures.last_7d += 1;
                figures.approximate_7d += approximate;
                if let Some(c) = &strike.casualties {
                    figures.with_casualties_7d += 1;
                    if let Some(killed) = c.killed {
                        figures.killed_7d.add(killed);
                    }
                    if let Some(injured) = c.injured {
                        figures.injured_7d.add(injured);
                    }
                }
                *figures
                    .by_oblast_7d
                    .entry(strike.oblast.to_string())
                    .or_default() += 1;
            }
            figures.customers_without_power = figures
                .customers_without_power
                .saturating_add(strike.customers_out_at(now));
        }
        figures
    }

    /// The oblasts hit most in the last 7 days, most first (ties by name).
    pub fn top_oblasts(&self, n: usize) -> Vec<(&str, usize)> {
        let mut top: Vec<(&str, usize)> = self
            .by_oblast_7d
            .iter()
            .map(|(name, count)| (name.as_str(), *count))
            .collect();
        top.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
        top.truncate(n);
        top
    }
}

/// The strikes whose outages are still on at `now`, largest first (then newest,
/// then by id), at most `n`.
pub fn largest_outages(strikes: &[Arc<Strike>], now: DateTime<Utc>, n: usize) -> Vec<&Arc<Strike>> {
    let mut on: Vec<&Arc<Strike>> = strikes
        .iter()
        .filter(|s| s.customers_out_at(now) > 0)
        .collect();
    on.sort_by(|a, b| {
        b.customers_out_at(now)
            .cmp(&a.customers_out_at(now))
            .then_with(|| b.time.at.cmp(&a.time.at))
            .then_with(|| a.id.cmp(&b.id))
    });
    on.truncate(n);
    on
}

/// Everything a brief reports, as of one instant.
#[derive(Clone, Debug)]
pub struct Figures {
    pub now: DateTime<Utc>,
    pub counts: Counts,
    /// The earliest event starting after now that is not held, postponed or
    /// cancelled (ties by id).
    pub next_event: Option<Arc<Event>>,
    /// Every event starting in [now, now + 7 days], any status, by start then id.
    pub upcoming: Vec<Arc<Event>>,
    /// How many of `upcoming` are not exact in time (a day, week or month).
    pub upcoming_approximate: usize,
    /// Every issue by priority (critical first), then id.
    pub issues: Vec<Arc<Issue>>,
    /// How many issues have each status, for the statuses that occur, in the
    /// order the specification lists them.
    pub issues_by_status: Vec<(IssueStatus, usize)>,
    pub strikes: StrikeFigures,
}

impl Figures {
    pub fn compute(board: &Board, now: DateTime<Utc>) -> Figures {
        let by_start = |a: &&Arc<Event>, b: &&Arc<Event>| {
            a.start.at.cmp(&b.start.at).then_with(|| a.id.cmp(&b.id))
        };
        let next_event = next_event(&board.events, now).cloned();
        let horizon = now + upcoming_span();
        let mut upcoming: Vec<&Arc<Event>> = board
            .events
            .iter()
            .filter(|e| e.start.at >= now && e.start.at <= horizon)
            .collect();
        upcoming.sort_by(by_start);

        let mut issues = board.issues.clone();
        issues.sort_by(|a, b| a.priority.cmp(&b.priority).then_with(|| a.id.cmp(&b.id)));
        let issues_by_status = IssueStatus::ALL
            .iter()
            .map(|status| {
                (
                    *status,
                    board.issues.iter().filter(|i| i.status == *status).count(),
                )
            })
            .filter(|(_, count)| *count > 0)
            .collect();

        Figures {
            now,
            counts: Counts {
                events: board.events.len(),
                issues: board.issues.len(),
                strikes: board.strikes.len(),
            },
            next_event,
            upcoming_approximate: upcoming
                .iter()
                .filter(|e| e.time_precision.is_approximate())
                .count(),
            upcoming: upcoming.into_iter().cloned().collect(),
            issues,
            issues_by_status,
            strikes: StrikeFigures::compute(&board.strikes, now),
        }
    }
}

/// The briefs' next event (docs/brief.md#brief): the earliest (then by id) to start after `now` of those
/// that may still take place as planned. The board's countdown uses it too.
pub fn next_event<'a>(
    events: impl IntoIterator<Item = &'a Arc<Event>>,
    now: DateTime<Utc>,
) -> Option<&'a Arc<Event>> {
    events
        .into_iter()
        .filter(|e| e.start.at > now && is_still_ahead(e.status))
        .min_by(|a, b| a.start.at.cmp(&b.start.at).then_with(|| a.id.cmp(&b.id)))
}

/// An event that may still take place as planned (a candidate for "next").
fn is_still_ahead(status: EventStatus) -> bool {
    !matches!(
        status,
        EventStatus::Held | EventStatus::Postponed | EventStatus::Cancelled
    )
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;
    use crate::model::{Confidence, Damage, EventKind, Priority, SourcePos, Target, When, Written};

    fn at(h: i64) -> DateTime<Utc> {
        // Hours from the reference instant 2026-01-21T12:00:00Z.
        Utc.with_ymd_and_hms(2026, 1, 21, 12, 0, 0)
            .single()
            .unwrap_or_default()
            + Duration::hours(h)
    }

    fn when(t: DateTime<Utc>) -> When {
        When::new(
            Written::Exact(t.fixed_offset()),
            None,
            chrono_tz::Tz::UTC,
            SourcePos::default(),
        )
    }

    fn event(id: &str, start: DateTime<Utc>, status: EventStatus) -> Arc<Event> {
        Arc::new(Event {
            id: id.into(),
            title: id.into(),
            start: when(start),
            time_precision: crate::model::TimePrecision::Exact,
            end: None,
            tz: None,
            location: None,
            kind: EventKind::Meeting,
            status,
            participants: vec![],
            parties: vec![],
            issues: vec![],
            summary: None,
            sources: vec![],
            updated: None,
            pos: SourcePos::default(),
        })
    }

    fn strike(oblast: &str, time: DateTime<Utc>, out: u32, restored: Option<i64>) -> Arc<Strike> {
        Arc::new(Strike {
            id: format!("S-{oblast}-{}", time.timestamp()).into(),
            time: when(time),
            oblast: oblast.into(),
            target: Target::Substation,
            location: None,
            facility: None,
            operator: None,
            coords: None,
            geo_precision: None,
            time_precision: crate::model::TimePrecision::Exact,
            tz: None,
            damage: Damage::Unknown,
            outage_customers: Some(out),
            restored: restored.map(|h| Box::new(when(at(h)))),
            weapons: None,
            casualties: None,
            confidence: Confidence::Reported,
            sources: crate::model::Texts::None,
            notes: None,
            pos: SourcePos::default(),
        })
    }

    fn issue(id: &str, priority: Priority, status: IssueStatus) -> Arc<Issue> {
        Arc::new(Issue {
            id: id.into(),
            title: id.into(),
            status,
            priority,
            progress: None,
            summary: None,
            owner: None,
            parties: vec![],
            tags: vec![],
            positions: BTreeMap::new(),
            position_codes: vec![],
            updated: None,
            sources: vec![],
            log: vec![],
            pos: SourcePos::default(),
        })
    }

    #[test]
    fn strike_windows_are_open_at_the_start_and_closed_at_now() {
        let now = at(0);
        let strikes = vec![
            strike("Kyiv", at(-24), 0, None),   // exactly 24 h ago: week only
            strike("Kyiv", at(0), 0, None),     // exactly now: both
            strike("Odesa", at(-168), 0, None), // exactly 7 days ago: neither
            strike("Odesa", at(-167), 0, None), // 7 days less an hour: week only
            strike("Lviv", at(2), 0, None),     // in the future: neither
        ];
        let f = StrikeFigures::compute(&strikes, now);
        assert_eq!(f.last_24h, 1);
        assert_eq!(f.last_7d, 3);
        assert_eq!(f.by_oblast_7d.get("Kyiv"), Some(&2));
        assert_eq!(f.by_oblast_7d.get("Odesa"), Some(&1));
        assert_eq!(f.by_oblast_7d.get("Lviv"), None);
    }

    #[test]
    fn windows_count_approximate_strikes_by_their_start_and_sum_ranges() {
        use crate::model::{Casualties, Estimate, EstimateSum, TimePrecision};
        let now = at(0);
        let with = |s: Arc<Strike>, precision, killed: Option<Estimate>| {
            let mut s = (*s).clone();
            s.time_precision = precision;
            s.casualties = killed.map(|k| {
                Box::new(Casualties {
                    killed: Some(k),
                    injured: None,
                })
            });
            Arc::new(s)
        };
        let strikes = vec![
            // A week starting 3 days ago: in the week by its start, not the day.
            with(
                strike("Kyiv", at(-72), 0, None),
                TimePrecision::Week,
                Some(Estimate {
                    low: 2,
                    best: Some(3),
                    high: 5,
                }),
            ),
            // A month starting 8 days ago: counted by its start, so in neither.
            with(
                strike("Kyiv", at(-192), 0, None),
                TimePrecision::Month,
                Some(Estimate::exact(9)),
            ),
            with(
                strike("Lviv", at(-2), 0, None),
                TimePrecision::Hour,
                Some(Estimate {
                    low: 0,
                    best: None,
                    high: 4,
                }),
            ),
            with(
                strike("Lviv", at(-1), 0, None),
                TimePrecision::Exact,
                Some(Estimate::exact(1)),
            ),
        ];
        let f = StrikeFigures::compute(&strikes, now);
        assert_eq!((f.last_24h, f.approximate_24h), (2, 1));
        assert_eq!((f.last_7d, f.approximate_7d), (3, 2));
        assert_eq!(
            f.killed_7d,
            EstimateSum {
                low: 3,
                best: 4,
                high: 10
            }
        );
        assert_eq!(f.killed_7d.describe("killed", "–"), "3–10 killed (best 4)");
        assert_eq!(f.with_casualties_7d, 3);
    }

    #[test]
    fn a_sum_of_huge_outages_is_added_up_wide_enough() {
        // The loader bounds outage_customers (fields::MAX_OUTAGE_CUSTOMERS);
        // records made another way hold at most u32::MAX each, and the sum of
        // several is counted in 64 bits, not wrapped.
        let now = at(0);
        let strikes = vec![strike("Kyiv", at(-1), u32::MAX, None); 3];
        let f = StrikeFigures::compute(&strikes, now);
        assert_eq!(f.customers_without_power, 3 * u64::from(u32::MAX));
    }

    #[test]
    fn customers_without_power_count_only_outages_still_on_at_now() {
        let now = at(0);
        let strikes = vec![
            strike("Kyiv", at(-5), 1000, None),     // ongoing: counts
            strike("Kyiv", at(-5), 200, Some(-1)),  // restored before now
            strike("Kyiv", at(-5), 30, Some(0)),    // restored exactly now
            strike("Kyiv", at(-5), 4, Some(3)),     // restored later: still out now
            strike("Kyiv", at(1), 50_000, None),    // not happened yet
            strike("Kyiv", at(-500), 70_000, None), // old but never restored
        ];
        let f = StrikeFigures::compute(&strikes, now);
        assert_eq!(f.customers_without_power, 1000 + 4 + 70_000);
        let largest: Vec<u64> = largest_outages(&strikes, now, 2)
            .iter()
            .map(|s| s.customers_out_at(now))
            .collect();
        assert_eq!(largest, [70_000, 1000]);
    }

    #[test]
    fn next_event_is_strictly_after_now_and_skips_finished_or_off_events() {
        let board = Board {
            events: vec![
                event("at-now", at(0), EventStatus::Scheduled),
                event("held", at(1), EventStatus::Held),
                event("off", at(1), EventStatus::Cancelled),
                event("later", at(2), EventStatus::Postponed),
                event("b-next", at(3), EventStatus::Tentative),
                event("a-next", at(3), EventStatus::Confirmed),
                event("past", at(-1), EventStatus::Scheduled),
                event("far", at(24 * 7 + 1), EventStatus::Scheduled),
                event("edge", at(24 * 7), EventStatus::Scheduled),
            ],
            ..Board::default()
        };
        let f = Figures::compute(&board, at(0));
        assert_eq!(f.next_event.as_ref().map(|e| e.id.as_str()), Some("a-next"));
        let upcoming: Vec<&str> = f.upcoming.iter().map(|e| e.id.as_str()).collect();
        assert_eq!(
            upcoming,
            ["at-now", "held", "off", "later", "a-next", "b-next", "edge"]
        );
        assert_eq!(f.counts.events, 9);
    }

    #[test]
    fn no_next_event_when_nothing_is_ahead() {
        let board = Board {
            events: vec![event("done", at(-3), EventStatus::Held)],
            ..Board::default()
        };
        let f = Figures::compute(&board, at(0));
        assert!(f.next_event.is_none());
        assert!(f.upcoming.is_empty());
    }

    #[test]
    fn issues_sort_by_priority_then_id_and_statuses_are_counted() {
        let board = Board {
            issues: vec![
                issue("b", Priority::Low, IssueStatus::Open),
                issue("z", Priority::Critical, IssueStatus::Deadlocked),
                issue("a", Priority::Critical, IssueStatus::Open),
                issue("m", Priority::High, IssueStatus::Agreed),
            ],
            ..Board::default()
        };
        let f = Figures::compute(&board, at(0));
        let order: Vec<&str> = f.issues.iter().map(|i| i.id.as_str()).collect();
        assert_eq!(order, ["a", "z", "m", "b"]);
        assert_eq!(
            f.issues_by_status,
            [
                (IssueStatus::Open, 2),
                (IssueStatus::Agreed, 1),
                (IssueStatus::Deadlocked, 1)
            ]
        );
    }

    #[test]
    fn top_oblasts_are_most_hit_first_then_by_name() {
        let f = StrikeFigures {
            by_oblast_7d: [("Sumy", 2), ("Kyiv", 5), ("Odesa", 2), ("Lviv", 1)]
                .into_iter()
                .map(|(k, v)| (k.to_string(), v))
                .collect(),
            ..StrikeFigures::default()
        };
        assert_eq!(f.top_oblasts(3), [("Kyiv", 5), ("Odesa", 2), ("Sumy", 2)]);
    }
}
