//! Key handling: the state the board is in after a sequence of keys, and how
//! selections, details and the change list follow the data across reloads.

mod common;

use common::{EXAMPLE, example_app, file, screen};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use sitboard::app::{App, Effect, Page, Pane};
use sitboard::model::Kind;

fn key(app: &mut App, code: KeyCode) -> Effect {
    app.on_key(KeyEvent::new(code, KeyModifiers::NONE))
}

fn chars(app: &mut App, text: &str) {
    for c in text.chars() {
        key(app, KeyCode::Char(c));
    }
}

fn ctrl(app: &mut App, c: char) -> Effect {
    app.on_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL))
}

fn example_text(name: &str) -> String {
    EXAMPLE
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, t)| t.to_string())
        .unwrap()
}

#[test]
fn tab_and_numbers_move_the_focus() {
    let mut app = example_app();
    assert_eq!(app.focus(), Pane::Calendar);
    key(&mut app, KeyCode::Tab);
    assert_eq!(app.focus(), Pane::Issues);
    key(&mut app, KeyCode::Tab);
    assert_eq!(app.focus(), Pane::Strikes);
    key(&mut app, KeyCode::Tab);
    assert_eq!(app.focus(), Pane::Calendar);
    app.on_key(KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT));
    assert_eq!(app.focus(), Pane::Strikes);
    key(&mut app, KeyCode::Char('2'));
    assert_eq!(app.focus(), Pane::Issues);
    key(&mut app, KeyCode::Char('1'));
    assert_eq!(app.focus(), Pane::Calendar);
}

#[test]
fn the_calendar_opens_on_the_next_event() {
    let app = example_app();
    // At 12:00 UTC on 21 January the next event is the 17:00 CET talks in Davos.
    assert_eq!(app.selected_id(Pane::Calendar), Some("davos-ua-talks"));
}

#[test]
fn moving_the_selection() {
    let mut app = example_app();
    key(&mut app, KeyCode::Char('2'));
    let first = app.selected_id(Pane::Issues).map(str::to_string);
    assert_eq!(
        first.as_deref(),
        Some("security-guarantees"),
        "critical issues come first"
    );
    key(&mut app, KeyCode::Char('j'));
    assert_eq!(app.pane_state(Pane::Issues).selected, 1);
    key(&mut app, KeyCode::Down);
    assert_eq!(app.pane_state(Pane::Issues).selected, 2);
    key(&mut app, KeyCode::Char('k'));
    assert_eq!(app.pane_state(Pane::Issues).selected, 1);
    key(&mut app, KeyCode::Char('G'));
    assert_eq!(
        app.pane_state(Pane::Issues).selected,
        app.list_len(Pane::Issues) - 1
    );
    key(&mut app, KeyCode::Char('g'));
    assert_eq!(app.pane_state(Pane::Issues).selected, 0);
    key(&mut app, KeyCode::Up);
    assert_eq!(app.pane_state(Pane::Issues).selected, 0, "stays at the top");
    key(&mut app, KeyCode::PageDown);
    assert!(app.pane_state(Pane::Issues).selected > 1);
    key(&mut app, KeyCode::End);
    key(&mut app, KeyCode::Home);
    assert_eq!(app.selected_id(Pane::Issues), first.as_deref());
}

#[test]
fn zoom_and_map_and_back() {
    let mut app = example_app();
    key(&mut app, KeyCode::Char('z'));
    assert!(app.zoomed());
    key(&mut app, KeyCode::Esc);
    assert!(!app.zoomed());
    key(&mut app, KeyCode::Char('m'));
    assert_eq!(app.focus(), Pane::Strikes, "m goes to the Strikes map");
    assert!(app.map_shown());
    key(&mut app, KeyCode::Char('m'));
    assert!(!app.map_shown());
    key(&mut app, KeyCode::Char('m'));
    key(&mut app, KeyCode::Esc);
    assert!(!app.map_shown());
}

