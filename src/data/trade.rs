//! [`TradeData`]: the trade tables, typed, converted to USD and indexed once, so that the
//! analysis layer can answer "which rows give reporter × partner × year × flow × basis" with one
//! hash lookup (a year change in the GUI recomputes every aggregate from these lookups).
//!
//! Conversion happens when rows are added: USD units by their scale; CNY, JPY and KRW units
//! with that year's `usd_cny` (CHN), `usd_jpy` (JPN) or `usd_krw` (KOR) indicator. A value whose
//! rate is missing keeps `value_usd = None` (unknown), never a guessed rate.

use std::collections::HashMap;
use std::path::Path;

use super::tables::units::usd_from_foreign;
use super::tables::{
    self, Basis, Currency, Event, Flow, FlowRow, IndicatorRow, Partners, Source, SourceId,
    TableError, Unit,
};

/// The bundled flows table.
pub const BUNDLED_FLOWS: &str = include_str!("../../data/trade/flows.csv");
/// The bundled indicators table.
pub const BUNDLED_INDICATORS: &str = include_str!("../../data/indicators.csv");
/// The bundled sources table.
pub const BUNDLED_SOURCES: &str = include_str!("../../data/sources.csv");
/// The bundled events table.
pub const BUNDLED_EVENTS: &str = include_str!("../../data/events.csv");
/// The bundled partners table.
pub const BUNDLED_PARTNERS: &str = include_str!("../../data/partners.csv");

type FlowKey = (u32, u32, i32, Flow, Basis);
type IndicatorKey = (u32, u32, i32);

/// Trade flows, indicators, sources, events and partners, validated and indexed.
#[derive(Debug, Clone, Default)]
pub struct TradeData {
    /// Every flow row, bundled first, then imported rows in import order.
    pub flows: Vec<FlowRow>,
    /// Every indicator row.
    pub indicators: Vec<IndicatorRow>,
    /// Sources, sorted by id (bundled and imported files).
    pub sources: Vec<Source>,
    /// Timeline events, by date.
    pub events: Vec<Event>,
    /// Trading partners.
    pub partners: Partners,
    names: HashMap<String, u32>,
    flow_index: HashMap<FlowKey, Vec<u32>>,
    indicator_index: HashMap<IndicatorKey, Vec<u32>>,
}

impl TradeData {
    /// Loads the bundled tables (embedded in the binary).
    pub fn bundled() -> Result<Self, TableError> {
        Self::from_tables(
            BUNDLED_FLOWS,
            BUNDLED_INDICATORS,
            BUNDLED_SOURCES,
            BUNDLED_EVENTS,
            BUNDLED_PARTNERS,
        )
    }

    /// The bundled sources and partners only, without figures: all a China Customs export is
    /// read against ([`crate::data::import::is_customs_export`]), for `check-data`, which never
    /// shows the bundled figures.
    pub fn bundled_reference() -> Result<Self, TableError> {
        let sources = tables::sources::parse(BUNDLED_SOURCES, Path::new("data/sources.csv"))?;
        let partners = Partners::parse(BUNDLED_PARTNERS, Path::new("data/partners.csv"))?;
        Ok(Self {
            sources,
            partners,
            ..Self::default()
        })
    }

    /// Parses and validates the five tables. Every row's source must exist in `sources`; a
    /// bad row is an error naming its file and line.
    pub fn from_tables(
        flows: &str,
        indicators: &str,
        sources: &str,
        events: &str,
        partners: &str,
    ) -> Result<Self, TableError> {
        let sources = tables::sources::parse(sources, Path::new("data/sources.csv"))?;
        let known = |id: &str| sources.binary_search_by(|s| s.id.as_str().cmp(id)).is_ok();
        let partners = Partners::parse(partners, Path::new("data/partners.csv"))?;
        if let Some(p) = partners.list.iter().find(|p| !known(p.source.as_str())) {
            return Err(TableError::file(
                Path::new("data/partners.csv"),
                format!(
                    "partner {}: source \"{}\" is not in data/sources.csv",
                    p.iso3, p.source
                ),
            ));
        }
        let indicators =
            tables::indicators::parse(indicators, Path::new("data/indicators.csv"), &known)?;
        let events = tables::events::parse(events, Path::new("data/events.csv"), &known)?;
        let flows =
            tables::flows::parse(flows, Path::new("data/trade/flows.csv"), &partners, &known)?;
        let mut data = Self {
            sources,
            partners,
            events,
            ..Self::default()
        };
        for row in indicators {
            data.push_indicator(row);
        }
        data.add_flows(flows);
        Ok(data)
    }

    fn intern(&mut self, name: &str) -> u32 {
        if let Some(&i) = self.names.get(name) {
            return i;
        }
        let i = u32::try_from(self.names.len()).unwrap_or(u32::MAX);
        self.names.insert(name.to_string(), i);
        i
    }

