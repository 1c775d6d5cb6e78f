//! GeoJSON in, validated geography out: regions (Polygon/MultiPolygon with their properties),
//! rivers and borders, places and region sets. A bad feature is an error naming the file and
//! the feature; the others are kept.

use std::collections::HashMap;
use std::path::Path;

use geo::{BoundingRect, GeodesicArea, InteriorPoint};
use geo::{Coord, LineString, MultiLineString, MultiPolygon, Point, Polygon};
use serde_json::Value;

use super::*;
use crate::data::error::DataError;
use crate::data::ids::{Level, RegionId};

fn read_json(text: &str, file: &Path) -> Result<Vec<Value>, DataError> {
    let value: Value = serde_json::from_str(text).map_err(|e| DataError::Syntax {
        file: file.to_path_buf(),
        line: e.line(),
        column: e.column(),
        message: e.to_string(),
    })?;
    let not_geojson = |message: &str| DataError::NotGeoJson {
        file: file.to_path_buf(),
        message: message.to_string(),
    };
    match value.get("type").and_then(Value::as_str) {
        Some("FeatureCollection") => match value.get("features") {
            Some(Value::Array(features)) => Ok(features.clone()),
            _ => Err(not_geojson(
                "a FeatureCollection needs a \"features\" array",
            )),
        },
        Some("Feature") => Ok(vec![value]),
        Some(other) => Err(not_geojson(&format!(
            "expected a FeatureCollection or Feature, found type \"{other}\""
        ))),
        None => Err(not_geojson(
            "no \"type\" member: this is JSON, but not GeoJSON",
        )),
    }
}

fn prop_str(props: &serde_json::Map<String, Value>, key: &str) -> Option<String> {
    props
        .get(key)
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

fn prop_f64(props: &serde_json::Map<String, Value>, key: &str) -> Option<f64> {
    props.get(key).and_then(Value::as_f64)
}

fn names(props: &serde_json::Map<String, Value>) -> Names {
    Names {
        en: prop_str(props, "name_en").or_else(|| prop_str(props, "name")),
        zh: prop_str(props, "name_zh"),
        ko: prop_str(props, "name_ko"),
        ru: prop_str(props, "name_ru"),
    }
}

fn coord(p: &geojson::Position) -> Result<Coord<f64>, String> {
    let s = p.as_slice();
    if s.len() < 2 {
        return Err(format!(
            "a position has {} number(s); it needs lon and lat",
            s.len()
        ));
    }
    let (x, y) = (s[0], s[1]);
    if !x.is_finite()
        || !y.is_finite()
        || !(-180.0..=180.0).contains(&x)
        || !(-90.0..=90.0).contains(&y)
    {
        return Err(format!(
            "position [{x}, {y}] is not a valid longitude/latitude"
        ));
    }
    Ok(Coord { x, y })
}

fn ring(r: &[geojson::Position], which: &str) -> Result<LineString<f64>, String> {
    if r.len() < 4 {
        return Err(format!(
            "{which} ring has {} positions; a closed ring needs at least 4",
            r.len()
        ));
    }
    let coords = r.iter().map(coord).collect::<Result<Vec<_>, _>>()?;
    if coords.first() != coords.last() {
        return Err(format!(
            "{which} ring is not closed (first position {:?} differs from last {:?})",
            (coords[0].x, coords[0].y),
            coords.last().map(|c| (c.x, c.y)).unwrap_or_default()
        ));
    }
    Ok(LineString::new(coords))
}

fn polygon(rings: &[Vec<geojson::Position>]) -> Result<Polygon<f64>, String> {
    let Some((outer, holes)) = rings.split_first() else {
        return Err("a polygon with no rings".into());
    };
    let exterior = ring(outer, "outer")?;
    let interiors = holes
        .iter()
        .map(|h| ring(h, "inner"))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Polygon::new(exterior, interiors))
}

fn multipolygon(g: &geojson::GeometryValue) -> Result<MultiPolygon<f64>, String> {
    match g {
        geojson::GeometryValue::Polygon { coordinates } => {
            Ok(MultiPolygon(vec![polygon(coordinates)?]))
        }
        geojson::GeometryValue::MultiPolygon { coordinates } => Ok(MultiPolygon(
            coordinates
                .iter()
                .map(|p| polygon(p))
                .collect::<Result<_, _>>()?,
        )),
        other => Err(format!(
            "geometry is a {}; regions must be Polygon or MultiPolygon",
            other.type_name()
        )),
    }
}

fn feature_of(value: &Value) -> Result<geojson::Feature, String> {
    serde_json::from_value::<geojson::Feature>(value.clone())
        .map_err(|e| format!("not a valid GeoJSON feature: {e}"))
}