#[test]
fn search_filters_as_you_type_and_esc_clears() {
    let mut app = example_app();
    key(&mut app, KeyCode::Char('3'));
    let all = app.list_len(Pane::Strikes);
    key(&mut app, KeyCode::Char('/'));
    assert!(app.searching());
    chars(&mut app, "KHARKIV");
    let kharkiv = app.list_len(Pane::Strikes);
    assert!(kharkiv > 0 && kharkiv < all, "{kharkiv} of {all}");
    let id = app.selected_id(Pane::Strikes).unwrap().to_string();
    let strike = app.board().strikes.iter().find(|s| s.id == id).unwrap();
    assert!(
        strike.oblast.to_lowercase().contains("kharkiv"),
        "case-insensitive match"
    );
    // `q` while typing is text, not quit.
    assert_eq!(key(&mut app, KeyCode::Char('q')), Effect::Redraw);
    assert_eq!(app.list_len(Pane::Strikes), 0);
    key(&mut app, KeyCode::Backspace);
    assert_eq!(app.list_len(Pane::Strikes), kharkiv);
    key(&mut app, KeyCode::Enter);
    assert!(!app.searching());
    assert_eq!(
        app.filter(Pane::Strikes),
        "KHARKIV",
        "Enter keeps the filter"
    );
    assert_eq!(app.list_len(Pane::Strikes), kharkiv);
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.filter(Pane::Strikes), "");
    assert_eq!(app.list_len(Pane::Strikes), all);
    // A search filters only the focused pane.
    key(&mut app, KeyCode::Char('1'));
    key(&mut app, KeyCode::Char('/'));
    chars(&mut app, "zzz-nothing");
    assert_eq!(app.list_len(Pane::Calendar), 0);
    assert_eq!(app.filter(Pane::Strikes), "");
    assert_eq!(app.list_len(Pane::Strikes), all);
    key(&mut app, KeyCode::Esc);
    assert!(app.list_len(Pane::Calendar) > 0);
}

#[test]
fn search_reaches_every_text_field() {
    let mut app = example_app();
    key(&mut app, KeyCode::Char('2'));
    key(&mut app, KeyCode::Char('/'));
    // A word only in a position text (Russia on security guarantees).
    chars(&mut app, "foreign troops");
    assert_eq!(app.selected_id(Pane::Issues), Some("security-guarantees"));
}

#[test]
fn detail_opens_steps_and_closes() {
    let mut app = example_app();
    key(&mut app, KeyCode::Char('2'));
    key(&mut app, KeyCode::Enter);
    let detail = app.detail().expect("detail is open");
    assert_eq!(
        (detail.kind, detail.id.as_str()),
        (Kind::Issue, "security-guarantees")
    );
    assert!(!detail.gone);
    key(&mut app, KeyCode::Down);
    assert_eq!(
        app.detail().unwrap().id,
        "territory",
        "↓ steps to the next record"
    );
    assert_eq!(app.selected_id(Pane::Issues), Some("territory"));
    key(&mut app, KeyCode::Esc);
    assert!(app.detail().is_none());
    assert_eq!(
        key(&mut app, KeyCode::Esc),
        Effect::None,
        "nothing left to close"
    );
}

#[test]
fn pages_open_and_close() {
    let mut app = example_app();
    key(&mut app, KeyCode::Char('?'));
    assert_eq!(app.page(), Some(Page::Help));
    key(&mut app, KeyCode::Char('?'));
    assert_eq!(app.page(), None);
    key(&mut app, KeyCode::Char('p'));
    assert_eq!(app.page(), Some(Page::Problems));
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.page(), None);
    key(&mut app, KeyCode::Char('c'));
    assert_eq!(app.page(), Some(Page::Changes));
}

#[test]
fn quit_suspend_reload() {
    let mut app = example_app();
    assert_eq!(key(&mut app, KeyCode::Char('q')), Effect::Quit);
    assert_eq!(ctrl(&mut app, 'c'), Effect::Quit);
    assert_eq!(ctrl(&mut app, 'z'), Effect::Suspend);
    assert_eq!(key(&mut app, KeyCode::Char('r')), Effect::ReloadAll);
    assert_eq!(key(&mut app, KeyCode::Char('x')), Effect::None);
}

