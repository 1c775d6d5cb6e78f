//! Vector maps (issue #10, item 6): the map view written as SVG from the prepared geometry —
//! one `<path>` per region with its fill, borders, rivers, places, labels as `<text>`, the
//! legend, the title and the source line. Not traced from pixels.
//!
//! The view (centre, zoom, map rect) is the one the headless figure renderer framed, so the SVG
//! lines up with the PNG export of the same arguments. Geometry is the level of detail the map
//! uses at that zoom, with points closer than [`MIN_STEP_PX`] to the last kept one dropped and
//! coordinates written to 0.1 px: simplified to the output resolution, so files stay small.
//!
//! Owns: the SVG document of a [`MapScene`] (the app fills it after drawing the figure, see
//! [`crate::app::figure`]). Colours come from [`Theme`], layout rules mirror
//! [`crate::map::layer`].

use std::fmt::Write as _;

use egui::{Align2, Color32, FontId, Pos2, Rect, Stroke, pos2, vec2};
use svg::Document;
use svg::node::element::{Circle, ClipPath, Definitions, Group, Path as SvgPath, Rectangle, Text};

use crate::data::geo::PlaceKind;
use crate::data::{Geography, Level};
use crate::map::PreparedMap;
use crate::map::cache::{Fill, FillRole, fill_of, fill_role};
use crate::map::labels::LabelPlacer;
use crate::map::prepared::lod_for_zoom;
use crate::map::view::{ScreenTransform, intersects};
use crate::model::{Legend, MapValues};
use crate::state::State;
use crate::style::scale::ScaleKind;
use crate::style::theme::Theme;

mod labels;
mod legend;
use crate::style::zoom::ZOOM;
use labels::labels;
use legend::legend_group;

/// Points of a ring or line closer than this (in pixels) to the last kept point are dropped.
pub const MIN_STEP_PX: f32 = 0.5;

/// Everything the SVG writer reads, borrowed from the app after it drew the figure.
pub struct MapScene<'a> {
    /// Regions, lines and places.
    pub geo: &'a Geography,
    /// Their projected, simplified geometry.
    pub prepared: &'a PreparedMap,
    /// Selection, year, options.
    pub state: &'a State,
    /// Colours and strokes.
    pub theme: &'a Theme,
    /// Values and scale of the year shown.
    pub values: &'a MapValues,
    /// Legend title, unit and source line.
    pub legend: Legend,
    /// Figure title.
    pub title: String,
    /// The map's rect in the figure, in points (= pixels at 1×).
    pub map_rect: Rect,
    /// Mercator to figure coordinates.
    pub transform: ScreenTransform,
    /// Map zoom.
    pub zoom: f64,
}

/// `#rrggbb` of a colour, un-premultiplied (alpha goes to the `*-opacity` attributes).
fn hex(c: Color32) -> String {
    let [r, g, b, _] = c.to_srgba_unmultiplied();
    format!("#{r:02x}{g:02x}{b:02x}")
}

fn opacity(c: Color32) -> f32 {
    f32::from(c.a()) / 255.0
}

fn pos(t: &ScreenTransform, m: [f64; 2]) -> Pos2 {
    let [x, y] = t.apply(m);
    pos2(x, y)
}

/// Appends `points` as one subpath to `d`, dropping points within [`MIN_STEP_PX`] of the last
/// kept one. Returns whether anything was written (a subpath needs two distinct points).
fn add_subpath(d: &mut String, points: impl Iterator<Item = Pos2>, closed: bool) -> bool {
    let mut kept: Vec<Pos2> = Vec::new();
    for p in points {
        if kept.last().is_none_or(|l| l.distance(p) >= MIN_STEP_PX) {
            kept.push(p);
        }
    }
    if kept.len() < 2 {
        return false;
    }
    for (i, p) in kept.iter().enumerate() {
        let cmd = if i == 0 { 'M' } else { 'L' };
        let _ = write!(d, "{cmd}{:.1} {:.1}", p.x, p.y);
    }
    if closed {
        d.push('Z');
    }
    true
}

