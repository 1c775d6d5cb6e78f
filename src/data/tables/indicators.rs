//! `data/indicators.csv`: GDP, population and exchange rates by region and year.

use std::path::Path;

use super::{Columns, SourceId, TableError, field, line_of, reader};
use crate::data::RegionId;

/// One indicator value.
#[derive(Debug, Clone, PartialEq)]
pub struct IndicatorRow {
    /// Region (`CN-JL`, `CHN`, `JPN` …).
    pub region: RegionId,
    /// Year.
    pub year: i32,
    /// Indicator name (`gdp`, `population`, `usd_cny`, `usd_jpy`, `usd_krw`).
    pub indicator: String,
    /// Value in `unit`.
    pub value: f64,
    /// Unit as published (`100 million CNY`, `10 thousand persons`, `CNY per USD`).
    pub unit: String,
    /// Source id.
    pub source: SourceId,
    /// Free text.
    pub note: String,
}

/// Parses `indicators.csv` (`region,year,indicator,value,unit,source,note`).
pub fn parse(
    text: &str,
    file: &Path,
    known_source: &dyn Fn(&str) -> bool,
) -> Result<Vec<IndicatorRow>, TableError> {
    let mut rdr = reader(text);
    let cols = Columns::new(
        rdr.headers()
            .map_err(|e| TableError::file(file, e.to_string()))?,
    );
    let region = cols.require("region", file)?;
    let year = cols.require("year", file)?;
    let indicator = cols.require("indicator", file)?;
    let value = cols.require("value", file)?;
    let unit = cols.require("unit", file)?;
    let source = cols.require("source", file)?;
    let note = cols.find(&["note"]);
    let mut out = Vec::new();
    for rec in rdr.records() {
        let rec = rec.map_err(|e| TableError::file(file, e.to_string()))?;
        let line = line_of(&rec);
        let bad = |m: String| TableError::row(file, line, m);
        let y = field(&rec, Some(year));
        let y: i32 = y
            .parse()
            .map_err(|_| bad(format!("year \"{y}\" is not a year")))?;
        let v = field(&rec, Some(value));
        let v: f64 = v
            .parse()
            .ok()
            .filter(|v: &f64| v.is_finite())
            .ok_or_else(|| bad(format!("value \"{v}\" is not a number")))?;
        let (r, ind, src) = (
            field(&rec, Some(region)),
            field(&rec, Some(indicator)),
            field(&rec, Some(source)),
        );
        if r.is_empty() || ind.is_empty() || src.is_empty() {
            return Err(bad("region, indicator and source must not be empty".into()));
        }
        if !known_source(src) {
            return Err(bad(format!("source \"{src}\" is not in data/sources.csv")));
        }
        out.push(IndicatorRow {
            region: RegionId::new(r),
            year: y,
            indicator: ind.to_string(),
            value: v,
            unit: field(&rec, Some(unit)).to_string(),
            source: SourceId(src.to_string()),
            note: field(&rec, note).to_string(),
        });
    }
    Ok(out)
}
