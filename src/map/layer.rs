//! Paints the prepared geography inside the walkers map and turns pointer input into commands.
//! Offline by default: the regions themselves are the basemap (sea, land, borders).
//!
//! Per frame: cull by mercator bounding box, pick the level of detail for the zoom, transform
//! precomputed mercator points with one affine map, add fills as one mesh, outlines as paths.

use egui::{Align2, Color32, FontId, Mesh, Painter, Pos2, Rect, Response, Shape, Stroke, Ui, pos2};

use super::cache::{
    BorderStyle, Fill, FillRole, Frame, MapCache, add_fill, add_outline, box_px, fill_of, pos,
};
use super::flows::{self, FlowArc};
use super::labels::LabelPlacer;
use super::prepared::{PreparedMap, lod_for_zoom, mercator};
use super::view::{ScreenTransform, intersects};
use crate::data::geo::{PlaceKind, Region};
use crate::data::{Geography, Level};
use crate::model::MapValues;
use crate::state::{Command, State, pick};
use crate::style::format::format_value;
use crate::style::scale::{ColorScale, PARENT_FILL_NOTE, ROW, ScaleKind, class_layout, class_rows};
use crate::style::theme::Theme;

/// Where the last frame drew the legend (screen rect), in egui's temporary memory under this
/// id: lets tests check that it leaves most of the map free.
pub const LEGEND_RECT: &str = "tumen-atlas/map-legend-rect";
/// The names the last frame labelled on the map (regions and places), in egui's temporary
/// memory under this id: lets tests check that a region or place is named.
pub const LABELS_DRAWN: &str = "tumen-atlas/map-labels-drawn";
/// The id of the place under the pointer last frame (`Option<String>`), in egui's temporary
/// memory under this id.
pub const HOVERED_PLACE: &str = "tumen-atlas/map-hovered-place";
/// Where the last frame drew the attribution, in egui's temporary memory under this id.
pub const ATTRIBUTION_RECT: &str = "tumen-atlas/map-attribution-rect";

/// What the map needs to draw one frame.
pub struct MapCtx<'a> {
    /// Geography.
    pub geo: &'a Geography,
    /// Its prepared geometry (same order).
    pub prepared: &'a PreparedMap,
    /// User state.
    pub state: &'a State,
    /// Colours.
    pub theme: &'a Theme,
    /// Whether raster tiles are drawn underneath (then the sea is not painted).
    pub tiles_on: bool,
    /// Attribution text for the tiles, when on.
    pub tiles_attribution: Option<&'a str>,
    /// Choropleth values for the year, if the map is coloured by a metric.
    pub values: Option<&'a MapValues>,
    /// Legend: title, unit and the source line.
    pub legend: Option<Legend>,
    /// Flow arcs for the selection.
    pub flows: &'a [FlowArc],
    /// Source id → "publisher — title", for tooltips.
    pub source_names: &'a std::collections::HashMap<String, String>,
}

/// What the legend says.
#[derive(Debug, Clone)]
pub struct Legend {
    /// E.g. "Total trade with all partners, 2019".
    pub title: String,
    /// `USD` or `%`.
    pub unit: &'static str,
    /// E.g. "Source: NBS A060101 (location of trading enterprise)".
    pub source_line: String,
    /// What the ramp's place says when no region has a figure (why the map is grey).
    pub empty_reason: String,
    /// Whether only China as a whole has a figure (the window then offers to show it).
    pub china_only: bool,
}

/// What one frame of the map produced.
#[derive(Debug, Default)]
pub struct MapOutput {
    /// Commands for the state.
    pub commands: Vec<Command>,
    /// The transform used, for callers that place things on the map.
    pub transform: Option<ScreenTransform>,
}

/// The transform walkers' projector implies for this frame.
pub fn transform_of(projector: &walkers::Projector) -> ScreenTransform {
    let rect = projector.clip_rect();
    let c = projector.unproject(rect.center().to_vec2());
    let centre = mercator(geo::Coord { x: c.x(), y: c.y() });
    ScreenTransform::new(
        centre,
        [f64::from(rect.center().x), f64::from(rect.center().y)],
        projector.zoom(),
    )
}

