//! What changed: records new or changed since the previous good version of their
//! file, kept marked for `highlight_for`, and a short list of the latest changes
//! ("14:02 issue territory: negotiating → near-agreement").

use std::collections::{HashMap, VecDeque};

use chrono::{DateTime, Duration, Utc};

use crate::load::FileRecords;
use crate::model::diff::{ChangeKind, Diffable, RecordChange};
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
    /// Records changed since the user last looked (or since `--since`): marked
    /// until seen, however long ago they changed.
    unseen: HashMap<(Kind, String), Mark>,
    /// Newest first.
    pub list: VecDeque<Change>,
}

/// How many changes the list keeps.
const KEEP: usize = 200;

impl Changes {
    /// The mark of a record if it changed less than `window` before `now`.
    pub fn mark(&self, kind: Kind, id: &str, now: DateTime<Utc>, window: Duration) -> Option<Mark> {
        // The key is owned; a lookup by (Kind, &str) would need a custom Borrow.
        let key = (kind, id.to_string());
        if let Some(mark) = self.unseen.get(&key) {
            return Some(*mark);
        }
        let (mark, at) = self.marks.get(&key)?;
        (now - *at < window).then_some(*mark)
    }

    /// Changes made while the board was closed (or since `--since`): listed,
    /// newest first, behind any already listed, and marked until seen.
    pub fn set_unseen(&mut self, items: &[RecordChange], now: DateTime<Utc>) {
        let mut found: Vec<Change> = Vec::new();
        for item in items {
            let mark = match item.change {
                ChangeKind::Added => Some(Mark::Added),
                ChangeKind::Changed => Some(Mark::Changed),
                ChangeKind::Removed => None,
            };
            if let Some(mark) = mark {
                self.unseen.insert((item.kind, item.id.clone()), mark);
            }
            found.push(Change {
                at: item.latest().map_or(now, |c| c.time),
                kind: item.kind,
                id: item.id.clone(),
                text: unseen_text(item),
            });
        }
        found.sort_by_key(|c| std::cmp::Reverse(c.at));
        self.list.extend(found);
        self.list.truncate(KEEP.max(items.len()));
    }

    /// How many records are marked as not yet seen.
    pub fn unseen_count(&self) -> usize {
        self.unseen.len()
    }

    /// The records marked as not yet seen.
    pub fn unseen_keys(&self) -> Vec<(Kind, String)> {
        self.unseen.keys().cloned().collect()
    }

    /// Everything is seen: the marks go (the list stays).
    pub fn mark_all_seen(&mut self) {
        self.unseen.clear();
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
            |e| e.id.as_str(),
            describe_event,
            &mut found,
        );
        diff(
            &old.issues,
            &new.issues,
            |i| i.id.as_str(),
            describe_issue,
            &mut found,
        );
        diff(
            &old.strikes,
            &new.strikes,
            |s| s.id.as_str(),
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

/// `issue truce: status deadlocked → negotiating (Bo Briefer, "Truce talks resume")`.
fn unseen_text(item: &RecordChange) -> String {
    let what = match item.change {
        ChangeKind::Added => format!("added ({})", item.title),
        ChangeKind::Removed => format!("removed ({})", item.title),
        ChangeKind::Changed if item.fields.is_empty() => "changed".to_string(),
        ChangeKind::Changed => item
            .fields
            .iter()
            .map(|f| f.describe("none", str::to_string))
            .collect::<Vec<_>>()
            .join("; "),
    };
    let by = match item.latest() {
        Some(c) if c.is_uncommitted() => " (uncommitted)".to_string(),
        Some(c) => format!(" ({}, \"{}\")", c.author, c.subject),
        None => String::new(),
    };
    format!("{} {}: {what}{by}", item.kind.as_str(), item.id)
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
    id: impl Fn(&T) -> &str,
    describe: impl Fn(Option<&T>, Option<&T>) -> String,
    found: &mut Found,
) {
    if old.is_empty() && new.is_empty() {
        return;
    }
    // The usual save changes records in place: the same ids in the same
    // order are compared pair by pair, without a table of either (ids are
    // unique within a good file, so nothing came or went).
    if old.len() == new.len() && old.iter().zip(new).all(|(a, b)| id(a) == id(b)) {
        for (prev, record) in old.iter().zip(new) {
            if !std::sync::Arc::ptr_eq(prev, record) && **prev != **record {
                let text = describe(Some(prev), Some(record));
                found.push((T::KIND, id(record).to_string(), Some(Mark::Changed), text));
            }
        }
        return;
    }
    let before: HashMap<&str, &T> = old.iter().map(|r| (id(r), r.as_ref())).collect();
    let after: HashMap<&str, &T> = new.iter().map(|r| (id(r), r.as_ref())).collect();
    // Adding many records at once (a bulk import) is listed in a single line.
    let added: Vec<&T> = new
        .iter()
        .map(std::convert::AsRef::as_ref)
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
                found.push((T::KIND, id(record).to_string(), Some(Mark::Added), text));
            }
            Some(prev) if *prev != record => {
                let text = describe(Some(prev), Some(record));
                found.push((T::KIND, id(record).to_string(), Some(Mark::Changed), text));
            }
            Some(_) => {}
        }
    }
    if let (true, Some(first)) = (bulk, added.first()) {
        let text = format!("{} {} records added", added.len(), T::KIND.as_str());
        found.push((T::KIND, id(first).to_string(), Some(Mark::Added), text));
    }
    for record in old {
        let record = record.as_ref();
        if !after.contains_key(id(record)) {
            found.push((
                T::KIND,
                id(record).to_string(),
                None,
                describe(Some(record), None),
            ));
        }
    }
}

