//! Interface benchmarks (docs/performance.md#targets): one frame per layout and screen size, the cost
//! of a key press, and of taking in a small file's change, all with the
//! benchmark board loaded (100,000 strikes, 10,000 events, 1,000 issues).
//!
//! The board is `target/bench-board`, made by `../shared/bench/gen_big.py` when
//! it is missing, read once with the loader (`discover` + `load_all`) the way
//! the runtime reads it. Frames are drawn through ratatui's `Terminal` on a
//! `TestBackend`, so a figure includes the diff against the previous frame, as a
//! real redraw does (but not the terminal's own time to show it).
//!
//! Every App here runs on a clock that starts one day after the newest strike,
//! so the "last 24 h / 7 d" figures and the 30-day map are populated: frozen
//! there, except in the small-change group, whose clock runs as the
//! program's does.

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant, SystemTime};

use chrono::{DateTime, TimeZone, Utc};
use criterion::{BatchSize, BenchmarkId, Criterion, criterion_group, criterion_main};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use sitboard::app::{App, DisplayTz, FileUpdate, Options};
use sitboard::clock::Clock;
use sitboard::config::Config;
use sitboard::load::{self, LoadedFile, Source, Store, parse_str};
use sitboard::ui;

const SIZES: [(u16, u16); 3] = [(80, 24), (120, 40), (200, 60)];

/// The board's clock: a day after the last strike of the generated board.
fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 2, 1, 0, 0, 0)
        .single()
        .expect("a valid instant")
}

/// The benchmark board's directory, generated on first use.
fn board_dir() -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = root.join("target/bench-board");
    if !dir.join("strikes.toml").is_file() {
        eprintln!("generating the benchmark board in {} ...", dir.display());
        let status = Command::new("python3")
            .arg(root.join("../shared/bench/gen_big.py"))
            .arg(&dir)
            .status()
            .expect("run python3 ../shared/bench/gen_big.py");
        assert!(status.success(), "gen_big.py failed: {status}");
    }
    dir
}

/// The board's files and the store read from them.
fn load_board() -> (Vec<Source>, Store) {
    let sources = load::discover(&[board_dir()]).expect("the benchmark board is readable");
    let store = load::load_all(&sources);
    (sources, store)
}

fn new_app(store: &Store) -> App {
    app_with_clock(store, Clock::Frozen(now()))
}

/// [`new_app`] on `clock`.
fn app_with_clock(store: &Store, clock: Clock) -> App {
    let options = Options {
        color: true,
        ascii: false,
        // A fixed zone, so the figures do not depend on the machine's.
        display_tz: DisplayTz::Zone(chrono_tz::Europe::Kyiv),
    };
    App::with_store(false, store.clone(), clock, Config::default(), options)
}

fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

fn ch(c: char) -> KeyEvent {
    key(KeyCode::Char(c))
}

fn press(app: &mut App, keys: &[KeyEvent]) {
    for k in keys {
        black_box(app.on_key(*k));
    }
}

/// The layouts measured, each as the keys that lead to it from a new board.
fn layouts() -> Vec<(&'static str, Vec<KeyEvent>)> {
    vec![
        ("board", vec![]),
        ("zoomed_strikes", vec![ch('3'), ch('z')]),
        // Searching the strikes for an oblast (about 1 in 15 match), still typing.
        (
            "search_active",
            vec![ch('3'), ch('/'), ch('k'), ch('y'), ch('i'), ch('v')],
        ),
        ("map", vec![ch('3'), ch('m')]),
        // The wall's picture: the map given the whole screen, oblasts shaded.
        (
            "map_zoomed_outages",
            vec![ch('3'), ch('m'), ch('z'), ch('o')],
        ),
        ("strike_detail", vec![ch('3'), key(KeyCode::Enter)]),
    ]
}

fn terminal(w: u16, h: u16) -> Terminal<TestBackend> {
    Terminal::new(TestBackend::new(w, h)).expect("a test terminal")
}

fn draw(term: &mut Terminal<TestBackend>, app: &App) {
    term.draw(|frame| ui::draw(frame, app))
        .expect("drawing to a TestBackend cannot fail");
}

