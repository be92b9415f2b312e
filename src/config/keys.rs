//! Keys are data: the one table that maps keys to [`Action`]s.
//!
//! The footer and the `?` help are both generated from [`KeyTable`], so they can
//! never drift from what the keys really do. The user config's `[keys]` section
//! replaces the keys of an action by name (`zoom = "f"`, `quit = ["q", "ctrl-c"]`).

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

/// Something the user asked for, independent of which key asked for it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Action {
    NextPane,
    PrevPane,
    FocusCalendar,
    FocusIssues,
    FocusStrikes,
    Up,
    Down,
    PageUp,
    PageDown,
    Top,
    Bottom,
    Open,
    Back,
    Search,
    Zoom,
    Map,
    CycleZone,
    Problems,
    Changes,
    History,
    Older,
    Newer,
    MarkSeen,
    Reload,
    Help,
    Quit,
    Suspend,
    /// Dismiss the alert banners.
    Dismiss,
    /// Map: shade each region (customers without power, then strikes in 7 days).
    MapShade,
    /// Map: zoom in around the cursor.
    ZoomIn,
    /// Map: zoom back out.
    ZoomOut,
    /// Map: list every strike of the region under the cursor.
    MapRegion,
    /// Detail: copy a source to the clipboard (`y`, then its number).
    CopySource,
    /// Present mode: full-screen slides for a briefing.
    Present,
    NextSlide,
    PrevSlide,
}

/// Where an action does something (the footer shows only what works there).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Context {
    /// The three panes (possibly zoomed, possibly the map).
    Board,
    /// A record's detail.
    Detail,
    /// Help, problems or the change list: a scrolling page.
    Page,
}

/// One row of the key table: an action, its config name, what it does and its keys.
#[derive(Clone, Debug)]
pub struct Binding {
    pub action: Action,
    /// The name used in the config's `[keys]` table.
    pub name: &'static str,
    /// One line for the help page.
    pub help: &'static str,
    /// A word or two for the footer; actions sharing a label share a footer entry
    /// (`↑↓ move`). `None`: help only.
    pub footer: Option<&'static str>,
    /// Where the footer lists it.
    pub contexts: &'static [Context],
    pub keys: Vec<KeyChord>,
}

/// A key with its modifiers, as the table matches it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct KeyChord {
    pub code: KeyCode,
    pub ctrl: bool,
    pub alt: bool,
}

impl KeyChord {
    const fn plain(code: KeyCode) -> KeyChord {
        KeyChord {
            code,
            ctrl: false,
            alt: false,
        }
    }

    const fn ch(c: char) -> KeyChord {
        KeyChord::plain(KeyCode::Char(c))
    }

    const fn ctrl(c: char) -> KeyChord {
        KeyChord {
            code: KeyCode::Char(c),
            ctrl: true,
            alt: false,
        }
    }

    /// The chord a terminal key press stands for (Shift is part of the character
    /// for letters, and of `BackTab`, so it is not kept separately).
    pub fn from_event(key: &KeyEvent) -> KeyChord {
        let code = match key.code {
            // Some terminals report Ctrl-letters in upper case.
            KeyCode::Char(c) if key.modifiers.contains(KeyModifiers::CONTROL) => {
                KeyCode::Char(c.to_ascii_lowercase())
            }
            other => other,
        };
        KeyChord {
            code,
            ctrl: key.modifiers.contains(KeyModifiers::CONTROL),
            alt: key.modifiers.contains(KeyModifiers::ALT),
        }
    }

