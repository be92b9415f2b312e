//! How far a page or a record's detail is scrolled.
//!
//! Their lines are built while drawing (they depend on the width and the theme),
//! so the state does not know how long they are. The drawing reports the length
//! it found, the way ratatui's `StatefulWidget`s write their offset back into
//! their state and gitui's `VerticalScroll` keeps its `max_top` in a `Cell`; the
//! next key stops at the end by it. Before the first frame the length is
//! unknown, and the drawing shows the end of a page scrolled past it.

use std::cell::Cell;

/// A scroll position and the length of what it scrolls, as last drawn.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Scroll {
    top: usize,
    drawn_len: Cell<Option<usize>>,
}

impl Scroll {
    /// The first line to show, never past the last page (as far as is known).
    pub fn top(&self, height: usize) -> usize {
        match self.drawn_len.get() {
            Some(len) => self.top.min(len.saturating_sub(height)),
            None => self.top,
        }
    }

    /// The drawing says how many lines there are (see the module docs).
    pub fn drawn(&self, len: usize) {
        self.drawn_len.set(Some(len));
    }

    /// How many lines the page had when last drawn.
    pub fn drawn_len(&self) -> Option<usize> {
        self.drawn_len.get()
    }

    /// Moves by `delta` lines (negative: up), stopping at the top and at the
    /// last page of `height` lines.
    pub fn by(&mut self, delta: isize, height: usize) {
        let top = self.top(height);
        let moved = top.saturating_add_signed(delta);
        self.top = match self.drawn_len.get() {
            Some(len) => moved.min(len.saturating_sub(height)),
            None => moved,
        };
    }

    /// Scrolls as little as needed for `line` to be among the `height` shown.
    pub fn show(&mut self, line: usize, height: usize) {
        let top = self.top(height);
        if line < top {
            self.top = line;
        } else if line >= top + height.max(1) {
            self.top = line + 1 - height.max(1);
        }
    }

    pub fn to_top(&mut self) {
        self.top = 0;
    }

    pub fn to_bottom(&mut self, height: usize) {
        self.top = match self.drawn_len.get() {
            Some(len) => len.saturating_sub(height),
            None => usize::MAX / 2,
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scrolling_stops_at_both_ends_once_the_length_is_drawn() {
        let mut scroll = Scroll::default();
        scroll.drawn(30);
        scroll.by(25, 10);
        assert_eq!(scroll.top(10), 20, "the last page starts at 20");
        scroll.by(-9, 10);
        assert_eq!(scroll.top(10), 11, "one key up from the end moves at once");
        scroll.to_bottom(10);
        assert_eq!(scroll.top(10), 20);
        scroll.by(-100, 10);
        assert_eq!(scroll.top(10), 0);
    }

    #[test]
    fn a_page_that_got_shorter_still_shows_its_end() {
        let mut scroll = Scroll::default();
        scroll.drawn(100);
        scroll.to_bottom(10);
        scroll.drawn(12);
        assert_eq!(scroll.top(10), 2);
    }
}
