//! The strike map (`m` in Strikes): real boundaries (the board's geography),
//! strikes of the last 30 days as markers, a cursor, city and region labels,
//! and a choropleth of the regions (`o`).
//!
//! ```text
//! ┏ Strikes 32 · map, last 30 days · Ukraine ━━━━━━━━━━━━━━━━━━━━━━━━┓
//! ┃   ⡠⠤⠒⠉⠉⠑⠒⠤⣀   Chernihiv                                         ┃  land, borders,
//! ┃ ⢠⠃ +Lviv  ● ⠑⢄ +Kyiv •      +Kharkiv                           ┃  labels, markers
//! ┃ ⠈⠢⡀  Vinnytsia   ◉ ...                                           ┃  ◉: the cursor
//! ┃● 24 h  • 7 d  · 30 d  + city   ░ ≤4 ▒ ≤8 ▓ ≤12 strikes, 7 d      ┃  legend
//! ┃▶ S-0141 21 Jan 04:30 · Kharkiv · thermal · severe    ↑↓ +- o l  ┃  the cursor's strike
//! ┗━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┛
//! ```
//!
//! The projection keeps the true aspect ratio: a terminal cell is about twice
//! as tall as wide, and a degree of longitude is cos(latitude) of a degree of
//! latitude. Lines are drawn in Braille dots (2x4 per cell), or with `--ascii`
//! in `- | / \` characters. Labels never overlap each other or a marker: a
//! label that does not fit is dropped.

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthStr;

use super::theme::{Role, Theme};
use crate::app::map::{GeoSource, MapPoint, Shade, class_of, classes};
use crate::app::{Action, App, Pane};
use crate::geo::{Bounds, Geography, Polygon};

/// Ukraine and its neighbours: the frame when there is nothing else to fit.
const DEFAULT_FRAME: Bounds = [44.0, 53.0, 22.0, 41.0];

/// How the map's area maps to degrees.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Projection {
    pub north: f64,
    pub west: f64,
    /// Degrees of latitude per cell row.
    pub lat_per_row: f64,
    /// Degrees of longitude per cell column.
    pub lon_per_col: f64,
    pub width: u16,
    pub height: u16,
}

impl Projection {
    /// The projection that shows `bounds` whole in `w`x`h` cells, centred,
    /// with a margin of `pad` (a fraction of the span) around it.
    pub fn fit(bounds: Bounds, w: u16, h: u16, pad: f64) -> Projection {
        let [s, n, west, e] = bounds;
        let (wf, hf) = (f64::from(w.max(1)), f64::from(h.max(1)));
        let k = cos_lat(f64::midpoint(s, n));
        let lat_span = (n - s).max(0.05) * (1.0 + 2.0 * pad);
        let lon_span = (e - west).max(0.05) * (1.0 + 2.0 * pad);
        // A cell is twice as tall as wide: a row covers as much ground as two
        // columns, so lat_per_row = 2 * lon_per_col * k.
        let lat_per_row = (lat_span / hf).max(lon_span * 2.0 * k / wf);
        Projection::centred(
            (f64::midpoint(s, n), f64::midpoint(west, e)),
            lat_per_row,
            w,
            h,
        )
    }

    /// The projection with `lat_per_row` centred on `(lat, lon)`.
    pub fn centred(centre: (f64, f64), lat_per_row: f64, w: u16, h: u16) -> Projection {
        let k = cos_lat(centre.0);
        let lon_per_col = lat_per_row / (2.0 * k);
        Projection {
            north: centre.0 + lat_per_row * f64::from(h) / 2.0,
            west: centre.1 - lon_per_col * f64::from(w) / 2.0,
            lat_per_row,
            lon_per_col,
            width: w,
            height: h,
        }
    }

    /// Fractional cell position (column, row) of a point.
    pub fn xy(&self, lat: f64, lon: f64) -> (f64, f64) {
        (
            (lon - self.west) / self.lon_per_col,
            (self.north - lat) / self.lat_per_row,
        )
    }

    /// The cell a point falls in, if on the map.
    pub fn cell(&self, lat: f64, lon: f64) -> Option<(u16, u16)> {
        let (x, y) = self.xy(lat, lon);
        let inside =
            x >= 0.0 && y >= 0.0 && x < f64::from(self.width) && y < f64::from(self.height);
        // Inside the map both are in 0..width / 0..height.
        #[allow(clippy::cast_sign_loss)]
        inside.then_some((x as u16, y as u16))
    }

