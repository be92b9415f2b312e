//! The room: the wall (rotation and its pause), present mode (slides for a
//! briefing) and alert banners. State and state changes only; `ui::wall` and
//! `ui::present` draw them, the runtime keeps the rotation's timer and carries
//! out what alerts ask for (bell, notification, command).

use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};

use super::{App, Effect, Pane};
use crate::alert::Fired;
use crate::config::keys::Action;
use crate::layout::Room;
use crate::model::figures::{StrikeFigures, largest_outages};
use crate::model::{Event, Priority, Strike};

/// The wall's rotation when neither `--rotate` nor `rotate` says: 20 s.
pub const DEFAULT_ROTATE: u64 = 20;

/// How long a key holds the rotation still.
pub const PAUSE: std::time::Duration = std::time::Duration::from_secs(60);

/// What the wall shows in turn: each pane zoomed, then the map.
pub const ROTATION: [(Pane, bool); 4] = [
    (Pane::Calendar, false),
    (Pane::Issues, false),
    (Pane::Strikes, false),
    (Pane::Strikes, true),
];

/// How far ahead the "next 48 hours" slide looks.
pub fn slide_ahead() -> Duration {
    Duration::hours(48)
}

/// Wall mode (`--wall`, `wall = true`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Wall {
    /// Seconds per pane; 0 keeps every pane on screen (no rotation).
    pub rotate: u64,
    /// Where in [`ROTATION`] the wall is.
    pub step: usize,
    /// A key was pressed: the rotation holds for [`PAUSE`].
    pub paused: bool,
}

impl Wall {
    pub fn new(rotate: u64) -> Wall {
        Wall {
            rotate,
            step: 0,
            paused: false,
        }
    }
}

/// One slide of present mode.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Slide {
    /// The board's title, classification and the time in its clocks.
    Title,
    /// Events in the next 48 hours.
    Next48h,
    /// One critical or high issue (by id): each party's position, the latest log.
    Issue(String),
    /// Strikes: last 24 h and 7 d, outages now, the trend and the map.
    Strikes,
    /// What changed since the last briefing.
    Changes,
}

/// Present mode: the slides and where the briefer is.
#[derive(Clone, Debug)]
pub struct Present {
    /// The "what changed" slide, worked out when present mode opens.
    pub changes: BriefingChanges,
    pub slides: Vec<Slide>,
    pub index: usize,
    /// Events of the next 48 hours, by start.
    pub next_events: Vec<Arc<Event>>,
    /// The strike figures as of now.
    pub strikes: StrikeFigures,
    /// The largest outages still on now.
    pub outages: Vec<Arc<Strike>>,
}

/// Where the "what changed" slide's lines come from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChangesFrom {
    /// Changes this board saw while it ran (`app::changes`): the data is not
    /// in git, or its history could not be read.
    ThisSession,
    /// The data's git history since the last briefing: `--since WHEN` when
    /// the board was started with it, else the last 24 hours.
    History,
}

/// The lines of the "what changed" slide.
#[derive(Clone, Debug)]
pub struct BriefingChanges {
    pub from: ChangesFrom,
    /// What the history's changes are since, as asked (`24h`, `--since`).
    pub since: String,
    /// Why history could not be read, when it is there but failed.
    pub why_not: Option<String>,
    /// `(when, text)`, newest first.
    pub lines: Vec<(DateTime<Utc>, String)>,
}

impl App {
    /// Wall mode, when on.
    pub fn wall(&self) -> Option<&Wall> {
        self.wall.as_ref()
    }

    /// Present mode, when on.
    pub fn present(&self) -> Option<&Present> {
        self.present.as_ref()
    }

    /// Alerts raised and not dismissed, oldest first.
    pub fn banners(&self) -> &[Fired] {
        &self.banners
    }

    /// Alerts fired since the last call, for the runtime's actions.
    pub fn take_fired(&mut self) -> Vec<Fired> {
        std::mem::take(&mut self.outbox)
    }

    /// A source copied with `y` that the runtime has not sent to the
    /// terminal's clipboard yet (sent once, however often the notice is drawn).
    pub fn take_clipboard(&mut self) -> Option<String> {
        self.clipboard.take()
    }

    /// Files whose latest version has errors, with the time it was saved.
    pub fn broken_files(&self) -> &[(String, Option<DateTime<Utc>>)] {
        &self.broken
    }

    /// How old the newest file is, when that is more than the board's
    /// `stale_after` (never for the example board).
    pub fn stale_age(&self) -> Option<Duration> {
        if self.example {
            return None;
        }
        let newest: DateTime<Utc> = self.board.newest_modified?.into();
        let age = (self.now - newest).max(Duration::zero());
        (age > self.board.meta.stale_after).then_some(age)
    }

