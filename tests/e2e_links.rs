//! Sources you can open (issue 15, docs/screen-and-keys.md#detail): the real
//! binary in a pseudo-terminal, the bytes it wrote checked for the OSC 8
//! hyperlink of a good URL, and for none at all for a `javascript:` URL or a
//! URL that carried a control character; `y` then a number sends OSC 52.

mod pty;

use std::path::Path;
use std::time::Duration;

use pty::{Board, NOW};

const STRIKE: &str = r#"
[[strike]]
id = "S-LINK"
time = 2026-01-19
time_precision = "week"
oblast = "Kharkiv"
target = "thermal"
casualties = { killed = { low = 2, best = 3, high = 5 } }
sources = [
  "https://example.org/reports/zmiiv?id=1",
  "javascript:alert(1)",
  "https://evil.example/a\u0007b",
  "Suspilne Kharkiv",
]
"#;

/// The board on `dir/data`, with `dir/config.toml` saying `links = LINKS`.
fn board_with(dir: &Path, links: &str) -> Board {
    let data = dir.join("data");
    std::fs::create_dir_all(&data).expect("data dir");
    pty::write(&data.join("strikes.toml"), STRIKE);
    let config = dir.join("config.toml");
    pty::write(&config, &format!("links = \"{links}\"\n"));
    let data = data.display().to_string();
    let config = config.display().to_string();
    let board = Board::spawn(
        &["--now", NOW, "--tz", "UTC", "--config", &config, &data],
        100,
        30,
    );
    board.expect_text("Strikes 1");
    board
}

fn open_detail(board: &mut Board) {
    board.send("3");
    board.send("\r");
    board.expect_text("4. Suspilne Kharkiv");
    board.wait_quiet(Duration::from_millis(200), pty::PATIENCE);
}

fn count(haystack: &[u8], needle: &[u8]) -> usize {
    haystack
        .windows(needle.len())
        .filter(|window| *window == needle)
        .count()
}

#[test]
fn a_good_url_is_a_hyperlink_and_nothing_else_is() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut board = board_with(dir.path(), "always");
    open_detail(&mut board);
    assert!(
        board.screen().contains("2–5 killed (best 3)"),
        "{}",
        board.screen()
    );
    let raw = board.raw();
    let good = b"\x1b]8;;https://example.org/reports/zmiiv?id=1\x1b\\https://example.org/reports/zmiiv?id=1\x1b]8;;\x1b\\";
    assert_eq!(count(&raw, good), 1, "{}", String::from_utf8_lossy(&raw));
    // Exactly one link was opened (and each opened link is closed).
    assert_eq!(count(&raw, b"\x1b]8;;h"), 1);
    assert_eq!(count(&raw, b"\x1b]8;;javascript"), 0);
    assert_eq!(count(&raw, b"\x1b]8;;https://evil"), 0);
    assert_eq!(count(&raw, b"\x07"), 0, "no BEL reached the terminal");
    // They are still shown, as plain text (the control as its mark, U+FFFD).
    let screen = board.screen();
    assert!(screen.contains("2. javascript:alert(1)"), "{screen}");
    assert_eq!(count(&raw, "https://evil.example/a\u{fffd}b".as_bytes()), 1);

    // y, 4: the citation goes to the clipboard, once.
    board.send("y");
    board.expect_text("copy which source? 1–4");
    board.send("4");
    board.expect_text("source 4 copied to the clipboard");
    board.wait_quiet(Duration::from_millis(200), pty::PATIENCE);
    let osc52 = b"\x1b]52;c;U3VzcGlsbmUgS2hhcmtpdg==\x1b\\";
    assert_eq!(count(&board.raw(), osc52), 1);
    // A full redraw while the notice still shows does not copy it again.
    let notices = count(&board.raw(), b"source 4 copied");
    // (The board was started at 100x30: another size, so it really redraws.)
    board.resize(110, 32);
    board.wait_quiet(Duration::from_millis(300), pty::PATIENCE);
    assert!(board.screen().contains("source 4 copied to the clipboard"));
    // The notice really was drawn again (so a sequence riding in it would be too).
    assert!(count(&board.raw(), b"source 4 copied") > notices);
    assert_eq!(count(&board.raw(), osc52), 1);
    board.send("q");
}

#[test]
fn links_never_and_auto_outside_a_known_terminal_stay_plain() {
    for links in ["never", "auto"] {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut board = board_with(dir.path(), links);
        open_detail(&mut board);
        let raw = board.raw();
        assert_eq!(count(&raw, b"\x1b]8;"), 0, "links = {links}");
        assert!(
            board
                .screen()
                .contains("1. https://example.org/reports/zmiiv?id=1")
        );
        board.send("q");
    }
}
