//! Saving pictures and tables (issue #5): window screenshots, headless figures, CSV.
//!
//! Two ways to get pixels:
//! - **From the window** ([`request_window_screenshot`]): what the user sees, at the window's
//!   scale, through egui's callback screenshot API. Needs a running window (GPU or llvmpipe).
//! - **Headless** ([`raster::render`]): runs egui frames on a [`egui::Context`] and rasterises
//!   them on the CPU. Needs no GPU and no display, so it serves the CLI and CI, and it is how
//!   the app makes **2× figures**: a window cannot be read back at a scale other than its own,
//!   so for 2× render the same UI headlessly at `pixels_per_point = 2.0`.
//!
//! Both end in [`save`]: file names `tumen-atlas_<ids…>_<YYYYMMDD-HHMMSS>.png` (time in UTC),
//! never overwriting ([`save::unique_path`]), written atomically ([`save::write_png_atomic`]).
//!
//! Figures over years go to [`anim`] (one headless frame per year, GIF or APNG); the map as
//! vectors goes to [`svg`] (paths from the prepared geometry, not traced pixels).
//!
//! This module owns no app state; the app decides what to save and shows the outcome.

pub mod anim;
mod error;
pub mod figure;
pub mod raster;
pub mod save;
pub mod svg;
mod window;

pub use error::ExportError;
pub use raster::{Renderer, crop, rasterize, render};
pub use save::{
    Timestamp, file_name, unique_path, write_atomic, write_csv_atomic, write_png_atomic,
};
pub use window::{
    ScreenshotOutcome, ScreenshotRequest, request_window_screenshot, save_screenshot,
};
