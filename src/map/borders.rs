//! The border network: every stretch of border once, in the stroke of the highest level that
//! shares it.
//!
//! Neighbouring regions share their borders point for point in the bundled GeoJSON (a
//! province's outer edge is its country's border; two provinces meet along one line). Stroking
//! every region's rings draws each shared stretch two to four times: twice the triangles, a
//! darker anti-aliased fringe, and, once each ring is simplified on its own, two slightly
//! different lines. Here each edge is kept once, with the highest [`Level`] of the rings that
//! contain it (a province border that is also a country border is a country border), and
//! chained into paths that are simplified as wholes, so neighbours share one simplified line.
//!
//! Pure: mercator points in, paths out; [`super::prepared`] simplifies them per level of detail.

use geo::LineString;
use rustc_hash::{FxHashMap, FxHashSet};

use crate::data::Level;

/// A point as the exact bits of its coordinates: shared vertices are equal bit for bit.
type Key = (u64, u64);

/// An edge with its ends in a fixed order, so both rings that share it give the same key.
type EdgeKey = (Key, Key);

fn key(p: [f64; 2]) -> Key {
    (p[0].to_bits(), p[1].to_bits())
}

fn edge_key(a: [f64; 2], b: [f64; 2]) -> EdgeKey {
    let (ka, kb) = (key(a), key(b));
    if ka <= kb { (ka, kb) } else { (kb, ka) }
}

/// A border path at full detail.
#[derive(Debug, Clone, PartialEq)]
pub struct BorderPath {
    /// The highest level of the regions that share it: its stroke.
    pub level: Level,
    /// A ring (its last point joins its first) rather than an open line.
    pub closed: bool,
    /// Mercator points (a ring's first point is not repeated at its end).
    pub points: Vec<[f64; 2]>,
}

/// The border network of rings given as (level, mercator points without the closing point):
/// each edge once, in paths of one level, finest level first (the drawing order: country
/// borders end up on top).
pub fn network(rings: &[(Level, Vec<[f64; 2]>)]) -> Vec<BorderPath> {
    let mut level_of: FxHashMap<EdgeKey, Level> = FxHashMap::default();
    for (level, pts) in rings {
        for (a, b) in ring_edges(pts) {
            let e = level_of.entry(edge_key(a, b)).or_insert(*level);
            *e = (*e).max(*level);
        }
    }
    let mut taken: FxHashSet<EdgeKey> =
        FxHashSet::with_capacity_and_hasher(level_of.len(), Default::default());
    let mut closed = Vec::new();
    let mut open = Vec::new();
    for (_, pts) in rings {
        let n = pts.len();
        // Per edge: its level, or `None` if an earlier ring already gave it.
        let edges: Vec<Option<Level>> = ring_edges(pts)
            .map(|(a, b)| {
                let k = edge_key(a, b);
                taken.insert(k).then(|| level_of.get(&k).copied()).flatten()
            })
            .collect();
        let starts_run = |i: usize| edges[i].is_some() && edges[(i + n - 1) % n] != edges[i];
        let Some(first) = (0..n).find(|&i| starts_run(i)) else {
            // One level all round and no edge given before: the whole ring, or nothing.
            if let Some(Some(level)) = edges.first() {
                closed.push(BorderPath {
                    level: *level,
                    closed: true,
                    points: pts.clone(),
                });
            }
            continue;
        };
        let mut run: Option<(Level, Vec<[f64; 2]>)> = None;
        for i in first..first + n {
            let here = edges[i % n];
            match (&mut run, here) {
                (Some((l, points)), Some(h)) if *l == h => points.push(pts[(i + 1) % n]),
                (_, _) => {
                    if let Some((level, points)) = run.take() {
                        open.push((level, points));
                    }
                    run = here.map(|h| (h, vec![pts[i % n], pts[(i + 1) % n]]));
                }
            }
        }
        if let Some((level, points)) = run {
            open.push((level, points));
        }
    }
    let mut paths = closed;
    paths.extend(chain(open));
    paths.sort_by_key(|p| p.level);
    paths
}

