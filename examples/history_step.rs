//! One step of the history view, timed in-process (docs/performance.md#history-benchmarks):
//! the board loaded from DATA (inside a git repository), the history page read
//! once, then the whole board stepped back and forward between commits already
//! visited with the `older` and `newer` actions, each step timed with the frame
//! it asks for (drawn at 120x40 on a test backend).
//!
//! ```text
//! history_step [--now TIME] [--steps N] DATA
//! ```

use std::path::PathBuf;
use std::time::{Duration, Instant};

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use sitboard::app::{Action, App, DisplayTz, Options};
use sitboard::clock::Clock;
use sitboard::config::Config;
use sitboard::history::History;

fn main() {
    let mut args = std::env::args().skip(1);
    let mut now = None;
    let mut steps = 20usize;
    let mut data = None;
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--now" => now = args.next(),
            "--steps" => steps = args.next().and_then(|s| s.parse().ok()).unwrap_or(steps),
            _ => data = Some(PathBuf::from(arg)),
        }
    }
    let Some(data) = data else {
        eprintln!("usage: history_step [--now TIME] [--steps N] DATA");
        std::process::exit(2);
    };
    let now = now
        .and_then(|t| chrono::DateTime::parse_from_rfc3339(&t).ok())
        .map_or_else(chrono::Utc::now, |t| t.with_timezone(&chrono::Utc));
    let roots = vec![data];
    let sources = sitboard::load::discover(&roots).expect("the data can be read");
    let store = sitboard::load::load_all(&sources);
    let history = History::open(&roots).expect("the data is in git");
    let options = Options {
        color: true,
        ascii: false,
        display_tz: DisplayTz::Zone(chrono_tz::UTC),
    };
    let mut app = App::with_store(false, store, Clock::Frozen(now), Config::default(), options);
    app.set_history(history);
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).expect("test terminal");
    app.on_resize(120, 40);

    // The first visit: the history page lists the commits and reads the changes
    // of the rows it shows.
    let started = Instant::now();
    app.act(Action::History);
    terminal
        .draw(|f| sitboard::ui::draw(f, &app))
        .expect("draw");
    let open = started.elapsed();
    app.act(Action::History);
    let commits = app.timeline().log.as_ref().map_or(0, Vec::len);

    // Visit `steps` commits back, then time stepping over them again.
    let started = Instant::now();
    for _ in 0..steps {
        app.act(Action::Older);
    }
    let first_visits = started.elapsed();
    let mut times: Vec<Duration> = Vec::new();
    for round in 0..2 {
        for _ in 0..steps.saturating_sub(1) {
            let started = Instant::now();
            app.act(if round == 0 {
                Action::Newer
            } else {
                Action::Older
            });
            terminal
                .draw(|f| sitboard::ui::draw(f, &app))
                .expect("draw");
            times.push(started.elapsed());
        }
    }
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let median = times.get(times.len() / 2).copied().unwrap_or_default();
    let max = times.last().copied().unwrap_or_default();
    println!("| history view ({commits} commits) | time |");
    println!("|---|---|");
    println!(
        "| open h the first time (lists the commits, reads the changes of the rows shown) | {:.1} ms |",
        ms(open)
    );
    println!(
        "| first visits, {steps} steps back (each reads and merges a board) | {:.1} ms per step |",
        ms(first_visits) / steps.max(1) as f64
    );
    println!(
        "| one step between visited commits, with its frame: median | {:.2} ms |",
        ms(median)
    );
    println!(
        "| the same, slowest of {} | {:.2} ms |",
        times.len(),
        ms(max)
    );
}
