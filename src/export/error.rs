//! The one error type of [`crate::export`]. Every message about a file names that file first,
//! like [`crate::data::DataError`] does.

use std::path::PathBuf;

use crate::files::WriteError;

/// Why an image or table could not be rendered or saved.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// A file-system operation failed (missing or read-only folder, disk full, …): a
    /// [`WriteError::Io`].
    #[error(transparent)]
    Io(WriteError),
    /// The target exists and overwriting was not asked for: a [`WriteError::Exists`].
    #[error(transparent)]
    Exists(WriteError),
    /// The target path has no file name (it ends in `..` or is a root): a
    /// [`WriteError::NotAFilePath`].
    #[error(transparent)]
    NotAFilePath(WriteError),
    /// PNG encoding failed.
    #[error("{path}: cannot encode the PNG: {source}")]
    Encode {
        /// The file that was to be written.
        path: PathBuf,
        /// The encoder's error.
        source: image::ImageError,
    },
    /// The requested image size is empty, not finite or too large.
    #[error(
        "cannot render {width_points}×{height_points} points at {pixels_per_point} pixels per point: {reason}"
    )]
    InvalidSize {
        /// Requested width in points.
        width_points: f32,
        /// Requested height in points.
        height_points: f32,
        /// Requested scale.
        pixels_per_point: f32,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// A crop rectangle does not overlap the image.
    #[error("the crop rectangle {rect:?} (points) lies outside the {width}×{height} pixel image")]
    EmptyCrop {
        /// The crop rectangle in points.
        rect: egui::Rect,
        /// Image width in pixels.
        width: u32,
        /// Image height in pixels.
        height: u32,
    },
}

impl From<WriteError> for ExportError {
    /// Keeps the kind of the write error as its own variant, so callers can tell an existing
    /// file from a failed write.
    fn from(e: WriteError) -> Self {
        match e {
            WriteError::Io { .. } => Self::Io(e),
            WriteError::Exists { .. } => Self::Exists(e),
            WriteError::NotAFilePath { .. } => Self::NotAFilePath(e),
        }
    }
}
