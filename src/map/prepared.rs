//! Geometry prepared once at load for fast drawing: Web-Mercator coordinates, several levels of
//! detail (Ramer–Douglas–Peucker at about half a pixel for the zoom each level serves) and an
//! earcut triangulation per level. Pure: no egui, so benches and tests drive it directly.
//!
//! Drawing full-detail outlines when zoomed out costs tens of ms per frame on this kind of
//! machine (docs/ARCHITECTURE.md, "Drawing speed"); with these levels a frame stays well under a
//! millisecond (BENCHMARKS.md).
//!
//! Preparing the bundled geography takes about a third of a second, so it is done once ahead
//! of time and embedded (`assets/prepared.postcard`): [`PreparedMap::for_geography`] decodes it
//! for the bundled geography and prepares anything else. `tests/library/geometry_cache.rs`
//! checks that it equals [`PreparedMap::new`] on the parsed GeoJSON.
//!
//! The embedded map is stored level by level, so the window decodes only the levels of detail
//! it draws ([`PreparedMap::for_window`], [`PreparedMap::ensure_lod`]): a level never drawn is
//! never read from the binary nor held in memory (the full-detail level alone is about half
//! of the 15 MB). Besides the regions' rings (for the fills) each level holds the border
//! network ([`super::borders`]), every stretch of border once.

use std::f64::consts::PI;
use std::ops::Range;

use geo::{Coord, LineString, Simplify};
use serde::{Deserialize, Serialize};

use super::lod::{build_lod, epsilon_for_zoom, prepare_border, ring_merc};
use crate::data::Geography;
use crate::data::geo::bundled_source_fingerprint;

/// The bundled geography prepared for drawing, as postcard.
pub const BUNDLED_PREPARED: &[u8] = include_bytes!("../../assets/prepared.postcard");

/// What `assets/prepared.postcard` holds: what every level shares, then each level of detail
/// as its own postcard bytes (read only when that level is first drawn).
#[derive(Serialize, Deserialize)]
struct PreparedBundle<'a> {
    /// [`bundled_source_fingerprint`] of the GeoJSON it was prepared from.
    source: u64,
    /// Per region: mercator bounding box and label point.
    regions: Vec<([f64; 4], [f64; 2])>,
    /// Per line: mercator label point.
    line_labels: Vec<Option<[f64; 2]>>,
    /// Per border path: its level, whether it is a ring, and its mercator bounding box.
    borders: Vec<(crate::data::Level, bool, [f64; 4])>,
    /// Mercator position per place.
    places: Vec<[f64; 2]>,
    /// Per level of detail, coarsest first: a [`Level`] as postcard.
    #[serde(borrow)]
    levels: Vec<&'a [u8]>,
}

/// One level of detail of every region and line.
#[derive(Serialize, Deserialize)]
struct Level {
    regions: Vec<Lod>,
    lines: Vec<Vec<Vec<[f64; 2]>>>,
    borders: Vec<Vec<[f64; 2]>>,
}

/// Number of levels of detail of every region and line.
pub const LOD_COUNT: usize = LOD_MAX_ZOOM.len() + 1;

/// Normalised Web-Mercator coordinates: x, y in 0..1 over the world, y growing southwards
/// (the convention walkers uses, so screen = centre + (m − m_centre) · 256 · 2^zoom).
pub fn mercator(c: Coord<f64>) -> [f64; 2] {
    let lat = c.y.clamp(-85.051_128, 85.051_128);
    let x = (1.0 + c.x.to_radians() / PI) / 2.0;
    let y = (1.0 - lat.to_radians().tan().asinh() / PI) / 2.0;
    [x, y]
}

/// Inverse of [`mercator`]: (lon, lat) in degrees.
pub fn lon_lat_of(m: [f64; 2]) -> Coord<f64> {
    let lon = (m[0] * 2.0 - 1.0) * 180.0;
    let lat = ((1.0 - m[1] * 2.0) * PI).sinh().atan().to_degrees();
    Coord { x: lon, y: lat }
}

/// The zoom levels up to which each level of detail is used; past the last, full detail.
pub const LOD_MAX_ZOOM: [f64; 4] = [4.5, 6.0, 7.5, 9.0];

