//! The map's names, in the order they claim space: the selected regions, the places (every dot
//! first, then the names, so no name covers a neighbour's dot), the rivers, then the regions by
//! level and size. A [`LabelPlacer`] keeps them from overlapping each other, the legend and the
//! attribution. What is named at which zoom comes from [`ZOOM`].

use egui::{Align2, Color32, FontId, Painter, Pos2, Rect, Shape, Stroke};

use super::{MapCtx, MapFrame};
use crate::data::geo::PlaceKind;
use crate::data::{Geography, Level};
use crate::map::cache::{box_px, pos};
use crate::map::labels::LabelPlacer;
use crate::map::prepared::PreparedMap;
use crate::map::view::{ScreenTransform, intersects};
use crate::style::theme::Theme;
use crate::style::zoom::ZOOM;

/// A place drawn this frame: its dot's centre, radius and index in `Geography::places`.
pub(super) type PlaceSpot = (Pos2, f32, usize);

/// Draws a label with a halo; returns its rect.
#[allow(clippy::too_many_arguments)] // a drawing helper; a struct would only rename the arguments
pub(super) fn label(
    painter: &Painter,
    at: Pos2,
    anchor: Align2,
    text: &str,
    font: FontId,
    color: Color32,
    halo: Color32,
    placer: &mut LabelPlacer,
) -> bool {
    let galley = painter.layout_no_wrap(text.to_string(), font, color);
    let rect = anchor.anchor_size(at, galley.size());
    if !placer.try_place(rect) {
        return false;
    }
    painter.rect_filled(rect.expand(1.5), 3.0, halo);
    painter.galley(rect.min, galley, color);
    true
}

/// The colour and radius of a place's symbol.
fn place_style(kind: PlaceKind, theme: &Theme) -> (Color32, f32) {
    match kind {
        PlaceKind::City => (theme.place, 3.0),
        PlaceKind::Port => (theme.port, 3.5),
        PlaceKind::Crossing => (theme.crossing, 3.5),
    }
}

/// A place's symbol at `at`: a dot for a city, a square for a port, a diamond for a crossing
/// (the map and the legend's key draw the same).
pub(super) fn paint_place_symbol(painter: &Painter, at: Pos2, kind: PlaceKind, theme: &Theme) {
    let (color, r) = place_style(kind, theme);
    match kind {
        PlaceKind::Crossing => {
            painter.add(Shape::convex_polygon(
                vec![
                    at + egui::vec2(0.0, -r - 1.0),
                    at + egui::vec2(r + 1.0, 0.0),
                    at + egui::vec2(0.0, r + 1.0),
                    at + egui::vec2(-r - 1.0, 0.0),
                ],
                color,
                Stroke::new(1.0, theme.label_halo),
            ));
        }
        PlaceKind::Port => {
            let dot = Rect::from_center_size(at, egui::vec2(2.0 * r, 2.0 * r));
            painter.rect_filled(dot, 0.0, color);
        }
        PlaceKind::City => {
            painter.circle(at, r, color, Stroke::new(1.0, theme.label_halo));
        }
    }
}

/// Names the map: selected regions, places, rivers, regions. Returns the places drawn (for
/// hovering them) and the names drawn.
pub(super) fn paint(
    f: &MapFrame,
    ctx: &MapCtx<'_>,
    placer: &mut LabelPlacer,
) -> (Vec<PlaceSpot>, Vec<String>) {
    let mut drawn: Vec<String> = Vec::new();
    selected_regions(f, ctx, placer);
    let mut spots = Vec::new();
    if ctx.state.show_places {
        spots = place_dots(f, ctx, placer);
        place_names(f, ctx, &spots, placer, &mut drawn);
    }
    // Rivers after the places: a border town keeps its dot and name beside the river.
    rivers(f, ctx, placer);
    regions(f, ctx, placer, &mut drawn);
    (spots, drawn)
}

fn selected_regions(f: &MapFrame, ctx: &MapCtx<'_>, placer: &mut LabelPlacer) {
    let theme = ctx.theme;
    for (i, r) in ctx.geo.regions.iter().enumerate() {
        if ctx.state.selection.contains(&r.id) {
            let p = &ctx.prepared.regions[i];
            label(
                &f.painter,
                pos(&f.t, p.label),
                Align2::CENTER_CENTER,
                r.name(),
                FontId::proportional(14.0),
                theme.label,
                theme.label_halo,
                placer,
            );
        }
    }
}

fn place_dots(f: &MapFrame, ctx: &MapCtx<'_>, placer: &mut LabelPlacer) -> Vec<PlaceSpot> {
    let max_rank = ZOOM.max_place_rank(f.zoom);
    let mut spots = Vec::new();
    for (pi, (place, &m)) in ctx.geo.places.iter().zip(&ctx.prepared.places).enumerate() {
        if place.rank > max_rank {
            continue;
        }
        let at = pos(&f.t, m);
        if !f.rect.contains(at) {
            continue;
        }
        let (_, r) = place_style(place.kind, ctx.theme);
        let dot = Rect::from_center_size(at, egui::vec2(2.0 * r, 2.0 * r));
        if placer.try_place(dot) {
            paint_place_symbol(&f.painter, at, place.kind, ctx.theme);
            spots.push((at, r, pi));
        }
    }
    spots
}

