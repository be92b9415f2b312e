//! Whole screens, drawn with ratatui's `TestBackend` and kept as insta snapshots
//! (`tests/snapshots/`). The clock is frozen at the example's reference instant
//! and times are shown in UTC, so the screens are the same on every machine.
//!
//! To review a change: `INSTA_UPDATE=always cargo test --test snapshots`, read
//! the `.snap` files, commit them.

mod common;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use common::{EXAMPLE, app_with, buffer, example_app, options, screen, store_of};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::style::Color;
use sitboard::app::{App, Options};
use sitboard::load::Store;

const SIZES: [(u16, u16); 3] = [(80, 24), (120, 40), (200, 60)];

fn keys(app: &mut App, codes: &[KeyCode]) {
    for code in codes {
        app.on_key(KeyEvent::new(*code, KeyModifiers::NONE));
    }
}

fn snap_sizes(name: &str, mut make: impl FnMut() -> App) {
    for (w, h) in SIZES {
        let mut app = make();
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), screen(&mut app, w, h));
    }
}

#[test]
fn example_board() {
    snap_sizes("example", example_app);
}

#[test]
fn empty_board() {
    snap_sizes("empty", || app_with(Store::new(), false, options()));
}

/// Every file has an error: nothing is applied, the header counts the errors.
fn broken_store() -> Store {
    store_of(&[
        ("data/board.toml", "[board]\ntitle = 5\n"),
        (
            "data/calendar.toml",
            "[[event]]\nid = \"a\"\ntitle = \"Talks\"\nstart = 2026-01-22T10:00:00Z\nstatus = \"maybe\"\n",
        ),
        ("data/issues.toml", "[[issue]\nid = \"x\"\n"),
        (
            "data/strikes.toml",
            "[[strike]]\nid = \"S-1\"\ntime = 2026-01-21T03:00:00Z\noblast = \"Kyiv\"\ntarget = \"powerplant\"\n",
        ),
    ])
}

#[test]
fn broken_board() {
    snap_sizes("broken", || app_with(broken_store(), false, options()));
}

#[test]
fn problems_page() {
    snap_sizes("problems", || {
        let mut app = app_with(broken_store(), false, options());
        keys(&mut app, &[KeyCode::Char('p')]);
        app
    });
}

const LONG: &str = r#"
[board]
title = "Ситуаційна дошка: мирні переговори щодо завершення війни в Україні, енергетична інфраструктура та дипломатичний календар на зиму 2026 року"
classification = "ДЛЯ СЛУЖБОВОГО КОРИСТУВАННЯ // FOR OFFICIAL USE ONLY // A VERY LONG CLASSIFICATION LINE THAT DOES NOT FIT"
clocks = ["Europe/Kyiv", "UTC"]

[board.parties]
UA = "Україна"
RU = "Російська Федерація"

[[event]]
id = "kyiv-talks"
title = "Переговори делегацій України та партнерів щодо гарантій безпеки після завершення бойових дій, тривалість невідома"
start = 2026-01-21T16:00:00Z
location = "Київ, Маріїнський палац, Блакитна зала, другий поверх, вхід з боку парку"
status = "confirmed"
parties = ["UA"]

[[event]]
id = "wide"
title = "東京で会談 🇺🇦🤝 — 和平交渉の最終段階、ｗｉｄｅ ｆｕｌｌｗｉｄｔｈ"
start = 2026-01-22T09:00:00Z
status = "tentative"

[[event]]
id = "x"
title = "Aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
start = 2026-01-23

[[issue]]
id = "terytoriia"
title = "Територіальне питання: лінія зіткнення, Запорізька та Херсонська області, статус Донбасу і Криму"
status = "deadlocked"
priority = "critical"
progress = 15
positions = { UA = "Жодних територіальних поступок", RU = "Вимагає весь Донбас" }

[[strike]]
id = "S-UA-1"
time = 2026-01-21T02:00:00Z
oblast = "Дніпропетровська область"
target = "substation"
facility = "Підстанція 750 кВ «Дніпровська» з автотрансформаторами та розподільчим пристроєм"
outage_customers = 123456789
damage = "destroyed"
lat = 48.45
lon = 35.04
"#;

#[test]
fn long_and_cyrillic_names() {
    snap_sizes("long_cyrillic", || {
        app_with(store_of(&[("дані/дошка.toml", LONG)]), false, options())
    });
}

