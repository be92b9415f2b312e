//! The detail of one record (`Enter`): every field, wrapped to the screen.
//!
//! The lines are built for each frame it is drawn in (a few dozen lines of one
//! record); the state keeps only which record is open and how far it is
//! scrolled.

use chrono::{DateTime, Utc};
use ratatui::Frame;
use ratatui::buffer::{Buffer, CellDiffOption};
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::text::wrap;
use super::theme::{Role, Theme};
use crate::app::App;
use crate::app::changes::Mark;
use crate::model::time::human_duration;
use crate::model::{Event, Issue, Kind, Strike, When};

/// Width of the field-name column.
const LABEL: usize = 14;

struct Builder<'t> {
    theme: &'t Theme,
    width: usize,
    lines: Vec<Line<'static>>,
    /// Where a source that is a URL stands, to be made a hyperlink when drawn.
    links: Vec<LinkSpan>,
}

/// Part of a line that is a link: the line, its first column, the text shown
/// there (one row of a wrapped URL) and the URL.
#[derive(Clone, Debug, PartialEq)]
pub struct LinkSpan {
    pub line: usize,
    pub col: u16,
    pub text: String,
    pub url: String,
}

impl Builder<'_> {
    fn title(&mut self, text: &str) {
        for row in wrap(text, self.width) {
            self.lines.push(Line::from(Span::styled(
                row,
                self.theme.strong(Role::Accent),
            )));
        }
    }

    fn blank(&mut self) {
        self.lines.push(Line::from(""));
    }

    fn heading(&mut self, text: &str) {
        self.blank();
        self.lines.push(Line::from(Span::styled(
            text.to_string(),
            self.theme.bold(),
        )));
    }

    /// `Label         value`, the value wrapped under itself.
    fn field(&mut self, label: &str, value: &str) {
        self.field_styled(label, value, Style::default());
    }

    fn field_styled(&mut self, label: &str, value: &str, style: Style) {
        let rows = wrap(value, self.width.saturating_sub(LABEL).max(10));
        for (i, row) in rows.into_iter().enumerate() {
            let label = if i == 0 {
                super::text::cell(label, LABEL, "")
            } else {
                " ".repeat(LABEL)
            };
            self.lines.push(Line::from(vec![
                Span::styled(label, self.theme.muted()),
                Span::styled(row, style),
            ]));
        }
    }

    fn opt(&mut self, label: &str, value: Option<&str>) {
        if let Some(v) = value.filter(|v| !v.is_empty()) {
            self.field(label, v);
        }
    }

    /// Free text under a heading, indented.
    fn text(&mut self, text: &str) {
        for row in wrap(text, self.width.saturating_sub(2).max(10)) {
            self.lines.push(Line::from(format!("  {row}")));
        }
    }

    /// `Sources` and the record's sources, numbered (`y` then the number copies
    /// one): `  1. https://...`, wrapped under itself. A source that may be a
    /// link (`term::link_target`) is remembered where it stands; anything else
    /// is plain text.
    fn sources<T: AsRef<str>>(&mut self, sources: &[T]) {
        if sources.is_empty() {
            return;
        }
        self.heading("Sources");
        let digits = sources.len().to_string().len();
        for (n, source) in sources.iter().map(AsRef::as_ref).enumerate() {
            let lead = format!("  {:>digits$}. ", n + 1);
            let lead_w = super::text::width(&lead);
            let is_link = crate::term::link_target(source).is_some();
            for (i, row) in wrap(source, self.width.saturating_sub(lead_w).max(10))
                .into_iter()
                .enumerate()
            {
                let head = if i == 0 {
                    Span::styled(lead.clone(), self.theme.muted())
                } else {
                    Span::raw(" ".repeat(lead_w))
                };
                if is_link && !row.is_empty() {
                    self.links.push(LinkSpan {
                        line: self.lines.len(),
                        col: u16::try_from(lead_w).unwrap_or(u16::MAX),
                        text: row.clone(),
                        url: source.to_string(),
                    });
                }
                let style = if is_link {
                    self.theme.fg(Role::Accent)
                } else {
                    Style::default()
                };
                self.lines
                    .push(Line::from(vec![head, Span::styled(row, style)]));
            }
        }
    }

    /// `- item` rows.
    fn bullets<'a>(&mut self, items: impl IntoIterator<Item = &'a str>) {
        let bullet = self.theme.glyph("•", "-");
        for item in items {
            for (i, row) in wrap(item, self.width.saturating_sub(4).max(10))
                .into_iter()
                .enumerate()
            {
                let lead = if i == 0 {
                    format!("  {bullet} ")
                } else {
                    "    ".to_string()
                };
                self.lines.push(Line::from(format!("{lead}{row}")));
            }
        }
    }
}

