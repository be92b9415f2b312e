//! Derived view data: what the panes show, computed when the data, a search
//! filter, the display zone or the minute changes — never while drawing.
//!
//! Lists hold indexes into the merged [`Board`]'s record vectors, so a list of
//! 100,000 strikes costs 400 KB and drawing builds rows only for what is visible.

use chrono::{DateTime, Duration, NaiveDate, Utc};

use super::search::Search;
use crate::model::board::same_records;
use crate::model::by_time::{self, TimeSums};
use crate::model::figures::next_event;
use crate::model::order::{self, IdIndex, Orders, indexes};
use crate::model::{Board, Event, Kind, Strike, Zone};
use crate::pane::{Pane, PerPane};

/// Where an event sorts: its day, time TBA last in the day, then its instant.
type DayKey = (NaiveDate, bool, DateTime<Utc>);

/// One row of the calendar's agenda.
#[derive(Clone, Debug, PartialEq)]
pub enum AgendaRow {
    /// A day heading: `Today`, `Tomorrow`, `Thu 22 Jan`.
    Day(String),
    /// The now-marker, between what is past and what is to come.
    Now,
    /// An event: its position in [`Agenda::events`], and whether it is over.
    Event { pos: usize, past: bool },
}

/// The calendar as an agenda grouped by day, in the display zone.
#[derive(Clone, Debug, Default)]
pub struct Agenda {
    pub rows: Vec<AgendaRow>,
    /// Indexes into `board.events`, in agenda order (filtered by the search).
    pub events: Vec<u32>,
    /// The row of each listed event.
    pub event_rows: Vec<usize>,
    /// Position (in `events`) of the next event: the earliest starting after now
    /// that is not held, postponed or cancelled.
    pub next: Option<usize>,
    /// Position of the first event that is not over (where the view opens).
    pub first_upcoming: Option<usize>,
    /// The row of the now-marker.
    pub now_row: Option<usize>,
}

/// Strike figures for the summary and the chart.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StrikeStats {
    /// Strikes with time in (now − 24 h, now].
    pub last_24h: usize,
    /// Strikes with time in (now − 7 d, now].
    pub last_7d: usize,
    /// Of `last_7d`, the strikes not exact in time (counted by their start).
    pub approximate_7d: usize,
    /// Customers whose outage is not restored by now.
    pub without_power: u64,
    /// Strikes per day over the last 30 days in the display zone, oldest first
    /// (the last entry is today).
    pub per_day: Vec<u64>,
    /// The first day of `per_day`.
    pub first_day: Option<NaiveDate>,
}

/// The search text of each pane (empty: no filter).
pub type Filters = PerPane<String>;

/// Everything the panes list, derived from the board.
#[derive(Debug, Default)]
pub struct Views {
    pub agenda: Agenda,
    /// Indexes into `board.issues`: priority, then status, then title (filtered).
    pub issues: Vec<u32>,
    /// Indexes into `board.strikes`: newest first (filtered).
    pub strikes: Vec<u32>,
    pub strike_stats: StrikeStats,
    /// What the map draws (computed only while the map is shown).
    pub map: super::map::MapData,
    /// Record lookup by id, per pane's kind.
    ids: PerPane<IdIndex>,
    /// Unfiltered orders, kept so a new search does not sort again.
    sorted: PerPane<Vec<u32>>,
    /// The day each event is listed under in the display zone (by index into
    /// `board.events`), found when the calendar is sorted: the agenda is
    /// made again each minute without converting 10,000 starts again.
    event_days: Vec<NaiveDate>,
    /// Running sums over the strikes' order (`sorted.strikes`).
    time_sums: TimeSums,
    search: Search,
    /// What each pane's list was last made for (filter, now, zone); cleared when
    /// its records change. A small file's change beside 100,000 strikes then
    /// costs no new strike list.
    listed_for: PerPane<Option<(String, DateTime<Utc>, Zone)>>,
    /// What `strike_stats` was last computed for; cleared when strikes change.
    stats_for: Option<(DateTime<Utc>, Zone)>,
    /// How long an event without an end stays under way after its start
    /// (the config's `started_for`).
    pub started_for: Duration,
}

/// Which panes' records a new board holds exactly as the previous one did: the
/// same records in the same order.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Unchanged(pub PerPane<bool>);

