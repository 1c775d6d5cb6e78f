//! Flow arcs from a selected region to each partner's capital: the geometry (pure) and the
//! painting. Width grows with the square root of the value; colour is the partner's.

use egui::{Align2, Color32, FontId, Painter, Pos2, Rect, Shape, Stroke, pos2};

use super::PreparedMap;
use super::prepared::mercator;
use super::view::ScreenTransform;
use crate::data::Geography;
use crate::model::FlowValue;
use crate::style::theme::Theme;

/// The arcs of `flows` (from the model): each from its region's label point to the partner's
/// capital, in the partner's colour.
pub fn arcs(
    flows: Vec<FlowValue>,
    geo: &Geography,
    prepared: &PreparedMap,
    theme: &Theme,
) -> Vec<FlowArc> {
    flows
        .into_iter()
        .filter_map(|f| {
            let from = prepared.regions.get(geo.index_of(&f.region)?)?.label;
            let (lon, lat) = f.to_lon_lat;
            Some(FlowArc {
                partner: f.partner,
                label: f.label,
                from,
                to: mercator(geo::Coord { x: lon, y: lat }),
                width: f.width,
                color: theme.partner(f.color_index),
            })
        })
        .collect()
}

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

/// Where the straight way from `a` (in `inner`) to an off-map `b` leaves `inner`: the end of
/// an arc kept in view. `None` when `b` is in view (draw the whole arc) or `a` is not.
pub fn end_in_view(a: Pos2, b: Pos2, inner: Rect) -> Option<Pos2> {
    if inner.contains(b) || !inner.contains(a) {
        return None;
    }
    let (mut lo, mut hi) = (0.0_f32, 1.0_f32);
    for _ in 0..20 {
        let m = 0.5 * (lo + hi);
        if inner.contains(a + (b - a) * m) {
            lo = m;
        } else {
            hi = m;
        }
    }
    Some(a + (b - a) * lo)
}

/// A label of `size` next to `end`, on the side facing the off-map `towards`, moved to lie
/// wholly inside `rect`.
pub fn label_rect_inside(end: Pos2, towards: Pos2, size: egui::Vec2, rect: Rect) -> Rect {
    let anchor = if towards.x < end.x {
        Align2::LEFT_BOTTOM
    } else {
        Align2::RIGHT_BOTTOM
    };
    let r = anchor.anchor_size(end - egui::vec2(0.0, 6.0), size);
    let dx = (rect.left() - r.left()).max(0.0) + (rect.right() - r.right()).min(0.0);
    let dy = (rect.top() - r.top()).max(0.0) + (rect.bottom() - r.bottom()).min(0.0);
    r.translate(egui::vec2(dx, dy))
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
        let (a, b) = (pos2(ax, ay), pos2(bx, by));
        // A partner whose capital is off the map gets an arc that ends inside the map, on the
        // way to it, with the partner named there (never a line running off the edge).
        let inner = rect.shrink(28.0);
        let cut = if rect.contains(b) {
            None
        } else {
            end_in_view(a, b, inner)
        };
        let pts = arc_points(a, cut.unwrap_or(b), 32);
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
        painter.circle(end, 3.0 + width * 0.3, color, Stroke::new(1.0, halo));
        if cut.is_some() {
            let galley = painter.layout_no_wrap(
                format!("→ {}", arc.label),
                FontId::proportional(11.0),
                color,
            );
            let r = label_rect_inside(end, b, galley.size(), rect.shrink(4.0));
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
    fn an_arc_to_a_capital_off_the_map_ends_in_view_with_its_label_inside() {
        let map = Rect::from_min_max(pos2(0.0, 0.0), pos2(400.0, 300.0));
        let inner = map.shrink(28.0);
        // Jilin to Moscow: far to the west and north.
        let (a, b) = (pos2(250.0, 150.0), pos2(-3000.0, -900.0));
        let end = end_in_view(a, b, inner).expect("cut at the edge");
        assert!(map.contains(end) && end.x < a.x, "{end:?}");
        let label = label_rect_inside(end, b, egui::vec2(180.0, 14.0), map.shrink(4.0));
        assert!(map.contains_rect(label), "{label:?}");
        assert!(
            end_in_view(a, pos2(300.0, 200.0), inner).is_none(),
            "in view: whole arc"
        );
    }

    #[test]
    fn distance_to_a_polyline() {
        let pts = [pos2(0.0, 0.0), pos2(10.0, 0.0)];
        assert!((distance_to(&pts, pos2(5.0, 3.0)) - 3.0).abs() < 1e-5);
    }
}