#[test]
fn t_cycles_the_display_zone() {
    let mut app = example_app();
    let first = screen(&mut app, 120, 40);
    assert!(first.contains("Calendar 14 · UTC"), "{first}");
    // UTC (the start) → local → Kyiv → Moscow → New York → back to UTC.
    let mut seen = Vec::new();
    for _ in 0..6 {
        key(&mut app, KeyCode::Char('t'));
        seen.push(app.zone().short_name(app.now()));
    }
    assert!(seen.contains(&"EET".to_string()), "{seen:?}");
    assert!(seen.contains(&"MSK".to_string()), "{seen:?}");
    assert!(seen.contains(&"EST".to_string()), "{seen:?}");
    while app.zone().short_name(app.now()) != "MSK" {
        key(&mut app, KeyCode::Char('t'));
    }
    let moscow = screen(&mut app, 120, 40);
    assert!(moscow.contains("now 15:00 MSK"), "{moscow}");
}

#[test]
fn rebound_keys_work_and_the_footer_says_so() {
    let config =
        sitboard::config::Config::parse("c.toml", "[keys]\nzoom = \"f\"\nquit = \"x\"\n").unwrap();
    let mut app = App::with_store(
        true,
        common::store_of(EXAMPLE),
        sitboard::clock::Clock::Frozen(common::reference_now()),
        config,
        common::options(),
    );
    key(&mut app, KeyCode::Char('f'));
    assert!(app.zoomed());
    assert_eq!(key(&mut app, KeyCode::Char('q')), Effect::None);
    assert_eq!(key(&mut app, KeyCode::Char('x')), Effect::Quit);
    let text = screen(&mut app, 120, 40);
    assert!(text.contains("f zoom"), "{text}");
    assert!(text.contains("x quit"), "{text}");
}

const ISSUES: &str = "example/issues.toml";
const STRIKES: &str = "example/strikes.toml";

#[test]
fn selection_stays_on_its_record_when_records_move_or_arrive() {
    let mut app = example_app();
    key(&mut app, KeyCode::Char('3'));
    key(&mut app, KeyCode::Char('j'));
    key(&mut app, KeyCode::Char('j'));
    let id = app.selected_id(Pane::Strikes).unwrap().to_string();
    let before = app.pane_state(Pane::Strikes).selected;
    // A newer strike arrives at the top of the list: the selection follows its record.
    let added = format!(
        "{}\n[[strike]]\nid = \"S-NEW-1\"\ntime = 2026-01-21T11:30:00Z\noblast = \"Kyiv\"\ntarget = \"substation\"\n",
        example_text(STRIKES)
    );
    common::apply(&mut app, vec![file(STRIKES, &added)], vec![]);
    assert_eq!(app.selected_id(Pane::Strikes), Some(id.as_str()));
    assert_eq!(app.pane_state(Pane::Strikes).selected, before + 1);
    assert_eq!(app.id_at(Pane::Strikes, 0), Some("S-NEW-1"));
}

/// The board a reload replaced is handed over once (the runtime drops it off
/// the interface thread), whole, and the new board is the one shown.
#[test]
fn the_replaced_board_is_handed_over_once() {
    let mut app = example_app();
    assert!(app.take_replaced_board().is_none());
    let strikes_before = app.board().strikes.len();
    let added = format!(
        "{}\n[[strike]]\nid = \"S-NEW-1\"\ntime = 2026-01-21T11:30:00Z\noblast = \"Kyiv\"\ntarget = \"substation\"\n",
        example_text(STRIKES)
    );
    common::apply(&mut app, vec![file(STRIKES, &added)], vec![]);
    let replaced = app
        .take_replaced_board()
        .expect("the board the reload replaced");
    assert_eq!(replaced.strikes.len(), strikes_before);
    assert_eq!(app.board().strikes.len(), strikes_before + 1);
    assert!(app.take_replaced_board().is_none());
    assert_eq!(app.id_at(Pane::Strikes, 0), Some("S-NEW-1"));
}

