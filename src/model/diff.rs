//! How two versions of a board differ, record by record and field by field
//! (docs/brief.md#changes-since): what `--since` reports and the history view
//! lists. Pure: two boards in, a list of changes out; where the versions come
//! from (git, the working tree) is the `history` module's business.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::{DateTime, SecondsFormat, Utc};

use super::{
    Board, Casualties, Event, EventStatus, Issue, Kind, Located, Strike, Weapons, When, Written,
};

/// The name a change made in the working tree and not yet committed goes by.
pub const UNCOMMITTED: &str = "uncommitted";

/// Whether a record came, went or changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChangeKind {
    Added,
    Removed,
    Changed,
}

impl ChangeKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeKind::Added => "added",
            ChangeKind::Removed => "removed",
            ChangeKind::Changed => "changed",
        }
    }
}

/// One field of a record, before and after (`None`: not given).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldChange {
    pub field: String,
    pub old: Option<String>,
    pub new: Option<String>,
}

impl FieldChange {
    /// `status deadlocked → negotiating`, each value through `show` (`absent`
    /// for a value that is not given).
    pub fn describe(&self, absent: &str, show: impl Fn(&str) -> String) -> String {
        let value = |v: &Option<String>| v.as_deref().map_or_else(|| absent.to_string(), &show);
        format!("{} {} → {}", self.field, value(&self.old), value(&self.new))
    }
}

/// A commit that made a change: who, when, why. `id` is the full hash, or
/// [`UNCOMMITTED`] for edits not yet committed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CommitInfo {
    pub id: String,
    pub author: String,
    pub time: DateTime<Utc>,
    pub subject: String,
}

impl CommitInfo {
    /// The first seven characters of the hash (or `uncommitted`).
    pub fn short(&self) -> &str {
        self.id.get(..7).unwrap_or(&self.id)
    }

    pub fn is_uncommitted(&self) -> bool {
        self.id == UNCOMMITTED
    }
}

/// One record that differs between two boards.
#[derive(Clone, Debug, PartialEq)]
pub struct RecordChange {
    pub kind: Kind,
    pub id: String,
    /// The record's title (for a strike: place and target), as of the newer
    /// board, or the older one for a removed record.
    pub title: String,
    pub change: ChangeKind,
    /// Empty for added and removed records.
    pub fields: Vec<FieldChange>,
    /// The commits that made it, oldest first.
    pub commits: Vec<CommitInfo>,
    /// 0 for what a briefer says first (a status change, a new strike with an
    /// outage, an event postponed or cancelled), then 1 and 2.
    pub rank: u8,
}

impl RecordChange {
    /// The newest commit that made the change.
    pub fn latest(&self) -> Option<&CommitInfo> {
        self.commits.last()
    }
}

/// One end of a comparison: the commit and the instant a board stood at.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Point {
    /// The full hash, [`UNCOMMITTED`], or `None` (before the first commit).
    pub commit: Option<String>,
    pub subject: Option<String>,
    pub time: Option<DateTime<Utc>>,
}

/// The changes between two boards.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ChangeSet {
    /// What the user asked for (`HEAD~3`, `12h`, ...), as typed.
    pub asked: String,
    pub since: Point,
    pub until: Point,
    /// Grouped by kind in pane order, most important first within each.
    pub items: Vec<RecordChange>,
}

/// The records that differ between `old` and `new`, without commits, in the
/// order a brief lists them (see [`sort`]).
pub fn diff_boards(old: &Board, new: &Board) -> Vec<RecordChange> {
    let mut found = Vec::new();
    diff_kind(&old.events, &new.events, &mut found);
    diff_kind(&old.issues, &new.issues, &mut found);
    diff_kind(&old.strikes, &new.strikes, &mut found);
    sort(&mut found);
    found
}

/// Pane order, then most important first, then the newest change first, then id.
pub fn sort(items: &mut [RecordChange]) {
    items.sort_by(|a, b| {
        (a.kind, a.rank)
            .cmp(&(b.kind, b.rank))
            .then_with(|| {
                let at = |r: &RecordChange| r.latest().map(|c| c.time);
                at(b).cmp(&at(a))
            })
            .then_with(|| a.id.cmp(&b.id))
    });
}