    /// The latitude and longitude of a cell's centre.
    pub fn centre_of(&self, x: u16, y: u16) -> (f64, f64) {
        (
            self.north - (f64::from(y) + 0.5) * self.lat_per_row,
            self.west + (f64::from(x) + 0.5) * self.lon_per_col,
        )
    }

    /// South, north, west, east edges of what is shown.
    pub fn bounds(&self) -> Bounds {
        [
            self.north - self.lat_per_row * f64::from(self.height),
            self.north,
            self.west,
            self.west + self.lon_per_col * f64::from(self.width),
        ]
    }
}

fn cos_lat(lat: f64) -> f64 {
    lat.clamp(-85.0, 85.0).to_radians().cos().max(0.1)
}

/// The projection for the map as the app's state has it: the whole area at
/// zoom 0, else `2^zoom` times closer around the cursor.
pub fn projection_for(app: &App, w: u16, h: u16) -> Projection {
    let state = app.map_state();
    let views = app.views();
    // The geography's own area; without one, the records' (with more room
    // around them, and at least a degree across).
    let (extent, pad) = if let (GeoSource::Builtin | GeoSource::File(_), Some(extent)) =
        (&state.source, state.geo.extent)
    {
        (extent, 0.03)
    } else {
        let [s, n, w, e] = views.map.bounds.unwrap_or(DEFAULT_FRAME);
        let (lat, lon) = (f64::midpoint(s, n), f64::midpoint(w, e));
        let (dl, dw) = (((n - s) / 2.0).max(0.5), ((e - w) / 2.0).max(0.5));
        ([lat - dl, lat + dl, lon - dw, lon + dw], 0.15)
    };
    let whole = Projection::fit(extent, w, h, pad);
    if state.zoom == 0 {
        return whole;
    }
    let scale = f64::from(1u32 << state.zoom.min(16));
    let centre = cursor_place(app).unwrap_or((
        f64::midpoint(extent[0], extent[1]),
        f64::midpoint(extent[2], extent[3]),
    ));
    Projection::centred(centre, whole.lat_per_row / scale, w, h)
}

/// Where the cursor stands: its strike's coordinates, else its region's label.
fn cursor_place(app: &App) -> Option<(f64, f64)> {
    let i = app.map_cursor()?;
    let strike = &app.board().strikes[i as usize];
    strike.coords.or_else(|| {
        let r = app.map_cursor_region()?;
        app.map_state().geo.regions.get(r).map(|r| r.label)
    })
}

/// The glyph of a strike marker: by age (0: 24 h, 1: 7 d, 2: 30 d), hollow
/// when the place is not the site itself (`geo_precision` other than exact:
/// the coordinates stand for a settlement, district or oblast).
pub fn marker_for(age: u8, exact: bool, ascii: bool) -> &'static str {
    match (age, exact, ascii) {
        (0, true, false) => "●",
        (0, false, false) => "○",
        (0, true, true) => "X",
        (0, false, true) => "O",
        (1, true, false) => "•",
        (1, false, false) => "◦",
        (1, true, true) => "x",
        (1, false, true) => "c",
        (_, true, false) => "·",
        (_, false, false) => "∘",
        (_, true, true) => "o",
        (_, false, true) => "u",
    }
}

/// Lines drawn on the map, weakest first (a cell shows its strongest).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Layer {
    Land = 1,
    Region = 2,
    Outline = 3,
    /// The region under the cursor.
    Highlight = 4,
}

/// A grid of line dots: Braille (2x4 dots per cell), or one per cell in ASCII
/// with the line's direction.
struct Dots {
    w: usize,
    h: usize,
    ascii: bool,
    bits: Vec<u8>,
    layer: Vec<u8>,
    /// ASCII: the character of the last line through each cell.
    chars: Vec<char>,
}

const BRAILLE: [[u8; 2]; 4] = [[0x01, 0x08], [0x02, 0x10], [0x04, 0x20], [0x40, 0x80]];

impl Dots {
    fn new(w: u16, h: u16, ascii: bool) -> Dots {
        let (w, h) = (usize::from(w), usize::from(h));
        Dots {
            w,
            h,
            ascii,
            bits: vec![0; w * h],
            layer: vec![0; w * h],
            chars: vec![' '; w * h],
        }
    }

