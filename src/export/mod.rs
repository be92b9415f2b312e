//! Exports: the board in the formats other tools read.
//!
//! `sitboard export ics` writes the diplomatic calendar as iCalendar (RFC 5545), so
//! analysts can subscribe to it or import it into the calendar client they already
//! live in.

pub mod ics;