/// Draws a label with a halo; returns its rect.
#[allow(clippy::too_many_arguments)] // a drawing helper; a struct would only rename the arguments
fn label(
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

/// Draws the map for one frame and reads the pointer. `response` is the map widget's.
pub fn draw(
    ui: &mut Ui,
    response: &Response,
    projector: &walkers::Projector,
    ctx: &MapCtx<'_>,
    cache: &mut MapCache,
) -> MapOutput {
    let mut out = MapOutput::default();
    let rect = projector.clip_rect();
    let painter = ui.painter().with_clip_rect(rect);
    let t = transform_of(projector);
    out.transform = Some(t);
    let zoom = projector.zoom();
    let lod = lod_for_zoom(zoom);
    let visible = t.visible([rect.width(), rect.height()]);
    let theme = ctx.theme;
    let geo = ctx.geo;
    let state = ctx.state;

    // epaint appends shapes that share a clip rect to one output mesh, growing (and copying)
    // it as it goes. The two big cached meshes get clip rects of their own, equal to the map's
    // to within a thousandth of a point (no renderer can show the difference), so each is
    // copied once into a primitive of its own and the small shapes after them start a new one.
    let fills_painter = painter.with_clip_rect(rect.shrink2(egui::vec2(5e-4, 0.0)));
    let outlines_painter = painter.with_clip_rect(rect.shrink2(egui::vec2(0.0, 5e-4)));
    if !ctx.tiles_on {
        fills_painter.rect_filled(rect, 0.0, theme.sea);
    }

    // Hover and click: the whole chain under the pointer, then the level the user picks at.
    let level = state.pick_level.level_at_zoom(zoom);
    let hovered_chain: Vec<&Region> = response
        .hover_pos()
        .filter(|p| rect.contains(*p))
        .map(|p| {
            let ll = super::prepared::lon_lat_of(t.invert([p.x, p.y]));
            geo.hit_chain(ll.x, ll.y)
        })
        .unwrap_or_default();
    let hovered = pick(&hovered_chain, level);
    out.commands
        .push(Command::Hover(hovered.map(|r| r.id.clone())));
    if response.clicked() {
        let mods = ui.input(|i| i.modifiers);
        let click_chain = response
            .interact_pointer_pos()
            .map(|p| {
                let ll = super::prepared::lon_lat_of(t.invert([p.x, p.y]));
                geo.hit_chain(ll.x, ll.y)
            })
            .unwrap_or_default();
        match pick(&click_chain, level) {
            Some(r) if mods.command || mods.shift => {
                out.commands.push(Command::Toggle(r.id.clone()));
            }
            Some(r) => out.commands.push(Command::Select(r.id.clone())),
            None if !(mods.command || mods.shift) => out.commands.push(Command::ClearSelection),
            None => {}
        }
    }

    // Fills and outlines: cached screen geometry, recoloured for the year and metric.
    cache.prepare(&Frame {
        geo,
        prepared: ctx.prepared,
        transform: t,
        rect,
        visible,
        lod,
        zoom,
        borders: BorderStyle {
            admin2: theme.border_admin2,
            admin1: theme.border_admin1,
            country: theme.border_country,
            river: theme.river,
        },
        pixels_per_point: ui.ctx().pixels_per_point(),
        options: ui.ctx().tessellation_options(|o| *o),
        #[allow(clippy::redundant_closure_for_method_calls)] // the method path is not general enough
        font_tex_size: ui.ctx().fonts(|f| f.font_image_size()),
    });
    let value_color = |i: usize| {
        ctx.values.and_then(|v| {
            let scale = v.scale?;
            let cell = v.per_region.get(i)?.as_ref()?;
            Some(scale_color(theme, &scale, cell.cell.value?))
        })
    };
    cache.recolor(|i, role| match (ctx.values, role) {
        (Some(v), _) => {
            let has = v.has_figures.get(i).copied().unwrap_or(false);
            match fill_of(role, value_color(i), has) {
                Fill::Value(c) => c,
                Fill::NoData => theme.no_data,
                Fill::Parent => Color32::TRANSPARENT,
            }
        }
        (None, FillRole::Land) => {
            let id = geo.regions.get(i).map_or("", |r| r.id.as_str());
            if id.starts_with("CN") || id == "CHN" {
                theme.land_china
            } else {
                theme.land_other
            }
        }
        (None, FillRole::Detail) => Color32::TRANSPARENT,
    });
    fills_painter.add(cache.fills());
    outlines_painter.add(cache.outlines());

    // Hover tints the region under the pointer (over the borders). A selection is marked by
    // its outline only: a tint would change the colour that carries the region's value.
    // A region without a figure is not tinted (grey + tint would read as a data colour); its
    // outline below marks the hover.
    if let Some(h) = hovered
        .and_then(|h| geo.index_of(&h.id))
        .filter(|&i| hover_tints(ctx.values, i))
    {
        let mut overlay = Mesh::default();
        add_fill(
            &mut overlay,
            &t,
            &ctx.prepared.regions[h],
            lod,
            theme.hover_fill,
        );
        painter.add(Shape::mesh(overlay));
    }

    let mut shapes = Vec::new();
    let mut selected_in_view = false;
    for (r, p) in geo.regions.iter().zip(&ctx.prepared.regions) {
        if state.selection.contains(&r.id) && intersects(p.bbox, visible) {
            add_outline(&mut shapes, &t, p, lod, theme.selected_stroke);
            selected_in_view = true;
        }
    }
    // Rivers stay on top of a selection's outline (the Tumen is the border it runs along).
    if selected_in_view {
        for pl in &ctx.prepared.lines {
            for line in pl.lods.get(lod).into_iter().flatten() {
                let points: Vec<Pos2> = line.iter().map(|&m| pos(&t, m)).collect();
                shapes.push(Shape::line(points, theme.river));
            }
        }
    }
    if let Some(h) = hovered.and_then(|h| geo.index_of(&h.id)) {
        add_outline(
            &mut shapes,
            &t,
            &ctx.prepared.regions[h],
            lod,
            Stroke::new(1.5, theme.label),
        );
    }
    painter.extend(shapes);

    // Flows for the selection; an arc under the pointer names its partner.
    let pointer = response.hover_pos().filter(|p| rect.contains(*p));
    let lit = state.hovered_partner.as_deref();
    let arc_hovered = flows::paint(
        &painter,
        &t,
        rect,
        ctx.flows,
        lit,
        pointer,
        theme.label_halo,
    );
    if let Some(i) = arc_hovered {
        let arc = &ctx.flows[i];
        out.commands
            .push(Command::HoverPartner(Some(arc.partner.clone())));
        response.clone().on_hover_text_at_pointer(&arc.label);
    }
    // Wrapped to the map's width: the attribution is never cut off in a small window.
    let attribution = attribution_text(ctx);
    let attr_font = FontId::proportional(11.0);
    let attr_galley = painter.layout(
        attribution,
        attr_font,
        theme.attribution,
        (rect.width() - 12.0).max(100.0),
    );
    let attr_rect = Align2::RIGHT_BOTTOM.anchor_size(
        rect.right_bottom() - egui::vec2(4.0, 2.0),
        attr_galley.size(),
    );
    ui.ctx()
        .data_mut(|d| d.insert_temp(egui::Id::unique(ATTRIBUTION_RECT), attr_rect));
    let mut legend_rect = None;
    if let (Some(values), Some(legend)) = (ctx.values, &ctx.legend) {
        legend_rect = Some(draw_legend(
            &painter,
            rect,
            attr_rect.height() + 8.0,
            theme,
            values.scale.as_ref(),
            legend,
            state.show_places,
            zoom >= super::cache::ADMIN2_BORDER_ZOOM,
        ));
    }
    if let Some(r) = legend_rect {
        ui.ctx()
            .data_mut(|d| d.insert_temp(egui::Id::unique(LEGEND_RECT), r));
    }

    // Labels: selected regions, rivers, places by rank, then regions by level and size.
    let mut placer = LabelPlacer::default();
    placer.block(attr_rect);
    if let Some(r) = legend_rect {
        placer.block(r);
    }
    painter.rect_filled(attr_rect.expand(2.0), 2.0, theme.label_halo);
    painter.galley(attr_rect.min, attr_galley, theme.attribution);

    for (i, r) in geo.regions.iter().enumerate() {
        if state.selection.contains(&r.id) {
            let p = &ctx.prepared.regions[i];
            label(
                &painter,
                pos(&t, p.label),
                Align2::CENTER_CENTER,
                r.name(),
                FontId::proportional(14.0),
                theme.label,
                theme.label_halo,
                &mut placer,
            );
        }
    }
    let mut place_spots: Vec<(Pos2, f32, usize)> = Vec::new();
    let mut drawn: Vec<String> = Vec::new();
    if state.show_places {
        for (pi, (place, &m)) in geo.places.iter().zip(&ctx.prepared.places).enumerate() {
            let max_rank = if zoom < 5.0 {
                1
            } else if zoom < 6.5 {
                2
            } else {
                3
            };
            if place.rank > max_rank {
                continue;
            }
            let at = pos(&t, m);
            if !rect.contains(at) {
                continue;
            }
            let (color, r) = match place.kind {
                PlaceKind::City => (theme.place, 3.0),
                PlaceKind::Port => (theme.port, 3.5),
                PlaceKind::Crossing => (theme.crossing, 3.5),
            };
            let dot = Rect::from_center_size(at, egui::vec2(2.0 * r, 2.0 * r));
            if placer.try_place(dot) {
                match place.kind {
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
                        painter.rect_filled(dot, 0.0, color);
                    }
                    PlaceKind::City => {
                        painter.circle(at, r, color, Stroke::new(1.0, theme.label_halo));
                    }
                }
                place_spots.push((at, r, pi));
            }
        }
        // Names after every dot is down, so no name covers a neighbour's dot.
        for &(at, r, pi) in &place_spots {
            let Some(place) = geo.places.get(pi) else {
                continue;
            };
            let size = if place.rank == 1 { 13.0 } else { 12.0 };
            let name = place.names.display(&place.id);
            // Right, left, above, below: a place keeps its name when a neighbour (or a
            // river label) takes one side.
            let gap = r + 3.0;
            for (offset, anchor) in [
                (egui::vec2(gap, 0.0), Align2::LEFT_CENTER),
                (egui::vec2(-gap, 0.0), Align2::RIGHT_CENTER),
                (egui::vec2(0.0, -gap), Align2::CENTER_BOTTOM),
                (egui::vec2(0.0, gap), Align2::CENTER_TOP),
            ] {
                if label(
                    &painter,
                    at + offset,
                    anchor,
                    name,
                    FontId::proportional(size),
                    theme.label,
                    theme.label_halo,
                    &mut placer,
                ) {
                    drawn.push(name.to_string());
                    break;
                }
            }
        }
    }
    // Rivers after the places: a border town keeps its dot and name beside the river.
    for (l, pl) in geo.lines.iter().zip(&ctx.prepared.lines) {
        if let Some(m) = pl.label {
            let name = match (&l.names.en, &l.names.zh) {
                (Some(en), Some(zh)) => format!("{en} {zh}"),
                _ => l.names.display(&l.id).to_string(),
            };
            let at = pos(&t, m);
            if rect.contains(at) {
                for (offset, anchor) in [
                    (egui::vec2(0.0, 10.0), Align2::CENTER_TOP),
                    (egui::vec2(0.0, -10.0), Align2::CENTER_BOTTOM),
                    (egui::vec2(0.0, 30.0), Align2::CENTER_TOP),
                    (egui::vec2(40.0, 24.0), Align2::LEFT_TOP),
                    (egui::vec2(-40.0, 24.0), Align2::RIGHT_TOP),
                    (egui::vec2(0.0, 50.0), Align2::CENTER_TOP),
                ] {
                    if label(
                        &painter,
                        at + offset,
                        anchor,
                        &name,
                        FontId::proportional(13.0),
                        theme.river_label,
                        theme.label_halo,
                        &mut placer,
                    ) {
                        break;
                    }
                }
            }
        }
    }
    let mut candidates: Vec<(usize, f32, Pos2)> = geo
        .regions
        .iter()
        .enumerate()
        .filter(|(_, r)| match r.level {
            Level::Country => zoom < 6.0,
            Level::Admin1 => zoom >= 4.4,
            Level::Admin2 => zoom >= 6.6,
        })
        .filter(|(i, _)| intersects(ctx.prepared.regions[*i].bbox, visible))
        .map(|(i, _)| (i, box_px(&t, ctx.prepared.regions[i].bbox).area()))
        .filter(|(_, area)| *area > 2500.0)
        .filter_map(|(i, area)| label_anchor(geo, &t, rect, i, ctx.prepared).map(|p| (i, area, p)))
        .collect();
    candidates.sort_by(|a, b| {
        let (ra, rb) = (&geo.regions[a.0], &geo.regions[b.0]);
        rb.level.cmp(&ra.level).then(b.1.total_cmp(&a.1))
    });
    for (i, _, at) in candidates {
        let r = &geo.regions[i];
        let (font, color) = match r.level {
            Level::Country => (FontId::proportional(16.0), theme.country_label),
            Level::Admin1 => (FontId::proportional(13.0), theme.country_label),
            Level::Admin2 => (FontId::proportional(11.5), theme.country_label),
        };
        // Zoomed in past the country names, a province says which country it is in, so the
        // Tumen mouth reads China / Russia / North Korea.
        let text = match (r.level, geo.ancestors(r).last()) {
            (Level::Admin1, Some(country)) if zoom >= 6.0 && country.id != r.id => {
                format!("{}, {}", r.name(), country.name())
            }
            _ => r.name().to_string(),
        };
        // The label point first, then just above or below it (a city's name may sit there).
        for dy in [0.0, -16.0, 16.0] {
            if label(
                &painter,
                at + egui::vec2(0.0, dy),
                Align2::CENTER_CENTER,
                &text,
                font.clone(),
                color,
                Color32::TRANSPARENT,
                &mut placer,
            ) {
                drawn.push(text);
                break;
            }
        }
    }
    ui.ctx()
        .data_mut(|d| d.insert_temp(egui::Id::unique(LABELS_DRAWN), drawn));

    // Hovering a place names the place (not the region around it).
    let place_hovered = pointer.and_then(|p| {
        place_spots
            .iter()
            .filter(|(at, r, _)| at.distance(p) <= *r + 3.0)
            .min_by(|a, b| a.0.distance(p).total_cmp(&b.0.distance(p)))
            .and_then(|(_, _, i)| geo.places.get(*i))
    });
    ui.ctx().data_mut(|d| {
        d.insert_temp(
            egui::Id::unique(HOVERED_PLACE),
            place_hovered.map(|p| p.id.clone()),
        );
    });
    if let (Some(place), None) = (place_hovered, arc_hovered) {
        response
            .clone()
            .on_hover_ui_at_pointer(|ui| place_tooltip(ui, geo, place));
        return out;
    }

    // Tooltip for the hovered region: names in four languages, level, parent chain.
    if let (Some(h), None) = (hovered, arc_hovered) {
        let value = ctx
            .values
            .zip(geo.index_of(&h.id))
            .and_then(|(v, i)| v.per_region.get(i).cloned().flatten());
        let unit = ctx.legend.as_ref().map_or("USD", |l| l.unit);
        let title = ctx.legend.as_ref().map(|l| l.title.clone());
        response.clone().on_hover_ui_at_pointer(|ui| {
            region_tooltip(ui, geo, h);
            if let Some(title) = title {
                ui.separator();
                ui.label(title);
                match value {
                    Some(v) => {
                        ui.strong(format_value(v.cell.value, unit));
                        if let Some(b) = v.cell.basis {
                            ui.label(format!(
                                "Basis: {}",
                                crate::data::tables::flows::basis_words(b)
                            ));
                        }
                        for s in &v.cell.sources {
                            ui.label(ctx.source_names.get(s.as_str()).map_or_else(
                                || format!("Source: {s}"),
                                |n| format!("Source: {n}"),
                            ));
                        }
                        if v.cell.converted {
                            ui.label("Converted to USD at the year's rate (see notes)");
                        }
                    }
                    None => {
                        ui.label("No data");
                    }
                }
            }
        });
    }
    out
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
        let ll = super::prepared::lon_lat_of(t.invert([s.x, s.y]));
        geo.hit_chain(ll.x, ll.y).iter().any(|r| &r.id == id)
    })
}

