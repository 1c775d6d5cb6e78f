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

fn epsilon_for_zoom(zoom: f64) -> f64 {
    // About 0.9 px at the most zoomed-in end of the level's range.
    0.9 / (256.0 * 2f64.powf(zoom))
}

fn ring_merc(ring: &LineString<f64>) -> LineString<f64> {
    ring.coords()
        .map(|&c| {
            let [x, y] = mercator(c);
            Coord { x, y }
        })
        .collect()
}

fn simplified(ring: &LineString<f64>, eps: Option<f64>) -> Option<Vec<[f64; 2]>> {
    let s = match eps {
        Some(e) => ring.simplify(e),
        None => ring.clone(),
    };
    let mut pts: Vec<[f64; 2]> = s.coords().map(|c| [c.x, c.y]).collect();
    if pts.len() > 1 && pts.first() == pts.last() {
        pts.pop();
    }
    let pts = without_spikes(pts, true);
    // A ring smaller than a couple of pixels at this level (often a tiny island collapsed to a
    // sliver) is dropped: it is invisible, and a near-collinear ring strokes as a long spike.
    let min_area = eps.map_or(0.0, |e| 2.0 * e * e);
    (pts.len() >= 3 && ring_area(&pts) > min_area).then_some(pts)
}

/// Unsigned shoelace area of a ring given without its closing point.
fn ring_area(pts: &[[f64; 2]]) -> f64 {
    let n = pts.len();
    (0..n)
        .map(|i| {
            let (a, b) = (pts[i], pts[(i + 1) % n]);
            a[0] * b[1] - b[0] * a[1]
        })
        .sum::<f64>()
        .abs()
        / 2.0
}

/// Removes repeated points and vertices where a closed ring turns back on itself (a turn of
/// more than about 170°). Such hairpins are invisible at the zoom a level serves, but egui's
/// mitred strokes draw them as long spikes across the map.
fn without_spikes(mut pts: Vec<[f64; 2]>, closed: bool) -> Vec<[f64; 2]> {
    loop {
        let n = pts.len();
        if n < 4 {
            return pts;
        }
        let keep: Vec<bool> = (0..n)
            .map(|i| {
                if !closed && (i == 0 || i == n - 1) {
                    return true; // an open line keeps its ends
                }
                let a = pts[(i + n - 1) % n];
                let b = pts[i];
                let c = pts[(i + 1) % n];
                let (u, v) = ([b[0] - a[0], b[1] - a[1]], [c[0] - b[0], c[1] - b[1]]);
                let (lu2, lv2) = (u[0] * u[0] + u[1] * u[1], v[0] * v[0] + v[1] * v[1]);
                if lu2 == 0.0 || lv2 == 0.0 {
                    return false;
                }
                // cos(turn) > −0.985 without square roots (they were a fifth of preparing).
                let dot = u[0] * v[0] + u[1] * v[1];
                dot >= 0.0 || dot * dot < 0.985 * 0.985 * lu2 * lv2
            })
            .collect();
        if keep.iter().all(|&k| k) {
            return pts;
        }
        // Drop at most every other flagged vertex per pass so neighbours are re-judged.
        let mut out = Vec::with_capacity(n);
        let mut dropped_prev = false;
        for (p, k) in pts.iter().zip(&keep) {
            if !k && !dropped_prev {
                dropped_prev = true;
            } else {
                out.push(*p);
                dropped_prev = false;
            }
        }
        pts = out;
    }
}

