//! The footer: the keys that work in the current view, from the key table.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::text::width;
use super::theme::{Role, Theme};
use crate::app::{App, Pane};
use crate::config::keys::Context;

/// Footer entries `(keys, label)` for the current view; `help` and `quit` last.
pub fn entries(app: &App) -> Vec<(String, &'static str)> {
    let ascii = Theme::of(app).ascii;
    if app.searching() {
        return vec![
            ("Enter".to_string(), "keep filter"),
            ("Esc".to_string(), "clear"),
            (if ascii { "Up/Down" } else { "↑↓" }.to_string(), "move"),
        ];
    }
    let context = if app.page().is_some() {
        Context::Page
    } else if app.detail().is_some() {
        Context::Detail
    } else {
        Context::Board
    };
    let mut out = app.config().keys.footer(context, ascii);
    if context == Context::Board {
        if app.focus() != Pane::Strikes {
            out.retain(|(_, label)| *label != "map");
        }
        // The change list is worth a footer entry only while something changed.
        if app.recent_changes().next().is_none() {
            out.retain(|(_, label)| *label != "changes");
        }
        // With problems on the board, the key that lists them is worth more room
        // than the zone key.
        if app.problem_count() != crate::model::ProblemCount::default() {
            if let Some(at) = out.iter().position(|(_, label)| *label == "problems") {
                let entry = out.remove(at);
                let open = out
                    .iter()
                    .position(|(_, l)| *l == "open")
                    .map_or(0, |p| p + 1);
                out.insert(open, entry);
            }
        }
        if app.zoomed() || app.map_shown() || !app.filter(app.focus()).is_empty() {
            if let Some(back) = app.config().keys.key_label(crate::app::Action::Back, ascii) {
                out.insert(0, (back, "back"));
            }
        }
    }
    out
}

pub fn render(frame: &mut Frame, area: Rect, app: &App) {
    let theme = &Theme::of(app);
    let entries = entries(app);
    // help and quit always show; others as room allows, in table order.
    let (must, rest): (Vec<_>, Vec<_>) = entries
        .into_iter()
        .partition(|(_, l)| *l == "help" || *l == "quit");
    let cost = |(k, l): &(String, &str)| width(k) + 1 + width(l) + 2;
    let mut room = (area.width as usize).saturating_sub(1 + must.iter().map(cost).sum::<usize>());
    let mut shown = Vec::new();
    for entry in rest {
        let c = cost(&entry);
        if c <= room {
            room -= c;
            shown.push(entry);
        } else {
            room = 0;
        }
    }
    shown.extend(must);
    let mut spans = vec![Span::raw(" ")];
    for (keys, label) in shown {
        spans.push(Span::styled(keys, theme.strong(Role::Accent)));
        spans.push(Span::raw(" "));
        spans.push(Span::styled(label, theme.muted()));
        spans.push(Span::raw("  "));
    }
    frame
        .buffer_mut()
        .set_line(area.x, area.y, &Line::from(spans), area.width);
}