/// The tooltip body for a place: its names, what it is, and where.
pub fn place_tooltip(ui: &mut Ui, geo: &Geography, place: &crate::data::geo::Place) {
    let kind = match place.kind {
        PlaceKind::City => "City",
        PlaceKind::Port => "Seaport",
        PlaceKind::Crossing => "Border crossing",
    };
    ui.strong(place.names.display(&place.id));
    for (lang, n) in [
        ("中文", &place.names.zh),
        ("한국어", &place.names.ko),
        ("Русский", &place.names.ru),
    ] {
        if let Some(n) = n {
            ui.label(format!("{lang}: {n}"));
        }
    }
    ui.label(kind);
    if let Some(r) = place.region.as_ref().and_then(|id| geo.region(id)) {
        let chain: Vec<String> = geo
            .ancestors(r)
            .iter()
            .map(|p| p.name().to_string())
            .collect();
        ui.label(format!("In: {}", chain.join(" › ")));
    }
    ui.label(egui::RichText::new("Place: GeoNames (CC BY 4.0)").small());
}

/// Whether hovering region `index` tints its fill: only where the fill carries no value (the
/// plain basemap) or a value. A "no data" fill is never tinted, so it never looks like data.
pub fn hover_tints(values: Option<&MapValues>, index: usize) -> bool {
    values.is_none_or(|v| v.per_region.get(index).is_some_and(Option::is_some))
}

