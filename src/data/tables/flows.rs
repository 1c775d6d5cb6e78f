//! `data/trade/flows.csv` and the project's tidy format: one published value per row,
//! `reporter,partner,year,flow,value,unit,basis,source,note`.

use std::fmt;
use std::path::Path;

use super::{Columns, Partners, SourceId, TableError, Unit, field, line_of, reader};
use crate::data::RegionId;

/// Direction of trade, from the reporter's side.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Flow {
    /// Exports of the reporter to the partner.
    Export,
    /// Imports of the reporter from the partner.
    Import,
    /// Exports plus imports.
    Total,
}

impl Flow {
    /// All flows, in display order.
    pub const ALL: [Self; 3] = [Self::Total, Self::Export, Self::Import];

    /// Parses `export|import|total`.
    pub fn parse(s: &str) -> Option<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "export" => Some(Self::Export),
            "import" => Some(Self::Import),
            "total" => Some(Self::Total),
            _ => None,
        }
    }

    /// The CSV spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Export => "export",
            Self::Import => "import",
            Self::Total => "total",
        }
    }
}

impl fmt::Display for Flow {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Who reported a value (docs/DESIGN.md §3). Values of different bases are never added together.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    /// The region's own customs/statistics, by location of the trading enterprise (NBS A060101).
    Reporter,
    /// China's statistics by domestic destination / source of goods (NBS A060201).
    ReporterDest,
    /// China's own customs statistics as re-tabulated and re-published by a third party (KITA,
    /// KOTRA); they differ from NBS and China Customs releases, so they are kept apart.
    ReporterRetab,
    /// Mirror statistics: reported by the partner.
    Partner,
}

impl Basis {
    /// All bases, in order of preference when the caller does not pick one.
    pub const PREFERENCE: [Self; 4] = [
        Self::Reporter,
        Self::ReporterDest,
        Self::ReporterRetab,
        Self::Partner,
    ];

    /// Parses `reporter|reporter_dest|reporter_retab|partner`.
    pub fn parse(s: &str) -> Option<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "reporter" => Some(Self::Reporter),
            "reporter_dest" => Some(Self::ReporterDest),
            "reporter_retab" => Some(Self::ReporterRetab),
            "partner" => Some(Self::Partner),
            _ => None,
        }
    }

    /// The CSV spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Reporter => "reporter",
            Self::ReporterDest => "reporter_dest",
            Self::ReporterRetab => "reporter_retab",
            Self::Partner => "partner",
        }
    }
}

/// What a basis means, in words (the side panel, the map tooltip and the coverage grid say it).
pub fn basis_words(basis: Basis) -> &'static str {
    match basis {
        Basis::Reporter => "as reported by the region (location of the trading firm)",
        Basis::ReporterDest => {
            "as reported by the region (where the goods went to or came from in China)"
        }
        Basis::ReporterRetab => {
            "China's own customs figures as re-tabulated by a third party (KITA, KOTRA)"
        }
        Basis::Partner => "as reported by the partner country (mirror figures)",
    }
}

