//! The one error type of [`crate::export`]. Every message about a file names that file first,
//! like [`crate::data::DataError`] does.

use std::path::PathBuf;

/// Why an image or table could not be rendered or saved.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// A file-system operation failed (missing or read-only folder, disk full, …).
    #[error("{path}: cannot {action}: {source}")]
    Io {
        /// The file that was being written (not the temporary file next to it).
        path: PathBuf,
        /// What was being done, e.g. "write the file".
        action: &'static str,
        /// The underlying error.
        source: std::io::Error,
    },
    /// The target exists and overwriting was not asked for.
    #[error("{path}: already exists and was not overwritten")]
    Exists {
        /// The existing file.
        path: PathBuf,
    },
    /// The target path has no file name (it ends in `..` or is a root).
    #[error("{path}: not a file path")]
    NotAFilePath {
        /// The path given.
        path: PathBuf,
    },
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

impl From<crate::files::WriteError> for ExportError {
    fn from(e: crate::files::WriteError) -> Self {
        use crate::files::WriteError;
        match e {
            WriteError::Io {
                path,
                action,
                source,
            } => Self::Io {
                path,
                action,
                source,
            },
            WriteError::Exists { path } => Self::Exists { path },
            WriteError::NotAFilePath { path } => Self::NotAFilePath { path },
        }
    }
}
