//! The board as a citizen of the terminal: every ending restores it and exits
//! promptly, Ctrl-Z and resume repaint, resize storms down to 1x1, and an idle
//! board writes nothing. The real binary runs in a pseudo-terminal.
//!
//! Times are printed for the report; only generous bounds are asserted.

mod pty;

use std::time::{Duration, Instant};

use portable_pty::CommandBuilder;
use pty::{Board, NOW, PATIENCE};

/// "Promptly", with room for a loaded CI machine.
const PROMPTLY: Duration = Duration::from_secs(3);

const ENTER_ALTERNATE: &[u8] = b"\x1b[?1049h";
const LEAVE_ALTERNATE: &[u8] = b"\x1b[?1049l";

fn data_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    pty::small_board(dir.path());
    dir
}

/// The board on `dir`, shown and settled.
fn start(dir: &tempfile::TempDir, cols: u16, rows: u16) -> Board {
    let path = dir.path().to_string_lossy().into_owned();
    let board = Board::spawn(&["--now", NOW, &path], cols, rows);
    board.expect_text("Territory");
    board
}

/// `sh -c SCRIPT` with the board's arguments after it, as `"$@"`.
fn shell(script: &str, dir: &tempfile::TempDir) -> CommandBuilder {
    let mut cmd = CommandBuilder::new("sh");
    let path = dir.path().to_string_lossy().into_owned();
    cmd.args(["-c", script, pty::binary(), "--now", NOW, &path]);
    pty::base_env(&mut cmd);
    cmd
}

fn position(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .rposition(|window| window == needle)
}

/// The output left the alternate screen after it last entered it.
fn left_alternate_screen(raw: &[u8]) -> bool {
    match (
        position(raw, ENTER_ALTERNATE),
        position(raw, LEAVE_ALTERNATE),
    ) {
        (Some(entered), Some(left)) => left > entered,
        _ => false,
    }
}

/// The terminal is as the shell wants it: main screen, cooked mode, cursor shown.
fn assert_restored(board: &Board, how: &str) {
    let raw = board.raw();
    assert!(
        left_alternate_screen(&raw),
        "{how}: the alternate screen was not left"
    );
    assert!(
        !board.on_alternate_screen(),
        "{how}: still on the alternate screen"
    );
    assert_eq!(
        board.cooked_mode(),
        Some(true),
        "{how}: the terminal was left in raw mode"
    );
    let shown = position(&raw, b"\x1b[?25h");
    assert!(
        shown > position(&raw, b"\x1b[?25l"),
        "{how}: the cursor was left hidden"
    );
}

#[test]
fn q_quits_with_status_0_and_restores_the_terminal() {
    let dir = data_dir();
    let mut board = start(&dir, 120, 40);
    board.send("q");
    let status = board.wait_exit(PROMPTLY).expect("q ends the board");
    assert!(status.success(), "{status:?}");
    assert_restored(&board, "q");
}

#[test]
fn ctrl_c_quits_and_restores_the_terminal() {
    let dir = data_dir();
    let mut board = start(&dir, 120, 40);
    board.send("\x03");
    assert!(
        board.wait_exit(PROMPTLY).is_some(),
        "Ctrl-C did not end the board"
    );
    assert_restored(&board, "Ctrl-C");
}

#[test]
fn sigterm_and_sigint_restore_the_terminal_and_exit() {
    for (signal, name, status) in [
        (libc::SIGTERM, "SIGTERM", 143),
        (libc::SIGINT, "SIGINT", 130),
    ] {
        let dir = data_dir();
        let mut board = start(&dir, 120, 40);
        let sent = Instant::now();
        Board::signal(board.pid(), signal);
        let exit = board
            .wait_exit(PROMPTLY)
            .unwrap_or_else(|| panic!("{name} did not end the board"));
        println!(
            "{name}: exited after {} ms with {exit:?}",
            sent.elapsed().as_millis()
        );
        assert_eq!(exit.exit_code(), status, "{name}");
        board.wait_output_closed(PATIENCE);
        assert_restored(&board, name);
    }
}

