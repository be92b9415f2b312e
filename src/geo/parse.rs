//! `GeoJSON` into a [`Geography`] (docs/data-format.md, "Map files").
//!
//! A `FeatureCollection` whose features say what they are in
//! `properties.kind`: `"outline"` (the home country), `"land"` (around it),
//! `"region"` (named, with optional `aliases` and `label`) or `"place"` (a named
//! Point with an optional `rank` 1 to 3). Without `kind`: a Point is a place, a
//! named polygon a region, an unnamed one outline. Other geometry types and
//! other properties are ignored, so files exported from GIS tools load as they
//! are.

use serde::Deserialize;
use serde_json::Value;

use super::{Geography, Place, Polygon, Region};

/// What is wrong with a map file, and where (1-based line and column).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GeoError {
    pub line: u32,
    pub col: u32,
    pub message: String,
}

impl std::fmt::Display for GeoError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}: {}", self.line, self.col, self.message)
    }
}

#[derive(Deserialize)]
struct Doc {
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    features: Vec<Feature>,
}

#[derive(Deserialize)]
struct Feature {
    #[serde(default)]
    geometry: Option<Geometry>,
    #[serde(default)]
    properties: Option<Props>,
}

#[derive(Deserialize)]
struct Geometry {
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    coordinates: Value,
}

#[derive(Deserialize, Default)]
struct Props {
    kind: Option<String>,
    name: Option<String>,
    #[serde(default)]
    aliases: Vec<String>,
    label: Option<[f64; 2]>,
    rank: Option<u8>,
}

const KINDS: &str = "\"outline\", \"land\", \"region\" or \"place\"";

/// Reads a map file's text; `name` is what the map says it shows.
pub fn parse(text: &str, name: &str) -> Result<Geography, Vec<GeoError>> {
    let doc: Doc = serde_json::from_str(text).map_err(|e| {
        vec![GeoError {
            line: u32::try_from(e.line()).unwrap_or(u32::MAX).max(1),
            col: u32::try_from(e.column()).unwrap_or(u32::MAX).max(1),
            message: format!("not a GeoJSON map: {}", strip_position(&e.to_string())),
        }]
    })?;
    let starts = feature_starts(text);
    let at = |i: usize, message: String| {
        let (line, col) = starts
            .get(i)
            .map_or((1, 1), |&offset| line_col(text, offset));
        GeoError { line, col, message }
    };
    let mut errors = Vec::new();
    if doc.kind != "FeatureCollection" {
        errors.push(GeoError {
            line: 1,
            col: 1,
            message: format!(
                "type is \"{}\"; a map file is a \"FeatureCollection\"",
                doc.kind
            ),
        });
    }
    let mut geo = Geography {
        name: name.to_string(),
        ..Geography::default()
    };
    for (i, feature) in doc.features.into_iter().enumerate() {
        let Some(geometry) = feature.geometry else {
            continue;
        };
        let props = feature.properties.unwrap_or_default();
        let n = i + 1;
        let kind = props.kind.clone().unwrap_or_else(|| {
            match (geometry.kind.as_str(), &props.name) {
                ("Point", _) => "place",
                (_, Some(_)) => "region",
                _ => "outline",
            }
            .to_string()
        });
        match kind.as_str() {
            "place" => {
                let point = (geometry.kind == "Point")
                    .then(|| position(&geometry.coordinates))
                    .flatten();
                match (point, props.name) {
                    (Some(Ok((lat, lon))), Some(name)) => geo.places.push(Place {
                        name,
                        lat,
                        lon,
                        rank: props.rank.unwrap_or(2).clamp(1, 3),
                    }),
                    (Some(Err(message)), _) => {
                        errors.push(at(i, format!("feature {n}: {message}")));
                    }
                    (None, _) => errors.push(at(
                        i,
                        format!("feature {n}: a place is a Point, found a {}", geometry.kind),
                    )),
                    (_, None) => errors.push(at(i, format!("feature {n}: a place needs a name"))),
                }
            }
            "outline" | "land" | "region" => {
                let polygons = match polygons(&geometry) {
                    Ok(Some(p)) => p,
                    Ok(None) if kind == "region" => {
                        errors.push(at(
                            i,
                            format!(
                                "feature {n}: a region is a Polygon or MultiPolygon, found a {}",
                                geometry.kind
                            ),
                        ));
                        continue;
                    }
                    Ok(None) => continue,
                    Err(message) => {
                        errors.push(at(i, format!("feature {n}: {message}")));
                        continue;
                    }
                };
                match kind.as_str() {
                    "outline" => {
                        // The map is named after its home country when the
                        // outline says which.
                        if let Some(name) = props.name.filter(|_| geo.outline.is_empty()) {
                            geo.name = name;
                        }
                        geo.outline.extend(polygons);
                    }
                    "land" => geo.land.extend(polygons),
                    _ => {
                        let Some(name) = props.name.filter(|s| !s.trim().is_empty()) else {
                            errors.push(at(i, format!("feature {n}: a region needs a name")));
                            continue;
                        };
                        let bounds = polygons
                            .iter()
                            .map(|p| p.bounds)
                            .reduce(super::union)
                            .unwrap_or_default();
                        let label = props.label.map_or_else(
                            || label_point(&polygons, bounds),
                            |[lon, lat]| (lat, lon),
                        );
                        geo.regions.push(Region {
                            name,
                            aliases: props.aliases,
                            polygons,
                            label,
                            bounds,
                        });
                    }
                }
            }
            other => errors.push(at(
                i,
                format!("feature {n}: kind \"{other}\" is not {KINDS}"),
            )),
        }
    }
    if errors.is_empty() {
        geo.index_names();
        Ok(geo)
    } else {
        Err(errors)
    }
}

