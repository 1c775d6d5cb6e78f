//! Screen-space map geometry kept between frames.
//!
//! While the view stays still (the common case: scrubbing years, hovering plots, reading the
//! side panel) the map's fills and outlines sit at the same pixels. They are built once per
//! view — fills as one mesh, outlines stroked by epaint's own tessellator into a second mesh —
//! and painted as shared meshes that epaint only copies. A year or metric change only rewrites
//! the vertex colours of the regions whose colour changed. Panning, zooming, resizing, a new
//! level of detail, a theme switch or a new scale factor rebuild the fills; the outlines go to
//! epaint as paths while the view moves and are kept as a mesh once it has been still for a
//! frame.

use std::ops::Range;
use std::sync::Arc;

use egui::epaint::{PathShape, PathStroke, TessellationOptions, Tessellator, Vertex, WHITE_UV};
use egui::{Color32, Mesh, Pos2, Rect, Shape, Stroke, pos2};

use super::prepared::{PreparedMap, PreparedRegion};
use super::view::{MercBox, ScreenTransform, expand, intersects, visible_runs};
use crate::data::geo::Region;
use crate::data::{Geography, Level};
use crate::style::zoom::ZOOM;

/// The border strokes of a theme, as the outline mesh depends on them.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BorderStyle {
    /// Prefecture borders (from [`crate::style::zoom::ZoomBands::prefecture_borders_from`]).
    pub admin2: Stroke,
    /// Province and oblast borders.
    pub admin1: Stroke,
    /// Country borders.
    pub country: Stroke,
    /// Rivers.
    pub river: Stroke,
}

/// Everything the cached geometry depends on.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Key {
    transform: ScreenTransform,
    rect: Rect,
    lod: usize,
    admin2_borders: bool,
    borders: BorderStyle,
    pixels_per_point: f32,
    options: TessellationOptions,
}

/// How a region takes part in the fill mesh.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FillRole {
    /// Makes the land: a first-level region, or a country drawn without subdivisions.
    Land,
    /// A prefecture: painted over its province when it has figures of its own (see [`fill_of`]).
    Detail,
}

/// What fills a region on the map (the window, the PNG and the SVG export share this rule).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fill {
    /// Its own value's colour.
    Value(Color32),
    /// The "no data" colour: it has no figure this year.
    NoData,
    /// Not filled: a prefecture that has no figures of its own in any year shows its province
    /// underneath (the legend says so).
    Parent,
}

/// The fill of a region with `role`, its value's colour (if it has one this year) and whether it
/// has figures of its own in other years. A prefecture is never shown in its province's colour
/// in a year it lacks a figure it has in others (Yanbian in 2019): that year is "no data".
pub fn fill_of(role: FillRole, value: Option<Color32>, has_figures: bool) -> Fill {
    match (role, value) {
        (_, Some(c)) => Fill::Value(c),
        (FillRole::Land, None) => Fill::NoData,
        (FillRole::Detail, None) if has_figures => Fill::NoData,
        (FillRole::Detail, None) => Fill::Parent,
    }
}

/// The fill role of a region, or `None` if it is never filled on its own.
pub fn fill_role(geo: &Geography, r: &Region) -> Option<FillRole> {
    match r.level {
        Level::Admin1 => Some(FillRole::Land),
        Level::Country if !geo.regions.iter().any(|c| c.parent.as_ref() == Some(&r.id)) => {
            Some(FillRole::Land)
        }
        Level::Admin2 => Some(FillRole::Detail),
        Level::Country => None,
    }
}

/// One region's vertices in the fill mesh, and its triangles in [`MapCache::all_indices`].
#[derive(Debug, Clone)]
struct Span {
    region: usize,
    role: FillRole,
    vertices: Range<usize>,
    indices: Range<usize>,
    color: Color32,
}

/// The map's geometry for the current view, reused while the view is still.
#[derive(Debug, Default)]
pub struct MapCache {
    /// The view of the last frame.
    last: Option<Key>,
    /// The view the fills were built for.
    fills_key: Option<Key>,
    /// The fill mesh: every filled region's vertices, and the triangles of those that are
    /// not transparent (the rasterizer would shade invisible triangles all the same).
    fills: Arc<Mesh>,
    /// The triangles of every span, visible or not.
    all_indices: Vec<u32>,
    spans: Vec<Span>,
    /// The view the outline mesh was built for.
    outlines_key: Option<Key>,
    outlines: Arc<Mesh>,
    /// Outline paths for a frame whose view just changed, for epaint to stroke directly.
    moving: Vec<Shape>,
    builds: usize,
}