impl Unchanged {
    pub fn between(old: &Board, new: &Board) -> Unchanged {
        Unchanged(PerPane {
            calendar: same_records(&old.events, &new.events),
            issues: same_records(&old.issues, &new.issues),
            strikes: same_records(&old.strikes, &new.strikes),
        })
    }
}

impl Views {
    /// Empty views; events without an end stay under way for `started_for`.
    pub fn new(started_for: Duration) -> Views {
        Views {
            started_for,
            ..Views::default()
        }
    }

    /// Sorts and indexes a new board; then [`Views::refresh`] fills the lists.
    pub fn rebuild(&mut self, board: &Board, zone: &Zone) {
        self.rebuild_changed(board, zone, Unchanged::default());
    }

    /// [`Views::rebuild`] for the panes whose records changed only: a small
    /// file's change leaves 100,000 strikes where they were, and sorting and
    /// indexing them again would be most of what the update costs.
    pub fn rebuild_changed(&mut self, board: &Board, zone: &Zone, unchanged: Unchanged) {
        self.rebuild_with(board, zone, unchanged, None);
    }

    /// [`Views::rebuild_changed`] adopting the orders and id indexes the reload
    /// worker computed for this board, when it did: then only the calendar,
    /// whose days depend on the display zone, is sorted here.
    pub fn rebuild_with(
        &mut self,
        board: &Board,
        zone: &Zone,
        unchanged: Unchanged,
        orders: Option<Orders>,
    ) {
        // Orders made for another board (a different record count) are not used.
        let mut orders = orders.filter(|o| {
            o.issues.len() == board.issues.len() && o.strikes.len() == board.strikes.len()
        });
        for pane in Pane::ALL {
            if unchanged.0[pane] {
                continue;
            }
            self.listed_for[pane] = None;
            if pane == Pane::Strikes {
                self.stats_for = None;
            }
            self.search.forget(pane);
            let given = orders.as_mut().map(|o| match pane {
                Pane::Calendar => (std::mem::take(&mut o.events_ids), Vec::new()),
                Pane::Issues => (
                    std::mem::take(&mut o.issues_ids),
                    std::mem::take(&mut o.issues),
                ),
                Pane::Strikes => (
                    std::mem::take(&mut o.strikes_ids),
                    std::mem::take(&mut o.strikes),
                ),
            });
            let (ids, sorted) = given.unwrap_or_else(|| {
                let sorted = match pane {
                    Pane::Calendar => Vec::new(),
                    Pane::Issues => order::issues_ranked(&board.issues),
                    Pane::Strikes => order::strikes_newest_first(&board.strikes),
                };
                (IdIndex::of(board, pane.kind()), sorted)
            });
            self.ids[pane] = ids;
            match pane {
                Pane::Calendar => self.sort_events(board, zone),
                Pane::Issues => self.sorted.issues = sorted,
                Pane::Strikes => {
                    self.time_sums = orders.as_mut().map_or_else(
                        || TimeSums::of(&board.strikes, &sorted),
                        |o| std::mem::take(&mut o.time_sums),
                    );
                    self.sorted.strikes = sorted;
                }
            }
        }
    }

    /// Starts building a pane's search text on another thread when a search
    /// opens (see [`Search::prepare`]).
    pub fn prepare_search(&mut self, board: &Board, pane: Pane) {
        self.search.prepare(board, pane);
    }

    /// Re-sorts the calendar for another display zone (days begin at other instants).
    pub fn sort_events(&mut self, board: &Board, zone: &Zone) {
        self.event_days = board.events.iter().map(|e| zone.event_day(e)).collect();
        let mut keyed: Vec<(DayKey, u32)> = board
            .events
            .iter()
            .zip(&self.event_days)
            .zip(indexes(board.events.len()))
            .map(|((e, &day), i)| ((day, e.start.date_only(), e.start.at), i))
            .collect();
        // Within a day, events with a time come first and "time TBA" ones last.
        keyed.sort_by(|(ka, a), (kb, b)| {
            ka.cmp(kb).then_with(|| {
                board.events[*a as usize]
                    .id
                    .cmp(&board.events[*b as usize].id)
            })
        });
        self.sorted.calendar = keyed.into_iter().map(|(_, i)| i).collect();
        self.search.forget_result(Pane::Calendar);
    }