    /// Dots per cell across and down.
    fn scale(&self) -> (f64, f64) {
        if self.ascii { (1.0, 1.0) } else { (2.0, 4.0) }
    }

    // Negative dots return early; the rest are within the grid.
    #[allow(clippy::cast_sign_loss)]
    fn set(&mut self, dx: i64, dy: i64, layer: Layer, ch: char) {
        let (sx, sy) = if self.ascii { (1, 1) } else { (2, 4) };
        if dx < 0 || dy < 0 {
            return;
        }
        let (cx, cy) = ((dx / sx) as usize, (dy / sy) as usize);
        if cx >= self.w || cy >= self.h {
            return;
        }
        let at = cy * self.w + cx;
        if self.ascii {
            // The country's outline in line characters; region borders and
            // the land around dotted, so the outline stands out without colour.
            let ch = if layer >= Layer::Outline { ch } else { '.' };
            if layer as u8 >= self.layer[at] {
                self.chars[at] = ch;
            }
        } else {
            self.bits[at] |= BRAILLE[(dy % 4) as usize][(dx % 2) as usize];
        }
        self.layer[at] = self.layer[at].max(layer as u8);
    }

    /// A line between two points in cell coordinates.
    fn line(&mut self, (x0, y0): (f64, f64), (x1, y1): (f64, f64), layer: Layer) {
        let (w, h) = (self.w as f64, self.h as f64);
        if (x0 < -1.0 && x1 < -1.0)
            || (y0 < -1.0 && y1 < -1.0)
            || (x0 > w + 1.0 && x1 > w + 1.0)
            || (y0 > h + 1.0 && y1 > h + 1.0)
        {
            return;
        }
        let (sx, sy) = self.scale();
        let (ax, ay, bx, by) = (x0 * sx, y0 * sy, x1 * sx, y1 * sy);
        let steps = (bx - ax).abs().max((by - ay).abs()).ceil().max(1.0);
        if steps > 100_000.0 {
            return;
        }
        // Direction in screen space: a row is twice as tall as a column is wide.
        let (ddx, ddy) = (x1 - x0, (y1 - y0) * 2.0);
        let ch = if ddy.abs() < ddx.abs() * 0.41 {
            '-'
        } else if ddx.abs() < ddy.abs() * 0.41 {
            '|'
        } else if (ddx > 0.0) == (ddy > 0.0) {
            '\\'
        } else {
            '/'
        };
        let n = steps as i64;
        for i in 0..=n {
            let t = i as f64 / steps;
            let (x, y) = (ax + (bx - ax) * t, ay + (by - ay) * t);
            self.set(x.floor() as i64, y.floor() as i64, layer, ch);
        }
    }

    fn ring(&mut self, proj: &Projection, ring: &[(f64, f64)], layer: Layer) {
        for pair in ring.windows(2) {
            let a = proj.xy(pair[0].0, pair[0].1);
            let b = proj.xy(pair[1].0, pair[1].1);
            self.line(a, b, layer);
        }
    }

    fn polygons(&mut self, proj: &Projection, polygons: &[Polygon], layer: Layer) {
        let [s, n, w, e] = proj.bounds();
        for p in polygons {
            let [ps, pn, pw, pe] = p.bounds;
            if pn < s || ps > n || pe < w || pw > e {
                continue;
            }
            for ring in &p.rings {
                self.ring(proj, ring, layer);
            }
        }
    }

    fn symbol(&self, at: usize) -> Option<String> {
        if self.layer[at] == 0 {
            return None;
        }
        if self.ascii {
            return Some(self.chars[at].to_string());
        }
        char::from_u32(0x2800 + u32::from(self.bits[at])).map(|c| c.to_string())
    }
}

