//! The room's screens as insta snapshots (`tests/snapshots/`): every slide of
//! present mode at 80x24 and 200x60, the wall at 80x24, 120x40 and 200x60,
//! and an alert banner. Clock frozen at the example's reference instant,
//! times in UTC, as in `tests/snapshots.rs`.
//!
//! To review a change: `INSTA_UPDATE=always cargo test --test snapshots_room`.

mod common;

use common::{EXAMPLE, example_app, file, options, reference_now, screen, store_of};
use sitboard::app::{Action, App, Slide};
use sitboard::clock::Clock;
use sitboard::config::Config;

/// Present mode's slides of the example board, each drawn at `w`x`h`.
fn slides_at(w: u16, h: u16) -> Vec<(Slide, String)> {
    let mut app = example_app();
    app.act(Action::Present);
    let count = app.present().expect("present mode is on").slides.len();
    let mut out = Vec::new();
    for _ in 0..count {
        let present = app.present().expect("still presenting");
        let slide = present.slides[present.index].clone();
        out.push((slide, screen(&mut app, w, h)));
        app.act(Action::NextSlide);
    }
    out
}

#[test]
fn every_slide_of_present_mode() {
    for (w, h) in [(80, 24), (200, 60)] {
        let slides = slides_at(w, h);
        // Title, next 48 h, the example's 2 critical and 3 high issues, strikes, changes.
        assert_eq!(
            slides.len(),
            9,
            "{:?}",
            slides.iter().map(|s| &s.0).collect::<Vec<_>>()
        );
        for (i, (slide, text)) in slides.iter().enumerate() {
            let corner = format!("{}/{}", i + 1, slides.len());
            assert!(text.contains(&corner), "slide {i} has no {corner}:\n{text}");
            insta::assert_snapshot!(
                format!("present_{}_{w}x{h}", i + 1),
                text,
                &format!("{slide:?}")
            );
        }
    }
}

#[test]
fn present_mode_steps_both_ways_and_esc_returns() {
    let mut app = example_app();
    app.act(Action::Present);
    for action in [Action::NextSlide, Action::PageDown, Action::NextSlide] {
        app.act(action);
    }
    assert_eq!(app.present().map(|p| p.index), Some(3));
    app.act(Action::PrevSlide);
    app.act(Action::PageUp);
    assert_eq!(app.present().map(|p| p.index), Some(1));
    app.act(Action::PrevSlide);
    app.act(Action::PrevSlide);
    assert_eq!(
        app.present().map(|p| p.index),
        Some(0),
        "stops at the first"
    );
    app.act(Action::Back);
    assert!(app.present().is_none());
    assert!(screen(&mut app, 80, 24).contains("Calendar 14"));
}

/// The example board on a wall (`wall = true`, `rotate` as given).
fn wall_app(rotate: u64) -> App {
    let mut config =
        Config::parse("c.toml", &format!("wall = true\nrotate = {rotate}\n")).expect("wall config");
    config.highlight_for = chrono::Duration::hours(1);
    App::with_store(
        true,
        sitboard::example::store(),
        Clock::Frozen(reference_now()),
        config,
        options(),
    )
}

#[test]
fn the_wall() {
    for (w, h) in [(80, 24), (120, 40), (200, 60)] {
        let mut app = wall_app(0);
        let text = screen(&mut app, w, h);
        if w == 200 {
            // Issue titles too long for the column wrap instead of being cut.
            assert!(text.contains("│ CRIT Post-war security "), "{text}");
            assert!(text.contains("│      guarantees "), "{text}");
        }
        insta::assert_snapshot!(format!("wall_{w}x{h}"), text);
    }
    let mut app = wall_app(20);
    let first = screen(&mut app, 200, 60);
    assert!(first.contains("┏ Calendar 14"), "{first}");
    assert!(!first.contains("Issues 10"), "one pane at a time:\n{first}");
    app.on_rotate();
    let second = screen(&mut app, 200, 60);
    assert!(second.contains("┏ Issues 10"), "{second}");
    insta::assert_snapshot!("wall_rotating_issues_200x60", second);
}

#[test]
fn an_alert_banner_and_new_marks_on_the_wall() {
    let config = Config::parse(
        "c.toml",
        "wall = true\nrotate = 0\n[[alert]]\nname = \"Big outage\"\nwhen = \"strike\"\n\
         min_outage = 10000\n",
    )
    .expect("config");
    let mut app = App::with_store(
        false,
        store_of(&[EXAMPLE[0], EXAMPLE[3]]),
        Clock::Frozen(reference_now()),
        config,
        sitboard::app::Options {
            color: false,
            ..options()
        },
    );
    let strike = "\n[[strike]]\nid = \"S-9001\"\ntime = 2026-01-21T11:30:00Z\noblast = \"Kyiv\"\n\
                  target = \"substation\"\nfacility = \"Test substation\"\noutage_customers = 50000\n";
    let (name, text) = EXAMPLE[3];
    common::apply(
        &mut app,
        vec![file(name, &format!("{text}{strike}"))],
        vec![],
    );
    let text = screen(&mut app, 200, 60);
    assert!(
        text.contains("ALERT 12:00 Big outage: strike S-9001: Kyiv, substation (Test substation), 50000 without power"),
        "{text}"
    );
    assert!(text.contains("NEW Test"), "{text}");
    insta::assert_snapshot!("alert_banner_wall_no_color_200x60", text);
    // During a briefing too.
    app.act(Action::Present);
    let slide = screen(&mut app, 80, 24);
    assert!(
        slide
            .lines()
            .next()
            .is_some_and(|l| l.contains("ALERT 12:00 Big outage")),
        "{slide}"
    );
    app.act(Action::Back);
    app.act(Action::Dismiss);
    assert!(!screen(&mut app, 200, 60).contains("ALERT"));
}

#[test]
fn a_click_on_a_wrapped_title_selects_its_issue() {
    use crossterm::event::{KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
    let mut app = wall_app(0);
    let text = screen(&mut app, 200, 60);
    let y = text
        .lines()
        .position(|l| l.contains("│      occupied areas"))
        .expect("the second issue's title wraps");
    app.on_mouse(MouseEvent {
        kind: MouseEventKind::Down(MouseButton::Left),
        column: 100,
        row: u16::try_from(y).unwrap(),
        modifiers: KeyModifiers::NONE,
    });
    let selected = app
        .selected_id(sitboard::app::Pane::Issues)
        .map(str::to_string);
    let second = app
        .board()
        .issues
        .iter()
        .find(|i| i.title.starts_with("Territory"));
    assert_eq!(selected, second.map(|i| i.id.clone()));
}

#[test]
fn slides_and_the_wall_draw_at_every_size() {
    for (w, h) in [(240, 70), (120, 40), (40, 8), (39, 8), (20, 5), (1, 1)] {
        let mut app = example_app();
        app.act(Action::Present);
        let count = app.present().map_or(0, |p| p.slides.len());
        for i in 0..count {
            let text = screen(&mut app, w, h);
            if w >= 40 && h >= 8 {
                assert!(
                    text.contains(&format!("{}/{count}", i + 1)),
                    "{w}x{h}:\n{text}"
                );
            }
            app.act(Action::NextSlide);
        }
        for rotate in [0, 20] {
            let mut wall = wall_app(rotate);
            for _ in 0..4 {
                let text = screen(&mut wall, w, h);
                if w >= 40 && h >= 24 {
                    assert!(text.contains("UTC"), "{w}x{h}:\n{text}");
                }
                wall.on_rotate();
            }
        }
    }
}
