//! Geography: outlines, named regions and places that the map draws and that
//! strike reports are counted in.
//!
//! The built-in geography is Ukraine's ([`builtin`]: Natural Earth boundaries of
//! Ukraine, its neighbours and its 27 oblast-level regions, compiled in from
//! `assets/map/ukraine.geojson`). A board about another place names its own
//! `GeoJSON` file in `[board] map`; [`parse`] reads either.
//!
//! Pure: text in, [`Geography`] out; no I/O, no terminal. Coordinates are WGS 84
//! degrees, kept as `(lat, lon)` once read (`GeoJSON` writes `[lon, lat]`).

mod grid;
mod parse;

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

pub use parse::{GeoError, parse};

/// The built-in geography, as `GeoJSON` (see `assets/map/README.md`).
pub const BUILTIN_GEOJSON: &str = include_str!("../../assets/map/ukraine.geojson");

/// South, north, west, east edges in degrees.
pub type Bounds = [f64; 4];

/// One polygon: its outer ring first, then its holes; each ring `(lat, lon)`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Polygon {
    pub rings: Vec<Vec<(f64, f64)>>,
    pub bounds: Bounds,
}

impl Polygon {
    pub fn new(rings: Vec<Vec<(f64, f64)>>) -> Polygon {
        let bounds = bounds_of(rings.iter().flatten().copied()).unwrap_or_default();
        Polygon { rings, bounds }
    }

    /// Whether the point is inside (even-odd over every ring, so holes are out).
    pub fn contains(&self, lat: f64, lon: f64) -> bool {
        let [s, n, w, e] = self.bounds;
        if lat < s || lat > n || lon < w || lon > e {
            return false;
        }
        let mut inside = false;
        for ring in &self.rings {
            let mut j = ring.len().wrapping_sub(1);
            for (i, &(yi, xi)) in ring.iter().enumerate() {
                let (yj, xj) = ring[j];
                if (yi > lat) != (yj > lat) && lon < (xj - xi) * (lat - yi) / (yj - yi) + xi {
                    inside = !inside;
                }
                j = i;
            }
        }
        inside
    }

    /// The longitudes where the line of latitude `lat` crosses the polygon's
    /// rings, west to east: between each pair the line is inside.
    pub fn crossings(&self, lat: f64) -> Vec<f64> {
        let mut xs: Vec<f64> = Vec::new();
        for ring in &self.rings {
            for pair in ring.windows(2) {
                let ((y1, x1), (y2, x2)) = (pair[0], pair[1]);
                if (y1 > lat) != (y2 > lat) {
                    xs.push(x1 + (lat - y1) * (x2 - x1) / (y2 - y1));
                }
            }
        }
        xs.sort_by(f64::total_cmp);
        xs
    }
}

/// A named area strikes and outages are counted in (an oblast, for Ukraine).
#[derive(Clone, Debug, PartialEq)]
pub struct Region {
    pub name: String,
    /// Other spellings it is known by (other languages, adjective forms).
    pub aliases: Vec<String>,
    pub polygons: Vec<Polygon>,
    /// Where its name is best written, `(lat, lon)`.
    pub label: (f64, f64),
    pub bounds: Bounds,
}

impl Region {
    pub fn contains(&self, lat: f64, lon: f64) -> bool {
        self.polygons.iter().any(|p| p.contains(lat, lon))
    }
}

/// A place worth a label: a city.
#[derive(Clone, Debug, PartialEq)]
pub struct Place {
    pub name: String,
    pub lat: f64,
    pub lon: f64,
    /// 1: always worth a label; 2: regional centre; 3: when there is room.
    pub rank: u8,
}

/// Everything the map draws and the regions strikes are counted in.
#[derive(Clone, Debug, Default)]
pub struct Geography {
    /// What it shows ("Ukraine", or the map file's name).
    pub name: String,
    /// The home country's outline (drawn strongest).
    pub outline: Vec<Polygon>,
    /// Land around it (neighbouring countries), drawn faintly.
    pub land: Vec<Polygon>,
    pub regions: Vec<Region>,
    pub places: Vec<Place>,
    /// The area to fit when the whole map is shown: the outline's, else the
    /// regions', else everything's.
    pub extent: Option<Bounds>,
    names: HashMap<String, usize>,
    /// Built on first use by [`Geography::region_at`].
    grid: OnceLock<Option<grid::RegionGrid>>,
}