/// The detail lines of a record (or a note that it has left the board).
pub fn build(app: &App, kind: Kind, id: &str) -> Vec<Line<'static>> {
    build_with_links(app, kind, id).0
}

/// The detail lines and where its URL sources stand in them.
pub fn build_with_links(app: &App, kind: Kind, id: &str) -> (Vec<Line<'static>>, Vec<LinkSpan>) {
    let width = (app.size().0 as usize).saturating_sub(2).max(20);
    let mut b = Builder {
        theme: &Theme::of(app),
        width,
        lines: Vec::new(),
        links: Vec::new(),
    };
    let board = app.board();
    let found = app
        .views()
        .index_of(board, kind, id)
        .map(|i| i as usize)
        .map(|i| match kind {
            Kind::Event => event(app, &mut b, &board.events[i]),
            Kind::Issue => issue(app, &mut b, &board.issues[i]),
            Kind::Strike => strike(app, &mut b, &board.strikes[i]),
        });
    if found.is_none() {
        b.lines.push(Line::from(Span::styled(
            format!("{} \"{}\" is no longer on the board.", kind.as_str(), id),
            Theme::of(app).strong(Role::Warn),
        )));
        b.text("Its file changed or was removed. Esc goes back to the list.");
    }
    (b.lines, b.links)
}

/// `Thu 22 Jan 2026 14:00 UTC`, or `Thu 22 Jan 2026, time TBA`.
fn display_time(app: &App, when: &When) -> String {
    let zone = app.zone();
    if let crate::model::Written::Date(day) = when.written {
        return format!("{}, time TBA", day.format("%a %-d %b %Y"));
    }
    format!(
        "{} {}",
        zone.at(when.at).format("%a %-d %b %Y %H:%M"),
        zone.short_name(when.at)
    )
}

/// A time known only approximately: `Tue 10 Feb 2026 ~09:00 UTC`,
/// `Thu 5 Feb 2026, time not known`, `week of 9 Feb 2026`, `Jan 2026`.
fn approximate_time(app: &App, when: &When, precision: crate::model::TimePrecision) -> String {
    use crate::model::TimePrecision;
    let zone = app.zone();
    let shown = zone.at(when.at);
    let day = match when.written {
        crate::model::Written::Date(day) => day,
        _ => shown.date_naive(),
    };
    match precision {
        TimePrecision::Exact => display_time(app, when),
        TimePrecision::Hour => format!(
            "{} ~{} {}",
            shown.format("%a %-d %b %Y"),
            shown.format("%H:%M"),
            zone.short_name(when.at)
        ),
        TimePrecision::Day => format!("{}, time not known", day.format("%a %-d %b %Y")),
        TimePrecision::Week => day.format("week of %-d %b %Y").to_string(),
        TimePrecision::Month => day.format("%b %Y").to_string(),
    }
}

/// A moment already past (a log entry, an update): `Thu 22 Jan 2026 14:00 UTC`,
/// or for a date alone just the day, `Thu 12 Nov 2026` ("time TBA" is for what
/// is still to come).
fn display_past(app: &App, when: &When) -> String {
    if let crate::model::Written::Date(day) = when.written {
        return day.format("%a %-d %b %Y").to_string();
    }
    display_time(app, when)
}