    /// Reads a key as written in the config: `q`, `G`, `ctrl-c`, `alt-x`, `tab`,
    /// `shift-tab`, `enter`, `esc`, `up`, `down`, `left`, `right`, `pgup`, `pgdn`,
    /// `home`, `end`, `space`, `backspace`, `f1`…`f12`.
    pub fn parse(text: &str) -> Option<KeyChord> {
        let mut ctrl = false;
        let mut alt = false;
        let mut rest = text;
        loop {
            let lower = rest.to_ascii_lowercase();
            if lower.starts_with("ctrl-") && rest.len() > 5 {
                ctrl = true;
                rest = &rest[5..];
            } else if lower.starts_with("alt-") && rest.len() > 4 {
                alt = true;
                rest = &rest[4..];
            } else {
                break;
            }
        }
        let mut chars = rest.chars();
        let code = match (chars.next(), chars.next()) {
            // A control character would be written into the footer as is.
            (Some(c), None) if c.is_control() => return None,
            (Some(c), None) => KeyCode::Char(if ctrl { c.to_ascii_lowercase() } else { c }),
            _ => match rest.to_ascii_lowercase().as_str() {
                "tab" => KeyCode::Tab,
                "shift-tab" | "backtab" => KeyCode::BackTab,
                "enter" | "return" => KeyCode::Enter,
                "esc" | "escape" => KeyCode::Esc,
                "up" => KeyCode::Up,
                "down" => KeyCode::Down,
                "left" => KeyCode::Left,
                "right" => KeyCode::Right,
                "pgup" | "pageup" => KeyCode::PageUp,
                "pgdn" | "pgdown" | "pagedown" => KeyCode::PageDown,
                "home" => KeyCode::Home,
                "end" => KeyCode::End,
                "space" => KeyCode::Char(' '),
                "backspace" => KeyCode::Backspace,
                "delete" | "del" => KeyCode::Delete,
                f if f.starts_with('f') => {
                    KeyCode::F(f[1..].parse().ok().filter(|n| (1..=12).contains(n))?)
                }
                _ => return None,
            },
        };
        Some(KeyChord { code, ctrl, alt })
    }

    /// How the footer and help write the key.
    pub fn label(&self, ascii: bool) -> String {
        let base = match self.code {
            KeyCode::Char(' ') => "Space".to_string(),
            KeyCode::Char(c) => c.to_string(),
            KeyCode::Tab => "Tab".to_string(),
            KeyCode::BackTab => "S-Tab".to_string(),
            KeyCode::Enter => "Enter".to_string(),
            KeyCode::Esc => "Esc".to_string(),
            KeyCode::Up => if ascii { "Up" } else { "↑" }.to_string(),
            KeyCode::Down => if ascii { "Down" } else { "↓" }.to_string(),
            KeyCode::Left => if ascii { "Left" } else { "←" }.to_string(),
            KeyCode::Right => if ascii { "Right" } else { "→" }.to_string(),
            KeyCode::PageUp => "PgUp".to_string(),
            KeyCode::PageDown => "PgDn".to_string(),
            KeyCode::Home => "Home".to_string(),
            KeyCode::End => "End".to_string(),
            KeyCode::Backspace => "Bksp".to_string(),
            KeyCode::Delete => "Del".to_string(),
            KeyCode::F(n) => format!("F{n}"),
            _ => "?".to_string(),
        };
        let mut out = String::new();
        if self.ctrl {
            out.push_str("Ctrl-");
        }
        if self.alt {
            out.push_str("Alt-");
        }
        out.push_str(&base);
        out
    }
}

const BOARD: &[Context] = &[Context::Board];
const BOARD_DETAIL: &[Context] = &[Context::Board, Context::Detail];
const ALL: &[Context] = &[Context::Board, Context::Detail, Context::Page];
const NOWHERE: &[Context] = &[];

