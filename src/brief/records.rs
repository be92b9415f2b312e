//! `brief --format json --full`: the records themselves, under the data
//! format's own key names (docs/data-format.md, the shape `sitboard schema`
//! describes), so `jq` can do everything the board does. Times are objects:
//! `{"utc": "2026-01-22T15:00:00Z", "local": "2026-01-22T18:00:00+03:00",
//! "zone": "Europe/Moscow", "written": "2026-01-22T18:00"}` (`local` and `zone`
//! name the zone the time was read in; a date alone has `"date_only": true`).

use chrono::SecondsFormat;
use serde_json::{Map, Value, json};

use super::json::utc;
use crate::model::diff::written;
use crate::model::{Board, Estimate, Event, Issue, Located, Strike, When};

/// `{"events": [...], "issues": [...], "strikes": [...]}`, each in board order.
pub fn records(board: &Board) -> Value {
    json!({
        "events": board.events.iter().map(|e| event(e)).collect::<Vec<_>>(),
        "issues": board.issues.iter().map(|i| issue(board, i)).collect::<Vec<_>>(),
        "strikes": board.strikes.iter().map(|s| strike(s)).collect::<Vec<_>>(),
    })
}

fn time(when: &When) -> Value {
    let mut out = Map::new();
    out.insert("utc".into(), json!(utc(when.at)));
    out.insert(
        "local".into(),
        json!(
            when.at
                .with_timezone(&when.zone)
                .to_rfc3339_opts(SecondsFormat::Secs, true)
        ),
    );
    out.insert("zone".into(), json!(when.zone.name()));
    out.insert("written".into(), json!(written(when)));
    if when.date_only() {
        out.insert("date_only".into(), json!(true));
    }
    Value::Object(out)
}

fn codes(items: &[Located]) -> Value {
    json!(items.iter().map(|l| l.value.as_str()).collect::<Vec<_>>())
}

/// Drops the keys whose value is `null`, as an absent key in the file.
fn object(pairs: Vec<(&str, Value)>) -> Value {
    Value::Object(
        pairs
            .into_iter()
            .filter(|(_, v)| !v.is_null())
            .map(|(k, v)| (k.to_string(), v))
            .collect(),
    )
}

fn event(e: &Event) -> Value {
    object(vec![
        ("id", json!(e.id)),
        ("title", json!(e.title)),
        ("start", time(&e.start)),
        ("time_precision", json!(e.time_precision.as_str())),
        ("end", e.end.as_ref().map_or(Value::Null, time)),
        ("tz", json!(e.tz.map(chrono_tz::Tz::name))),
        ("location", json!(e.location)),
        ("kind", json!(e.kind.as_str())),
        ("status", json!(e.status.as_str())),
        ("participants", json!(e.participants)),
        ("parties", codes(&e.parties)),
        ("issues", codes(&e.issues)),
        ("summary", json!(e.summary)),
        ("sources", json!(e.sources)),
        ("updated", e.updated.as_ref().map_or(Value::Null, time)),
    ])
}

fn issue(board: &Board, i: &Issue) -> Value {
    let positions: Map<String, Value> = i
        .positions_in_order(&board.meta)
        .into_iter()
        .map(|(code, text)| (code.to_string(), json!(text)))
        .collect();
    let log: Vec<Value> = i
        .log
        .iter()
        .map(|entry| {
            object(vec![
                ("date", time(&entry.date)),
                ("text", json!(entry.text)),
                (
                    "status",
                    json!(entry.status.map(crate::model::IssueStatus::as_str)),
                ),
                ("source", json!(entry.source)),
            ])
        })
        .collect();
    object(vec![
        ("id", json!(i.id)),
        ("title", json!(i.title)),
        ("status", json!(i.status.as_str())),
        ("priority", json!(i.priority.as_str())),
        ("progress", json!(i.progress)),
        ("summary", json!(i.summary)),
        ("owner", json!(i.owner)),
        ("parties", codes(&i.parties)),
        ("tags", json!(i.tags)),
        ("positions", Value::Object(positions)),
        ("updated", i.updated.as_ref().map_or(Value::Null, time)),
        ("sources", json!(i.sources)),
        ("log", json!(log)),
    ])
}

/// A count as the file writes it: an integer, or `{"low", "best", "high"}`.
fn estimate(e: Estimate) -> Value {
    if e.is_exact() {
        json!(e.low)
    } else {
        object(vec![
            ("low", json!(e.low)),
            ("best", json!(e.best)),
            ("high", json!(e.high)),
        ])
    }
}

fn strike(s: &Strike) -> Value {
    let weapons = s.weapons.as_ref().map_or(Value::Null, |w| {
        object(vec![
            ("missiles", json!(w.missiles)),
            ("drones", json!(w.drones)),
            ("glide_bombs", json!(w.glide_bombs)),
            ("other", json!(w.other)),
            ("intercepted", json!(w.intercepted)),
        ])
    });
    let casualties = s.casualties.as_ref().map_or(Value::Null, |c| {
        object(vec![
            ("killed", c.killed.map_or(Value::Null, estimate)),
            ("injured", c.injured.map_or(Value::Null, estimate)),
        ])
    });
    object(vec![
        ("id", json!(s.id)),
        ("time", time(&s.time)),
        ("time_precision", json!(s.time_precision.as_str())),
        ("oblast", json!(s.oblast)),
        ("target", json!(s.target.as_str())),
        ("location", json!(s.location)),
        ("facility", json!(s.facility)),
        ("operator", json!(s.operator)),
        ("lat", json!(s.coords.map(|c| c.0))),
        ("lon", json!(s.coords.map(|c| c.1))),
        (
            "geo_precision",
            json!(s.geo_precision.map(crate::model::GeoPrecision::as_str)),
        ),
        ("tz", json!(s.tz.map(chrono_tz::Tz::name))),
        ("damage", json!(s.damage.as_str())),
        ("outage_customers", json!(s.outage_customers)),
        ("restored", s.restored.as_deref().map_or(Value::Null, time)),
        ("weapons", weapons),
        ("casualties", casualties),
        ("confidence", json!(s.confidence.as_str())),
        ("sources", json!(s.sources)),
        ("notes", json!(s.notes)),
    ])
}