/// The record's own local time: `17:00 MSK, Europe/Moscow`.
fn own_time(app: &App, when: &When, tz: Option<chrono_tz::Tz>) -> Option<String> {
    if when.date_only() {
        return None;
    }
    let tz = tz.unwrap_or(when.zone);
    // Nothing to add when the record's zone keeps the display zone's clock.
    let display = app.zone().at(when.at);
    let local = when.at.with_timezone(&tz);
    if display.offset().local_minus_utc() == local.fixed_offset().offset().local_minus_utc() {
        return None;
    }
    // The day is repeated only when it is another day there.
    let format = if local.date_naive() == display.date_naive() {
        "%H:%M"
    } else {
        "%a %-d %b %H:%M"
    };
    Some(format!(
        "local {} {} ({})",
        local.format(format),
        crate::model::zone::short_name(tz, when.at),
        tz.name()
    ))
}

/// The display time with the record's own local time beside it (wrapped under
/// it on a narrow screen).
fn time_field(
    app: &App,
    b: &mut Builder,
    label: &str,
    when: &When,
    tz: Option<chrono_tz::Tz>,
    extra: Option<String>,
) {
    let mut text = display_time(app, when);
    if let Some(extra) = extra {
        text = format!("{text} ({extra})");
    }
    if let Some(own) = own_time(app, when, tz) {
        text = format!("{text} {} {own}", b.theme.glyph("·", "-"));
    }
    b.field(label, &text);
}

/// `in 2h 14m` / `3h ago`.
fn relative(now: DateTime<Utc>, at: DateTime<Utc>) -> String {
    if at > now {
        format!("in {}", super::text::countdown(now, at))
    } else {
        format!("{} ago", human_duration(now - at))
    }
}

fn mark_line(app: &App, b: &mut Builder, kind: Kind, id: &str) {
    let mark = app.mark(kind, id);
    let source = app
        .record_source(kind, id)
        .map(|s| format!(" {} {s}", b.theme.glyph("·", "-")))
        .unwrap_or_default();
    let mut spans = vec![Span::styled(
        format!("{} {}{source}", kind.as_str(), id),
        b.theme.muted(),
    )];
    match mark {
        Some(Mark::Added) => spans.push(Span::styled(
            "  + new since the previous load",
            b.theme.strong(Role::Changed),
        )),
        Some(Mark::Changed) => spans.push(Span::styled(
            "  ~ changed since the previous load",
            b.theme.strong(Role::Changed),
        )),
        None => {}
    }
    b.lines.push(Line::from(spans));
    b.blank();
}

