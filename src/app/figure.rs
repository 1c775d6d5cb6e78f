//! Figures drawn by the app itself, headlessly: the PNG (`export --out F.png`), the SVG map and
//! the animation of the years. Each builds one [`App`] on its own egui context from a
//! [`FigureSpec`], lets it draw the figure view, and hands the pixels or the scene to
//! [`crate::export`], which encodes and writes them. This is the only place where the exporters
//! meet the app, so `export` never imports it.

use std::path::{Path, PathBuf};

use super::App;
use crate::data::Dataset;
use crate::export::anim::{AnimError, AnimSpec, check, encode_frames};
use crate::export::figure::{FigureSpec, FigureView, state_for};
use crate::export::{Renderer, render, write_atomic, write_png_atomic};

/// Points `app`'s map at the figure's camera, if it has one (instead of framing the selection).
///
/// # Errors
/// A one-line message for a zoom outside the map's levels.
pub fn apply_camera(app: &mut App, spec: &FigureSpec) -> Result<(), String> {
    if let Some(c) = spec.camera {
        app.state.view_request = None;
        app.set_camera(c.lon, c.lat, c.zoom)?;
    }
    Ok(())
}

/// An app on its own context `ctx`, in the state `spec` asks for, drawing `spec.view`.
fn figure_app(ctx: &egui::Context, data: Dataset, spec: &FigureSpec) -> Result<App, String> {
    let state = state_for(&data, spec)?;
    let mut app = App::new(ctx, data, Vec::new());
    app.state = state;
    apply_camera(&mut app, spec)?;
    app.figure = Some(spec.view);
    Ok(app)
}

/// The size of a figure in points (one point per pixel).
fn points(size: [u32; 2]) -> egui::Vec2 {
    egui::vec2(size[0] as f32, size[1] as f32)
}

/// Renders the figure to an image of exactly `spec.size` pixels.
///
/// # Errors
/// A one-line message for bad arguments or a render failure.
pub fn render_figure(data: Dataset, spec: &FigureSpec) -> Result<image::RgbaImage, String> {
    let ctx = egui::Context::default();
    let mut app = figure_app(&ctx, data, spec)?;
    render(&ctx, points(spec.size), 1.0, 4, |ui| app.ui(ui)).map_err(|e| e.to_string())
}

/// Renders and writes the figure atomically; returns the path written.
///
/// # Errors
/// As [`render_figure`], plus the write's error naming `out`.
pub fn export_png(
    data: Dataset,
    spec: &FigureSpec,
    out: &Path,
    force: bool,
) -> Result<PathBuf, String> {
    let img = render_figure(data, spec)?;
    write_png_atomic(out, &img, force).map_err(|e| e.to_string())
}

/// Renders the map figure headlessly (to frame the view exactly as the PNG export does) and
/// returns its SVG text.
///
/// # Errors
/// A one-line message for bad arguments or a render failure.
pub fn render_svg(data: Dataset, spec: &FigureSpec) -> Result<String, String> {
    let ctx = egui::Context::default();
    let mut app = figure_app(&ctx, data, spec)?;
    svg_of_figure(&ctx, &mut app, spec.size)
}

/// The SVG of `app` drawn as a map figure of `size` pixels on `ctx` (a context of its own, fresh
/// or used only for this app's figures): draws a few frames so the view settles, then writes
/// the scene of the last one.
///
/// # Errors
/// A one-line message if the size cannot be rendered.
pub fn svg_of_figure(ctx: &egui::Context, app: &mut App, size: [u32; 2]) -> Result<String, String> {
    app.figure = Some(FigureView::Map);
    render(ctx, points(size), 1.0, 4, |ui| app.ui(ui)).map_err(|e| e.to_string())?;
    let scene = app.map_scene();
    Ok(crate::export::svg::document(ctx, &scene, size).to_string())
}

/// Writes the map figure as SVG atomically; returns the path written.
///
/// # Errors
/// As [`render_svg`], plus the write's error naming `out`.
pub fn export_svg(
    data: Dataset,
    spec: &FigureSpec,
    out: &Path,
    force: bool,
) -> Result<PathBuf, String> {
    let text = render_svg(data, spec)?;
    write_atomic(out, text.as_bytes(), force).map_err(|e| e.to_string())
}

/// Renders one frame per year and encodes them. `progress(done, total)` is called before each
/// frame and once at the end; returning `false` stops with [`AnimError::Cancelled`].
///
/// # Errors
/// [`AnimError::Failed`] for bad arguments (see [`check`]) or a render/encode failure.
pub fn render_animation(
    data: Dataset,
    spec: &AnimSpec,
    progress: impl FnMut(usize, usize) -> bool,
) -> Result<Vec<u8>, AnimError> {
    check(&data, spec).map_err(AnimError::Failed)?;
    let mut first = spec.figure.clone();
    first.year = spec.years.clone().next();
    let ctx = egui::Context::default();
    let mut app = figure_app(&ctx, data, &first).map_err(AnimError::Failed)?;
    let mut renderer = Renderer::new();
    let size = points(spec.figure.size);
    let frame = |year| {
        app.state.year = year;
        renderer
            .render(&ctx, size, 1.0, 4, |ui| app.ui(ui))
            .map_err(|e| e.to_string())
    };
    encode_frames(spec, frame, progress)
}

/// Renders the animation and writes it atomically to `out`; returns the path written.
///
/// # Errors
/// As [`render_animation`], plus the write's error naming `out`.
pub fn export_animation(
    data: Dataset,
    spec: &AnimSpec,
    out: &Path,
    force: bool,
    progress: impl FnMut(usize, usize) -> bool,
) -> Result<PathBuf, AnimError> {
    let bytes = render_animation(data, spec, progress)?;
    write_atomic(out, &bytes, force).map_err(|e| AnimError::Failed(e.to_string()))
}