/// 10,000 records: 3,000 events, 1,000 issues, 6,000 strikes.
fn big_store() -> Store {
    let mut events = String::new();
    for i in 0..3000 {
        let day = 1 + i % 28;
        let hour = i % 24;
        events.push_str(&format!(
            "[[event]]\nid = \"E-{i:05}\"\ntitle = \"Generated meeting number {i}\"\nstart = 2026-01-{day:02}T{hour:02}:00:00Z\nkind = \"{}\"\nstatus = \"{}\"\n\n",
            ["meeting", "talks", "call", "summit"][i % 4],
            ["tentative", "scheduled", "confirmed", "held", "postponed", "cancelled"][i % 6],
        ));
    }
    let mut issues = String::new();
    for i in 0..1000 {
        issues.push_str(&format!(
            "[[issue]]\nid = \"I-{i:04}\"\ntitle = \"Generated issue {i}\"\nstatus = \"{}\"\npriority = \"{}\"\nprogress = {}\nupdated = 2026-01-{:02}T08:00:00Z\n\n",
            ["open", "negotiating", "near-agreement", "agreed", "deadlocked", "shelved"][i % 6],
            ["critical", "high", "medium", "low"][i % 4],
            (i * 7) % 101,
            1 + i % 20,
        ));
    }
    let mut strikes = String::new();
    for i in 0..6000 {
        let day = 1 + i % 21;
        let minute = i % 60;
        let hour = (i / 60) % 24;
        strikes.push_str(&format!(
            "[[strike]]\nid = \"S-{i:05}\"\ntime = 2026-01-{day:02}T{hour:02}:{minute:02}:00Z\noblast = \"{}\"\ntarget = \"{}\"\nfacility = \"Facility {i}\"\noutage_customers = {}\nlat = {}\nlon = {}\n\n",
            ["Kyiv", "Kharkiv", "Odesa", "Lviv", "Dnipropetrovsk"][i % 5],
            ["thermal", "substation", "transmission", "hydro"][i % 4],
            (i % 10) * 1000,
            46.0 + (i % 50) as f64 / 10.0,
            24.0 + (i % 120) as f64 / 10.0,
        ));
    }
    store_of(&[
        ("big/events.toml", &events),
        ("big/issues.toml", &issues),
        ("big/strikes.toml", &strikes),
    ])
}

#[test]
fn ten_thousand_records() {
    let store = big_store();
    snap_sizes("big", || app_with(store.clone(), false, options()));
}

#[test]
fn detail_views() {
    snap_sizes("detail_event", || {
        let mut app = example_app();
        keys(&mut app, &[KeyCode::Enter]);
        app
    });
    snap_sizes("detail_issue", || {
        let mut app = example_app();
        keys(&mut app, &[KeyCode::Char('2'), KeyCode::Enter]);
        app
    });
    snap_sizes("detail_strike", || {
        let mut app = example_app();
        keys(&mut app, &[KeyCode::Char('3'), KeyCode::Enter]);
        app
    });
}

#[test]
fn help_page() {
    snap_sizes("help", || {
        let mut app = example_app();
        keys(&mut app, &[KeyCode::Char('?')]);
        app
    });
}

#[test]
fn search_view() {
    snap_sizes("search", || {
        let mut app = example_app();
        keys(&mut app, &[KeyCode::Char('3'), KeyCode::Char('/')]);
        keys(
            &mut app,
            &"kyiv".chars().map(KeyCode::Char).collect::<Vec<_>>(),
        );
        app
    });
}

#[test]
fn map_view() {
    snap_sizes("map", || {
        let mut app = example_app();
        keys(&mut app, &[KeyCode::Char('m')]);
        app
    });
    snap_sizes("map_zoomed", || {
        let mut app = example_app();
        keys(&mut app, &[KeyCode::Char('m'), KeyCode::Char('z')]);
        app
    });
}

