//! The map's state: which geography it draws, zoom, the choropleth measure,
//! and the derived data it draws (computed when the data or the view changes,
//! never while drawing).
//!
//! The geography is the board's own (`[board] map = "FILE"`), else the
//! built-in map of Ukraine when the records are about Ukraine, else none: the
//! map then fits the records' own coordinates and says no geography is loaded.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::path::PathBuf;
use std::sync::Arc;

use chrono::{DateTime, Utc};

use crate::geo::{Bounds, Geography};
pub use crate::load::facts::{StrikeFact, strike_facts};
use crate::model::Board;

/// The deepest zoom: each step halves the span shown.
pub const MAX_ZOOM: u8 = 6;

/// What the choropleth shades each region by.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Shade {
    #[default]
    Off,
    /// Customers without power now.
    Outages,
    /// Strikes in the last 7 days.
    Strikes,
}

impl Shade {
    /// `o`: off → outages → strikes → off.
    #[must_use]
    pub fn next(self) -> Shade {
        match self {
            Shade::Off => Shade::Outages,
            Shade::Outages => Shade::Strikes,
            Shade::Strikes => Shade::Off,
        }
    }
}

/// Where the geography came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum GeoSource {
    /// The built-in map of Ukraine.
    Builtin,
    /// The board's map file (its name as the board wrote it, resolved).
    File(String),
    /// The board's map file could not be used: why.
    Failed(String),
    /// No map file and the records are not about Ukraine.
    None,
}

/// A strike on the map: where, how recent, and which record.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct MapPoint {
    pub lat: f64,
    pub lon: f64,
    /// 0: last 24 h, 1: last 7 days, 2: last 30 days.
    pub age: u8,
    /// The place is the site itself ([`crate::model::Strike::is_exact_place`]);
    /// the map draws any other as a hollow marker (docs/data-format.md#precision).
    pub exact: bool,
    /// Index into `board.strikes`.
    pub strike: u32,
}

/// Everything the map pane draws besides the geography.
#[derive(Clone, Debug, Default)]
pub struct MapData {
    /// Strikes of the last 30 days with coordinates (one per spot: the newest).
    pub points: Vec<MapPoint>,
    /// South, north, west, east edges of `points`.
    pub bounds: Option<Bounds>,
    /// Per region of the geography: customers without power now.
    pub outages: Vec<u64>,
    /// Per region: strikes in the last 7 days.
    pub strikes_7d: Vec<u32>,
    /// Strikes of the last 30 days (listed, with or without coordinates), as
    /// positions in the Strikes list: where the map's cursor can stand.
    pub cursor_stops: Vec<usize>,
    /// The region of each cursor stop's strike (same order as `cursor_stops`).
    pub stop_regions: Vec<Option<u16>>,
}

/// The map's view and geography.
#[derive(Clone, Debug)]
pub struct MapState {
    pub zoom: u8,
    pub shade: Shade,
    pub geo: Arc<Geography>,
    pub source: GeoSource,
    /// The map file read last, with its modification time (read again only
    /// when either changes).
    read: Option<(PathBuf, Option<std::time::SystemTime>)>,
    /// The board's map file and why it could not be used (shown in the
    /// problems list).
    pub failure: Option<(String, crate::geo::GeoError)>,
    /// What the map needs of each strike, for the current board and
    /// geography (`None`: to compute; forgotten whenever either changes).
    /// Shared, so a test can tell the very same facts from facts made again.
    pub strike_facts: Option<Arc<[StrikeFact]>>,
}

impl Default for MapState {
    fn default() -> Self {
        MapState {
            zoom: 0,
            shade: Shade::Off,
            geo: crate::geo::builtin(),
            source: GeoSource::Builtin,
            read: None,
            failure: None,
            strike_facts: None,
        }
    }
}

impl MapState {
    /// Picks the geography for a board: its map file, else the built-in one
    /// when the records are about Ukraine (or have no coordinates), else none.
    /// Reads the map file only when its path or modification time changed.
    /// The strikes' facts are kept when the board holds the very strikes of
    /// the one before (`same_strikes`) and the geography is the same: a small
    /// file's change does not place 100,000 strikes again.
    pub fn choose_geography(&mut self, board: &Board, same_strikes: bool) {
        let before = Arc::clone(&self.geo);
        self.pick_geography(board);
        if !same_strikes || !Arc::ptr_eq(&before, &self.geo) {
            self.strike_facts = None;
        }
    }

    /// Takes the strikes the reload worker placed by the built-in geography
    /// when that is the geography shown and none are placed for this board
    /// yet: a million strikes are then not placed on the interface thread.
    pub fn take_placed(&mut self, placed: Option<Arc<[StrikeFact]>>) {
        if self.strike_facts.is_none() && Arc::ptr_eq(&self.geo, &crate::geo::builtin()) {
            self.strike_facts = placed;
        }
    }

    fn pick_geography(&mut self, board: &Board) {
        if let Some(map) = &board.meta.map {
            let modified = std::fs::metadata(&map.path).and_then(|m| m.modified()).ok();
            let key = (map.path.clone(), modified);
            if self.read.as_ref() == Some(&key) {
                return;
            }
            self.read = Some(key);
            let display = map.path.display().to_string();
            match read_map_file(&map.path) {
                Ok(geo) => {
                    self.geo = Arc::new(geo);
                    self.source = GeoSource::File(display);
                    self.failure = None;
                }
                Err(why) => {
                    self.geo = Arc::new(Geography::default());
                    self.source = GeoSource::Failed(format!("{display}:{why}"));
                    self.failure = Some((display, why));
                }
            }
            return;
        }
        self.read = None;
        self.failure = None;
        let builtin = crate::geo::builtin();
        let mut with_coords = board.strikes.iter().filter_map(|s| s.coords).peekable();
        let about_ukraine =
            with_coords.peek().is_none() || with_coords.any(|(lat, lon)| builtin.covers(lat, lon));
        if about_ukraine {
            self.geo = builtin;
            self.source = GeoSource::Builtin;
        } else {
            self.geo = Arc::new(Geography::default());
            self.source = GeoSource::None;
        }
    }
}

