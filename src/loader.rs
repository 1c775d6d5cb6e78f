//! Loading user files (`--data`, File → Import…, dropped files) off the UI thread, through the
//! same code paths as the command line: GeoJSON regions join the map, CSV files go through the
//! trade importers. Every refused file, feature or row is reported; nothing is dropped silently.

use std::path::{Path, PathBuf};

use crate::data::import::{ImportOptions, import_file};
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
    /// The import reports, as lines.
    pub report: Vec<String>,
    /// Whether any trade rows were added.
    pub trade_changed: bool,
}

fn is_geojson(path: &Path) -> bool {
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
    mut geo: Geography,
    mut trade: TradeData,
    paths: &[PathBuf],
    opts: &ImportOptions,
) -> Loaded {
    let mut messages = Vec::new();
    let mut report = Vec::new();
    let mut trade_changed = false;
    for path in paths {
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
                }
            }
            continue;
        }
        match import_file(path, &geo, &trade, opts) {
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
            Err(e) => {
                report.push(e.to_string());
                messages.push(e.to_string());
            }
        }
    }
    Loaded {
        geo,
        trade,
        messages,
        report,
        trade_changed,
    }
}
