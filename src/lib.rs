//! sitboard: a terminal situation board for teams that follow a fast-moving crisis.
//!
//! The data flows one way:
//! files → [`load`] (parse, validate, sanitise) → [`load::Store`] → [`load::Board`]
//! → the interface, the briefs and the exports.
//!
//! # The module map
//!
//! Dependencies point one way, from a higher layer to a lower one: a module may use
//! any module in a lower layer and none in its own or a higher one. The main line
//! is model ← load ← app ← ui ← runtime/commands ← main. `tests/layers.rs` reads
//! this table and fails on any `crate::` reference that points up or sideways, or
//! on a module that is missing here; `../shared/tools/modgraph.py src` prints the
//! same graph.
//!
//! | layer | module | owns |
//! |---|---|---|
//! | 0 | [`model`] | records, zones, problems, the figures every view derives; no I/O |
//! | 0 | [`geo`] | geography: the built-in map of Ukraine, map files, region names; no I/O |
//! | 1 | [`load`] | reading, parsing, validating and merging data files into a board |
//! | 1 | [`pane`] | the three panes as a type, and values kept per pane |
//! | 1 | [`settings`] | what a command was asked for, as plain values |
//! | 1 | [`clock`] | "now": real, frozen (`--now`) or the example board's story time |
//! | 1 | [`config`] | the user config: keys, colours, poll, highlight, zone |
//! | 1 | [`term`] | the terminal: raw mode, alternate screen, restore, panics |
//! | 2 | [`layout`] | where each pane and strip goes for a screen size |
//! | 2 | [`watch`] | noticing changed files (notify plus a poll) |
//! | 2 | [`example`] | the example board compiled into the binary |
//! | 2 | [`schema`] | the JSON Schema, from the loader's key table |
//! | 2 | [`brief`] | briefs as text, Markdown, JSON: a board in, text out |
//! | 2 | [`export`] | iCalendar export |
//! | 2 | [`alert`] | alert rules matched against changes; what each action sends |
//! | 2 | [`history`] | the data's history from git: boards at commits, changes between them |
//! | 2 | [`seen`] | what each viewer has seen: the state file |
//! | 2 | [`import`] | CSV exports (Air Force, ACLED) into `[[strike]]` TOML |
//! | 3 | [`app`] | the board's state and every state change; never draws |
//! | 3 | [`reload`] | reading files off the interface thread |
//! | 3 | [`source`] | where a command's data comes from; why it could not run |
//! | 4 | [`ui`] | drawing: a pure function of the app's state |
//! | 5 | [`commands`] | `check`, `brief`, `export ics`, `schema`, `init`, `import` |
//! | 5 | [`cli`] | the command line, turned into [`settings`] before commands see it |
//! | 6 | [`runtime`] | the running board: threads, messages, the event loop |

pub mod alert;
pub mod app;
pub mod brief;
pub mod cli;
pub mod clock;
pub mod commands;
pub mod config;
pub mod example;
pub mod export;
pub mod geo;
pub mod history;
pub mod import;
pub mod layout;
pub mod load;
pub mod model;
pub mod pane;
pub mod reload;
pub mod runtime;
pub mod schema;
pub mod seen;
pub mod settings;
pub mod source;
pub mod term;
pub mod ui;
pub mod watch;