/// Closing the master is what a dropped SSH connection does to the pty.
fn hang_up_and_time(mut board: Board, how: &str) {
    let closed = Instant::now();
    board.hang_up();
    let exit = board.wait_exit(PROMPTLY);
    let took = closed.elapsed();
    println!(
        "{how}: exited {} ms after the terminal closed ({exit:?})",
        took.as_millis()
    );
    assert!(
        exit.is_some(),
        "{how}: still running {took:?} after the terminal closed"
    );
}

#[test]
fn a_closed_terminal_ends_the_board() {
    let dir = data_dir();
    hang_up_and_time(start(&dir, 120, 40), "terminal closed (SIGHUP)");
}

#[test]
fn a_closed_terminal_ends_the_board_even_with_sighup_ignored() {
    // As under nohup: SIGHUP never arrives, the tty just dies (reads give 0
    // bytes or EIO). crossterm's reader would spin here (issue 793).
    let dir = data_dir();
    let board = Board::spawn_command(shell("trap '' HUP; exec \"$0\" \"$@\"", &dir), 120, 40);
    board.expect_text("Territory");
    let pid = board.pid();
    hang_up_and_time(board, "terminal closed, SIGHUP ignored");
    // It must not linger spinning as an orphan either.
    assert!(
        pty::process_state(pid).is_none_or(|state| state == 'Z'),
        "pid {pid} is still alive"
    );
}

