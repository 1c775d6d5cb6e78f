//! Files the app and the CLI write: UTC timestamps for their names, a free name next to taken
//! ones, and atomic writes (temporary file in the same folder, flushed, then moved into place),
//! so a crash or a full disk never leaves a half-written file under the real name.
//!
//! Below [`crate::fetch`] and [`crate::export`], which both write through it. Must not know
//! egui.

use std::fmt;
use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// Why a file could not be written. Every message names the file first.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// A file-system operation failed (missing or read-only folder, disk full, …).
    #[error("{path}: cannot {action}: {source}")]
    Io {
        /// The file that was being written (not the temporary file next to it).
        path: PathBuf,
        /// What was being done, e.g. "write the file".
        action: &'static str,
        /// The underlying error.
        source: io::Error,
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
}

/// A calendar time in **UTC**, to the second, used in export file names.
///
/// UTC, not local time: a file name made on one machine reads the same on another. The name
/// does not carry the zone, so any UI or help text that explains export names should say "UTC".
/// The calendar arithmetic is `jiff`'s.
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
    /// Now, in UTC.
    pub fn now_utc() -> Self {
        Self::from_jiff(jiff::Timestamp::now())
    }

    /// The UTC calendar time `secs` seconds after 1970-01-01 00:00:00 UTC (leap seconds ignored,
    /// as Unix time does); the epoch for seconds outside the years −9999 to 9999.
    pub fn from_unix_seconds(secs: i64) -> Self {
        Self::from_jiff(jiff::Timestamp::from_second(secs).unwrap_or(jiff::Timestamp::UNIX_EPOCH))
    }

    fn from_jiff(t: jiff::Timestamp) -> Self {
        let d = jiff::tz::TimeZone::UTC.to_datetime(t);
        // Month, day, hour, minute and second are small and never negative.
        let small = |v: i8| u8::try_from(v).unwrap_or(0);
        Self {
            year: i64::from(d.year()),
            month: small(d.month()),
            day: small(d.day()),
            hour: small(d.hour()),
            minute: small(d.minute()),
            second: small(d.second()),
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

/// Writes `bytes` to a new temporary file next to `path`, flushes it to disk, then moves it to
/// `path`. Readers see the old file or the whole new one, never a part. Nothing is left behind
/// on failure. The folder must exist; it is not created. Returns `path`.
///
/// With `overwrite = false` an existing `path` is an error, checked atomically where the file
/// system supports hard links.
///
/// # Errors
/// [`WriteError::Exists`], [`WriteError::NotAFilePath`], or [`WriteError::Io`] naming `path`
/// (missing or read-only folder, disk full, …).
pub fn write_atomic(path: &Path, bytes: &[u8], overwrite: bool) -> Result<PathBuf, WriteError> {
    write_atomic_with(path, overwrite, |file| file.write_all(bytes))
}

/// [`write_atomic`] with the writing itself passed in (tests use it to fail as a full disk
/// does, half-way through).
fn write_atomic_with(
    path: &Path,
    overwrite: bool,
    write: impl FnOnce(&mut File) -> io::Result<()>,
) -> Result<PathBuf, WriteError> {
    let io_error = |action, source| WriteError::Io {
        path: path.to_path_buf(),
        action,
        source,
    };
    let Some(name) = path.file_name() else {
        return Err(WriteError::NotAFilePath {
            path: path.to_path_buf(),
        });
    };
    if !overwrite && occupied(path) {
        return Err(WriteError::Exists {
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
fn place_without_overwrite(tmp: &Path, path: &Path) -> Result<(), WriteError> {
    match fs::hard_link(tmp, path) {
        Ok(()) => {
            let _ = fs::remove_file(tmp);
            Ok(())
        }
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Err(WriteError::Exists {
            path: path.to_path_buf(),
        }),
        Err(_) if occupied(path) => Err(WriteError::Exists {
            path: path.to_path_buf(),
        }),
        Err(_) => fs::rename(tmp, path).map_err(|source| WriteError::Io {
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
}