/// Index of the level of detail for a walkers zoom level.
pub fn lod_for_zoom(zoom: f64) -> usize {
    LOD_MAX_ZOOM
        .iter()
        .position(|&z| zoom <= z)
        .unwrap_or(LOD_MAX_ZOOM.len())
}

/// One level of detail of one region.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Lod {
    /// Mercator points of every ring, rings stored one after another (not repeated at the end).
    pub points: Vec<[f64; 2]>,
    /// Each ring's range in `points`.
    pub rings: Vec<Range<u32>>,
    /// Triangles: indices into `points`, three per triangle.
    pub triangles: Vec<u32>,
}

/// A region ready to draw.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PreparedRegion {
    /// Levels of detail, coarsest first; the last is full detail.
    pub lods: Vec<Lod>,
    /// Mercator bounding box: `[min_x, min_y, max_x, max_y]`.
    pub bbox: [f64; 4],
    /// Mercator label point.
    pub label: [f64; 2],
}

/// A prepared line (river).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PreparedLine {
    /// Levels of detail, each a list of mercator polylines.
    pub lods: Vec<Vec<Vec<[f64; 2]>>>,
    /// Mercator label point.
    pub label: Option<[f64; 2]>,
}

/// A stretch of border drawn once ([`super::borders`]), at every level of detail.
#[derive(Debug, Clone, PartialEq)]
pub struct PreparedBorder {
    /// The highest level of the regions that share it: its stroke.
    pub level: crate::data::Level,
    /// A ring rather than an open line.
    pub closed: bool,
    /// Mercator bounding box.
    pub bbox: [f64; 4],
    /// Mercator points per level of detail, coarsest first (empty where a small ring is
    /// dropped at that level).
    pub lods: Vec<Vec<[f64; 2]>>,
}

/// All geometry prepared for drawing, in the same order as `Geography::regions`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PreparedMap {
    /// One per region.
    pub regions: Vec<PreparedRegion>,
    /// One per line.
    pub lines: Vec<PreparedLine>,
    /// The border network, finest level first (the drawing order).
    pub borders: Vec<PreparedBorder>,
    /// Mercator position per place.
    pub places: Vec<[f64; 2]>,
    /// Levels of detail still only in the embedded bundle (empty in every region and line until
    /// [`PreparedMap::ensure_lod`] decodes them); empty once every level is decoded.
    pending: Vec<usize>,
}

impl PreparedMap {
    /// The prepared geometry of `geo`: decoded from the embedded cache when `geo` is the
    /// bundled geography as shipped, else prepared now ([`Self::new`]).
    pub fn for_geography(geo: &Geography) -> Self {
        let mut map = Self::for_window(geo);
        for lod in 0..LOD_COUNT {
            map.ensure_lod(geo, lod);
        }
        map
    }

    /// Like [`Self::for_geography`], but of the embedded cache only what every level shares:
    /// each level of detail is decoded when [`Self::ensure_lod`] first asks for it.
    pub fn for_window(geo: &Geography) -> Self {
        if geo.is_bundled()
            && let Some(map) = Self::bundled_outline()
            && map.regions.len() == geo.regions.len()
            && map.lines.len() == geo.lines.len()
            && map.places.len() == geo.places.len()
        {
            return map;
        }
        Self::new(geo)
    }

    /// Makes level of detail `lod` ready to draw: decodes it from the embedded cache if it is
    /// still there. `geo` must be the geography this map was made for; should the level not
    /// decode, the whole map is prepared from it instead.
    pub fn ensure_lod(&mut self, geo: &Geography, lod: usize) {
        if !self.pending.contains(&lod) {
            return;
        }
        let level = postcard::from_bytes::<PreparedBundle>(BUNDLED_PREPARED)
            .ok()
            .and_then(|b| b.levels.get(lod).copied())
            .and_then(|bytes| postcard::from_bytes::<Level>(bytes).ok())
            .filter(|l| {
                l.regions.len() == self.regions.len()
                    && l.lines.len() == self.lines.len()
                    && l.borders.len() == self.borders.len()
            });
        let Some(level) = level else {
            log::warn!(
                "assets/prepared.postcard: level of detail {lod} does not decode; preparing the geometry"
            );
            *self = Self::new(geo);
            return;
        };
        for (region, l) in self.regions.iter_mut().zip(level.regions) {
            if let Some(slot) = region.lods.get_mut(lod) {
                *slot = l;
            }
        }
        for (line, l) in self.lines.iter_mut().zip(level.lines) {
            if let Some(slot) = line.lods.get_mut(lod) {
                *slot = l;
            }
        }
        for (border, l) in self.borders.iter_mut().zip(level.borders) {
            if let Some(slot) = border.lods.get_mut(lod) {
                *slot = l;
            }
        }
        self.pending.retain(|&p| p != lod);
    }