    /// Rows each issue takes in the Issues pane: two on the wall when every
    /// issue fits so (a long title continues on the second row), else one.
    pub fn rows_per_issue(&self) -> usize {
        // Two rows each whenever every issue fits so (on the wall and at a desk
        // alike): a long title wraps onto its second row instead of being cut
        // at the column's width (docs/screen-and-keys.md#panes).
        let fits = self.list_len(Pane::Issues) * 2 <= self.screen().list_height(Pane::Issues);
        if fits { 2 } else { 1 }
    }

    /// The lines the room adds to the screen's layout.
    pub(crate) fn room(&self) -> Room {
        let wall = self.wall.is_some();
        let status = if wall {
            u16::from(self.stale_age().is_some()) + u16::from(!self.broken.is_empty())
        } else {
            0
        };
        Room {
            alert_line: !self.banners.is_empty(),
            status_lines: status,
            big_header: wall,
            no_footer: wall,
        }
    }

    /// New alerts: onto the banner line and into the runtime's outbox.
    pub(crate) fn raise(&mut self, fired: Vec<Fired>) {
        for alert in fired {
            self.banners.push(alert.clone());
            self.outbox.push(alert);
        }
        // A board left alone for a week keeps the latest hundred.
        let extra = self.banners.len().saturating_sub(100);
        self.banners.drain(..extra);
    }

    /// Reads which files are broken from the store (after every load).
    pub(crate) fn note_broken(&mut self) {
        self.broken = self
            .store
            .broken()
            .into_iter()
            .map(|(name, saved)| {
                (
                    crate::load::sanitize::line(&name),
                    saved.map(DateTime::<Utc>::from),
                )
            })
            .collect();
        self.broken.sort();
        let kept = self.store.kept_copies();
        self.kept = crate::pane::PerPane::from_fn(|pane| {
            let mut files: Vec<(String, Option<DateTime<Utc>>)> = kept
                .iter()
                .filter(|copy| copy.kinds[pane.index()])
                // The display name was cleaned when the file was found.
                .map(|copy| {
                    (
                        copy.display.to_string(),
                        copy.saved.map(DateTime::<Utc>::from),
                    )
                })
                .collect();
            files.sort();
            files
        });
    }

    /// The broken files whose last good version `pane` shows (name, saved at).
    pub fn kept_copies(&self, pane: crate::pane::Pane) -> &[(String, Option<DateTime<Utc>>)] {
        &self.kept[pane]
    }

    /// How often the wall moves to its next pane; `None` when it does not
    /// (no wall, `--rotate 0`, or presenting).
    pub fn rotation(&self) -> Option<std::time::Duration> {
        let wall = self.wall.as_ref()?;
        (wall.rotate > 0 && self.present.is_none())
            .then(|| std::time::Duration::from_secs(wall.rotate))
    }

    /// The wall's timer ran out: the next pane, zoomed; a pause ends.
    pub fn on_rotate(&mut self) -> Effect {
        let Some(wall) = &mut self.wall else {
            return Effect::None;
        };
        if wall.rotate == 0 {
            return Effect::None;
        }
        if wall.paused {
            // The pause is over: carry on from the pane on screen.
            wall.paused = false;
        }
        wall.step = (wall.step + 1) % ROTATION.len();
        let step = wall.step;
        self.show_rotation_step(step);
        Effect::Redraw
    }

    /// Puts the wall on one step of its rotation: that pane zoomed (or the map).
    pub(crate) fn show_rotation_step(&mut self, step: usize) {
        let (pane, map) = ROTATION[step % ROTATION.len()];
        self.page = None;
        self.detail = None;
        self.searching = false;
        self.focus = pane;
        self.zoomed = true;
        self.map = map;
        if map {
            self.refresh_map();
        }
        self.fit_all();
    }

    /// A key on a rotating wall: the rotation holds for a minute (the runtime
    /// restarts its timer); the key itself still does what it does.
    pub(crate) fn pause_rotation(&mut self) {
        if let Some(wall) = &mut self.wall {
            if wall.rotate > 0 {
                wall.paused = true;
            }
        }
    }

    /// Dismisses every alert banner.
    pub(crate) fn dismiss(&mut self) -> Effect {
        if self.banners.is_empty() {
            return Effect::None;
        }
        self.banners.clear();
        self.fit_all();
        Effect::Redraw
    }