/// The built-in geography (parsed once, on first use).
pub fn builtin() -> Arc<Geography> {
    static BUILTIN: OnceLock<Arc<Geography>> = OnceLock::new();
    BUILTIN
        .get_or_init(|| {
            // The asset is checked by a test; a broken build of it draws an
            // empty map rather than failing the board.
            Arc::new(parse(BUILTIN_GEOJSON, "Ukraine").unwrap_or_default())
        })
        .clone()
}

impl Geography {
    /// Indexes region names and aliases (called once the regions are read).
    fn index_names(&mut self) {
        self.names.clear();
        // Names first, then aliases: an alias never takes a region's own name.
        for (i, region) in self.regions.iter().enumerate() {
            self.names.entry(normalise(&region.name)).or_insert(i);
        }
        for (i, region) in self.regions.iter().enumerate() {
            for alias in &region.aliases {
                self.names.entry(normalise(alias)).or_insert(i);
            }
        }
        let all = |polys: &mut dyn Iterator<Item = &Polygon>| polys.map(|p| p.bounds).reduce(union);
        self.extent = all(&mut self.outline.iter())
            .or_else(|| all(&mut self.regions.iter().flat_map(|r| r.polygons.iter())))
            .or_else(|| all(&mut self.land.iter()));
    }

    /// The region a name written in a record means: its name or any alias, with
    /// case, apostrophes, hyphens and a trailing "oblast"/"область"/"region"
    /// ignored ("Kyivska", "Київська", "Kyiv oblast" are one region).
    pub fn resolve(&self, written: &str) -> Option<usize> {
        self.names.get(&normalise(written)).copied()
    }

    /// The region a point lies in.
    pub fn region_at(&self, lat: f64, lon: f64) -> Option<usize> {
        let grid = self
            .grid
            .get_or_init(|| grid::RegionGrid::build(&self.regions));
        match grid.as_ref().map(|g| g.hit(lat, lon)) {
            Some(grid::Hit::Region(r)) => Some(r),
            Some(grid::Hit::Outside) => None,
            Some(grid::Hit::Unsure) | None => self.region_at_exactly(lat, lon),
        }
    }

    /// The region a point lies in, testing every region's polygons.
    pub fn region_at_exactly(&self, lat: f64, lon: f64) -> Option<usize> {
        self.regions.iter().position(|r| r.contains(lat, lon))
    }

    /// Every name a region is known by, normalised as [`Geography::resolve`]
    /// compares them (for "did you mean").
    pub fn known_names(&self) -> impl Iterator<Item = (&str, usize)> {
        self.names.iter().map(|(k, &v)| (k.as_str(), v))
    }

    /// Whether a point is within the area this geography covers (its extent,
    /// with a margin of a quarter of its size).
    pub fn covers(&self, lat: f64, lon: f64) -> bool {
        self.extent.is_some_and(|[s, n, w, e]| {
            let (dl, dw) = ((n - s) / 4.0, (e - w) / 4.0);
            (s - dl..=n + dl).contains(&lat) && (w - dw..=e + dw).contains(&lon)
        })
    }
}

/// The union of two bounds.
pub fn union(a: Bounds, b: Bounds) -> Bounds {
    [
        a[0].min(b[0]),
        a[1].max(b[1]),
        a[2].min(b[2]),
        a[3].max(b[3]),
    ]
}

/// The bounds of `(lat, lon)` points.
pub fn bounds_of(points: impl Iterator<Item = (f64, f64)>) -> Option<Bounds> {
    points.fold(None, |acc, (lat, lon)| {
        Some(match acc {
            None => [lat, lat, lon, lon],
            Some(b) => union(b, [lat, lat, lon, lon]),
        })
    })
}