fn build_lod(polys: &[(LineString<f64>, Vec<LineString<f64>>)], eps: Option<f64>) -> Lod {
    let mut lod = Lod::default();
    for (outer, holes) in polys {
        let Some(outer) = simplified(outer, eps) else {
            continue;
        };
        let base = lod.points.len();
        let mut flat: Vec<f64> = Vec::with_capacity(outer.len() * 2);
        let mut hole_starts = Vec::new();
        let push_ring = |lod: &mut Lod, pts: Vec<[f64; 2]>, flat: &mut Vec<f64>| {
            let start = lod.points.len();
            flat.extend(pts.iter().flat_map(|p| [p[0], p[1]]));
            lod.points.extend(pts);
            let (s, e) = (to_u32(start), to_u32(lod.points.len()));
            lod.rings.push(s..e);
        };
        push_ring(&mut lod, outer, &mut flat);
        for h in holes {
            if let Some(h) = simplified(h, eps) {
                hole_starts.push(flat.len() / 2);
                push_ring(&mut lod, h, &mut flat);
            }
        }
        // earcut only fails on malformed input; such a polygon is then drawn as outline only.
        if let Ok(tris) = earcutr::earcut(&flat, &hole_starts, 2) {
            lod.triangles
                .extend(tris.into_iter().map(|i| to_u32(base + i)));
        }
    }
    lod
}

/// A border path at every level of detail: simplified as a whole, so the regions on either
/// side share one line.
fn prepare_border(path: &super::borders::BorderPath) -> PreparedBorder {
    let bbox = path.points.iter().fold(
        [
            f64::INFINITY,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NEG_INFINITY,
        ],
        |b, p| {
            [
                b[0].min(p[0]),
                b[1].min(p[1]),
                b[2].max(p[0]),
                b[3].max(p[1]),
            ]
        },
    );
    let mut line: LineString<f64> = path
        .points
        .iter()
        .map(|p| Coord { x: p[0], y: p[1] })
        .collect();
    if path.closed {
        line.close();
    }
    let level = |eps: Option<f64>| -> Vec<[f64; 2]> {
        if path.closed {
            return simplified(&line, eps).unwrap_or_default();
        }
        let s = eps.map_or_else(|| line.clone(), |e| line.simplify(e));
        without_spikes(s.coords().map(|c| [c.x, c.y]).collect(), false)
    };
    let mut lods: Vec<Vec<[f64; 2]>> = LOD_MAX_ZOOM
        .iter()
        .map(|&z| level(Some(epsilon_for_zoom(z))))
        .collect();
    lods.push(level(None));
    PreparedBorder {
        level: path.level,
        closed: path.closed,
        bbox,
        lods,
    }
}

fn to_u32(i: usize) -> u32 {
    u32::try_from(i).unwrap_or(u32::MAX)
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
        let borders = super::borders::network(&super::borders::rings_of(geo))
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
    fn hairpin_spikes_and_repeated_points_are_removed() {
        // A square with a spike out to (5, 0.5) and back, and a repeated corner.
        let ring = vec![
            [0.0, 0.0],
            [1.0, 0.0],
            [1.0, 0.0],
            [1.0, 0.49],
            [5.0, 0.5],
            [1.0, 0.51],
            [1.0, 1.0],
            [0.0, 1.0],
        ];
        let out = without_spikes(ring.clone(), true);
        assert_eq!(
            out,
            vec![
                [0.0, 0.0],
                [1.0, 0.0],
                [1.0, 0.49],
                [1.0, 0.51],
                [1.0, 1.0],
                [0.0, 1.0]
            ]
        );
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

    #[test]
    fn concave_polygon_triangulation_covers_its_area() {
        // An L-shaped (concave) polygon: area 3 unit squares.
        let ring: LineString<f64> = vec![
            (0.0, 0.0),
            (2.0, 0.0),
            (2.0, 1.0),
            (1.0, 1.0),
            (1.0, 2.0),
            (0.0, 2.0),
            (0.0, 0.0),
        ]
        .into();
        let lod = build_lod(&[(ring, vec![])], None);
        let area: f64 = lod
            .triangles
            .chunks(3)
            .map(|t| {
                let [a, b, c] = [t[0], t[1], t[2]].map(|i| lod.points[i as usize]);
                ((b[0] - a[0]) * (c[1] - a[1]) - (c[0] - a[0]) * (b[1] - a[1])).abs() / 2.0
            })
            .sum();
        assert!((area - 3.0).abs() < 1e-9, "area {area}");
    }
}
