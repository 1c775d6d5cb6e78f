//! Headless software renderer: egui output → [`RgbaImage`], on the CPU, with no GPU and no
//! display server (CI has neither).
//!
//! The pipeline is the one a GPU backend runs: run egui frames, upload the texture deltas,
//! tessellate the shapes, then rasterise every mesh triangle by triangle. Like `egui_glow` it
//! blends in gamma space with premultiplied alpha (`ONE, ONE_MINUS_SRC_ALPHA`) and multiplies
//! the texture sample by the vertex colour, so pictures match the window closely (not bit for
//! bit: anti-aliasing is sampled at pixel centres, one sample per pixel).
//!
//! Owns: textures, triangle setup, coverage, sampling, blending, cropping. Must not touch files
//! (that is [`super::save`]) or app state.

use std::collections::HashMap;
use std::num::NonZeroUsize;
use std::sync::{Mutex, PoisonError};

use egui::epaint::{Primitive, Vertex};
use egui::{
    ClippedPrimitive, Color32, ColorImage, Context, ImageData, Pos2, RawInput, Rect, TextureFilter,
    TextureId, TextureOptions, TextureWrapMode, TexturesDelta, Ui, Vec2, ViewportId,
};
use image::RgbaImage;

use super::ExportError;

mod pixel;
mod textures;
use pixel::{blend, cross, interpolate4, modulate, to_u8, unpremultiply};
use textures::Texture;
pub use textures::Textures;

/// Largest image side accepted by [`render`] and [`pixel_size`], in pixels.
pub const MAX_SIDE_PX: u32 = 16_384;

/// Time step fed to egui between headless frames, in seconds: long enough that egui's default
/// animations (1/12 s) finish within the few frames rendered.
const FRAME_DT_S: f32 = 0.1;

/// Renders egui frames headlessly; keeps the textures between calls so one renderer can draw
/// many images from the same [`Context`].
///
/// Use one renderer per context, from that context's first frame on: textures egui uploaded
/// before (to a window, say) are not sent again. The font atlas is recovered from the context
/// if it is missing, but user images and map tiles would be drawn as nothing.
#[derive(Clone, Debug, Default)]
pub struct Renderer {
    textures: Textures,
}

impl Renderer {
    /// A renderer with no textures.
    pub fn new() -> Self {
        Self::default()
    }

    /// The textures uploaded so far.
    pub fn textures(&self) -> &Textures {
        &self.textures
    }

    /// Runs `frames` egui frames (at least one; egui needs 2–3 to settle layout) of `draw` on a
    /// `size_points` screen at `pixels_per_point` and rasterises the last one.
    ///
    /// The image is exactly `round(size_points × pixels_per_point)` pixels, straight
    /// (non-premultiplied) RGBA, transparent wherever nothing was painted. Paint callbacks
    /// (custom GPU code) cannot run here and are skipped. Frames are `0.1 s` apart in egui time.
    ///
    /// # Errors
    /// [`ExportError::InvalidSize`] if the pixel size is empty, not finite or above [`MAX_SIDE_PX`].
    pub fn render(
        &mut self,
        ctx: &Context,
        size_points: Vec2,
        pixels_per_point: f32,
        frames: usize,
        mut draw: impl FnMut(&mut Ui),
    ) -> Result<RgbaImage, ExportError> {
        let size_px = pixel_size(size_points, pixels_per_point)?;
        let input = raw_input(ctx, size_points, pixels_per_point);
        let mut out = ctx.run_ui(input.clone(), &mut draw);
        for _ in 1..frames {
            self.textures.apply_and_clear(&mut out.textures_delta);
            out = ctx.run_ui(input.clone(), &mut draw);
        }
        self.textures.set(&out.textures_delta);
        let font_atlas = TextureId::default();
        if !self.textures.contains(font_atlas) {
            #[allow(clippy::redundant_closure_for_method_calls)] // the path is not lifetime-generic
            let image = ctx.fonts(|f| f.image());
            self.textures
                .insert(font_atlas, &image, TextureOptions::LINEAR);
        }
        let ppp = out.pixels_per_point;
        let primitives = ctx.tessellate(std::mem::take(&mut out.shapes), ppp);
        let image = rasterize(&primitives, &self.textures, ppp, size_px);
        self.textures.free(&out.textures_delta);
        out.textures_delta.clear();
        Ok(image)
    }
}