#[test]
fn selection_survives_reordering_in_the_file() {
    let mut app = example_app();
    key(&mut app, KeyCode::Char('2'));
    key(&mut app, KeyCode::Char('j'));
    let id = app.selected_id(Pane::Issues).unwrap().to_string();
    // The same issues written in reverse order (each [[issue]] with its log).
    let text = example_text(ISSUES);
    let mut blocks: Vec<&str> = text.split("\n[[issue]]").collect();
    let head = blocks.remove(0);
    blocks.reverse();
    let reversed = format!("{head}\n[[issue]]{}", blocks.join("\n[[issue]]"));
    common::apply(&mut app, vec![file(ISSUES, &reversed)], vec![]);
    assert_eq!(app.selected_id(Pane::Issues), Some(id.as_str()));
    assert_eq!(app.pane_state(Pane::Issues).selected, 1);
    assert_eq!(
        app.changes().count(),
        0,
        "moving records inside a file is not a change"
    );
}

#[test]
fn removed_record_leaves_the_selection_nearby_and_the_detail_says_gone() {
    let mut app = example_app();
    key(&mut app, KeyCode::Char('2'));
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.detail().unwrap().id, "security-guarantees");
    // The issue disappears from its file.
    let text = example_text(ISSUES);
    let start = text.find("id = \"security-guarantees\"").unwrap();
    let block_start = text[..start].rfind("[[issue]]").unwrap();
    let block_end = text[start..]
        .find("\n[[issue]]\n")
        .map_or(text.len(), |e| start + e);
    let without = format!("{}{}", &text[..block_start], &text[block_end..]);
    common::apply(&mut app, vec![file(ISSUES, &without)], vec![]);
    let detail = app.detail().unwrap();
    assert!(detail.gone);
    let shown = screen(&mut app, 80, 24);
    assert!(
        shown.contains("issue \"security-guarantees\" is no longer on the board"),
        "{shown}"
    );
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.pane_state(Pane::Issues).selected, 0);
    assert_eq!(app.selected_id(Pane::Issues), Some("territory"));
    assert!(
        app.changes()
            .any(|c| c.text == "issue security-guarantees removed"),
        "{:?}",
        app.changes().collect::<Vec<_>>()
    );
}

#[test]
fn an_open_detail_follows_its_record() {
    let mut app = example_app();
    key(&mut app, KeyCode::Char('2'));
    key(&mut app, KeyCode::Char('j'));
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.detail().unwrap().id, "territory");
    let changed = example_text(ISSUES).replacen(
        "title = \"Territory and the occupied areas\"",
        "title = \"Territory: the line of contact\"",
        1,
    );
    common::apply(&mut app, vec![file(ISSUES, &changed)], vec![]);
    let shown = screen(&mut app, 80, 24);
    assert!(shown.contains("Territory: the line of contact"), "{shown}");
    assert!(
        shown.contains("~ changed since the previous load"),
        "{shown}"
    );
}

#[test]
fn a_status_change_is_listed_and_marked() {
    let mut app = example_app();
    let changed = example_text(ISSUES).replacen(
        "id = \"territory\"\ntitle = \"Territory and the occupied areas\"\nstatus = \"negotiating\"",
        "id = \"territory\"\ntitle = \"Territory and the occupied areas\"\nstatus = \"near-agreement\"",
        1,
    );
    assert_ne!(changed, example_text(ISSUES));
    common::apply(&mut app, vec![file(ISSUES, &changed)], vec![]);
    let texts: Vec<String> = app.changes().map(|c| c.text.clone()).collect();
    assert_eq!(
        texts,
        vec!["issue territory: status negotiating → near-agreement".to_string()]
    );
    let shown = screen(&mut app, 80, 24);
    assert!(
        shown.contains("12:00 issue territory: status negotiating → near-agreement"),
        "{shown}"
    );
    key(&mut app, KeyCode::Char('2'));
    let shown = screen(&mut app, 80, 24);
    assert!(
        shown.contains("~CRIT Territory"),
        "the row is marked:\n{shown}"
    );
}

