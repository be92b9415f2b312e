//! `sitboard check [PATH]...`: validate the data files and report every problem.
//!
//! Prints one line per problem, `FILE:LINE:COL: error|warning: MESSAGE`, sorted by
//! file, line and column, then a summary line (docs/command-line.md#check). Exit
//! status: 0 when there is no error (warnings allowed), 1 when there is any, 2
//! when it could not run.

use std::io::{self, BufWriter, Write};
use std::path::PathBuf;

use super::{CANNOT_RUN, CLEAN, ERRORS};
use crate::model::problem::plural;
use crate::model::{Board, Problem, ProblemCount};
use crate::settings::Settings;

/// Runs the command on stdout and stderr; returns the exit status.
pub fn run(settings: &Settings, paths: &[PathBuf]) -> u8 {
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let status = run_to(settings, paths, &mut out, &mut io::stderr());
    // A closed pipe (`sitboard check | head`) is not worth a panic or a message.
    let _ = out.flush();
    status
}

/// Runs the command, writing the report to `out` and a could-not-run reason to `err`.
pub fn run_to(
    settings: &Settings,
    paths: &[PathBuf],
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    let Some((_, opened)) = super::open_board(settings, paths, err) else {
        return CANNOT_RUN;
    };
    let mut board = opened.store.merge(opened.clock.now());
    emptied_since_head(&opened, &mut board);
    check_map_file(&opened, &mut board);
    if let Some(as_of) = &opened.as_of {
        let c = &as_of.commit;
        let _ = writeln!(
            out,
            "as of {} · {} · {}",
            c.time.format("%Y-%m-%d %H:%M UTC"),
            c.short(),
            c.subject
        );
    }
    for problem in &board.problems {
        if writeln!(out, "{problem}").is_err() {
            break;
        }
    }
    // Notes: not problems, the exit status stays as it is.
    let notes = super::zone_notes::notes(&opened.store, &board);
    for note in &notes {
        if writeln!(out, "{}", crate::load::sanitize::line(note)).is_err() {
            break;
        }
    }
    // The config's alert rules were checked when it was read (a mistake
    // stopped the command with FILE:LINE:COL); say how many are in force.
    if let (Some(path), Ok((config, _))) = (
        settings.config.as_deref(),
        crate::source::config_and_zone(settings),
    ) {
        let _ = writeln!(
            out,
            "{}: {}",
            crate::load::sanitize::line(&path.display().to_string()),
            plural(config.alerts.len(), "alert rule")
        );
    }
    let mut line = summary(&board, opened.is_example());
    if !notes.is_empty() {
        line.push_str(&format!("; {}", plural(notes.len(), "note")));
    }
    let _ = writeln!(out, "{line}");
    let status = if board.has_errors() || board.problems.iter().any(Problem::is_error) {
        ERRORS
    } else {
        CLEAN
    };
    // The process ends right after: freeing 100,000 records one by one would only
    // delay the exit (tens of milliseconds on a large board).
    std::mem::forget(board);
    std::mem::forget(opened);
    status
}

/// `[board] map = "FILE"`: the map file's problems at its own `FILE:LINE:COL`;
/// when it reads, the strikes' oblast names are checked against its regions
/// instead of the built-in ones.
fn check_map_file(opened: &crate::source::Opened, board: &mut Board) {
    let Some(map) = board.meta.map.clone() else {
        return;
    };
    let display: std::sync::Arc<str> =
        crate::load::sanitize::line(&map.path.display().to_string()).into();
    match crate::app::map::read_map_file(&map.path) {
        Err(_) if !map.path.is_file() => board.problems.push(Problem::error(
            &map.named_in,
            map.pos,
            format!("board.map: cannot read the map file {display}"),
        )),
        Err(_) => {
            let text = std::fs::read_to_string(&map.path).unwrap_or_default();
            let errors = crate::geo::parse(&text, "map").err().unwrap_or_default();
            for e in errors {
                board.problems.push(Problem::error(
                    &display,
                    crate::model::SourcePos {
                        line: e.line,
                        col: e.col,
                    },
                    e.message,
                ));
            }
        }
        Ok(geo) => {
            board
                .problems
                .retain(|p| !crate::load::oblasts::is_unknown_oblast(p));
            let mut found = Vec::new();
            for path in opened.store.paths() {
                if let Some(records) = opened.store.good(path) {
                    let file = crate::load::discover::Source::new(path.to_path_buf()).display;
                    crate::load::oblasts::warn_unknown(&file, &geo, &records.strikes, &mut found);
                }
            }
            board.problems.extend(found);
        }
    }
    board.problems.sort_by(|a, b| {
        (&a.file, a.pos.line, a.pos.col, a.level).cmp(&(&b.file, b.pos.line, b.pos.col, b.level))
    });
}

/// Inside git, a data file that held records at HEAD and holds none now (a
/// truncated save, a broken pull) is a warning, as on the running board.
fn emptied_since_head(opened: &crate::source::Opened, board: &mut Board) {
    if opened.is_example() || opened.as_of.is_some() {
        return;
    }
    let empty: Vec<std::path::PathBuf> = opened
        .store
        .paths()
        .filter(|path| {
            opened
                .store
                .good(path)
                .is_some_and(|r| r.record_count() == 0)
        })
        .map(std::path::Path::to_path_buf)
        .collect();
    if empty.is_empty() {
        return;
    }
    let Ok(mut history) = crate::history::History::open(&opened.roots) else {
        return;
    };
    for path in empty {
        let Some((held, head)) = history.records_at_head(&path).filter(|(n, _)| *n > 0) else {
            continue;
        };
        let display = crate::load::discover::Source::new(path).display;
        board.problems.push(Problem::warning(
            &display,
            crate::model::SourcePos { line: 1, col: 1 },
            format!(
                "this file held {} at HEAD ({head}) and now holds none (a truncated save or a broken pull?)",
                plural(held, "record")
            ),
        ));
    }
    board.problems.sort_by(|a, b| {
        (&a.file, a.pos.line, a.pos.col, a.level).cmp(&(&b.file, b.pos.line, b.pos.col, b.level))
    });
}

/// `3 files, 42 records: no problems`, `3 files: 2 errors, 1 warning; 1 file rejected`.
pub fn summary(board: &Board, example: bool) -> String {
    let count = ProblemCount::of(&board.problems);
    let files = plural(board.file_count, "file");
    let files = if example {
        format!("example board, {files}")
    } else {
        files
    };
    let records = plural(
        board.events.len() + board.issues.len() + board.strikes.len(),
        "record",
    );
    if count.errors > 0 {
        let mut rejected: Vec<&str> = board
            .problems
            .iter()
            .filter(|p| p.is_error())
            .map(|p: &Problem| p.file.as_ref())
            .collect();
        rejected.sort_unstable();
        rejected.dedup();
        format!(
            "{files}: {}; {} rejected",
            count.describe(),
            plural(rejected.len(), "file")
        )
    } else if count.warnings > 0 {
        format!("{files}, {records}: {}", count.describe())
    } else {
        format!("{files}, {records}: no problems")
    }
}
