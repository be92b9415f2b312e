//! `sitboard`: command-line parsing and dispatch only; each command lives in the library.

use std::process::ExitCode;

use clap::Parser;
use sitboard::cli::Cli;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        // The board itself: the terminal interface with live reload.
        None => sitboard::runtime::run(&cli.common, &cli.paths),
        Some(command) => {
            eprintln!("sitboard: {command:?} is not available in this build yet");
            ExitCode::from(2)
        }
    }
}