/// The map (issue 14): the pane zoomed to fill the screen, at 80x24, 120x40
/// and a wall's 240x70, colour-free (Braille lines, density patterns) and in
/// ASCII; the choropleth in both measures; the cursor moved and zoomed in.
#[test]
fn map_sizes_looks_and_choropleth() {
    let looks = [
        (
            "plain",
            Options {
                color: false,
                ..options()
            },
        ),
        ("ascii", plain_options()),
    ];
    for (look, opts) in looks {
        for (w, h) in [(80, 24), (120, 40), (240, 70)] {
            let mut app = app_with(store_of(EXAMPLE), true, opts);
            keys(&mut app, &[KeyCode::Char('m'), KeyCode::Char('z')]);
            insta::assert_snapshot!(format!("map_{look}_{w}x{h}"), screen(&mut app, w, h));
        }
    }
    for (w, h) in [(120, 40), (240, 70)] {
        let plain = Options {
            color: false,
            ..options()
        };
        let mut app = app_with(store_of(EXAMPLE), true, plain);
        keys(
            &mut app,
            &[KeyCode::Char('m'), KeyCode::Char('z'), KeyCode::Char('o')],
        );
        insta::assert_snapshot!(format!("map_outages_{w}x{h}"), screen(&mut app, w, h));
        keys(&mut app, &[KeyCode::Char('o')]);
        insta::assert_snapshot!(format!("map_strikes_7d_{w}x{h}"), screen(&mut app, w, h));
    }
    let mut app = app_with(store_of(EXAMPLE), true, plain_options());
    keys(
        &mut app,
        &[KeyCode::Char('m'), KeyCode::Char('z'), KeyCode::Char('o')],
    );
    insta::assert_snapshot!("map_outages_ascii_120x40", screen(&mut app, 120, 40));
    let mut app = app_with(
        store_of(EXAMPLE),
        true,
        Options {
            color: false,
            ..options()
        },
    );
    keys(
        &mut app,
        &[
            KeyCode::Char('m'),
            KeyCode::Char('z'),
            KeyCode::Down,
            KeyCode::Down,
            KeyCode::Char('+'),
            KeyCode::Char('+'),
        ],
    );
    insta::assert_snapshot!("map_cursor_zoom_120x40", screen(&mut app, 120, 40));
}

/// A board about another place: with its own map file the map draws that
/// geography and counts in its regions; without one, it fits the records'
/// coordinates and says no geography is loaded.
/// With colour, the choropleth shades with background colours of the 16 only
/// (yellow, light red, red), and the markers stay on top of the shading.
#[test]
fn choropleth_colours_are_among_the_16() {
    let mut app = app_with(store_of(EXAMPLE), true, options());
    keys(
        &mut app,
        &[KeyCode::Char('m'), KeyCode::Char('z'), KeyCode::Char('o')],
    );
    let (buf, _) = buffer(&mut app, 120, 40);
    let shaded: Vec<_> = buf
        .content()
        .iter()
        .filter(|c| matches!(c.bg, Color::Yellow | Color::LightRed | Color::Red))
        .collect();
    assert!(shaded.len() > 100, "regions are shaded: {}", shaded.len());
    assert!(
        shaded.iter().any(|c| ["●", "•", "·"].contains(&c.symbol())),
        "markers are drawn over the shading"
    );
    for cell in buf.content() {
        for colour in [cell.fg, cell.bg] {
            assert!(
                !matches!(colour, Color::Rgb(..) | Color::Indexed(_)),
                "only the 16 colours: {colour:?}"
            );
        }
    }
}

#[test]
fn map_of_another_place() {
    let plain = Options {
        color: false,
        ..options()
    };
    let own = |name: &str| {
        let path = format!("tests/fixtures/map/own/{name}");
        let text = std::fs::read_to_string(&path).expect("fixture");
        (path, text)
    };
    let files = [own("board.toml"), own("strikes.toml")];
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    let mut app = app_with(store_of(&refs), false, plain);
    keys(
        &mut app,
        &[KeyCode::Char('m'), KeyCode::Char('z'), KeyCode::Char('o')],
    );
    insta::assert_snapshot!("map_own_geography_80x24", screen(&mut app, 80, 24));

    let elsewhere = "[[strike]]\nid = \"E-1\"\ntime = 2026-01-20T04:30:00Z\noblast = \"Khartoum\"\ntarget = \"substation\"\nlat = 15.5\nlon = 32.5\n\n[[strike]]\nid = \"E-2\"\ntime = 2026-01-19T04:30:00Z\noblast = \"Kassala\"\ntarget = \"thermal\"\nlat = 15.45\nlon = 36.4\n";
    let mut app = app_with(store_of(&[("data/strikes.toml", elsewhere)]), false, plain);
    keys(&mut app, &[KeyCode::Char('m'), KeyCode::Char('z')]);
    insta::assert_snapshot!("map_no_geography_80x24", screen(&mut app, 80, 24));
}