fn frames(c: &mut Criterion) {
    let (_, store) = load_board();
    let mut group = c.benchmark_group("frame");
    for (name, keys) in layouts() {
        let mut app = new_app(&store);
        press(&mut app, &keys);
        for (w, h) in SIZES {
            app.on_resize(w, h);
            let mut term = terminal(w, h);
            group.bench_function(BenchmarkId::new(name, format!("{w}x{h}")), |b| {
                b.iter(|| draw(&mut term, &app));
            });
        }
    }
    // Every cell written again, as after resume or a resize (the diff has
    // nothing to skip).
    let mut app = new_app(&store);
    app.on_resize(200, 60);
    let mut term = terminal(200, 60);
    group.bench_function(BenchmarkId::new("board_full_repaint", "200x60"), |b| {
        b.iter(|| {
            term.clear().expect("clearing a TestBackend cannot fail");
            draw(&mut term, &app);
        });
    });
    group.finish();
}

/// Times one key press per iteration: `before` brings the board to the state the
/// key is pressed in (untimed), then `key` is pressed (timed), so every
/// iteration does the same work and the figure is that of a single key.
fn time_key(app: &mut App, before: &[KeyEvent], key: KeyEvent, iters: u64) -> Duration {
    let mut total = Duration::ZERO;
    for _ in 0..iters {
        press(app, before);
        let start = Instant::now();
        black_box(app.on_key(key));
        total += start.elapsed();
    }
    total
}

fn keys(c: &mut Criterion) {
    let (_, store) = load_board();
    let mut group = c.benchmark_group("key");
    let mut app = new_app(&store);
    app.on_resize(200, 60);
    // The Strikes pane focused: the 100,000-row list is what keys move through.
    press(&mut app, &[ch('3')]);
    let esc = key(KeyCode::Esc);
    let backspace = key(KeyCode::Backspace);
    let moves: [(&str, KeyEvent, KeyEvent); 4] = [
        ("j", ch('k'), ch('j')),
        ("k", ch('j'), ch('k')),
        ("pgdn", key(KeyCode::PageUp), key(KeyCode::PageDown)),
        ("G", ch('g'), ch('G')),
    ];
    for (name, back, key) in moves {
        group.bench_function(name, |b| {
            b.iter_custom(|iters| time_key(&mut app, &[back], key, iters));
        });
    }
    // A key and the frame it asks for: what "answered within one frame" costs.
    let mut term = terminal(200, 60);
    group.bench_function("j_and_its_frame_200x60", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                press(&mut app, &[ch('k')]);
                let start = Instant::now();
                black_box(app.on_key(ch('j')));
                draw(&mut term, &app);
                total += start.elapsed();
            }
            total
        });
    });
    // Searching the strikes as one types "kyiv" (about 1 in 15 match). The
    // lower-cased text of every record is built on the first search and kept;
    // this search warms it.
    press(&mut app, &[ch('/'), ch('k'), esc]);
    // The first letter: every record is looked at.
    group.bench_function("search_first_letter", |b| {
        b.iter_custom(|iters| time_key(&mut app, &[esc, ch('/')], ch('k'), iters));
    });
    // A further letter narrows the previous result.
    group.bench_function("search_next_letter", |b| {
        b.iter_custom(|iters| {
            time_key(
                &mut app,
                &[esc, ch('/'), ch('k'), ch('y'), ch('i')],
                ch('v'),
                iters,
            )
        });
    });
    // Backspace widens the search: every record is looked at again.
    group.bench_function("search_backspace", |b| {
        b.iter_custom(|iters| {
            time_key(
                &mut app,
                &[esc, ch('/'), ch('k'), ch('y'), ch('i'), ch('v')],
                backspace,
                iters,
            )
        });
    });
    // Esc drops the filter: the whole list is back.
    group.bench_function("search_esc", |b| {
        b.iter_custom(|iters| {
            time_key(
                &mut app,
                &[ch('/'), ch('k'), ch('y'), ch('i'), ch('v')],
                esc,
                iters,
            )
        });
    });
    group.finish();

    // The very first search letter also builds the search text of 100,000 strikes.
    let mut group = c.benchmark_group("key_first_search");
    group.sample_size(10);
    group.bench_function("k_on_a_new_board", |b| {
        b.iter_batched(
            || {
                let mut app = new_app(&store);
                app.on_resize(200, 60);
                press(&mut app, &[ch('3'), ch('/')]);
                app
            },
            |mut app| {
                press(&mut app, &[ch('k')]);
                app
            },
            BatchSize::PerIteration,
        );
    });
    // `/` starts building the search text on another thread; a person types the
    // first letter a moment later (100 ms here), by when it is usually ready.
    group.bench_function("k_100ms_after_slash", |b| {
        b.iter_batched(
            || {
                let mut app = new_app(&store);
                app.on_resize(200, 60);
                press(&mut app, &[ch('3'), ch('/')]);
                std::thread::sleep(std::time::Duration::from_millis(100));
                app
            },
            |mut app| {
                press(&mut app, &[ch('k')]);
                app
            },
            BatchSize::PerIteration,
        );
    });
    group.bench_function("slash_on_a_new_board", |b| {
        b.iter_batched(
            || {
                let mut app = new_app(&store);
                app.on_resize(200, 60);
                press(&mut app, &[ch('3')]);
                app
            },
            |mut app| {
                press(&mut app, &[ch('/')]);
                app
            },
            BatchSize::PerIteration,
        );
    });
    group.finish();
}

