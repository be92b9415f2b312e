//! A newcomer's first hour (issue 16): what the board shows for data as a new
//! user writes it. Screens are drawn with `TestBackend`; the clock is frozen.

mod common;

use common::{app_with, options, screen, store_of};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

const BOARD: &str = r#"[board]
title = "Order test"
[board.parties]
UA = "Ukraine"
US = "United States"
RU = "Russia"
"#;

const ISSUE: &str = r#"[[issue]]
id = "territory"
title = "Territory"
status = "negotiating"
[issue.positions]
RU = "All of four oblasts."
ZZ = "A party the board does not list."
US = "Freeze the line."
AA = "Another one it does not list."
UA = "No cession of land."
[[issue.log]]
date = 2025-11-12
text = "Talks resumed in Geneva."
"#;

fn press(app: &mut sitboard::app::App, keys: &[KeyCode]) {
    for key in keys {
        app.on_key(KeyEvent::new(*key, KeyModifiers::NONE));
    }
}

/// Positions follow `[board.parties]`, then the file's order; a log entry with a
/// date alone reads as that day, not "time TBA".
#[test]
fn positions_follow_the_board_and_a_dated_log_entry_reads_as_its_day() {
    let store = store_of(&[("board.toml", BOARD), ("issues.toml", ISSUE)]);
    let mut app = app_with(store, false, options());
    press(&mut app, &[KeyCode::Char('2'), KeyCode::Enter]);
    let text = screen(&mut app, 120, 40);
    let at = |needle: &str| {
        text.find(needle)
            .unwrap_or_else(|| panic!("{needle} missing:\n{text}"))
    };
    // The board's order (not the codes' alphabetical order), then the file's.
    assert!(at("Ukraine (UA)") < at("United States (US)"), "{text}");
    assert!(at("United States (US)") < at("Russia (RU)"), "{text}");
    assert!(at("Russia (RU)") < at("  ZZ"), "{text}");
    assert!(at("  ZZ") < at("  AA"), "{text}");
    assert!(text.contains("Wed 12 Nov 2025"), "{text}");
    assert!(!text.contains("time TBA"), "{text}");
}
