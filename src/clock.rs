//! The board's clock: real time, frozen (`--now`), or the example board's story time.
//!
//! Everything that depends on "now" takes the instant from here as a value, so
//! drawing and briefs are pure functions of state and tests can pin the time.

use std::time::Instant;

use chrono::{DateTime, Duration, Utc};

/// Where "now" comes from.
#[derive(Clone, Copy, Debug)]
pub enum Clock {
    /// The system clock.
    Real,
    /// `--now`: frozen at one instant.
    Frozen(DateTime<Utc>),
    /// The example board: starts at a reference instant inside its story and runs
    /// on from there, so countdowns mean something and the clocks still tick.
    Story {
        start: DateTime<Utc>,
        since: Instant,
    },
}

impl Clock {
    /// A clock that starts at `start` and runs at real speed.
    pub fn story(start: DateTime<Utc>) -> Clock {
        Clock::Story {
            start,
            since: Instant::now(),
        }
    }

    pub fn now(&self) -> DateTime<Utc> {
        match self {
            Clock::Real => Utc::now(),
            Clock::Frozen(at) => *at,
            Clock::Story { start, since } => {
                let elapsed = Duration::from_std(since.elapsed()).unwrap_or_default();
                *start + elapsed
            }
        }
    }

    /// True when time does not move (nothing needs a minute tick).
    pub fn is_frozen(&self) -> bool {
        matches!(self, Clock::Frozen(_))
    }
}