/// The default key table, in the order the help lists it.
fn defaults() -> Vec<Binding> {
    use Action::{
        Back, Bottom, Changes, CopySource, CycleZone, Dismiss, Down, FocusCalendar, FocusIssues,
        FocusStrikes, Help, History, Map, MapRegion, MapShade, MarkSeen, Newer, NextPane,
        NextSlide, Older, Open, PageDown, PageUp, Present, PrevPane, PrevSlide, Problems, Quit,
        Reload, Search, Suspend, Top, Up, Zoom, ZoomIn, ZoomOut,
    };
    use KeyCode as K;
    let b = |action, name, help, footer, contexts, keys: &[KeyChord]| Binding {
        action,
        name,
        help,
        footer,
        contexts,
        keys: keys.to_vec(),
    };
    vec![
        b(
            NextPane,
            "next_pane",
            "next pane",
            Some("pane"),
            BOARD,
            &[KeyChord::plain(K::Tab)],
        ),
        b(
            PrevPane,
            "prev_pane",
            "previous pane",
            Some("pane"),
            BOARD,
            &[KeyChord::plain(K::BackTab)],
        ),
        b(
            FocusCalendar,
            "focus_calendar",
            "focus Calendar",
            None,
            NOWHERE,
            &[KeyChord::ch('1')],
        ),
        b(
            FocusIssues,
            "focus_issues",
            "focus Issues",
            None,
            NOWHERE,
            &[KeyChord::ch('2')],
        ),
        b(
            FocusStrikes,
            "focus_strikes",
            "focus Strikes",
            None,
            NOWHERE,
            &[KeyChord::ch('3')],
        ),
        b(
            Up,
            "up",
            "move up",
            Some("move"),
            ALL,
            &[KeyChord::plain(K::Up), KeyChord::ch('k')],
        ),
        b(
            Down,
            "down",
            "move down",
            Some("move"),
            ALL,
            &[KeyChord::plain(K::Down), KeyChord::ch('j')],
        ),
        b(
            PageUp,
            "page_up",
            "page up",
            None,
            NOWHERE,
            &[KeyChord::plain(K::PageUp)],
        ),
        b(
            PageDown,
            "page_down",
            "page down",
            None,
            NOWHERE,
            &[KeyChord::plain(K::PageDown)],
        ),
        b(
            Top,
            "top",
            "first",
            None,
            NOWHERE,
            &[KeyChord::plain(K::Home), KeyChord::ch('g')],
        ),
        b(
            Bottom,
            "bottom",
            "last",
            None,
            NOWHERE,
            &[KeyChord::plain(K::End), KeyChord::ch('G')],
        ),
        b(
            Open,
            "open",
            "open the selected record",
            Some("open"),
            BOARD,
            &[KeyChord::plain(K::Enter)],
        ),
        b(
            Back,
            "back",
            "close detail, search, help, zoom or map; back to the live board",
            Some("back"),
            &[Context::Detail, Context::Page],
            &[KeyChord::plain(K::Esc)],
        ),
        b(
            Search,
            "search",
            "search the focused pane as you type",
            Some("search"),
            BOARD,
            &[KeyChord::ch('/')],
        ),
        b(
            Zoom,
            "zoom",
            "zoom the focused pane, and back",
            Some("zoom"),
            BOARD,
            &[KeyChord::ch('z')],
        ),
        b(
            Map,
            "map",
            "Strikes: map of recent strikes, and back",
            Some("map"),
            BOARD,
            &[KeyChord::ch('m')],
        ),
        b(
            CycleZone,
            "cycle_zone",
            "display zone: local, then the board's clocks",
            Some("zone"),
            BOARD_DETAIL,
            &[KeyChord::ch('t')],
        ),
        b(
            Problems,
            "problems",
            "problems in the data files",
            Some("problems"),
            BOARD,
            &[KeyChord::ch('p')],
        ),
        b(
            Changes,
            "changes",
            "latest changes",
            Some("changes"),
            BOARD,
            &[KeyChord::ch('c')],
        ),
        b(
            MarkSeen,
            "mark_seen",
            "mark every change as seen (the marks go)",
            None,
            NOWHERE,
            &[KeyChord::ch('C')],
        ),
        b(
            History,
            "history",
            "history: the commits that touched the data",
            Some("history"),
            BOARD,
            &[KeyChord::ch('h')],
        ),
        b(
            Older,
            "older",
            "the whole board one commit back",
            None,
            NOWHERE,
            &[KeyChord::ch('[')],
        ),
        b(
            Newer,
            "newer",
            "the whole board one commit forward (to the live board)",
            None,
            NOWHERE,
            &[KeyChord::ch(']')],
        ),
        b(
            Reload,
            "reload",
            "reload every file now",
            None,
            NOWHERE,
            &[KeyChord::ch('r')],
        ),
        b(
            Help,
            "help",
            "this help",
            Some("help"),
            ALL,
            &[KeyChord::ch('?')],
        ),
        b(
            Quit,
            "quit",
            "quit",
            Some("quit"),
            ALL,
            &[KeyChord::ch('q'), KeyChord::ctrl('c')],
        ),
        b(
            Suspend,
            "suspend",
            "suspend to the shell (fg resumes)",
            None,
            NOWHERE,
            &[KeyChord::ctrl('z')],
        ),
        b(
            CopySource,
            "copy_source",
            "copy source N of the record to the clipboard (then its number)",
            Some("copy source"),
            &[Context::Detail],
            &[KeyChord::ch('y')],
        ),
        b(
            Dismiss,
            "dismiss",
            "dismiss the alert banners",
            None,
            NOWHERE,
            &[KeyChord::ch('x')],
        ),
        b(
            Present,
            "present",
            "present mode: slides for a briefing (Esc returns)",
            None,
            NOWHERE,
            &[KeyChord::ch('P')],
        ),
        b(
            NextSlide,
            "next_slide",
            "present mode: next slide (PgDn too)",
            None,
            NOWHERE,
            &[KeyChord::plain(K::Right), KeyChord::ch(' ')],
        ),
        b(
            PrevSlide,
            "prev_slide",
            "present mode: previous slide (PgUp too)",
            None,
            NOWHERE,
            &[KeyChord::plain(K::Left)],
        ),
        b(
            MapShade,
            "map_shade",
            "map: shade regions by customers without power, then by strikes in 7 days, then off",
            None,
            NOWHERE,
            &[KeyChord::ch('o')],
        ),
        b(
            ZoomIn,
            "map_zoom_in",
            "map: zoom in around the cursor",
            None,
            NOWHERE,
            &[KeyChord::ch('+'), KeyChord::ch('=')],
        ),
        b(
            ZoomOut,
            "map_zoom_out",
            "map: zoom back out",
            None,
            NOWHERE,
            &[KeyChord::ch('-')],
        ),
        b(
            MapRegion,
            "map_region",
            "map: list every strike of the region under the cursor (Esc: all again)",
            None,
            NOWHERE,
            &[KeyChord::ch('l')],
        ),
    ]
}

