//! Loading user files (`--data`, File → Import…, dropped files): the one loader of the command
//! line and the window (which runs it off the UI thread). GeoJSON regions join the map, CSV and
//! spreadsheet files go through the trade importers. Every refused file, feature or row is
//! reported; nothing is dropped silently. The window keeps the files that loaded and names the
//! others; the command line names every file that failed and runs nothing.

use std::path::{Path, PathBuf};

use crate::data::import::watch::Watch;
use crate::data::import::{ImportError, ImportOptions, import_file_watched};
use crate::data::{Geography, TradeData};

/// What loading some files produced.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The geography with any added regions.
    pub geo: Geography,
    /// The trade tables with any imported rows.
    pub trade: TradeData,
    /// Problems to show (refused files and features).
    pub messages: Vec<String>,
    /// One message per file that could not be loaded at all, naming the file (and the line
    /// where there is one); also in `messages`.
    pub failed: Vec<String>,
    /// The import reports, as lines.
    pub report: Vec<String>,
    /// Whether any trade rows were added.
    pub trade_changed: bool,
    /// Whether the run was cancelled (then nothing of it should be kept).
    pub cancelled: bool,
}

/// Whether `path` is read as GeoJSON regions (`.geojson` or `.json`) rather than as a trade table.
pub(crate) fn is_geojson(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("geojson") || e.eq_ignore_ascii_case("json"))
}

/// Loads `paths` on top of `geo` and `trade`.
pub fn load_files(geo: Geography, trade: TradeData, paths: &[PathBuf]) -> Loaded {
    load_files_with(geo, trade, paths, &ImportOptions::default())
}

/// [`load_files`] with import options (the import dialog's region, year and flow).
pub fn load_files_with(
    geo: Geography,
    trade: TradeData,
    paths: &[PathBuf],
    opts: &ImportOptions,
) -> Loaded {
    load_files_watched(geo, trade, paths, opts, &Watch::default())
}

/// [`load_files_with`], with progress counted by `watch` and stopped when it is cancelled
/// (the window's Cancel button). A cancelled run says so in [`Loaded::cancelled`].
pub fn load_files_watched(
    mut geo: Geography,
    mut trade: TradeData,
    paths: &[PathBuf],
    opts: &ImportOptions,
    watch: &Watch,
) -> Loaded {
    let mut messages = Vec::new();
    let mut failed = Vec::new();
    let mut report = Vec::new();
    let mut trade_changed = false;
    for (index, path) in paths.iter().enumerate() {
        if watch.is_cancelled() {
            break;
        }
        watch.start_file(index, 0);
        if is_geojson(path) {
            match crate::data::geo::load_regions_file(path) {
                Ok((regions, errors)) => {
                    let n = regions.len();
                    messages.extend(errors.iter().map(ToString::to_string));
                    let refused = geo.add_regions(regions);
                    report.push(format!(
                        "{}: GeoJSON, {} region(s) read, {} added, {} feature(s) rejected",
                        path.display(),
                        n,
                        n - refused.len(),
                        errors.len()
                    ));
                    report.extend(errors.iter().map(|e| format!("  {e}")));
                    report.extend(refused.iter().map(|e| format!("  {e}")));
                    messages.extend(refused);
                }
                Err(e) => {
                    report.push(e.to_string());
                    messages.push(e.to_string());
                    failed.push(e.to_string());
                }
            }
            continue;
        }
        match import_file_watched(path, &geo, &trade, opts, watch, index) {
            Ok(imported) => {
                let added = !imported.rows.is_empty();
                let r = imported.apply(&mut trade);
                report.extend(r.lines(50));
                if r.has_errors() {
                    messages.push(format!(
                        "{}: some rows were rejected (see the import report)",
                        path.display()
                    ));
                }
                trade_changed |= added;
            }
            Err(ImportError::Cancelled { .. }) => break,
            Err(e) => {
                report.push(e.to_string());
                messages.push(e.to_string());
                failed.push(e.to_string());
            }
        }
    }
    let cancelled = watch.is_cancelled();
    if cancelled {
        messages = vec![
            "Import cancelled: nothing from the file(s) was added; the data shown is as before."
                .to_string(),
        ];
        report.clear();
        failed.clear();
        trade_changed = false;
    }
    Loaded {
        geo,
        trade,
        messages,
        failed,
        report,
        trade_changed,
        cancelled,
    }
}