/// One save's changes to one record, each field named with its old and new
/// value as written (`strike S-1: outage_customers 120000 → 80000; restored — →
/// 2026-01-21T14:00`); a position names its party (`position UA`).
fn fields_changed<T: Diffable>(old: &T, new: &T) -> String {
    let fields = T::fields(old, new);
    if fields.is_empty() {
        return format!("{} {} changed", T::KIND.as_str(), new.id());
    }
    let parts: Vec<String> = fields
        .iter()
        .map(|f| f.describe("—", |v| one_line_cut(v, 40)))
        .collect();
    format!("{} {}: {}", T::KIND.as_str(), new.id(), parts.join("; "))
}

/// A value on one line, cut at `max` characters.
fn one_line_cut(value: &str, max: usize) -> String {
    let line: String = value.split_whitespace().collect::<Vec<_>>().join(" ");
    if line.chars().count() <= max {
        line
    } else {
        let cut: String = line.chars().take(max).collect();
        format!("{cut}…")
    }
}

fn describe_event(old: Option<&Event>, new: Option<&Event>) -> String {
    match (old, new) {
        (None, Some(e)) => format!("event {} added ({})", e.id, e.title),
        (Some(e), None) => format!("event {} removed ({})", e.id, e.title),
        (Some(a), Some(b)) => fields_changed(a, b),
        (None, None) => String::new(),
    }
}

fn describe_issue(old: Option<&Issue>, new: Option<&Issue>) -> String {
    match (old, new) {
        (None, Some(i)) => format!("issue {} added ({})", i.id, i.status),
        (Some(i), None) => format!("issue {} removed", i.id),
        (Some(a), Some(b)) => fields_changed(a, b),
        (None, None) => String::new(),
    }
}

