//! No control sequence from data reaches the terminal (issue 5, docs/data-format.md#discovery-and-loading): a
//! hostile board, driven through every view of the real binary in a
//! pseudo-terminal, and every byte it wrote checked.
//!
//! The only escape sequences allowed in the output are the ones the interface
//! itself sends (CSI cursor moves, colours, clears and modes; ESC 7 / ESC 8).
//! OSC (window title, clipboard), DCS/APC/PM, BEL, C1 controls and bidi
//! controls can only have come from the data, and fail the test; so do the
//! printable remnants of a half-removed sequence such as `[31m` or `]0;`.

mod pty;

use std::time::Duration;

use pty::{Board, NOW, PATIENCE};

/// Payloads, written as TOML escapes so the file itself is valid TOML.
const PAYLOADS: &str = concat!(
    r"\u001b]0;PWNED-TITLE\u0007", // OSC 0: set the window title
    r"\u001b]52;c;cHduZWQ=\u0007", // OSC 52: write the clipboard
    r"\u001b[31mRED\u001b[0m",     // CSI colour
    r"\u0007",                     // BEL
    r"\u009b32mGREEN",             // C1 CSI
    r"\u202eDESREVER\u202c",       // bidi override
    r"\u2066ISO\u2069",            // bidi isolate
    r"zero\u200bwidth e\u0301 ",   // zero-width space, combining accent
    "東京電力 ⚡🔥",               // wide CJK and emoji
);

fn hostile_board(dir: &std::path::Path) {
    let p = PAYLOADS;
    pty::write(
        &dir.join("board.toml"),
        &format!(
            "[board]\ntitle = \"Board {p}\"\nclassification = \"CLASS {p}\"\n[board.parties]\nUA = \"Ukraine {p}\"\n"
        ),
    );
    pty::write(
        &dir.join("events.toml"),
        &format!(
            "[[event]]\nid = \"E-1\"\ntitle = \"Meeting {p}\"\nstart = 2026-01-21T15:00:00Z\nlocation = \"Place {p}\"\n\
             participants = [\"Person {p}\"]\nparties = [\"UA\"]\nsummary = \"Summary {p}\"\nsources = [\"https://example.org/{p}\"]\n"
        ),
    );
    pty::write(
        &dir.join("issues.toml"),
        &format!(
            "[[issue]]\nid = \"territory\"\ntitle = \"Issue {p}\"\nstatus = \"negotiating\"\nsummary = \"Summary {p}\"\n\
             owner = \"Owner {p}\"\ntags = [\"tag {p}\"]\n[issue.positions]\nUA = \"Position {p}\"\n\
             [[issue.log]]\ndate = 2026-01-20\ntext = \"Log {p}\"\n"
        ),
    );
    pty::write(
        &dir.join("strikes.toml"),
        &format!(
            "[[strike]]\nid = \"S-1\"\ntime = 2026-01-21T03:00:00Z\noblast = \"Oblast {p}\"\ntarget = \"substation\"\n\
             location = \"Town {p}\"\nfacility = \"Facility {p}\"\noperator = \"Operator {p}\"\nlat = 50.4\nlon = 30.5\n\
             notes = \"Notes {p}\"\n"
        ),
    );
    // Raw control bytes are not valid TOML: this file is rejected, and its
    // problem (which may quote the line) goes to the problems page.
    pty::write(
        &dir.join("raw.toml"),
        "[[event]]\nid = \"E-2\"\ntitle = \"Raw \x1b]0;RAW-TITLE\x07 \x1b[31mRAW\x1b[0m \u{9b}\"\n",
    );
    // A hostile file name, shown wherever file names are.
    pty::write(
        &dir.join("name\x1b]0;FILE-TITLE\x07\u{202e}.toml"),
        "[[event]]\nid = 7\n",
    );
}