/// A region's rings as one path `d` (even-odd fill makes holes), or `None` if nothing shows.
fn region_d(scene: &MapScene<'_>, i: usize, lod: usize) -> Option<String> {
    let l = scene.prepared.regions.get(i)?.lods.get(lod)?;
    let mut d = String::new();
    for ring in &l.rings {
        if let Some(points) = l.points.get(ring.start as usize..ring.end as usize) {
            add_subpath(
                &mut d,
                points.iter().map(|&m| pos(&scene.transform, m)),
                true,
            );
        }
    }
    (!d.is_empty()).then_some(d)
}

fn stroke_path(d: String, stroke: Stroke) -> SvgPath {
    SvgPath::new()
        .set("d", d)
        .set("fill", "none")
        .set("stroke", hex(stroke.color))
        .set("stroke-opacity", opacity(stroke.color))
        .set("stroke-width", stroke.width)
        .set("stroke-linejoin", "round")
}

fn text(at: Pos2, anchor: Align2, s: &str, size: f32, color: Color32) -> Text {
    let x_anchor = match anchor.x() {
        egui::Align::Min => "start",
        egui::Align::Center => "middle",
        egui::Align::Max => "end",
    };
    let baseline = match anchor.y() {
        egui::Align::Min => "text-before-edge",
        egui::Align::Center => "central",
        egui::Align::Max => "text-after-edge",
    };
    Text::new(s)
        .set("x", format!("{:.1}", at.x))
        .set("y", format!("{:.1}", at.y))
        .set("font-size", size)
        .set("font-family", "Noto Sans, Noto Sans CJK SC, sans-serif")
        .set("text-anchor", x_anchor)
        .set("dominant-baseline", baseline)
        .set("fill", hex(color))
}

fn rect_el(r: Rect, rounding: f32, fill: Color32) -> Rectangle {
    Rectangle::new()
        .set("x", format!("{:.1}", r.min.x))
        .set("y", format!("{:.1}", r.min.y))
        .set("width", format!("{:.1}", r.width()))
        .set("height", format!("{:.1}", r.height()))
        .set("rx", rounding)
        .set("fill", hex(fill))
        .set("fill-opacity", opacity(fill))
}

/// Measures text with the figure's own fonts, so labels are placed as in the PNG.
struct Measure<'a>(&'a egui::Context);

impl Measure<'_> {
    fn size(&self, s: &str, font: FontId) -> egui::Vec2 {
        self.0
            .debug_painter()
            .layout_no_wrap(s.to_string(), font, Color32::WHITE)
            .size()
    }
}

/// Borders (one path per level, finest first, so country borders lie on top; each stretch of
/// border once, as the window draws them: [`crate::map::borders`]), rivers and the
/// selection's outlines.
fn borders(scene: &MapScene<'_>, lod: usize, visible: crate::map::view::MercBox) -> Group {
    let (geo, theme, t) = (scene.geo, scene.theme, &scene.transform);
    let mut borders = Group::new().set("class", "borders");
    let levels = [
        (Level::Admin2, "admin2", theme.border_admin2),
        (Level::Admin1, "admin1", theme.border_admin1),
        (Level::Country, "country", theme.border_country),
    ];
    for (level, class, stroke) in levels {
        if level == Level::Admin2 && !ZOOM.prefecture_borders(scene.zoom) {
            continue;
        }
        let mut d = String::new();
        for b in &scene.prepared.borders {
            if b.level == level
                && intersects(b.bbox, visible)
                && let Some(points) = b.lods.get(lod)
            {
                add_subpath(&mut d, points.iter().map(|&m| pos(t, m)), b.closed);
            }
        }
        if !d.is_empty() {
            borders = borders.add(stroke_path(d, stroke).set("class", class));
        }
    }
    for pl in &scene.prepared.lines {
        let mut d = String::new();
        for line in pl.lods.get(lod).into_iter().flatten() {
            add_subpath(&mut d, line.iter().map(|&m| pos(t, m)), false);
        }
        if !d.is_empty() {
            borders = borders.add(stroke_path(d, theme.river).set("class", "river"));
        }
    }
    for (i, r) in geo.regions.iter().enumerate() {
        if scene.state.selection.contains(&r.id)
            && let Some(d) = region_d(scene, i, lod)
        {
            borders = borders.add(stroke_path(d, theme.selected_stroke).set("class", "selected"));
        }
    }
    borders
}

