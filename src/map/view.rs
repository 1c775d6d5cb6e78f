//! Pure view arithmetic: which mercator window a walkers view shows, and how to frame a box.

use geo::Coord;

use super::prepared::{lon_lat_of, mercator};

/// The opening view: China's three northeast provinces and the Tumen triangle (lon/lat box).
pub const OPENING_BOX: [f64; 4] = [119.0, 38.3, 136.0, 53.6];

/// Walkers' pixels per world at zoom 0.
pub const TILE: f64 = 256.0;

/// A mercator box `[min_x, min_y, max_x, max_y]`.
pub type MercBox = [f64; 4];

/// The centre (lon/lat) and zoom that fit a mercator box into a screen of `size` points, with
/// a margin of `pad` points on each side. Zoom is clamped to walkers' 2..=16 here.
pub fn fit(bbox: MercBox, size: [f32; 2], pad: f32) -> (Coord<f64>, f64) {
    let w = f64::from((size[0] - 2.0 * pad).max(50.0));
    let h = f64::from((size[1] - 2.0 * pad).max(50.0));
    let dx = (bbox[2] - bbox[0]).max(1e-9);
    let dy = (bbox[3] - bbox[1]).max(1e-9);
    let zoom = (w / (dx * TILE))
        .min(h / (dy * TILE))
        .log2()
        .clamp(2.0, 16.0);
    let centre = lon_lat_of([(bbox[0] + bbox[2]) / 2.0, (bbox[1] + bbox[3]) / 2.0]);
    (centre, zoom)
}

/// Like [`fit`], with separate margins `[left, top, right, bottom]` in points: the box is
/// centred in what the margins leave (e.g. above the legend in the bottom-left corner).
pub fn fit_with_margins(bbox: MercBox, size: [f32; 2], margins: [f32; 4]) -> (Coord<f64>, f64) {
    let [l, t, r, b] = margins;
    let inner = [(size[0] - l - r).max(50.0), (size[1] - t - b).max(50.0)];
    let (centre, zoom) = fit(bbox, inner, 0.0);
    let scale = TILE * 2f64.powf(zoom);
    let m = mercator(centre);
    // The box's centre sits at the centre of the inner area; the map centre is offset from it.
    let dx = f64::from((r - l) / 2.0) / scale;
    let dy = f64::from((b - t) / 2.0) / scale;
    (lon_lat_of([m[0] + dx, m[1] + dy]), zoom)
}

/// The opening view as a mercator box.
pub fn opening_box() -> MercBox {
    lonlat_box(OPENING_BOX)
}

/// A lon/lat box `[min_lon, min_lat, max_lon, max_lat]` as a mercator box.
pub fn lonlat_box(b: [f64; 4]) -> MercBox {
    let a = mercator(Coord { x: b[0], y: b[1] });
    let c = mercator(Coord { x: b[2], y: b[3] });
    [a[0], c[1], c[0], a[1]]
}

/// Union of mercator boxes; `None` if there are none.
pub fn union(boxes: impl IntoIterator<Item = MercBox>) -> Option<MercBox> {
    boxes.into_iter().reduce(|a, b| {
        [
            a[0].min(b[0]),
            a[1].min(b[1]),
            a[2].max(b[2]),
            a[3].max(b[3]),
        ]
    })
}

/// Maps mercator coordinates to screen points for one frame: `screen = origin + m · scale`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ScreenTransform {
    /// Mercator coordinate at the centre of the map rect.
    pub centre: [f64; 2],
    /// Screen position of the centre of the map rect.
    pub centre_px: [f64; 2],
    /// Points per mercator unit (256 · 2^zoom).
    pub scale: f64,
}

impl ScreenTransform {
    /// Transform for a map whose rect centre shows mercator `centre` at `zoom`.
    pub fn new(centre: [f64; 2], centre_px: [f64; 2], zoom: f64) -> Self {
        Self {
            centre,
            centre_px,
            scale: TILE * 2f64.powf(zoom),
        }
    }

    /// Screen position of a mercator point.
    #[inline]
    pub fn apply(&self, m: [f64; 2]) -> [f32; 2] {
        [
            (self.centre_px[0] + (m[0] - self.centre[0]) * self.scale) as f32,
            (self.centre_px[1] + (m[1] - self.centre[1]) * self.scale) as f32,
        ]
    }

