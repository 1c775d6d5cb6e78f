//! Naming and writing export files: timestamped, filesystem-safe names that never collide, and
//! atomic writes (temporary file in the same folder, then rename), so a crash or a full disk
//! never leaves a half-written PNG or CSV under the real name.
//!
//! Owns: file names, timestamps, PNG encoding, the write itself. Must not know egui.

use std::fmt;
use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use image::codecs::png::PngEncoder;
use image::{ExtendedColorType, ImageEncoder, RgbaImage};

use super::ExportError;

/// First part of every export file name.
pub const FILE_PREFIX: &str = "tumen-atlas";

/// A calendar time in **UTC**, to the second, used in export file names.
///
/// UTC, not local time: the standard library has no time-zone database and this crate takes no
/// date crate for one file name. The file name does not carry the zone, so any UI or help text
/// that explains export names should say "UTC".
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp {
    /// Year, e.g. 2026.
    pub year: i64,
    /// Month, 1–12.
    pub month: u8,
    /// Day of the month, 1–31.
    pub day: u8,
    /// Hour, 0–23.
    pub hour: u8,
    /// Minute, 0–59.
    pub minute: u8,
    /// Second, 0–59.
    pub second: u8,
}

impl Timestamp {
    /// Now, in UTC (the Unix epoch if the system clock is before it).
    pub fn now_utc() -> Self {
        let secs = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX));
        Self::from_unix_seconds(secs)
    }

    /// The UTC calendar time `secs` seconds after 1970-01-01 00:00:00 UTC (leap seconds ignored,
    /// as Unix time does).
    pub fn from_unix_seconds(secs: i64) -> Self {
        let days = secs.div_euclid(86_400);
        let in_day = secs.rem_euclid(86_400);
        let (year, month, day) = civil_from_days(days);
        // All of these are below 60 (or 24), so the casts cannot truncate.
        Self {
            year,
            month,
            day,
            hour: (in_day / 3600) as u8,
            minute: (in_day / 60 % 60) as u8,
            second: (in_day % 60) as u8,
        }
    }
}

/// `YYYYMMDD-HHMMSS`, e.g. `20261128-101500`.
impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:04}{:02}{:02}-{:02}{:02}{:02}",
            self.year, self.month, self.day, self.hour, self.minute, self.second
        )
    }
}

/// Year, month, day of the proleptic Gregorian calendar for days since 1970-01-01
/// (Howard Hinnant's `civil_from_days`).
fn civil_from_days(days: i64) -> (i64, u8, u8) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

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

/// `dir/name` if nothing is there yet, else `dir/<stem>-2.<ext>`, `-3`, … — the first free one.
///
/// The check and a later write are not one atomic step; write with `overwrite = false` so a
/// file that appears in between is reported rather than replaced.
pub fn unique_path(dir: &Path, name: &str) -> PathBuf {
    let first = dir.join(name);
    if !occupied(&first) {
        return first;
    }
    let (stem, ext) = match name.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => (stem, Some(ext)),
        _ => (name, None),
    };
    (2u64..)
        .map(|n| match ext {
            Some(ext) => dir.join(format!("{stem}-{n}.{ext}")),
            None => dir.join(format!("{stem}-{n}")),
        })
        .find(|p| !occupied(p))
        .unwrap_or(first)
}