#[test]
fn zoomed_issues() {
    let mut app = example_app();
    keys(&mut app, &[KeyCode::Char('2'), KeyCode::Char('z')]);
    insta::assert_snapshot!("zoom_issues_200x60", screen(&mut app, 200, 60));
}

#[test]
fn change_strip_and_marks() {
    let mut app = example_app();
    let issues =
        EXAMPLE[2]
            .1
            .replacen("status = \"negotiating\"", "status = \"near-agreement\"", 1);
    let strikes = format!(
        "{}\n[[strike]]\nid = \"S-0141\"\ntime = 2026-01-21T11:40:00Z\noblast = \"Kyiv\"\ntarget = \"substation\"\nfacility = \"Substation 330 kV\"\noutage_customers = 5000\n",
        EXAMPLE[3].1
    );
    common::apply(
        &mut app,
        vec![
            common::file("example/issues.toml", &issues),
            common::file("example/strikes.toml", &strikes),
        ],
        vec![],
    );
    insta::assert_snapshot!("changes_120x40", screen(&mut app, 120, 40));
    keys(&mut app, &[KeyCode::Char('c')]);
    insta::assert_snapshot!("changes_page_80x24", screen(&mut app, 80, 24));
}

fn plain_options() -> Options {
    Options {
        color: false,
        ascii: true,
        ..options()
    }
}

#[test]
fn no_color_and_ascii() {
    let mut app = app_with(
        store_of(EXAMPLE),
        true,
        Options {
            color: false,
            ..options()
        },
    );
    insta::assert_snapshot!("no_color_80x24", screen(&mut app, 80, 24));
    let mut app = app_with(
        store_of(EXAMPLE),
        true,
        Options {
            ascii: true,
            ..options()
        },
    );
    insta::assert_snapshot!("ascii_80x24", screen(&mut app, 80, 24));
    let mut app = app_with(store_of(EXAMPLE), true, plain_options());
    keys(&mut app, &[KeyCode::Char('m')]);
    insta::assert_snapshot!("ascii_map_120x40", screen(&mut app, 120, 40));
}

/// Every view, drawn without colour, uses no colour at all (only the terminal's
/// default), and in ASCII mode only ASCII outside the data's own text.
#[test]
fn no_color_means_no_colour_anywhere() {
    let views: &[&[KeyCode]] = &[
        &[],
        &[KeyCode::Enter],
        &[KeyCode::Char('2'), KeyCode::Enter],
        &[KeyCode::Char('3')],
        &[KeyCode::Char('m')],
        &[KeyCode::Char('?')],
        &[KeyCode::Char('p')],
        &[KeyCode::Char('/'), KeyCode::Char('a')],
    ];
    for view in views {
        for (w, h) in SIZES {
            let mut app = app_with(store_of(EXAMPLE), true, plain_options());
            keys(&mut app, view);
            let (buf, text) = buffer(&mut app, w, h);
            for cell in buf.content() {
                assert!(
                    matches!(cell.fg, Color::Reset) && matches!(cell.bg, Color::Reset),
                    "a coloured cell {cell:?} in view {view:?} at {w}x{h}:\n{text}"
                );
            }
            let example_text: String = EXAMPLE.iter().map(|(_, t)| *t).collect();
            for cell in buf.content() {
                let s = cell.symbol();
                assert!(
                    s.is_ascii() || example_text.contains(s),
                    "non-ASCII glyph {s:?} in view {view:?} at {w}x{h}:\n{text}"
                );
            }
        }
    }
}

/// With colour, only the 16 ANSI colours are used (never RGB or indexed).
#[test]
fn only_the_sixteen_colours() {
    let mut app = example_app();
    for view in [&[][..], &[KeyCode::Char('m')], &[KeyCode::Char('p')]] {
        keys(&mut app, view);
        let (buf, _) = buffer(&mut app, 200, 60);
        for cell in buf.content() {
            for c in [cell.fg, cell.bg] {
                assert!(!matches!(c, Color::Rgb(..) | Color::Indexed(_)), "{c:?}");
            }
        }
    }
}

