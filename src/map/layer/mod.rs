//! Paints the prepared geography inside the walkers map and turns pointer input into commands.
//! Offline by default: the regions themselves are the basemap (sea, land, borders).
//!
//! [`draw`] is the frame's list of steps, in painting order: hit test, fills, highlights
//! (hover and selection outlines), flows, attribution and legend (`legend.rs`), names
//! (`names.rs`), tooltip (`tooltip.rs`). Fills and outlines come from screen geometry cached while
//! the view is still ([`super::cache`]); what shows at which zoom comes from the one table of
//! zoom bands, [`crate::style::zoom::ZOOM`].

mod legend;
mod names;
mod tooltip;

use egui::{Align2, Color32, FontId, Mesh, Painter, Pos2, Rect, Response, Shape, Stroke, Ui};

pub use legend::{
    LegendBoxes, LegendSpec, kind_color, legend_boxes, ramp_steps, ramp_ticks, swatch_label_at,
};
pub use tooltip::{place_tooltip, region_tooltip};

use super::cache::{
    BorderStyle, Fill, FillRole, Frame, MapCache, add_fill, add_outline, fill_of, pos,
};
use super::flows::{self, FlowArc};
use super::labels::LabelPlacer;
use super::prepared::{PreparedMap, lod_for_zoom, mercator};
use super::view::{MercBox, ScreenTransform, intersects};
use crate::data::Geography;
use crate::data::geo::Region;
use crate::model::{Legend, MapValues};
use crate::state::{Command, State, pick};
use crate::style::scale::ColorScale;
use crate::style::theme::Theme;
use crate::style::zoom::ZOOM;

/// Where one frame of the map drew what. [`draw`] returns it in its [`MapOutput`]; the app
/// keeps the last frame's so tests and automation can check the legend leaves the map free,
/// that a region or place is named, or which place is hovered.
#[derive(Debug, Clone, Default)]
pub struct MapDrawn {
    /// The legend (screen rect), when drawn.
    pub legend_rect: Option<Rect>,
    /// The attribution (screen rect).
    pub attribution_rect: Option<Rect>,
    /// The names labelled on the map (regions and places).
    pub labels: Vec<String>,
    /// The id of the place under the pointer.
    pub hovered_place: Option<String>,
}

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

/// What one frame of the map produced.
#[derive(Debug, Default)]
pub struct MapOutput {
    /// Commands for the state.
    pub commands: Vec<Command>,
    /// The transform used, for callers that place things on the map.
    pub transform: Option<ScreenTransform>,
    /// Where it drew what.
    pub drawn: MapDrawn,
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

/// One frame of the map on screen: where it is, how mercator points map to it, the zoom and
/// level of detail, the part of the world in view and the pointer (when over the map).
struct MapFrame {
    painter: Painter,
    rect: Rect,
    t: ScreenTransform,
    zoom: f64,
    lod: usize,
    visible: MercBox,
    pointer: Option<Pos2>,
}

/// Draws the map for one frame and reads the pointer. `response` is the map widget's.
pub fn draw(
    ui: &mut Ui,
    response: &Response,
    projector: &walkers::Projector,
    ctx: &MapCtx<'_>,
    cache: &mut MapCache,
) -> MapOutput {
    let rect = projector.clip_rect();
    let t = transform_of(projector);
    let zoom = projector.zoom();
    let f = MapFrame {
        painter: ui.painter().with_clip_rect(rect),
        rect,
        t,
        zoom,
        lod: lod_for_zoom(zoom),
        visible: t.visible([rect.width(), rect.height()]),
        pointer: response.hover_pos().filter(|p| rect.contains(*p)),
    };
    let mut out = MapOutput {
        commands: Vec::new(),
        transform: Some(t),
        drawn: MapDrawn::default(),
    };
    let hovered = hit_test(ui, response, &f, ctx, &mut out.commands);
    paint_fills(ui, &f, ctx, cache);
    paint_highlights(&f, ctx, hovered);
    let arc_hovered = paint_flows(response, &f, ctx, &mut out.commands);
    let mut placer = LabelPlacer::default();
    let (attribution, legend) = paint_attribution_and_legend(&f, ctx, &mut placer);
    let (places, labels) = names::paint(&f, ctx, &mut placer);
    let hovered_place = tooltip::show(response, &f, ctx, hovered, arc_hovered, &places);
    out.drawn = MapDrawn {
        legend_rect: legend,
        attribution_rect: Some(attribution),
        labels,
        hovered_place,
    };
    out
}

/// Hover and click: the whole chain of regions under the pointer, then the one at the level the
/// user picks at. Returns the hovered region.
fn hit_test<'g>(
    ui: &Ui,
    response: &Response,
    f: &MapFrame,
    ctx: &MapCtx<'g>,
    commands: &mut Vec<Command>,
) -> Option<&'g Region> {
    let geo = ctx.geo;
    let chain_at = |p: Pos2| {
        let ll = super::prepared::lon_lat_of(f.t.invert([p.x, p.y]));
        geo.hit_chain(ll.x, ll.y)
    };
    let level = ctx.state.pick_level.level_at_zoom(f.zoom);
    let hovered_chain: Vec<&Region> = f.pointer.map(chain_at).unwrap_or_default();
    let hovered = pick(&hovered_chain, level);
    commands.push(Command::Hover(hovered.map(|r| r.id.clone())));
    if response.clicked() {
        let mods = ui.input(|i| i.modifiers);
        let click_chain = response
            .interact_pointer_pos()
            .map(chain_at)
            .unwrap_or_default();
        match pick(&click_chain, level) {
            Some(r) if mods.command || mods.shift => commands.push(Command::Toggle(r.id.clone())),
            Some(r) => commands.push(Command::Select(r.id.clone())),
            None if !(mods.command || mods.shift) => commands.push(Command::ClearSelection),
            None => {}
        }
    }
    hovered
}

