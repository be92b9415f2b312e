//! `sitboard`: command-line parsing and dispatch only; each command lives in the library.

use std::process::ExitCode;

use clap::Parser;
use sitboard::cli::{Cli, Command, Export};

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        // The board itself: the terminal interface with live reload.
        None => sitboard::runtime::run(&cli.common, &cli.paths),
        Some(Command::Export(Export::Ics { common, paths })) => {
            ExitCode::from(sitboard::export::ics::run(&common, &paths))
        }
        Some(Command::Check { common, paths }) => {
            ExitCode::from(sitboard::check::run(&common, &paths))
        }
        Some(Command::Brief {
            common,
            format,
            paths,
        }) => sitboard::brief::run(&common, format, &paths),
        Some(Command::Schema) => ExitCode::from(sitboard::schema::run()),
        Some(Command::Init { dir }) => ExitCode::from(sitboard::init::run(&dir)),
    }
}