fn feature_id(f: &geojson::Feature) -> Option<String> {
    let props = f.properties.as_ref();
    props
        .and_then(|p| prop_str(p, "id"))
        .or_else(|| match &f.id {
            Some(geojson::feature::Id::String(s)) if !s.trim().is_empty() => {
                Some(s.trim().to_string())
            }
            Some(geojson::feature::Id::Number(n)) => Some(n.to_string()),
            _ => None,
        })
}

/// Parses a regions FeatureCollection. A whole-file problem (not JSON, not GeoJSON) is an `Err`;
/// a bad feature is skipped and returned in the error list, naming its index and id, so the
/// caller keeps every good feature. `origin` labels where the regions came from.
pub fn parse_regions(
    text: &str,
    file: &Path,
    origin: &str,
) -> Result<(Vec<Region>, Vec<DataError>), DataError> {
    let features = read_json(text, file)?;
    let mut regions = Vec::with_capacity(features.len());
    let mut errors = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (index, value) in features.iter().enumerate() {
        let fail = |id: Option<String>, message: String| DataError::Feature {
            file: file.to_path_buf(),
            index,
            id,
            message,
        };
        let f = match feature_of(value) {
            Ok(f) => f,
            Err(m) => {
                errors.push(fail(None, m));
                continue;
            }
        };
        let Some(id) = feature_id(&f) else {
            errors.push(fail(
                None,
                "missing id (a properties.id or feature id is required)".into(),
            ));
            continue;
        };
        if let Some(prev) = seen.insert(id.clone(), index) {
            errors.push(fail(
                Some(id),
                format!("duplicate id (also feature {prev})"),
            ));
            continue;
        }
        let Some(geometry) = f.geometry.as_ref() else {
            errors.push(fail(Some(id), "no geometry".into()));
            continue;
        };
        let shape = match multipolygon(&geometry.value) {
            Ok(s) => s,
            Err(m) => {
                errors.push(fail(Some(id), m));
                continue;
            }
        };
        let Some(bbox) = shape.bounding_rect() else {
            errors.push(fail(Some(id), "empty geometry".into()));
            continue;
        };
        let props = properties(&f);
        let level = match prop_str(props, "level") {
            Some(l) => match Level::parse(&l) {
                Some(level) => level,
                None => {
                    errors.push(fail(
                        Some(id),
                        format!("level \"{l}\" is not country, admin1 or admin2"),
                    ));
                    continue;
                }
            },
            None => Level::Admin2,
        };
        let label = match (prop_f64(props, "label_lon"), prop_f64(props, "label_lat")) {
            (Some(x), Some(y)) => Coord { x, y },
            _ => shape
                .interior_point()
                .map_or_else(|| bbox.center(), Point::into),
        };
        let aliases = props
            .get("aliases")
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(Value::as_str)
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default();
        regions.push(Region {
            id: RegionId(id),
            level,
            parent: prop_str(props, "parent").map(RegionId),
            names: names(props),
            aliases,
            label,
            area_km2: shape.geodesic_area_unsigned() / 1e6,
            shape,
            bbox,
            note: prop_str(props, "note"),
            origin: origin.to_string(),
        });
    }
    Ok((regions, errors))
}

/// The features of a bundled collection (rivers, places), each with its index and id; the
/// first malformed feature is an error naming it.
fn identified_features(
    text: &str,
    file: &Path,
) -> Result<Vec<(usize, geojson::Feature, String)>, DataError> {
    read_json(text, file)?
        .iter()
        .enumerate()
        .map(|(index, value)| {
            let fail = |message: String| DataError::Feature {
                file: file.to_path_buf(),
                index,
                id: None,
                message,
            };
            let f = feature_of(value).map_err(fail)?;
            let id = feature_id(&f).ok_or_else(|| fail("missing id".into()))?;
            Ok((index, f, id))
        })
        .collect()
}

/// A feature's properties; none is the same as an empty object.
fn properties(f: &geojson::Feature) -> &serde_json::Map<String, serde_json::Value> {
    static NONE: std::sync::LazyLock<serde_json::Map<String, serde_json::Value>> =
        std::sync::LazyLock::new(serde_json::Map::new);
    f.properties.as_ref().unwrap_or(&NONE)
}

fn feature_error(file: &Path, index: usize, id: &str) -> impl Fn(String) -> DataError {
    let (file, id) = (file.to_path_buf(), id.to_string());
    move |message| DataError::Feature {
        file: file.clone(),
        index,
        id: Some(id.clone()),
        message,
    }
}