fn describe_strike(old: Option<&Strike>, new: Option<&Strike>) -> String {
    match (old, new) {
        (None, Some(s)) => format!("strike {} added ({}, {})", s.id, s.oblast, s.target),
        (Some(s), None) => format!("strike {} removed", s.id),
        (Some(a), Some(b)) => fields_changed(a, b),
        (None, None) => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;

    fn records(text: &str) -> FileRecords {
        let name: Arc<str> = Arc::from("t.toml");
        crate::load::parse_str(&name, text).expect("test file parses")
    }

    fn at() -> DateTime<Utc> {
        crate::example::reference_now()
    }

    const ISSUE: &str =
        "[[issue]]\nid = \"territory\"\ntitle = \"Territory\"\nstatus = \"negotiating\"\n";
    const STRIKE: &str = "[[strike]]\nid = \"S-0141\"\ntime = 2026-01-21T10:00:00Z\noblast = \"Kyiv\"\ntarget = \"substation\"\n";

    fn texts(changes: &Changes) -> Vec<&str> {
        changes.list.iter().map(|c| c.text.as_str()).collect()
    }

    #[test]
    fn a_status_transition_names_both_states() {
        let mut changes = Changes::default();
        let old = records(ISSUE);
        let new = records(&ISSUE.replace("negotiating", "near-agreement"));
        changes.record(Some(&old), Some(&new), at());
        assert_eq!(
            texts(&changes),
            vec!["issue territory: status negotiating → near-agreement"]
        );
        let window = Duration::minutes(30);
        assert_eq!(
            changes.mark(Kind::Issue, "territory", at(), window),
            Some(Mark::Changed)
        );
        assert_eq!(
            changes.mark(Kind::Issue, "territory", at() + window, window),
            None,
            "the mark fades"
        );
    }

    #[test]
    fn added_and_removed_records() {
        let mut changes = Changes::default();
        let old = records(ISSUE);
        let new = records(&format!("{ISSUE}{STRIKE}"));
        changes.record(Some(&old), Some(&new), at());
        assert_eq!(
            texts(&changes),
            vec!["strike S-0141 added (Kyiv, substation)"]
        );
        assert_eq!(
            changes.mark(Kind::Strike, "S-0141", at(), Duration::hours(1)),
            Some(Mark::Added)
        );
        assert_eq!(
            changes.mark(Kind::Issue, "territory", at(), Duration::hours(1)),
            None,
            "unchanged"
        );
        changes.record(Some(&new), Some(&old), at());
        assert_eq!(texts(&changes)[0], "strike S-0141 removed");
        assert_eq!(
            changes.mark(Kind::Strike, "S-0141", at(), Duration::hours(1)),
            None
        );
    }

    #[test]
    fn one_record_replaced_by_another_is_a_removal_and_an_addition() {
        // As many records before as after, one of them another one.
        let mut changes = Changes::default();
        let other = STRIKE.replace("S-0141", "S-0142");
        let old = records(&format!("{ISSUE}{STRIKE}"));
        let new = records(&format!("{ISSUE}{other}"));
        changes.record(Some(&old), Some(&new), at());
        assert_eq!(
            texts(&changes),
            vec![
                "strike S-0141 removed",
                "strike S-0142 added (Kyiv, substation)"
            ]
        );
    }

    #[test]
    fn the_same_records_in_another_order_or_place_are_no_change() {
        let mut changes = Changes::default();
        let old = records(&format!("{ISSUE}{STRIKE}"));
        let new = records(&format!(
            "# a comment moves everything down\n\n{STRIKE}{ISSUE}"
        ));
        changes.record(Some(&old), Some(&new), at());
        assert!(changes.list.is_empty(), "{:?}", texts(&changes));
    }

    #[test]
    fn a_restored_outage_and_other_edits() {
        let mut changes = Changes::default();
        let out = format!("{STRIKE}outage_customers = 5000\n");
        let back = format!("{out}restored = 2026-01-21T11:00:00Z\n");
        changes.record(Some(&records(&out)), Some(&records(&back)), at());
        assert_eq!(
            texts(&changes),
            vec!["strike S-0141: restored — → 2026-01-21T11:00:00Z"]
        );
        let retitled = ISSUE.replace("title = \"Territory\"", "title = \"Land\"");
        changes.record(Some(&records(ISSUE)), Some(&records(&retitled)), at());
        assert_eq!(
            texts(&changes)[0],
            "issue territory: title Territory → Land"
        );
        // Several fields in one save: one entry naming each, in the data format's order.
        let cut = format!("{STRIKE}outage_customers = 120000\n");
        let eased = format!("{STRIKE}outage_customers = 80000\nrestored = 2026-01-21T14:00:00Z\n");
        changes.record(Some(&records(&cut)), Some(&records(&eased)), at());
        assert_eq!(
            texts(&changes)[0],
            "strike S-0141: outage_customers 120,000 → 80,000; restored — → 2026-01-21T14:00:00Z"
        );
    }

    #[test]
    fn a_bulk_import_is_one_line_but_every_record_is_marked() {
        let mut changes = Changes::default();
        let many: String = (0..50)
            .map(|i| STRIKE.replace("S-0141", &format!("S-{i:04}")))
            .collect();
        changes.record(None, Some(&records(&many)), at());
        assert_eq!(texts(&changes), vec!["50 strike records added"]);
        assert_eq!(
            changes.mark(Kind::Strike, "S-0049", at(), Duration::hours(1)),
            Some(Mark::Added)
        );
    }

    #[test]
    fn a_removed_file_removes_its_records() {
        let mut changes = Changes::default();
        changes.record(Some(&records(ISSUE)), None, at());
        assert_eq!(texts(&changes), vec!["issue territory removed"]);
    }
}
