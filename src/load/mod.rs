//! Loading: find data files, parse and validate one file at a time, keep the store.
//!
//! ```text
//!  PATH... ──► discover ──► read + parse (pure: path, bytes → records | problems)
//!                                   │  one file at a time, any thread
//!                                   ▼
//!                                store (last good version per file) ──► merge ──► Board
//! ```

pub mod problem;
pub mod store;

pub use problem::{Level, Problem, ProblemCount};
pub use store::{Board, FileRecords, Parsed, Store};