fn attribution_text(ctx: &MapCtx<'_>) -> String {
    let base = "Boundaries: Natural Earth (public domain), Apache ECharts 4.9 (Apache-2.0) · Places: GeoNames (CC BY 4.0)";
    match ctx.tiles_attribution {
        Some(a) if ctx.tiles_on => format!("{a} · {base}"),
        _ => base.to_string(),
    }
}

/// The tooltip body for a region: its names, level and parents.
pub fn region_tooltip(ui: &mut Ui, geo: &Geography, r: &Region) {
    ui.strong(format!("{} ({})", r.name(), r.id));
    for (lang, n) in [
        ("中文", &r.names.zh),
        ("한국어", &r.names.ko),
        ("Русский", &r.names.ru),
    ] {
        if let Some(n) = n {
            ui.label(format!("{lang}: {n}"));
        }
    }
    ui.label(format!("Level: {}", r.level.label()));
    let parents: Vec<String> = geo
        .ancestors(r)
        .iter()
        .skip(1)
        .map(|p| p.name().to_string())
        .collect();
    if !parents.is_empty() {
        ui.label(format!("In: {}", parents.join(" › ")));
    }
}

fn scale_color(theme: &Theme, scale: &ColorScale, v: f64) -> Color32 {
    kind_color(theme, scale.kind, scale.position(v))
}