/// The cells of each region, row by row (scanline over the region's rings at
/// each row's middle latitude): `regions[r]` lists `(row, first, last)` spans.
fn region_spans(proj: &Projection, geo: &Geography) -> Vec<Vec<(u16, u16, u16)>> {
    let [s, n, w, e] = proj.bounds();
    geo.regions
        .iter()
        .map(|region| {
            let [rs, rn, rw, re] = region.bounds;
            let mut spans = Vec::new();
            if rn < s || rs > n || re < w || rw > e {
                return spans;
            }
            for y in 0..proj.height {
                let (lat, _) = proj.centre_of(0, y);
                if lat < rs || lat > rn {
                    continue;
                }
                for polygon in &region.polygons {
                    let xs = polygon.crossings(lat);
                    for pair in xs.chunks_exact(2) {
                        // Cells whose centre lies between the two crossings.
                        let first = ((pair[0] - proj.west) / proj.lon_per_col - 0.5).ceil();
                        let last = ((pair[1] - proj.west) / proj.lon_per_col - 0.5).floor();
                        let first = first.max(0.0);
                        let last = last.min(f64::from(proj.width) - 1.0);
                        if first <= last {
                            // Clamped to the map above.
                            #[allow(clippy::cast_sign_loss)]
                            spans.push((y, first as u16, last as u16));
                        }
                    }
                }
            }
            spans
        })
        .collect()
}

/// A label to place: its text, the cell of the point it names, and whether it
/// is written centred on the point (region names) or beside it (cities).
#[derive(Clone, Debug, PartialEq)]
pub struct LabelWish {
    pub text: String,
    pub at: (u16, u16),
    pub centred: bool,
}

/// A placed label: its first cell, row and width in cells.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Placed {
    pub x: u16,
    pub y: u16,
    pub width: u16,
    /// Index into the wishes.
    pub wish: usize,
}

/// Places labels in the order given (most important first) on a `w`x`h` map
/// where `taken` cells (markers) are already used: a label goes right of its
/// point (or left, or centred for region names) when every cell it needs, and
/// one cell of space either side, is free; otherwise it is dropped. Labels
/// never overlap each other or a taken cell.
// Candidate positions are i32 (they may fall off the map); `free` checks
// them before any is used as an index.
#[allow(clippy::cast_sign_loss)]
pub fn place_labels(wishes: &[LabelWish], w: u16, h: u16, taken: &[(u16, u16)]) -> Vec<Placed> {
    let (wu, hu) = (usize::from(w), usize::from(h));
    let mut marker = vec![false; wu * hu];
    for &(x, y) in taken {
        if x < w && y < h {
            marker[usize::from(y) * wu + usize::from(x)] = true;
        }
    }
    let mut label = vec![false; wu * hu];
    let mut placed = Vec::new();
    for (i, wish) in wishes.iter().enumerate() {
        let width = u16::try_from(wish.text.width()).unwrap_or(u16::MAX);
        let (px, py) = wish.at;
        if width == 0 || width > w || py >= h || px >= w {
            continue;
        }
        let row = usize::from(py) * wu;
        // A city's point is written as `+` at px (under a marker, the marker
        // shows): no other label may cover it.
        if !wish.centred && label[row + usize::from(px)] {
            continue;
        }
        let (pxi, pyi, wi) = (i32::from(px), i32::from(py), i32::from(width));
        // Where the name may go, best first: right of its point, left of it,
        // then centred above or below (region names: centred on the point).
        let candidates: Vec<(i32, i32)> = if wish.centred {
            vec![(pxi - wi / 2, pyi)]
        } else {
            vec![
                (pxi + 1, pyi),
                (pxi - wi, pyi),
                (pxi - wi / 2, pyi - 1),
                (pxi - wi / 2, pyi + 1),
            ]
        };
        let free = |(x0, y): (i32, i32)| -> bool {
            if x0 < 0 || x0 + wi > i32::from(w) || y < 0 || y >= i32::from(h) {
                return false;
            }
            // The name's cells and one cell either side.
            let row = y as usize * wu;
            let lo = (x0 - 1).max(0);
            let hi = (x0 + wi).min(i32::from(w) - 1);
            (lo..=hi).all(|x| {
                let at = row + x as usize;
                let own = !wish.centred && x == pxi && y == pyi;
                !label[at] && (own || !marker[at])
            })
        };
        let Some((x0, y)) = candidates.into_iter().find(|&c| free(c)) else {
            continue;
        };
        // Both are within the map (checked by `free`).
        #[allow(clippy::cast_sign_loss)]
        let (x0, y) = (x0 as u16, y as u16);
        let at_row = usize::from(y) * wu;
        for x in x0..x0 + width {
            label[at_row + usize::from(x)] = true;
        }
        if !wish.centred {
            label[row + usize::from(px)] = true;
        }
        placed.push(Placed {
            x: x0,
            y,
            width,
            wish: i,
        });
    }
    placed
}