fn small_change(c: &mut Criterion) {
    let (sources, store) = load_board();
    let source_of = |name: &str| {
        sources
            .iter()
            .find(|s| s.path.file_name().is_some_and(|n| n == name))
            .cloned()
            .expect("the benchmark board has this file")
    };
    let board = source_of("board.toml");
    let issues = source_of("issues.toml");
    let board_text = std::fs::read_to_string(&board.path).expect("board.toml is readable");
    let issues_text = std::fs::read_to_string(&issues.path).expect("issues.toml is readable");
    // Two versions of each file, applied in turn so that every update is a change.
    let versions = |source: &Source, a: String, b: String| {
        [
            parse_str(&source.display, &a),
            parse_str(&source.display, &b),
        ]
    };
    let board_versions = versions(
        &board,
        board_text.replacen("Scale test board", "Scale test board A", 1),
        board_text.replacen("Scale test board", "Scale test board B", 1),
    );
    let issues_versions = versions(
        &issues,
        issues_text.replacen("title = \"Issue 0\"", "title = \"Issue 0 A\"", 1),
        issues_text.replacen("title = \"Issue 0\"", "title = \"Issue 0 B\"", 1),
    );

    // The interface thread's work for a small file changed beside 100,000
    // strikes, and the frame that shows it: with the store and board merged
    // by the reload worker (as the program runs), and merged by the interface
    // itself (the fallback, and how it ran before). The clock runs, as the
    // program's does: each change comes at another instant, so the figures
    // that depend on now are made again (a frozen clock hid that).
    let mut group = c.benchmark_group("on_files_with_100k_strikes");
    group.sample_size(20);
    for (name, source, parsed) in [
        ("board_toml_title", &board, &board_versions),
        ("issues_toml_one_title_of_1000", &issues, &issues_versions),
    ] {
        for merged_by_worker in [true, false] {
            let mut app = app_with_clock(&store, Clock::story(now()));
            app.on_resize(200, 60);
            let mut term = terminal(200, 60);
            let mut turn = 0usize;
            let label = if merged_by_worker {
                format!("{name}/merged_by_worker")
            } else {
                format!("{name}/merged_by_interface")
            };
            group.bench_function(label, |b| {
                b.iter_custom(|iterations| {
                    let mut spent = Duration::ZERO;
                    for _ in 0..iterations {
                        turn += 1;
                        let mut update = FileUpdate::complete(
                            vec![LoadedFile::new(
                                source.clone(),
                                (parsed[turn % 2].clone(), Some(SystemTime::now())),
                            )],
                            Vec::new(),
                        );
                        if merged_by_worker {
                            // The worker's part (off the interface thread, not timed).
                            update.merged = Some(Box::new(merged_after(&app, &update)));
                        }
                        let start = Instant::now();
                        black_box(app.on_files(update));
                        draw(&mut term, &app);
                        spent += start.elapsed();
                        // Dropped off the interface thread, as the runtime does.
                        drop(app.take_replaced_board());
                    }
                    spent
                });
            });
        }
    }
    group.finish();
}

