//! sitboard: a terminal situation board for teams that follow a fast-moving crisis.
//!
//! The data flows one way:
//! files → [`load`] (parse, validate, sanitise) → [`load::Store`] → [`load::Board`]
//! → the interface, the briefs and the exports.

pub mod app;
pub mod brief;
pub mod cli;
pub mod clock;
pub mod commands;
pub mod config;
pub mod example;
pub mod export;
pub mod layout;
pub mod load;
pub mod model;
pub mod pane;
pub mod reload;
pub mod runtime;
pub mod schema;
pub mod settings;
pub mod source;
pub mod term;
pub mod ui;
pub mod watch;