#[test]
fn a_broken_edit_keeps_the_last_good_version() {
    let mut app = example_app();
    let issues = app.board().issues.len();
    common::apply(
        &mut app,
        vec![file(ISSUES, "[[issue]]\nid = \"x\"\nstatus = \"maybe\"\n")],
        vec![],
    );
    assert_eq!(app.board().issues.len(), issues);
    assert!(app.board().has_errors());
    assert_eq!(app.changes().count(), 0);
    let shown = screen(&mut app, 80, 24);
    assert!(shown.contains("error"), "{shown}");
}

#[test]
fn a_removed_file_takes_its_records_away() {
    let mut app = example_app();
    common::apply(
        &mut app,
        Vec::<common::Update>::new(),
        vec![std::path::PathBuf::from(STRIKES)],
    );
    assert_eq!(app.board().strikes.len(), 0);
    assert_eq!(app.list_len(Pane::Strikes), 0);
    key(&mut app, KeyCode::Char('3'));
    key(&mut app, KeyCode::Enter);
    assert!(app.detail().is_none(), "nothing to open");
}

#[test]
fn the_first_load_is_not_a_change() {
    let mut app = common::app_with(sitboard::load::Store::new(), false, common::options());
    // A note from the runtime arrives first (as when the watcher falls back to polling).
    app.on_loading(sitboard::app::LoadProgress {
        done: 0,
        total: 4,
        bytes_done: 0,
        bytes_total: 0,
    });
    app.on_note(sitboard::app::NoteFrom::Watcher, Some("polling".into()));
    assert!(app.loading().is_some(), "the load is still running");
    let files = EXAMPLE.iter().map(|(n, t)| file(n, t)).collect();
    common::apply(&mut app, files, vec![]);
    assert_eq!(app.changes().count(), 0);
    assert_eq!(
        app.selected_id(Pane::Calendar),
        Some("davos-ua-talks"),
        "opens at now once data arrives"
    );
}

#[test]
fn the_mouse_focuses_and_scrolls() {
    use crossterm::event::{MouseButton, MouseEvent, MouseEventKind};
    let mut app = example_app();
    screen(&mut app, 200, 60);
    let click = |column, row| MouseEvent {
        kind: MouseEventKind::Down(MouseButton::Left),
        column,
        row,
        modifiers: KeyModifiers::NONE,
    };
    // The Issues pane is the middle column at 200 columns: its border is at y=2,
    // the column names at y=3, the first issue at y=4 and 5 (every issue takes
    // two rows when all fit so, long titles wrapping), the second at y=6.
    app.on_mouse(click(100, 7));
    assert_eq!(app.focus(), Pane::Issues);
    assert_eq!(app.pane_state(Pane::Issues).selected, 1);
    app.on_mouse(MouseEvent {
        kind: MouseEventKind::ScrollDown,
        ..click(100, 7)
    });
    assert_eq!(app.pane_state(Pane::Issues).selected, 4);
}

#[test]
fn on_files_takes_loader_sources() {
    use sitboard::app::FileUpdate;
    use sitboard::load::{LoadedFile, Source};
    let mut app = example_app();
    key(&mut app, KeyCode::Char('2'));
    key(&mut app, KeyCode::Char('j'));
    let changed = example_text(ISSUES).replacen("progress = 30", "progress = 35", 1);
    let source = Source {
        path: ISSUES.into(),
        display: ISSUES.into(),
    };
    let effect = app.on_files(FileUpdate::complete(
        vec![LoadedFile::new(
            source,
            (common::parse(ISSUES, &changed), None),
        )],
        vec![],
    ));
    assert_eq!(effect, Effect::Redraw);
    assert_eq!(app.selected_id(Pane::Issues), Some("territory"));
    let texts: Vec<&str> = app.changes().map(|c| c.text.as_str()).collect();
    assert_eq!(texts, vec!["issue territory: progress 30% → 35%"]);
}

