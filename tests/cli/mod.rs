//! Running the real `sitboard` binary from CLI tests.

use std::process::{Command, Output};

/// Runs `sitboard ARGS...` to the end, with `$SITBOARD_DATA` unset so the
/// machine's environment cannot change which board a test reads.
pub fn sitboard(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sitboard"))
        .args(args)
        .env_remove("SITBOARD_DATA")
        // No user config from the machine running the tests: a directory without
        // sitboard/config.toml in it.
        .env(
            "XDG_CONFIG_HOME",
            concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures"),
        )
        .output()
        .expect("the sitboard binary runs")
}