/// The one key table (defaults with the user's rebindings applied).
#[derive(Clone, Debug)]
pub struct KeyTable {
    bindings: Vec<Binding>,
}

impl Default for KeyTable {
    fn default() -> Self {
        KeyTable {
            bindings: defaults(),
        }
    }
}

/// A `[keys]` entry that could not be applied.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RebindError {
    UnknownAction(String),
    UnknownKey(String),
}

impl std::fmt::Display for RebindError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RebindError::UnknownAction(name) => write!(
                f,
                "keys: \"{name}\" is not an action; known: {}",
                action_names().join(", ")
            ),
            RebindError::UnknownKey(key) => write!(
                f,
                "keys: \"{key}\" is not a key (examples: \"q\", \"G\", \"ctrl-c\", \"tab\", \"shift-tab\", \"enter\", \"esc\", \"up\", \"pgdn\", \"f1\")"
            ),
        }
    }
}

/// The names an action can be rebound by, in table order.
pub fn action_names() -> Vec<&'static str> {
    defaults().iter().map(|b| b.name).collect()
}

impl KeyTable {
    /// Replaces the keys of the named action. A key taken from another action is
    /// removed there, so one key never means two things.
    pub fn rebind(&mut self, name: &str, keys: &[String]) -> Result<(), RebindError> {
        let chords = keys
            .iter()
            .map(|k| KeyChord::parse(k).ok_or_else(|| RebindError::UnknownKey(k.clone())))
            .collect::<Result<Vec<_>, _>>()?;
        if !self.bindings.iter().any(|b| b.name == name) {
            return Err(RebindError::UnknownAction(name.to_string()));
        }
        for binding in &mut self.bindings {
            if binding.name == name {
                binding.keys.clone_from(&chords);
            } else {
                binding.keys.retain(|k| !chords.contains(k));
            }
        }
        Ok(())
    }

    /// The action a key press means, if any (key releases mean nothing).
    pub fn action(&self, key: &KeyEvent) -> Option<Action> {
        if key.kind == KeyEventKind::Release {
            return None;
        }
        let chord = KeyChord::from_event(key);
        self.bindings
            .iter()
            .find(|b| b.keys.contains(&chord))
            .map(|b| b.action)
    }

    /// The first key of an action, as written in the footer (`None` if unbound).
    pub fn key_label(&self, action: Action, ascii: bool) -> Option<String> {
        self.bindings
            .iter()
            .find(|b| b.action == action)
            .and_then(|b| b.keys.first())
            .map(|k| k.label(ascii))
    }