/// Choropleth fill: colour classes 1..=3 (background colours among the 16).
fn class_colour(class: u8) -> Color {
    match class {
        1 => Color::Yellow,
        2 => Color::LightRed,
        _ => Color::Red,
    }
}

/// Choropleth fill without colour: density patterns.
fn class_pattern(class: u8, ascii: bool) -> &'static str {
    match (class, ascii) {
        (1, false) => "░",
        (2, false) => "▒",
        (_, false) => "▓",
        (1, true) => ":",
        (2, true) => "=",
        (_, true) => "#",
    }
}

pub fn render(frame: &mut Frame, area: Rect, app: &App) {
    let theme = &Theme::of(app);
    let state = app.map_state();
    let geo = &state.geo;
    let views = app.views();
    let mut title = format!("{} map, last 30 days", theme.glyph("·", "-"));
    match &state.source {
        GeoSource::Builtin | GeoSource::File(_) => title.push_str(&format!(" · {}", geo.name)),
        GeoSource::Failed(_) => title.push_str(" · map file not loaded"),
        GeoSource::None => title.push_str(" · no geography loaded ([board] map)"),
    }
    if state.zoom > 0 {
        title.push_str(&format!(" · zoom x{}", 1u32 << state.zoom));
    }
    let block = super::pane_block(
        app,
        Pane::Strikes,
        vec![Span::styled(
            format!("{} ", theme.punct(&title)),
            theme.strong(Role::Accent),
        )],
    );
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if inner.height < 4 || inner.width < 10 {
        return;
    }
    let map_area = Rect::new(inner.x, inner.y, inner.width, inner.height - 2);
    let proj = projection_for(app, map_area.width, map_area.height);
    let cursor = app.map_cursor();
    let cursor_region = app.map_cursor_region();
    let buf = frame.buffer_mut();

    // 1. The choropleth.
    let shade = state.shade;
    let values: Vec<u64> = match shade {
        Shade::Off => Vec::new(),
        Shade::Outages => views.map.outages.clone(),
        Shade::Strikes => views.map.strikes_7d.iter().map(|&n| u64::from(n)).collect(),
    };
    let breaks = classes(values.iter().copied().max().unwrap_or(0));
    let spans = region_spans(&proj, geo);
    let (w, h) = (usize::from(map_area.width), usize::from(map_area.height));
    let mut fill = vec![0u8; w * h];
    if shade != Shade::Off {
        for (r, region_spans) in spans.iter().enumerate() {
            let class = class_of(values.get(r).copied().unwrap_or(0), breaks);
            if class == 0 {
                continue;
            }
            for &(y, x0, x1) in region_spans {
                for x in x0..=x1 {
                    fill[usize::from(y) * w + usize::from(x)] = class;
                }
            }
        }
    }

    // 2. Lines: land, region borders, the outline, the cursor's region.
    let mut dots = Dots::new(map_area.width, map_area.height, theme.ascii);
    dots.polygons(&proj, &geo.land, Layer::Land);
    for region in &geo.regions {
        dots.polygons(&proj, &region.polygons, Layer::Region);
    }
    dots.polygons(&proj, &geo.outline, Layer::Outline);
    if let Some(region) = cursor_region.and_then(|r| geo.regions.get(r)) {
        if cursor.is_some_and(|i| app.board().strikes[i as usize].coords.is_none()) {
            dots.polygons(&proj, &region.polygons, Layer::Highlight);
        }
    }
    let line_style = |layer: u8| -> Style {
        match layer {
            4 => theme.strong(Role::Now),
            3 => theme.fg(Role::Accent),
            _ => theme.muted(),
        }
    };
    for y in 0..map_area.height {
        for x in 0..map_area.width {
            let at = usize::from(y) * w + usize::from(x);
            let cell = &mut buf[(map_area.x + x, map_area.y + y)];
            let class = fill[at];
            if let Some(symbol) = dots.symbol(at) {
                let mut style = line_style(dots.layer[at]);
                if class > 0 && theme.color {
                    style = style.bg(class_colour(class)).fg(Color::Black);
                }
                cell.set_symbol(&symbol).set_style(style);
            } else if class > 0 {
                if theme.color {
                    cell.set_symbol(" ")
                        .set_style(Style::new().bg(class_colour(class)));
                } else {
                    cell.set_symbol(class_pattern(class, theme.ascii));
                }
            }
        }
    }

    // 3. Markers (newest wins a cell), then labels around them, then the
    // markers again on top, the cursor last.
    let mut newest: Vec<Option<&MapPoint>> = vec![None; w * h];
    for p in &views.map.points {
        if let Some((x, y)) = proj.cell(p.lat, p.lon) {
            let at = usize::from(y) * w + usize::from(x);
            if newest[at].is_none_or(|q| p.age < q.age) {
                newest[at] = Some(p);
            }
        }
    }
    let cursor_cell = cursor
        .and_then(|i| app.board().strikes[i as usize].coords)
        .and_then(|(lat, lon)| proj.cell(lat, lon));
    let mut taken: Vec<(u16, u16)> = newest
        .iter()
        .enumerate()
        .filter(|(_, p)| p.is_some())
        .map(|(at, _)| ((at % w) as u16, (at / w) as u16))
        .collect();
    taken.extend(cursor_cell);
    // Label density follows the map's scale: how many columns the whole area
    // (the country) spans, not the pane's size.
    let area_cols = geo
        .extent
        .map_or(f64::from(map_area.width), |[_, _, w, e]| {
            (e - w) / proj.lon_per_col
        });
    let medium = area_cols >= 40.0;
    let large = area_cols >= 90.0;
    let city = |rank: u8| -> Vec<LabelWish> {
        geo.places
            .iter()
            .filter(|p| p.rank == rank)
            .filter_map(|place| {
                proj.cell(place.lat, place.lon).map(|at| LabelWish {
                    text: place.name.clone(),
                    at,
                    centred: false,
                })
            })
            .collect()
    };
    // Most important first: the main cities, the regional centres, the
    // region names, then the other cities.
    let mut wishes = city(1);
    if medium {
        wishes.extend(city(2));
    }
    // Region names where there is room: centred on the label point, and only
    // when both ends of the name are inside the region.
    {
        for (r, region) in geo.regions.iter().enumerate() {
            let Some(at) = proj.cell(region.label.0, region.label.1) else {
                continue;
            };
            let width = region.name.width() as u16;
            let x0 = at.0.saturating_sub(width / 2);
            let x1 = x0 + width.saturating_sub(1);
            let inside = |x: u16| {
                spans[r]
                    .iter()
                    .any(|&(y, a, b)| y == at.1 && a <= x && x <= b)
            };
            // An oblast named after its centre is named by that city's label.
            let city_named = wishes.iter().any(|w| !w.centred && w.text == region.name);
            if inside(x0) && inside(x1) && !city_named {
                wishes.push(LabelWish {
                    text: region.name.clone(),
                    at,
                    centred: true,
                });
            }
        }
    }
    if large {
        wishes.extend(city(3));
    }
    let placed = place_labels(&wishes, map_area.width, map_area.height, &taken);
    let city_style = theme.fg(Role::Accent);
    let region_style = if theme.color {
        theme.fg(Role::Muted).add_modifier(Modifier::ITALIC)
    } else {
        Style::new().add_modifier(Modifier::ITALIC)
    };
    for label in &placed {
        let wish = &wishes[label.wish];
        let (x, y) = (map_area.x + label.x, map_area.y + label.y);
        let is_city = !wish.centred;
        let style = if is_city { city_style } else { region_style };
        let style = with_fill_bg(buf, x, y, style, theme);
        buf.set_stringn(x, y, &wish.text, usize::from(label.width), style);
        if is_city {
            let (px, py) = (map_area.x + wish.at.0, map_area.y + wish.at.1);
            let style = with_fill_bg(buf, px, py, city_style, theme);
            buf[(px, py)].set_symbol("+").set_style(style);
        }
    }
    let marker_styles = [
        theme.strong(Role::Now),
        theme.fg(Role::Bad),
        theme.fg(Role::Warn),
    ];
    for (at, p) in newest.iter().enumerate() {
        let Some(p) = p else { continue };
        let (x, y) = ((at % w) as u16 + map_area.x, (at / w) as u16 + map_area.y);
        let style = marker_styles[usize::from(p.age.min(2))];
        let style = with_fill_bg(buf, x, y, style, theme);
        buf[(x, y)]
            .set_symbol(marker_for(p.age, p.exact, theme.ascii))
            .set_style(style);
    }
    if let Some((x, y)) = cursor_cell {
        buf[(map_area.x + x, map_area.y + y)]
            .set_symbol(theme.glyph("◉", "@"))
            .set_style(theme.strong(Role::Now).add_modifier(Modifier::REVERSED));
    }

    // 4. The legend and the cursor's line.
    let legend_y = inner.y + inner.height - 2;
    let legend = legend_line(app, theme, shade, breaks);
    buf.set_line(inner.x, legend_y, &legend, inner.width);
    let status = cursor_line(app, theme, inner.width);
    buf.set_line(inner.x, legend_y + 1, &status, inner.width);
}

