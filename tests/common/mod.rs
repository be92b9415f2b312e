//! Boards and screens for the interface tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{DateTime, Utc};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use sitboard::app::{App, DisplayTz, Options};
use sitboard::clock::Clock;
use sitboard::config::Config;
use sitboard::load::{self, Parsed, Store};

/// The example board's files (the same the binary compiles in).
pub const EXAMPLE: &[(&str, &str)] = &[
    (
        "example/board.toml",
        include_str!("../../assets/example/board.toml"),
    ),
    (
        "example/calendar.toml",
        include_str!("../../assets/example/calendar.toml"),
    ),
    (
        "example/issues.toml",
        include_str!("../../assets/example/issues.toml"),
    ),
    (
        "example/strikes.toml",
        include_str!("../../assets/example/strikes.toml"),
    ),
];

/// The example board's reference instant: Wed 21 Jan 2026 12:00 UTC.
pub fn reference_now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-01-21T12:00:00Z")
        .unwrap()
        .with_timezone(&Utc)
}

pub fn parse(name: &str, text: &str) -> Parsed {
    let display: Arc<str> = Arc::from(name);
    load::parse_str(&display, text)
}

/// A store of files given as (name, TOML text).
pub fn store_of(files: &[(&str, &str)]) -> Store {
    let mut store = Store::new();
    for (name, text) in files {
        let display: Arc<str> = Arc::from(*name);
        let parsed = load::parse_str(&display, text);
        store.apply(Path::new(name), display, parsed, None);
    }
    store
}

/// Stable options: colour, Unicode, times in UTC.
pub fn options() -> Options {
    Options {
        color: true,
        ascii: false,
        display_tz: DisplayTz::Zone(chrono_tz::Tz::UTC),
    }
}

/// An app over `store` with the clock frozen at the example's reference instant.
pub fn app_with(store: Store, example: bool, options: Options) -> App {
    App::with_store(
        example,
        store,
        Clock::Frozen(reference_now()),
        Config::default(),
        options,
    )
}

pub fn example_app() -> App {
    app_with(store_of(EXAMPLE), true, options())
}

/// Draws the app on a `width`x`height` test terminal and returns the screen text.
pub fn screen(app: &mut App, width: u16, height: u16) -> String {
    buffer(app, width, height).1
}

/// The drawn buffer and its text.
pub fn buffer(app: &mut App, width: u16, height: u16) -> (ratatui::buffer::Buffer, String) {
    app.on_resize(width, height);
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal
        .draw(|frame| sitboard::ui::draw(frame, app))
        .unwrap();
    let backend = terminal.backend();
    (backend.buffer().clone(), backend.to_string())
}

/// A file update for `apply_files`.
pub fn file(name: &str, text: &str) -> (PathBuf, Arc<str>, Parsed, Option<std::time::SystemTime>) {
    (
        PathBuf::from(name),
        Arc::from(name),
        parse(name, text),
        None,
    )
}