/// The edges of a ring given without its closing point.
fn ring_edges(pts: &[[f64; 2]]) -> impl Iterator<Item = ([f64; 2], [f64; 2])> + '_ {
    let n = pts.len();
    (0..n).map(move |i| (pts[i], pts[(i + 1) % n]))
}

/// Joins open runs of one level end to end where they meet, so a border is stroked with joins
/// rather than as pieces that end where the ring that gave them began. A run that comes back
/// to where it started becomes a ring.
fn chain(mut runs: Vec<(Level, Vec<[f64; 2]>)>) -> Vec<BorderPath> {
    let mut at: FxHashMap<(Level, Key), Vec<usize>> = FxHashMap::default();
    for (i, (level, pts)) in runs.iter().enumerate() {
        for p in [pts.first(), pts.last()].into_iter().flatten() {
            at.entry((*level, key(*p))).or_default().push(i);
        }
    }
    let mut used = vec![false; runs.len()];
    let mut out = Vec::new();
    for start in 0..runs.len() {
        if used[start] {
            continue;
        }
        used[start] = true;
        let level = runs[start].0;
        let mut points = std::mem::take(&mut runs[start].1);
        // Grow at the end, then (reversed) at the other end.
        for _ in 0..2 {
            while let Some(next) = points
                .last()
                .and_then(|p| at.get(&(level, key(*p))))
                .and_then(|c| c.iter().copied().find(|&j| !used[j]))
            {
                used[next] = true;
                let mut more = std::mem::take(&mut runs[next].1);
                if more.first().map(|p| key(*p)) != points.last().map(|p| key(*p)) {
                    more.reverse();
                }
                points.extend(more.into_iter().skip(1));
            }
            points.reverse();
        }
        let closed =
            points.len() > 3 && points.first().map(|p| key(*p)) == points.last().map(|p| key(*p));
        if closed {
            points.pop();
        }
        out.push(BorderPath {
            level,
            closed,
            points,
        });
    }
    out
}

