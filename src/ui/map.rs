//! The strike map (`m` in Strikes): strikes of the last 30 days by `lat`/`lon` on
//! a world map, framed on the region of the data, with a few reference cities.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Color;
use ratatui::text::{Line, Span};
use ratatui::widgets::canvas::{Canvas, Line as CanvasLine, Map, MapResolution};

use super::theme::{Role, Theme};
use crate::app::{App, Pane};

/// Reference cities: name, latitude, longitude, and whether it is always worth a
/// label (the others appear when the map is large enough).
const CITIES: &[(&str, f64, f64, bool)] = &[
    ("Kyiv", 50.45, 30.52, true),
    ("Kharkiv", 49.99, 36.23, true),
    ("Odesa", 46.48, 30.72, true),
    ("Lviv", 49.84, 24.03, true),
    ("Dnipro", 48.46, 35.05, true),
    ("Zaporizhzhia", 47.84, 35.14, false),
    ("Mykolaiv", 46.97, 31.99, false),
    ("Sumy", 50.91, 34.80, false),
    ("Chernihiv", 51.50, 31.29, false),
    ("Poltava", 49.59, 34.55, false),
    ("Vinnytsia", 49.23, 28.47, false),
    ("Kherson", 46.64, 32.62, false),
    ("Moscow", 55.76, 37.62, true),
    ("Warsaw", 52.23, 21.01, true),
    ("Minsk", 53.90, 27.56, false),
    ("Chisinau", 47.01, 28.86, false),
];

/// A rough outline of Ukraine's internationally recognised borders (latitude,
/// longitude), mainland then Crimea: the world map has coastlines only, and
/// the outline is what makes the map readable at a glance. Accurate to a few
/// kilometres at best; it is orientation, not cartography.
const UKRAINE: &[&[(f64, f64)]] = &[
    &[
        (51.55, 23.60),
        (51.90, 24.40),
        (51.90, 25.80),
        (51.95, 27.20),
        (51.60, 28.30),
        (51.55, 29.30),
        (51.40, 30.20),
        (51.40, 30.60),
        (51.90, 31.20),
        (52.10, 31.80),
        (52.35, 33.20),
        (52.20, 34.10),
        (51.80, 34.40),
        (51.25, 35.10),
        (50.75, 35.40),
        (50.40, 36.50),
        (50.30, 37.60),
        (49.95, 38.20),
        (49.90, 39.70),
        (49.60, 40.10),
        (49.10, 40.15),
        (48.30, 39.90),
        (47.85, 38.30),
        (47.25, 38.20),
        (47.10, 37.55),
        (46.75, 36.80),
        (46.40, 35.30),
        (46.15, 34.80),
        (46.10, 33.70),
        (46.05, 32.70),
        (46.50, 32.00),
        (46.60, 31.50),
        (46.45, 30.75),
        (46.00, 30.40),
        (45.60, 29.80),
        (45.20, 29.70),
        (45.35, 28.80),
        (45.45, 28.20),
        (46.00, 28.95),
        (46.45, 29.70),
        (46.50, 30.10),
        (47.30, 29.60),
        (47.80, 29.20),
        (48.30, 28.10),
        (48.45, 27.00),
        (48.15, 26.60),
        (47.95, 25.40),
        (47.90, 24.60),
        (48.10, 23.20),
        (48.40, 22.20),
        (48.80, 22.40),
        (49.10, 22.60),
        (49.60, 22.70),
        (50.40, 23.90),
        (50.80, 24.05),
        (51.20, 23.65),
        (51.55, 23.60),
    ],
    &[
        (46.10, 33.70),
        (45.90, 34.30),
        (45.70, 35.10),
        (45.40, 35.70),
        (45.45, 36.60),
        (45.10, 36.40),
        (45.00, 35.40),
        (44.60, 34.40),
        (44.40, 33.80),
        (44.60, 33.50),
        (45.10, 33.60),
        (45.20, 33.30),
        (45.40, 32.50),
        (45.80, 33.00),
        (46.10, 33.70),
    ],
];

/// Ukraine and its neighbours: the frame when no strike has coordinates.
const DEFAULT_FRAME: [f64; 4] = [44.0, 53.0, 22.0, 41.0];

/// The frame (south, north, west, east) for the data, padded and stretched so a
/// degree looks about as long across as up on a terminal of `w`x`h` cells.
pub fn frame_for(bounds: Option<[f64; 4]>, w: u16, h: u16) -> [f64; 4] {
    let [mut s, mut n, mut west, mut e] = bounds.unwrap_or(DEFAULT_FRAME);
    let pad_lat = ((n - s) * 0.15).max(1.0);
    let pad_lon = ((e - west) * 0.15).max(1.5);
    s -= pad_lat;
    n += pad_lat;
    west -= pad_lon;
    e += pad_lon;
    let (w, h) = (f64::from(w.max(1)), f64::from(h.max(1)));
    let mid_lat = f64::midpoint(s, n).to_radians().cos().max(0.2);
    // A cell is about twice as tall as wide; a degree of longitude is cos(lat)
    // of a degree of latitude.
    let lon_per_cell = (e - west) / w;
    let lat_per_cell = (n - s) / h;
    let want_lat_per_cell = lon_per_cell * mid_lat * 2.0;
    if lat_per_cell < want_lat_per_cell {
        let grow = (want_lat_per_cell * h - (n - s)) / 2.0;
        s -= grow;
        n += grow;
    } else {
        let want_lon_per_cell = lat_per_cell / (mid_lat * 2.0);
        let grow = (want_lon_per_cell * w - (e - west)) / 2.0;
        west -= grow;
        e += grow;
    }
    [s.max(-90.0), n.min(90.0), west.max(-180.0), e.min(180.0)]
}