/// A label's style over a shaded cell keeps the shading's background.
fn with_fill_bg(buf: &Buffer, x: u16, y: u16, style: Style, theme: &Theme) -> Style {
    match buf[(x, y)].bg {
        Color::Reset => style,
        bg if theme.color => style.bg(bg).fg(Color::Black),
        _ => style,
    }
}

fn legend_line(app: &App, theme: &Theme, shade: Shade, breaks: [u64; 3]) -> Line<'static> {
    let views = app.views();
    let state = app.map_state();
    let mut spans = vec![
        Span::styled(
            format!("{} ", marker_for(0, true, theme.ascii)),
            theme.strong(Role::Now),
        ),
        Span::raw("24 h  "),
        Span::styled(
            format!("{} ", marker_for(1, true, theme.ascii)),
            theme.fg(Role::Bad),
        ),
        Span::raw("7 d  "),
        Span::styled(
            format!("{} ", marker_for(2, true, theme.ascii)),
            theme.fg(Role::Warn),
        ),
        Span::raw("30 d  "),
        Span::styled("+", theme.fg(Role::Accent)),
        Span::raw(" city  "),
    ];
    if views.map.points.iter().any(|p| !p.exact) {
        spans.push(Span::styled(
            format!("{} ", marker_for(0, false, theme.ascii)),
            theme.strong(Role::Now),
        ));
        spans.push(Span::raw("place approximate  "));
    }
    if shade == Shade::Off {
        spans.push(Span::styled(
            format!("{} places", views.map.points.len()),
            theme.muted(),
        ));
    } else {
        let unit = match shade {
            Shade::Outages => "customers without power now",
            _ => "strikes in 7 days",
        };
        if breaks[2] == 0 {
            spans.push(Span::raw(format!("no {unit}")));
        } else {
            let mut low = 1;
            for (i, &high) in breaks.iter().enumerate() {
                if high < low {
                    continue;
                }
                let class = i as u8 + 1;
                let sample = if theme.color {
                    Span::styled("  ", Style::new().bg(class_colour(class)))
                } else {
                    Span::raw(class_pattern(class, theme.ascii).repeat(2))
                };
                spans.push(sample);
                let range = if low == high {
                    format!(" {} ", group(high))
                } else {
                    format!(" {}-{} ", group(low), group(high))
                };
                spans.push(Span::raw(range));
                low = high + 1;
            }
            spans.push(Span::raw(unit.to_string()));
        }
    }
    if let GeoSource::Failed(why) = &state.source {
        spans.push(Span::styled(
            format!("  map file not loaded: {why}"),
            theme.fg(Role::Bad),
        ));
    }
    Line::from(spans)
}

