//! `sitboard schema` through the real binary: the schema it prints accepts the
//! example board (TOML converted to JSON with datetimes as strings, as taplo hands
//! them to its validator) and rejects what the loader rejects, checked with the
//! `jsonschema` validator crate.

mod cli;

use cli::sitboard;

use serde_json::{Map, Value};

fn printed_schema() -> Value {
    let output = sitboard(&["schema"]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("sitboard schema prints JSON")
}

fn validator() -> jsonschema::Validator {
    // Formats on, as in taplo (Even Better TOML), whose validator checks them.
    jsonschema::options()
        .should_validate_formats(true)
        .build(&printed_schema())
        .expect("the schema is a valid draft-07 schema")
}

/// TOML to JSON as taplo sees it: a datetime becomes its TOML text
/// (`2026-01-22T18:00:00+03:00`, `2026-01-22T18:00:00`, `2026-01-22`).
fn to_json(value: &toml::Value) -> Value {
    match value {
        toml::Value::String(s) => Value::String(s.clone()),
        toml::Value::Integer(i) => Value::from(*i),
        toml::Value::Float(f) => Value::from(*f),
        toml::Value::Boolean(b) => Value::Bool(*b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(items) => Value::Array(items.iter().map(to_json).collect()),
        toml::Value::Table(table) => Value::Object(
            table
                .iter()
                .map(|(k, v)| (k.clone(), to_json(v)))
                .collect::<Map<_, _>>(),
        ),
    }
}

fn toml_json(text: &str) -> Value {
    to_json(&toml::Value::Table(
        toml::from_str(text).expect("test TOML parses"),
    ))
}

/// Where the schema found fault: instance path and message, one per error.
fn errors(validator: &jsonschema::Validator, text: &str) -> Vec<String> {
    let instance = toml_json(text);
    validator
        .iter_errors(&instance)
        .map(|e| format!("{}: {}", e.instance_path().as_str(), e))
        .collect()
}

#[test]
fn the_example_board_validates_against_the_schema() {
    let validator = validator();
    for (name, text) in sitboard::example::FILES {
        let found = errors(&validator, text);
        assert!(
            found.is_empty(),
            "{name} fails the schema:\n{}",
            found.join("\n")
        );
    }
}

#[test]
fn a_bad_strike_fails_the_schema_where_the_loader_fails_it() {
    let bad = r#"
[[strike]]
time = 2026-01-20T04:30:00+02:00
oblast = "Kyiv"
target = "powerplant"
"#;
    let found = errors(&validator(), bad);
    assert!(
        found
            .iter()
            .any(|e| e.starts_with("/strike/0/target:") && e.contains("powerplant")),
        "{found:#?}"
    );
    assert!(
        found
            .iter()
            .any(|e| e.starts_with("/strike/0:") && e.contains("\"id\"")),
        "{found:#?}"
    );

    // The loader agrees: the same file is an error for `sitboard check`.
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = dir.path().join("strikes.toml");
    std::fs::write(&path, bad).expect("write the bad file");
    let check = sitboard(&["check", &path.to_string_lossy()]);
    assert_eq!(check.status.code(), Some(1));
}

#[test]
fn times_take_the_three_toml_forms_and_nothing_else() {
    let validator = validator();
    let event = |start: &str| {
        format!(
            "[[event]]\nid = \"e-1\"\ntitle = \"Talks\"\nstart = {start}\ntz = \"Europe/Kiev\"\n"
        )
    };
    for good in [
        "2026-01-22T18:00:00+03:00",
        "2026-01-22T15:00:00Z",
        "2026-01-22T18:00:00",
        "2026-01-22",
    ] {
        let found = errors(&validator, &event(good));
        assert!(found.is_empty(), "{good}: {found:#?}");
    }
    for bad in [
        "\"next Thursday\"",
        "\"22/01/2026\"",
        "18:00:00",
        "20260122",
    ] {
        let found = errors(&validator, &event(bad));
        assert!(
            found.iter().any(|e| e.starts_with("/event/0/start")),
            "{bad} passed"
        );
    }
}

#[test]
fn zones_durations_ids_ranges_and_unknown_keys_are_checked() {
    let validator = validator();
    let board = "[board]\ndefault_tz = \"Mars/Olympus\"\nstale_after = \"6 hours\"\n";
    let found = errors(&validator, board);
    assert!(
        found.iter().any(|e| e.starts_with("/board/default_tz")),
        "{found:#?}"
    );
    assert!(
        found.iter().any(|e| e.starts_with("/board/stale_after")),
        "{found:#?}"
    );

    let issue = "[[issue]]\nid = \"has space\"\ntitle = \"T\"\nstatus = \"open\"\nprogress = 140\n";
    let found = errors(&validator, issue);
    assert!(
        found.iter().any(|e| e.starts_with("/issue/0/id")),
        "{found:#?}"
    );
    assert!(
        found.iter().any(|e| e.starts_with("/issue/0/progress")),
        "{found:#?}"
    );

    // A misspelt key: the loader warns, the editor marks it.
    let typo = "[[event]]\nid = \"e\"\ntitle = \"T\"\nstart = 2026-01-22\nlocaton = \"Davos\"\n";
    let found = errors(&validator, typo);
    assert!(found.iter().any(|e| e.contains("locaton")), "{found:#?}");

    // Party codes are the team's own: any code is fine.
    let parties = "[board.parties]\nXX = \"Somewhere\"\n[[issue]]\nid = \"i\"\ntitle = \"T\"\nstatus = \"open\"\npositions = { XX = \"Yes\" }\n";
    assert!(errors(&validator, parties).is_empty());
}

#[test]
fn help_describes_the_schema_command() {
    let output = sitboard(&["schema", "--help"]);
    assert_eq!(output.status.code(), Some(0));
    let help = String::from_utf8_lossy(&output.stdout);
    assert!(help.contains("JSON Schema"), "{help}");
}

#[test]
fn uncertainty_fields_validate_and_their_mistakes_do_not() {
    let validator = validator();
    let good = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/problems/uncertain_clean.toml"
    ))
    .expect("the fixture");
    let found = errors(&validator, &good);
    assert!(found.is_empty(), "{}", found.join("\n"));
    let head = "[[strike]]\nid = \"S-1\"\ntime = 2026-01-20\noblast = \"Kyiv\"\ntarget = \"chp\"\n";
    for (extra, pointer) in [
        ("geo_precision = \"region\"\n", "/strike/0/geo_precision"),
        ("time_precision = \"weekly\"\n", "/strike/0/time_precision"),
        (
            "casualties = { killed = { best = 3 } }\n",
            "/strike/0/casualties/killed",
        ),
        (
            "casualties = { killed = { low = 1, high = 2, worst = 9 } }\n",
            "/strike/0/casualties/killed",
        ),
        (
            "casualties = { killed = -1 }\n",
            "/strike/0/casualties/killed",
        ),
    ] {
        let found = errors(&validator, &format!("{head}{extra}"));
        assert!(
            found.iter().any(|e| e.starts_with(&format!("{pointer}:"))),
            "{extra}: {found:#?}"
        );
    }
}