/// What the cache needs to know about the frame.
pub struct Frame<'a> {
    /// The geography.
    pub geo: &'a Geography,
    /// Its prepared geometry.
    pub prepared: &'a PreparedMap,
    /// Mercator to screen.
    pub transform: ScreenTransform,
    /// The map's rect.
    pub rect: Rect,
    /// The mercator box in view.
    pub visible: MercBox,
    /// Level of detail.
    pub lod: usize,
    /// Map zoom.
    pub zoom: f64,
    /// Border strokes.
    pub borders: BorderStyle,
    /// Physical pixels per point.
    pub pixels_per_point: f32,
    /// Tessellation options of the context.
    pub options: TessellationOptions,
    /// Size of the font atlas (needed by the tessellator; unused by strokes).
    pub font_tex_size: [usize; 2],
}

impl MapCache {
    /// How many times the outline mesh was built (for tests and benches).
    pub fn builds(&self) -> usize {
        self.builds
    }

    /// Vertices and indices of the kept fill and outline meshes (for benches and reports).
    pub fn sizes(&self) -> [usize; 4] {
        [
            self.fills.vertices.len(),
            self.fills.indices.len(),
            self.outlines.vertices.len(),
            self.outlines.indices.len(),
        ]
    }

    /// Makes the geometry match the frame's view. Fills are rebuilt whenever the view changed.
    /// Outlines are stroked into a kept mesh only once the view has been still for a frame;
    /// while it moves (panning, zooming), they go to epaint as paths, which costs less than
    /// stroking them into a mesh that would be copied once and thrown away.
    pub fn prepare(&mut self, f: &Frame<'_>) {
        let key = Key {
            transform: f.transform,
            rect: f.rect,
            lod: f.lod,
            admin2_borders: ZOOM.prefecture_borders(f.zoom),
            borders: f.borders,
            pixels_per_point: f.pixels_per_point,
            options: f.options,
        };
        let still = self.last == Some(key);
        self.last = Some(key);
        if self.fills_key != Some(key) {
            self.fills_key = Some(key);
            self.build_fills(f);
        }
        self.moving.clear();
        if self.outlines_key == Some(key) {
            return;
        }
        if still {
            self.outlines_key = Some(key);
            self.builds += 1;
            self.build_outlines(f, key.admin2_borders);
        } else {
            let moving = &mut self.moving;
            for_each_outline(f, key.admin2_borders, |points, stroke, closed| {
                let points: Vec<Pos2> = points.collect();
                moving.push(Shape::Path(if closed {
                    PathShape::closed_line(points, PathStroke::from(stroke))
                } else {
                    PathShape::line(points, PathStroke::from(stroke))
                }));
            });
        }
    }

    fn build_fills(&mut self, f: &Frame<'_>) {
        let mut mesh = take_mesh(&mut self.fills);
        self.spans.clear();
        for (i, (r, p)) in f.geo.regions.iter().zip(&f.prepared.regions).enumerate() {
            let Some(role) = fill_role(f.geo, r) else {
                continue;
            };
            if !intersects(p.bbox, f.visible) {
                continue;
            }
            let (start, first) = (mesh.vertices.len(), mesh.indices.len());
            add_fill(&mut mesh, &f.transform, p, f.lod, Color32::TRANSPARENT);
            if mesh.vertices.len() > start {
                self.spans.push(Span {
                    region: i,
                    role,
                    vertices: start..mesh.vertices.len(),
                    indices: first..mesh.indices.len(),
                    color: Color32::TRANSPARENT,
                });
            }
        }
        // Every span starts transparent: no triangle is drawn until `recolor` colours it.
        self.all_indices.clear();
        self.all_indices.append(&mut mesh.indices);
        self.fills = Arc::new(mesh);
    }

    fn build_outlines(&mut self, f: &Frame<'_>, admin2_borders: bool) {
        let mut mesh = take_mesh(&mut self.outlines);
        let mut tess = Tessellator::new(f.pixels_per_point, f.options, f.font_tex_size, vec![]);
        tess.set_clip_rect(f.rect);
        // One path whose points are refilled for every ring: no allocation per ring.
        let mut path = PathShape::line(Vec::new(), PathStroke::from(f.borders.country));
        for_each_outline(f, admin2_borders, |points, stroke, closed| {
            path.points.clear();
            path.points.extend(points);
            path.closed = closed;
            path.stroke = PathStroke::from(stroke);
            tess.tessellate_path(&path, &mut mesh);
        });
        self.outlines = Arc::new(mesh);
    }

    /// The colour region `index` was last filled with (`None` when it is not in the fill mesh).
    pub fn fill_color(&self, index: usize) -> Option<Color32> {
        self.spans
            .iter()
            .find(|s| s.region == index)
            .map(|s| s.color)
    }