/// A record kind whose versions can be compared field by field.
pub trait Diffable: PartialEq {
    const KIND: Kind;
    fn id(&self) -> &str;
    fn title(&self) -> String;
    /// The fields that differ, in the order the data format lists them.
    fn fields(old: &Self, new: &Self) -> Vec<FieldChange>;
    /// See [`RecordChange::rank`].
    fn rank(old: Option<&Self>, new: Option<&Self>) -> u8;
}

/// The difference between two versions of one record (`None`: absent), or
/// `None` when they are equal.
pub fn record_change<T: Diffable>(old: Option<&T>, new: Option<&T>) -> Option<RecordChange> {
    let (change, shown, fields) = match (old, new) {
        (None, Some(n)) => (ChangeKind::Added, n, Vec::new()),
        (Some(o), None) => (ChangeKind::Removed, o, Vec::new()),
        (Some(o), Some(n)) if o != n => (ChangeKind::Changed, n, T::fields(o, n)),
        _ => return None,
    };
    Some(RecordChange {
        kind: T::KIND,
        id: shown.id().to_string(),
        title: shown.title(),
        change,
        fields,
        commits: Vec::new(),
        rank: T::rank(old, new),
    })
}

fn diff_kind<T: Diffable>(old: &[Arc<T>], new: &[Arc<T>], found: &mut Vec<RecordChange>) {
    let before: HashMap<&str, &T> = old.iter().map(|r| (r.id(), r.as_ref())).collect();
    let after: HashMap<&str, &T> = new.iter().map(|r| (r.id(), r.as_ref())).collect();
    for record in new {
        let old = before.get(record.id()).copied();
        // Records shared by both boards (the same parsed blob) are equal.
        if old.is_some_and(|o| std::ptr::eq(o, record.as_ref())) {
            continue;
        }
        found.extend(record_change(old, Some(&**record)));
    }
    for record in old {
        if !after.contains_key(record.id()) {
            found.extend(record_change(Some(&**record), None));
        }
    }
}

/// Pushes `field` when the two renderings differ.
fn field<V: PartialEq>(
    out: &mut Vec<FieldChange>,
    name: &str,
    old: V,
    new: V,
    show: impl Fn(V) -> Option<String>,
) {
    if old != new {
        out.push(FieldChange {
            field: name.to_string(),
            old: show(old),
            new: show(new),
        });
    }
}

/// A time as written in the file (`2026-01-22T18:00:00+03:00`, `2026-01-22T18:00`,
/// `2026-01-22`).
pub fn written(when: &When) -> String {
    match when.written {
        Written::Exact(dt) => dt.to_rfc3339_opts(SecondsFormat::AutoSi, true),
        Written::Local(naive) => naive.format("%Y-%m-%dT%H:%M").to_string(),
        Written::Date(day) => day.format("%Y-%m-%d").to_string(),
    }
}

fn when(w: Option<&When>) -> Option<String> {
    w.map(written)
}

fn text<T: AsRef<str>>(s: Option<&T>) -> Option<String> {
    s.map(|s| s.as_ref().to_string())
}

fn list<T: AsRef<str>>(items: &[T]) -> Option<String> {
    (!items.is_empty()).then(|| {
        items
            .iter()
            .map(AsRef::as_ref)
            .collect::<Vec<&str>>()
            .join(", ")
    })
}