/// Draws the legend in the map's bottom-left corner: title, colour ramp with ticks, a "no data"
/// swatch and the source line. Returns its rect so labels avoid it.
#[allow(clippy::too_many_arguments)] // a drawing helper; a struct would only rename the arguments
fn draw_legend(
    painter: &Painter,
    map: Rect,
    bottom_margin: f32,
    theme: &Theme,
    scale: Option<&ColorScale>,
    legend: &Legend,
    symbols: bool,
    prefectures_drawn: bool,
) -> Rect {
    // At most half the map's width, so a small window keeps most of its map.
    let width = (map.width() * 0.5).clamp(220.0, 320.0);
    let ramp_width = (width - 120.0).max(100.0);
    let font = FontId::proportional(11.0);
    // The source line wraps to the legend's width; the legend grows to hold it.
    let source = painter.layout(
        legend.source_line.clone(),
        font.clone(),
        theme.attribution,
        width - 16.0,
    );
    let key_height = if symbols { 18.0 } else { 0.0 };
    let rows = scale
        .map(|s| class_rows(s, legend.unit))
        .unwrap_or_default();
    // Where the note on prefectures sits: under the ramp's tick labels and the line saying what
    // the scale is, or under the class rows (the last row, "no data", also says what the scale
    // is).
    let widths: Vec<f32> = rows
        .iter()
        .map(|r| {
            painter
                .layout_no_wrap(r.label.clone(), FontId::proportional(10.0), theme.label)
                .size()
                .x
        })
        .collect();
    let (places, row_count) = class_layout(&widths, width - 16.0);
    #[allow(clippy::cast_precision_loss)]
    let note_y = if rows.is_empty() {
        70.0
    } else {
        26.0 + ROW * (row_count + 1) as f32 + 4.0
    };
    // The note on prefectures only where their borders are drawn (else none can be told apart).
    let note = prefectures_drawn && scale.is_some();
    let note_height = if note { 14.0 } else { 0.0 };
    let height = note_y + 10.0 + note_height + key_height + source.size().y;
    let rect = Rect::from_min_size(
        pos2(map.left() + 8.0, map.bottom() - height - bottom_margin),
        egui::vec2(width, height),
    );
    painter.rect_filled(rect, 4.0, theme.label_halo);
    painter.text(
        rect.left_top() + egui::vec2(8.0, 5.0),
        Align2::LEFT_TOP,
        &legend.title,
        FontId::proportional(12.5),
        theme.label,
    );
    let ramp = Rect::from_min_size(
        rect.left_top() + egui::vec2(8.0, 26.0),
        egui::vec2(ramp_width, 12.0),
    );
    let color_at = |kind: ScaleKind, t: f32| kind_color(theme, kind, t);
    if let Some(scale) = scale.filter(|_| !rows.is_empty()) {
        for (row, &(dx, k)) in rows.iter().zip(&places) {
            #[allow(clippy::cast_precision_loss)]
            let top = ramp.top() + ROW * k as f32;
            let swatch = Rect::from_min_size(pos2(ramp.left() + dx, top), egui::vec2(16.0, 9.0));
            painter.rect_filled(swatch, 0.0, color_at(scale.kind, row.position));
            painter.text(
                swatch.right_center() + egui::vec2(6.0, 0.0),
                Align2::LEFT_CENTER,
                &row.label,
                FontId::proportional(10.0),
                theme.label,
            );
        }
    } else if let Some(scale) = scale {
        for (r, color) in ramp_steps(theme, scale.kind, ramp) {
            painter.rect_filled(r, 0.0, color);
        }
        let ticks = scale.ticks(if ramp_width < 160.0 { 2 } else { 3 });
        for (k, v) in ticks.iter().enumerate() {
            let x = ramp.left() + scale.position(*v) * ramp.width();
            painter.line_segment(
                [pos2(x, ramp.bottom()), pos2(x, ramp.bottom() + 3.0)],
                Stroke::new(1.0, theme.label),
            );
            let align = match k {
                0 => Align2::LEFT_TOP,
                k if k + 1 == ticks.len() => Align2::RIGHT_TOP,
                _ => Align2::CENTER_TOP,
            };
            painter.text(
                pos2(x, ramp.bottom() + 3.0),
                align,
                format_value(Some(*v), legend.unit),
                font.clone(),
                theme.label,
            );
        }
    } else {
        painter.text(
            ramp.left_center(),
            Align2::LEFT_CENTER,
            &legend.empty_reason,
            font.clone(),
            theme.label,
        );
    }
    if let Some(scale) = scale {
        #[allow(clippy::cast_precision_loss)]
        let (at, align, size) = if rows.is_empty() {
            (pos2(ramp.left(), rect.top() + 56.0), Align2::LEFT_TOP, 11.0)
        } else {
            let y = ramp.top() + ROW * row_count as f32 + 4.5;
            (pos2(ramp.left() + 78.0, y), Align2::LEFT_CENTER, 10.0)
        };
        painter.text(
            at,
            align,
            scale.describe(),
            FontId::proportional(size),
            theme.attribution,
        );
    }
    if note {
        painter.text(
            pos2(ramp.left(), rect.top() + note_y),
            Align2::LEFT_TOP,
            PARENT_FILL_NOTE,
            FontId::proportional(10.0),
            theme.attribution,
        );
    }
    // The "no data" swatch: right of the ramp, or the last of the class rows.
    #[allow(clippy::cast_precision_loss)]
    let no_data_at = if rows.is_empty() {
        pos2(ramp.right() + 16.0, ramp.top())
    } else {
        pos2(ramp.left(), ramp.top() + ROW * row_count as f32)
    };
    let swatch = Rect::from_min_size(no_data_at, egui::vec2(16.0, 9.0));
    painter.rect_filled(swatch, 0.0, theme.no_data);
    painter.text(
        swatch.right_center() + egui::vec2(6.0, 0.0),
        Align2::LEFT_CENTER,
        "no data",
        font.clone(),
        theme.label,
    );
    if symbols {
        // The key to the place symbols drawn on the map.
        let y = rect.top() + note_y + note_height + 12.0;
        let mut x = ramp.left() + 4.0;
        for kind in [PlaceKind::City, PlaceKind::Port, PlaceKind::Crossing] {
            let at = pos2(x, y);
            let r = 3.5;
            match kind {
                PlaceKind::City => {
                    painter.circle(at, 3.0, theme.place, Stroke::new(1.0, theme.label_halo));
                }
                PlaceKind::Port => {
                    painter.rect_filled(
                        Rect::from_center_size(at, egui::vec2(2.0 * r, 2.0 * r)),
                        0.0,
                        theme.port,
                    );
                }
                PlaceKind::Crossing => {
                    painter.add(Shape::convex_polygon(
                        vec![
                            at + egui::vec2(0.0, -r - 1.0),
                            at + egui::vec2(r + 1.0, 0.0),
                            at + egui::vec2(0.0, r + 1.0),
                            at + egui::vec2(-r - 1.0, 0.0),
                        ],
                        theme.crossing,
                        Stroke::new(1.0, theme.label_halo),
                    ));
                }
            }
            let text = match kind {
                PlaceKind::City => "city",
                PlaceKind::Port => "seaport",
                PlaceKind::Crossing => "border crossing",
            };
            let r = painter.text(
                at + egui::vec2(8.0, 0.0),
                Align2::LEFT_CENTER,
                text,
                font.clone(),
                theme.label,
            );
            x = r.right() + 14.0;
        }
    }
    let src_pos = pos2(rect.left() + 8.0, rect.bottom() - source.size().y - 6.0);
    painter.galley(src_pos, source, theme.attribution);
    rect
}

