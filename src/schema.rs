//! `sitboard schema`: a JSON Schema of the data files, for editors.
//!
//! Generated from the loader's own key table ([`crate::load::fields`]), so a key
//! the loader knows is a key the schema knows, with the same type, enum words,
//! ranges, required flag and default. Editors that use taplo (VS Code's "Even
//! Better TOML", Helix, Neovim, Zed) read it through a `.taplo.toml` or a
//! `#:schema` line and complete and check keys and values as you type.
//!
//! Choices, and why:
//! - **Draft-07**, the newest draft that taplo's validator fully supports.
//! - **Unknown keys are flagged** (`additionalProperties: false`, except in the free
//!   `parties` and `positions` tables). The loader only warns about an unknown key
//!   and ignores it, so such a key is never needed; in an editor it is almost always
//!   a typo (`locaton`), and the place to catch a typo is where it is typed.
//! - **Times** are TOML datetimes, which taplo hands to the validator as strings
//!   (`2026-01-22T18:00:00+03:00`, `2026-01-22T18:00:00`, `2026-01-22`): a string
//!   with one of the formats `date-time`, `partial-date-time` or `date`, and a
//!   pattern that accepts exactly those three shapes. (A schema cannot tell a TOML
//!   datetime from a quoted string that looks like one; `sitboard check` can.)
//! - **Zones** are the names the loader accepts (every IANA name, and the alias
//!   `Europe/Kiev`), as an `enum`, so editors complete them.
//! - Zone, time, duration and id are defined once under `definitions` and used
//!   through `allOf`, not a bare `$ref`, because taplo ignores the other fields of
//!   an object that has `$ref` (and the key's description must stay).

use serde_json::{Map, Value, json};

use crate::load::fields::{self, FieldSpec, FieldType, TableSpec};

/// The file name `sitboard init` writes the schema under (and `.taplo.toml` names).
pub const SCHEMA_FILE: &str = "sitboard.schema.json";

/// Draft-07's meta-schema URI.
const DRAFT: &str = "http://json-schema.org/draft-07/schema#";

/// Local date, local date-time or offset date-time as TOML writes them (seconds
/// optional, as TOML 1.1 allows; `T`, `t` or a space between date and time).
const TIME_PATTERN: &str = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}([Tt ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)?([Zz]|[+-][0-9]{2}:[0-9]{2})?)?$";

/// A duration as `parse_duration` reads it: numbers with units `s m h d w`.
const DURATION_PATTERN: &str = r"^\s*[0-9]+[smhdw]( *[0-9]+[smhdw])*\s*$";

/// A record id: 1–64 of `A-Z a-z 0-9 . _ -`.
const ID_PATTERN: &str = r"^[A-Za-z0-9._-]{1,64}$";

/// The JSON Schema of a sitboard data file.
pub fn schema() -> Value {
    let mut root = table(&fields::ROOT);
    if let Value::Object(object) = &mut root {
        let mut head = Map::new();
        head.insert("$schema".into(), json!(DRAFT));
        head.insert("title".into(), json!("sitboard data file"));
        head.append(object);
        head.insert("definitions".into(), definitions());
        *object = head;
    }
    root
}

/// The schema as `sitboard schema` prints it and `sitboard init` writes it.
pub fn schema_text() -> String {
    // Serialising a `Value` built from strings and numbers cannot fail.
    let mut text = serde_json::to_string_pretty(&schema()).unwrap_or_default();
    text.push('\n');
    text
}

fn definitions() -> Value {
    let mut zones: Vec<&str> = chrono_tz::TZ_VARIANTS.iter().map(|tz| tz.name()).collect();
    if !zones.contains(&"Europe/Kiev") {
        zones.push("Europe/Kiev");
    }
    zones.sort_unstable();
    json!({
        "time": {
            "description": "A TOML date-time: 2026-01-22T18:00:00+03:00 (an exact instant), 2026-01-22T18:00:00 (wall-clock time in the record's tz, else the board's default_tz, else UTC) or 2026-01-22 (the day only: time TBA).",
            "type": "string",
            "pattern": TIME_PATTERN,
            "anyOf": [
                { "format": "date-time" },
                { "format": "partial-date-time" },
                { "format": "date" }
            ]
        },
        "zone": {
            "description": "An IANA time zone name such as \"Europe/Kyiv\".",
            "type": "string",
            "enum": zones
        },
        "duration": {
            "description": "A duration such as \"90m\", \"6h\", \"2d\", \"1w\" or \"1h30m\".",
            "type": "string",
            "pattern": DURATION_PATTERN
        },
        "id": {
            "description": "An id: 1 to 64 of A-Z a-z 0-9 . _ -",
            "type": "string",
            "pattern": ID_PATTERN
        }
    })
}

/// The schema of one table: its keys, which are required, no others.
fn table(spec: &TableSpec) -> Value {
    let mut properties = Map::new();
    for field in spec.fields {
        properties.insert(field.name.to_string(), property(field));
    }
    let required: Vec<&str> = spec
        .fields
        .iter()
        .filter(|f| f.required)
        .map(|f| f.name)
        .collect();
    let mut schema = json!({
        "description": spec.doc,
        "type": "object",
        "properties": properties,
        "additionalProperties": false,
    });
    if !required.is_empty() {
        schema["required"] = json!(required);
        // taplo writes these keys when a new table is completed.
        schema["x-taplo"] = json!({ "initKeys": required });
    }
    schema
}