fn parties(app: &App, codes: impl IntoIterator<Item = String>) -> String {
    let meta = &app.board().meta;
    codes
        .into_iter()
        .map(|c| {
            let name = meta.party_name(&c);
            if name == c {
                c
            } else {
                format!("{name} ({c})")
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn event(app: &App, b: &mut Builder, e: &Event) {
    let theme = &Theme::of(app);
    let now = app.now();
    b.title(&e.title);
    mark_line(app, b, Kind::Event, &e.id);
    let (glyph, style) = super::calendar::status_look(e.status, theme);
    b.field_styled("Status", &format!("{glyph} {}", e.status), style);
    b.field("Kind", e.kind.as_str());
    if matches!(
        e.time_precision,
        crate::model::TimePrecision::Hour
            | crate::model::TimePrecision::Week
            | crate::model::TimePrecision::Month
    ) {
        let text = format!(
            "{} (known to the {})",
            approximate_time(app, &e.start, e.time_precision),
            e.time_precision
        );
        b.field("Start", &text);
    } else {
        time_field(app, b, "Start", &e.start, e.tz, None);
    }
    if let Some(end) = &e.end {
        time_field(app, b, "End", end, e.tz, None);
    }
    if !e.start.date_only() {
        b.field("When", &relative(now, e.start.at));
    }
    b.opt("Location", e.location.as_deref());
    if !e.parties.is_empty() {
        b.field(
            "Parties",
            &parties(app, e.parties.iter().map(|p| p.value.clone())),
        );
    }
    list(b, "Participants", &e.participants);
    if !e.issues.is_empty() {
        b.heading("Issues on the agenda");
        let items: Vec<String> = e
            .issues
            .iter()
            .map(
                |link| match app.views().index_of(app.board(), Kind::Issue, &link.value) {
                    Some(i) => {
                        let issue = &app.board().issues[i as usize];
                        format!("{} [{}] ({})", issue.title, issue.status, issue.id)
                    }
                    None => format!("{} (not on the board)", link.value),
                },
            )
            .collect();
        b.bullets(items.iter().map(String::as_str));
    }
    if let Some(summary) = &e.summary {
        b.heading("Summary");
        b.text(summary);
    }
    b.sources(&e.sources);
    if let Some(updated) = &e.updated {
        b.blank();
        updated_field(app, b, updated);
    }
}

/// `Updated  Wed 21 Jan 2026 11:10 UTC (50m ago)`.
fn updated_field(app: &App, b: &mut Builder, updated: &When) {
    b.field(
        "Updated",
        &format!(
            "{} ({})",
            display_past(app, updated),
            relative(app.now(), updated.at)
        ),
    );
}

/// A heading and one bullet per item; nothing when there are none.
fn list<T: AsRef<str>>(b: &mut Builder, heading: &str, items: &[T]) {
    if !items.is_empty() {
        b.heading(heading);
        b.bullets(items.iter().map(AsRef::as_ref));
    }
}

fn issue(app: &App, b: &mut Builder, i: &Issue) {
    let theme = &Theme::of(app);
    b.title(&i.title);
    mark_line(app, b, Kind::Issue, &i.id);
    let (glyph, style) = super::issues::status_look(i.status, theme);
    b.field_styled("Status", &format!("{glyph} {}", i.status), style);
    let (_, prio_style) = super::issues::priority_look(i.priority, theme);
    b.field_styled("Priority", i.priority.as_str(), prio_style);
    let progress = match i.progress {
        Some(p) => format!("{} {p}%", theme.progress_bar(Some(p), 20)),
        None => "not estimated".to_string(),
    };
    b.field("Progress", &progress);
    b.opt("Owner", i.owner.as_deref());
    if !i.parties.is_empty() {
        b.field(
            "Parties",
            &parties(app, i.parties.iter().map(|p| p.value.clone())),
        );
    }
    if !i.tags.is_empty() {
        b.field("Tags", &i.tags.join(", "));
    }
    if let Some(updated) = &i.updated {
        updated_field(app, b, updated);
    }
    if let Some(summary) = &i.summary {
        b.heading("Summary");
        b.text(summary);
    }
    if !i.positions.is_empty() {
        b.heading("Positions");
        for (code, position) in i.positions_in_order(&app.board().meta) {
            let name = app.board().meta.party_name(code);
            let who = if name == code {
                code.to_string()
            } else {
                format!("{name} ({code})")
            };
            b.lines.push(Line::from(Span::styled(
                format!("  {who}"),
                theme.strong(Role::Accent),
            )));
            for row in wrap(position, b.width.saturating_sub(4).max(10)) {
                b.lines.push(Line::from(format!("    {row}")));
            }
        }
    }
    if !i.log.is_empty() {
        b.heading("Log, newest first");
        let mut order: Vec<&crate::model::LogEntry> = i.log.iter().collect();
        order.sort_by_key(|entry| std::cmp::Reverse(entry.date.at));
        for entry in order {
            let mut head = vec![Span::styled(
                format!("  {}", display_past(app, &entry.date)),
                theme.bold(),
            )];
            if let Some(status) = entry.status {
                let (_, style) = super::issues::status_look(status, theme);
                head.push(Span::styled(
                    format!("  {} {status}", theme.glyph("→", "->")),
                    style,
                ));
            }
            b.lines.push(Line::from(head));
            for row in wrap(&entry.text, b.width.saturating_sub(4).max(10)) {
                b.lines.push(Line::from(format!("    {row}")));
            }
            if let Some(source) = &entry.source {
                for row in wrap(
                    &format!("source: {source}"),
                    b.width.saturating_sub(4).max(10),
                ) {
                    b.lines.push(Line::from(Span::styled(
                        format!("    {row}"),
                        theme.muted(),
                    )));
                }
            }
        }
    }
    let linked: Vec<String> = app
        .board()
        .events
        .iter()
        .filter(|e| e.issues.iter().any(|l| l.value == i.id))
        .map(|e| {
            format!(
                "{}  {} [{}]",
                display_time(app, &e.start),
                e.title,
                e.status
            )
        })
        .collect();
    if !linked.is_empty() {
        b.heading("Events with this issue on the agenda");
        b.bullets(linked.iter().map(String::as_str));
    }
    b.sources(&i.sources);
}

fn strike(app: &App, b: &mut Builder, s: &Strike) {
    let theme = &Theme::of(app);
    let now = app.now();
    let title = match (&s.facility, &s.location) {
        (Some(f), _) => format!("{} {} {}, {}", s.target, theme.glyph("—", "-"), f, s.oblast),
        (None, Some(l)) => format!("{} {} {}, {}", s.target, theme.glyph("—", "-"), l, s.oblast),
        (None, None) => format!("{} {} {}", s.target, theme.glyph("—", "-"), s.oblast),
    };
    b.title(&title);
    mark_line(app, b, Kind::Strike, &s.id);
    if s.is_approximate_time() {
        // Approximate: the period as an analyst writes it, no local clock.
        b.field(
            "Time",
            &format!(
                "{} (known to the {}, from {})",
                approximate_time(app, &s.time, s.time_precision),
                s.time_precision,
                relative(now, s.time.at)
            ),
        );
    } else {
        time_field(
            app,
            b,
            "Time",
            &s.time,
            s.tz,
            Some(relative(now, s.time.at)),
        );
    }
    b.field("Oblast", &s.oblast);
    b.field("Target", s.target.as_str());
    b.opt("Location", s.location.as_deref());
    b.opt("Facility", s.facility.as_deref());
    b.opt("Operator", s.operator.as_deref());
    match (s.coords, s.geo_precision) {
        (Some((lat, lon)), Some(p)) if p != crate::model::GeoPrecision::Exact => {
            b.field(
                "Coordinates",
                &format!("{lat:.4}, {lon:.4} (approximate: the {p})"),
            );
        }
        (Some((lat, lon)), _) => b.field("Coordinates", &format!("{lat:.4}, {lon:.4}")),
        (None, Some(p)) => b.field("Place", &format!("known to the {p}")),
        (None, None) => {}
    }
    b.field_styled(
        "Damage",
        s.damage.as_str(),
        super::strikes::damage_style(s.damage, theme),
    );
    match (s.outage_customers, &s.restored) {
        (Some(n), Some(r)) if n > 0 => {
            b.field(
                "Outage",
                &format!("{} customers", super::text::thousands(u64::from(n))),
            );
            // A date alone counts from the end of its day (Strike::restored_by).
            let state = if s.restored_by().is_some_and(|by| by <= now) {
                "restored"
            } else {
                "to be restored"
            };
            b.field(
                "Restored",
                &format!(
                    "{} ({state}, {})",
                    display_time(app, r),
                    relative(now, r.at)
                ),
            );
        }
        (Some(n), None) if n > 0 => {
            b.field_styled(
                "Outage",
                &format!(
                    "{} customers, still without power",
                    super::text::thousands(u64::from(n))
                ),
                theme.fg(Role::Bad),
            );
        }
        (Some(_), _) => b.field("Outage", "none (0 customers)"),
        (None, _) => b.field(
            "Outage",
            &format!("{} (not reported)", theme.glyph("–", "-")),
        ),
    }
    if let Some(w) = &s.weapons {
        let parts: Vec<String> = w
            .reported()
            .iter()
            .map(|(long, _, n)| format!("{n} {long}"))
            .collect();
        if !parts.is_empty() {
            b.field("Weapons", &parts.join(", "));
        }
    }
    if let Some(c) = &s.casualties {
        let dash = theme.glyph("–", "-");
        let parts: Vec<String> = [("killed", c.killed), ("injured", c.injured)]
            .iter()
            .filter_map(|(name, n)| n.map(|n| n.describe(name, dash)))
            .collect();
        if !parts.is_empty() {
            b.field("Casualties", &parts.join(", "));
        }
    }
    b.field("Confidence", s.confidence.as_str());
    if let Some(notes) = &s.notes {
        b.heading("Notes");
        b.text(notes);
    }
    b.sources(&s.sources);
}

/// Whether URL sources are drawn as hyperlinks (`links` in the config, `auto`
/// decided when the config was loaded).
fn links_on(app: &App) -> bool {
    app.config().hyperlinks
}

/// Makes `text`, drawn at (x, y), a hyperlink to `url`: the first cell carries
/// the whole OSC 8 sequence (built and checked by the terminal layer) with the
/// text's width forced on it, the cells it covers are skipped. Nothing happens
/// when the URL or the text does not pass the check, or the text does not fit.
fn hyperlink(buf: &mut Buffer, area: Rect, x: u16, y: u16, text: &str, url: &str) {
    let width = super::text::width(text);
    let Ok(w) = u16::try_from(width) else {
        return;
    };
    let Some(forced) = std::num::NonZeroU16::new(w) else {
        return;
    };
    if x < area.x || x.saturating_add(w) > area.x + area.width || y >= area.y + area.height {
        return;
    }
    let Some(symbol) = crate::term::hyperlink(url, text) else {
        return;
    };
    if let Some(cell) = buf.cell_mut((x, y)) {
        cell.set_symbol(&symbol);
        cell.diff_option = CellDiffOption::ForcedWidth(forced);
    }
    for dx in 1..w {
        if let Some(cell) = buf.cell_mut((x + dx, y)) {
            cell.diff_option = CellDiffOption::Skip;
        }
    }
}

/// The last line of the detail while copying a source: `copy which source? 1–3`,
/// or `source 2 copied to the clipboard`. (The runtime sends the clipboard
/// sequence itself, once: [`App::take_clipboard`].)
fn copy_notice(frame: &mut Frame, inner: Rect, app: &App, detail: &crate::app::Detail) {
    use crate::app::Copying;
    if inner.height == 0 || inner.width < 2 {
        return;
    }
    let sources = app.sources_of(detail.kind, &detail.id);
    let theme = &Theme::of(app);
    let text = match detail.copy {
        Copying::Idle => return,
        Copying::Choosing => format!(
            " copy which source? 1{}{} (another key cancels) ",
            theme.glyph("–", "-"),
            sources.len()
        ),
        Copying::Copied(n) => {
            if sources.get(usize::from(n).saturating_sub(1)).is_none() {
                return;
            }
            format!(" source {n} copied to the clipboard ")
        }
    };
    let y = inner.y + inner.height - 1;
    let buf = frame.buffer_mut();
    buf.set_stringn(inner.x, y, &text, inner.width as usize, theme.selected());
}

pub fn render(frame: &mut Frame, area: Rect, app: &App, detail: &crate::app::Detail) {
    let theme = &Theme::of(app);
    let title = if detail.gone {
        format!("{} {} (gone)", detail.kind.as_str(), detail.id)
    } else {
        format!("{} {}", detail.kind.as_str(), detail.id)
    };
    let block = super::page_block(app, &title);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let height = inner.height as usize;
    let (lines, links) = build_with_links(app, detail.kind, &detail.id);
    let scroll = super::render_scrolled(frame, inner, &lines, Some(&detail.scroll));
    if links_on(app) {
        // The top line drawn, as render_lines works it out.
        let top = scroll.min(lines.len().saturating_sub(height));
        for link in &links {
            let Some(row) = link.line.checked_sub(top).filter(|r| *r < height) else {
                continue;
            };
            let x = inner.x.saturating_add(link.col);
            let y = inner.y + row as u16;
            hyperlink(frame.buffer_mut(), inner, x, y, &link.text, &link.url);
        }
    }
    copy_notice(frame, inner, app, detail);
    if lines.len() > scroll + height && inner.height > 0 {
        // The key as bound now (it can be rebound in the config).
        let key = app
            .config()
            .keys
            .key_label(crate::app::Action::PageDown, theme.ascii)
            .unwrap_or_default();
        let more = format!(" {} more ({key}) ", lines.len() - scroll - height);
        let x = inner.x + inner.width.saturating_sub(super::text::width(&more) as u16);
        frame.buffer_mut().set_stringn(
            x,
            inner.y + inner.height - 1,
            more,
            inner.width as usize,
            theme.selected(),
        );
    }
}
