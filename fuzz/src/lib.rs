//! What the fuzz targets share: the bundled data, loaded once, and one call into the importers
//! exactly as the window, `--data` and `check-data` make it.

use std::path::Path;
use std::sync::OnceLock;

use tumen_atlas::data::Dataset;
use tumen_atlas::data::import::{ImportOptions, import_bytes};

/// The bundled dataset (geography and trade tables), loaded on the first call.
pub fn data() -> &'static Dataset {
    static DATA: OnceLock<Dataset> = OnceLock::new();
    DATA.get_or_init(|| match Dataset::bundled() {
        Ok(d) => d,
        Err(e) => panic!("the bundled data does not load: {e}"),
    })
}

/// Imports `bytes` as a file called `name`; any answer (rows or an error) is fine, a panic,
/// hang or runaway allocation is the bug. The report is formatted too, as `check-data` does.
pub fn import(bytes: &[u8], name: &str) {
    let d = data();
    match import_bytes(
        bytes,
        Path::new(name),
        &d.geo,
        &d.trade,
        &ImportOptions::default(),
    ) {
        Ok(imported) => {
            let _ = imported.report.lines(50);
            if !imported.rows.is_empty() {
                let mut trade = d.trade.clone();
                let _ = imported.apply(&mut trade);
            }
        }
        Err(e) => {
            let _ = e.to_string();
        }
    }
}
