//! Levels of detail: Ramer–Douglas–Peucker at about 0.9 px for the most zoomed-in end of the
//! zoom range a level serves, hairpin vertices removed, rings too small to see dropped, and
//! an earcut triangulation of each polygon. Pure; [`super::prepared`] holds the results.

use geo::{Coord, LineString, Simplify};

use super::prepared::{LOD_MAX_ZOOM, Lod, PreparedBorder, mercator};

/// The simplification tolerance, in mercator units, of the level of detail that serves zooms
/// up to `zoom`.
pub(super) fn epsilon_for_zoom(zoom: f64) -> f64 {
    // About 0.9 px at the most zoomed-in end of the level's range.
    0.9 / (256.0 * 2f64.powf(zoom))
}

/// A ring in Web-Mercator coordinates.
pub(super) fn ring_merc(ring: &LineString<f64>) -> LineString<f64> {
    ring.coords()
        .map(|&c| {
            let [x, y] = mercator(c);
            Coord { x, y }
        })
        .collect()
}

/// A closed ring simplified at `eps` (`None`: as it is), without its closing point or hairpin
/// vertices; `None` when it is too small to see at that level.
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

/// One level of detail of a region's polygons (exterior, holes) in mercator: each ring
/// simplified at `eps` (`None`: full detail) and each polygon triangulated.
pub(super) fn build_lod(
    polys: &[(LineString<f64>, Vec<LineString<f64>>)],
    eps: Option<f64>,
) -> Lod {
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
pub(super) fn prepare_border(path: &super::borders::BorderPath) -> PreparedBorder {
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

/// An index as `u32` (the meshes' index type; saturates, never wraps).
fn to_u32(i: usize) -> u32 {
    u32::try_from(i).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

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
