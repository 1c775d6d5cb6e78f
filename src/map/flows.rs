//! Flow arcs from a selected region to each partner's capital: the geometry (pure) and the
//! painting. Width grows with the square root of the value; colour is the partner's.

use egui::{Align2, Color32, FontId, Painter, Pos2, Rect, Shape, Stroke, pos2};

use super::view::ScreenTransform;

/// One arc to draw.
#[derive(Debug, Clone)]
pub struct FlowArc {
    /// Partner id.
    pub partner: String,
    /// Label shown on hover and at the map edge (`Russia: $2.1 bn`).
    pub label: String,
    /// Mercator start (the region's label point).
    pub from: [f64; 2],
    /// Mercator end (the partner's capital).
    pub to: [f64; 2],
    /// Stroke width in points.
    pub width: f32,
    /// Colour.
    pub color: Color32,
}

/// Points along a gentle quadratic arc from `a` to `b` (bulging to the left of travel).
pub fn arc_points(a: Pos2, b: Pos2, n: usize) -> Vec<Pos2> {
    let mid = a + (b - a) * 0.5;
    let d = b - a;
    let normal = egui::vec2(-d.y, d.x) * 0.18;
    let c = mid + normal;
    #[allow(clippy::cast_precision_loss)]
    (0..=n)
        .map(|i| {
            let t = i as f32 / n as f32;
            let u = 1.0 - t;
            pos2(
                u * u * a.x + 2.0 * u * t * c.x + t * t * b.x,
                u * u * a.y + 2.0 * u * t * c.y + t * t * b.y,
            )
        })
        .collect()
}

/// Where a polyline leaves `rect` (first point outside after one inside), if it does.
pub fn exit_point(points: &[Pos2], rect: Rect) -> Option<Pos2> {
    let inside = points.iter().position(|p| rect.contains(*p))?;
    let out = points[inside..].iter().position(|p| !rect.contains(*p))? + inside;
    let (a, b) = (points[out - 1], points[out]);
    // Bisect to the edge.
    let (mut lo, mut hi) = (a, b);
    for _ in 0..12 {
        let m = lo + (hi - lo) * 0.5;
        if rect.contains(m) {
            lo = m;
        } else {
            hi = m;
        }
    }
    Some(lo)
}

/// Distance from `p` to a polyline.
pub fn distance_to(points: &[Pos2], p: Pos2) -> f32 {
    points
        .windows(2)
        .map(|w| {
            let (a, b) = (w[0], w[1]);
            let ab = b - a;
            let t = ((p - a).dot(ab) / ab.length_sq().max(1e-6)).clamp(0.0, 1.0);
            (a + ab * t).distance(p)
        })
        .fold(f32::INFINITY, f32::min)
}

/// Paints the arcs; returns the partner of the arc under `pointer` (within 6 points).
pub fn paint(
    painter: &Painter,
    t: &ScreenTransform,
    rect: Rect,
    arcs: &[FlowArc],
    lit: Option<&str>,
    pointer: Option<Pos2>,
    halo: Color32,
) -> Option<usize> {
    let mut hovered = None;
    let mut best = 6.0;
    for (i, arc) in arcs.iter().enumerate() {
        let [ax, ay] = t.apply(arc.from);
        let [bx, by] = t.apply(arc.to);
        let pts = arc_points(pos2(ax, ay), pos2(bx, by), 32);
        if let Some(p) = pointer {
            let d = distance_to(&pts, p);
            if d < best {
                best = d;
                hovered = Some(i);
            }
        }
        let is_lit = lit == Some(arc.partner.as_str());
        let width = if is_lit { arc.width + 2.5 } else { arc.width };
        let color = if lit.is_some() && !is_lit {
            arc.color.gamma_multiply(0.45)
        } else {
            arc.color
        };
        painter.add(Shape::line(pts.clone(), Stroke::new(width, color)));
        let end = pts[pts.len() - 1];
        if rect.contains(end) {
            painter.circle(end, 3.0 + width * 0.3, color, Stroke::new(1.0, halo));
        } else if let Some(edge) = exit_point(&pts, rect.shrink(4.0)) {
            let anchor = if edge.x > rect.center().x {
                Align2::RIGHT_CENTER
            } else {
                Align2::LEFT_CENTER
            };
            let galley = painter.layout_no_wrap(
                format!("→ {}", arc.label),
                FontId::proportional(11.0),
                color,
            );
            let r = anchor.anchor_size(edge, galley.size());
            painter.rect_filled(r.expand(2.0), 3.0, halo);
            painter.galley(r.min, galley, color);
        }
    }
    hovered
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_arc_leaving_the_map_exits_on_its_edge() {
        let rect = Rect::from_min_max(pos2(0.0, 0.0), pos2(100.0, 100.0));
        let pts = arc_points(pos2(50.0, 50.0), pos2(300.0, 50.0), 32);
        let e = exit_point(&pts, rect).expect("exits");
        assert!((e.x - 100.0).abs() < 0.5, "{e:?}");
        assert!(exit_point(&arc_points(pos2(10.0, 10.0), pos2(20.0, 20.0), 8), rect).is_none());
    }

    #[test]
    fn distance_to_a_polyline() {
        let pts = [pos2(0.0, 0.0), pos2(10.0, 0.0)];
        assert!((distance_to(&pts, pos2(5.0, 3.0)) - 3.0).abs() < 1e-5);
    }
}