/// The example board as the loader hands it over in parts: the calendar split
/// in two files (the first holds only past events), then issues and board,
/// and the strikes last, as a large file would come.
fn example_in_parts() -> Vec<Vec<(&'static str, String)>> {
    let calendar = example_text("example/calendar.toml");
    let split = calendar
        .find("\n[[event]]\nid = \"grid-donors-call\"")
        .expect("the example calendar has the donors' call");
    vec![
        vec![("example/calendar-past.toml", calendar[..split].to_string())],
        vec![
            ("example/board.toml", example_text("example/board.toml")),
            ("example/calendar.toml", calendar[split..].to_string()),
            ("example/issues.toml", example_text(ISSUES)),
        ],
        vec![(STRIKES, example_text(STRIKES))],
    ]
}

fn part(files: &[(&str, String)]) -> Vec<common::Update> {
    files.iter().map(|(name, text)| file(name, text)).collect()
}

#[test]
fn a_first_load_in_parts_is_not_a_change_but_a_later_edit_is() {
    let mut app = common::app_with(sitboard::load::Store::new(), false, common::options());
    app.on_loading(sitboard::app::LoadProgress {
        done: 0,
        total: 5,
        bytes_done: 0,
        bytes_total: 60_000,
    });
    let parts = example_in_parts();
    common::apply_part(&mut app, part(&parts[0]), vec![], true);
    common::apply_part(&mut app, part(&parts[1]), vec![], true);
    // The calendar and issues are on screen while the strikes still load.
    let shown = screen(&mut app, 200, 50);
    assert!(shown.contains("Davos"), "{shown}");
    assert!(shown.contains("Territory"), "{shown}");
    assert!(shown.contains("Loading strike reports"), "{shown}");
    assert!(
        shown.contains("loading"),
        "the header shows progress:\n{shown}"
    );
    assert_eq!(
        app.selected_id(Pane::Calendar),
        Some("davos-ua-talks"),
        "opens on the next event, which came in the second part"
    );

    common::apply_part(&mut app, part(&parts[2]), vec![], false);
    assert!(app.loading().is_none(), "the last part ends the load");
    assert!(app.list_len(Pane::Strikes) > 0);
    assert_eq!(
        app.changes().map(|c| c.text.clone()).collect::<Vec<_>>(),
        Vec::<String>::new(),
        "records loaded for the first time are not changes"
    );
    assert_eq!(app.selected_id(Pane::Calendar), Some("davos-ua-talks"));
    let shown = screen(&mut app, 200, 50);
    assert!(
        !shown.contains("+CRIT") && !shown.contains("~CRIT"),
        "{shown}"
    );

    // An edit after the first load is a change, as always.
    let changed = example_text(ISSUES).replacen("progress = 30", "progress = 35", 1);
    common::apply_part(&mut app, vec![file(ISSUES, &changed)], vec![], false);
    let texts: Vec<&str> = app.changes().map(|c| c.text.as_str()).collect();
    assert_eq!(texts, vec!["issue territory: progress 30% → 35%"]);
    key(&mut app, KeyCode::Char('2'));
    let shown = screen(&mut app, 80, 24);
    assert!(shown.contains("~CRIT Territory"), "marked:\n{shown}");
}

#[test]
fn a_calendar_moved_during_the_first_load_stays_where_the_user_put_it() {
    let mut app = common::app_with(sitboard::load::Store::new(), false, common::options());
    let parts = example_in_parts();
    common::apply_part(&mut app, part(&parts[0]), vec![], true);
    // Only the forum (still running) and a past event so far: the forum is
    // selected; the user goes down one.
    assert_eq!(app.selected_id(Pane::Calendar), Some("wef-2026"));
    key(&mut app, KeyCode::Char('j'));
    assert_eq!(app.selected_id(Pane::Calendar), Some("davos-envoy-remarks"));
    common::apply_part(&mut app, part(&parts[1]), vec![], true);
    common::apply_part(&mut app, part(&parts[2]), vec![], false);
    assert_eq!(app.selected_id(Pane::Calendar), Some("davos-envoy-remarks"));
}