/// Reads and parses a map file; the error is its first problem.
pub fn read_map_file(path: &std::path::Path) -> Result<Geography, crate::geo::GeoError> {
    let text = std::fs::read_to_string(path).map_err(|e| crate::geo::GeoError {
        line: 1,
        col: 1,
        message: format!("cannot read the map file: {e}"),
    })?;
    let name = path
        .file_stem()
        .map_or_else(|| "map".to_string(), |s| s.to_string_lossy().into_owned());
    crate::geo::parse(&text, &name).map_err(|errors| {
        errors.into_iter().next().unwrap_or(crate::geo::GeoError {
            line: 1,
            col: 1,
            message: "not a map file".to_string(),
        })
    })
}

/// A small multiplicative hash for map-cell keys (`SipHash` is most of the cost
/// of deduplicating 100,000 markers; these keys come from our own grid, not
/// from an adversary).
#[derive(Default)]
pub struct CellHasher(u64);

impl Hasher for CellHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(u64::from(b));
        }
    }

    fn write_i32(&mut self, i: i32) {
        self.write_u64(u64::from(u32::from_ne_bytes(i.to_ne_bytes())));
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
}

/// The map's data for the listed strikes (`list`: indexes into
/// `board.strikes`, newest first). Outages are summed only when `outages` is
/// asked for (the choropleth shows them): on 100,000 strikes they are most of
/// the cost.
pub fn map_data(
    board: &Board,
    list: &[u32],
    facts: &[StrikeFact],
    geo: &Geography,
    now: DateTime<Utc>,
    outages: bool,
) -> MapData {
    let mut data = MapData {
        outages: vec![0; geo.regions.len()],
        strikes_7d: vec![0; geo.regions.len()],
        ..MapData::default()
    };
    let (now_s, day) = (now.timestamp(), 86_400);
    // Many strikes on one spot draw as one marker (the most recent one's), so
    // drawing the map costs what the screen can show, not what the data holds.
    let mut seen: HashMap<(i32, i32), usize, BuildHasherDefault<CellHasher>> = HashMap::default();
    for (pos, &i) in list.iter().enumerate() {
        let Some(fact) = facts.get(i as usize) else {
            continue;
        };
        let age = now_s - fact.at;
        let recent = (0..30 * day).contains(&age);
        if !outages && age >= 30 * day {
            // The list is newest first: nothing older is drawn or counted.
            break;
        }
        // Only the outages need the record itself (its restoration time).
        let out = if outages {
            board.strikes[i as usize].customers_out_at(now)
        } else {
            0
        };
        if out == 0 && !recent {
            continue;
        }
        let region = fact.region.map(usize::from);
        if let Some(r) = region {
            data.outages[r] += out;
        }
        if !recent {
            continue;
        }
        if let Some(r) = region {
            if age < 7 * day {
                data.strikes_7d[r] += 1;
            }
        }
        data.cursor_stops.push(pos);
        data.stop_regions.push(fact.region);
        let Some((lat, lon)) = fact.coords else {
            continue;
        };
        let age = if age < day {
            0
        } else if age < 7 * day {
            1
        } else {
            2
        };
        let p = MapPoint {
            lat,
            lon,
            age,
            exact: fact.exact,
            strike: i,
        };
        let key = ((lat * 20.0) as i32, (lon * 20.0) as i32);
        match seen.get(&key) {
            Some(&at) if data.points[at].age <= p.age => {}
            Some(&at) => data.points[at] = p,
            None => {
                seen.insert(key, data.points.len());
                data.points.push(p);
            }
        }
    }
    data.bounds = crate::geo::bounds_of(data.points.iter().map(|p| (p.lat, p.lon)));
    data
}

/// Class breaks for a choropleth: `values` into 0 (none) and 1..=3, with the
/// upper bound of each class (for the legend).
pub fn classes(max: u64) -> [u64; 3] {
    if max == 0 {
        return [0, 0, 0];
    }
    let third = max.div_ceil(3);
    [third, (2 * third).min(max), max]
}

/// The class (0 none, 1..=3) of a value under `breaks`.
pub fn class_of(value: u64, breaks: [u64; 3]) -> u8 {
    if value == 0 {
        0
    } else if value <= breaks[0] {
        1
    } else if value <= breaks[1] {
        2
    } else {
        3
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_cover_every_value_up_to_the_largest() {
        let breaks = classes(10);
        assert_eq!(breaks, [4, 8, 10]);
        assert_eq!(class_of(0, breaks), 0);
        assert_eq!(class_of(1, breaks), 1);
        assert_eq!(class_of(5, breaks), 2);
        assert_eq!(class_of(10, breaks), 3);
        assert_eq!(classes(1), [1, 1, 1]);
        assert_eq!(class_of(1, classes(1)), 1);
    }

    #[test]
    fn shade_cycles_off_outages_strikes() {
        assert_eq!(Shade::Off.next(), Shade::Outages);
        assert_eq!(Shade::Outages.next(), Shade::Strikes);
        assert_eq!(Shade::Strikes.next(), Shade::Off);
    }
}
