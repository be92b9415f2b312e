//! The board as a briefer drives it: the real binary in a pseudo-terminal,
//! keys typed, the screen read back. The example board with `--now` at its
//! reference instant and `--tz UTC`, so what is on screen is known.

mod pty;

use pty::{Board, NOW, PATIENCE};

fn example(cols: u16, rows: u16) -> Board {
    let board = Board::spawn(&["--now", NOW, "--tz", "UTC"], cols, rows);
    board.expect_text("Calendar 14");
    // The first frame may arrive in pieces: read it once it is all there.
    board.wait_quiet(std::time::Duration::from_millis(200), PATIENCE);
    board
}

/// Types keys and waits until `needle` is on screen.
fn press(board: &mut Board, keys: &str, needle: &str) {
    board.send(keys);
    if let Err(err) = board.wait_for_text(needle, PATIENCE) {
        panic!("after {keys:?}: {err}\n{}", board.screen());
    }
}

#[test]
fn a_briefer_walks_through_the_board_at_80x24() {
    let mut board = example(80, 24);
    let first = board.screen();
    assert!(first.contains("UNCLASSIFIED // EXAMPLE DATA"), "{first}");
    assert!(first.contains("── now 12:00 UTC"), "{first}");
    assert!(
        first.contains("in 4h"),
        "countdown to the next event:\n{first}"
    );
    assert!(first.contains("Tab/S-Tab pane"), "footer:\n{first}");

    // Tab to Issues, open the first (critical) issue, step to the next, back out.
    press(&mut board, "\t", "┏ Issues 10");
    press(&mut board, "\r", "issue security-guarantees");
    press(&mut board, "j", "issue territory");
    press(&mut board, "\x1b", "┏ Issues 10");

    // Strikes, search as you type, clear.
    press(&mut board, "3", "┏ Strikes 32");
    press(&mut board, "/kyiv", "Strikes 5/32");
    press(&mut board, "\x1b", "┏ Strikes 32");

    // The map, zoomed, and back.
    press(&mut board, "m", "map, last 30 days");
    press(&mut board, "z", "+Warsaw");
    press(&mut board, "\x1b", "┏ Strikes 32 ━");

    // Help generated from the key table; problems; the display zone.
    press(
        &mut board,
        "?",
        "display zone: local, then the board's clocks",
    );
    press(&mut board, "?", "┏ Strikes 32");
    press(&mut board, "p", "No problems: every file loaded cleanly.");
    press(&mut board, "\x1b", "┏ Strikes 32");
    press(&mut board, "1", "┏ Calendar 14");
    // UTC → local → Kyiv (the first of the board's clocks that differs).
    board.send("t");
    board.send("t");
    if board.wait_for_text("now 14:00 EET", PATIENCE).is_err() {
        press(&mut board, "t", "now 14:00 EET");
    }

    board.send("q");
    let status = board.wait_exit(PATIENCE).expect("the board exits on q");
    assert!(status.success(), "{status:?}");
}

#[test]
fn wide_terminals_show_three_panes_side_by_side() {
    let mut board = example(200, 50);
    let screen = board.screen();
    let row = screen
        .lines()
        .find(|l| l.contains("Calendar 14"))
        .expect("a title row");
    assert!(
        row.contains("Issues 10") && row.contains("Strikes 32"),
        "{screen}"
    );
    board.send("q");
    assert!(board.wait_exit(PATIENCE).is_some_and(|s| s.success()));
}

#[test]
fn a_tiny_terminal_shows_a_note() {
    let mut board = Board::spawn(&["--now", NOW], 20, 5);
    board.expect_text("too small");
    // The runtime starts reading input (and resize signals) just after the
    // first frame; let it settle so the resize below is not lost.
    board.wait_quiet(std::time::Duration::from_millis(300), PATIENCE);
    board.resize(80, 24);
    board.expect_text("Calendar 14");
    // The calendar still opens around now although the first frame had no room.
    board.expect_text("── now 12:00");
    board.send("q");
    assert!(board.wait_exit(PATIENCE).is_some_and(|s| s.success()));
}

#[test]
fn a_resize_right_after_the_first_frame_is_not_lost() {
    // No settling time: the resize goes out as soon as the first frame shows,
    // before the key reader may be listening for SIGWINCH (the reader reads the
    // size again once it listens).
    for _ in 0..3 {
        let mut board = Board::spawn(&["--now", NOW], 20, 5);
        board.expect_text("too small");
        board.resize(80, 24);
        board.expect_text("Calendar 14");
        board.send("q");
        assert!(board.wait_exit(PATIENCE).is_some_and(|s| s.success()));
    }
}
