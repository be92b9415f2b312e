//! The baseline of the performance targets (docs/performance.md#targets): a plain `toml::from_str` of a strikes file into typed
//! structs, with no spans, no validation and no sanitising. `scripts/bench.sh` runs
//! it beside `sitboard check` so both figures come from the same machine and run.
//!
//! Usage: `cargo run --release --example toml_baseline -- FILE.toml`

use std::collections::BTreeMap;

use serde::Deserialize;

#[derive(Deserialize)]
#[allow(dead_code)] // fields are read only to make the parse do the real work
struct File {
    #[serde(default)]
    strike: Vec<Strike>,
    #[serde(default)]
    event: Vec<toml::Table>,
    #[serde(default)]
    issue: Vec<toml::Table>,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct Strike {
    id: String,
    time: toml::value::Datetime,
    oblast: String,
    target: String,
    location: Option<String>,
    facility: Option<String>,
    operator: Option<String>,
    lat: Option<f64>,
    lon: Option<f64>,
    damage: Option<String>,
    outage_customers: Option<u64>,
    weapons: Option<BTreeMap<String, u64>>,
    sources: Option<Vec<String>>,
    notes: Option<String>,
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args()
        .nth(1)
        .ok_or("usage: toml_baseline FILE.toml")?;
    let text = std::fs::read_to_string(&path)?;
    let file: File = toml::from_str(&text)?;
    println!(
        "{}: {} strikes, {} events, {} issues",
        path,
        file.strike.len(),
        file.event.len(),
        file.issue.len()
    );
    Ok(())
}