/// Parses the rivers FeatureCollection (LineString / MultiLineString features).
pub fn parse_lines(text: &str, file: &Path) -> Result<Vec<MapLine>, DataError> {
    let mut out = Vec::new();
    for (index, f, id) in identified_features(text, file)? {
        let fail = feature_error(file, index, &id);
        let props = properties(&f);
        let line = |pts: &Vec<geojson::Position>| -> Result<LineString<f64>, String> {
            Ok(LineString::new(
                pts.iter().map(coord).collect::<Result<Vec<_>, _>>()?,
            ))
        };
        let geometry = match f.geometry.as_ref().map(|g| &g.value) {
            Some(geojson::GeometryValue::LineString { coordinates }) => {
                MultiLineString(vec![line(coordinates).map_err(fail)?])
            }
            Some(geojson::GeometryValue::MultiLineString { coordinates }) => MultiLineString(
                coordinates
                    .iter()
                    .map(line)
                    .collect::<Result<_, _>>()
                    .map_err(fail)?,
            ),
            _ => return Err(fail("lines must be LineString or MultiLineString".into())),
        };
        let label = match (prop_f64(props, "label_lon"), prop_f64(props, "label_lat")) {
            (Some(x), Some(y)) => Some(Coord { x, y }),
            _ => None,
        };
        out.push(MapLine {
            id,
            kind: prop_str(props, "kind").unwrap_or_else(|| "river".into()),
            names: names(props),
            geometry,
            label,
            note: prop_str(props, "note"),
        });
    }
    Ok(out)
}

/// Parses the places FeatureCollection (Point features).
pub fn parse_places(text: &str, file: &Path) -> Result<Vec<Place>, DataError> {
    let mut out = Vec::new();
    for (index, f, id) in identified_features(text, file)? {
        let fail = feature_error(file, index, &id);
        let props = properties(&f);
        let pos = match f.geometry.as_ref().map(|g| &g.value) {
            Some(geojson::GeometryValue::Point { coordinates }) => {
                coord(coordinates).map_err(fail)?
            }
            _ => return Err(fail("places must be Points".into())),
        };
        let kind = match prop_str(props, "kind").as_deref() {
            Some("port") => PlaceKind::Port,
            Some("crossing") => PlaceKind::Crossing,
            _ => PlaceKind::City,
        };
        out.push(Place {
            id,
            geonames_id: props.get("geonames_id").and_then(Value::as_u64),
            names: names(props),
            kind,
            rank: props
                .get("rank")
                .and_then(Value::as_u64)
                .and_then(|r| u8::try_from(r).ok())
                .unwrap_or(3),
            region: prop_str(props, "region").map(RegionId),
            pos,
        });
    }
    out.sort_by_key(|p| p.rank);
    Ok(out)
}

/// Parses `data/region_sets.csv` (`id,name_en,name_zh,members,definition_source`).
pub fn parse_region_sets(text: &str, file: &Path) -> Result<Vec<RegionSet>, DataError> {
    let mut rdr = csv::ReaderBuilder::new().from_reader(text.as_bytes());
    let mut out = Vec::new();
    for (i, rec) in rdr.records().enumerate() {
        let line = i + 2;
        let bad = |message: String| DataError::NotGeoJson {
            file: file.to_path_buf(),
            message: format!("line {line}: {message}"),
        };
        let rec = rec.map_err(|e| bad(e.to_string()))?;
        let field = |n: usize| rec.get(n).unwrap_or("").trim().to_string();
        if field(0).is_empty() {
            return Err(bad("empty set id".into()));
        }
        out.push(RegionSet {
            id: field(0),
            name_en: field(1),
            name_zh: field(2),
            members: field(3).split_whitespace().map(RegionId::new).collect(),
            definition_source: field(4),
        });
    }
    Ok(out)
}

/// Reads a user's regions GeoJSON from disk (size-checked), returning the good regions and a
/// message per skipped feature.
pub fn load_regions_file(path: &Path) -> Result<(Vec<Region>, Vec<DataError>), DataError> {
    let meta = std::fs::metadata(path).map_err(|source| DataError::Io {
        file: path.to_path_buf(),
        source,
    })?;
    // Read whole and parsed into a JSON tree: refused when memory is short, not only when
    // over the stated limit.
    let limit = crate::data::limits::whole_read_limit_now(MAX_GEOJSON_BYTES, GEOJSON_EXPANSION);
    if meta.len() > limit {
        return Err(DataError::TooLarge {
            file: path.to_path_buf(),
            size_mb: crate::data::limits::megabytes(meta.len()),
            limit_mb: limit / 1_000_000,
        });
    }
    let text = std::fs::read_to_string(path).map_err(|source| DataError::Io {
        file: path.to_path_buf(),
        source,
    })?;
    let origin = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    parse_regions(&text, path, &origin)
}
