//! Loading and validating data: `GeoJSON` geography and the CSV tables, into an immutable
//! [`Dataset`]. Nothing here knows egui. Bad input becomes a [`DataError`] or a warning that
//! names the file and the line/feature; it never panics.

pub mod error;
pub mod geo;
pub mod ids;
pub mod import;
pub mod limits;
pub mod recipes;
pub mod tables;
pub mod trade;

pub use error::DataError;
pub use geo::Geography;
pub use ids::{Level, PartnerId, RegionId};
pub use tables::{Basis, Flow, FlowRow, SourceId, TableError, Unit};
pub use trade::TradeData;

/// The bundled regions `GeoJSON`, embedded so the app runs from anywhere.
pub const BUNDLED_REGIONS: &str = include_str!("../../data/geo/regions.geojson");
/// The bundled rivers `GeoJSON`.
pub const BUNDLED_LINES: &str = include_str!("../../data/geo/lines.geojson");
/// The bundled places `GeoJSON`.
pub const BUNDLED_PLACES: &str = include_str!("../../data/geo/places.geojson");
/// The bundled region sets table.
pub const BUNDLED_REGION_SETS: &str = include_str!("../../data/region_sets.csv");

/// Everything the app shows, loaded and validated once.
#[derive(Debug, Clone)]
pub struct Dataset {
    /// Regions, rivers, places and region sets.
    pub geo: Geography,
    /// Trade flows, indicators, sources, events and partners, converted to USD and indexed.
    pub trade: TradeData,
    /// Problems found while loading (shown to the user; the rest of the data still loads).
    pub warnings: Vec<String>,
}

impl Dataset {
    /// Loads the bundled data. The bundled files are checked by tests, so an error here means a
    /// broken build; it is still returned rather than panicking. A broken trade table does not
    /// stop the map: the trade data is then empty and the error is the first warning.
    pub fn bundled() -> Result<Self, DataError> {
        Self::bundled_with(TradeData::bundled)
    }

    /// The bundled geography and region names with the bundled sources and partners but no
    /// figures ([`TradeData::bundled_reference`]): what checking a China Customs export needs,
    /// without parsing the bundled flows.
    pub fn bundled_reference() -> Result<Self, DataError> {
        Self::bundled_with(TradeData::bundled_reference)
    }

    fn bundled_with(
        trade: impl FnOnce() -> Result<TradeData, tables::TableError>,
    ) -> Result<Self, DataError> {
        let mut geo = Geography::bundled()?;
        let mut warnings = Vec::new();
        let trade = trade().unwrap_or_else(|e| {
            warnings.push(format!("trade data not loaded: {e}"));
            TradeData::default()
        });
        let names = tables::names::parse(
            tables::names::BUNDLED_REGION_NAMES,
            std::path::Path::new("data/region_names.csv"),
            &|id| geo.region(&RegionId::new(id)).is_some(),
            &|id| trade.source(&SourceId(id.to_string())).is_some(),
        );
        match names {
            Ok(rows) => geo.apply_names(&rows),
            Err(e) => warnings.push(format!("region names not loaded (map names kept): {e}")),
        }
        Ok(Self {
            geo,
            trade,
            warnings,
        })
    }
}
