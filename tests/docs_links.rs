//! The repository carries its own contract in `docs/`, and comments cite it as
//! `docs/FILE.md#anchor`: every such citation must name a file and a heading
//! that exist, so a renamed heading cannot leave the code pointing nowhere.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// GitHub's anchor for a heading: lower case, punctuation dropped, spaces to
/// hyphens.
fn anchor(heading: &str) -> String {
    heading
        .trim()
        .to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric() || *c == ' ' || *c == '-' || *c == '_')
        .map(|c| if c == ' ' { '-' } else { c })
        .collect()
}

fn anchors(doc: &Path) -> BTreeSet<String> {
    let text = std::fs::read_to_string(doc).unwrap_or_default();
    let mut in_code = false;
    let mut out = BTreeSet::new();
    for line in text.lines() {
        if line.trim_start().starts_with("```") {
            in_code = !in_code;
        } else if !in_code && line.starts_with('#') {
            out.insert(anchor(line.trim_start_matches('#')));
        }
    }
    out
}

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            files(&path, out);
        } else if path
            .extension()
            .is_some_and(|e| e == "rs" || e == "sh" || e == "toml")
        {
            out.push(path);
        }
    }
}

#[test]
fn every_docs_citation_in_the_code_resolves() {
    let mut sources = Vec::new();
    for dir in ["src", "tests", "benches", "examples", "scripts", "config"] {
        files(Path::new(dir), &mut sources);
    }
    let mut cited = 0;
    let mut broken = Vec::new();
    for source in sources.iter().filter(|p| !p.ends_with("docs_links.rs")) {
        let text = std::fs::read_to_string(source).unwrap_or_default();
        for (at, _) in text.match_indices("docs/") {
            let rest = &text[at..];
            let end = rest
                .find(|c: char| !(c.is_alphanumeric() || "/-_.#".contains(c)))
                .unwrap_or(rest.len());
            let cite = rest[..end].trim_end_matches('.');
            let Some((file, fragment)) = cite.split_once(".md") else {
                continue;
            };
            cited += 1;
            let doc = PathBuf::from(format!("{file}.md"));
            if !doc.is_file() {
                broken.push(format!("{}: {cite} (no such file)", source.display()));
                continue;
            }
            if let Some(name) = fragment.strip_prefix('#') {
                if !anchors(&doc).contains(name) {
                    broken.push(format!("{}: {cite} (no such heading)", source.display()));
                }
            }
        }
    }
    assert!(cited > 20, "the code cites docs/ ({cited} found)");
    assert!(broken.is_empty(), "{}", broken.join("\n"));
}

#[test]
fn no_comment_cites_a_document_outside_the_repository() {
    let mut sources = Vec::new();
    for dir in ["src", "tests", "benches", "examples", "scripts"] {
        files(Path::new(dir), &mut sources);
    }
    let outside: Vec<String> = sources
        .iter()
        .filter(|path| !path.ends_with("docs_links.rs"))
        .filter_map(|path| {
            let text = std::fs::read_to_string(path).ok()?;
            ["SPEC ", "SPEC.md", "STYLE.md"]
                .iter()
                .any(|word| text.contains(word))
                .then(|| path.display().to_string())
        })
        .collect();
    assert!(outside.is_empty(), "{outside:?}");
}