    /// Applies the filters and recomputes what depends on now and the zone.
    pub fn refresh(&mut self, board: &Board, filters: &Filters, now: DateTime<Utc>, zone: &Zone) {
        for pane in Pane::ALL {
            self.refresh_list(board, pane, &filters[pane], now, zone);
        }
        if self.stats_for != Some((now, *zone)) {
            self.strike_stats = strike_stats(
                &board.strikes,
                &self.sorted.strikes,
                &self.time_sums,
                now,
                zone,
            );
            self.stats_for = Some((now, *zone));
        }
    }

    /// A pane's list for its filter (the calendar's agenda with it). The strike
    /// summary always covers the whole board; the map's points are
    /// [`Views::refresh_map`]'s.
    pub fn refresh_list(
        &mut self,
        board: &Board,
        pane: Pane,
        filter: &str,
        now: DateTime<Utc>,
        zone: &Zone,
    ) {
        let fresh = self.listed_for[pane]
            .as_ref()
            .is_some_and(|(f, n, z)| f == filter && *n == now && z == zone);
        if fresh {
            return;
        }
        self.listed_for[pane] = Some((filter.to_string(), now, *zone));
        let list = self
            .search
            .filtered(board, pane, &self.sorted[pane], filter);
        match pane {
            Pane::Calendar => {
                let days = &self.event_days;
                self.agenda = agenda(board, list, days, now, *zone, self.started_for);
            }
            Pane::Issues => self.issues = list,
            Pane::Strikes => self.strikes = list,
        }
    }

    /// Forgets how a pane's list was made, so the next refresh makes it again
    /// (the app narrows the Strikes list to one region after it is made).
    pub fn forget_list(&mut self, pane: Pane) {
        self.listed_for[pane] = None;
    }

    /// The records a pane lists, in order: indexes into the board's records of
    /// the pane's kind.
    pub fn list(&self, pane: Pane) -> &[u32] {
        match pane {
            Pane::Calendar => &self.agenda.events,
            Pane::Issues => &self.issues,
            Pane::Strikes => &self.strikes,
        }
    }

    /// Where the record of a kind with this id is among the board's records.
    pub fn index_of(&self, board: &Board, kind: Kind, id: &str) -> Option<u32> {
        self.ids[Pane::of(kind)].find(id, |i| board.id_at(kind, i))
    }
}

/// Whether an event is over at `now`: a date-only event once its last day
/// (`day`, the one it is listed under, when it has no `end`) is past. An
/// event with a start time and no `end` counts as under way for
/// `started_for` after its start (docs/screen-and-keys.md).
pub fn event_past(
    event: &Event,
    day: NaiveDate,
    now: DateTime<Utc>,
    today: NaiveDate,
    zone: &Zone,
    started_for: Duration,
) -> bool {
    if event.start.date_only() {
        let last = event.end.map_or(day, |end| match end.written {
            crate::model::Written::Date(day) => day,
            _ => zone.at(end.at).date_naive(),
        });
        return last < today;
    }
    match event.end {
        Some(end) => end.at < now,
        None => event.start.at + started_for <= now && event.start.at < now,
    }
}

/// `Today`, `Tomorrow`, `Yesterday`, `Thu 22 Jan` (with the year when not this year).
pub fn day_label(day: NaiveDate, today: NaiveDate) -> String {
    match (day - today).num_days() {
        0 => format!("Today · {}", day.format("%a %-d %b")),
        1 => format!("Tomorrow · {}", day.format("%a %-d %b")),
        -1 => format!("Yesterday · {}", day.format("%a %-d %b")),
        _ if chrono::Datelike::year(&day) != chrono::Datelike::year(&today) => {
            day.format("%a %-d %b %Y").to_string()
        }
        _ => day.format("%a %-d %b").to_string(),
    }
}