    /// Sets each filled region's colour; touches only what changed. A region coloured
    /// `TRANSPARENT` is hidden: its triangles leave the mesh.
    pub fn recolor(&mut self, mut color_of: impl FnMut(usize, FillRole) -> Color32) {
        let mut shown_changed = false;
        let changed: Vec<usize> = (0..self.spans.len())
            .filter(|&k| {
                let span = &mut self.spans[k];
                let c = color_of(span.region, span.role);
                let differs = c != span.color;
                shown_changed |= is_hidden(c) != is_hidden(span.color);
                span.color = c;
                differs
            })
            .collect();
        if changed.is_empty() {
            return;
        }
        let mesh = Arc::make_mut(&mut self.fills);
        if shown_changed {
            mesh.indices.clear();
            for span in self.spans.iter().filter(|s| !is_hidden(s.color)) {
                if let Some(tris) = self.all_indices.get(span.indices.clone()) {
                    mesh.indices.extend_from_slice(tris);
                }
            }
        }
        for k in changed {
            let span = &self.spans[k];
            if let Some(vs) = mesh.vertices.get_mut(span.vertices.clone()) {
                for v in vs {
                    v.color = span.color;
                }
            }
        }
    }

    /// The fill mesh as a shape (shared, not copied).
    pub fn fills(&self) -> Shape {
        Shape::Mesh(Arc::clone(&self.fills))
    }

    /// The outlines: the kept mesh (shared, not copied) once the view is still, else paths.
    pub fn outlines(&mut self) -> Shape {
        if self.moving.is_empty() && self.outlines_key == self.last {
            Shape::Mesh(Arc::clone(&self.outlines))
        } else {
            Shape::Vec(std::mem::take(&mut self.moving))
        }
    }
}

/// How far past the map's edges, in points, border and river lines are still stroked: more
/// than half the widest stroke (2.6) plus the anti-aliasing feather, so every pixel inside the
/// map is painted as if the whole line were stroked.
const STROKE_MARGIN: f64 = 8.0;

/// Calls `visit` with the screen points, stroke and closedness of every border and river line
/// in view, in drawing order: finest borders first so country borders sit on top, rivers last.
/// Each stretch of border is stroked once, in the stroke of the highest level that shares it
/// ([`crate::map::borders`]).
///
/// Only the stretches that cross the view (grown by [`STROKE_MARGIN`]) are passed on: at the
/// opening view most of China's and Russia's outlines lie far off screen, and stroking them
/// would more than double the triangles the frame hands the GPU.
fn for_each_outline(
    f: &Frame<'_>,
    admin2_borders: bool,
    mut visit: impl FnMut(&mut dyn Iterator<Item = Pos2>, Stroke, bool),
) {
    let t = &f.transform;
    let clip = expand(f.visible, STROKE_MARGIN / t.scale);
    let mut runs = Vec::new();
    let mut stroke_line = |points: &[[f64; 2]], stroke: Stroke, closed: bool| {
        if visible_runs(points, closed, clip, &mut runs) {
            visit(&mut points.iter().map(|&m| pos(t, m)), stroke, closed);
            return;
        }
        let n = points.len();
        for run in &runs {
            visit(
                &mut run.clone().map(|i| pos(t, points[i % n])),
                stroke,
                false,
            );
        }
    };
    for b in &f.prepared.borders {
        let stroke = match b.level {
            Level::Admin2 if admin2_borders => f.borders.admin2,
            Level::Admin2 => continue,
            Level::Admin1 => f.borders.admin1,
            Level::Country => f.borders.country,
        };
        let px = box_px(t, b.bbox);
        if !intersects(b.bbox, f.visible) || px.width().max(px.height()) < 1.5 {
            continue;
        }
        if let Some(points) = b.lods.get(f.lod).filter(|p| p.len() >= 2) {
            stroke_line(points, stroke, b.closed);
        }
    }
    for pl in &f.prepared.lines {
        for line in pl.lods.get(f.lod).into_iter().flatten() {
            stroke_line(line, f.borders.river, false);
        }
    }
}

/// A fill colour that paints nothing (premultiplied: a zero alpha with some colour would
/// still add light).
fn is_hidden(c: Color32) -> bool {
    c == Color32::TRANSPARENT
}

/// The mesh's buffers, emptied, for reuse when no frame still holds it; else a new mesh of
/// the same capacity.
fn take_mesh(arc: &mut Arc<Mesh>) -> Mesh {
    if let Some(m) = Arc::get_mut(arc) {
        let mut mesh = std::mem::take(m);
        mesh.clear();
        mesh
    } else {
        let mut mesh = Mesh::default();
        mesh.reserve_triangles(arc.indices.len() / 3);
        mesh.reserve_vertices(arc.vertices.len());
        mesh
    }
}

/// Screen position of a mercator point.
pub fn pos(t: &ScreenTransform, m: [f64; 2]) -> Pos2 {
    let p = t.apply(m);
    pos2(p[0], p[1])
}