/// `1234567` as `1,234,567`.
fn group(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The strike under the cursor, then the map's keys.
fn cursor_line(app: &App, theme: &Theme, width: u16) -> Line<'static> {
    let keys = &app.config().keys;
    let label = |a: Action| keys.key_label(a, theme.ascii).unwrap_or_default();
    let hint = format!(
        "{}{} move  {} open  {}/{} zoom  {} shade  {} list oblast",
        label(Action::Up),
        label(Action::Down),
        label(Action::Open),
        label(Action::ZoomIn),
        label(Action::ZoomOut),
        label(Action::MapShade),
        label(Action::MapRegion),
    );
    let mut spans = Vec::new();
    if let Some(i) = app.map_cursor() {
        let s = &app.board().strikes[i as usize];
        let region = app
            .map_cursor_region()
            .and_then(|r| app.map_state().geo.regions.get(r))
            .map_or_else(|| s.oblast.to_string(), |r| r.name.clone());
        let dot = theme.glyph("·", "-");
        let mut text = format!(
            "{} {} {dot} {} {dot} {}",
            s.id,
            app.zone().at(s.time.at).format("%d %b %H:%M"),
            region,
            s.target.as_str(),
        );
        if let Some(f) = &s.facility {
            text.push_str(&format!(" {dot} {f}"));
        }
        if s.coords.is_none() {
            text.push_str(if app.map_cursor_region().is_some() {
                " (no coordinates: its region is outlined)"
            } else {
                " (no coordinates; region not on the map)"
            });
        }
        spans.push(Span::styled(
            format!("{} ", theme.glyph("▶", ">")),
            theme.strong(Role::Now),
        ));
        spans.push(Span::styled(super::text::one_line(&text), theme.bold()));
    } else {
        spans.push(Span::styled(
            "no strike in the last 30 days selected".to_string(),
            theme.muted(),
        ));
    }
    let used: usize = spans.iter().map(|s| s.content.width()).sum();
    let room = usize::from(width).saturating_sub(used);
    if room > hint.width() + 2 {
        spans.push(Span::raw(" ".repeat(room - hint.width())));
        spans.push(Span::styled(hint, theme.muted()));
    }
    Line::from(spans)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_whole_country_fits_with_its_true_shape() {
        let ukraine = [44.4, 52.4, 22.1, 40.2];
        for (w, h) in [(78, 9), (118, 30), (238, 62)] {
            let p = Projection::fit(ukraine, w, h, 0.03);
            let [s, n, west, e] = p.bounds();
            assert!(
                s <= 44.4 && n >= 52.4 && west <= 22.1 && e >= 40.2,
                "{w}x{h}"
            );
            // A degree of latitude is twice as many columns as rows... times
            // cos(latitude) for longitude: check that ground distances match.
            let k = cos_lat(48.4);
            let ratio = (p.lat_per_row) / (p.lon_per_col * k);
            assert!((ratio - 2.0).abs() < 0.05, "{ratio}");
        }
    }

    #[test]
    fn markers_have_one_glyph_per_age() {
        assert_eq!(marker_for(0, true, false), "●");
        assert_eq!(marker_for(2, true, true), "o");
        assert_eq!(
            marker_for(0, false, false),
            "○",
            "hollow: not the site itself"
        );
        assert_eq!(marker_for(1, false, true), "c");
    }

    /// A tiny deterministic generator (no dependency for one test).
    struct Lcg(u64);
    impl Lcg {
        fn next(&mut self, n: u64) -> u64 {
            self.0 = self
                .0
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (self.0 >> 33) % n.max(1)
        }
    }

    #[test]
    fn labels_never_overlap_each_other_or_markers() {
        let mut rng = Lcg(14);
        for _ in 0..500 {
            let (w, h) = (10 + rng.next(230) as u16, 3 + rng.next(70) as u16);
            let taken: Vec<(u16, u16)> = (0..rng.next(60))
                .map(|_| (rng.next(u64::from(w)) as u16, rng.next(u64::from(h)) as u16))
                .collect();
            let wishes: Vec<LabelWish> = (0..rng.next(80))
                .map(|i| LabelWish {
                    text: "Kyiv Zaporizhzhia Odesa"
                        .chars()
                        .take(2 + rng.next(18) as usize)
                        .collect::<String>()
                        + &i.to_string(),
                    at: (rng.next(u64::from(w)) as u16, rng.next(u64::from(h)) as u16),
                    centred: rng.next(2) == 0,
                })
                .collect();
            let placed = place_labels(&wishes, w, h, &taken);
            let mut cells = std::collections::HashSet::new();
            for p in &placed {
                assert!(p.x + p.width <= w && p.y < h, "inside the map");
                for x in p.x..p.x + p.width {
                    assert!(cells.insert((x, p.y)), "labels overlap at {x},{}", p.y);
                    assert!(!taken.contains(&(x, p.y)), "a label covers a marker");
                }
            }
            // A city's point is drawn too: it must not be under another label.
            for p in &placed {
                let wish = &wishes[p.wish];
                if !wish.centred {
                    let own = (wish.at.0, wish.at.1);
                    let covered = placed.iter().any(|q| {
                        q.wish != p.wish && q.y == own.1 && (q.x..q.x + q.width).contains(&own.0)
                    });
                    assert!(!covered, "a city's point under another label");
                }
            }
        }
    }
}