fn agenda(
    board: &Board,
    events: Vec<u32>,
    days: &[NaiveDate],
    now: DateTime<Utc>,
    zone: Zone,
    started_for: Duration,
) -> Agenda {
    let today = zone.at(now).date_naive();
    let mut out = Agenda {
        events,
        ..Agenda::default()
    };
    let mut last_day: Option<NaiveDate> = None;
    for (pos, &i) in out.events.iter().enumerate() {
        let event = &board.events[i as usize];
        let day = days
            .get(i as usize)
            .copied()
            .unwrap_or_else(|| zone.event_day(event));
        let past = event_past(event, day, now, today, &zone, started_for);
        if !past && out.now_row.is_none() && day >= today {
            // The now-marker goes under today's heading, before the first event to come.
            if last_day != Some(today) {
                out.rows.push(AgendaRow::Day(day_label(today, today)));
                last_day = Some(today);
            }
            out.now_row = Some(out.rows.len());
            out.rows.push(AgendaRow::Now);
        }
        if !past && out.first_upcoming.is_none() {
            out.first_upcoming = Some(pos);
        }
        if last_day != Some(day) {
            out.rows.push(AgendaRow::Day(day_label(day, today)));
            last_day = Some(day);
        }
        out.event_rows.push(out.rows.len());
        out.rows.push(AgendaRow::Event { pos, past });
    }
    // The same next event as the briefs (docs/brief.md#brief), among the events listed.
    let next = next_event(out.events.iter().map(|&i| &board.events[i as usize]), now);
    out.next = next.and_then(|next| {
        out.events
            .iter()
            .position(|&i| std::sync::Arc::ptr_eq(&board.events[i as usize], next))
    });
    if out.now_row.is_none() && !out.events.is_empty() {
        if last_day != Some(today) {
            out.rows.push(AgendaRow::Day(day_label(today, today)));
        }
        out.now_row = Some(out.rows.len());
        out.rows.push(AgendaRow::Now);
    }
    out
}