    /// Opens present mode on its first slide.
    pub fn start_presenting(&mut self) -> Effect {
        let changes = self.compute_briefing_changes();
        self.present = Some(Present {
            changes,
            slides: Vec::new(),
            index: 0,
            next_events: Vec::new(),
            strikes: StrikeFigures::default(),
            outages: Vec::new(),
        });
        self.searching = false;
        self.refresh_slides();
        Effect::Redraw
    }

    /// Keys in present mode: → Space `PgDn` forward, ← `PgUp` back, Home/End,
    /// Esc back to the board; quit, help and the zone still work.
    pub(crate) fn present_action(&mut self, action: Action) -> Effect {
        let Some(present) = &mut self.present else {
            return Effect::None;
        };
        let last = present.slides.len().saturating_sub(1);
        match action {
            Action::NextSlide | Action::PageDown | Action::Down => {
                present.index = (present.index + 1).min(last);
            }
            Action::PrevSlide | Action::PageUp | Action::Up => {
                present.index = present.index.saturating_sub(1);
            }
            Action::Top => present.index = 0,
            Action::Bottom => present.index = last,
            Action::Back | Action::Present => {
                self.present = None;
                self.fit_all();
            }
            _ => return Effect::None,
        }
        Effect::Redraw
    }

    /// The slides for the board as it is now, the briefer kept on the slide
    /// they were on (by what it shows, so a new issue does not move them).
    pub(crate) fn refresh_slides(&mut self) {
        let Some(present) = &mut self.present else {
            return;
        };
        let current = present.slides.get(present.index).cloned();
        let mut slides = vec![Slide::Title, Slide::Next48h];
        let mut important: Vec<_> = self
            .board
            .issues
            .iter()
            .filter(|i| matches!(i.priority, Priority::Critical | Priority::High))
            .collect();
        // Critical first; the board's order within a priority.
        important.sort_by_key(|i| i.priority);
        slides.extend(important.into_iter().map(|i| Slide::Issue(i.id.clone())));
        slides.push(Slide::Strikes);
        slides.push(Slide::Changes);
        present.index = current
            .and_then(|c| slides.iter().position(|s| *s == c))
            .unwrap_or(present.index)
            .min(slides.len() - 1);
        present.slides = slides;
        let now = self.now;
        let until = now + slide_ahead();
        let mut next: Vec<Arc<Event>> = self
            .board
            .events
            .iter()
            .filter(|e| e.start.at >= now && e.start.at <= until)
            .cloned()
            .collect();
        next.sort_by(|a, b| a.start.at.cmp(&b.start.at).then_with(|| a.id.cmp(&b.id)));
        present.next_events = next;
        present.strikes = StrikeFigures::compute(&self.board.strikes, now);
        present.outages = largest_outages(&self.board.strikes, now, 5)
            .into_iter()
            .cloned()
            .collect();
        // The strikes slide draws the map.
        self.refresh_map();
    }

    /// The "what changed" slide's lines, as worked out when present mode opened.
    pub fn briefing_changes(&self) -> Option<&BriefingChanges> {
        self.present.as_ref().map(|p| &p.changes)
    }

    /// What changed since the last briefing: from the data's git history
    /// (`--since WHEN` when the board was started with it, else the last 24
    /// hours) with who changed it and when; outside git, the changes this
    /// board saw while it ran.
    fn compute_briefing_changes(&mut self) -> BriefingChanges {
        let since = self
            .asked_since
            .clone()
            .unwrap_or_else(|| "24h".to_string());
        if self.has_history() {
            match self.git_changes(&since) {
                Ok(items) => {
                    let zone = self.zone();
                    let brief = crate::brief::Brief::new(&self.board, self.now, zone, self.example);
                    let mut lines: Vec<(DateTime<Utc>, String)> = items
                        .iter()
                        .map(|item| {
                            let at = item.latest().map_or(self.now, |c| c.time);
                            (at, brief.change_line(item))
                        })
                        .collect();
                    lines.sort_by_key(|line| std::cmp::Reverse(line.0));
                    return BriefingChanges {
                        from: ChangesFrom::History,
                        since,
                        why_not: None,
                        lines,
                    };
                }
                Err(why) => {
                    return BriefingChanges {
                        from: ChangesFrom::ThisSession,
                        since,
                        why_not: Some(why),
                        lines: self.session_changes(),
                    };
                }
            }
        }
        BriefingChanges {
            from: ChangesFrom::ThisSession,
            since,
            why_not: None,
            lines: self.session_changes(),
        }
    }

    fn session_changes(&self) -> Vec<(DateTime<Utc>, String)> {
        self.changes()
            .take(200)
            .map(|c| (c.at, c.text.clone()))
            .collect()
    }
}
