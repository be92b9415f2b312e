//! The JSON brief: one object with exactly the keys of SPEC 7 (and a few more).

use serde_json::{Map, Value, json};

use super::Brief;
use crate::model::{Event, Issue};

/// RFC 3339 in UTC with a `Z`, to the second.
pub fn utc(at: chrono::DateTime<chrono::Utc>) -> String {
    at.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

fn event(e: &Event) -> Value {
    json!({
        "id": e.id,
        "title": e.title,
        "start": utc(e.start.at),
        "status": e.status.as_str(),
        "kind": e.kind.as_str(),
        "end": e.end.map(|end| utc(end.at)),
        "time_tba": e.start.date_only(),
        "location": e.location,
    })
}

fn issue(i: &Issue) -> Value {
    json!({
        "id": i.id,
        "title": i.title,
        "status": i.status.as_str(),
        "priority": i.priority.as_str(),
        "progress": i.progress,
    })
}

pub fn render(brief: &Brief) -> String {
    let f = &brief.figures;
    let board = brief.board;
    let by_status: Map<String, Value> = f
        .issues_by_status
        .iter()
        .map(|(s, n)| (s.as_str().to_string(), json!(n)))
        .collect();
    let by_oblast: Map<String, Value> = f
        .strikes
        .by_oblast_7d
        .iter()
        .map(|(o, n)| (o.clone(), json!(n)))
        .collect();
    let problems: Vec<Value> = board
        .problems
        .iter()
        .map(|p| {
            json!({
                "file": p.file.as_ref(),
                "line": p.pos.line,
                "column": p.pos.col,
                "level": p.level.as_str(),
                "message": p.full_message(),
            })
        })
        .collect();
    let value = json!({
        "now": utc(f.now),
        "board": {
            "title": board.meta.title,
            "example": brief.example,
            "classification": board.meta.classification,
            "files": board.file_count,
        },
        "counts": {
            "events": f.counts.events,
            "issues": f.counts.issues,
            "strikes": f.counts.strikes,
        },
        "next_event": f.next_event.as_deref().map(event),
        "upcoming_events": f.upcoming.iter().map(|e| event(e)).collect::<Vec<_>>(),
        "issues": f.issues.iter().map(|i| issue(i)).collect::<Vec<_>>(),
        "issues_by_status": by_status,
        "strikes": {
            "last_24h": f.strikes.last_24h,
            "last_7d": f.strikes.last_7d,
            "customers_without_power": f.strikes.customers_without_power,
            "by_oblast_7d": by_oblast,
        },
        "problems": problems,
    });
    // Serialising a `Value` built here cannot fail; fall back to an empty object
    // rather than panic if it ever did.
    let mut text = serde_json::to_string_pretty(&value).unwrap_or_else(|_| "{}".to_string());
    text.push('\n');
    text
}