/// The summary figures and per-day counts (the briefs' definitions,
/// docs/brief.md#figures), from the strikes' newest-first order and its
/// running sums: binary searches and a few sums, however many strikes the
/// board holds (docs/performance.md#merge-off-the-interface-thread).
pub fn strike_stats(
    strikes: &[std::sync::Arc<Strike>],
    newest_first: &[u32],
    time_sums: &TimeSums,
    now: DateTime<Utc>,
    zone: &Zone,
) -> StrikeStats {
    let today = zone.at(now).date_naive();
    let later_than = |t| by_time::later_than(strikes, newest_first, t);
    // The windows of the briefs (docs/brief.md#brief), so board and brief
    // agree: a strike counts in (now − span, now].
    let future = later_than(now);
    let day_ago = later_than(now - Duration::hours(24));
    let week_ago = later_than(now - Duration::days(7));
    StrikeStats {
        last_24h: day_ago - future,
        last_7d: week_ago - future,
        approximate_7d: time_sums.approximate(strikes, newest_first, future..week_ago),
        without_power: time_sums.out_at(strikes, newest_first, future, now),
        per_day: by_time::per_day(strikes, newest_first, zone, today, 30),
        first_day: Some(today - Duration::days(29)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fmt::Write as _;

    #[test]
    fn only_the_kinds_whose_records_changed_are_sorted_again() {
        let name: std::sync::Arc<str> = std::sync::Arc::from("a.toml");
        let strikes = "[[strike]]\nid = \"S-1\"\ntime = 2026-01-20T04:30:00Z\noblast = \"Kyiv\"\ntarget = \"gas\"\n";
        let issue = |status: &str| {
            format!("[[issue]]\nid = \"territory\"\ntitle = \"Territory\"\nstatus = \"{status}\"\n")
        };
        let now = chrono::DateTime::parse_from_rfc3339("2026-01-21T12:00:00Z")
            .unwrap()
            .with_timezone(&chrono::Utc);
        let mut store = crate::load::Store::new();
        let apply = |store: &mut crate::load::Store, path: &str, text: &str| {
            store.apply(
                std::path::Path::new(path),
                name.clone(),
                crate::load::parse_str(&name, text),
                None,
            );
        };
        apply(&mut store, "a.toml", strikes);
        apply(&mut store, "b.toml", &issue("open"));
        let before = store.merge(now);
        assert_eq!(
            Unchanged::between(&before, &store.merge(now)),
            Unchanged(PerPane::from_fn(|_| true))
        );
        apply(&mut store, "b.toml", &issue("negotiating"));
        assert_eq!(
            Unchanged::between(&before, &store.merge(now)),
            Unchanged(PerPane {
                calendar: true,
                issues: false,
                strikes: true
            })
        );
        // The same text read again is no change either (compared by value).
        apply(&mut store, "a.toml", strikes);
        let after = store.merge(now);
        assert!(Unchanged::between(&before, &after).0.strikes);
    }

    fn board(text: &str) -> Board {
        let name: std::sync::Arc<str> = std::sync::Arc::from("t.toml");
        let mut store = crate::load::Store::new();
        store.apply(
            std::path::Path::new("t.toml"),
            name.clone(),
            crate::load::parse_str(&name, text),
            None,
        );
        store.merge(now())
    }

    fn now() -> DateTime<Utc> {
        crate::example::reference_now() // Wed 21 Jan 2026 12:00 UTC
    }

    const EVENTS: &str = r#"
[[event]]
id = "past"
title = "Yesterday's call"
start = 2026-01-20T09:00:00Z
[[event]]
id = "earlier-today"
title = "Morning meeting"
start = 2026-01-21T08:00:00Z
[[event]]
id = "tba-today"
title = "Some time today"
start = 2026-01-21
[[event]]
id = "cancelled"
title = "Called off"
start = 2026-01-21T14:00:00Z
status = "cancelled"
[[event]]
id = "next"
title = "Afternoon talks"
start = 2026-01-21T16:00:00Z
[[event]]
id = "late-night"
title = "Late call"
start = 2026-01-21T23:30:00Z
"#;

    fn rows(views: &Views, board: &Board) -> Vec<String> {
        views
            .agenda
            .rows
            .iter()
            .map(|r| match r {
                AgendaRow::Day(label) => format!("# {label}"),
                AgendaRow::Now => "-- now".to_string(),
                AgendaRow::Event { pos, past } => {
                    let e = &board.events[views.agenda.events[*pos] as usize];
                    format!("{}{}", e.id, if *past { " (past)" } else { "" })
                }
            })
            .collect()
    }

    #[test]
    fn the_agenda_groups_by_day_and_marks_now() {
        let board = board(EVENTS);
        let zone = Zone::of(chrono_tz::Tz::UTC);
        let mut views = Views::default();
        views.rebuild(&board, &zone);
        views.refresh(&board, &Filters::default(), now(), &zone);
        assert_eq!(
            rows(&views, &board),
            vec![
                "# Yesterday · Tue 20 Jan",
                "past (past)",
                "# Today · Wed 21 Jan",
                "earlier-today (past)",
                "-- now",
                "cancelled",
                "next",
                "late-night",
                "tba-today",
            ]
        );
        let next = views
            .agenda
            .next
            .map(|p| board.events[views.agenda.events[p] as usize].id.as_str());
        assert_eq!(next, Some("next"), "a cancelled event is not next");
    }

    #[test]
    fn the_board_and_the_brief_name_the_same_next_event() {
        // A date-only event counts as 00:00 of its day (docs/data-format.md#times), so on its day
        // it comes before a timed one; the agenda still lists it last that day.
        let text = "[[event]]\nid = \"timed\"\ntitle = \"T\"\nstart = 2026-01-22T09:00:00Z\n\n\
                    [[event]]\nid = \"tba\"\ntitle = \"T\"\nstart = 2026-01-22\n";
        let board = board(text);
        let zone = Zone::of(chrono_tz::Tz::UTC);
        let mut views = Views::default();
        views.rebuild(&board, &zone);
        views.refresh(&board, &Filters::default(), now(), &zone);
        let next = views
            .agenda
            .next
            .map(|p| board.events[views.agenda.events[p] as usize].id.as_str());
        let brief = crate::model::figures::Figures::compute(&board, now());
        assert_eq!(next, Some("tba"));
        assert_eq!(brief.next_event.map(|e| e.id.clone()).as_deref(), next);
    }

    #[test]
    fn days_follow_the_display_zone() {
        let board = board(EVENTS);
        // In Kyiv (UTC+2) the 23:30 UTC call is on Thursday.
        let zone = Zone::of(chrono_tz::Europe::Kyiv);
        let mut views = Views::default();
        views.rebuild(&board, &zone);
        views.refresh(&board, &Filters::default(), now(), &zone);
        let rows = rows(&views, &board);
        let tomorrow = rows
            .iter()
            .position(|r| r == "# Tomorrow · Thu 22 Jan")
            .expect("a Thursday heading");
        assert_eq!(rows[tomorrow + 1], "late-night");
    }

    #[test]
    fn day_labels() {
        let today = now().date_naive();
        assert_eq!(day_label(today, today), "Today · Wed 21 Jan");
        assert_eq!(
            day_label(today + Duration::days(1), today),
            "Tomorrow · Thu 22 Jan"
        );
        assert_eq!(day_label(today + Duration::days(2), today), "Fri 23 Jan");
        assert_eq!(
            day_label(today - Duration::days(40), today),
            "Fri 12 Dec 2025"
        );
    }

    #[test]
    fn strike_windows_and_days() {
        let board = board(
            r#"
[[strike]]
id = "a"
time = 2026-01-21T12:00:00Z
oblast = "Kyiv"
target = "substation"
outage_customers = 100
[[strike]]
id = "b"
time = 2026-01-20T12:00:00Z
oblast = "Kyiv"
target = "substation"
outage_customers = 50
restored = 2026-01-21T11:00:00Z
[[strike]]
id = "c"
time = 2026-01-14T12:00:01Z
oblast = "Odesa"
target = "hydro"
[[strike]]
id = "old"
time = 2025-11-01T00:00:00Z
oblast = "Lviv"
target = "gas"
"#,
        );
        let stats = stats_of(&board, now(), Zone::of(chrono_tz::Tz::UTC));
        assert_eq!(stats, scanned(&board, now(), Zone::of(chrono_tz::Tz::UTC)));
        assert_eq!(stats.last_24h, 1, "exactly 24 h old is out of the window");
        assert_eq!(stats.last_7d, 3);
        assert_eq!(stats.without_power, 100, "b was restored before now");
        assert_eq!(stats.per_day.len(), 30);
        assert_eq!(stats.per_day[29], 1, "today");
        assert_eq!(stats.per_day[28], 1, "yesterday");
        assert_eq!(stats.per_day[22], 1, "a week ago");
        assert_eq!(
            stats.per_day.iter().sum::<u64>(),
            3,
            "the November strike is outside 30 days"
        );
    }

    /// [`strike_stats`] as the views call it: over the newest-first order and
    /// its running sums.
    fn stats_of(board: &Board, now: DateTime<Utc>, zone: Zone) -> StrikeStats {
        let order = order::strikes_newest_first(&board.strikes);
        let time_sums = TimeSums::of(&board.strikes, &order);
        strike_stats(&board.strikes, &order, &time_sums, now, &zone)
    }

    /// The figures by a pass over every strike, as the briefs define them:
    /// what [`strike_stats`] must equal.
    fn scanned(board: &Board, now: DateTime<Utc>, zone: Zone) -> StrikeStats {
        use crate::model::figures::in_last;
        let today = zone.at(now).date_naive();
        let first_day = today - Duration::days(29);
        let mut stats = StrikeStats {
            per_day: vec![0; 30],
            first_day: Some(first_day),
            ..StrikeStats::default()
        };
        for strike in &board.strikes {
            let at = strike.time.at;
            stats.last_24h += usize::from(in_last(at, now, Duration::hours(24)));
            if in_last(at, now, Duration::days(7)) {
                stats.last_7d += 1;
                stats.approximate_7d += usize::from(strike.is_approximate_time());
            }
            stats.without_power += strike.customers_out_at(now);
            let day = zone.at(at).date_naive();
            if day >= first_day && day <= today {
                stats.per_day[usize::try_from((day - first_day).num_days()).unwrap()] += 1;
            }
        }
        stats
    }

    #[test]
    fn strike_figures_from_the_order_equal_a_pass_over_every_strike() {
        // Boards of 0 to 200 strikes (the running sums' blocks are 64 long)
        // around an instant: exact times, dates alone, approximate ones,
        // local times in Kyiv, restored by a time or a date (or not), with
        // and without customers, several at one instant; each board is asked
        // at instants around its strikes, in five zones. The instants: now;
        // Kyiv's clocks going forward and back in 2025; Beirut's going back
        // across midnight (26 October 2025, 00:00 to 23:00 the day before);
        // Apia skipping 30 December 2011; Juneau going back a whole day in
        // 1867 (the one where a day's strikes are not one stretch of time).
        let mut seed = 0x9e37_79b9_7f4a_7c15_u64;
        let mut next = |below: i64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            i64::try_from(seed % below.unsigned_abs()).expect("below i64::MAX")
        };
        let index = |n: i64| usize::try_from(n).expect("not negative");
        let zones = [
            Zone::of(chrono_tz::Tz::UTC),
            Zone::of(chrono_tz::Tz::Europe__Kyiv),
            Zone::of(chrono_tz::Tz::Pacific__Kiritimati),
            Zone::of(chrono_tz::Tz::Asia__Beirut),
            Zone::of(chrono_tz::Tz::Pacific__Apia),
            Zone::of(chrono_tz::Tz::America__Juneau),
        ];
        let instant = |text: &str| {
            DateTime::parse_from_rfc3339(text)
                .expect("an instant")
                .with_timezone(&Utc)
        };
        let centres = [
            now(),
            instant("2025-03-30T01:00:00Z"),
            instant("2025-10-26T01:00:00Z"),
            instant("2025-10-25T21:00:00Z"),
            instant("2011-12-30T10:00:00Z"),
            instant("1867-10-19T00:31:13Z"),
        ];
        let (mut asked, mut out_seen, mut restored_seen) = (0, 0, 0);
        for round in 0..240 {
            let count = match round {
                0..=5 => [0, 1, 63, 64, 65, 128][round],
                _ => index(next(200)),
            };
            let centre = centres[round % centres.len()];
            let mut text = String::new();
            for n in 0..count {
                let at = centre + Duration::minutes(next(60 * 24 * 45) - 60 * 24 * 40);
                let at = if next(5) == 0 {
                    // Several strikes at one instant.
                    centre - Duration::hours(next(3) * 24)
                } else {
                    at
                };
                let _ = write!(
                    text,
                    "[[strike]]\nid = \"S-{n}\"\noblast = \"Kyiv\"\ntarget = \"gas\"\n"
                );
                let local = next(4) == 0;
                match next(6) {
                    0 => {
                        let _ = writeln!(text, "time = {}", at.date_naive());
                    }
                    1 => {
                        let _ = writeln!(
                            text,
                            "time = {}\ntime_precision = \"week\"",
                            at.format("%Y-%m-%dT%H:%M:%SZ")
                        );
                    }
                    _ if local => {
                        let _ = writeln!(
                            text,
                            "time = {}\ntz = \"Europe/Kyiv\"",
                            at.format("%Y-%m-%dT%H:%M:%S")
                        );
                    }
                    _ => {
                        let _ = writeln!(text, "time = {}", at.format("%Y-%m-%dT%H:%M:%SZ"));
                    }
                }
                if next(4) != 0 {
                    let _ = writeln!(text, "outage_customers = {}", next(5000));
                }
                let back = at + Duration::minutes(next(60 * 24 * 10));
                match next(3) {
                    0 => {}
                    1 if !local => {
                        let _ = writeln!(text, "restored = {}", back.format("%Y-%m-%dT%H:%M:%SZ"));
                    }
                    _ => {
                        let _ = writeln!(
                            text,
                            "restored = {}",
                            (back + Duration::days(1)).date_naive()
                        );
                    }
                }
            }
            let board = board(&text);
            assert_eq!(board.strikes.len(), count, "{:?}", board.problems);
            for _ in 0..12 {
                let when = centre + Duration::minutes(next(60 * 24 * 50) - 60 * 24 * 44);
                // Now and then exactly at a strike (the windows' edges).
                let when = match board
                    .strikes
                    .get(index(next(i64::try_from(count).unwrap() * 2 + 1)))
                {
                    Some(s) if next(2) == 0 => {
                        s.time.at + Duration::hours([0, 24, 168][index(next(3))])
                    }
                    _ => when,
                };
                for &zone in &zones {
                    let fast = stats_of(&board, when, zone);
                    assert_eq!(fast, scanned(&board, when, zone), "round {round} at {when}");
                    asked += 1;
                    out_seen += usize::from(fast.without_power > 0);
                }
            }
            restored_seen += board
                .strikes
                .iter()
                .filter(|s| s.restored.is_some())
                .count();
        }
        // The cases above did come up.
        assert!(
            asked > 10_000 && out_seen > 1000 && restored_seen > 1000,
            "{asked} {out_seen} {restored_seen}"
        );
    }

    #[test]
    fn search_matches_every_word_in_any_field_and_narrows() {
        let board = board(EVENTS);
        let zone = Zone::of(chrono_tz::Tz::UTC);
        let mut views = Views::default();
        views.rebuild(&board, &zone);
        let mut filters = Filters {
            calendar: "CALL".into(),
            ..Filters::default()
        };
        views.refresh(&board, &filters, now(), &zone);
        assert_eq!(views.agenda.events.len(), 3, "call, Called off, Late call");
        filters.calendar = "call late".into();
        views.refresh(&board, &filters, now(), &zone);
        assert_eq!(views.agenda.events.len(), 1);
        filters.calendar = "cancelled".into();
        views.refresh(&board, &filters, now(), &zone);
        assert_eq!(
            views.agenda.events.len(),
            1,
            "the status word is searched too"
        );
    }
}