    /// The embedded prepared bundled geography with every level decoded, if it was made from
    /// the bundled GeoJSON.
    pub fn bundled() -> Option<Self> {
        let mut map = Self::bundled_outline()?;
        let bundle = postcard::from_bytes::<PreparedBundle>(BUNDLED_PREPARED).ok()?;
        for (lod, bytes) in bundle.levels.iter().enumerate() {
            let level = postcard::from_bytes::<Level>(bytes).ok()?;
            for (region, l) in map.regions.iter_mut().zip(level.regions) {
                *region.lods.get_mut(lod)? = l;
            }
            for (line, l) in map.lines.iter_mut().zip(level.lines) {
                *line.lods.get_mut(lod)? = l;
            }
            for (border, l) in map.borders.iter_mut().zip(level.borders) {
                *border.lods.get_mut(lod)? = l;
            }
        }
        map.pending.clear();
        Some(map)
    }

    /// The embedded map with every level still pending, if it was made from the bundled
    /// GeoJSON.
    fn bundled_outline() -> Option<Self> {
        let bundle = postcard::from_bytes::<PreparedBundle>(BUNDLED_PREPARED).ok();
        match bundle {
            Some(b) if b.source == bundled_source_fingerprint() && b.levels.len() == LOD_COUNT => {
                let empty = || vec![Lod::default(); LOD_COUNT];
                Some(Self {
                    regions: b
                        .regions
                        .into_iter()
                        .map(|(bbox, label)| PreparedRegion {
                            lods: empty(),
                            bbox,
                            label,
                        })
                        .collect(),
                    lines: b
                        .line_labels
                        .into_iter()
                        .map(|label| PreparedLine {
                            lods: vec![Vec::new(); LOD_COUNT],
                            label,
                        })
                        .collect(),
                    borders: b
                        .borders
                        .into_iter()
                        .map(|(level, closed, bbox)| PreparedBorder {
                            level,
                            closed,
                            bbox,
                            lods: vec![Vec::new(); LOD_COUNT],
                        })
                        .collect(),
                    places: b.places,
                    pending: (0..LOD_COUNT).collect(),
                })
            }
            _ => {
                log::warn!(
                    "assets/prepared.postcard does not match data/geo: preparing the geometry (run UPDATE_GEOMETRY_CACHE=1 cargo test --test library geometry_cache)"
                );
                None
            }
        }
    }

    /// This map as the embedded cache stores it (for the tool that writes
    /// `assets/prepared.postcard`); every level must be decoded.
    pub fn cache_bytes(&self) -> Result<Vec<u8>, postcard::Error> {
        let levels: Vec<Vec<u8>> = (0..LOD_COUNT)
            .map(|lod| {
                postcard::to_allocvec(&Level {
                    regions: self
                        .regions
                        .iter()
                        .map(|r| r.lods.get(lod).cloned().unwrap_or_default())
                        .collect(),
                    lines: self
                        .lines
                        .iter()
                        .map(|l| l.lods.get(lod).cloned().unwrap_or_default())
                        .collect(),
                    borders: self
                        .borders
                        .iter()
                        .map(|b| b.lods.get(lod).cloned().unwrap_or_default())
                        .collect(),
                })
            })
            .collect::<Result<_, _>>()?;
        postcard::to_allocvec(&PreparedBundle {
            source: bundled_source_fingerprint(),
            regions: self.regions.iter().map(|r| (r.bbox, r.label)).collect(),
            line_labels: self.lines.iter().map(|l| l.label).collect(),
            borders: self
                .borders
                .iter()
                .map(|b| (b.level, b.closed, b.bbox))
                .collect(),
            places: self.places.clone(),
            levels: levels.iter().map(Vec::as_slice).collect(),
        })
    }

