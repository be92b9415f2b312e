//! Colours and glyphs.
//!
//! Only the 16 ANSI colours are used (never RGB or 256-colour indexes), so the
//! terminal's own palette applies and light and dark terminals both read well.
//! With colour off every style loses its colours but keeps its modifiers (bold,
//! reversed, dim, crossed out), and every state is also written as a word or glyph.
//! With `ascii` every border and glyph is plain ASCII.

use ratatui::style::{Color, Modifier, Style};
use ratatui::symbols;

/// The 16 colour names the config accepts, plus `default` (the terminal's own).
pub const COLOUR_NAMES: &[&str] = &[
    "default",
    "black",
    "red",
    "green",
    "yellow",
    "blue",
    "magenta",
    "cyan",
    "gray",
    "darkgray",
    "lightred",
    "lightgreen",
    "lightyellow",
    "lightblue",
    "lightmagenta",
    "lightcyan",
    "white",
];

fn colour(name: &str) -> Option<Color> {
    Some(
        match name
            .to_ascii_lowercase()
            .replace(['_', '-', ' '], "")
            .as_str()
        {
            "default" | "reset" => Color::Reset,
            "black" => Color::Black,
            "red" => Color::Red,
            "green" => Color::Green,
            "yellow" => Color::Yellow,
            "blue" => Color::Blue,
            "magenta" => Color::Magenta,
            "cyan" => Color::Cyan,
            "gray" | "grey" => Color::Gray,
            "darkgray" | "darkgrey" => Color::DarkGray,
            "lightred" => Color::LightRed,
            "lightgreen" => Color::LightGreen,
            "lightyellow" => Color::LightYellow,
            "lightblue" => Color::LightBlue,
            "lightmagenta" => Color::LightMagenta,
            "lightcyan" => Color::LightCyan,
            "white" => Color::White,
            _ => return None,
        },
    )
}

/// What a colour means on the board; the config's `[theme]` sets them by name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// Titles, the focused pane's border, keys in the footer.
    Accent,
    /// Confirmed, agreed, held: settled things.
    Good,
    /// Tentative, postponed, near deadlines, warnings, stale data.
    Warn,
    /// Errors, critical priority, severe damage, outages.
    Bad,
    /// Past and cancelled things, secondary text.
    Muted,
    /// Records new or changed since the previous load.
    Changed,
    /// The now-marker in the calendar, strikes on the map.
    Now,
}

impl Role {
    pub const NAMES: &'static [&'static str] =
        &["accent", "good", "warn", "bad", "muted", "changed", "now"];

    pub fn parse(name: &str) -> Option<Role> {
        Some(match name {
            "accent" => Role::Accent,
            "good" => Role::Good,
            "warn" => Role::Warn,
            "bad" => Role::Bad,
            "muted" => Role::Muted,
            "changed" => Role::Changed,
            "now" => Role::Now,
            _ => return None,
        })
    }
}

/// A colour per role.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Palette {
    pub accent: Color,
    pub good: Color,
    pub warn: Color,
    pub bad: Color,
    pub muted: Color,
    pub changed: Color,
    pub now: Color,
}

impl Default for Palette {
    /// Colours that read on both light and dark backgrounds (no white or yellow
    /// text on its own, which vanishes on light terminals; dark gray is the one
    /// muted colour both keep visible).
    fn default() -> Self {
        Palette {
            accent: Color::Cyan,
            good: Color::Green,
            warn: Color::Magenta,
            bad: Color::Red,
            muted: Color::DarkGray,
            changed: Color::Blue,
            now: Color::Red,
        }
    }
}

impl Palette {
    /// Sets a role's colour by name; false when the name is not one of the 16.
    pub fn set(&mut self, role: Role, name: &str) -> bool {
        let Some(c) = colour(name) else { return false };
        *self.slot(role) = c;
        true
    }

    fn slot(&mut self, role: Role) -> &mut Color {
        match role {
            Role::Accent => &mut self.accent,
            Role::Good => &mut self.good,
            Role::Warn => &mut self.warn,
            Role::Bad => &mut self.bad,
            Role::Muted => &mut self.muted,
            Role::Changed => &mut self.changed,
            Role::Now => &mut self.now,
        }
    }

    fn get(&self, role: Role) -> Color {
        match role {
            Role::Accent => self.accent,
            Role::Good => self.good,
            Role::Warn => self.warn,
            Role::Bad => self.bad,
            Role::Muted => self.muted,
            Role::Changed => self.changed,
            Role::Now => self.now,
        }
    }
}

/// Styles and glyphs for one run: palette, colour on/off, ASCII on/off.
#[derive(Clone, Debug)]
pub struct Theme {
    pub palette: Palette,
    pub color: bool,
    pub ascii: bool,
}