/// `serde_json` appends " at line L column C"; the position is given apart.
fn strip_position(message: &str) -> &str {
    message
        .rfind(" at line ")
        .map_or(message, |cut| &message[..cut])
}

/// A `[lon, lat]` position as `(lat, lon)`, checked.
fn position(value: &Value) -> Option<Result<(f64, f64), String>> {
    let pair = value.as_array()?;
    let (Some(lon), Some(lat)) = (
        pair.first().and_then(Value::as_f64),
        pair.get(1).and_then(Value::as_f64),
    ) else {
        return Some(Err("a position is [longitude, latitude]".to_string()));
    };
    if !(-90.0..=90.0).contains(&lat) || !(-180.0..=180.0).contains(&lon) {
        return Some(Err(format!(
            "position [{lon}, {lat}] is not [longitude, latitude] in degrees (longitude -180 to 180, latitude -90 to 90)"
        )));
    }
    Some(Ok((lat, lon)))
}

fn ring(value: &Value) -> Result<Vec<(f64, f64)>, String> {
    let points = value
        .as_array()
        .ok_or_else(|| "a ring is a list of positions".to_string())?;
    let ring = points
        .iter()
        .map(|p| position(p).unwrap_or_else(|| Err("a position is [longitude, latitude]".into())))
        .collect::<Result<Vec<_>, _>>()?;
    if ring.len() < 4 {
        return Err(format!(
            "a ring has at least 4 positions (the last one repeating the first), found {}",
            ring.len()
        ));
    }
    Ok(ring)
}

fn polygon(value: &Value) -> Result<Polygon, String> {
    let rings = value
        .as_array()
        .ok_or_else(|| "a polygon is a list of rings".to_string())?;
    Ok(Polygon::new(
        rings.iter().map(ring).collect::<Result<_, _>>()?,
    ))
}

/// The polygons of a `Polygon` or `MultiPolygon` (`None` for other geometry types).
fn polygons(geometry: &Geometry) -> Result<Option<Vec<Polygon>>, String> {
    match geometry.kind.as_str() {
        "Polygon" => Ok(Some(vec![polygon(&geometry.coordinates)?])),
        "MultiPolygon" => {
            let list = geometry
                .coordinates
                .as_array()
                .ok_or_else(|| "a MultiPolygon is a list of polygons".to_string())?;
            Ok(Some(list.iter().map(polygon).collect::<Result<_, _>>()?))
        }
        _ => Ok(None),
    }
}

/// Where to write a region's name when the file gives no `label`: the middle of
/// its widest row inside its largest polygon, at the polygon's middle latitude.
fn label_point(polygons: &[Polygon], bounds: super::Bounds) -> (f64, f64) {
    let Some(largest) = polygons.iter().max_by(|a, b| {
        let area = |p: &Polygon| (p.bounds[1] - p.bounds[0]) * (p.bounds[3] - p.bounds[2]);
        area(a).total_cmp(&area(b))
    }) else {
        return (
            f64::midpoint(bounds[0], bounds[1]),
            f64::midpoint(bounds[2], bounds[3]),
        );
    };
    let [s, n, w, e] = largest.bounds;
    let lat = f64::midpoint(s, n);
    // Crossings of the middle latitude, paired: the widest span inside.
    let xs = largest.crossings(lat);
    let best = xs
        .chunks_exact(2)
        .max_by(|a, b| (a[1] - a[0]).total_cmp(&(b[1] - b[0])));
    let lon = best.map_or(f64::midpoint(w, e), |span| f64::midpoint(span[0], span[1]));
    (lat, lon)
}