impl fmt::Display for Basis {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One published trade value.
#[derive(Debug, Clone, PartialEq)]
pub struct FlowRow {
    /// Reporting region (`CN-JL`, `CHN`, `CN-222400` …).
    pub reporter: RegionId,
    /// Partner ISO3, or `WLD` for all partners.
    pub partner: String,
    /// Calendar year.
    pub year: i32,
    /// Direction.
    pub flow: Flow,
    /// Value in `unit`, as published.
    pub value: f64,
    /// Unit as published.
    pub unit: Unit,
    /// Who reported it.
    pub basis: Basis,
    /// Source id.
    pub source: SourceId,
    /// Free text (derivations, rounding, original wording).
    pub note: String,
    /// The value in plain USD; `None` when the currency's rate for the year is missing.
    /// Filled by [`crate::data::TradeData`] when the row is added.
    pub value_usd: Option<f64>,
    /// For a converted value: from which unit, with which rate and source.
    pub converted: Option<String>,
}

/// Column positions of a tidy flows file.
#[derive(Debug, Clone, Copy)]
pub(crate) struct TidyColumns {
    reporter: usize,
    partner: usize,
    year: usize,
    flow: usize,
    value: usize,
    unit: usize,
    basis: usize,
    pub(crate) source: Option<usize>,
    note: Option<usize>,
}

impl TidyColumns {
    /// Finds the columns; every one but `source` and `note` is required.
    pub(crate) fn find(cols: &Columns, file: &Path) -> Result<Self, TableError> {
        Ok(Self {
            reporter: cols.require("reporter", file)?,
            partner: cols.require("partner", file)?,
            year: cols.require("year", file)?,
            flow: cols.require("flow", file)?,
            value: cols.require("value", file)?,
            unit: cols.require("unit", file)?,
            basis: cols.require("basis", file)?,
            source: cols.find(&["source"]),
            note: cols.find(&["note"]),
        })
    }
}

/// Parses a numeric value: plain or with thousands separators (`1,234.5`), optionally quoted
/// by the CSV layer already. Negative and non-finite values are refused with a reason.
pub(crate) fn parse_value(text: &str) -> Result<f64, String> {
    let t = text.trim();
    if t.is_empty() {
        return Err("empty value".into());
    }
    let cleaned: String;
    let s = if t.contains(',') {
        cleaned = t.replace(',', "");
        cleaned.as_str()
    } else {
        t
    };
    match s.parse::<f64>() {
        Ok(v) if !v.is_finite() => Err(format!("value \"{t}\" is not a finite number")),
        Ok(v) if v < 0.0 => Err(format!("negative value {t}")),
        Ok(v) => Ok(v),
        Err(_) => Err(format!("value \"{t}\" is not a number")),
    }
}

/// Parses a year between 1900 and 2100.
pub(crate) fn parse_year(text: &str) -> Result<i32, String> {
    match text.trim().parse::<i32>() {
        Ok(y) if (1900..=2100).contains(&y) => Ok(y),
        _ => Err(format!(
            "year \"{}\" is not a year (1900-2100)",
            text.trim()
        )),
    }
}

/// Parses one tidy row. `reporter` maps the reporter text to a canonical id (or says why not),
/// `partners` resolves the partner, `source` is the id to use when the row names none.
pub(crate) fn parse_tidy_row(
    rec: &csv::StringRecord,
    c: &TidyColumns,
    partners: &Partners,
    reporter: &dyn Fn(&str) -> Result<RegionId, String>,
    default_source: Option<&SourceId>,
) -> Result<FlowRow, String> {
    let get = |i: usize| field(rec, Some(i));
    let reporter = reporter(get(c.reporter))?;
    let p = get(c.partner);
    let partner = partners
        .resolve(p)
        .ok_or_else(|| {
            format!(
                "unknown partner \"{p}\" (not an ISO3 code, name or alias in data/partners.csv)"
            )
        })?
        .to_string();
    let year = parse_year(get(c.year))?;
    let f = get(c.flow);
    let flow = Flow::parse(f)
        .ok_or_else(|| format!("unknown flow \"{f}\" (expected export, import or total)"))?;
    let value = parse_value(get(c.value))?;
    let u = get(c.unit);
    let unit = Unit::parse(u).ok_or_else(|| {
        format!(
            "unknown unit \"{u}\" (expected e.g. USD, thousand USD, 100 million CNY, thousand JPY)"
        )
    })?;
    let b = get(c.basis);
    let basis = Basis::parse(b).ok_or_else(|| {
        format!(
            "unknown basis \"{b}\" (expected reporter, reporter_dest, reporter_retab or partner)"
        )
    })?;
    let source = match (field(rec, c.source), default_source) {
        ("", Some(d)) => d.clone(),
        ("", None) => return Err("empty source".into()),
        (s, _) => SourceId(s.to_string()),
    };
    Ok(FlowRow {
        reporter,
        partner,
        year,
        flow,
        value,
        unit,
        basis,
        source,
        note: field(rec, c.note).to_string(),
        value_usd: None,
        converted: None,
    })
}

/// Parses the bundled `flows.csv` strictly: the first bad row is an error naming file and line.
/// Reporters must be non-empty ids (they are not checked against the map: a few cited values
/// are for units the map does not draw, e.g. the county-level city of Hunchun).
pub fn parse(
    text: &str,
    file: &Path,
    partners: &Partners,
    known_source: &dyn Fn(&str) -> bool,
) -> Result<Vec<FlowRow>, TableError> {
    let mut rdr = reader(text);
    let cols = Columns::new(
        rdr.headers()
            .map_err(|e| TableError::file(file, e.to_string()))?,
    );
    let c = TidyColumns::find(&cols, file)?;
    if c.source.is_none() {
        return Err(TableError::file(file, "missing column \"source\""));
    }
    let reporter = |s: &str| {
        if s.is_empty() || s.contains(char::is_whitespace) {
            Err(format!("reporter \"{s}\" is not an id"))
        } else {
            Ok(RegionId::new(s))
        }
    };
    let mut out = Vec::new();
    for rec in rdr.records() {
        let rec = rec.map_err(|e| TableError::file(file, e.to_string()))?;
        let line = line_of(&rec);
        let row = parse_tidy_row(&rec, &c, partners, &reporter, None)
            .map_err(|m| TableError::row(file, line, m))?;
        if !known_source(row.source.as_str()) {
            return Err(TableError::row(
                file,
                line,
                format!("source \"{}\" is not in data/sources.csv", row.source),
            ));
        }
        out.push(row);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_with_thousands_separators_parse() {
        assert_eq!(parse_value("1,234,567.5"), Ok(1_234_567.5));
        assert_eq!(parse_value(" 12 "), Ok(12.0));
    }

    #[test]
    fn negative_empty_and_text_values_are_refused() {
        assert!(parse_value("-5").is_err_and(|e| e.contains("negative")));
        assert!(parse_value("").is_err_and(|e| e.contains("empty")));
        assert!(parse_value("n/a").is_err_and(|e| e.contains("not a number")));
        assert!(parse_value("NaN").is_err());
    }

    #[test]
    fn flows_and_bases_parse_their_csv_spelling() {
        for f in Flow::ALL {
            assert_eq!(Flow::parse(f.as_str()), Some(f));
        }
        for b in Basis::PREFERENCE {
            assert_eq!(Basis::parse(b.as_str()), Some(b));
        }
        assert_eq!(Flow::parse("re-export"), None);
        assert_eq!(Basis::parse("mirror"), None);
    }
}