/// A mercator box on screen.
pub fn box_px(t: &ScreenTransform, b: MercBox) -> Rect {
    Rect::from_two_pos(pos(t, [b[0], b[1]]), pos(t, [b[2], b[3]]))
}

/// Appends a region's triangles at the given level of detail.
pub fn add_fill(
    mesh: &mut Mesh,
    t: &ScreenTransform,
    region: &PreparedRegion,
    lod: usize,
    color: Color32,
) {
    let Some(l) = region.lods.get(lod) else {
        return;
    };
    if l.triangles.is_empty() {
        return;
    }
    let base = u32::try_from(mesh.vertices.len()).unwrap_or(u32::MAX);
    mesh.vertices.extend(l.points.iter().map(|&m| Vertex {
        pos: pos(t, m),
        uv: WHITE_UV,
        color,
    }));
    mesh.indices.extend(l.triangles.iter().map(|&i| base + i));
}

/// Appends a region's rings as closed paths.
pub fn add_outline(
    shapes: &mut Vec<Shape>,
    t: &ScreenTransform,
    region: &PreparedRegion,
    lod: usize,
    stroke: Stroke,
) {
    let Some(l) = region.lods.get(lod) else {
        return;
    };
    for ring in &l.rings {
        let pts: Vec<Pos2> = l.points[ring.start as usize..ring.end as usize]
            .iter()
            .map(|&m| pos(t, m))
            .collect();
        shapes.push(Shape::Path(PathShape::closed_line(
            pts,
            PathStroke::from(stroke),
        )));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::Dataset;
    use crate::map::view::{ScreenTransform, opening_box};

    /// The fill triangles in the mesh, each as its three vertex indices.
    fn triangles(mesh: &Mesh) -> Vec<[u32; 3]> {
        mesh.indices
            .chunks_exact(3)
            .map(|t| [t[0], t[1], t[2]])
            .collect()
    }

    #[test]
    fn transparent_regions_leave_the_fill_mesh_and_come_back_when_coloured() {
        let data = Dataset::bundled().expect("bundled data");
        let Some(prepared) = PreparedMap::bundled() else {
            panic!("the embedded prepared geometry");
        };
        let visible = opening_box();
        let rect = Rect::from_min_size(Pos2::ZERO, egui::vec2(1200.0, 800.0));
        let centre = [
            (visible[0] + visible[2]) / 2.0,
            (visible[1] + visible[3]) / 2.0,
        ];
        let frame = Frame {
            geo: &data.geo,
            prepared: &prepared,
            transform: ScreenTransform::new(centre, [600.0, 400.0], 5.0),
            rect,
            visible,
            lod: 1,
            zoom: 5.0,
            borders: BorderStyle {
                admin2: Stroke::NONE,
                admin1: Stroke::NONE,
                country: Stroke::NONE,
                river: Stroke::NONE,
            },
            pixels_per_point: 1.0,
            options: TessellationOptions::default(),
            font_tex_size: [1024, 1024],
        };
        let mut cache = MapCache::default();
        cache.prepare(&frame);
        let (red, blue) = (Color32::RED, Color32::BLUE);
        cache.recolor(|_, _| red);
        let all = triangles(&cache.fills);
        assert!(
            all.len() > 1000,
            "the opening view fills {} triangles",
            all.len()
        );
        assert!(cache.spans.len() > 10);

        // Hide every other region: only the shown ones' triangles are left, in the same order.
        let hidden = |region: usize| region.is_multiple_of(2);
        cache.recolor(|i, _| {
            if hidden(i) {
                Color32::TRANSPARENT
            } else {
                blue
            }
        });
        let shown = triangles(&cache.fills);
        let owner = |v: u32| {
            cache
                .spans
                .iter()
                .find(|s| s.vertices.contains(&(v as usize)))
                .map(|s| s.region)
        };
        assert!(!shown.is_empty() && shown.len() < all.len());
        for t in &shown {
            let region = owner(t[0]).expect("a vertex of a span");
            assert!(!hidden(region), "a hidden region's triangle is drawn");
            assert!(t.iter().all(|&v| owner(v) == Some(region)));
        }
        let expected: Vec<[u32; 3]> = all
            .iter()
            .copied()
            .filter(|t| owner(t[0]).is_some_and(|r| !hidden(r)))
            .collect();
        assert_eq!(
            shown, expected,
            "every shown region keeps all its triangles"
        );
        for span in &cache.spans {
            let want = if hidden(span.region) {
                Color32::TRANSPARENT
            } else {
                blue
            };
            assert!(
                cache.fills.vertices[span.vertices.clone()]
                    .iter()
                    .all(|v| v.color == want)
            );
        }

        // Colouring them again brings every triangle back.
        cache.recolor(|_, _| red);
        assert_eq!(triangles(&cache.fills), all);
        assert_eq!(cache.fill_color(cache.spans[0].region), Some(red));
    }
}