/// What the output would do to a terminal, checked byte by byte.
fn forbidden_in(raw: &[u8]) -> Vec<String> {
    let mut found = Vec::new();
    let mut i = 0;
    while i < raw.len() {
        match raw[i] {
            0x1b => match raw.get(i + 1) {
                Some(b'[') => {
                    // CSI: parameters and intermediates, then one final byte.
                    let mut j = i + 2;
                    while j < raw.len() && (0x20..=0x3f).contains(&raw[j]) {
                        j += 1;
                    }
                    i = j + 1;
                    continue;
                }
                Some(b'7' | b'8') => {
                    i += 2;
                    continue;
                }
                Some(&next) => {
                    found.push(format!("ESC {:?} at byte {i}", next as char));
                    i += 2;
                    continue;
                }
                None => break,
            },
            0x07 => found.push(format!("BEL at byte {i}")),
            0x00..=0x1f if ![b'\r', b'\n', b'\x08'].contains(&raw[i]) => {
                found.push(format!("control 0x{:02x} at byte {i}", raw[i]));
            }
            0x7f => found.push(format!("DEL at byte {i}")),
            _ => {}
        }
        i += 1;
    }
    let text = String::from_utf8_lossy(raw);
    for c in text.chars() {
        let bad = ('\u{80}'..='\u{9f}').contains(&c)
            || ('\u{202a}'..='\u{202e}').contains(&c)
            || ('\u{2066}'..='\u{2069}').contains(&c)
            || matches!(c, '\u{200e}' | '\u{200f}' | '\u{61c}');
        if bad {
            found.push(format!("U+{:04X}", c as u32));
        }
    }
    found.sort();
    found.dedup();
    found
}

/// The printable text of the output: escape sequences taken out.
fn printable(raw: &[u8]) -> String {
    let mut out = Vec::new();
    let mut i = 0;
    while i < raw.len() {
        if raw[i] == 0x1b && raw.get(i + 1) == Some(&b'[') {
            let mut j = i + 2;
            while j < raw.len() && (0x20..=0x3f).contains(&raw[j]) {
                j += 1;
            }
            i = j + 1;
            continue;
        }
        out.push(raw[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Types keys and lets the frame they cause be written.
fn press(board: &mut Board, keys: &str) {
    board.send(keys);
    board.wait_quiet(Duration::from_millis(120), PATIENCE);
}

#[test]
fn hostile_data_reaches_the_screen_as_plain_text_in_every_view() {
    let dir = tempfile::tempdir().expect("temp dir");
    hostile_board(dir.path());
    let path = dir.path().to_string_lossy().into_owned();
    for (cols, rows) in [(200, 50), (80, 24)] {
        let mut board = Board::spawn(&["--now", NOW, "--tz", "UTC", &path], cols, rows);
        board.expect_text("RED");
        board.wait_quiet(Duration::from_millis(200), PATIENCE);
        // Every pane's list and detail, zoomed and not; problems; help; the map.
        for pane in ["1", "2", "3"] {
            press(&mut board, pane);
            press(&mut board, "\r");
            press(&mut board, "j");
            press(&mut board, "\x1b");
            press(&mut board, "z");
            press(&mut board, "z");
        }
        press(&mut board, "3");
        press(&mut board, "m");
        press(&mut board, "m");
        press(&mut board, "p");
        press(&mut board, "j");
        press(&mut board, "\x1b");
        press(&mut board, "?");
        press(&mut board, "\x1b");
        press(&mut board, "/");
        press(&mut board, "red");
        press(&mut board, "\x1b");
        board.send("q");
        assert!(
            board.wait_exit(PATIENCE).is_some(),
            "q did not end the board"
        );
        board.wait_output_closed(PATIENCE);

        let raw = board.raw();
        let forbidden = forbidden_in(&raw);
        assert!(
            forbidden.is_empty(),
            "{cols}x{rows}: data reached the terminal as control sequences: {forbidden:?}"
        );
        let text = printable(&raw);
        for remnant in ["[31m", "[0m", "]0;", "]52;", "32mGREEN", "PWNED-TITLE\u{7}"] {
            assert!(
                !text.contains(remnant),
                "{cols}x{rows}: the remnant {remnant:?} reached the screen"
            );
        }
        // What the text said is still there, readable.
        for word in ["RED", "GREEN", "DESREVER", "東京電力"] {
            assert!(text.contains(word), "{cols}x{rows}: {word:?} never shown");
        }
    }
}

#[test]
fn the_output_check_catches_what_data_could_smuggle() {
    assert!(forbidden_in(b"\x1b[1;1H\x1b[31mok\x1b[0m\x1b[?2026h\x1b7\x1b8\r\n").is_empty());
    assert!(!forbidden_in(b"\x1b]0;title\x07").is_empty());
    assert!(!forbidden_in(b"plain \x07 bell").is_empty());
    assert!(!forbidden_in("c1 \u{9b}31m".as_bytes()).is_empty());
    assert!(!forbidden_in("bidi \u{202e}".as_bytes()).is_empty());
    assert!(!forbidden_in(b"\x1bPdcs\x1b\\").is_empty());
    assert_eq!(printable(b"\x1b[31mRED\x1b[0m"), "RED");
}