impl Theme {
    /// Foreground in a role's colour (no colour when colour is off).
    pub fn fg(&self, role: Role) -> Style {
        if self.color {
            Style::new().fg(self.palette.get(role))
        } else {
            Style::new()
        }
    }

    /// A role's colour plus bold.
    pub fn strong(&self, role: Role) -> Style {
        self.fg(role).add_modifier(Modifier::BOLD)
    }

    /// Secondary text: the muted colour, or dim when colour is off.
    pub fn muted(&self) -> Style {
        if self.color {
            self.fg(Role::Muted)
        } else {
            Style::new().add_modifier(Modifier::DIM)
        }
    }

    /// The selected row: reversed works in every palette and without colour.
    pub fn selected(&self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }

    pub fn bold(&self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }

    /// Border of a pane: accent and bold when focused.
    pub fn border(&self, focused: bool) -> Style {
        if focused {
            self.strong(Role::Accent)
        } else {
            self.muted()
        }
    }

    /// Border glyphs: rounded lines, or `+-|` in ASCII mode.
    pub fn border_set(&self, focused: bool) -> symbols::border::Set<'static> {
        if self.ascii {
            if focused {
                ASCII_BORDER_FOCUSED
            } else {
                ASCII_BORDER
            }
        } else if focused {
            symbols::border::THICK
        } else {
            symbols::border::PLAIN
        }
    }

    /// Picks the Unicode or the ASCII form of a glyph.
    pub fn glyph(&self, unicode: &'static str, ascii: &'static str) -> &'static str {
        if self.ascii { ascii } else { unicode }
    }

    /// Levels for bar charts, lowest to highest.
    pub fn bar_set(&self) -> symbols::bar::Set<'static> {
        if self.ascii {
            ASCII_BARS
        } else {
            symbols::bar::NINE_LEVELS
        }
    }

    /// Our own punctuation (`·`, `–`, `—`, `→`) as ASCII in ASCII mode; data
    /// text is left as it is.
    pub fn punct(&self, text: &str) -> String {
        if !self.ascii {
            return text.to_string();
        }
        text.replace('·', "-")
            .replace(['–', '—'], "-")
            .replace('→', "->")
    }

    /// `…` or `~`, for text cut to fit.
    pub fn ellipsis(&self) -> &'static str {
        self.glyph("…", "~")
    }

    /// A progress bar of `width` cells for 0–100.
    pub fn progress_bar(&self, percent: Option<u8>, width: usize) -> String {
        let Some(p) = percent else {
            return self.glyph("·", ".").repeat(width);
        };
        let filled = (usize::from(p.min(100)) * width + 50) / 100;
        let (full, empty) = if self.ascii {
            ("#", "-")
        } else {
            ("█", "░")
        };
        format!("{}{}", full.repeat(filled), empty.repeat(width - filled))
    }
}

const ASCII_BORDER: symbols::border::Set<'static> = symbols::border::Set {
    top_left: "+",
    top_right: "+",
    bottom_left: "+",
    bottom_right: "+",
    vertical_left: "|",
    vertical_right: "|",
    horizontal_top: "-",
    horizontal_bottom: "-",
};

const ASCII_BORDER_FOCUSED: symbols::border::Set<'static> = symbols::border::Set {
    top_left: "#",
    top_right: "#",
    bottom_left: "#",
    bottom_right: "#",
    vertical_left: "|",
    vertical_right: "|",
    horizontal_top: "=",
    horizontal_bottom: "=",
};

const ASCII_BARS: symbols::bar::Set<'static> = symbols::bar::Set {
    full: "#",
    seven_eighths: "#",
    three_quarters: "=",
    five_eighths: "=",
    half: "-",
    three_eighths: "-",
    one_quarter: "_",
    one_eighth: "_",
    empty: " ",
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colour_off_means_no_colour_in_any_role() {
        let theme = Theme {
            palette: Palette::default(),
            color: false,
            ascii: false,
        };
        for role in [
            Role::Accent,
            Role::Good,
            Role::Warn,
            Role::Bad,
            Role::Muted,
            Role::Changed,
        ] {
            assert_eq!(theme.fg(role).fg, None);
        }
        assert_eq!(theme.muted().fg, None);
    }

    #[test]
    fn progress_bars() {
        let theme = Theme {
            palette: Palette::default(),
            color: true,
            ascii: true,
        };
        assert_eq!(theme.progress_bar(Some(50), 10), "#####-----");
        assert_eq!(theme.progress_bar(Some(100), 4), "####");
        assert_eq!(theme.progress_bar(None, 4), "....");
    }
}