/// [`Renderer::render`] with a fresh renderer: for one-off images from a fresh [`Context`].
///
/// # Errors
/// As [`Renderer::render`].
pub fn render(
    ctx: &Context,
    size_points: Vec2,
    pixels_per_point: f32,
    frames: usize,
    draw: impl FnMut(&mut Ui),
) -> Result<RgbaImage, ExportError> {
    Renderer::new().render(ctx, size_points, pixels_per_point, frames, draw)
}

/// The image size in pixels for `size_points` at `pixels_per_point`, rounded to whole pixels.
///
/// # Errors
/// [`ExportError::InvalidSize`] if it is empty, not finite or above [`MAX_SIDE_PX`].
pub fn pixel_size(size_points: Vec2, pixels_per_point: f32) -> Result<[u32; 2], ExportError> {
    let invalid = |reason| ExportError::InvalidSize {
        width_points: size_points.x,
        height_points: size_points.y,
        pixels_per_point,
        reason,
    };
    if !(pixels_per_point.is_finite() && pixels_per_point > 0.0) {
        return Err(invalid("pixels per point must be a positive number"));
    }
    let px = size_points * pixels_per_point;
    let side = |v: f32| {
        let v = v.round();
        if !v.is_finite() || v < 1.0 {
            Err(invalid("the image would be empty"))
        } else if v > MAX_SIDE_PX as f32 {
            Err(invalid(
                "the image would be wider or taller than 16384 pixels",
            ))
        } else {
            Ok(v as u32)
        }
    };
    Ok([side(px.x)?, side(px.y)?])
}

fn raw_input(ctx: &Context, size_points: Vec2, pixels_per_point: f32) -> RawInput {
    let mut input = RawInput {
        screen_rect: Some(Rect::from_min_size(Pos2::ZERO, size_points)),
        predicted_dt: FRAME_DT_S,
        ..RawInput::default()
    };
    // egui's pixels_per_point is native scale × zoom factor; undo the zoom so the image has
    // exactly the scale asked for.
    let native = pixels_per_point / ctx.zoom_factor();
    input
        .viewports
        .entry(ViewportId::ROOT)
        .or_default()
        .native_pixels_per_point = Some(native);
    input
}

/// Rasterises tessellated egui output into a `size_px` image (straight RGBA, transparent
/// background). Primitive coordinates are in points and are scaled by `pixels_per_point`.
/// Meshes whose texture is missing and paint callbacks are skipped (logged).
pub fn rasterize(
    primitives: &[ClippedPrimitive],
    textures: &Textures,
    pixels_per_point: f32,
    size_px: [u32; 2],
) -> RgbaImage {
    let [width, height] = size_px;
    let mut image = RgbaImage::new(width, height);
    let w = width as usize;
    if w == 0 || height == 0 {
        return image;
    }
    for prim in primitives {
        match &prim.primitive {
            Primitive::Mesh(mesh) if !textures.contains(mesh.texture_id) => {
                log::warn!(
                    "headless render: texture {:?} missing; mesh skipped",
                    mesh.texture_id
                );
            }
            Primitive::Mesh(_) => {}
            Primitive::Callback(_) => log::warn!("headless render: paint callback skipped"),
        }
    }
    let (pixels, _) = image.as_mut().as_chunks_mut::<4>();
    // Bands of rows, drawn by a few threads that take bands from a shared queue until it is
    // empty. Two bands per thread balance the cheap panel rows against the busy map rows
    // without paying the per-band triangle walk too often.
    let threads = std::thread::available_parallelism()
        .map_or(1, NonZeroUsize::get)
        .min(8);
    let rows_per_band = (height as usize).div_ceil(2 * threads).max(64);
    let bands: Vec<(usize, &mut [[u8; 4]])> = pixels
        .chunks_mut(rows_per_band * w)
        .enumerate()
        .map(|(i, band)| (i * rows_per_band, band))
        .collect();
    let workers = threads.min(bands.len());
    let queue = Mutex::new(bands);
    let work = || {
        loop {
            let next = queue.lock().unwrap_or_else(PoisonError::into_inner).pop();
            let Some((y0, band)) = next else { break };
            draw_band(band, w, y0, primitives, textures, pixels_per_point);
        }
    };
    std::thread::scope(|scope| {
        for _ in 1..workers {
            // If a thread cannot start, the others (and this one) take its bands.
            if std::thread::Builder::new()
                .spawn_scoped(scope, work)
                .is_err()
            {
                break;
            }
        }
        work();
    });
    let (pixels, _) = image.as_mut().as_chunks_mut::<4>();
    for px in pixels.iter_mut() {
        *px = unpremultiply(*px);
    }
    image
}

