//! The module map in `src/lib.rs` is the house's contract: every top-level module
//! is listed with a layer, and a module uses only modules in lower layers. This
//! test reads the table and every `crate::` reference in non-test code, so an
//! edge that points up or sideways fails here with its file and line.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

fn layers() -> BTreeMap<String, u32> {
    let lib = fs::read_to_string("src/lib.rs").expect("src/lib.rs");
    let mut out = BTreeMap::new();
    for line in lib.lines() {
        let Some(row) = line.strip_prefix("//! | ") else {
            continue;
        };
        let cells: Vec<&str> = row.split('|').map(str::trim).collect();
        let (Ok(layer), Some(name)) = (cells[0].parse::<u32>(), cells.get(1)) else {
            continue;
        };
        let name = name.trim_matches(|c| c == '[' || c == ']' || c == '`');
        out.insert(name.to_string(), layer);
    }
    out
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).expect("read src") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

fn top_module(path: &Path) -> String {
    let rel = path.strip_prefix("src").expect("under src");
    let first = rel.components().next().expect("component");
    first
        .as_os_str()
        .to_string_lossy()
        .trim_end_matches(".rs")
        .to_string()
}

/// Every `crate::NAME` in `text`, and the names inside `use crate::{a, b::c}`,
/// with the line they are on. Comments and `#[cfg(test)]` modules are left out.
fn references(text: &str) -> Vec<(String, usize)> {
    let code = text.find("#[cfg(test)]").map_or(text, |cut| &text[..cut]);
    let mut out = Vec::new();
    let mut in_group = false;
    for (n, line) in code.lines().enumerate() {
        let line = line.split("//").next().unwrap_or("");
        let mut rest = line;
        while let Some(at) = rest.find("crate::") {
            let after = &rest[at + "crate::".len()..];
            if let Some(group) = after.strip_prefix('{') {
                in_group = true;
                rest = group;
                break;
            }
            let name: String = after
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            out.push((name, n + 1));
            rest = after;
        }
        if in_group {
            let (inside, closed) = match rest.find('}') {
                Some(end) if !rest[..end].contains('{') => (&rest[..end], true),
                _ => (rest, false),
            };
            for part in inside.split(',') {
                let name = part
                    .trim()
                    .split("::")
                    .next()
                    .unwrap_or("")
                    .trim_matches('{');
                if !name.is_empty() && name.chars().all(|c| c.is_ascii_lowercase() || c == '_') {
                    out.push((name.to_string(), n + 1));
                }
            }
            if closed {
                in_group = false;
            }
        }
    }
    out
}

#[test]
fn every_module_has_a_layer_and_uses_only_lower_ones() {
    let layers = layers();
    assert!(
        layers.len() >= 10,
        "the module map in src/lib.rs was not found: {layers:?}"
    );
    let lib = fs::read_to_string("src/lib.rs").unwrap();
    let declared: Vec<&str> = lib
        .lines()
        .filter_map(|l| l.strip_prefix("pub mod ")?.strip_suffix(';'))
        .collect();
    for module in &declared {
        assert!(
            layers.contains_key(*module),
            "module `{module}` is not in the map in src/lib.rs"
        );
    }
    let mut files = Vec::new();
    rust_files(Path::new("src"), &mut files);
    let mut wrong = Vec::new();
    for file in files {
        let from = top_module(&file);
        if from == "main" || from == "lib" {
            continue;
        }
        let from_layer = layers[&from];
        for (to, line) in references(&fs::read_to_string(&file).unwrap()) {
            if to == from || to.is_empty() {
                continue;
            }
            let Some(&to_layer) = layers.get(&to) else {
                continue;
            };
            if to_layer >= from_layer {
                wrong.push(format!(
                    "{}:{line}: {from} (layer {from_layer}) uses {to} (layer {to_layer})",
                    file.display()
                ));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "edges against the module map:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn the_reference_reader_sees_paths_and_groups() {
    let text = "use crate::model::Zone;\nuse crate::{app::App, ui};\n// crate::term\nfn f() { crate::load::x(); }\n#[cfg(test)]\nuse crate::runtime;";
    let names: Vec<String> = references(text).into_iter().map(|(n, _)| n).collect();
    assert_eq!(names, ["model", "app", "ui", "load"]);
}
