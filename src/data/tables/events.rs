//! `data/events.csv`: dated events for the timeline.

use std::path::Path;

use super::{Columns, SourceId, TableError, field, line_of, reader};
use crate::data::RegionId;

/// A dated event.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    /// Year.
    pub year: i32,
    /// Month 1–12, when known.
    pub month: Option<u8>,
    /// What happened.
    pub title: String,
    /// Regions concerned.
    pub regions: Vec<RegionId>,
    /// Source id (checked against `sources.csv` by the caller).
    pub source: SourceId,
    /// Free text.
    pub note: String,
}

/// Parses `events.csv` (`year,month,title,regions,source,note`), sorted by date.
pub fn parse(
    text: &str,
    file: &Path,
    known_source: &dyn Fn(&str) -> bool,
) -> Result<Vec<Event>, TableError> {
    let mut rdr = reader(text);
    let cols = Columns::new(
        rdr.headers()
            .map_err(|e| TableError::file(file, e.to_string()))?,
    );
    let year = cols.require("year", file)?;
    let month = cols.require("month", file)?;
    let title = cols.require("title", file)?;
    let regions = cols.require("regions", file)?;
    let source = cols.require("source", file)?;
    let note = cols.find(&["note"]);
    let mut out = Vec::new();
    for rec in rdr.records() {
        let rec = rec.map_err(|e| TableError::file(file, e.to_string()))?;
        let line = line_of(&rec);
        let y: i32 = field(&rec, Some(year)).parse().map_err(|_| {
            TableError::row(
                file,
                line,
                format!("year \"{}\" is not a year", field(&rec, Some(year))),
            )
        })?;
        let m = match field(&rec, Some(month)) {
            "" => None,
            m => match m.parse::<u8>() {
                Ok(v @ 1..=12) => Some(v),
                _ => {
                    return Err(TableError::row(
                        file,
                        line,
                        format!("month \"{m}\" is not 1-12"),
                    ));
                }
            },
        };
        let src = field(&rec, Some(source));
        if !known_source(src) {
            return Err(TableError::row(
                file,
                line,
                format!("source \"{src}\" is not in data/sources.csv"),
            ));
        }
        out.push(Event {
            year: y,
            month: m,
            title: field(&rec, Some(title)).to_string(),
            regions: field(&rec, Some(regions))
                .split_whitespace()
                .map(RegionId::new)
                .collect(),
            source: SourceId(src.to_string()),
            note: field(&rec, note).to_string(),
        });
    }
    out.sort_by_key(|e| (e.year, e.month));
    Ok(out)
}
