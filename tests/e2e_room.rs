//! The room end to end: the real binary in a pseudo-terminal with the wall,
//! present mode and alerts, data files changed underneath it, the screen and
//! the raw bytes read back.

mod pty;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use pty::{Board, NOW, PATIENCE};

/// A data directory with the small board, and a config file beside it.
struct Room {
    dir: tempfile::TempDir,
}

impl Room {
    fn new(config: &str) -> Room {
        let dir = tempfile::tempdir().expect("temp dir");
        pty::small_board(&dir.path().join("data"));
        std::fs::write(dir.path().join("config.toml"), config).expect("config");
        Room { dir }
    }

    fn data(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn arg(path: &Path) -> String {
        path.to_string_lossy().into_owned()
    }

    /// The board on this room's data and config, with `extra` arguments.
    fn spawn(&self, extra: &[&str], cols: u16, rows: u16) -> Board {
        let config = Room::arg(&self.path("config.toml"));
        let data = Room::arg(&self.data());
        let mut args = vec!["--now", NOW, "--tz", "UTC", "--config", &config];
        args.extend_from_slice(extra);
        args.push(&data);
        let board = Board::spawn(&args, cols, rows);
        board.expect_text("Territory");
        board.wait_quiet(Duration::from_millis(200), PATIENCE);
        board
    }

    /// Appends strikes to the strikes file in one save.
    fn add_strikes(&self, text: &str) {
        let path = self.data().join("strikes.toml");
        let old = std::fs::read_to_string(&path).expect("strikes file");
        pty::write(&path, &format!("{old}\n{text}"));
    }
}

fn strike(id: &str, oblast: &str, outage: u64) -> String {
    format!(
        "[[strike]]\nid = \"{id}\"\ntime = 2026-01-21T11:00:00Z\noblast = \"{oblast}\"\n\
         target = \"substation\"\noutage_customers = {outage}\n"
    )
}

/// How often `needle` occurs in `haystack`.
fn count(haystack: &[u8], needle: &[u8]) -> usize {
    haystack
        .windows(needle.len())
        .filter(|w| *w == needle)
        .count()
}

fn wait_for_file(path: &Path) -> String {
    let start = Instant::now();
    while start.elapsed() < PATIENCE {
        if let Ok(text) = std::fs::read_to_string(path) {
            if !text.is_empty() {
                return text;
            }
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    panic!("{} was never written", path.display());
}

#[test]
fn an_alert_rings_notifies_runs_its_command_and_bursts_are_one() {
    let room = Room::new("");
    let out = room.path("alert.json");
    std::fs::write(
        room.path("config.toml"),
        format!(
            "[[alert]]\nname = \"Big outage\"\nwhen = \"strike\"\nmin_outage = 10000\n\
             oblast = [\"Kyiv\"]\ndo = [\"banner\", \"bell\", \"notify\", \"command\"]\n\
             command = [\"tee\", {:?}]\n",
            Room::arg(&out)
        ),
    )
    .expect("config");
    // Already on the board at start, and matching: no alert for it.
    room.add_strikes(&strike("S-0", "Kyiv", 90000));
    let mut board = room.spawn(&[], 120, 40);
    let at_start = board.raw();
    assert!(!board.screen().contains("ALERT"), "{}", board.screen());
    assert_eq!(
        count(&at_start, b"\x1b]777;"),
        0,
        "the first load raises nothing"
    );
    assert!(!out.exists(), "no command for the first load");

    // A strike that does not match (too few customers) raises nothing.
    room.add_strikes(&strike("S-2", "Kyiv", 500));
    board.expect_text("strike S-2 added");
    board.wait_quiet(Duration::from_millis(300), PATIENCE);
    assert!(!board.screen().contains("ALERT"), "{}", board.screen());
    assert_eq!(count(&board.raw(), b"\x1b]777;"), 0);

    // A matching one: the banner, the bell, both OSC notifications, the command.
    room.add_strikes(&strike("S-3", "Kyiv", 30000));
    board.expect_text("ALERT 12:00 Big outage: strike S-3: Kyiv, substation, 30000 without power");
    board.wait_quiet(Duration::from_millis(200), PATIENCE);
    let raw = board.raw();
    assert_eq!(
        count(
            &raw,
            b"\x1b]777;notify;sitboard: Big outage;strike S-3: Kyiv, substation, 30000 without power\x1b\\"
        ),
        1,
        "{}",
        String::from_utf8_lossy(&raw[at_start.len()..])
    );
    assert_eq!(count(&raw, b"\x1b]9;sitboard: Big outage: strike S-3"), 1);
    assert!(raw[at_start.len()..].contains(&0x07), "the bell rang");
    let json: serde_json::Value =
        serde_json::from_str(&wait_for_file(&out)).expect("the command got JSON");
    assert_eq!(json["alert"], "Big outage");
    assert_eq!(json["records"][0]["id"], "S-3");
    assert_eq!(json["records"][0]["outage_customers"], 30000);

    // Dismissed, the line goes.
    board.send("x");
    board
        .wait_for(|s| !s.contains("ALERT"), PATIENCE)
        .expect("x dismisses the banner");

    // 100 matching strikes in one save: one alert.
    let burst: String = (0..100)
        .map(|i| strike(&format!("B-{i:03}"), "Kyiv", 20000))
        .collect();
    std::fs::remove_file(&out).expect("remove the first alert's output");
    room.add_strikes(&burst);
    board.expect_text("100 strikes at once");
    board.wait_quiet(Duration::from_millis(300), PATIENCE);
    let json: serde_json::Value =
        serde_json::from_str(&wait_for_file(&out)).expect("the burst's JSON");
    assert_eq!(json["count"], 100);
    assert_eq!(json["records"].as_array().map(Vec::len), Some(100));
    let raw = board.raw();
    assert_eq!(
        count(&raw, b"\x1b]777;"),
        2,
        "one notification for the burst"
    );
    assert!(
        !board.screen().contains("+1 more"),
        "one banner for the burst"
    );
    board.send("q");
    assert!(board.wait_exit(PATIENCE).is_some_and(|s| s.success()));
}

#[test]
fn inside_tmux_the_notification_goes_through_its_passthrough() {
    let room = Room::new("[[alert]]\nname = \"Any\"\nwhen = \"strike\"\ndo = [\"notify\"]\n");
    let mut cmd = pty::command(&[
        "--now",
        NOW,
        "--config",
        &Room::arg(&room.path("config.toml")),
        &Room::arg(&room.data()),
    ]);
    // Any non-empty value means "inside tmux" (tmux sets socket,pid,session).
    cmd.env("TMUX", "sitboard-test-socket,1,0");
    let mut board = Board::spawn_command(cmd, 120, 40);
    board.expect_text("Territory");
    room.add_strikes(&strike("S-7", "Lviv", 0));
    board.expect_text("ALERT");
    board.wait_quiet(Duration::from_millis(200), PATIENCE);
    let raw = board.raw();
    assert_eq!(
        count(&raw, b"\x1bPtmux;\x1b\x1b]777;notify;sitboard: Any;strike S-7: Lviv, substation\x1b\x1b\\\x1b\\"),
        1,
        "{:?}",
        String::from_utf8_lossy(&raw)
    );
    assert_eq!(count(&raw, b"\x1bPtmux;\x1b\x1b]9;"), 1);
    assert!(!raw.contains(&0x07), "no bell unless asked");
    board.send("q");
    assert!(board.wait_exit(PATIENCE).is_some_and(|s| s.success()));
}

#[test]
fn a_failing_command_is_a_notice_not_a_crash() {
    let room = Room::new(
        "[[alert]]\nname = \"Any\"\nwhen = \"strike\"\ndo = [\"command\"]\n\
         command = [\"false\"]\n",
    );
    let mut board = room.spawn(&[], 120, 40);
    room.add_strikes(&strike("S-5", "Lviv", 0));
    board.expect_text("ALERT");
    board.expect_text("1 warning");
    board.send("p");
    board.expect_text("alert \"Any\": its command failed: false failed (exit status: 1)");
    board.send("q");
    assert!(board.wait_exit(PATIENCE).is_some_and(|s| s.success()));
}

#[test]
fn the_wall_shows_big_digits_and_rotates_until_a_key_pauses_it() {
    let room = Room::new("");
    let mut board = room.spawn(&["--wall", "--rotate", "1"], 200, 50);
    let screen = board.screen();
    // 12:00 in three rows of half blocks, one above the other.
    let rows: Vec<&str> = screen.lines().collect();
    let top = rows
        .iter()
        .position(|r| r.contains("▄█  ▀▀█ ▄ █▀█ █▀█"))
        .unwrap_or_else(|| panic!("no big clock:\n{screen}"));
    assert!(rows[top + 1].contains(" █  █▀▀ ▄ █ █ █ █"), "{screen}");
    assert!(rows[top + 2].contains("▀▀▀ ▀▀▀   ▀▀▀ ▀▀▀"), "{screen}");
    assert!(
        rows[top].contains("next in 1d 3h"),
        "the countdown's words:\n{screen}"
    );
    assert!(rows[top + 1].contains("Envoy meets adviser"), "{screen}");
    assert!(!screen.contains("Tab/S-Tab pane"), "no footer:\n{screen}");
    // The rotation: every pane in turn, then the map.
    for title in [
        "┏ Issues 1",
        "┏ Strikes 1 ━",
        "map, last 30 days",
        "┏ Calendar 1",
    ] {
        board.expect_text(title);
    }
    // A key holds it: the pane stays for longer than several turns.
    board.send("2");
    board.expect_text("rotation paused");
    board.expect_text("┏ Issues 1");
    std::thread::sleep(Duration::from_millis(2500));
    let held = board.screen();
    assert!(
        held.contains("┏ Issues 1") && held.contains("rotation paused"),
        "{held}"
    );
    board.send("q");
    assert!(board.wait_exit(PATIENCE).is_some_and(|s| s.success()));
}

#[test]
fn the_wall_turns_stale_data_and_broken_files_into_banners() {
    let room = Room::new("wall = true\nrotate = 0\n");
    // Every file last saved two days before --now.
    for name in ["board.toml", "events.toml", "issues.toml", "strikes.toml"] {
        let status = std::process::Command::new("touch")
            .args(["-d", "2026-01-19T12:00:00Z"])
            .arg(room.data().join(name))
            .status()
            .expect("touch");
        assert!(status.success());
    }
    let board = room.spawn(&[], 200, 50);
    board.expect_text("DATA STALE: newest file 2d old (last change Mon 19 Jan 12:00 UTC)");
    pty::write(
        &room.data().join("issues.toml"),
        "[[issue]]\nid = \"territory\"\ntitle = \"Territory\"\nstatus = \"maybe\"\n",
    );
    board.expect_text("issues.toml rejected since");
    assert!(
        board.screen().contains(" FILE ERROR: "),
        "{}",
        board.screen()
    );
    board.expect_text("p lists the errors");
}

#[test]
fn new_records_say_new_on_the_wall_without_colour() {
    let room = Room::new("wall = true\nrotate = 0\n");
    let mut cmd = pty::command(&[
        "--now",
        NOW,
        "--tz",
        "UTC",
        "--config",
        &Room::arg(&room.path("config.toml")),
        &Room::arg(&room.data()),
    ]);
    cmd.env("NO_COLOR", "1");
    let board = Board::spawn_command(cmd, 200, 50);
    board.expect_text("Territory");
    pty::write(
        &room.data().join("issues.toml"),
        "[[issue]]\nid = \"territory\"\ntitle = \"Territory\"\nstatus = \"agreed\"\n\
         [[issue]]\nid = \"energy\"\ntitle = \"Energy truce\"\nstatus = \"open\"\n",
    );
    board.expect_text("CHANGED Territory");
    board.expect_text("NEW Energy truce");
    // crossterm writes a colour as `ESC [ 38;5;N m` (or 48;5 for the background).
    let raw = board.raw();
    assert_eq!(
        count(&raw, b"38;5;") + count(&raw, b"48;5;"),
        0,
        "no colour was written"
    );
}

#[test]
fn present_mode_steps_through_every_slide_and_esc_returns() {
    for (cols, rows) in [(80, 24), (200, 60)] {
        let mut board = Board::spawn(&["present", "--now", NOW, "--tz", "UTC"], cols, rows);
        board.expect_text("1/9");
        board.expect_text("Briefing");
        let keys = [
            "\x1b[C", " ", "\x1b[6~", "\x1b[C", " ", "\x1b[6~", "\x1b[C", " ",
        ];
        for (i, key) in keys.iter().enumerate() {
            board.send(key);
            board.expect_text(&format!("{}/9", i + 2));
        }
        board.expect_text("What changed");
        board.send("\x1b[D");
        board.expect_text("8/9");
        board.expect_text("Outages now");
        board.send("\x1b[5~");
        board.expect_text("7/9");
        board.send("\x1b");
        board.expect_text("Calendar 14");
        board.send("P");
        board.expect_text("1/9");
        board.send("q");
        assert!(board.wait_exit(PATIENCE).is_some_and(|s| s.success()));
    }
}