/// Rows `y0..` of the image (`band` holds whole rows of width `w`), all primitives drawn in.
fn draw_band(
    band: &mut [[u8; 4]],
    w: usize,
    y0: usize,
    primitives: &[ClippedPrimitive],
    textures: &Textures,
    ppp: f32,
) {
    let rows = band.len() / w;
    let mut target = Target {
        pixels: band,
        width: w,
        y0: to_i32(y0),
    };
    let band_clip = Clip {
        x0: 0,
        y0: to_i32(y0),
        x1: to_i32(w),
        y1: to_i32(y0 + rows),
    };
    for prim in primitives {
        let Primitive::Mesh(mesh) = &prim.primitive else {
            continue;
        };
        let Some(texture) = textures.map.get(&mesh.texture_id) else {
            continue;
        };
        if texture.width == 0 || texture.height == 0 {
            continue;
        }
        let clip = band_clip.intersect(Clip::from_rect(prim.clip_rect, ppp));
        if clip.is_empty() {
            continue;
        }
        for tri in mesh.indices.chunks_exact(3) {
            let vertex = |i: u32| mesh.vertices.get(i as usize);
            if let (Some(a), Some(b), Some(c)) = (vertex(tri[0]), vertex(tri[1]), vertex(tri[2])) {
                draw_triangle(&mut target, clip, [a, b, c], ppp, texture);
            }
        }
    }
}

fn to_i32(v: usize) -> i32 {
    i32::try_from(v).unwrap_or(i32::MAX)
}

/// A pixel rectangle, max exclusive.
#[derive(Clone, Copy, Debug)]
struct Clip {
    x0: i32,
    y0: i32,
    x1: i32,
    y1: i32,
}

impl Clip {
    /// The scissor rectangle a GPU backend would use for a clip rect in points.
    fn from_rect(rect: Rect, ppp: f32) -> Self {
        let r = |v: f32| (v * ppp).round() as i32;
        Self {
            x0: r(rect.min.x),
            y0: r(rect.min.y),
            x1: r(rect.max.x),
            y1: r(rect.max.y),
        }
    }

    fn intersect(self, o: Self) -> Self {
        Self {
            x0: self.x0.max(o.x0),
            y0: self.y0.max(o.y0),
            x1: self.x1.min(o.x1),
            y1: self.y1.min(o.y1),
        }
    }

    fn is_empty(self) -> bool {
        self.x0 >= self.x1 || self.y0 >= self.y1
    }
}

/// A band of whole image rows starting at row `y0`.
struct Target<'a> {
    pixels: &'a mut [[u8; 4]],
    width: usize,
    y0: i32,
}

/// `w(p) = a·x + b·y + c`, positive inside the triangle.
#[derive(Clone, Copy, Debug)]
struct Edge {
    a: f32,
    b: f32,
    c: f32,
    /// Whether pixel centres exactly on this edge belong to the triangle. Of two triangles
    /// sharing the edge exactly one claims them, so translucent meshes get no seams.
    owns_boundary: bool,
}

impl Edge {
    fn new(from: [f32; 2], to: [f32; 2]) -> Self {
        let a = from[1] - to[1];
        let b = to[0] - from[0];
        Self {
            a,
            b,
            c: from[0] * to[1] - from[1] * to[0],
            owns_boundary: a > 0.0 || (a == 0.0 && b > 0.0),
        }
    }

    #[inline]
    fn eval(&self, x: f32, y: f32) -> f32 {
        self.a * x + self.b * y + self.c
    }

    #[inline]
    fn inside(&self, w: f32) -> bool {
        w > 0.0 || (w == 0.0 && self.owns_boundary)
    }

