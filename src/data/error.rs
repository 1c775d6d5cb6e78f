//! Errors raised while loading data files. Every message names the file and the line or feature.

use std::path::PathBuf;

/// A problem with a data file that stops it (or one of its features) from loading.
#[derive(Debug, thiserror::Error)]
pub enum DataError {
    /// The file could not be read at all.
    #[error("{file}: cannot read: {source}")]
    Io {
        /// The file.
        file: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// The file is not valid JSON; line and column are those of the JSON parser.
    #[error("{file}: line {line}, column {column}: not valid JSON: {message}")]
    Syntax {
        /// The file.
        file: PathBuf,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What the parser said.
        message: String,
    },
    /// The file is valid JSON but not the GeoJSON this app expects.
    #[error("{file}: {message}")]
    NotGeoJson {
        /// The file.
        file: PathBuf,
        /// What is wrong.
        message: String,
    },
    /// One feature is unusable; the others may still load.
    #[error("{file}: feature {index}{id_part}: {message}", id_part = id.as_ref().map(|i| format!(" ({i})")).unwrap_or_default())]
    Feature {
        /// The file.
        file: PathBuf,
        /// 0-based index of the feature in the collection.
        index: usize,
        /// Its id, when it has one.
        id: Option<String>,
        /// What is wrong.
        message: String,
    },
    /// A file larger than the loader accepts.
    #[error(
        "{file}: {size_mb:.1} MB is larger than the {limit_mb} MB a GeoJSON file may be on this machine now (256 MiB, or less when memory is short: the file is read whole)"
    )]
    TooLarge {
        /// The file.
        file: PathBuf,
        /// Its size in MB.
        size_mb: f64,
        /// The limit in MB.
        limit_mb: u64,
    },
}