/// A mercator ring as [`network`] takes it: repeated points and the closing point dropped;
/// `None` if fewer than three points are left.
pub fn ring_points(ring: &LineString<f64>) -> Option<Vec<[f64; 2]>> {
    let mut pts: Vec<[f64; 2]> = ring.coords().map(|c| [c.x, c.y]).collect();
    pts.dedup();
    if pts.len() > 1 && pts.first() == pts.last() {
        pts.pop();
    }
    (pts.len() >= 3).then_some(pts)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::Geography;

    /// The rings of every region of `geo` with their levels, in mercator.
    fn rings_of(geo: &Geography) -> Vec<(Level, Vec<[f64; 2]>)> {
        geo.regions
            .iter()
            .flat_map(|r| {
                r.shape.0.iter().flat_map(move |p| {
                    std::iter::once(p.exterior())
                        .chain(p.interiors())
                        .map(move |ring| (r.level, ring))
                })
            })
            .filter_map(|(level, ring)| {
                Some((level, ring_points(&super::super::lod::ring_merc(ring))?))
            })
            .collect()
    }

    /// Two unit squares side by side in one country: the left province (0..1) and the right
    /// one (1..2), and the country's ring around both.
    fn two_provinces() -> Vec<(Level, Vec<[f64; 2]>)> {
        vec![
            (
                Level::Admin1,
                vec![[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 1.0]],
            ),
            (
                Level::Admin1,
                vec![[1.0, 1.0], [1.0, 0.0], [2.0, 0.0], [2.0, 1.0]],
            ),
            (
                Level::Country,
                vec![
                    [0.0, 0.0],
                    [1.0, 0.0],
                    [2.0, 0.0],
                    [2.0, 1.0],
                    [1.0, 1.0],
                    [0.0, 1.0],
                ],
            ),
        ]
    }

    fn edges_of(paths: &[BorderPath], level: Level) -> Vec<EdgeKey> {
        let mut out: Vec<EdgeKey> = paths
            .iter()
            .filter(|p| p.level == level)
            .flat_map(|p| {
                let n = p.points.len();
                let segments = if p.closed { n } else { n - 1 };
                (0..segments).map(move |i| edge_key(p.points[i], p.points[(i + 1) % n]))
            })
            .collect();
        out.sort_unstable();
        out
    }

    #[test]
    fn each_shared_border_is_kept_once_in_the_highest_level() {
        let paths = network(&two_provinces());
        // The country's outline: six edges, one closed ring.
        let country = edges_of(&paths, Level::Country);
        assert_eq!(country.len(), 6);
        let rings: Vec<&BorderPath> = paths.iter().filter(|p| p.level == Level::Country).collect();
        assert_eq!(rings.len(), 1);
        assert!(rings[0].closed);
        // The border between the provinces: once, as a province border.
        assert_eq!(
            edges_of(&paths, Level::Admin1),
            vec![edge_key([1.0, 0.0], [1.0, 1.0])]
        );
        // Finest first, so country borders are drawn last, on top.
        assert_eq!(paths.first().map(|p| p.level), Some(Level::Admin1));
        assert_eq!(paths.last().map(|p| p.level), Some(Level::Country));
    }

    #[test]
    fn every_edge_of_every_ring_is_drawn_exactly_once() {
        let rings = two_provinces();
        let paths = network(&rings);
        let mut drawn: Vec<EdgeKey> = [Level::Admin1, Level::Country]
            .iter()
            .flat_map(|&l| edges_of(&paths, l))
            .collect();
        drawn.sort_unstable();
        let mut wanted: Vec<EdgeKey> = rings
            .iter()
            .flat_map(|(_, pts)| ring_edges(pts).map(|(a, b)| edge_key(a, b)))
            .collect();
        wanted.sort_unstable();
        wanted.dedup();
        assert_eq!(drawn, wanted);
    }

    #[test]
    fn a_ring_that_shares_nothing_stays_one_ring() {
        let island = vec![[5.0, 5.0], [6.0, 5.0], [6.0, 6.0], [5.0, 6.0]];
        let paths = network(&[(Level::Admin2, island.clone())]);
        assert_eq!(
            paths,
            vec![BorderPath {
                level: Level::Admin2,
                closed: true,
                points: island
            }]
        );
    }

    #[test]
    fn pieces_of_one_border_are_joined_into_one_ring() {
        // The right province's ring starts halfway along the country's bottom border, so the
        // provinces give the country border in two pieces; they come out as one ring.
        let rings = vec![
            (
                Level::Admin1,
                vec![[1.0, 0.0], [2.0, 0.0], [2.0, 1.0], [1.0, 1.0]],
            ),
            (
                Level::Admin1,
                vec![[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 1.0]],
            ),
            two_provinces()[2].clone(),
        ];
        let paths = network(&rings);
        let country: Vec<&BorderPath> =
            paths.iter().filter(|p| p.level == Level::Country).collect();
        assert_eq!(country.len(), 1, "{paths:?}");
        assert!(country[0].closed);
        assert_eq!(country[0].points.len(), 6);
        assert_eq!(
            edges_of(&paths, Level::Admin1),
            vec![edge_key([1.0, 0.0], [1.0, 1.0])]
        );
    }

    #[test]
    fn the_bundled_borders_hold_every_edge_of_every_region_once() {
        let geo = Geography::bundled().expect("bundled geography");
        let rings = rings_of(&geo);
        let paths = network(&rings);
        let mut drawn: Vec<EdgeKey> = [Level::Admin2, Level::Admin1, Level::Country]
            .iter()
            .flat_map(|&l| edges_of(&paths, l))
            .collect();
        let count = drawn.len();
        drawn.sort_unstable();
        drawn.dedup();
        assert_eq!(drawn.len(), count, "an edge is drawn twice");
        let mut wanted: Vec<EdgeKey> = rings
            .iter()
            .flat_map(|(_, pts)| ring_edges(pts).map(|(a, b)| edge_key(a, b)))
            .collect();
        let stroked_before = wanted.len();
        wanted.sort_unstable();
        wanted.dedup();
        assert_eq!(drawn, wanted);
        // Shared borders are most of the map: drawing each once halves the strokes.
        assert!(
            count * 2 < stroked_before + stroked_before / 10,
            "{count} of {stroked_before}"
        );
    }
}