    fn push_indicator(&mut self, row: IndicatorRow) {
        let key = (
            self.intern(row.region.as_str()),
            self.intern(&row.indicator),
            row.year,
        );
        let idx = u32::try_from(self.indicators.len()).unwrap_or(u32::MAX);
        self.indicators.push(row);
        self.indicator_index.entry(key).or_default().push(idx);
    }

    /// Adds flow rows (bundled or imported): converts each to USD with the year's rate and
    /// indexes it. Returns the number of rows whose currency had no rate for their year (those
    /// stay unknown in USD).
    pub fn add_flows(&mut self, rows: Vec<FlowRow>) -> usize {
        let mut unconverted = 0;
        self.flows.reserve(rows.len());
        for mut row in rows {
            let (usd, note) = self.usd_value(row.value, row.unit, row.year);
            unconverted += usize::from(usd.is_none());
            row.value_usd = usd;
            row.converted = note;
            let key = (
                self.intern(row.reporter.as_str()),
                self.intern(&row.partner),
                row.year,
                row.flow,
                row.basis,
            );
            let idx = u32::try_from(self.flows.len()).unwrap_or(u32::MAX);
            self.flows.push(row);
            self.flow_index.entry(key).or_default().push(idx);
        }
        unconverted
    }

    /// Adds (or replaces) a source, e.g. the `import:<file>` entry of an imported file.
    pub fn add_source(&mut self, source: Source) {
        match self.sources.binary_search_by(|s| s.id.cmp(&source.id)) {
            Ok(i) => self.sources[i] = source,
            Err(i) => self.sources.insert(i, source),
        }
    }

    /// The source with this id.
    pub fn source(&self, id: &SourceId) -> Option<&Source> {
        self.sources
            .binary_search_by(|s| s.id.cmp(id))
            .ok()
            .map(|i| &self.sources[i])
    }

    /// A value in `unit` for `year` as plain USD, with a note when it was converted from another
    /// currency. `(None, None)` when the rate for that year is missing.
    pub fn usd_value(&self, value: f64, unit: Unit, year: i32) -> (Option<f64>, Option<String>) {
        let plain = unit.to_plain(value);
        if unit.currency == Currency::Usd {
            return (Some(plain), None);
        }
        match self.rate(unit.currency, year) {
            Some(rate) => (
                usd_from_foreign(plain, rate.value),
                Some(format!(
                    "converted from {value} {unit} at {} {} per USD ({} {year}, source {})",
                    rate.value,
                    unit.currency.code(),
                    rate.indicator,
                    rate.source
                )),
            ),
            None => (None, None),
        }
    }

    /// The exchange rate (currency units per USD) for `year`, as an indicator row.
    pub fn rate(&self, currency: Currency, year: i32) -> Option<&IndicatorRow> {
        let (region, name) = currency.rate_indicator()?;
        self.indicator(region, name, year)
    }

    /// The rows giving `reporter` × `partner` × `year` × `flow` on `basis`, in the order they
    /// were added. One hash lookup.
    pub fn flow_rows<'a>(
        &'a self,
        reporter: &str,
        partner: &str,
        year: i32,
        flow: Flow,
        basis: Basis,
    ) -> impl Iterator<Item = &'a FlowRow> + 'a {
        let key = match (self.names.get(reporter), self.names.get(partner)) {
            (Some(&r), Some(&p)) => Some((r, p, year, flow, basis)),
            _ => None,
        };
        key.and_then(|k| self.flow_index.get(&k))
            .into_iter()
            .flatten()
            .filter_map(|&i| self.flows.get(i as usize))
    }

    /// The indicator `name` of `region` for `year`. When several sources give it, the one
    /// whose source id sorts first is used (deterministic).
    pub fn indicator(&self, region: &str, name: &str, year: i32) -> Option<&IndicatorRow> {
        let key = (*self.names.get(region)?, *self.names.get(name)?, year);
        self.indicator_index
            .get(&key)?
            .iter()
            .filter_map(|&i| self.indicators.get(i as usize))
            .min_by(|a, b| a.source.cmp(&b.source))
    }

    /// Whether any flow row has this reporter.
    pub fn has_reporter(&self, reporter: &str) -> bool {
        self.flows.iter().any(|r| r.reporter.as_str() == reporter)
    }

    /// First and last year with any flow row (`None` when there are no rows).
    pub fn year_span(&self) -> Option<(i32, i32)> {
        let min = self.flows.iter().map(|r| r.year).min()?;
        let max = self.flows.iter().map(|r| r.year).max()?;
        Some((min, max))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_tables_load() {
        let t = TradeData::bundled();
        assert!(t.is_ok(), "{t:?}");
    }

    #[test]
    fn jilin_2018_is_indexed() {
        let Ok(t) = TradeData::bundled() else {
            panic!("bundled data");
        };
        let rows: Vec<_> = t
            .flow_rows("CN-JL", "WLD", 2018, Flow::Total, Basis::Reporter)
            .collect();
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].value, 20_679_164.0);
        assert_eq!(rows[0].value_usd, Some(20_679_164_000.0));
    }
}