/// The sea, then the cached fills and outlines, recoloured for the year and metric.
fn paint_fills(ui: &Ui, f: &MapFrame, ctx: &MapCtx<'_>, cache: &mut MapCache) {
    let (theme, geo, rect) = (ctx.theme, ctx.geo, f.rect);
    // epaint appends shapes that share a clip rect to one output mesh, growing (and copying)
    // it as it goes. The two big cached meshes get clip rects of their own, equal to the map's
    // to within a thousandth of a point (no renderer can show the difference), so each is
    // copied once into a primitive of its own and the small shapes after them start a new one.
    let fills_painter = f
        .painter
        .with_clip_rect(rect.shrink2(egui::vec2(5e-4, 0.0)));
    let outlines_painter = f
        .painter
        .with_clip_rect(rect.shrink2(egui::vec2(0.0, 5e-4)));
    if !ctx.tiles_on {
        fills_painter.rect_filled(rect, 0.0, theme.sea);
    }
    cache.prepare(&Frame {
        geo,
        prepared: ctx.prepared,
        transform: f.t,
        rect,
        visible: f.visible,
        lod: f.lod,
        zoom: f.zoom,
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
}

/// The hover tint and outline and the selection's outlines, with the rivers back on top.
fn paint_highlights(f: &MapFrame, ctx: &MapCtx<'_>, hovered: Option<&Region>) {
    let (theme, geo, t, lod) = (ctx.theme, ctx.geo, &f.t, f.lod);
    let hovered = hovered.and_then(|h| geo.index_of(&h.id));
    // Hover tints the region under the pointer (over the borders). A selection is marked by
    // its outline only: a tint would change the colour that carries the region's value.
    // A region without a figure is not tinted (grey + tint would read as a data colour); its
    // outline below marks the hover.
    if let Some(h) = hovered.filter(|&i| hover_tints(ctx.values, i)) {
        let mut overlay = Mesh::default();
        add_fill(
            &mut overlay,
            t,
            &ctx.prepared.regions[h],
            lod,
            theme.hover_fill,
        );
        f.painter.add(Shape::mesh(overlay));
    }
    let mut shapes = Vec::new();
    let mut selected_in_view = false;
    for (r, p) in geo.regions.iter().zip(&ctx.prepared.regions) {
        if ctx.state.selection.contains(&r.id) && intersects(p.bbox, f.visible) {
            add_outline(&mut shapes, t, p, lod, theme.selected_stroke);
            selected_in_view = true;
        }
    }
    // Rivers stay on top of a selection's outline (the Tumen is the border it runs along).
    if selected_in_view {
        for pl in &ctx.prepared.lines {
            for line in pl.lods.get(lod).into_iter().flatten() {
                let points: Vec<Pos2> = line.iter().map(|&m| pos(t, m)).collect();
                shapes.push(Shape::line(points, theme.river));
            }
        }
    }
    if let Some(h) = hovered {
        let stroke = Stroke::new(1.5, theme.label);
        add_outline(&mut shapes, t, &ctx.prepared.regions[h], lod, stroke);
    }
    f.painter.extend(shapes);
}

/// Flows for the selection; an arc under the pointer names its partner and lights it in the
/// other views. Returns the hovered arc.
fn paint_flows(
    response: &Response,
    f: &MapFrame,
    ctx: &MapCtx<'_>,
    commands: &mut Vec<Command>,
) -> Option<usize> {
    let lit = ctx.state.hovered_partner.as_deref();
    let halo = ctx.theme.label_halo;
    let hovered = flows::paint(&f.painter, &f.t, f.rect, ctx.flows, lit, f.pointer, halo);
    if let Some(arc) = hovered.and_then(|i| ctx.flows.get(i)) {
        commands.push(Command::HoverPartner(Some(arc.partner.clone())));
        response.clone().on_hover_text_at_pointer(&arc.label);
    }
    hovered
}

/// The attribution (always drawn, wrapped to the map's width so a small window never cuts it
/// off) and the legend; both are kept clear of labels. Returns their rects (the legend's when
/// drawn).
fn paint_attribution_and_legend(
    f: &MapFrame,
    ctx: &MapCtx<'_>,
    placer: &mut LabelPlacer,
) -> (Rect, Option<Rect>) {
    let (theme, rect) = (ctx.theme, f.rect);
    let attr_galley = f.painter.layout(
        attribution_text(ctx),
        FontId::proportional(11.0),
        theme.attribution,
        (rect.width() - 12.0).max(100.0),
    );
    let attr_rect = Align2::RIGHT_BOTTOM.anchor_size(
        rect.right_bottom() - egui::vec2(4.0, 2.0),
        attr_galley.size(),
    );
    placer.block(attr_rect);
    let mut legend_drawn = None;
    if let (Some(values), Some(legend)) = (ctx.values, &ctx.legend) {
        let legend_rect = legend::draw_legend(
            &f.painter,
            rect,
            attr_rect.height() + 8.0,
            theme,
            values.scale.as_ref(),
            legend,
            ctx.state.show_places,
            ZOOM.prefecture_borders(f.zoom),
        );
        placer.block(legend_rect);
        legend_drawn = Some(legend_rect);
    }
    f.painter
        .rect_filled(attr_rect.expand(2.0), 2.0, theme.label_halo);
    f.painter
        .galley(attr_rect.min, attr_galley, theme.attribution);
    (attr_rect, legend_drawn)
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

fn scale_color(theme: &Theme, scale: &ColorScale, v: f64) -> Color32 {
    kind_color(theme, scale.kind, scale.position(v))
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
