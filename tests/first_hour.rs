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

/// An event with a start time and no end stays under way for `started_for`
/// (default an hour), shown as "started 12m ago", instead of turning into a past
/// event at its start minute.
#[test]
fn an_event_without_an_end_has_started_for_a_while() {
    // The frozen clock is 2026-01-21 12:00 UTC.
    let calendar = r#"[[event]]
id = "call"
title = "Call with the envoy"
start = 2026-01-21T11:48:00Z
[[event]]
id = "breakfast"
title = "Breakfast briefing"
start = 2026-01-21T10:00:00Z
[[event]]
id = "talks"
title = "Talks in Moscow"
start = 2026-01-22T18:00:00Z
"#;
    let mut app = app_with(store_of(&[("calendar.toml", calendar)]), false, options());
    let text = screen(&mut app, 120, 40);
    let line = |needle: &str| {
        text.lines()
            .find(|l| l.contains(needle))
            .unwrap_or_else(|| panic!("{needle} missing:\n{text}"))
            .to_string()
    };
    assert!(
        line("Call with the envoy").contains("started 12m ago"),
        "{text}"
    );
    assert!(!line("Breakfast briefing").contains("started"), "{text}");
    // Still under way: below the now line with what is to come, not above it.
    let now_line = text
        .lines()
        .position(|l| l.contains(" now 12:00 UTC "))
        .unwrap_or_else(|| panic!("no now line:\n{text}"));
    let call_line = text
        .lines()
        .position(|l| l.contains("Call with the envoy"))
        .unwrap();
    let breakfast_line = text
        .lines()
        .position(|l| l.contains("Breakfast briefing"))
        .unwrap();
    assert!(breakfast_line < now_line, "{text}");
    assert!(now_line < call_line, "{text}");
}

/// Zero is not unknown: `outage_customers = 0` reads "none", an absent one "–",
/// in the list and in the detail view (issue 17).
#[test]
fn zero_customers_out_is_not_the_same_as_not_reported() {
    let strikes = r#"[[strike]]
id = "S-zero"
time = 2026-01-21T09:00:00Z
oblast = "Lviv"
target = "substation"
outage_customers = 0
[[strike]]
id = "S-unknown"
time = 2026-01-21T08:00:00Z
oblast = "Odesa"
target = "substation"
"#;
    let mut app = app_with(store_of(&[("strikes.toml", strikes)]), false, options());
    press(&mut app, &[KeyCode::Char('3'), KeyCode::Char('z')]);
    let text = screen(&mut app, 120, 40);
    let row = |needle: &str| {
        text.lines()
            .find(|l| l.contains(needle))
            .unwrap_or_else(|| panic!("{needle} missing:\n{text}"))
            .to_string()
    };
    assert!(row("Lviv").contains(" none "), "{text}");
    assert!(row("Odesa").contains(" – "), "{text}");
    assert!(!row("Odesa").contains("none"), "{text}");
    // The detail of the first (newest) one, then of the second.
    press(&mut app, &[KeyCode::Enter]);
    assert!(screen(&mut app, 120, 40).contains("none (0 customers)"));
    press(&mut app, &[KeyCode::Esc, KeyCode::Down, KeyCode::Enter]);
    assert!(screen(&mut app, 120, 40).contains("– (not reported)"));
}

/// While a file is broken and its last good version is on the board, the panes
/// that show its records say so in their title, with when that version was
/// saved (issue 17).
#[test]
fn a_kept_copy_says_so_in_the_pane_title() {
    use std::time::{Duration, UNIX_EPOCH};
    let good = "[[issue]]\nid = \"territory\"\ntitle = \"Territory\"\nstatus = \"negotiating\"\n";
    let mut app = app_with(store_of(&[]), false, options());
    // Saved at 12:04 UTC on 21 Jan 2026, then broken by a half-typed edit.
    let saved = UNIX_EPOCH + Duration::from_secs(1_768_997_040);
    let mut first = common::file("issues.toml", good);
    first.modified = Some(saved);
    common::apply(&mut app, vec![first], vec![]);
    let broken = common::file("issues.toml", &good.replace("negotiating", "negotiatin"));
    common::apply(&mut app, vec![broken], vec![]);
    let text = screen(&mut app, 200, 60);
    assert!(
        text.contains("Issues 1 · issues.toml broken, last good 12:04"),
        "{text}"
    );
    assert!(!text.contains("Calendar 0 · issues"), "{text}");
    // Mended: the title is plain again.
    common::apply(&mut app, vec![common::file("issues.toml", good)], vec![]);
    let text = screen(&mut app, 200, 60);
    assert!(!text.contains("broken"), "{text}");
}