    /// Narrows `lo..hi` (pixel columns) to where this edge can be non-negative on the row
    /// whose centres are at `y`; loose by a pixel, the exact test happens per pixel.
    fn narrow(&self, y: f32, lo: &mut i32, hi: &mut i32) {
        let k = self.b * y + self.c;
        if self.a > 0.0 {
            *lo = (*lo).max((-k / self.a - 0.5).floor() as i32 - 1);
        } else if self.a < 0.0 {
            *hi = (*hi).min((k / -self.a - 0.5).ceil() as i32 + 2);
        } else if k < 0.0 {
            *hi = *lo;
        }
    }
}

/// How a triangle's pixels get their colour.
enum Shade<'a> {
    /// One premultiplied colour everywhere (solid fills).
    Constant([u8; 4]),
    /// Interpolated vertex colour times one texel (feathered edges of solid shapes).
    Gouraud {
        colors: [[f32; 4]; 3],
        texel: Option<[f32; 4]>,
    },
    /// Interpolated colour times a texture sample (text, images, tiles).
    Textured {
        colors: [[f32; 4]; 3],
        uvs: [[f32; 2]; 3],
        texture: &'a Texture,
        filter: TextureFilter,
    },
}

fn draw_triangle(
    target: &mut Target<'_>,
    clip: Clip,
    v: [&Vertex; 3],
    ppp: f32,
    texture: &Texture,
) {
    if v.iter().all(|v| v.color == Color32::TRANSPARENT) {
        return;
    }
    let mut v = v;
    let mut p = v.map(|v| [v.pos.x * ppp, v.pos.y * ppp]);
    // Most triangles miss a given band: reject them before any other work.
    let (ymin, ymax) = (
        p[0][1].min(p[1][1]).min(p[2][1]),
        p[0][1].max(p[1][1]).max(p[2][1]),
    );
    if ymax < clip.y0 as f32 || ymin > clip.y1 as f32 + 1.0 {
        return;
    }
    let mut area = cross(p[0], p[1], p[2]);
    if area < 0.0 {
        v.swap(1, 2);
        p.swap(1, 2);
        area = -area;
    }
    // Degenerate (or NaN) triangles cover nothing.
    if area.is_nan() || area <= 1e-9 {
        return;
    }
    let min = |i: usize| p[0][i].min(p[1][i]).min(p[2][i]);
    let max = |i: usize| p[0][i].max(p[1][i]).max(p[2][i]);
    // Pixel x is covered when its centre x + 0.5 is inside.
    let bx0 = ((min(0) - 0.5).ceil() as i32).max(clip.x0);
    let bx1 = ((max(0) - 0.5).floor() as i32 + 1).min(clip.x1);
    let by0 = ((min(1) - 0.5).ceil() as i32).max(clip.y0);
    let by1 = ((max(1) - 0.5).floor() as i32 + 1).min(clip.y1);
    if bx0 >= bx1 || by0 >= by1 {
        return;
    }
    let tri = Setup {
        edges: [
            Edge::new(p[1], p[2]),
            Edge::new(p[2], p[0]),
            Edge::new(p[0], p[1]),
        ],
        inv_area: 1.0 / area,
        rect: Clip {
            x0: bx0,
            y0: by0,
            x1: bx1,
            y1: by1,
        },
    };
    match shade_for(v, area, texture) {
        Shade::Constant(src) => tri.fill(target, |_| src),
        Shade::Gouraud { colors, texel } => tri.fill(target, |l| {
            let c = interpolate4(&colors, l);
            texel.map_or_else(|| to_u8(c), |t| modulate(c, t))
        }),
        Shade::Textured {
            colors,
            uvs,
            texture,
            filter,
        } => tri.fill(target, |l| {
            let c = interpolate4(&colors, l);
            let u = uvs[0][0] * l[0] + uvs[1][0] * l[1] + uvs[2][0] * l[2];
            let w = uvs[0][1] * l[0] + uvs[1][1] * l[1] + uvs[2][1] * l[2];
            modulate(c, texture.sample(u, w, filter))
        }),
    }
}