#[test]
fn ctrl_z_suspends_and_resume_repaints_everything() {
    let dir = data_dir();
    // Under a shell, so the board is not the session leader (which must not stop).
    let mut board = Board::spawn_command(shell("\"$0\" \"$@\"; echo board-ended", &dir), 120, 40);
    board.expect_text("Territory");
    let pid = pty::child_of(board.pid()).expect("the board under sh");
    board.wait_quiet(Duration::from_millis(100), PATIENCE);

    board.send("\x1a");
    let stopped = Instant::now();
    while pty::process_state(pid) != Some('T') {
        assert!(
            stopped.elapsed() < PATIENCE,
            "Ctrl-Z did not stop the board"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
    // Stopped with the terminal given back.
    board.wait_quiet(Duration::from_millis(100), PATIENCE);
    assert!(
        !board.on_alternate_screen(),
        "the board stopped without leaving the alternate screen"
    );
    assert_eq!(
        board.cooked_mode(),
        Some(true),
        "the board stopped in raw mode"
    );

    let before = board.bytes_written();
    Board::signal(pid, libc::SIGCONT);
    board.expect_text("Territory");
    board.wait_quiet(Duration::from_millis(200), PATIENCE);
    // A full repaint: every pane is drawn again, not only cells that changed.
    let after = String::from_utf8_lossy(&board.raw()[before..]).into_owned();
    for title in [
        "Calendar",
        "Issues",
        "Strikes",
        "Territory",
        "Envoy meets adviser",
    ] {
        assert!(
            after.contains(title),
            "{title:?} was not repainted after resume"
        );
    }
    assert!(board.on_alternate_screen());
    assert_eq!(
        board.cooked_mode(),
        Some(false),
        "raw mode is back after resume"
    );
    board.send("q");
    board.expect_text("board-ended");
}

#[test]
fn a_resize_storm_down_to_1x1_and_back() {
    let dir = data_dir();
    let mut board = start(&dir, 120, 40);
    let sizes = [
        (100, 30),
        (80, 24),
        (40, 10),
        (10, 3),
        (2, 1),
        (1, 1),
        (300, 90),
        (1, 1),
    ];
    for _ in 0..5 {
        for (cols, rows) in sizes {
            board.resize(cols, rows);
        }
    }
    board.wait_quiet(Duration::from_millis(200), PATIENCE);
    assert!(
        board.wait_exit(Duration::from_millis(10)).is_none(),
        "the board died in the storm"
    );
    board.resize(120, 40);
    board.expect_text("Territory");
    board.expect_text("Strikes");
    board.send("q");
    assert!(board.wait_exit(PROMPTLY).is_some_and(|s| s.success()));
}

#[test]
fn an_idle_board_with_a_frozen_clock_writes_nothing() {
    let dir = data_dir();
    let board = start(&dir, 200, 50);
    board.wait_quiet(Duration::from_millis(300), PATIENCE);
    let before = board.bytes_written();
    std::thread::sleep(Duration::from_secs(3));
    let idle = board.bytes_written() - before;
    println!("idle for 3 s at 200x50 with --now: {idle} bytes written");
    assert_eq!(idle, 0, "an idle board wrote {idle} bytes");
}

#[test]
fn frames_are_wrapped_in_synchronized_updates() {
    let dir = data_dir();
    let board = start(&dir, 120, 40);
    board.wait_quiet(Duration::from_millis(100), PATIENCE);
    let raw = board.raw();
    let begins = raw.windows(8).filter(|w| w == b"\x1b[?2026h").count();
    let ends = raw.windows(8).filter(|w| w == b"\x1b[?2026l").count();
    assert!(
        begins >= 1 && begins == ends,
        "{begins} begins, {ends} ends"
    );
}

#[test]
fn without_a_utf8_locale_the_board_is_ascii_and_no_color_has_no_colour() {
    let dir = data_dir();
    let path = dir.path().to_string_lossy().into_owned();
    let mut cmd = pty::command(&["--now", NOW, &path]);
    cmd.env("LANG", "C");
    cmd.env("NO_COLOR", "1");
    let board = Board::spawn_command(cmd, 120, 40);
    board.expect_text("Territory");
    board.wait_quiet(Duration::from_millis(100), PATIENCE);
    let raw = board.raw();
    let text = String::from_utf8_lossy(&raw);
    // Borders and panes are drawn in ASCII (no box-drawing or block characters).
    let unicode: String = text.chars().filter(|c| !c.is_ascii()).collect();
    let drawing: String = unicode
        .chars()
        .filter(|c| ('\u{2500}'..='\u{259f}').contains(c))
        .collect();
    assert!(
        drawing.is_empty(),
        "box-drawing characters in an ASCII terminal: {drawing:?}"
    );
    println!("non-ASCII characters left in ASCII mode: {unicode:?}");
    // No SGR colour parameter anywhere (39/49, "default colour", are allowed).
    let colours = sgr_parameters(&raw)
        .into_iter()
        .filter(|p| matches!(p, 30..=38 | 40..=48 | 90..=97 | 100..=107))
        .collect::<Vec<_>>();
    assert!(
        colours.is_empty(),
        "colour codes in NO_COLOR output: {colours:?}"
    );
}

/// Every parameter of every SGR sequence (`ESC [ ... m`) in the output.
fn sgr_parameters(raw: &[u8]) -> Vec<u32> {
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(start) = raw[at..]
        .windows(2)
        .position(|w| w == b"\x1b[")
        .map(|p| p + at + 2)
    {
        let end = raw[start..]
            .iter()
            .position(|b| !(b.is_ascii_digit() || *b == b';'))
            .map(|p| p + start);
        let Some(end) = end else { break };
        if raw[end] == b'm' {
            let params = String::from_utf8_lossy(&raw[start..end]).into_owned();
            out.extend(params.split(';').filter_map(|p| p.parse::<u32>().ok()));
        }
        at = end;
    }
    out
}

/// Set in the environment of the child that panics on purpose.
const PANIC_CHILD: &str = "SITBOARD_TEST_PANIC_CHILD";

/// Not a test of its own: the body that `a_panic_restores_the_terminal` runs
/// in a pseudo-terminal (this test binary started again, with this test only).
#[test]
#[ignore = "run by a_panic_restores_the_terminal inside a pty"]
fn panic_child() {
    if std::env::var_os(PANIC_CHILD).is_none() {
        return;
    }
    let mut term = sitboard::term::Term::enter(false).expect("the child has a terminal");
    // (Unchanged cells are skipped, so the spaces do not reach the output.)
    term.draw(|frame| {
        frame.render_widget(
            ratatui::widgets::Paragraph::new("drawn before the panic"),
            frame.area(),
        );
    })
    .expect("draw");
    panic!("a deliberate panic with the terminal in raw mode");
}

#[test]
fn a_panic_restores_the_terminal_before_the_message() {
    let exe = std::env::current_exe().expect("this test binary");
    let mut cmd = CommandBuilder::new(exe);
    cmd.args([
        "panic_child",
        "--exact",
        "--ignored",
        "--nocapture",
        "--test-threads=1",
    ]);
    pty::base_env(&mut cmd);
    cmd.env(PANIC_CHILD, "1");
    // A backtrace would scroll the message off the 24 rows.
    cmd.env("RUST_BACKTRACE", "0");
    let mut board = Board::spawn_command(cmd, 80, 24);
    assert!(
        board.wait_exit(PATIENCE).is_some(),
        "the panicking child never ended"
    );
    board.wait_output_closed(PATIENCE);
    let raw = board.raw();
    assert!(
        position(&raw, b"drawn").is_some() && position(&raw, b"before").is_some(),
        "the child never drew"
    );
    assert_restored(&board, "panic");
    // The message is printed after the restore, so it lands on the main screen.
    let left = position(&raw, LEAVE_ALTERNATE).expect("left the alternate screen");
    let message = position(&raw, b"a deliberate panic").expect("the panic message was printed");
    assert!(
        message > left,
        "the panic message went to the alternate screen"
    );
    assert!(
        board.screen().contains("a deliberate panic"),
        "{}",
        board.screen()
    );
}

#[test]
fn ctrl_z_in_a_session_leader_does_not_stop_it() {
    // Started straight in the pty (as `ssh host sitboard` would be), the board
    // leads its session: nobody could `fg` it, so Ctrl-Z must not stop it.
    let dir = data_dir();
    let mut board = start(&dir, 120, 40);
    board.send("\x1a");
    std::thread::sleep(Duration::from_millis(300));
    assert_ne!(
        pty::process_state(board.pid()),
        Some('T'),
        "a session leader stopped itself"
    );
    assert!(board.on_alternate_screen());
    board.send("q");
    assert!(board.wait_exit(PROMPTLY).is_some_and(|s| s.success()));
}

#[test]
fn sigtstp_from_outside_suspends_cleanly_and_sigcont_repaints() {
    let dir = data_dir();
    let board = Board::spawn_command(shell("\"$0\" \"$@\"; echo board-ended", &dir), 120, 40);
    board.expect_text("Territory");
    let pid = pty::child_of(board.pid()).expect("the board under sh");
    Board::signal(pid, libc::SIGTSTP);
    let stopped = Instant::now();
    while pty::process_state(pid) != Some('T') {
        assert!(
            stopped.elapsed() < PATIENCE,
            "SIGTSTP did not stop the board"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
    board.wait_quiet(Duration::from_millis(100), PATIENCE);
    assert_eq!(board.cooked_mode(), Some(true), "stopped in raw mode");
    assert!(!board.on_alternate_screen());
    Board::signal(pid, libc::SIGCONT);
    board.expect_text("Territory");
    assert!(board.on_alternate_screen());
}

#[test]
fn a_bad_config_is_reported_before_the_terminal_is_touched() {
    let dir = data_dir();
    let config = dir.path().join("config.toml.bad");
    std::fs::write(&config, "mouse = true\npoll_seconds = \"often\"\n").expect("write config");
    let config_arg = config.to_string_lossy().into_owned();
    let path = dir.path().to_string_lossy().into_owned();
    let mut board = Board::spawn(&["--config", &config_arg, "--now", NOW, &path], 120, 40);
    let status = board
        .wait_exit(PROMPTLY)
        .expect("a bad config ends at once");
    assert_eq!(status.exit_code(), 2);
    board.wait_output_closed(PATIENCE);
    let raw = board.raw();
    let text = String::from_utf8_lossy(&raw);
    assert!(
        text.contains(&format!("{config_arg}:2:")) && text.contains(": error: "),
        "{text}"
    );
    assert!(!raw.contains(&0x1b), "the terminal was touched: {text:?}");
    assert_eq!(board.cooked_mode(), Some(true));
}

#[test]
fn without_a_terminal_the_board_explains_and_exits_2() {
    let dir = data_dir();
    let output = std::process::Command::new(pty::binary())
        .args(["--now", NOW])
        .arg(dir.path())
        .env("XDG_CONFIG_HOME", "/nonexistent-sitboard-test-config")
        .stdin(std::process::Stdio::null())
        .output()
        .expect("run the board without a terminal");
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty(), "wrote to a non-terminal stdout");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("terminal") && stderr.contains("sitboard brief"),
        "{stderr}"
    );
}

#[test]
fn a_bad_poll_interval_is_an_error_before_the_terminal_is_touched() {
    let dir = data_dir();
    let path = dir.path().to_string_lossy().into_owned();
    // 0, and a number too large for a Duration (which once panicked).
    for poll in ["0", "1e20"] {
        let mut board = Board::spawn(&["--poll", poll, &path], 120, 40);
        let status = board.wait_exit(PROMPTLY).expect("exits");
        assert_eq!(status.exit_code(), 2, "--poll {poll}");
        board.wait_output_closed(PATIENCE);
        let text = String::from_utf8_lossy(&board.raw()).into_owned();
        assert!(
            text.contains("--poll") && !text.contains('\x1b'),
            "{text:?}"
        );
    }
}

#[test]
fn a_missing_path_is_named_without_its_escapes_before_the_terminal_is_touched() {
    let dir = data_dir();
    let missing = dir.path().join("gone\x1b[2J");
    let missing = missing.to_string_lossy().into_owned();
    let mut board = Board::spawn(&[&missing], 120, 40);
    let status = board.wait_exit(PROMPTLY).expect("exits");
    assert_eq!(status.exit_code(), 2);
    board.wait_output_closed(PATIENCE);
    let text = String::from_utf8_lossy(&board.raw()).into_owned();
    assert!(text.contains("cannot read"), "{text:?}");
    assert!(!text.contains('\x1b'), "{text:?}");
}

#[test]
fn the_mouse_is_captured_only_when_the_config_asks() {
    const MOUSE_ON: &[u8] = b"\x1b[?1000h";
    let dir = data_dir();
    let path = dir.path().to_string_lossy().into_owned();
    let mut board = start(&dir, 120, 40);
    board.send("q");
    board.wait_exit(PROMPTLY);
    assert!(
        position(&board.raw(), MOUSE_ON).is_none(),
        "mouse captured without mouse = true"
    );

    let config = dir.path().join("mouse.conf");
    std::fs::write(&config, "mouse = true\n").expect("write config");
    let config_arg = config.to_string_lossy().into_owned();
    let mut board = Board::spawn(&["--config", &config_arg, "--now", NOW, &path], 120, 40);
    board.expect_text("Territory");
    board.send("q");
    board.wait_exit(PROMPTLY);
    board.wait_output_closed(PATIENCE);
    let raw = board.raw();
    let on = position(&raw, MOUSE_ON).expect("mouse = true captures the mouse");
    let off = position(&raw, b"\x1b[?1000l").expect("and releases it on exit");
    assert!(off > on);
}

#[test]
fn ctrl_z_and_fg_in_an_interactive_shell() {
    // What a user does: run the board from bash, Ctrl-Z, look around, `fg`.
    let dir = data_dir();
    let mut cmd = CommandBuilder::new("bash");
    cmd.args(["--norc", "--noprofile", "-i"]);
    pty::base_env(&mut cmd);
    cmd.env("PS1", "shell$ ");
    let mut shell = Board::spawn_command(cmd, 120, 40);
    shell.expect_text("shell$");
    let path = dir.path().to_string_lossy();
    shell.send(&format!("'{}' --now {NOW} '{path}'\r", pty::binary()));
    shell.expect_text("Territory");
    shell.wait_quiet(Duration::from_millis(100), PATIENCE);

    shell.send("\x1a");
    shell.expect_text("Stopped");
    assert!(
        !shell.on_alternate_screen(),
        "stopped on the alternate screen"
    );
    // (readline owns the tty modes at the prompt; the shell working is the test.)
    shell.send("echo still-usable\r");
    shell.expect_text("still-usable");

    let before = shell.bytes_written();
    shell.send("fg\r");
    shell.expect_text("Territory");
    shell.wait_quiet(Duration::from_millis(200), PATIENCE);
    let after = String::from_utf8_lossy(&shell.raw()[before..]).into_owned();
    for title in ["Calendar", "Issues", "Strikes", "Envoy meets adviser"] {
        assert!(
            after.contains(title),
            "{title:?} was not repainted after fg"
        );
    }
    shell.send("q");
    // Type only once the board is gone, or it would read the keys itself.
    let gone = Instant::now();
    while shell.on_alternate_screen() && gone.elapsed() < PATIENCE {
        std::thread::sleep(Duration::from_millis(10));
    }
    shell.wait_quiet(Duration::from_millis(100), PATIENCE);
    shell.send("echo after-quit\r");
    shell.expect_text("after-quit");
}
