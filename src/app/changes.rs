//! What changed: records new or changed since the previous good version of their
//! file, kept marked for `highlight_for`, and a short list of the latest changes
//! ("14:02 issue territory: negotiating → near-agreement").

use std::collections::{HashMap, VecDeque};

use chrono::{DateTime, Duration, Utc};

use crate::load::FileRecords;
use crate::model::{Event, Issue, Kind, Strike};

/// How a record differs from the previous version of its file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mark {
    Added,
    Changed,
}

/// One line of the change list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    pub at: DateTime<Utc>,
    pub kind: Kind,
    pub id: String,
    /// `issue territory: negotiating → near-agreement`, `strike S-0141 added (Kyiv, substation)`.
    pub text: String,
}

/// The marks and the change list.
#[derive(Clone, Debug, Default)]
pub struct Changes {
    marks: HashMap<(Kind, String), (Mark, DateTime<Utc>)>,
    /// Newest first.
    pub list: VecDeque<Change>,
}

/// How many changes the list keeps.
const KEEP: usize = 200;

impl Changes {
    /// The mark of a record if it changed less than `window` before `now`.
    pub fn mark(&self, kind: Kind, id: &str, now: DateTime<Utc>, window: Duration) -> Option<Mark> {
        // The key is owned; a lookup by (Kind, &str) would need a custom Borrow.
        let (mark, at) = self.marks.get(&(kind, id.to_string()))?;
        (now - *at < window).then_some(*mark)
    }

    /// Changes made less than `window` before `now`, newest first.
    pub fn recent(&self, now: DateTime<Utc>, window: Duration) -> impl Iterator<Item = &Change> {
        self.list.iter().take_while(move |c| now - c.at < window)
    }

    /// Records the differences between a file's previous and new good versions.
    /// `old` is `None` for a file that was never good (everything in it is new).
    pub fn record(
        &mut self,
        old: Option<&FileRecords>,
        new: Option<&FileRecords>,
        at: DateTime<Utc>,
    ) {
        let empty = FileRecords::default();
        let (old, new) = (old.unwrap_or(&empty), new.unwrap_or(&empty));
        let mut found = Vec::new();
        diff(
            &old.events,
            &new.events,
            |e| &e.id,
            describe_event,
            &mut found,
        );
        diff(
            &old.issues,
            &new.issues,
            |i| &i.id,
            describe_issue,
            &mut found,
        );
        diff(
            &old.strikes,
            &new.strikes,
            |s| &s.id,
            describe_strike,
            &mut found,
        );
        for (kind, id, mark, text) in found {
            match mark {
                Some(mark) => {
                    self.marks.insert((kind, id.clone()), (mark, at));
                }
                None => {
                    self.marks.remove(&(kind, id.clone()));
                }
            }
            if !text.is_empty() {
                self.list.push_front(Change { at, kind, id, text });
            }
        }
        self.list.truncate(KEEP);
    }

    /// Forgets marks older than `window` (keeps the map small on long runs).
    pub fn expire(&mut self, now: DateTime<Utc>, window: Duration) {
        self.marks.retain(|_, (_, at)| now - *at < window);
    }
}

/// A record kind that can describe its own changes.
trait Described {
    const KIND: Kind;
}
impl Described for Event {
    const KIND: Kind = Kind::Event;
}
impl Described for Issue {
    const KIND: Kind = Kind::Issue;
}
impl Described for Strike {
    const KIND: Kind = Kind::Strike;
}

type Found = Vec<(Kind, String, Option<Mark>, String)>;

fn diff<T: Described + PartialEq>(
    old: &[std::sync::Arc<T>],
    new: &[std::sync::Arc<T>],
    id: impl Fn(&T) -> &String,
    describe: impl Fn(Option<&T>, Option<&T>) -> String,
    found: &mut Found,
) {
    if old.is_empty() && new.is_empty() {
        return;
    }
    let before: HashMap<&String, &T> = old.iter().map(|r| (id(r), r.as_ref())).collect();
    let after: HashMap<&String, &T> = new.iter().map(|r| (id(r), r.as_ref())).collect();
    // Adding many records at once (a bulk import) is listed in a single line.
    let added: Vec<&T> = new
        .iter()
        .map(|r| r.as_ref())
        .filter(|r| !before.contains_key(id(r)))
        .collect();
    let bulk = added.len() > 20;
    for record in new {
        let record = record.as_ref();
        match before.get(id(record)) {
            None => {
                // In a bulk import the records are marked but listed as one line.
                let text = if bulk {
                    String::new()
                } else {
                    describe(None, Some(record))
                };
                found.push((T::KIND, id(record).clone(), Some(Mark::Added), text));
            }
            Some(prev) if *prev != record => {
                let text = describe(Some(prev), Some(record));
                found.push((T::KIND, id(record).clone(), Some(Mark::Changed), text));
            }
            Some(_) => {}
        }
    }
    if let (true, Some(first)) = (bulk, added.first()) {
        let text = format!("{} {} records added", added.len(), T::KIND.as_str());
        found.push((T::KIND, id(first).clone(), Some(Mark::Added), text));
    }
    for record in old {
        let record = record.as_ref();
        if !after.contains_key(id(record)) {
            found.push((
                T::KIND,
                id(record).clone(),
                None,
                describe(Some(record), None),
            ));
        }
    }
}

fn describe_event(old: Option<&Event>, new: Option<&Event>) -> String {
    match (old, new) {
        (None, Some(e)) => format!("event {} added ({})", e.id, e.title),
        (Some(e), None) => format!("event {} removed ({})", e.id, e.title),
        (Some(a), Some(b)) if a.status != b.status => {
            format!("event {}: {} → {}", b.id, a.status, b.status)
        }
        (Some(a), Some(b)) if a.start.at != b.start.at => {
            format!(
                "event {}: moved from {} to {}",
                b.id,
                a.start.at.format("%d %b %H:%M UTC"),
                b.start.at.format("%d %b %H:%M UTC")
            )
        }
        (_, Some(b)) => format!("event {} changed", b.id),
        (_, None) => String::new(),
    }
}

fn describe_issue(old: Option<&Issue>, new: Option<&Issue>) -> String {
    match (old, new) {
        (None, Some(i)) => format!("issue {} added ({})", i.id, i.status),
        (Some(i), None) => format!("issue {} removed", i.id),
        (Some(a), Some(b)) if a.status != b.status => {
            format!("issue {}: {} → {}", b.id, a.status, b.status)
        }
        (Some(a), Some(b)) if a.progress != b.progress => format!(
            "issue {}: progress {} → {}",
            b.id,
            a.progress.map_or("–".to_string(), |p| format!("{p}%")),
            b.progress.map_or("–".to_string(), |p| format!("{p}%"))
        ),
        (Some(a), Some(b)) if a.positions != b.positions => {
            format!("issue {}: positions changed", b.id)
        }
        (_, Some(b)) => format!("issue {} changed", b.id),
        (_, None) => String::new(),
    }
}

fn describe_strike(old: Option<&Strike>, new: Option<&Strike>) -> String {
    match (old, new) {
        (None, Some(s)) => format!("strike {} added ({}, {})", s.id, s.oblast, s.target),
        (Some(s), None) => format!("strike {} removed", s.id),
        (Some(a), Some(b)) if a.restored.is_none() && b.restored.is_some() => {
            format!("strike {}: power restored", b.id)
        }
        (Some(a), Some(b)) if a.damage != b.damage => {
            format!("strike {}: damage {} → {}", b.id, a.damage, b.damage)
        }
        (_, Some(b)) => format!("strike {} changed", b.id),
        (_, None) => String::new(),
    }
}
