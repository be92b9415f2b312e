//! The README's data-format example is a real board: it loads with no problem.

use std::process::Command;

#[test]
fn the_readme_example_passes_check() {
    let readme = include_str!("../README.md");
    let section = readme
        .split("### An example")
        .nth(1)
        .expect("README has an '### An example' section");
    let toml = section
        .split("```toml\n")
        .nth(1)
        .and_then(|rest| rest.split("\n```").next())
        .expect("the example section has a ```toml block");
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("board.toml"), toml).expect("write example");
    let out = Command::new(env!("CARGO_BIN_EXE_sitboard"))
        .args(["check", "--now", "2026-01-21T12:00:00Z"])
        .arg(dir.path())
        .output()
        .expect("run sitboard check");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(stdout.contains("3 records: no problems"), "{stdout}");
}
