//! `sitboard schema`: prints the JSON Schema of the data files, for editors.

use std::io::Write;

use super::{CANNOT_RUN, CLEAN};
use crate::schema::schema_text;
use crate::source::CannotRun;

/// Prints the schema; exit 0, or 2 when stdout cannot be written.
pub fn run() -> u8 {
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(schema_text().as_bytes())
        .and_then(|()| stdout.flush())
    {
        Ok(()) => CLEAN,
        Err(err) => {
            // A closed pipe (`sitboard schema | head`) is the reader's choice.
            if err.kind() != std::io::ErrorKind::BrokenPipe {
                CannotRun::Other(format!("writing the schema: {err}"))
                    .report(&mut std::io::stderr());
            }
            CANNOT_RUN
        }
    }
}
