//! Hostile bytes through every argument and every config key: whatever sitboard
//! writes to stdout or stderr about them is plain text. Data files are covered by
//! `check_cli.rs` and `e2e_hostile.rs`; this file covers the messages about the
//! command line and the user config (docs/command-line.md#exit-status).

use std::ffi::OsString;
use std::fs;
use std::os::unix::ffi::OsStringExt;
use std::path::Path;
use std::process::{Command, Output};

/// ESC and CSI, a C1 CSI, BEL, backspace, an OSC title, a right-to-left
/// override, DEL: each would drive or fool a terminal.
const HOSTILE: &str = "X\u{1b}[31mR\u{9b}2J\u{7}\u{8}\u{1b}]0;owned\u{7}\u{202e}\u{7f}Y";

fn run(args: &[OsString], config_home: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sitboard"))
        .args(args)
        .env_remove("SITBOARD_DATA")
        .env("XDG_CONFIG_HOME", config_home)
        .output()
        .expect("the sitboard binary runs")
}

/// Every character that must not reach a terminal from a message.
fn forbidden(c: char) -> bool {
    (c.is_control() && c != '\n')
        || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

fn assert_plain(what: &str, output: &Output) {
    for (stream, bytes) in [("stdout", &output.stdout), ("stderr", &output.stderr)] {
        let text = String::from_utf8_lossy(bytes);
        let bad: Vec<String> = text
            .chars()
            .filter(|&c| forbidden(c))
            .map(|c| format!("U+{:04X}", c as u32))
            .collect();
        assert!(bad.is_empty(), "{what}: {stream} holds {bad:?}: {text:?}");
    }
}

fn os(parts: &[&str]) -> Vec<OsString> {
    parts.iter().map(OsString::from).collect()
}

#[test]
fn hostile_arguments_come_back_as_plain_text() {
    let home = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let flag = format!("--{HOSTILE}");
    let missing = dir.path().join(HOSTILE).to_string_lossy().into_owned();
    // A file with a hostile name that holds an error, so its name is printed
    // beside a FILE:LINE:COL.
    let named = dir.path().join(format!("{HOSTILE}.toml"));
    fs::write(&named, "[[strike]]\nid = 3\n").unwrap();
    let named = named.to_string_lossy().into_owned();
    let mut cases: Vec<(String, Vec<OsString>)> = vec![
        ("unknown option".into(), os(&[&flag])),
        ("unknown subcommand option".into(), os(&["check", &flag])),
        ("--now".into(), os(&["check", "--now", HOSTILE])),
        ("--tz".into(), os(&["check", "--tz", HOSTILE])),
        ("--tz on brief".into(), os(&["brief", "--tz", HOSTILE])),
        ("--tz on the board".into(), os(&["--tz", HOSTILE])),
        (
            "--tz on export".into(),
            os(&["export", "ics", "--tz", HOSTILE]),
        ),
        ("--poll".into(), os(&["--poll", HOSTILE])),
        ("--format".into(), os(&["brief", "--format", HOSTILE])),
        ("--rotate".into(), os(&["--wall", "--rotate", HOSTILE])),
        ("present --tz".into(), os(&["present", "--tz", HOSTILE])),
        ("export kind".into(), os(&["export", HOSTILE])),
        ("missing PATH, check".into(), os(&["check", &missing])),
        ("missing PATH, board".into(), os(&[&missing])),
        ("missing PATH, brief".into(), os(&["brief", &missing])),
        ("hostile file name".into(), os(&["check", &named])),
        (
            "missing --config".into(),
            os(&["check", "--config", &missing]),
        ),
        ("init into a hostile name".into(), os(&["init", &missing])),
    ];
    // A PATH that is not UTF-8 at all: a lone C1 byte and an ESC sequence.
    cases.push((
        "non-UTF-8 PATH".into(),
        vec![
            "check".into(),
            OsString::from_vec(b"\x9b2J\x1b[2Jx".to_vec()),
        ],
    ));
    for (what, args) in cases {
        let output = run(&args, home.path());
        assert_plain(&what, &output);
        let all = [output.stdout.as_slice(), output.stderr.as_slice()].concat();
        assert!(!all.is_empty(), "{what}: said nothing");
        // "init" succeeds; everything else here is refused.
        if what.starts_with("init") {
            assert_eq!(output.status.code(), Some(0), "{what}");
        } else if what == "hostile file name" {
            assert_eq!(output.status.code(), Some(1), "{what}");
        } else {
            assert_eq!(output.status.code(), Some(2), "{what}: {output:?}");
        }
    }
}

/// Each config key given a hostile value (and each table a hostile key name):
/// the `FILE:LINE:COL: error:` line is plain text.
#[test]
fn hostile_config_values_come_back_as_plain_text() {
    let home = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    // TOML basic strings take \u escapes, so the file itself is plain ASCII.
    let escaped: String = HOSTILE
        .chars()
        .map(|c| {
            if c.is_ascii_graphic() {
                c.to_string()
            } else {
                format!("\\u{:04X}", c as u32)
            }
        })
        .collect();
    let configs = [
        format!("tz = \"{escaped}\"\n"),
        format!("poll_seconds = \"{escaped}\"\n"),
        format!("highlight_for = \"{escaped}\"\n"),
        format!("mouse = \"{escaped}\"\n"),
        format!("\"{escaped}\" = 1\n"),
        format!("[theme]\naccent = \"{escaped}\"\n"),
        format!("[theme]\n\"{escaped}\" = \"red\"\n"),
        format!("[keys]\nquit = \"{escaped}\"\n"),
        format!("[keys]\nquit = [\"q\", \"{escaped}\"]\n"),
        format!("[keys]\n\"{escaped}\" = \"q\"\n"),
        format!("wall = \"{escaped}\"\n"),
        format!("rotate = \"{escaped}\"\n"),
        format!("[[alert]]\nname = \"a\"\nwhen = \"{escaped}\"\ndo = [\"banner\"]\n"),
        format!("[[alert]]\nname = \"{escaped}\"\nwhen = \"strike\"\ndo = [\"{escaped}\"]\n"),
        format!("[[alert]]\nname = \"a\"\nwhen = \"strike\"\ntarget = [\"{escaped}\"]\n"),
        format!("[[alert]]\nname = \"a\"\nwhen = \"event_soon\"\nwithin = \"{escaped}\"\n"),
        format!("[[alert]]\nname = \"a\"\nwhen = \"strike\"\n\"{escaped}\" = 1\n"),
        // A syntax error on a line that holds the raw bytes themselves.
        format!("tz = \"Europe/Kyiv\" {HOSTILE}\n"),
    ];
    for (n, config) in configs.iter().enumerate() {
        // The config file's own name is hostile too.
        let file = dir.path().join(format!("{n}{HOSTILE}.toml"));
        fs::write(&file, config).unwrap();
        let file = file.to_string_lossy().into_owned();
        for args in [
            os(&["check", "--config", &file]),
            os(&["brief", "--config", &file]),
            os(&["--config", &file]),
        ] {
            let output = run(&args, home.path());
            let what = format!("config {config:?} with {:?}", args[0]);
            assert_plain(&what, &output);
            assert_eq!(output.status.code(), Some(2), "{what}: {output:?}");
            let stderr = String::from_utf8_lossy(&output.stderr);
            assert!(stderr.contains(": error: "), "{what}: {stderr}");
        }
    }
}

/// The check above would see each kind of byte it is meant to catch.
#[test]
fn the_output_check_catches_each_hostile_character() {
    for c in HOSTILE.chars().filter(|c| !c.is_ascii_alphanumeric()) {
        let looks_plain = c.is_ascii_punctuation();
        assert_eq!(forbidden(c), !looks_plain, "U+{:04X}", c as u32);
    }
}