#[test]
fn small_sizes_never_panic() {
    for (w, h) in [
        (1, 1),
        (10, 5),
        (79, 23),
        (39, 8),
        (40, 8),
        (1, 300),
        (300, 2),
    ] {
        for view in [
            &[][..],
            &[KeyCode::Enter],
            &[KeyCode::Char('m')],
            &[KeyCode::Char('?')],
        ] {
            let mut app = example_app();
            keys(&mut app, view);
            screen(&mut app, w, h);
        }
    }
    // Every size on a grid, in every view, with and without a filter line.
    let views: &[&[KeyCode]] = &[
        &[],
        &[KeyCode::Char('2')],
        &[KeyCode::Char('3')],
        &[KeyCode::Char('m')],
        &[KeyCode::Char('z')],
        &[KeyCode::Enter],
        &[KeyCode::Char('p')],
        &[KeyCode::Char('3'), KeyCode::Char('/'), KeyCode::Char('k')],
    ];
    for view in views {
        let mut app = example_app();
        keys(&mut app, view);
        for w in (1..=160).step_by(9) {
            for h in (1..=50).step_by(4) {
                screen(&mut app, w, h);
            }
        }
    }
    let mut app = example_app();
    insta::assert_snapshot!("tiny_10x5", screen(&mut app, 10, 5));
    insta::assert_snapshot!("small_79x23", screen(&mut app, 79, 23));
}

#[test]
fn data_age_and_staleness() {
    let now = common::reference_now();
    let at = |minutes: u64| Some(SystemTime::from(now) - Duration::from_secs(minutes * 60));
    let mut app = app_with(Store::new(), false, options());
    let (name, text) = EXAMPLE[0];
    let display: Arc<str> = Arc::from(name);
    common::apply(
        &mut app,
        vec![(
            PathBuf::from(name),
            display.clone(),
            common::parse(name, text),
            at(12),
        )],
        vec![],
    );
    let shown = screen(&mut app, 120, 40);
    assert!(shown.contains("updated 12m ago"), "{shown}");
    assert!(
        !shown.contains("│ example board"),
        "files on disk are not the example: {shown}"
    );
    assert!(!shown.contains("STALE"), "{shown}");
    common::apply(
        &mut app,
        vec![(
            PathBuf::from(name),
            display,
            common::parse(name, text),
            at(7 * 60),
        )],
        vec![],
    );
    let shown = screen(&mut app, 120, 40);
    assert!(
        shown.contains("STALE updated 7h ago"),
        "stale past 6h:\n{shown}"
    );
}

#[test]
fn first_frame_while_loading() {
    let mut app = app_with(Store::new(), false, options());
    app.on_loading(sitboard::app::LoadProgress {
        done: 1,
        total: 4,
        bytes_done: 1_000,
        bytes_total: 4_000,
    });
    insta::assert_snapshot!("loading_80x24", screen(&mut app, 80, 24));
}

#[test]
fn fresh_files_say_just_now() {
    let mut app = app_with(Store::new(), false, options());
    let (name, text) = EXAMPLE[0];
    let modified = Some(SystemTime::from(common::reference_now()));
    common::apply(
        &mut app,
        vec![(
            PathBuf::from(name),
            Arc::from(name),
            common::parse(name, text),
            modified,
        )],
        vec![],
    );
    let shown = screen(&mut app, 120, 40);
    assert!(shown.contains("updated just now"), "{shown}");
}

/// A file name with control characters (file names are not data text, so the
/// loader's sanitising does not see them) shows without them.
#[test]
fn hostile_file_names_are_cleaned_on_the_problems_page() {
    let mut app = app_with(
        store_of(&[("data/\u{1b}]0;owned\u{7}evil\u{1b}[31m.toml", "[[issue]\n")]),
        false,
        options(),
    );
    keys(&mut app, &[KeyCode::Char('p')]);
    let (buf, text) = buffer(&mut app, 120, 40);
    assert!(text.contains("data/evil.toml:1:"), "{text}");
    for cell in buf.content() {
        assert!(!cell.symbol().chars().any(char::is_control), "{text}");
    }
}

/// A strike known only approximately, with a casualty range and sources of
/// every kind: a link, a `javascript:` URL, a citation and a URL that carried
/// a control character (shown with the mark the loader leaves).
const UNCERTAIN_STRIKE: &str = r#"
[[strike]]
id = "S-RANGE"
time = 2026-01-19
time_precision = "week"
oblast = "Kharkiv"
target = "thermal"
location = "Zmiiv"
facility = "Zmiivska TPP"
lat = 49.6789
lon = 36.3553
geo_precision = "district"
casualties = { killed = { low = 2, best = 3, high = 5 }, injured = 4 }
sources = [
  "https://example.org/reports/zmiiv?id=1",
  "javascript:alert(1)",
  "Suspilne Kharkiv, Telegram, 20 Jan 2026",
  "https://example.org/a\u0007b",
]
"#;