/// Byte offsets where each element of the top-level `"features"` array starts
/// (so a problem with a feature names its line).
fn feature_starts(text: &str) -> Vec<usize> {
    let bytes = text.as_bytes();
    let mut starts = Vec::new();
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    let mut string_start = 0;
    let mut last_key: Option<(usize, usize)> = None;
    let mut features_depth: Option<usize> = None;
    let mut expect_element = false;
    for (i, &b) in bytes.iter().enumerate() {
        if in_string {
            if escaped {
                escaped = false;
            } else if b == b'\\' {
                escaped = true;
            } else if b == b'"' {
                in_string = false;
                last_key = Some((string_start, i));
            }
            continue;
        }
        if expect_element && !b.is_ascii_whitespace() && b != b']' {
            starts.push(i);
            expect_element = false;
        }
        match b {
            b'"' => {
                in_string = true;
                string_start = i + 1;
            }
            b'{' => depth += 1,
            b'[' => {
                depth += 1;
                let is_features =
                    depth == 2 && last_key.is_some_and(|(a, z)| &text[a..z] == "features");
                if is_features && features_depth.is_none() {
                    features_depth = Some(depth);
                    expect_element = true;
                }
            }
            b'}' | b']' => {
                if features_depth == Some(depth) {
                    features_depth = Some(usize::MAX);
                }
                depth = depth.saturating_sub(1);
            }
            b',' if features_depth == Some(depth) => expect_element = true,
            _ => {}
        }
    }
    starts
}

/// 1-based line and column (in characters) of a byte offset.
fn line_col(text: &str, offset: usize) -> (u32, u32) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (
        u32::try_from(line).unwrap_or(u32::MAX),
        u32::try_from(col).unwrap_or(u32::MAX),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const SMALL: &str = r#"{"type": "FeatureCollection", "features": [
  {"type": "Feature", "properties": {"name": "North"},
   "geometry": {"type": "Polygon", "coordinates": [[[0,1],[2,1],[2,2],[0,2],[0,1]]]}},
  {"type": "Feature", "properties": {"name": "South", "aliases": ["Lower"]},
   "geometry": {"type": "Polygon", "coordinates": [[[0,0],[2,0],[2,1],[0,1],[0,0]]]}},
  {"type": "Feature", "properties": {"name": "Town", "rank": 1},
   "geometry": {"type": "Point", "coordinates": [1.5, 0.5]}}
]}"#;

    #[test]
    fn a_small_map_reads_with_defaults_by_geometry() {
        let geo = parse(SMALL, "test").expect("reads");
        assert_eq!(geo.regions.len(), 2);
        assert_eq!(geo.places[0].name, "Town");
        assert_eq!(geo.resolve("lower oblast"), Some(1));
        assert_eq!(geo.region_at(1.5, 1.0), Some(0));
        assert_eq!(geo.extent, Some([0.0, 2.0, 0.0, 2.0]));
        let (lat, lon) = geo.regions[0].label;
        assert!((lat - 1.5).abs() < 1e-9 && (lon - 1.0).abs() < 1e-9);
    }

    #[test]
    fn problems_name_the_feature_line_and_what_was_expected() {
        let bad = SMALL.replace("[1.5, 0.5]", "[1.5, 95]");
        let errors = parse(&bad, "test").expect_err("bad latitude");
        assert_eq!(errors.len(), 1);
        assert_eq!((errors[0].line, errors[0].col), (6, 3));
        assert!(
            errors[0]
                .message
                .starts_with("feature 3: position [1.5, 95]"),
            "{}",
            errors[0]
        );
        let bad = SMALL.replace("\"name\": \"North\"", "\"kind\": \"sea\"");
        let errors = parse(&bad, "test").expect_err("bad kind");
        assert_eq!(
            errors[0].to_string(),
            "2:3: feature 1: kind \"sea\" is not \"outline\", \"land\", \"region\" or \"place\""
        );
        let errors = parse(
            "{\"type\": \"FeatureCollection\",\n \"features\": [1,}",
            "t",
        )
        .expect_err("syntax");
        assert_eq!(errors[0].line, 2);
        assert!(
            errors[0].message.starts_with("not a GeoJSON map"),
            "{}",
            errors[0]
        );
    }
}
