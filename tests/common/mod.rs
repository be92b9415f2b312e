//! Boards and screens for the interface tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{DateTime, Utc};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use sitboard::app::{App, DisplayTz, Effect, FileUpdate, Options};
use sitboard::clock::Clock;
use sitboard::config::Config;
use sitboard::load::{self, LoadedFile, Parsed, Store};

/// The example board's files, as (display name, text).
pub const EXAMPLE: &[(&str, &str)] = sitboard::example::FILES;

/// The example board's reference instant: Wed 21 Jan 2026 12:00 UTC.
pub fn reference_now() -> DateTime<Utc> {
    sitboard::example::reference_now()
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

/// The example board as the binary shows it with `--now` at its reference
/// instant and `--tz UTC`.
pub fn example_app() -> App {
    App::with_store(
        true,
        sitboard::example::store(),
        Clock::Frozen(reference_now()),
        Config::default(),
        options(),
    )
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

/// One file as the loader hands it over.
pub type Update = LoadedFile;

/// A file named `name` read with `text`.
pub fn file(name: &str, text: &str) -> Update {
    LoadedFile {
        path: PathBuf::from(name),
        display: Arc::from(name),
        parsed: parse(name, text),
        modified: None,
    }
}

/// A file as the loader hands it over, or its parts spelled out.
pub trait IntoLoaded {
    fn into_loaded(self) -> LoadedFile;
}

impl IntoLoaded for LoadedFile {
    fn into_loaded(self) -> LoadedFile {
        self
    }
}

impl IntoLoaded for (PathBuf, Arc<str>, Parsed, Option<std::time::SystemTime>) {
    fn into_loaded(self) -> LoadedFile {
        let (path, display, parsed, modified) = self;
        LoadedFile {
            path,
            display,
            parsed,
            modified,
        }
    }
}

/// Files read and files gone, as one complete load or change (through the
/// same `App::on_files` the program's loop uses).
pub fn apply(app: &mut App, loaded: Vec<impl IntoLoaded>, removed: Vec<PathBuf>) -> Effect {
    apply_part(app, loaded, removed, false)
}

/// One part of a load; `more`: further parts of the same load follow. The
/// update comes with its store and board merged, as the program's reload
/// worker hands it over.
pub fn apply_part(
    app: &mut App,
    loaded: Vec<impl IntoLoaded>,
    removed: Vec<PathBuf>,
    more: bool,
) -> Effect {
    let mut update = FileUpdate {
        loaded: loaded.into_iter().map(IntoLoaded::into_loaded).collect(),
        removed,
        more,
        merged: None,
    };
    update.merged = Some(Box::new(merged_after(app, &update)));
    app.on_files(update)
}

/// [`apply`] without the merge: the App merges the board itself.
pub fn apply_unmerged(
    app: &mut App,
    loaded: Vec<impl IntoLoaded>,
    removed: Vec<PathBuf>,
) -> Effect {
    app.on_files(FileUpdate::complete(
        loaded.into_iter().map(IntoLoaded::into_loaded).collect(),
        removed,
    ))
}

/// What the reload worker prepares for `update`: a copy of the live store with
/// its files applied, and the board merged from it.
pub fn merged_after(app: &App, update: &FileUpdate) -> load::Merged {
    load::Merged::after(&mut app.live_store().clone(), update, app.clock().now())
}