/// Stacked panes share the height by content: a pane with three issues does not
/// keep blank rows while the calendar hides events (issue 17).
#[test]
fn stacked_panes_share_the_height_by_content() {
    let mut calendar = String::new();
    for n in 0..25 {
        calendar += &format!(
            "[[event]]\nid = \"e{n}\"\ntitle = \"Meeting number {n}\"\nstart = 2026-01-{:02}T15:00:00Z\n",
            22 + n / 4
        );
    }
    let mut issues = String::new();
    for n in 0..3 {
        issues += &format!("[[issue]]\nid = \"i{n}\"\ntitle = \"Issue {n}\"\nstatus = \"open\"\n");
    }
    let mut app = app_with(
        store_of(&[("calendar.toml", &calendar), ("issues.toml", &issues)]),
        false,
        options(),
    );
    // 120 columns: the three panes are stacked.
    let text = screen(&mut app, 120, 40);
    let meetings = text
        .lines()
        .filter(|l| l.contains("Meeting number"))
        .count();
    // With fixed shares (2/5 of the body) the calendar showed 10 of these rows.
    assert!(meetings >= 16, "{meetings} meetings shown:\n{text}");
    for n in 0..3 {
        assert!(text.contains(&format!("Issue {n}")), "{text}");
    }
    let issues_top = text.lines().position(|l| l.contains("Issues 3")).unwrap();
    let strikes_top = text.lines().position(|l| l.contains("Strikes 0")).unwrap();
    // Border, three issues, border: no blank rows.
    assert!(strikes_top - issues_top <= 5, "{text}");
}

/// `z` adds the columns that did not fit, it does not only widen the same ones
/// (issue 17): strikes gain location, operator, weapons, casualties, restored;
/// issues owner, tags, updated; events kind and parties.
#[test]
fn zoom_adds_the_columns_that_did_not_fit() {
    let mut app = common::example_app();
    press(&mut app, &[KeyCode::Char('3')]);
    let plain = screen(&mut app, 200, 60);
    assert!(!plain.contains("operator"), "{plain}");
    press(&mut app, &[KeyCode::Char('z')]);
    let zoomed = screen(&mut app, 200, 60);
    for column in ["location", "operator", "weapons", "casualties", "restored"] {
        assert!(zoomed.contains(column), "{column} missing:\n{zoomed}");
    }
    press(
        &mut app,
        &[KeyCode::Char('z'), KeyCode::Char('2'), KeyCode::Char('z')],
    );
    let zoomed = screen(&mut app, 200, 60);
    for column in ["owner", "tags", "updated"] {
        assert!(zoomed.contains(column), "{column} missing:\n{zoomed}");
    }
    press(&mut app, &[KeyCode::Char('z'), KeyCode::Char('1')]);
    let plain = screen(&mut app, 200, 60);
    press(&mut app, &[KeyCode::Char('z')]);
    let zoomed = screen(&mut app, 200, 60);
    // The kind and the parties' codes of the next event, in columns of their own.
    let row = |text: &str| {
        text.lines()
            .find(|l| l.contains("US negotiators meet Ukrainian officials"))
            .map(str::to_string)
            .unwrap_or_default()
    };
    assert!(!row(&plain).contains("talks"), "{plain}");
    assert!(row(&zoomed).contains("talks"), "{zoomed}");
    assert!(
        row(&zoomed).contains("US UA") || row(&zoomed).contains("UA US"),
        "{zoomed}"
    );
}

/// At 80 columns and below, column names and the strike summary give way by
/// shortening, never by a cut word (issue 16: "progre", "pow…210k").
#[test]
fn narrow_panes_shorten_rather_than_cut() {
    let mut app = common::example_app();
    press(&mut app, &[KeyCode::Char('2')]);
    let text = screen(&mut app, 80, 24);
    let header = text
        .lines()
        .find(|l| l.contains(" prio issue"))
        .unwrap_or_else(|| panic!("no column names:\n{text}"));
    assert!(header.contains("progress"), "{header}");
    press(&mut app, &[KeyCode::Char('3')]);
    for width in [80u16, 60, 44] {
        let text = screen(&mut app, width, 24);
        let summary = text
            .lines()
            .find(|l| l.contains("24 h") || l.contains("24h"))
            .unwrap_or_else(|| panic!("no summary at {width}:\n{text}"));
        assert!(!summary.contains('…'), "cut at {width}: {summary}");
        assert!(
            summary.contains("475,000") || summary.contains("475k"),
            "{summary}"
        );
    }
}
