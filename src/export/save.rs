//! Naming and writing export files: timestamped, filesystem-safe names that never collide,
//! written atomically through [`crate::files`], so a crash or a full disk never leaves a
//! half-written PNG or CSV under the real name.
//!
//! Owns: export file names, PNG encoding, the cell CSV. Must not know egui.

use std::path::{Path, PathBuf};

use image::codecs::png::PngEncoder;
use image::{ExtendedColorType, ImageEncoder, RgbaImage};

use super::ExportError;
pub use crate::files::{Timestamp, unique_path};

/// First part of every export file name.
pub const FILE_PREFIX: &str = "tumen-atlas";

/// `part` made safe for a file name on every platform: ASCII letters, digits, `-` and `.` are
/// kept, every other run of characters becomes one `-`, and `-`/`.` are trimmed from the ends
/// (so no hidden files and no `..`). May be empty.
pub fn sanitize(part: &str) -> String {
    let mut out = String::with_capacity(part.len());
    for ch in part.chars() {
        if ch.is_ascii_alphanumeric() || ch == '.' || ch == '-' {
            out.push(ch);
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_matches(|c| c == '-' || c == '.').to_string()
}

/// `tumen-atlas_<part>_<part>…_<when>.<extension>`, each part [`sanitize`]d, empty parts left
/// out; e.g. `file_name(&["CN-JL", "2019", "total"], when, "png")` →
/// `tumen-atlas_CN-JL_2019_total_20261128-101500.png`.
pub fn file_name(parts: &[&str], when: Timestamp, extension: &str) -> String {
    let mut name = FILE_PREFIX.to_string();
    for part in parts.iter().map(|p| sanitize(p)).filter(|p| !p.is_empty()) {
        name.push('_');
        name.push_str(&part);
    }
    name.push('_');
    name.push_str(&when.to_string());
    let extension = sanitize(extension);
    if !extension.is_empty() {
        name.push('.');
        name.push_str(&extension);
    }
    name
}

/// `image` as PNG bytes (fast compression: UI pictures compress well anyway).
///
/// # Errors
/// The encoder's error (only for images too large for PNG).
pub fn encode_png(image: &RgbaImage) -> Result<Vec<u8>, image::ImageError> {
    let mut bytes = Vec::new();
    PngEncoder::new(&mut bytes).write_image(
        image.as_raw(),
        image.width(),
        image.height(),
        ExtendedColorType::Rgba8,
    )?;
    Ok(bytes)
}

/// Encodes `image` as PNG and writes it to `path` atomically; returns `path`.
///
/// # Errors
/// See [`write_atomic`]; also [`ExportError::Encode`].
pub fn write_png_atomic(
    path: &Path,
    image: &RgbaImage,
    overwrite: bool,
) -> Result<PathBuf, ExportError> {
    let bytes = encode_png(image).map_err(|source| ExportError::Encode {
        path: path.to_path_buf(),
        source,
    })?;
    write_atomic(path, &bytes, overwrite)
}

/// [`crate::files::write_atomic`], its errors as [`ExportError`]s.
///
/// # Errors
/// [`ExportError::Exists`], [`ExportError::NotAFilePath`], or [`ExportError::Io`] naming `path`.
pub fn write_atomic(path: &Path, bytes: &[u8], overwrite: bool) -> Result<PathBuf, ExportError> {
    crate::files::write_atomic(path, bytes, overwrite).map_err(ExportError::from)
}

/// Writes CSV `text` (UTF-8, as given) to `path` atomically; returns `path`.
///
/// # Errors
/// See [`write_atomic`].
pub fn write_csv_atomic(path: &Path, text: &str, overwrite: bool) -> Result<PathBuf, ExportError> {
    write_atomic(path, text.as_bytes(), overwrite)
}

/// A cell's value as written to files: USD to the whole dollar (no source publishes cents,
/// and a figure converted from another currency has no more precision than that), ratios and
/// percentages to three decimals. `None` stays `None` (an empty field, never 0).
pub fn output_value(c: &crate::analysis::CellValue) -> Option<f64> {
    c.value.map(|v| {
        if c.unit == "USD" {
            v.round()
        } else {
            (v * 1000.0).round() / 1000.0
        }
    })
}

/// The header of every cell CSV the app writes (the window's "Export data" and
/// `query --format csv`): the same columns in the same order.
pub const CELL_CSV_HEADER: [&str; 9] = [
    "region", "partner", "year", "metric", "value", "unit", "basis", "sources", "missing",
];

/// Cells as CSV (RFC 4180 quoting by the `csv` crate) with [`CELL_CSV_HEADER`]'s columns.
///
/// # Errors
/// Only if the CSV writer fails (it writes to memory, so in practice never).
pub fn cells_csv(cells: &[crate::analysis::CellValue]) -> Result<String, String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let err = |e: csv::Error| e.to_string();
    w.write_record(CELL_CSV_HEADER).map_err(err)?;
    for c in cells {
        let sources: Vec<&str> = c
            .sources
            .iter()
            .map(crate::data::SourceId::as_str)
            .collect();
        w.write_record([
            c.region.as_str(),
            c.partner.as_str(),
            &c.year.to_string(),
            c.metric.as_str(),
            &output_value(c).map(|v| v.to_string()).unwrap_or_default(),
            c.unit,
            c.basis.map_or("", |b| b.as_str()),
            &sources.join(" "),
            &c.missing.join("; "),
        ])
        .map_err(err)?;
    }
    let bytes = w.into_inner().map_err(|e| e.to_string())?;
    String::from_utf8(bytes).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_sanitised_and_timestamped() {
        let when = Timestamp::from_unix_seconds(1_795_860_900);
        assert_eq!(
            file_name(&["CN-JL", "2019", "total"], when, "png"),
            "tumen-atlas_CN-JL_2019_total_20261128-101500.png"
        );
        assert_eq!(
            file_name(&["../etc/passwd", "", "吉林 Jilin"], when, ".csv"),
            "tumen-atlas_etc-passwd_Jilin_20261128-101500.csv"
        );
        assert_eq!(sanitize("a / b\\c:d"), "a-b-c-d");
    }
}
