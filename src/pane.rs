//! The board's three panes, and values kept once per pane.
//!
//! Everything the board keeps per pane (selection, search text, sorted lists,
//! rectangles on screen) is a [`PerPane`], indexed by [`Pane`], so no code
//! spells out the three panes where it means "each pane".

use std::ops::{Index, IndexMut};

use crate::model::Kind;

/// One of the three panes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Pane {
    Calendar,
    Issues,
    Strikes,
}

impl Pane {
    /// In the order the board shows them (left to right, top to bottom).
    pub const ALL: [Pane; 3] = [Pane::Calendar, Pane::Issues, Pane::Strikes];

    /// The pane's title, exactly as the screen names it.
    pub fn title(self) -> &'static str {
        match self {
            Pane::Calendar => "Calendar",
            Pane::Issues => "Issues",
            Pane::Strikes => "Strikes",
        }
    }

    /// Its place in [`Pane::ALL`] (0, 1, 2): the number key that focuses it is one more.
    pub fn index(self) -> usize {
        match self {
            Pane::Calendar => 0,
            Pane::Issues => 1,
            Pane::Strikes => 2,
        }
    }

    /// The pane `step` places after this one, round the three.
    #[must_use]
    pub fn after(self, step: usize) -> Pane {
        Pane::ALL[(self.index() + step) % Pane::ALL.len()]
    }

    /// The record kind the pane lists.
    pub fn kind(self) -> Kind {
        match self {
            Pane::Calendar => Kind::Event,
            Pane::Issues => Kind::Issue,
            Pane::Strikes => Kind::Strike,
        }
    }

    /// The pane that lists a record kind.
    pub fn of(kind: Kind) -> Pane {
        match kind {
            Kind::Event => Pane::Calendar,
            Kind::Issue => Pane::Issues,
            Kind::Strike => Pane::Strikes,
        }
    }
}

/// One value for each pane.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PerPane<T> {
    pub calendar: T,
    pub issues: T,
    pub strikes: T,
}

impl<T> PerPane<T> {
    /// A value for each pane, made by `make`.
    pub fn from_fn(mut make: impl FnMut(Pane) -> T) -> PerPane<T> {
        PerPane {
            calendar: make(Pane::Calendar),
            issues: make(Pane::Issues),
            strikes: make(Pane::Strikes),
        }
    }

    /// Each pane with its value, in [`Pane::ALL`] order.
    pub fn iter(&self) -> impl Iterator<Item = (Pane, &T)> {
        Pane::ALL.into_iter().map(move |pane| (pane, &self[pane]))
    }

    /// A new value for each pane from this one.
    pub fn map<U>(&self, mut f: impl FnMut(Pane, &T) -> U) -> PerPane<U> {
        PerPane::from_fn(|pane| f(pane, &self[pane]))
    }
}

impl<T> Index<Pane> for PerPane<T> {
    type Output = T;

    fn index(&self, pane: Pane) -> &T {
        match pane {
            Pane::Calendar => &self.calendar,
            Pane::Issues => &self.issues,
            Pane::Strikes => &self.strikes,
        }
    }
}

impl<T> IndexMut<Pane> for PerPane<T> {
    fn index_mut(&mut self, pane: Pane) -> &mut T {
        match pane {
            Pane::Calendar => &mut self.calendar,
            Pane::Issues => &mut self.issues,
            Pane::Strikes => &mut self.strikes,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn panes_step_round_and_map_to_their_kinds() {
        assert_eq!(Pane::Strikes.after(1), Pane::Calendar);
        assert_eq!(Pane::Calendar.after(2), Pane::Strikes);
        for pane in Pane::ALL {
            assert_eq!(Pane::of(pane.kind()), pane);
        }
        let mut counts = PerPane::from_fn(Pane::index);
        counts[Pane::Issues] += 10;
        assert_eq!(
            counts.iter().map(|(_, n)| *n).collect::<Vec<_>>(),
            vec![0, 11, 2]
        );
    }
}