/// In the change list, ↑↓ select an entry and Enter opens its record (issue 17).
#[test]
fn enter_on_a_change_opens_its_record() {
    let mut app = example_app();
    let changed = example_text(ISSUES).replacen(
        "id = \"territory\"\ntitle = \"Territory and the occupied areas\"\nstatus = \"negotiating\"",
        "id = \"territory\"\ntitle = \"Territory and the occupied areas\"\nstatus = \"near-agreement\"",
        1,
    );
    common::apply(&mut app, vec![file(ISSUES, &changed)], vec![]);
    key(&mut app, KeyCode::Char('c'));
    assert_eq!(app.page(), Some(Page::Changes));
    let shown = screen(&mut app, 120, 40);
    assert!(
        shown.contains("issue territory: status negotiating → near-agreement"),
        "{shown}"
    );
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.page(), None);
    let detail = app.detail().expect("a detail is open");
    assert_eq!(
        (detail.kind, detail.id.as_str()),
        (Kind::Issue, "territory")
    );
    let shown = screen(&mut app, 120, 40);
    assert!(
        shown.contains("Territory and the occupied areas"),
        "{shown}"
    );
    assert!(shown.contains("near-agreement"), "{shown}");
}

/// One step of an update: a file read (name, text), or a file gone.
type Step<'a> = (Option<(&'a str, &'a str)>, Option<&'a str>);

/// The reload worker merges the board off the interface thread and the App
/// swaps it in; an App that merges by itself shows exactly the same: screens,
/// the change list and the problems, through additions, a broken save, its
/// fix and a removed file.
#[test]
fn a_board_merged_by_the_worker_shows_what_the_app_would_merge() {
    let mut swapped = example_app();
    let mut merged_here = example_app();
    let added = format!(
        "{}\n[[strike]]\nid = \"S-NEW-1\"\ntime = 2026-01-21T11:30:00Z\noblast = \"Kyiv\"\ntarget = \"substation\"\n",
        example_text(STRIKES)
    );
    let broken = format!("{}\n[[issue]]\nid = \"broken\n", example_text(ISSUES));
    let retitled = example_text(ISSUES).replacen("title = \"", "title = \"Renamed: ", 1);
    let steps: [Step; 4] = [
        (Some((STRIKES, &added)), None),
        (Some((ISSUES, &broken)), None),
        (Some((ISSUES, &retitled)), None),
        (None, Some(STRIKES)),
    ];
    for (step, (read, gone)) in steps.into_iter().enumerate() {
        let loaded = || {
            read.map(|(name, text)| file(name, text))
                .into_iter()
                .collect::<Vec<_>>()
        };
        let removed = || {
            gone.map(std::path::PathBuf::from)
                .into_iter()
                .collect::<Vec<_>>()
        };
        common::apply(&mut swapped, loaded(), removed());
        common::apply_unmerged(&mut merged_here, loaded(), removed());
        for (width, height) in [(80, 24), (200, 60)] {
            assert_eq!(
                screen(&mut swapped, width, height),
                screen(&mut merged_here, width, height),
                "step {step} at {width}x{height}"
            );
        }
        let changes = |app: &App| format!("{:?}", app.changes().collect::<Vec<_>>());
        assert_eq!(changes(&swapped), changes(&merged_here), "step {step}");
        let problems = |app: &App| format!("{:?}", app.problems());
        assert_eq!(problems(&swapped), problems(&merged_here), "step {step}");
    }
    // The steps really changed the board.
    assert!(swapped.changes().count() >= 2);
    assert!(swapped.board().strikes.is_empty());
}