fn shade_for<'a>(v: [&Vertex; 3], area_px: f32, texture: &'a Texture) -> Shade<'a> {
    let same_color = v[0].color == v[1].color && v[1].color == v[2].color;
    let same_uv = v[0].uv == v[1].uv && v[1].uv == v[2].uv;
    let colors = v.map(|v| v.color.to_array().map(f32::from));
    let uvs = v.map(|v| [v.uv.x, v.uv.y]);
    // Minifying when one pixel covers more than one texel.
    let texel_scale = [texture.width as f32, texture.height as f32];
    let uv_px = uvs.map(|uv| [uv[0] * texel_scale[0], uv[1] * texel_scale[1]]);
    let filter = if cross(uv_px[0], uv_px[1], uv_px[2]).abs() > area_px {
        texture.options.minification
    } else {
        texture.options.magnification
    };
    if same_uv {
        let t = texture.sample(uvs[0][0], uvs[0][1], filter);
        let texel = (t != [255.0; 4]).then_some(t);
        if same_color {
            let c = colors[0];
            return Shade::Constant(texel.map_or_else(|| to_u8(c), |t| modulate(c, t)));
        }
        return Shade::Gouraud { colors, texel };
    }
    Shade::Textured {
        colors,
        uvs,
        texture,
        filter,
    }
}

/// Per-triangle constants for the pixel loop.
struct Setup {
    edges: [Edge; 3],
    inv_area: f32,
    /// Bounding box of covered pixel centres, already clipped.
    rect: Clip,
}

impl Setup {
    /// Blends `shade(barycentrics)` into every pixel whose centre is inside the triangle.
    #[inline]
    fn fill(&self, target: &mut Target<'_>, shade: impl Fn([f32; 3]) -> [u8; 4]) {
        let [e0, e1, e2] = &self.edges;
        for y in self.rect.y0..self.rect.y1 {
            let py = y as f32 + 0.5;
            let (mut lo, mut hi) = (self.rect.x0, self.rect.x1);
            for e in &self.edges {
                e.narrow(py, &mut lo, &mut hi);
            }
            let (lo, hi) = (lo.max(self.rect.x0), hi.min(self.rect.x1));
            if lo >= hi {
                continue;
            }
            let row_start = usize::try_from(y - target.y0).unwrap_or(0) * target.width;
            let Some(row) = target.pixels.get_mut(row_start..row_start + target.width) else {
                continue;
            };
            for x in lo..hi {
                let px = x as f32 + 0.5;
                let (w0, w1, w2) = (e0.eval(px, py), e1.eval(px, py), e2.eval(px, py));
                if !(e0.inside(w0) && e1.inside(w1) && e2.inside(w2)) {
                    continue;
                }
                let l = [w0 * self.inv_area, w1 * self.inv_area, w2 * self.inv_area];
                if let Some(dst) = row.get_mut(usize::try_from(x).unwrap_or(usize::MAX)) {
                    blend(dst, shade(l));
                }
            }
        }
    }
}

/// The part of `image` under `rect_points` (points, scaled by `pixels_per_point` and rounded to
/// whole pixels), clamped to the image.
///
/// # Errors
/// [`ExportError::EmptyCrop`] if the rectangle does not overlap the image.
pub fn crop(
    image: &RgbaImage,
    rect_points: Rect,
    pixels_per_point: f32,
) -> Result<RgbaImage, ExportError> {
    let (w, h) = image.dimensions();
    let px = |v: f32, max: u32| ((v * pixels_per_point).round().max(0.0) as u32).min(max);
    let (x0, x1) = (px(rect_points.min.x, w), px(rect_points.max.x, w));
    let (y0, y1) = (px(rect_points.min.y, h), px(rect_points.max.y, h));
    if x0 >= x1 || y0 >= y1 {
        return Err(ExportError::EmptyCrop {
            rect: rect_points,
            width: w,
            height: h,
        });
    }
    Ok(image::imageops::crop_imm(image, x0, y0, x1 - x0, y1 - y0).to_image())
}

/// An egui [`ColorImage`] (e.g. a window screenshot) as a straight-alpha [`RgbaImage`].
pub fn rgba_from_color_image(image: &ColorImage) -> RgbaImage {
    let [w, h] = image.size.map(|v| u32::try_from(v).unwrap_or(0));
    let mut out = RgbaImage::new(w, h);
    for (dst, src) in out.pixels_mut().zip(&image.pixels) {
        dst.0 = src.to_srgba_unmultiplied();
    }
    out
}

#[cfg(test)]
mod tests;
