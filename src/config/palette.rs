//! The colours of the config's `[theme]`: a colour per role, from the 16
//! terminal colours only (docs/command-line.md#the-user-config). Drawing maps
//! them to the terminal's colours (`ui::theme`).

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

/// One of the 16 terminal colours, or the terminal's own (`default`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Colour {
    Default,
    Black,
    Red,
    Green,
    Yellow,
    Blue,
    Magenta,
    Cyan,
    Gray,
    DarkGray,
    LightRed,
    LightGreen,
    LightYellow,
    LightBlue,
    LightMagenta,
    LightCyan,
    White,
}

impl Colour {
    /// Reads a colour name as the config writes it (any case; `_`, `-` and
    /// spaces ignored; `grey` for `gray`, `reset` for `default`).
    pub fn parse(name: &str) -> Option<Colour> {
        Some(
            match name
                .to_ascii_lowercase()
                .replace(['_', '-', ' '], "")
                .as_str()
            {
                "default" | "reset" => Colour::Default,
                "black" => Colour::Black,
                "red" => Colour::Red,
                "green" => Colour::Green,
                "yellow" => Colour::Yellow,
                "blue" => Colour::Blue,
                "magenta" => Colour::Magenta,
                "cyan" => Colour::Cyan,
                "gray" | "grey" => Colour::Gray,
                "darkgray" | "darkgrey" => Colour::DarkGray,
                "lightred" => Colour::LightRed,
                "lightgreen" => Colour::LightGreen,
                "lightyellow" => Colour::LightYellow,
                "lightblue" => Colour::LightBlue,
                "lightmagenta" => Colour::LightMagenta,
                "lightcyan" => Colour::LightCyan,
                "white" => Colour::White,
                _ => return None,
            },
        )
    }
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
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Palette {
    pub accent: Colour,
    pub good: Colour,
    pub warn: Colour,
    pub bad: Colour,
    pub muted: Colour,
    pub changed: Colour,
    pub now: Colour,
}

impl Default for Palette {
    /// Colours that read on both light and dark backgrounds (no white or yellow
    /// text on its own, which vanishes on light terminals; dark gray is the one
    /// muted colour both keep visible).
    fn default() -> Self {
        Palette {
            accent: Colour::Cyan,
            good: Colour::Green,
            warn: Colour::Magenta,
            bad: Colour::Red,
            muted: Colour::DarkGray,
            changed: Colour::Blue,
            now: Colour::Red,
        }
    }
}

impl Palette {
    /// Sets a role's colour by name; false when the name is not one of the 16.
    pub fn set(&mut self, role: Role, name: &str) -> bool {
        let Some(c) = Colour::parse(name) else {
            return false;
        };
        *self.slot(role) = c;
        true
    }

    fn slot(&mut self, role: Role) -> &mut Colour {
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

    pub fn get(&self, role: Role) -> Colour {
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