/// The interface thread's work where a returning viewer's first load ends
/// (docs/performance.md#merge-off-the-interface-thread): the last part swapped
/// in and its frame drawn, with the changes since the state file worked out
/// on their own thread (as the program runs) or on the interface thread (as
/// it ran before). The state file remembers every record but ten strikes; a
/// first start (no state file) for comparison.
fn returning_viewer(c: &mut Criterion) {
    let (sources, store) = load_board();
    let read: Vec<_> = sources
        .iter()
        .map(|source| (source.clone(), load::read_source(source)))
        .collect();
    let mut state = sitboard::seen::next_state(None, &[], &store.merge(now()), &[], None);
    let forgotten: Vec<Box<str>> = state
        .records
        .keys()
        .filter(|k| k.starts_with("strike:"))
        .take(10)
        .cloned()
        .collect();
    for key in &forgotten {
        state.records.remove(key);
    }
    let mut group = c.benchmark_group("first_load_end_with_100k_strikes");
    group.sample_size(10);
    for (label, seen, deferred) in [
        ("first_start_no_state_file", false, true),
        ("changes_on_their_own_thread", true, true),
        ("changes_on_the_interface_thread", true, false),
    ] {
        group.bench_function(label, |b| {
            b.iter_custom(|iterations| {
                let mut spent = Duration::ZERO;
                for _ in 0..iterations {
                    // A new board at its first frame, and the worker's part
                    // (off the interface thread, not timed).
                    let mut app = new_app(&Store::new());
                    app.on_resize(200, 60);
                    let mut term = terminal(200, 60);
                    draw(&mut term, &app);
                    if seen {
                        app.set_seen(Some(state.clone()));
                        app.set_start(Some(sitboard::app::since::Since::LastSeen));
                    }
                    if deferred {
                        app.defer_changes();
                    }
                    let files = read
                        .iter()
                        .map(|(source, read)| LoadedFile::new(source.clone(), read.clone()))
                        .collect();
                    let mut update = FileUpdate::complete(files, Vec::new());
                    update.merged = Some(Box::new(merged_after(&app, &update)));
                    let start = Instant::now();
                    black_box(app.on_files(update));
                    draw(&mut term, &app);
                    spent += start.elapsed();
                    // The work itself, on its own thread in the program.
                    if let Some(work) = app.take_changes_work() {
                        app.on_changes_found(work.run());
                    }
                    let marked = if seen { forgotten.len() } else { 0 };
                    assert_eq!(app.unseen_count(), marked);
                }
                spent
            });
        });
    }
    group.finish();
}

/// What the map derives when the data, a filter or the minute changes (not per
/// frame): markers, per-oblast outages and strike counts over every listed
/// strike, each placed in its oblast by coordinates or by name.
fn map_data(c: &mut Criterion) {
    let (_, store) = load_board();
    let app = new_app(&store);
    let list = app.views().strikes.clone();
    let geo = app.map_state().geo.clone();
    let facts = sitboard::app::map::strike_facts(app.board(), &geo);
    for (name, outages) in [
        ("map_data_100k_strikes", true),
        ("map_data_100k_strikes_without_outages", false),
    ] {
        c.bench_function(name, |b| {
            b.iter(|| {
                black_box(sitboard::app::map::map_data(
                    app.board(),
                    &list,
                    &facts,
                    &geo,
                    now(),
                    outages,
                ))
            });
        });
    }
    c.bench_function("strike_facts_100k", |b| {
        b.iter(|| black_box(sitboard::app::map::strike_facts(app.board(), &geo)));
    });
    let points: Vec<(f64, f64)> = app
        .board()
        .strikes
        .iter()
        .filter_map(|s| s.coords)
        .collect();
    c.bench_function("region_at_100k_points", |b| {
        b.iter(|| {
            points
                .iter()
                .filter(|&&(lat, lon)| geo.region_at(lat, lon).is_some())
                .count()
        });
    });
}

/// What the reload worker hands over with `update`: its copy of the store with
/// the files applied, and the board merged from it.
fn merged_after(app: &App, update: &FileUpdate) -> load::Merged {
    load::Merged::after(&mut app.live_store().clone(), update, app.clock().now())
}

criterion_group!(
    benches,
    frames,
    keys,
    small_change,
    returning_viewer,
    map_data
);
criterion_main!(benches);
