//! The map's keys on the example board: the cursor is visible and named,
//! Enter opens the strike it stands on, +/- zoom, o shades, l lists the
//! strikes of the cursor's oblast and Esc lists them all again.

mod common;

use common::{example_app, screen};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use sitboard::app::App;
use sitboard::app::map::Shade;

fn press(app: &mut App, code: KeyCode) {
    app.on_key(KeyEvent::new(code, KeyModifiers::NONE));
}

#[test]
fn the_cursor_is_named_and_enter_opens_that_strike() {
    let mut app = example_app();
    press(&mut app, KeyCode::Char('m'));
    let first = app.map_cursor().expect("a strike of the last 30 days");
    press(&mut app, KeyCode::Down);
    let second = app.map_cursor().expect("the next one");
    assert_ne!(first, second, "Down moves the cursor");
    let id = app.board().strikes[second as usize].id.clone();
    let text = screen(&mut app, 120, 40);
    let status = text
        .lines()
        .find(|l| l.contains('▶'))
        .expect("the cursor's line");
    assert!(
        status.contains(id.as_str()),
        "the bottom line names {id}: {status}"
    );
    assert!(
        text.contains('◉') || status.contains("no coordinates"),
        "{text}"
    );
    press(&mut app, KeyCode::Enter);
    let detail = app.detail().expect("Enter opens a detail");
    assert_eq!(detail.id, id, "the strike the cursor named");
}

#[test]
fn zoom_shade_and_the_oblast_list() {
    let mut app = example_app();
    press(&mut app, KeyCode::Char('m'));
    press(&mut app, KeyCode::Char('+'));
    press(&mut app, KeyCode::Char('+'));
    assert_eq!(app.map_state().zoom, 2);
    assert!(screen(&mut app, 120, 40).contains("zoom x4"));
    press(&mut app, KeyCode::Char('-'));
    assert_eq!(app.map_state().zoom, 1);
    press(&mut app, KeyCode::Char('o'));
    assert_eq!(app.map_state().shade, Shade::Outages);
    assert!(screen(&mut app, 120, 40).contains("customers without power now"));
    press(&mut app, KeyCode::Char('o'));
    assert_eq!(app.map_state().shade, Shade::Strikes);
    assert!(screen(&mut app, 120, 40).contains("strikes in 7 days"));

    let all = app.views().strikes.len();
    let region = app.map_cursor_region().expect("the cursor's oblast");
    let name = app.map_state().geo.regions[region].name.clone();
    press(&mut app, KeyCode::Char('l'));
    assert!(!app.map_shown(), "l leaves the map for the list");
    assert_eq!(app.region_filter(), Some(name.as_str()));
    let listed = app.views().strikes.len();
    assert!(listed >= 1 && listed < all, "{listed} of {all}");
    let geo = app.map_state().geo.clone();
    for &i in &app.views().strikes {
        let s = &app.board().strikes[i as usize];
        let r = s
            .coords
            .and_then(|(lat, lon)| geo.region_at(lat, lon))
            .or_else(|| geo.resolve(&s.oblast));
        assert_eq!(r, Some(region), "{} in {}", s.id, s.oblast);
    }
    assert!(screen(&mut app, 120, 40).contains(&format!("in {name}")));
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.region_filter(), None);
    assert_eq!(app.views().strikes.len(), all);
}

/// A board whose map file is broken: the map says so, and the problems list
/// names the map file's line and column.
#[test]
fn a_broken_map_file_is_in_the_problems_list() {
    let path = "tests/fixtures/map/broken/board.toml";
    let text = std::fs::read_to_string(path).expect("fixture");
    let mut app = common::app_with(common::store_of(&[(path, &text)]), false, common::options());
    press(&mut app, KeyCode::Char('3'));
    press(&mut app, KeyCode::Char('m'));
    assert!(screen(&mut app, 120, 40).contains("map file not loaded"));
    press(&mut app, KeyCode::Char('p'));
    let problems = screen(&mut app, 160, 40);
    assert!(
        problems.contains("tests/fixtures/map/broken/ruritania.geojson:8:3"),
        "{problems}"
    );
    assert!(
        problems.contains("map file not used: feature 4: position"),
        "{problems}"
    );
}

const ISSUES: &str = "example/issues.toml";
const STRIKES: &str = "example/strikes.toml";

fn example_text(name: &str) -> String {
    common::EXAMPLE
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, t)| (*t).to_string())
        .expect("an example file")
}

