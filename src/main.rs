//! `sitboard`: reads the command line into plain values and starts the command;
//! every command lives in the library.

use std::process::ExitCode;

use sitboard::cli::{Cli, Command, Export};
use sitboard::commands;

fn main() -> ExitCode {
    let cli = match Cli::read() {
        Ok(cli) => cli,
        Err(status) => return ExitCode::from(status),
    };
    let status = match cli.command {
        // The board itself: the terminal interface with live reload.
        None => sitboard::runtime::run(&cli.board_settings(), &cli.paths),
        Some(Command::Present { common, paths }) => sitboard::runtime::run(
            &sitboard::settings::Settings {
                present: true,
                ..common.settings()
            },
            &paths,
        ),
        Some(Command::Export(Export::Ics { common, paths })) => {
            commands::export_ics::run(&common.settings(), &paths)
        }
        Some(Command::Check { common, paths }) => commands::check::run(&common.settings(), &paths),
        Some(Command::Brief {
            common,
            format,
            since,
            no_problems,
            full,
            paths,
        }) => commands::brief::run(
            &common.settings_since(&since),
            format.into(),
            commands::brief::Extras { no_problems, full },
            &paths,
        ),
        Some(Command::Schema) => commands::schema::run(),
        Some(Command::Init { dir }) => commands::init::run(&dir),
        Some(command @ Command::Import { .. }) => match command.import_request() {
            Some(request) => commands::import::run(&request),
            None => commands::CANNOT_RUN,
        },
    };
    ExitCode::from(status)
}
