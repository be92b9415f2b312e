//! The changes listed when a returning viewer's board starts, worked out
//! beside the first load (docs/performance.md#merge-off-the-interface-thread):
//! the first load's last part is applied at once, and the list and its marks
//! follow when the work comes back.

mod common;

use chrono::Utc;
use common::{EXAMPLE, app_with, file, options};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use sitboard::app::since::Since;
use sitboard::model::Kind;
use sitboard::seen::{self, SeenState};

/// What the state file remembers of the example board, except the strike
/// `forgotten` (so it reads as added) and with the issue `altered` remembered
/// with another hash (so it reads as changed).
fn state(forgotten: &str, altered: &str) -> SeenState {
    let board = sitboard::example::store().merge(Utc::now());
    let mut state = seen::next_state(None, &[], &board, &[], None);
    assert!(
        state
            .records
            .remove(format!("strike:{forgotten}").as_str())
            .is_some()
    );
    let hash = state
        .records
        .get_mut(format!("issue:{altered}").as_str())
        .expect("the example board has this issue");
    *hash ^= 1;
    state
}

fn example_files() -> Vec<common::Update> {
    EXAMPLE
        .iter()
        .map(|(name, text)| file(name, text))
        .collect()
}

fn first_strike_and_issue() -> (String, String) {
    let board = sitboard::example::store().merge(Utc::now());
    (board.strikes[0].id.to_string(), board.issues[0].id.clone())
}

/// A board before its first load, for a viewer whose state file forgot
/// `strike` and remembers `issue` otherwise.
fn returning_viewer(strike: &str, issue: &str) -> sitboard::app::App {
    let mut app = app_with(sitboard::load::Store::new(), false, options());
    app.set_seen(Some(state(strike, issue)));
    app.set_start(Some(Since::LastSeen));
    app
}

#[test]
fn the_first_load_ends_at_once_and_the_changes_follow() {
    let (strike, issue) = first_strike_and_issue();
    let mut app = returning_viewer(&strike, &issue);
    app.defer_changes();

    common::apply(&mut app, example_files(), vec![]);
    // The board is there; the changes are not worked out yet, and what the
    // viewer has seen is not known (the state file is not written meanwhile).
    assert!(app.loaded_once());
    let example = sitboard::example::store().merge(Utc::now());
    assert_eq!(app.board().strikes.len(), example.strikes.len());
    assert!(app.changes_pending());
    assert_eq!(app.unseen_count(), 0);
    assert_eq!(app.changes().count(), 0);

    let work = app.take_changes_work().expect("the work is handed out");
    assert!(app.take_changes_work().is_none(), "once");
    // As the runtime does it: on a thread of its own.
    let found = std::thread::spawn(move || work.run()).join().unwrap();
    app.on_changes_found(found);

    assert!(!app.changes_pending());
    assert_eq!(app.unseen_count(), 2);
    assert!(app.mark(Kind::Strike, &strike).is_some());
    assert!(app.mark(Kind::Issue, &issue).is_some());
    let texts: Vec<&str> = app.changes().map(|c| c.text.as_str()).collect();
    assert_eq!(texts.len(), 2, "{texts:?}");
    // Only the records just marked are remembered for the state file.
    let kept: Vec<&str> = app
        .seen()
        .expect("the state")
        .records
        .keys()
        .map(|k| &**k)
        .collect();
    assert_eq!(kept, [format!("issue:{issue}")]);
}

#[test]
fn without_deferring_the_changes_are_there_when_the_first_load_ends() {
    let (strike, issue) = first_strike_and_issue();
    let mut app = returning_viewer(&strike, &issue);

    common::apply(&mut app, example_files(), vec![]);
    assert!(!app.changes_pending());
    assert!(app.take_changes_work().is_none());
    assert_eq!(app.unseen_count(), 2);
}

#[test]
fn a_since_outside_git_is_a_note_when_the_work_comes_back() {
    let mut app = app_with(sitboard::load::Store::new(), false, options());
    app.set_start(Some(Since::Asked("yesterday".into())));
    app.defer_changes();
    common::apply(&mut app, example_files(), vec![]);
    let work = app.take_changes_work().expect("the work is handed out");
    app.on_changes_found(work.run());
    // The note is a warning in the problems list.
    app.on_key(KeyEvent::new(KeyCode::Char('p'), KeyModifiers::NONE));
    let screen = common::screen(&mut app, 120, 40);
    assert!(
        screen.contains("changes since: the data is not in a git repository"),
        "{screen}"
    );
    assert_eq!(app.unseen_count(), 0);
}