    /// Projects, simplifies and triangulates all geography (done once at load).
    pub fn new(geo: &Geography) -> Self {
        // The regions' mercator rings, kept for the border network as they are projected.
        let mut rings = Vec::new();
        let regions = geo
            .regions
            .iter()
            .map(|r| {
                let polys: Vec<(LineString<f64>, Vec<LineString<f64>>)> = r
                    .shape
                    .0
                    .iter()
                    .map(|p| {
                        (
                            ring_merc(p.exterior()),
                            p.interiors().iter().map(ring_merc).collect(),
                        )
                    })
                    .collect();
                for (outer, holes) in &polys {
                    rings.extend(
                        std::iter::once(outer)
                            .chain(holes)
                            .filter_map(super::borders::ring_points)
                            .map(|pts| (r.level, pts)),
                    );
                }
                let mut lods: Vec<Lod> = LOD_MAX_ZOOM
                    .iter()
                    .map(|&z| build_lod(&polys, Some(epsilon_for_zoom(z))))
                    .collect();
                lods.push(build_lod(&polys, None));
                let a = mercator(r.bbox.min());
                let b = mercator(r.bbox.max());
                PreparedRegion {
                    lods,
                    bbox: [a[0], b[1], b[0], a[1]],
                    label: mercator(r.label),
                }
            })
            .collect();
        let lines = geo
            .lines
            .iter()
            .map(|l| {
                let merc: Vec<LineString<f64>> = l.geometry.0.iter().map(ring_merc).collect();
                let level = |eps: Option<f64>| -> Vec<Vec<[f64; 2]>> {
                    merc.iter()
                        .map(|ls| {
                            let s = eps.map_or_else(|| ls.clone(), |e| ls.simplify(e));
                            s.coords().map(|c| [c.x, c.y]).collect()
                        })
                        .collect()
                };
                let mut lods: Vec<_> = LOD_MAX_ZOOM
                    .iter()
                    .map(|&z| level(Some(epsilon_for_zoom(z))))
                    .collect();
                lods.push(level(None));
                PreparedLine {
                    lods,
                    label: l.label.map(mercator),
                }
            })
            .collect();
        let places = geo.places.iter().map(|p| mercator(p.pos)).collect();
        let borders = super::borders::network(&rings)
            .into_iter()
            .map(|p| prepare_border(&p))
            .collect();
        Self {
            regions,
            lines,
            borders,
            places,
            pending: Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mercator_round_trips() {
        let c = Coord {
            x: 129.51,
            y: 42.89,
        };
        let back = lon_lat_of(mercator(c));
        assert!((back.x - c.x).abs() < 1e-9 && (back.y - c.y).abs() < 1e-9);
    }

    #[test]
    fn the_window_decodes_a_level_of_detail_only_when_asked_and_then_as_bundled() {
        let geo = Geography::bundled().expect("bundled geography");
        let full = PreparedMap::bundled().expect("embedded map matches data/geo");
        let mut lazy = PreparedMap::for_window(&geo);
        assert_eq!(lazy.regions.len(), full.regions.len());
        assert!(
            lazy.regions
                .iter()
                .all(|r| r.lods.iter().all(|l| l.points.is_empty()))
        );
        lazy.ensure_lod(&geo, 1);
        for (a, b) in lazy.regions.iter().zip(&full.regions) {
            assert_eq!(a.lods[1], b.lods[1]);
            assert_eq!((a.bbox, a.label), (b.bbox, b.label));
            assert!(
                a.lods[LOD_COUNT - 1].points.is_empty(),
                "full detail not decoded yet"
            );
        }
        for lod in 0..LOD_COUNT {
            lazy.ensure_lod(&geo, lod);
        }
        assert!(lazy == full);
    }

    #[test]
    fn lod_is_chosen_by_zoom() {
        assert_eq!(lod_for_zoom(3.0), 0);
        assert_eq!(lod_for_zoom(5.0), 1);
        assert_eq!(lod_for_zoom(12.0), LOD_MAX_ZOOM.len());
    }
}