fn place_names(
    f: &MapFrame,
    ctx: &MapCtx<'_>,
    spots: &[PlaceSpot],
    placer: &mut LabelPlacer,
    drawn: &mut Vec<String>,
) {
    let theme = ctx.theme;
    for &(at, r, pi) in spots {
        let Some(place) = ctx.geo.places.get(pi) else {
            continue;
        };
        let size = if place.rank == 1 { 13.0 } else { 12.0 };
        let name = place.names.display(&place.id);
        // Right, left, above, below: a place keeps its name when a neighbour (or a river
        // label) takes one side.
        let gap = r + 3.0;
        for (offset, anchor) in [
            (egui::vec2(gap, 0.0), Align2::LEFT_CENTER),
            (egui::vec2(-gap, 0.0), Align2::RIGHT_CENTER),
            (egui::vec2(0.0, -gap), Align2::CENTER_BOTTOM),
            (egui::vec2(0.0, gap), Align2::CENTER_TOP),
        ] {
            if label(
                &f.painter,
                at + offset,
                anchor,
                name,
                FontId::proportional(size),
                theme.label,
                theme.label_halo,
                placer,
            ) {
                drawn.push(name.to_string());
                break;
            }
        }
    }
}

fn rivers(f: &MapFrame, ctx: &MapCtx<'_>, placer: &mut LabelPlacer) {
    let theme = ctx.theme;
    for (l, pl) in ctx.geo.lines.iter().zip(&ctx.prepared.lines) {
        let Some(m) = pl.label else {
            continue;
        };
        let name = match (&l.names.en, &l.names.zh) {
            (Some(en), Some(zh)) => format!("{en} {zh}"),
            _ => l.names.display(&l.id).to_string(),
        };
        let at = pos(&f.t, m);
        if !f.rect.contains(at) {
            continue;
        }
        for (offset, anchor) in [
            (egui::vec2(0.0, 10.0), Align2::CENTER_TOP),
            (egui::vec2(0.0, -10.0), Align2::CENTER_BOTTOM),
            (egui::vec2(0.0, 30.0), Align2::CENTER_TOP),
            (egui::vec2(40.0, 24.0), Align2::LEFT_TOP),
            (egui::vec2(-40.0, 24.0), Align2::RIGHT_TOP),
            (egui::vec2(0.0, 50.0), Align2::CENTER_TOP),
        ] {
            if label(
                &f.painter,
                at + offset,
                anchor,
                &name,
                FontId::proportional(13.0),
                theme.river_label,
                theme.label_halo,
                placer,
            ) {
                break;
            }
        }
    }
}

fn regions(f: &MapFrame, ctx: &MapCtx<'_>, placer: &mut LabelPlacer, drawn: &mut Vec<String>) {
    let (geo, t, zoom) = (ctx.geo, &f.t, f.zoom);
    let mut candidates: Vec<(usize, f32, Pos2)> = geo
        .regions
        .iter()
        .enumerate()
        .filter(|(_, r)| ZOOM.names_level(r.level, zoom))
        .filter(|(i, _)| intersects(ctx.prepared.regions[*i].bbox, f.visible))
        .map(|(i, _)| (i, box_px(t, ctx.prepared.regions[i].bbox).area()))
        .filter(|(_, area)| *area > 2500.0)
        .filter_map(|(i, area)| label_anchor(geo, t, f.rect, i, ctx.prepared).map(|p| (i, area, p)))
        .collect();
    candidates.sort_by(|a, b| {
        let (ra, rb) = (&geo.regions[a.0], &geo.regions[b.0]);
        rb.level.cmp(&ra.level).then(b.1.total_cmp(&a.1))
    });
    for (i, _, at) in candidates {
        let r = &geo.regions[i];
        let font = match r.level {
            Level::Country => FontId::proportional(16.0),
            Level::Admin1 => FontId::proportional(13.0),
            Level::Admin2 => FontId::proportional(11.5),
        };
        // Zoomed in past the country names, a province says which country it is in, so the
        // Tumen mouth reads China / Russia / North Korea.
        let text = match (r.level, geo.ancestors(r).last()) {
            (Level::Admin1, Some(country))
                if ZOOM.province_names_country(zoom) && country.id != r.id =>
            {
                format!("{}, {}", r.name(), country.name())
            }
            _ => r.name().to_string(),
        };
        // The label point first, then just above or below it (a city's name may sit there).
        for dy in [0.0, -16.0, 16.0] {
            if label(
                &f.painter,
                at + egui::vec2(0.0, dy),
                Align2::CENTER_CENTER,
                &text,
                font.clone(),
                ctx.theme.country_label,
                Color32::TRANSPARENT,
                placer,
            ) {
                drawn.push(text);
                break;
            }
        }
    }
}

/// Where to put region `index`'s label: its label point when in view, otherwise a point of the
/// region inside the visible part of the map (so a region whose label point is off screen is
/// still named), or `None` when no such point is found.
fn label_anchor(
    geo: &Geography,
    t: &ScreenTransform,
    rect: Rect,
    index: usize,
    prepared: &PreparedMap,
) -> Option<Pos2> {
    let p = &prepared.regions[index];
    let at = pos(t, p.label);
    if rect.shrink(12.0).contains(at) {
        return Some(at);
    }
    // A country is named at its own label point only (its outline is too rough near borders
    // to find a good point inside); zoomed in, its provinces name it.
    if geo.regions.get(index)?.level == Level::Country {
        return None;
    }
    let part = box_px(t, p.bbox).intersect(rect.shrink(40.0));
    if !part.is_positive() {
        return None;
    }
    let id = &geo.regions.get(index)?.id;
    [
        (0.5, 0.5),
        (0.3, 0.5),
        (0.7, 0.5),
        (0.5, 0.3),
        (0.5, 0.7),
        (0.3, 0.3),
        (0.7, 0.7),
        (0.3, 0.7),
        (0.7, 0.3),
    ]
    .into_iter()
    .map(|(fx, fy)| part.lerp_inside(egui::vec2(fx, fy)))
    .find(|s| {
        let ll = crate::map::prepared::lon_lat_of(t.invert([s.x, s.y]));
        geo.hit_chain(ll.x, ll.y).iter().any(|r| &r.id == id)
    })
}