/// Words after a region's name that do not change which region it is.
const SUFFIXES: &[&str] = &[
    "oblast",
    "obl",
    "oblast'",
    "область",
    "обл",
    "region",
    "province",
    "oblasti",
];

/// A region name as compared: lower case, no apostrophes or dots, hyphens as
/// spaces, single spaces, without a trailing "oblast" (or its kin) or a
/// qualifier in parentheses.
pub fn normalise(name: &str) -> String {
    // A qualifier in parentheses ("Kyiv oblast (south)") names a part of
    // the region, not another one.
    let mut plain = String::with_capacity(name.len());
    let mut depth = 0usize;
    for c in name.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            c if depth == 0 => plain.push(c),
            _ => {}
        }
    }
    let lower: String = plain
        .to_lowercase()
        .chars()
        .filter(|c| !matches!(c, '\'' | '’' | 'ʼ' | '`' | '.' | ','))
        .map(|c| if c == '-' || c == '_' { ' ' } else { c })
        .collect();
    let mut words: Vec<&str> = lower.split_whitespace().collect();
    while words.len() > 1 && words.last().is_some_and(|w| SUFFIXES.contains(w)) {
        words.pop();
    }
    words.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_builtin_geography_has_ukraines_27_regions() {
        let geo = builtin();
        assert_eq!(geo.regions.len(), 27);
        assert_eq!(geo.outline.len(), 4, "mainland and islands");
        assert!(geo.places.iter().any(|p| p.name == "Kyiv" && p.rank == 1));
        let [s, n, w, e] = geo.extent.expect("an extent");
        assert!(
            s < 44.5 && n > 52.2 && w < 22.3 && e > 40.1,
            "{:?}",
            geo.extent
        );
    }

    #[test]
    fn spellings_resolve_to_one_region() {
        let geo = builtin();
        let kyiv_oblast = geo.resolve("Kyiv").expect("Kyiv");
        for written in [
            "Kyivska",
            "Київська",
            "Kyiv oblast",
            "Kyiv Oblast",
            "kiev region",
        ] {
            assert_eq!(geo.resolve(written), Some(kyiv_oblast), "{written}");
        }
        let city = geo.resolve("Kyiv City").expect("Kyiv City");
        assert_ne!(city, kyiv_oblast);
        assert_eq!(geo.resolve("м. Київ"), Some(city));
        assert_eq!(
            geo.resolve("Zaporiz'ka oblast"),
            geo.resolve("Zaporizhzhia")
        );
        assert_eq!(geo.resolve("Atlantis"), None);
    }

    #[test]
    fn points_fall_in_their_oblast() {
        let geo = builtin();
        let name = |lat, lon| {
            geo.region_at(lat, lon)
                .map(|i| geo.regions[i].name.as_str())
        };
        assert_eq!(name(49.99, 36.23), Some("Kharkiv"));
        assert_eq!(name(50.45, 30.52), Some("Kyiv City"));
        assert_eq!(name(50.10, 30.00), Some("Kyiv"));
        assert_eq!(name(44.95, 34.10), Some("Crimea"));
        assert_eq!(name(44.60, 33.55), Some("Sevastopol"));
        assert_eq!(name(52.23, 21.01), None, "Warsaw");
    }

    #[test]
    fn the_grid_places_points_as_the_exact_test_does() {
        let geo = builtin();
        let mut state = 7u64;
        let mut next = || {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (state >> 11) as f64 / (1u64 << 53) as f64
        };
        for _ in 0..20_000 {
            let (lat, lon) = (43.0 + next() * 10.0, 21.0 + next() * 21.0);
            assert_eq!(
                geo.region_at(lat, lon),
                geo.region_at_exactly(lat, lon),
                "{lat}, {lon}"
            );
        }
    }

    #[test]
    fn normalising_drops_case_apostrophes_and_oblast() {
        assert_eq!(normalise("  Ivano-Frankivs'k  Oblast "), "ivano frankivsk");
        assert_eq!(normalise("Oblast"), "oblast");
        assert_eq!(normalise("Київська область"), "київська");
        assert_eq!(normalise("Kyiv oblast (south)"), "kyiv");
    }
}