    /// Footer entries for a context: `(keys, label)`, actions sharing a label
    /// joined (`↑↓`, `Tab/S-Tab`).
    pub fn footer(&self, context: Context, ascii: bool) -> Vec<(String, &'static str)> {
        let mut out: Vec<(String, &'static str)> = Vec::new();
        for binding in &self.bindings {
            let (Some(label), Some(key)) = (binding.footer, binding.keys.first()) else {
                continue;
            };
            if !binding.contexts.contains(&context) {
                continue;
            }
            let key = key.label(ascii);
            match out.iter_mut().find(|(_, l)| *l == label) {
                Some((keys, _)) => {
                    // Arrows read well run together; words need a separator.
                    if keys.chars().count() == 1 && key.chars().count() == 1 {
                        keys.push_str(&key);
                    } else {
                        keys.push('/');
                        keys.push_str(&key);
                    }
                }
                None => out.push((key, label)),
            }
        }
        out
    }

    /// Help rows: `(all keys, what they do)`, in table order.
    pub fn help_rows(&self, ascii: bool) -> Vec<(String, &'static str)> {
        self.bindings
            .iter()
            .map(|b| {
                let keys = if b.keys.is_empty() {
                    "(unbound)".to_string()
                } else {
                    b.keys
                        .iter()
                        .map(|k| k.label(ascii))
                        .collect::<Vec<_>>()
                        .join(" ")
                };
                (keys, b.help)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, modifiers)
    }

    #[test]
    fn default_keys_mean_what_the_spec_says() {
        let t = KeyTable::default();
        assert_eq!(
            t.action(&press(KeyCode::Tab, KeyModifiers::NONE)),
            Some(Action::NextPane)
        );
        assert_eq!(
            t.action(&press(KeyCode::BackTab, KeyModifiers::SHIFT)),
            Some(Action::PrevPane)
        );
        assert_eq!(
            t.action(&press(KeyCode::Char('G'), KeyModifiers::SHIFT)),
            Some(Action::Bottom)
        );
        assert_eq!(
            t.action(&press(KeyCode::Char('c'), KeyModifiers::CONTROL)),
            Some(Action::Quit)
        );
        assert_eq!(
            t.action(&press(KeyCode::Char('C'), KeyModifiers::CONTROL)),
            Some(Action::Quit)
        );
        assert_eq!(
            t.action(&press(KeyCode::Char('z'), KeyModifiers::CONTROL)),
            Some(Action::Suspend)
        );
        assert_eq!(
            t.action(&press(KeyCode::Char('z'), KeyModifiers::NONE)),
            Some(Action::Zoom)
        );
    }

    #[test]
    fn rebinding_moves_a_key_and_the_footer_follows() {
        let mut t = KeyTable::default();
        t.rebind("zoom", &["f".to_string()]).unwrap();
        t.rebind("map", &["z".to_string()]).unwrap();
        assert_eq!(
            t.action(&press(KeyCode::Char('f'), KeyModifiers::NONE)),
            Some(Action::Zoom)
        );
        assert_eq!(
            t.action(&press(KeyCode::Char('z'), KeyModifiers::NONE)),
            Some(Action::Map)
        );
        let footer = t.footer(Context::Board, false);
        assert!(footer.contains(&("f".to_string(), "zoom")), "{footer:?}");
        assert!(footer.contains(&("z".to_string(), "map")), "{footer:?}");
        assert_eq!(
            t.rebind("zoom", &["hyper-x".to_string()]),
            Err(RebindError::UnknownKey("hyper-x".to_string()))
        );
        assert!(matches!(
            t.rebind("fly", &[]),
            Err(RebindError::UnknownAction(_))
        ));
    }

    #[test]
    fn footer_joins_keys_that_share_a_label() {
        let footer = KeyTable::default().footer(Context::Board, false);
        assert_eq!(footer[0], ("Tab/S-Tab".to_string(), "pane"));
        assert_eq!(footer[1], ("↑↓".to_string(), "move"));
        let ascii = KeyTable::default().footer(Context::Board, true);
        assert_eq!(ascii[1], ("Up/Down".to_string(), "move"));
    }

    #[test]
    fn key_names_parse() {
        assert_eq!(KeyChord::parse("ctrl-c"), Some(KeyChord::ctrl('c')));
        assert_eq!(
            KeyChord::parse("shift-tab"),
            Some(KeyChord::plain(KeyCode::BackTab))
        );
        assert_eq!(
            KeyChord::parse("pgdn"),
            Some(KeyChord::plain(KeyCode::PageDown))
        );
        assert_eq!(KeyChord::parse("f5"), Some(KeyChord::plain(KeyCode::F(5))));
        assert_eq!(KeyChord::parse("f13"), None);
        assert_eq!(KeyChord::parse("\u{1b}"), None, "no control characters");
        assert_eq!(KeyChord::parse(""), None);
    }
}