/// The colour at `t` (0–1) along a continuous scale of `kind`.
pub fn kind_color(theme: &Theme, kind: ScaleKind, t: f32) -> Color32 {
    match kind {
        ScaleKind::Sequential => theme.sequential(t),
        ScaleKind::Diverging => theme.diverging(t),
    }
}

/// A continuous legend ramp as 40 adjoining swatches (rectangle, colour) across `ramp`, each
/// overlapping the next by half a point so no seam shows; the window and the SVG draw the same.
pub fn ramp_steps(theme: &Theme, kind: ScaleKind, ramp: Rect) -> Vec<(Rect, Color32)> {
    let steps = 40;
    (0..steps)
        .map(|k| {
            #[allow(clippy::cast_precision_loss)]
            let (a, b) = (k as f32 / steps as f32, (k + 1) as f32 / steps as f32);
            let r = Rect::from_min_max(
                pos2(ramp.left() + a * ramp.width(), ramp.top()),
                pos2(ramp.left() + b * ramp.width() + 0.5, ramp.bottom()),
            );
            (r, kind_color(theme, kind, a))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::hover_tints;
    use crate::model::MapValues;

    #[test]
    fn hovering_a_region_without_a_figure_does_not_tint_it() {
        let values = MapValues {
            per_region: vec![None],
            ..MapValues::default()
        };
        assert!(!hover_tints(Some(&values), 0), "no data stays grey");
        assert!(
            !hover_tints(Some(&values), 7),
            "an unknown region is not tinted"
        );
        assert!(hover_tints(None, 0), "the plain basemap is tinted");
    }
}