/// Builds the SVG document of `scene` for a figure of `size` pixels.
pub fn document(ctx: &egui::Context, scene: &MapScene<'_>, size: [u32; 2]) -> Document {
    let measure = Measure(ctx);
    let theme = scene.theme;
    let t = &scene.transform;
    let rect = scene.map_rect;
    let lod = lod_for_zoom(scene.zoom);
    let visible = t.visible([rect.width(), rect.height()]);
    let geo = scene.geo;
    let figure = Rect::from_min_size(Pos2::ZERO, vec2(size[0] as f32, size[1] as f32));

    let mut doc = Document::new()
        .set("xmlns", "http://www.w3.org/2000/svg")
        .set("width", size[0])
        .set("height", size[1])
        .set("viewBox", (0, 0, size[0], size[1]));
    doc = doc.add(rect_el(figure, 0.0, theme.visuals().panel_fill));

    // Title block above the map, as the figure's top panel draws it.
    doc = doc
        .add(
            text(
                pos2(8.0, 4.0 + 2.0),
                Align2::LEFT_TOP,
                &scene.title,
                18.0,
                theme.label,
            )
            .set("font-weight", "bold")
            .set("class", "title"),
        )
        .add(text(
            pos2(8.0, rect.top() - 4.0),
            Align2::LEFT_BOTTOM,
            "Tumen Atlas · every figure cited in data/sources.csv",
            10.0,
            theme.label,
        ));

    let clip = ClipPath::new()
        .set("id", "map")
        .add(rect_el(rect, 0.0, theme.sea));
    doc = doc.add(Definitions::new().add(clip));
    let mut map = Group::new().set("clip-path", "url(#map)");
    map = map.add(rect_el(rect, 0.0, theme.sea).set("class", "sea"));

    // Fills: one path per visible region, land first, prefectures with values of their own over it.
    let value_color = |i: usize| {
        let scale = scene.values.scale?;
        let cell = scene.values.per_region.get(i)?.as_ref()?;
        let t = scale.position(cell.cell.value?);
        Some(match scale.kind {
            ScaleKind::Sequential => theme.sequential(t),
            ScaleKind::Diverging => theme.diverging(t),
        })
    };
    let mut fills = Group::new().set("class", "regions").set("stroke", "none");
    for role in [FillRole::Land, FillRole::Detail] {
        for (i, (r, p)) in geo.regions.iter().zip(&scene.prepared.regions).enumerate() {
            if fill_role(geo, r) != Some(role) || !intersects(p.bbox, visible) {
                continue;
            }
            let has = scene.values.has_figures.get(i).copied().unwrap_or(false);
            let color = match fill_of(role, value_color(i), has) {
                Fill::Value(c) => c,
                Fill::NoData => theme.no_data,
                Fill::Parent => continue,
            };
            if let Some(d) = region_d(scene, i, lod) {
                fills = fills.add(
                    SvgPath::new()
                        .set("d", d)
                        .set("fill", hex(color))
                        .set("fill-rule", "evenodd")
                        .set("data-region", r.id.as_str()),
                );
            }
        }
    }
    map = map.add(fills);

    // Borders (finest first, so country borders lie on top) and rivers.
    map = map.add(borders(scene, lod, visible));

    // Legend and attribution reserve their boxes before labels are placed, as on screen.
    let mut placer = LabelPlacer::default();
    let (legend, legend_rect) = legend_group(&measure, scene, rect);
    placer.block(legend_rect);
    let attribution = "Boundaries: Natural Earth (public domain), Apache ECharts 4.9 (Apache-2.0) · Places: GeoNames (CC BY 4.0)";
    let attr_size = measure.size(attribution, FontId::proportional(11.0));
    let attr_rect =
        Align2::RIGHT_BOTTOM.anchor_size(rect.right_bottom() - vec2(4.0, 2.0), attr_size);
    placer.block(attr_rect);

    map = map.add(labels(&measure, scene, rect, lod, &mut placer));
    map = map
        .add(rect_el(attr_rect.expand(2.0), 2.0, theme.label_halo))
        .add(text(
            attr_rect.left_top(),
            Align2::LEFT_TOP,
            attribution,
            11.0,
            theme.attribution,
        ));
    map = map.add(legend);
    doc.add(map)
}