/// Whether anything (file, folder, even a dangling link) is at `path`.
fn occupied(path: &Path) -> bool {
    fs::symlink_metadata(path).is_ok()
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

/// Writes CSV `text` (UTF-8, as given) to `path` atomically; returns `path`.
///
/// # Errors
/// See [`write_atomic`].
pub fn write_csv_atomic(path: &Path, text: &str, overwrite: bool) -> Result<PathBuf, ExportError> {
    write_atomic(path, text.as_bytes(), overwrite)
}

/// Writes `bytes` to a new temporary file next to `path`, flushes it to disk, then moves it to
/// `path`. Readers see the old file or the whole new one, never a part. Nothing is left behind
/// on failure. The folder must exist; it is not created. Returns `path`.
///
/// With `overwrite = false` an existing `path` is an error, checked atomically where the file
/// system supports hard links.
///
/// # Errors
/// [`ExportError::Exists`], [`ExportError::NotAFilePath`], or [`ExportError::Io`] naming `path`
/// (missing or read-only folder, disk full, …).
pub fn write_atomic(path: &Path, bytes: &[u8], overwrite: bool) -> Result<PathBuf, ExportError> {
    write_atomic_with(path, overwrite, |file| file.write_all(bytes))
}

/// [`write_atomic`] with the writing itself passed in (tests use it to fail as a full disk
/// does, half-way through).
fn write_atomic_with(
    path: &Path,
    overwrite: bool,
    write: impl FnOnce(&mut File) -> io::Result<()>,
) -> Result<PathBuf, ExportError> {
    let io_error = |action, source| ExportError::Io {
        path: path.to_path_buf(),
        action,
        source,
    };
    let Some(name) = path.file_name() else {
        return Err(ExportError::NotAFilePath {
            path: path.to_path_buf(),
        });
    };
    if !overwrite && occupied(path) {
        return Err(ExportError::Exists {
            path: path.to_path_buf(),
        });
    }
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let (tmp, mut file) = create_temp(dir, &name.to_string_lossy()).map_err(|e| {
        // A folder deleted since it was chosen is said so (the OS only says "not found").
        let action = if dir.is_dir() {
            "create a file in its folder"
        } else {
            "create a file in its folder, which no longer exists (choose another folder)"
        };
        io_error(action, e)
    })?;
    let written = write(&mut file).and_then(|()| file.sync_all());
    drop(file);
    if let Err(e) = written {
        let _ = fs::remove_file(&tmp);
        return Err(io_error("write the file", e));
    }
    let moved = if overwrite {
        fs::rename(&tmp, path).map_err(|e| io_error("move the finished file into place", e))
    } else {
        place_without_overwrite(&tmp, path)
    };
    if moved.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    moved.map(|()| path.to_path_buf())
}

/// Moves `tmp` to `path` unless something is there. A hard link fails atomically if `path`
/// exists; where links are unsupported (FAT, some network shares) fall back to check + rename.
fn place_without_overwrite(tmp: &Path, path: &Path) -> Result<(), ExportError> {
    match fs::hard_link(tmp, path) {
        Ok(()) => {
            let _ = fs::remove_file(tmp);
            Ok(())
        }
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Err(ExportError::Exists {
            path: path.to_path_buf(),
        }),
        Err(_) if occupied(path) => Err(ExportError::Exists {
            path: path.to_path_buf(),
        }),
        Err(_) => fs::rename(tmp, path).map_err(|source| ExportError::Io {
            path: path.to_path_buf(),
            action: "move the finished file into place",
            source,
        }),
    }
}

/// A new, hidden file `.<name>.<pid>-<n>.tmp` in `dir`.
fn create_temp(dir: &Path, name: &str) -> io::Result<(PathBuf, File)> {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    loop {
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let tmp = dir.join(format!(".{name}.{}-{n}.tmp", std::process::id()));
        match File::create_new(&tmp) {
            Ok(file) => return Ok((tmp, file)),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err(e),
        }
    }
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
    fn a_full_disk_mid_write_is_an_error_naming_the_file_and_leaves_nothing_behind() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("figure.png");
        let err = write_atomic_with(&path, false, |file| {
            file.write_all(b"\x89PNG half a picture")?;
            Err(io::Error::from(io::ErrorKind::StorageFull))
        })
        .expect_err("a full disk is an error");
        let text = err.to_string();
        assert!(text.contains("figure.png"), "{text}");
        assert!(text.contains("write the file"), "{text}");
        assert!(!path.exists(), "no half-written file under the real name");
        let left: Vec<_> = fs::read_dir(dir.path()).expect("list").collect();
        assert!(left.is_empty(), "the temporary file is removed: {left:?}");
        // The folder still works: the next save succeeds.
        write_atomic(&path, b"whole", false).expect("next save");
        assert_eq!(fs::read(&path).expect("read"), b"whole");
    }

    #[test]
    fn timestamps_match_known_dates() {
        assert_eq!(
            Timestamp::from_unix_seconds(0).to_string(),
            "19700101-000000"
        );
        // 2026-11-28 10:15:00 UTC
        assert_eq!(
            Timestamp::from_unix_seconds(1_795_860_900).to_string(),
            "20261128-101500"
        );
        // Leap day and the day before the epoch.
        assert_eq!(
            Timestamp::from_unix_seconds(951_782_400).to_string(),
            "20000229-000000"
        );
        assert_eq!(
            Timestamp::from_unix_seconds(-1).to_string(),
            "19691231-235959"
        );
    }

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
