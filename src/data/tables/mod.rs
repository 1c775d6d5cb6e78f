//! The bundled CSV tables (docs/DESIGN.md §3), parsed once into typed rows: trade flows, indicators,
//! sources, events and partners. Each table's parser is strict: a bad row is an error naming the
//! file and the line, so a broken table never loads half-way. User files go through
//! [`crate::data::import`] instead, which rejects bad rows one by one.

pub mod events;
pub mod flows;
pub mod indicators;
pub mod names;
pub mod partners;
pub mod sources;
pub mod units;

use std::path::{Path, PathBuf};

pub use events::Event;
pub use flows::{Basis, Flow, FlowRow};
pub use indicators::IndicatorRow;
pub use partners::{Partner, Partners};
pub use sources::{Source, SourceId};
pub use units::{Currency, Unit};

/// A problem with a CSV table; every message names the file and, where it applies, the line.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum TableError {
    /// One row is wrong.
    #[error("{}: line {line}: {message}", file.display())]
    Row {
        /// The file.
        file: PathBuf,
        /// 1-based line of the row in the file.
        line: u64,
        /// What is wrong.
        message: String,
    },
    /// The whole file is unusable (missing column, not CSV …).
    #[error("{}: {message}", file.display())]
    File {
        /// The file.
        file: PathBuf,
        /// What is wrong.
        message: String,
    },
}

impl TableError {
    pub(crate) fn row(file: &Path, line: u64, message: impl Into<String>) -> Self {
        Self::Row {
            file: file.to_path_buf(),
            line,
            message: message.into(),
        }
    }

    pub(crate) fn file(file: &Path, message: impl Into<String>) -> Self {
        Self::File {
            file: file.to_path_buf(),
            message: message.into(),
        }
    }
}

/// Column positions of a CSV header, looked up by name.
#[derive(Debug, Clone)]
pub(crate) struct Columns {
    names: Vec<String>,
}

impl Columns {
    pub(crate) fn new(header: &csv::StringRecord) -> Self {
        Self {
            names: header
                .iter()
                .map(|h| h.trim().trim_start_matches('\u{feff}').to_string())
                .collect(),
        }
    }

    /// Position of the first column whose name equals one of `names` (ASCII case-insensitive).
    pub(crate) fn find(&self, names: &[&str]) -> Option<usize> {
        names
            .iter()
            .find_map(|n| self.names.iter().position(|h| h.eq_ignore_ascii_case(n)))
    }

    /// Like [`Self::find`], but a missing column is a whole-file error naming it.
    pub(crate) fn require(&self, name: &str, file: &Path) -> Result<usize, TableError> {
        self.find(&[name])
            .ok_or_else(|| TableError::file(file, format!("missing column \"{name}\"")))
    }
}

/// The trimmed field at `idx` (empty when the row is short).
pub(crate) fn field(rec: &csv::StringRecord, idx: Option<usize>) -> &str {
    idx.and_then(|i| rec.get(i)).map_or("", str::trim)
}

/// 1-based line where a record starts.
pub(crate) fn line_of(rec: &csv::StringRecord) -> u64 {
    rec.position().map_or(0, csv::Position::line)
}

/// A reader over `text` and the columns of its header row; an unreadable header is a whole-file
/// error.
pub(crate) fn open<'a>(
    text: &'a str,
    file: &Path,
) -> Result<(csv::Reader<&'a [u8]>, Columns), TableError> {
    let mut rdr = reader(text);
    let header = rdr
        .headers()
        .map_err(|e| TableError::file(file, e.to_string()))?;
    let cols = Columns::new(header);
    Ok((rdr, cols))
}

/// A CSV reader over text with a header row; flexible row lengths (short rows are reported by
/// the callers, not by the csv crate).
pub(crate) fn reader(text: &str) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes())
}
