//! Colours and glyphs.
//!
//! Only the 16 ANSI colours are used (never RGB or 256-colour indexes), so the
//! terminal's own palette applies and light and dark terminals both read well.
//! With colour off every style loses its colours but keeps its modifiers (bold,
//! reversed, dim, crossed out), and every state is also written as a word or glyph.
//! With `ascii` every border and glyph is plain ASCII.

use ratatui::style::{Color, Modifier, Style};
use ratatui::symbols;

use crate::app::App;
pub use crate::config::palette::{Colour, Palette, Role};

/// Styles and glyphs for one run: palette, colour on/off, ASCII on/off.
#[derive(Clone, Copy, Debug)]
pub struct Theme {
    pub palette: Palette,
    pub color: bool,
    pub ascii: bool,
}

impl Theme {
    /// The board's look: the config's palette, colour and ASCII as the
    /// command line and the environment set them.
    pub fn of(app: &App) -> Theme {
        Theme {
            palette: app.config().palette,
            color: app.options().color,
            ascii: app.options().ascii,
        }
    }

    /// Foreground in a role's colour (no colour when colour is off).
    pub fn fg(&self, role: Role) -> Style {
        if self.color {
            Style::new().fg(color(self.palette.get(role)))
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

/// The terminal colour a palette colour stands for.
fn color(colour: Colour) -> Color {
    match colour {
        Colour::Default => Color::Reset,
        Colour::Black => Color::Black,
        Colour::Red => Color::Red,
        Colour::Green => Color::Green,
        Colour::Yellow => Color::Yellow,
        Colour::Blue => Color::Blue,
        Colour::Magenta => Color::Magenta,
        Colour::Cyan => Color::Cyan,
        Colour::Gray => Color::Gray,
        Colour::DarkGray => Color::DarkGray,
        Colour::LightRed => Color::LightRed,
        Colour::LightGreen => Color::LightGreen,
        Colour::LightYellow => Color::LightYellow,
        Colour::LightBlue => Color::LightBlue,
        Colour::LightMagenta => Color::LightMagenta,
        Colour::LightCyan => Color::LightCyan,
        Colour::White => Color::White,
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