/// The schema of one key: its type, with the key's doc and default.
fn property(field: &FieldSpec) -> Value {
    let mut schema = value_type(&field.ty);
    if let Value::Object(object) = &mut schema {
        let mut doc = field.doc.to_string();
        if let Some(default) = field.default {
            doc.push_str(&format!(" Default: {default}."));
        }
        if field.required {
            doc.push_str(" Required.");
        }
        object.insert("description".into(), json!(doc));
        if let Some(default) = field.default.and_then(toml_literal) {
            object.insert("default".into(), default);
        }
    }
    schema
}

fn value_type(ty: &FieldType) -> Value {
    match ty {
        FieldType::String | FieldType::Text => json!({ "type": "string" }),
        FieldType::Id => reference("id"),
        FieldType::Time => reference("time"),
        FieldType::Zone => reference("zone"),
        FieldType::Duration => reference("duration"),
        FieldType::Enum(words) => json!({ "type": "string", "enum": words }),
        FieldType::Integer { min, max } => {
            let mut schema = json!({ "type": "integer", "minimum": min });
            if *max != i64::MAX {
                schema["maximum"] = json!(max);
            }
            schema
        }
        FieldType::Float { min, max } => {
            json!({ "type": "number", "minimum": min, "maximum": max })
        }
        FieldType::Strings => json!({ "type": "array", "items": { "type": "string" } }),
        FieldType::Zones => json!({ "type": "array", "items": reference("zone") }),
        // Party codes are the team's own: any key, string values.
        FieldType::StringMap { .. } => {
            json!({ "type": "object", "additionalProperties": { "type": "string" } })
        }
        FieldType::Table(spec) => table(spec),
        FieldType::Tables(spec) => json!({ "type": "array", "items": table(spec) }),
        // An exact count or a range: `3` or `{ low = 2, best = 3, high = 5 }`.
        FieldType::Estimate(spec) => {
            let count = spec
                .field("low")
                .map_or_else(|| json!({ "type": "integer" }), |low| value_type(&low.ty));
            json!({ "oneOf": [count, table(spec)] })
        }
    }
}

fn reference(name: &str) -> Value {
    json!({ "allOf": [ { "$ref": format!("#/definitions/{name}") } ] })
}

/// A default as the key table writes it (a TOML literal such as `"6h"` or
/// `["UTC"]`), as JSON.
fn toml_literal(literal: &str) -> Option<Value> {
    let table: toml::Table = toml::from_str(&format!("value = {literal}")).ok()?;
    serde_json::to_value(table.get("value")?).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at<'a>(schema: &'a Value, pointer: &str) -> &'a Value {
        schema.pointer(pointer).unwrap_or(&Value::Null)
    }

    #[test]
    fn every_key_of_the_loader_table_is_in_the_schema() {
        let schema = schema();
        let records = [
            ("/properties/board", &fields::BOARD),
            ("/properties/event/items", &fields::EVENT),
            ("/properties/issue/items", &fields::ISSUE),
            (
                "/properties/issue/items/properties/log/items",
                &fields::ISSUE_LOG,
            ),
            ("/properties/strike/items", &fields::STRIKE),
            (
                "/properties/strike/items/properties/weapons",
                &fields::WEAPONS,
            ),
            (
                "/properties/strike/items/properties/casualties",
                &fields::CASUALTIES,
            ),
        ];
        for (pointer, spec) in records {
            let table = at(&schema, pointer);
            assert_eq!(
                at(table, "/additionalProperties"),
                &json!(false),
                "{pointer}"
            );
            let properties = at(table, "/properties")
                .as_object()
                .map(serde_json::Map::len);
            assert_eq!(properties, Some(spec.fields.len()), "{pointer}");
            for field in spec.fields {
                assert!(
                    table["properties"].get(field.name).is_some(),
                    "{pointer}: {}",
                    field.name
                );
                let required = table["required"]
                    .as_array()
                    .is_some_and(|r| r.contains(&json!(field.name)));
                assert_eq!(required, field.required, "{pointer}: {}", field.name);
            }
        }
    }

    #[test]
    fn enums_ranges_and_defaults_come_from_the_table() {
        let schema = schema();
        let target = at(&schema, "/properties/strike/items/properties/target/enum");
        assert_eq!(target, &json!(crate::model::Target::WORDS));
        let progress = at(&schema, "/properties/issue/items/properties/progress");
        assert_eq!(
            (&progress["minimum"], &progress["maximum"]),
            (&json!(0), &json!(100))
        );
        let kind = at(&schema, "/properties/event/items/properties/kind/default");
        assert_eq!(kind, &json!("meeting"));
        let clocks = at(&schema, "/properties/board/properties/clocks/default");
        assert_eq!(clocks, &json!(["UTC"]));
        assert!(
            at(&schema, "/definitions/zone/enum")
                .as_array()
                .is_some_and(
                    |z| z.contains(&json!("Europe/Kyiv")) && z.contains(&json!("Europe/Kiev"))
                )
        );
    }

    #[test]
    fn the_printed_schema_is_json_that_ends_in_a_newline() {
        let text = schema_text();
        assert!(text.ends_with("}\n"));
        let parsed: Result<Value, _> = serde_json::from_str(&text);
        assert_eq!(parsed.ok(), Some(schema()));
    }
}