pub fn render(frame: &mut Frame, area: Rect, app: &App) {
    let theme = &Theme::of(app);
    let views = app.views();
    let extra = vec![Span::styled(
        format!("{} map, last 30 days ", theme.glyph("·", "-")),
        theme.strong(Role::Accent),
    )];
    let block = super::pane_block(app, Pane::Strikes, extra);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if inner.height < 3 || inner.width < 10 {
        return;
    }
    let map_area = Rect::new(inner.x, inner.y, inner.width, inner.height - 1);
    let [s, n, west, e] = frame_for(views.map_bounds, map_area.width, map_area.height);
    let colour = |role: Role| theme.fg(role).fg.unwrap_or(Color::Reset);
    let border = if theme.color {
        colour(Role::Accent)
    } else {
        Color::Reset
    };
    let land = if theme.color {
        colour(Role::Muted)
    } else {
        Color::Reset
    };
    let large = map_area.width >= 60 && map_area.height >= 18;
    let points = &views.map_points;
    let glyphs = [
        theme.glyph("●", "X"),
        theme.glyph("•", "x"),
        theme.glyph("·", "o"),
    ];
    let canvas = Canvas::default()
        .x_bounds([west, e])
        .y_bounds([s, n])
        .paint(|ctx| {
            ctx.draw(&Map {
                color: land,
                resolution: MapResolution::High,
            });
            for outline in UKRAINE {
                for pair in outline.windows(2) {
                    let ((lat1, lon1), (lat2, lon2)) = (pair[0], pair[1]);
                    ctx.draw(&CanvasLine::new(lon1, lat1, lon2, lat2, border));
                }
            }
        });
    frame.render_widget(canvas, map_area);
    // Markers go straight into the cells, one per cell (the most recent strike's):
    // printing each point as a canvas label costs an allocation and a grapheme
    // walk per point, which for tens of thousands of places is milliseconds.
    let (w, h) = (usize::from(map_area.width), usize::from(map_area.height));
    let to_cell = |lon: f64, lat: f64| -> Option<(u16, u16)> {
        // The canvas's own mapping of a label's position to a cell.
        if !(west..=e).contains(&lon) || !(s..=n).contains(&lat) {
            return None;
        }
        // Inside the bounds (checked above) both are 0 or more.
        #[allow(clippy::cast_sign_loss)]
        let (x, y) = (
            ((lon - west) * (w - 1) as f64 / (e - west)) as u16,
            ((n - lat) * (h - 1) as f64 / (n - s)) as u16,
        );
        Some((
            map_area.x + x.min(map_area.width - 1),
            map_area.y + y.min(map_area.height - 1),
        ))
    };
    let mut newest = vec![u8::MAX; w * h];
    for p in points {
        if let Some((x, y)) = to_cell(p.lon, p.lat) {
            let at = usize::from(y - map_area.y) * w + usize::from(x - map_area.x);
            newest[at] = newest[at].min(p.age);
        }
    }
    let styles = [
        theme.strong(Role::Now),
        theme.fg(Role::Bad),
        theme.fg(Role::Warn),
    ];
    let buf = frame.buffer_mut();
    for (at, &age) in newest.iter().enumerate() {
        if let Some(glyph) = glyphs.get(usize::from(age)) {
            let (x, y) = ((at % w) as u16 + map_area.x, (at / w) as u16 + map_area.y);
            buf[(x, y)]
                .set_symbol(glyph)
                .set_style(styles[usize::from(age)]);
        }
    }
    // Cities last, so their names stay readable over the markers.
    for &(name, lat, lon, major) in CITIES {
        if !(major || large) {
            continue;
        }
        if let Some((x, y)) = to_cell(lon, lat) {
            let room = usize::from(map_area.right() - x);
            buf.set_stringn(x, y, format!("+{name}"), room, theme.fg(Role::Accent));
        }
    }
    if theme.ascii {
        // The world map is drawn in Braille dots; in ASCII mode every such cell
        // becomes a plain dot.
        let buf = frame.buffer_mut();
        for y in map_area.top()..map_area.bottom() {
            for x in map_area.left()..map_area.right() {
                let cell = &mut buf[(x, y)];
                if !cell.symbol().is_ascii() {
                    cell.set_symbol(".");
                }
            }
        }
    }
    let legend = Line::from(vec![
        Span::styled(format!("{} ", glyphs[0]), theme.strong(Role::Now)),
        Span::raw("24 h  "),
        Span::styled(format!("{} ", glyphs[1]), theme.fg(Role::Bad)),
        Span::raw("7 d  "),
        Span::styled(format!("{} ", glyphs[2]), theme.fg(Role::Warn)),
        Span::raw("30 d  "),
        Span::styled("+", theme.fg(Role::Accent)),
        Span::raw("city   "),
        Span::styled(
            format!(
                "{} places{}",
                points.len(),
                if views.map_bounds.is_none() {
                    " (no coordinates)"
                } else {
                    ""
                }
            ),
            theme.muted(),
        ),
    ]);
    let y = inner.y + inner.height - 1;
    frame
        .buffer_mut()
        .set_line(inner.x, y, &legend, inner.width);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_frame_contains_the_data_with_room_around_it() {
        let [s, n, w, e] = frame_for(Some([46.0, 51.0, 30.0, 37.0]), 60, 20);
        assert!(s < 46.0 && n > 51.0 && w < 30.0 && e > 37.0);
        let [s, n, w, e] = frame_for(None, 60, 20);
        assert!(s <= 44.0 && n >= 53.0 && w <= 22.0 && e >= 41.0);
    }
}
