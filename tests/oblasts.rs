//! Every oblast name in the example board and in the real attack reports
//! (`../shared/data/missile_attacks_daily.csv`) resolves to one of the built-in
//! regions; the spellings met are printed per region (`--nocapture`).

use std::collections::BTreeMap;
use std::path::PathBuf;

use sitboard::geo::builtin;

/// Regions named in the real data that are outside Ukraine (launch areas and
/// targets in Russia): they must not resolve to a Ukrainian region.
const OUTSIDE: &[&str] = &["Kursk oblast", "Belgorod oblast", "Bryansk oblast"];

fn report(met: &BTreeMap<String, Vec<String>>) -> String {
    met.iter()
        .map(|(region, spellings)| format!("{region}: {}", spellings.join(" | ")))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn every_oblast_of_the_example_resolves() {
    let geo = builtin();
    let example = include_str!("../assets/example/strikes.toml");
    let mut met: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for line in example.lines() {
        let Some(value) = line.strip_prefix("oblast = ") else {
            continue;
        };
        let name = value.trim_matches('"');
        let region = geo
            .resolve(name)
            .unwrap_or_else(|| panic!("example oblast {name:?} resolves to no region"));
        let spellings = met.entry(geo.regions[region].name.clone()).or_default();
        if !spellings.iter().any(|s| s == name) {
            spellings.push(name.to_string());
        }
    }
    println!("{}", report(&met));
    assert!(met.len() >= 20, "the example names most oblasts: {met:?}");
}

/// `X oblast` phrases of the `target` and `target_main` columns.
fn oblasts_in(csv: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut lines = csv.lines();
    let header: Vec<&str> = lines.next().unwrap_or("").split(',').collect();
    let cols: Vec<usize> = ["target", "target_main"]
        .iter()
        .filter_map(|c| header.iter().position(|h| h == c))
        .collect();
    for line in lines {
        // The two columns come before any quoted field with commas in the rows
        // that name oblasts; split on commas outside quotes.
        let mut fields = Vec::new();
        let (mut field, mut quoted) = (String::new(), false);
        for c in line.chars() {
            match c {
                '"' => quoted = !quoted,
                ',' if !quoted => fields.push(std::mem::take(&mut field)),
                c => field.push(c),
            }
        }
        fields.push(field);
        for &col in &cols {
            let Some(text) = fields.get(col) else {
                continue;
            };
            for part in text.split(" and ").flat_map(|p| p.split(',')) {
                let part = part.trim();
                if part.to_lowercase().contains("oblast") {
                    out.push(part.to_string());
                }
            }
        }
    }
    out
}

#[test]
fn every_oblast_of_the_real_attack_reports_resolves() {
    let path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/data/missile_attacks_daily.csv");
    let Ok(csv) = std::fs::read_to_string(&path) else {
        eprintln!(
            "skipped: {} is missing (the shared test data is not beside the checkout)",
            path.display()
        );
        return;
    };
    let geo = builtin();
    let names = oblasts_in(&csv);
    assert!(
        names.len() > 500,
        "the reports name oblasts: {}",
        names.len()
    );
    let mut met: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut unresolved = Vec::new();
    for name in &names {
        match geo.resolve(name) {
            Some(r) => {
                let spellings = met.entry(geo.regions[r].name.clone()).or_default();
                if !spellings.contains(name) {
                    spellings.push(name.clone());
                }
            }
            None if OUTSIDE.contains(&name.as_str()) => {}
            None => unresolved.push(name.clone()),
        }
    }
    println!("{}", report(&met));
    assert_eq!(
        unresolved,
        Vec::<String>::new(),
        "names that resolve to no region"
    );
    for outside in OUTSIDE {
        assert_eq!(geo.resolve(outside), None, "{outside} is not in Ukraine");
    }
    assert!(met.len() >= 20, "most oblasts are named: {}", report(&met));
}
