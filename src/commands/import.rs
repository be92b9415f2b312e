//! `sitboard import FORMAT CSV [--out FILE]`: a CSV export as `[[strike]]` TOML on
//! stdout or in FILE, with a summary on stderr (docs/command-line.md#import).

use std::io::Write;
use std::path::Path;

use super::{CANNOT_RUN, CLEAN};
use crate::import::keywords::Keywords;
use crate::import::{self, Options, Request};
use crate::source::CannotRun;

/// Runs the import; 0 when it ran (skipped rows are reported, not errors), 2 when
/// it could not (unreadable file, not the format, output not writable).
pub fn run(request: &Request) -> u8 {
    let mut stderr = std::io::stderr();
    match import_to_output(request, &mut stderr) {
        Ok(()) => CLEAN,
        Err(why) => {
            why.report(&mut stderr);
            CANNOT_RUN
        }
    }
}

fn import_to_output(request: &Request, err: &mut dyn Write) -> Result<(), CannotRun> {
    let shown = request.csv.display().to_string();
    let bytes = std::fs::read(&request.csv)
        .map_err(|e| CannotRun::Other(format!("{shown}: cannot be read: {e}")))?;
    let keywords = match &request.keywords {
        None => None,
        Some(path) => {
            let text = std::fs::read_to_string(path).map_err(|e| {
                CannotRun::Other(format!("{}: cannot be read: {e}", path.display()))
            })?;
            Some(Keywords::parse(&text).map_err(|e| {
                CannotRun::Other(format!("{}: not a keywords file: {e}", path.display()))
            })?)
        }
    };
    let options = Options {
        all: request.all,
        keywords,
    };
    let imported = import::import(request.format, &shown, &bytes, &options)
        .map_err(|e| CannotRun::Other(e.to_string()))?;
    let name = request
        .csv
        .file_name()
        .map_or_else(|| shown.clone(), |n| n.to_string_lossy().into_owned());
    let toml = import::to_toml(request.format, &name, &imported.strikes);
    if let Some(out) = &request.out {
        write_file(out, &toml)?;
    } else {
        let mut stdout = std::io::stdout().lock();
        if let Err(e) = stdout
            .write_all(toml.as_bytes())
            .and_then(|()| stdout.flush())
        {
            // A closed pipe (`| head`) is the reader's choice.
            if e.kind() != std::io::ErrorKind::BrokenPipe {
                return Err(CannotRun::Other(format!("writing the records: {e}")));
            }
        }
    }
    let _ = write!(err, "{}", imported.summary(request.format));
    Ok(())
}

/// Writes `text` to `path` through a file beside it and a rename, so a reader
/// (the board watching the directory) never sees half a file.
fn write_file(path: &Path, text: &str) -> Result<(), CannotRun> {
    let cannot =
        |e: std::io::Error| CannotRun::Other(format!("{}: cannot be written: {e}", path.display()));
    let name = path
        .file_name()
        .map_or_else(|| "import".into(), |n| n.to_string_lossy().into_owned());
    // A dot name ending in `.tmp`: not a data file, so the board ignores it.
    let temp = path.with_file_name(format!(".{name}.{}.tmp", std::process::id()));
    std::fs::write(&temp, text).map_err(cannot)?;
    std::fs::rename(&temp, path).map_err(|e| {
        let _ = std::fs::remove_file(&temp);
        cannot(e)
    })
}