/// What the map knows of each strike is placed once per board: a change to
/// another file keeps it (the very same facts), a change to the strikes
/// places them again, and the map shows the new strike.
#[test]
fn the_strikes_are_placed_again_only_when_they_change() {
    let mut app = example_app();
    press(&mut app, KeyCode::Char('m'));
    let facts =
        |app: &App| std::sync::Arc::clone(app.map_state().strike_facts.as_ref().expect("placed"));
    // Held here, so facts made again could not take their place in memory.
    let placed = facts(&app);
    let stops = app.views().map.cursor_stops.len();

    let issues = example_text(ISSUES).replacen("title = \"", "title = \"Renamed: ", 1);
    common::apply(&mut app, vec![common::file(ISSUES, &issues)], vec![]);
    assert!(
        std::sync::Arc::ptr_eq(&facts(&app), &placed),
        "another file's change keeps them"
    );

    let strikes = format!(
        "{}\n[[strike]]\nid = \"S-NEW-1\"\ntime = 2026-01-21T11:30:00Z\noblast = \"Kyiv\"\ntarget = \"substation\"\nlat = 50.45\nlon = 30.52\n",
        example_text(STRIKES)
    );
    common::apply(&mut app, vec![common::file(STRIKES, &strikes)], vec![]);
    assert_eq!(facts(&app).len(), placed.len() + 1, "placed again");
    assert_eq!(app.views().map.cursor_stops.len(), stops + 1);
}

/// The reload worker places the strikes on the built-in map again only when
/// the board's strikes changed (a change to another file keeps its facts),
/// and the interface takes them instead of placing a million strikes
/// itself; they are the facts the interface would have made.
#[test]
fn strikes_placed_by_the_worker_are_taken_as_they_are() {
    use sitboard::app::FileUpdate;
    use sitboard::model::board::same_records;
    let mut app = example_app();
    press(&mut app, KeyCode::Char('m'));
    let mut placed = None;
    // Whether the strikes changed (what the worker goes by), and the facts
    // it handed over.
    let mut hand_over = |app: &mut App, name: &str, text: &str| {
        let before = app.board().strikes.clone();
        let mut update = FileUpdate::complete(vec![common::file(name, text)], vec![]);
        let mut merged = common::merged_after(app, &update);
        merged.place_strikes(&mut placed);
        let facts = std::sync::Arc::clone(merged.strike_facts.as_ref().expect("placed"));
        update.merged = Some(Box::new(merged));
        app.on_files(update);
        (!same_records(&before, &app.board().strikes), facts)
    };
    let strikes = format!(
        "{}\n[[strike]]\nid = \"S-NEW-1\"\ntime = 2026-01-21T11:30:00Z\noblast = \"Kyiv\"\ntarget = \"substation\"\nlat = 50.45\nlon = 30.52\n",
        example_text(STRIKES)
    );
    let (touched, facts) = hand_over(&mut app, STRIKES, &strikes);
    assert!(touched);
    let taken = std::sync::Arc::clone(app.map_state().strike_facts.as_ref().expect("taken"));
    assert!(
        std::sync::Arc::ptr_eq(&taken, &facts),
        "the worker's, not made again"
    );
    let geo = app.map_state().geo.clone();
    assert_eq!(
        &*taken,
        &sitboard::app::map::strike_facts(app.board(), &geo)[..]
    );

    let issues = example_text(ISSUES).replacen("title = \"", "title = \"Renamed: ", 1);
    let (touched, kept) = hand_over(&mut app, ISSUES, &issues);
    assert!(!touched, "issues.toml holds no strikes");
    assert!(
        std::sync::Arc::ptr_eq(&kept, &facts),
        "the worker keeps its facts"
    );

    let more = strikes.replace("S-NEW-1", "S-NEW-2")
        + &strikes[strikes
            .find("\n[[strike]]\nid = \"S-NEW-1\"")
            .expect("the new strike")..];
    let (touched, again) = hand_over(&mut app, STRIKES, &more);
    assert!(touched);
    assert_eq!(again.len(), facts.len() + 1, "the strikes are placed again");
}

/// While a long load arrives in parts, the map does not place the strikes
/// of each part (a million strikes would hold every part's frame); it shows
/// them once the last part is in.
#[test]
fn the_parts_of_a_long_load_are_placed_when_it_ends() {
    let mut app = common::app_with(sitboard::load::Store::new(), false, common::options());
    press(&mut app, KeyCode::Char('m'));
    let part = common::file(STRIKES, &example_text(STRIKES));
    common::apply_part(&mut app, vec![part], vec![], true);
    assert!(!app.board().strikes.is_empty());
    assert!(
        app.map_state().strike_facts.is_none(),
        "not placed in a part"
    );
    assert!(app.views().map.cursor_stops.is_empty());
    screen(&mut app, 120, 40);
    common::apply_part(&mut app, Vec::<common::Update>::new(), vec![], false);
    assert!(app.map_state().strike_facts.is_some(), "placed at the end");
    assert!(!app.views().map.cursor_stops.is_empty());
}