fn located(items: &[Located]) -> Option<String> {
    (!items.is_empty()).then(|| {
        items
            .iter()
            .map(|l| l.value.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    })
}

fn counts(parts: &[(&str, Option<u32>)]) -> Option<String> {
    let shown: Vec<String> = parts
        .iter()
        .filter_map(|(name, n)| n.map(|n| format!("{name} {n}")))
        .collect();
    (!shown.is_empty()).then(|| shown.join(", "))
}

fn weapons(w: Option<&Weapons>) -> Option<String> {
    w.and_then(|w| {
        counts(&[
            ("missiles", w.missiles),
            ("drones", w.drones),
            ("glide bombs", w.glide_bombs),
            ("other", w.other),
            ("intercepted", w.intercepted),
        ])
    })
}

fn casualties(c: Option<&Casualties>) -> Option<String> {
    c.and_then(|c| {
        let shown: Vec<String> = [("killed", c.killed), ("injured", c.injured)]
            .iter()
            .filter_map(|(name, n)| n.map(|n| n.describe(name, "–")))
            .collect();
        (!shown.is_empty()).then(|| shown.join(", "))
    })
}

impl Diffable for Event {
    const KIND: Kind = Kind::Event;
    fn id(&self) -> &str {
        &self.id
    }
    fn title(&self) -> String {
        self.title.clone()
    }
    fn fields(a: &Event, b: &Event) -> Vec<FieldChange> {
        let mut out = Vec::new();
        let o = &mut out;
        field(o, "title", &a.title, &b.title, |s| Some(s.clone()));
        field(o, "status", a.status, b.status, |s| Some(s.to_string()));
        field(
            o,
            "start",
            Some(written(&a.start)),
            Some(written(&b.start)),
            |s| s,
        );
        field(
            o,
            "time_precision",
            a.time_precision,
            b.time_precision,
            |p| Some(p.to_string()),
        );
        field(o, "end", when(a.end.as_ref()), when(b.end.as_ref()), |s| s);
        field(o, "tz", a.tz, b.tz, |z| z.map(|z| z.name().to_string()));
        field(
            o,
            "location",
            a.location.as_ref(),
            b.location.as_ref(),
            text,
        );
        field(o, "kind", a.kind, b.kind, |k| Some(k.to_string()));
        field(o, "participants", &a.participants, &b.participants, |l| {
            list(l)
        });
        field(o, "parties", &a.parties, &b.parties, |l| located(l));
        field(o, "issues", &a.issues, &b.issues, |l| located(l));
        field(o, "summary", a.summary.as_ref(), b.summary.as_ref(), text);
        field(o, "sources", &a.sources, &b.sources, |l| list(l));
        field(
            o,
            "updated",
            when(a.updated.as_ref()),
            when(b.updated.as_ref()),
            |s| s,
        );
        out
    }
    fn rank(old: Option<&Event>, new: Option<&Event>) -> u8 {
        match (old, new) {
            (Some(a), Some(b))
                if a.status != b.status
                    && matches!(b.status, EventStatus::Postponed | EventStatus::Cancelled) =>
            {
                0
            }
            (Some(a), Some(b)) if a.status != b.status || a.start.at != b.start.at => 1,
            (Some(_), Some(_)) => 2,
            _ => 1,
        }
    }
}

impl Diffable for Issue {
    const KIND: Kind = Kind::Issue;
    fn id(&self) -> &str {
        &self.id
    }
    fn title(&self) -> String {
        self.title.clone()
    }
    fn fields(a: &Issue, b: &Issue) -> Vec<FieldChange> {
        let mut out = Vec::new();
        let o = &mut out;
        field(o, "title", &a.title, &b.title, |s| Some(s.clone()));
        field(o, "status", a.status, b.status, |s| Some(s.to_string()));
        field(o, "priority", a.priority, b.priority, |p| {
            Some(p.to_string())
        });
        field(o, "progress", a.progress, b.progress, |p| {
            p.map(|p| format!("{p}%"))
        });
        field(o, "summary", a.summary.as_ref(), b.summary.as_ref(), text);
        field(o, "owner", a.owner.as_ref(), b.owner.as_ref(), text);
        field(o, "parties", &a.parties, &b.parties, |l| located(l));
        field(o, "tags", &a.tags, &b.tags, |l| list(l));
        let mut codes: Vec<&String> = a.positions.keys().chain(b.positions.keys()).collect();
        codes.sort();
        codes.dedup();
        for code in codes {
            field(
                o,
                &format!("position {code}"),
                a.positions.get(code),
                b.positions.get(code),
                text,
            );
        }
        field(
            o,
            "updated",
            when(a.updated.as_ref()),
            when(b.updated.as_ref()),
            |s| s,
        );
        field(o, "sources", &a.sources, &b.sources, |l| list(l));
        if a.log != b.log {
            let describe = |issue: &Issue| {
                let n = issue.log.len();
                let entries = if n == 1 { "entry" } else { "entries" };
                match issue.log.last() {
                    Some(last) => format!(
                        "{n} {entries}, latest {}: {}",
                        written(&last.date),
                        last.text
                    ),
                    None => format!("{n} {entries}"),
                }
            };
            o.push(FieldChange {
                field: "log".to_string(),
                old: Some(describe(a)),
                new: Some(describe(b)),
            });
        }
        out
    }
    fn rank(old: Option<&Issue>, new: Option<&Issue>) -> u8 {
        match (old, new) {
            (Some(a), Some(b)) if a.status != b.status => 0,
            (Some(a), Some(b)) if a.progress != b.progress || a.positions != b.positions => 1,
            (Some(_), Some(_)) => 2,
            _ => 1,
        }
    }
}

impl Diffable for Strike {
    const KIND: Kind = Kind::Strike;
    fn id(&self) -> &str {
        &self.id
    }
    /// `Kyiv, Darnytsia district (chp)`
    fn title(&self) -> String {
        let mut place = self.oblast.to_string();
        if let Some(location) = self.location.as_deref().or(self.facility.as_deref()) {
            place.push_str(", ");
            place.push_str(location);
        }
        format!("{place} ({})", self.target)
    }
    fn fields(a: &Strike, b: &Strike) -> Vec<FieldChange> {
        let mut out = Vec::new();
        let o = &mut out;
        field(
            o,
            "time",
            Some(written(&a.time)),
            Some(written(&b.time)),
            |s| s,
        );
        field(
            o,
            "time_precision",
            a.time_precision,
            b.time_precision,
            |p| Some(p.to_string()),
        );
        field(o, "oblast", &a.oblast, &b.oblast, |s| Some(s.to_string()));
        field(o, "target", a.target, b.target, |t| Some(t.to_string()));
        field(
            o,
            "location",
            a.location.as_ref(),
            b.location.as_ref(),
            text,
        );
        field(
            o,
            "facility",
            a.facility.as_ref(),
            b.facility.as_ref(),
            text,
        );
        field(
            o,
            "operator",
            a.operator.as_ref(),
            b.operator.as_ref(),
            text,
        );
        field(o, "coords", a.coords, b.coords, |c| {
            c.map(|(lat, lon)| format!("{lat}, {lon}"))
        });
        field(o, "geo_precision", a.geo_precision, b.geo_precision, |p| {
            p.map(|p| p.to_string())
        });
        field(o, "tz", a.tz, b.tz, |z| z.map(|z| z.name().to_string()));
        field(o, "damage", a.damage, b.damage, |d| Some(d.to_string()));
        field(
            o,
            "outage_customers",
            a.outage_customers,
            b.outage_customers,
            |n| n.map(|n| super::format::thousands(u64::from(n))),
        );
        field(
            o,
            "restored",
            when(a.restored.as_deref()),
            when(b.restored.as_deref()),
            |s| s,
        );
        field(
            o,
            "weapons",
            a.weapons.as_ref(),
            b.weapons.as_ref(),
            weapons,
        );
        field(
            o,
            "casualties",
            a.casualties.as_deref(),
            b.casualties.as_deref(),
            casualties,
        );
        field(o, "confidence", a.confidence, b.confidence, |c| {
            Some(c.to_string())
        });
        field(o, "sources", &a.sources, &b.sources, |l| list(l));
        field(o, "notes", a.notes.as_ref(), b.notes.as_ref(), text);
        out
    }
    fn rank(old: Option<&Strike>, new: Option<&Strike>) -> u8 {
        match (old, new) {
            (None, Some(s)) if s.outage_customers.unwrap_or(0) > 0 => 0,
            (Some(a), Some(b))
                if a.outage_customers != b.outage_customers || a.restored != b.restored =>
            {
                1
            }
            (Some(_), Some(_)) => 2,
            _ => 1,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn board(text: &str) -> Board {
        let name: Arc<str> = Arc::from("t.toml");
        let records = crate::load::parse_str(&name, text).expect("test file parses");
        Board {
            events: records.events,
            issues: records.issues,
            strikes: records.strikes,
            ..Board::default()
        }
    }

    const ISSUE: &str = "[[issue]]\nid = \"truce\"\ntitle = \"Garnet energy truce\"\nstatus = \"deadlocked\"\nprogress = 20\n[issue.positions]\nUA = \"no\"\n";
    const STRIKE: &str = "[[strike]]\nid = \"S-1\"\ntime = 2026-01-21T10:00:00Z\noblast = \"Kyiv\"\ntarget = \"substation\"\noutage_customers = 5000\n";

    #[test]
    fn a_changed_record_lists_each_changed_field_old_and_new() {
        let old = board(ISSUE);
        let new = board(
            &ISSUE
                .replace("deadlocked", "negotiating")
                .replace("20", "35")
                .replace("\"no\"", "\"maybe\""),
        );
        let found = diff_boards(&old, &new);
        assert_eq!(found.len(), 1);
        let change = &found[0];
        assert_eq!(
            (change.kind, change.id.as_str(), change.change, change.rank),
            (Kind::Issue, "truce", ChangeKind::Changed, 0)
        );
        let fields: Vec<(&str, Option<&str>, Option<&str>)> = change
            .fields
            .iter()
            .map(|f| (f.field.as_str(), f.old.as_deref(), f.new.as_deref()))
            .collect();
        assert_eq!(
            fields,
            vec![
                ("status", Some("deadlocked"), Some("negotiating")),
                ("progress", Some("20%"), Some("35%")),
                ("position UA", Some("no"), Some("maybe")),
            ]
        );
    }

    #[test]
    fn added_removed_and_unchanged_records() {
        let old = board(ISSUE);
        let new = board(STRIKE);
        let found = diff_boards(&old, &new);
        let summary: Vec<(Kind, &str, ChangeKind, usize, u8)> = found
            .iter()
            .map(|c| (c.kind, c.id.as_str(), c.change, c.fields.len(), c.rank))
            .collect();
        assert_eq!(
            summary,
            vec![
                (Kind::Issue, "truce", ChangeKind::Removed, 0, 1),
                (Kind::Strike, "S-1", ChangeKind::Added, 0, 0),
            ]
        );
        assert_eq!(found[1].title, "Kyiv (substation)");
        assert!(diff_boards(&new, &new).is_empty());
    }

    #[test]
    fn precision_and_casualty_ranges_are_named_when_they_change() {
        let old = board(&format!(
            "{STRIKE}lat = 50.4\nlon = 30.5\ncasualties = {{ killed = 3 }}\n"
        ));
        let new = board(&format!(
            "{STRIKE}time_precision = \"hour\"\nlat = 50.4\nlon = 30.5\ngeo_precision = \"district\"\ncasualties = {{ killed = {{ low = 2, best = 3, high = 5 }} }}\n"
        ));
        let found = diff_boards(&old, &new);
        let fields: Vec<(&str, Option<&str>, Option<&str>)> = found[0]
            .fields
            .iter()
            .map(|f| (f.field.as_str(), f.old.as_deref(), f.new.as_deref()))
            .collect();
        assert_eq!(
            fields,
            vec![
                ("time_precision", Some("exact"), Some("hour")),
                ("geo_precision", None, Some("district")),
                ("casualties", Some("3 killed"), Some("2–5 killed (best 3)")),
            ]
        );
    }

    #[test]
    fn restored_power_and_times_are_shown_as_written() {
        let old = board(STRIKE);
        let new = board(&format!("{STRIKE}restored = 2026-01-21T14:30:00+02:00\n"));
        let found = diff_boards(&old, &new);
        assert_eq!(
            found[0].fields,
            vec![FieldChange {
                field: "restored".to_string(),
                old: None,
                new: Some("2026-01-21T14:30:00+02:00".to_string()),
            }]
        );
    }
}
