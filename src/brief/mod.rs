//! `sitboard brief`: a briefing snapshot as plain text, Markdown or JSON (SPEC 7).
//!
//! The figures are derived once ([`Figures::compute`]); each format only writes
//! them out, so the three can never disagree.

pub mod figures;
pub mod json;
pub mod markdown;
pub mod text;

use std::collections::BTreeMap;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use chrono::{DateTime, NaiveDate, SubsecRound, Utc};

use crate::app::DisplayTz;
use crate::check;
use crate::cli::{BriefFormat, Common};
use crate::load::Board;
use crate::model::time::human_duration;
use crate::model::{Event, Written};
use crate::source;

pub use figures::{Counts, Figures, StrikeFigures, largest_outages};

/// What a brief is written from: the board, its figures and how to show times.
pub struct Brief<'a> {
    pub board: &'a Board,
    pub figures: Figures,
    pub zone: DisplayTz,
    /// The board is the compiled-in example (the brief says so).
    pub example: bool,
}

impl<'a> Brief<'a> {
    pub fn new(board: &'a Board, now: DateTime<Utc>, zone: DisplayTz, example: bool) -> Self {
        Brief {
            board,
            figures: Figures::compute(board, now),
            zone,
            example,
        }
    }

    pub fn now(&self) -> DateTime<Utc> {
        self.figures.now
    }

    /// Writes the brief in `format`.
    pub fn render(&self, format: BriefFormat) -> String {
        match format {
            BriefFormat::Text => text::render(self),
            BriefFormat::Markdown => markdown::render(self),
            BriefFormat::Json => json::render(self),
        }
    }

    /// `Wed 21 Jan 2026 14:00 EET`
    pub fn long_time(&self, at: DateTime<Utc>) -> String {
        let (wall, zone) = self.zone.wall(at);
        format!("{} {zone}", wall.format("%a %-d %b %Y %H:%M"))
    }

    /// The day an event is listed under: the day written for a date-only event
    /// (its day is known only in its own zone), else its day in the display zone.
    pub fn event_day(&self, event: &Event) -> NaiveDate {
        match event.start.written {
            Written::Date(day) => day,
            _ => self.zone.wall(event.start.at).0.date(),
        }
    }

    /// `16:00`, or `time TBA` when only the day is known.
    pub fn event_clock(&self, event: &Event) -> String {
        if event.start.date_only() {
            "time TBA".to_string()
        } else {
            self.zone.wall(event.start.at).0.format("%H:%M").to_string()
        }
    }

    /// `Wed 21 Jan 16:00 UTC`, or `Thu 22 Jan, time TBA`.
    pub fn event_when(&self, event: &Event) -> String {
        let day = day_label(self.event_day(event));
        if event.start.date_only() {
            format!("{day}, time TBA")
        } else {
            let (wall, zone) = self.zone.wall(event.start.at);
            format!("{day} {} {zone}", wall.format("%H:%M"))
        }
    }

    /// `in 4h`; for a date-only event, `in 9h at the earliest` (its day begins then).
    pub fn countdown(&self, event: &Event) -> String {
        let left = human_duration(event.start.at - self.now());
        if event.start.date_only() {
            format!("in {left} at the earliest")
        } else {
            format!("in {left}")
        }
    }

    /// Upcoming events grouped by day, days in order.
    pub fn upcoming_by_day(&self) -> Vec<(NaiveDate, Vec<&Arc<Event>>)> {
        let mut days: BTreeMap<NaiveDate, Vec<&Arc<Event>>> = BTreeMap::new();
        for event in &self.figures.upcoming {
            days.entry(self.event_day(event)).or_default().push(event);
        }
        days.into_iter().collect()
    }

    /// `Issues: 3 negotiating, 2 open, ...` counts, in the specification's order.
    pub fn status_summary(&self) -> String {
        self.figures
            .issues_by_status
            .iter()
            .map(|(status, n)| format!("{n} {status}"))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

impl Brief<'_> {
    /// The largest outages still on, one line each:
    /// `180,000 customers - Kyiv City, Kyiv, Darnytsia district (chp) - since Wed 21 Jan 00:40 UTC`.
    pub fn outage_lines(&self, n: usize) -> Vec<String> {
        let now = self.now();
        largest_outages(&self.board.strikes, now, n)
            .into_iter()
            .map(|s| {
                let mut place = s.oblast.clone();
                if let Some(location) = s.location.as_deref().or(s.facility.as_deref()) {
                    place.push_str(", ");
                    place.push_str(location);
                }
                format!(
                    "{} customers - {place} ({}) - since {}",
                    thousands(s.customers_out_at(now)),
                    s.target,
                    self.short_time(s.time.at)
                )
            })
            .collect()
    }

    /// `Wed 21 Jan 00:40 UTC`
    pub fn short_time(&self, at: DateTime<Utc>) -> String {
        let (wall, zone) = self.zone.wall(at);
        format!("{} {zone}", wall.format("%a %-d %b %H:%M"))
    }
}

/// `Wed 21 Jan`
pub fn day_label(day: NaiveDate) -> String {
    day.format("%a %-d %b").to_string()
}

/// `475,000`
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

/// `[######----]` for 0–100, ten cells (any progress at all fills one); an
/// empty frame when there is no estimate.
pub fn progress_bar(progress: Option<u8>) -> String {
    let filled = progress.map_or(0, |p| usize::from(p.min(100)).div_ceil(10));
    let rest = if progress.is_some() { "-" } else { " " };
    format!("[{}{}]", "#".repeat(filled), rest.repeat(10 - filled))
}

/// `55%`, or `no estimate`.
pub fn progress_label(progress: Option<u8>) -> String {
    progress.map_or_else(|| "no estimate".to_string(), |p| format!("{p}%"))
}

/// Runs `sitboard brief`: prints the brief and returns the exit status of `check`
/// (0 clean or warnings only, 1 any file has an error, 2 could not run).
pub fn run(common: &Common, format: BriefFormat, paths: &[PathBuf]) -> ExitCode {
    let opened =
        source::settings(common).and_then(|(_, zone)| Ok((zone, source::open(common, paths)?)));
    let (zone, opened) = match opened {
        Ok(opened) => opened,
        Err(err) => {
            eprintln!("{}", err.report("sitboard: error:"));
            return ExitCode::from(check::CANNOT_RUN);
        }
    };
    // Whole seconds: the example's story clock has run a few milliseconds by now,
    // and a snapshot should name the instant it describes exactly.
    let now = opened.clock.now().trunc_subsecs(0);
    let board = opened.store.merge(now);
    let brief = Brief::new(&board, now, zone, opened.is_example());
    let out = brief.render(format);
    let mut stdout = std::io::stdout().lock();
    // A closed pipe (`sitboard brief | head`) is not a failure of the brief.
    let _ = stdout
        .write_all(out.as_bytes())
        .and_then(|()| stdout.flush());
    if board.has_errors() {
        ExitCode::from(check::ERRORS)
    } else {
        ExitCode::SUCCESS
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_are_grouped() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(475_000), "475,000");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }

    #[test]
    fn progress_bars_round_up_to_the_next_cell() {
        assert_eq!(progress_bar(Some(0)), "[----------]");
        assert_eq!(progress_bar(Some(55)), "[######----]");
        assert_eq!(progress_bar(Some(100)), "[##########]");
        assert_eq!(progress_bar(Some(1)), "[#---------]");
        assert_eq!(progress_bar(None), "[          ]");
        assert_eq!(progress_label(None), "no estimate");
    }
}
