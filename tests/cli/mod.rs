//! Running the real `sitboard` binary from CLI tests.

use std::process::{Command, Output};

/// Runs `sitboard ARGS...` to the end, with `$SITBOARD_DATA` unset so the
/// machine's environment cannot change which board a test reads.
pub fn sitboard(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sitboard"))
        .args(args)
        .env_remove("SITBOARD_DATA")
        .output()
        .expect("the sitboard binary runs")
}