fn uncertain_app(config: sitboard::config::Config) -> App {
    App::with_store(
        false,
        store_of(&[("data/strikes.toml", UNCERTAIN_STRIKE)]),
        sitboard::clock::Clock::Frozen(common::reference_now()),
        config,
        options(),
    )
}

#[test]
fn detail_with_ranges_precision_and_numbered_sources() {
    for (w, h) in [(80, 24), (120, 40)] {
        let mut app = uncertain_app(sitboard::config::Config::default());
        keys(&mut app, &[KeyCode::Char('3'), KeyCode::Enter]);
        insta::assert_snapshot!(format!("detail_uncertain_{w}x{h}"), screen(&mut app, w, h));
    }
    // The board: the week's count says how many are approximate, the list
    // writes the strike's time at its precision.
    let mut app = uncertain_app(sitboard::config::Config::default());
    keys(&mut app, &[KeyCode::Char('3')]);
    let board = screen(&mut app, 120, 40);
    assert!(board.contains("7 d: 1 (1~)"), "{board}");
    assert!(board.contains(" wk of 19 Jan Kharkiv"), "{board}");
}

/// The cells of one screen row, as the terminal would be sent them.
fn row_symbols(buf: &ratatui::buffer::Buffer, y: u16) -> Vec<String> {
    (0..buf.area.width)
        .map(|x| buf[(x, y)].symbol().to_string())
        .collect()
}

#[test]
fn url_sources_are_links_only_when_good_and_y_copies_through_osc_52() {
    let config = sitboard::config::Config {
        hyperlinks: true,
        ..Default::default()
    };
    let mut app = uncertain_app(config);
    keys(&mut app, &[KeyCode::Char('3'), KeyCode::Enter]);
    let (buf, text) = buffer(&mut app, 120, 40);
    let all: Vec<String> = (0..buf.area.height)
        .flat_map(|y| row_symbols(&buf, y))
        .collect();
    let links: Vec<&String> = all.iter().filter(|s| s.contains("\x1b]8;")).collect();
    // One link: the good URL, its text inside, closed.
    assert_eq!(
        links,
        [&"\x1b]8;;https://example.org/reports/zmiiv?id=1\x1b\\https://example.org/reports/zmiiv?id=1\x1b]8;;\x1b\\".to_string()]
    );
    assert!(text.contains("2. javascript:alert(1)"), "{text}");
    assert!(text.contains("4. https://example.org/a\u{fffd}b"), "{text}");
    // Links off (the default for a config not loaded from a terminal): plain.
    let mut plain = uncertain_app(sitboard::config::Config::default());
    keys(&mut plain, &[KeyCode::Char('3'), KeyCode::Enter]);
    let (buf, _) = buffer(&mut plain, 120, 40);
    assert!(
        (0..buf.area.height)
            .flat_map(|y| row_symbols(&buf, y))
            .all(|s| !s.contains('\x1b'))
    );

    // y: four sources, so it asks which; 3 copies the citation as base64.
    keys(&mut app, &[KeyCode::Char('y')]);
    let (_, asking) = buffer(&mut app, 120, 40);
    assert!(asking.contains("copy which source? 1–4"), "{asking}");
    keys(&mut app, &[KeyCode::Char('3')]);
    let (buf, copied) = buffer(&mut app, 120, 40);
    assert!(
        copied.contains("source 3 copied to the clipboard"),
        "{copied}"
    );
    // The citation waits for the runtime to send it (OSC 52), once; the
    // screen itself carries no sequence, so a redraw cannot send it again.
    assert_eq!(
        app.take_clipboard().as_deref(),
        Some("Suspilne Kharkiv, Telegram, 20 Jan 2026")
    );
    assert_eq!(app.take_clipboard(), None);
    assert!(
        (0..buf.area.height)
            .flat_map(|y| row_symbols(&buf, y))
            .all(|s| !s.contains("\x1b]52;"))
    );
    // The next key clears the notice.
    keys(&mut app, &[KeyCode::Char('j')]);
    let (buf, after) = buffer(&mut app, 120, 40);
    assert!(!after.contains("copied to the clipboard"));
    assert!(
        (0..buf.area.height)
            .flat_map(|y| row_symbols(&buf, y))
            .all(|s| !s.contains("\x1b]52;"))
    );
}
