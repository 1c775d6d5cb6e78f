//! Saving a screenshot of the live window through egui's callback screenshot API.
//!
//! Flow: the app calls [`request_window_screenshot`] during a frame; the backend paints that
//! frame, reads the pixels back and then calls our callback with the whole window as a
//! [`ColorImage`] (physical pixels). The callback hands cropping, PNG encoding and the atomic
//! write to a short-lived thread, which sends the outcome on the request's channel and asks
//! egui for a repaint so the app sees it on its next frame.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::Sender;

use egui::{ColorImage, Context, Rect};

use super::{ExportError, raster, save};

/// What a screenshot request reports: the file written, or a message for the user that names
/// the file.
pub type ScreenshotOutcome = Result<PathBuf, String>;

/// A request to save the window (or part of it) as a PNG.
#[derive(Clone, Debug)]
pub struct ScreenshotRequest {
    /// The part of the window to keep, in points (e.g. the map's rect); `None` keeps it all.
    pub crop: Option<Rect>,
    /// The folder to save into; it must exist.
    pub dir: PathBuf,
    /// The wanted file name (see [`save::file_name`]); `-2`, `-3`, … is added if it is taken.
    pub file_name: String,
    /// Where the outcome is sent; the app polls the receiver each frame.
    pub reply: Sender<ScreenshotOutcome>,
}

/// Asks the backend for a screenshot of the current viewport and saves it as described by
/// `request`. Returns at once; the outcome arrives later on `request.reply`, after the frame has
/// been painted and read back, and a repaint is requested then.
///
/// The window can only be captured at its own scale. For a 2× figure, render headlessly with
/// [`raster::render`] at `pixels_per_point = 2.0` instead.
pub fn request_window_screenshot(ctx: &Context, request: ScreenshotRequest) {
    // The readback is in physical pixels at the scale of the frame being requested.
    let pixels_per_point = ctx.pixels_per_point();
    let ctx = ctx.clone();
    let repaint = ctx.clone();
    ctx.request_screenshot(move |image: Arc<ColorImage>| {
        let reply = request.reply.clone();
        let job = move || {
            let outcome = save_screenshot(
                &image,
                request.crop,
                pixels_per_point,
                &request.dir,
                &request.file_name,
            )
            .map_err(|e| e.to_string());
            // The receiver is gone only if the app stopped listening; nothing to report then.
            let _ = request.reply.send(outcome);
            repaint.request_repaint();
        };
        // Encoding a large PNG takes tens of milliseconds: keep it off the UI thread.
        let started = std::thread::Builder::new()
            .name("screenshot-save".to_string())
            .spawn(job);
        if let Err(e) = started {
            let _ = reply.send(Err(format!("cannot start saving the screenshot: {e}")));
        }
    });
}

/// The synchronous part of [`request_window_screenshot`]: crop `image` (a readback at
/// `pixels_per_point`) to `crop` (points) and write it to a free name in `dir`. Returns the file.
///
/// # Errors
/// [`ExportError::EmptyCrop`] or any error of [`save::write_png_atomic`].
pub fn save_screenshot(
    image: &ColorImage,
    crop: Option<Rect>,
    pixels_per_point: f32,
    dir: &Path,
    file_name: &str,
) -> Result<PathBuf, ExportError> {
    let full = raster::rgba_from_color_image(image);
    let picture = match crop {
        Some(rect) => raster::crop(&full, rect, pixels_per_point)?,
        None => full,
    };
    save::write_png_atomic(&save::unique_path(dir, file_name), &picture, false)
}