    /// Mercator point under a screen position.
    pub fn invert(&self, p: [f32; 2]) -> [f64; 2] {
        [
            self.centre[0] + (f64::from(p[0]) - self.centre_px[0]) / self.scale,
            self.centre[1] + (f64::from(p[1]) - self.centre_px[1]) / self.scale,
        ]
    }

    /// The mercator box visible in a rect of `size` points around the centre.
    pub fn visible(&self, size: [f32; 2]) -> MercBox {
        let hw = f64::from(size[0]) / 2.0 / self.scale;
        let hh = f64::from(size[1]) / 2.0 / self.scale;
        [
            self.centre[0] - hw,
            self.centre[1] - hh,
            self.centre[0] + hw,
            self.centre[1] + hh,
        ]
    }
}

/// A mercator box grown by `by` on every side.
pub fn expand(b: MercBox, by: f64) -> MercBox {
    [b[0] - by, b[1] - by, b[2] + by, b[3] + by]
}

/// The parts of a ring (`closed`) or polyline that cross box `b`, so that a stroke can skip the
/// rest: `true` when every segment crosses it (draw the whole as it is); else `runs` holds the
/// point ranges of the maximal stretches of crossing segments, each to be drawn as an open
/// line. A ring's range may run past its last point: take indices modulo its length.
///
/// A segment counts when its bounding box meets `b`, so nothing crossing `b` is ever left out;
/// with `b` the view grown by more than half the widest stroke, the ends of the runs lie
/// outside the view and the pixels inside it are the same as stroking the whole ring.
pub fn visible_runs(
    points: &[[f64; 2]],
    closed: bool,
    b: MercBox,
    runs: &mut Vec<std::ops::Range<usize>>,
) -> bool {
    runs.clear();
    let n = points.len();
    let segments = if closed { n } else { n.saturating_sub(1) };
    let crosses = |i: usize| {
        let (p, q) = (points[i % n], points[(i + 1) % n]);
        p[0].min(q[0]) <= b[2]
            && p[0].max(q[0]) >= b[0]
            && p[1].min(q[1]) <= b[3]
            && p[1].max(q[1]) >= b[1]
    };
    let Some(first_hidden) = (0..segments).find(|&i| !crosses(i)) else {
        return true;
    };
    // A ring is walked from just after a hidden segment, so no run is cut at index 0.
    let start = if closed { first_hidden + 1 } else { 0 };
    let mut run_start = None;
    for i in start..start + segments {
        match (crosses(i), run_start) {
            (true, None) => run_start = Some(i),
            (false, Some(s)) => {
                runs.push(s..i + 1);
                run_start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = run_start {
        runs.push(s..start + segments + 1);
    }
    false
}

/// Whether two mercator boxes overlap.
pub fn intersects(a: MercBox, b: MercBox) -> bool {
    a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fitting_a_box_then_projecting_keeps_it_on_screen() {
        let b = opening_box();
        let size = [1600.0, 1000.0];
        let (c, z) = fit(b, size, 20.0);
        let t = ScreenTransform::new(mercator(c), [800.0, 500.0], z);
        for corner in [[b[0], b[1]], [b[2], b[3]]] {
            let p = t.apply(corner);
            assert!(
                (19.0..=1581.0).contains(&p[0]) && (19.0..=981.0).contains(&p[1]),
                "{p:?}"
            );
        }
    }

    #[test]
    fn margins_keep_the_box_inside_the_inner_area() {
        let b = lonlat_box([127.5, 41.0, 139.0, 48.5]);
        let size = [1000.0, 800.0];
        let (c, z) = fit_with_margins(b, size, [20.0, 20.0, 20.0, 200.0]);
        let t = ScreenTransform::new(mercator(c), [500.0, 400.0], z);
        for corner in [[b[0], b[1]], [b[2], b[3]]] {
            let p = t.apply(corner);
            assert!(
                (19.0..=981.0).contains(&p[0]) && (19.0..=601.0).contains(&p[1]),
                "{p:?}"
            );
        }
    }

    /// Every segment of `points` that crosses `b`, as (from, to) point pairs.
    fn crossing_segments(points: &[[f64; 2]], closed: bool, b: MercBox) -> Vec<[[f64; 2]; 2]> {
        let n = points.len();
        let segments = if closed { n } else { n - 1 };
        (0..segments)
            .map(|i| [points[i], points[(i + 1) % n]])
            .filter(|[p, q]| {
                intersects(
                    [
                        p[0].min(q[0]),
                        p[1].min(q[1]),
                        p[0].max(q[0]),
                        p[1].max(q[1]),
                    ],
                    b,
                )
            })
            .collect()
    }

    /// The segments the runs draw, in order.
    fn drawn_segments(points: &[[f64; 2]], runs: &[std::ops::Range<usize>]) -> Vec<[[f64; 2]; 2]> {
        let n = points.len();
        runs.iter()
            .flat_map(|r| (r.start..r.end - 1).map(move |i| [points[i % n], points[(i + 1) % n]]))
            .collect()
    }

    #[test]
    fn a_ring_inside_the_view_is_drawn_whole() {
        let ring = [[0.1, 0.1], [0.2, 0.1], [0.2, 0.2], [0.1, 0.2]];
        let mut runs = Vec::from([0..1, 2..3]);
        assert!(visible_runs(&ring, true, [0.0, 0.0, 1.0, 1.0], &mut runs));
        assert!(runs.is_empty(), "{runs:?}");
    }

    #[test]
    fn a_ring_partly_in_view_keeps_every_crossing_segment_once_and_nothing_else() {
        // A ring that leaves the box [0, 0, 1, 1] twice and starts inside it, so one stretch
        // wraps past the last point.
        let ring = [
            [0.5, 0.5],
            [0.9, 0.5],
            [1.5, 0.5],
            [2.0, 0.6],
            [1.5, 0.7],
            [0.8, 0.7],
            [0.7, 0.8],
            [0.6, 1.5],
            [0.4, 2.0],
            [0.3, 1.5],
            [0.3, 0.6],
        ];
        let b = [0.0, 0.0, 1.0, 1.0];
        let mut runs = Vec::new();
        assert!(!visible_runs(&ring, true, b, &mut runs));
        assert_eq!(runs.len(), 2, "{runs:?}");
        let mut drawn = drawn_segments(&ring, &runs);
        let mut wanted = crossing_segments(&ring, true, b);
        assert_eq!(drawn.len(), wanted.len());
        let key = |s: &[[f64; 2]; 2]| format!("{s:?}");
        drawn.sort_by_key(key);
        wanted.sort_by_key(key);
        assert_eq!(drawn, wanted);
        // Each run is a connected stretch: it starts and ends outside the box.
        for r in &runs {
            for end in [r.start, r.end - 1] {
                let p = ring[end % ring.len()];
                assert!(p[0] > 1.0 || p[1] > 1.0, "run {r:?} ends inside at {p:?}");
            }
        }
    }

    #[test]
    fn an_open_line_keeps_its_own_ends_and_a_line_out_of_view_draws_nothing() {
        let line = [[-1.0, 0.5], [0.5, 0.5], [2.0, 0.5], [3.0, 0.5], [3.0, 3.0]];
        let b = [0.0, 0.0, 1.0, 1.0];
        let mut runs = Vec::new();
        assert!(!visible_runs(&line, false, b, &mut runs));
        assert_eq!(runs, [std::ops::Range { start: 0, end: 3 }]);
        let away = [[5.0, 5.0], [6.0, 5.0], [6.0, 6.0]];
        assert!(!visible_runs(&away, false, b, &mut runs));
        assert!(runs.is_empty());
        assert!(!visible_runs(&away, true, b, &mut runs));
        assert!(runs.is_empty());
    }

    #[test]
    fn transform_inverts() {
        let t = ScreenTransform::new([0.8, 0.3], [400.0, 300.0], 6.0);
        let m = [0.81, 0.305];
        let back = t.invert(t.apply(m));
        assert!((back[0] - m[0]).abs() < 1e-6 && (back[1] - m[1]).abs() < 1e-6);
    }
}
