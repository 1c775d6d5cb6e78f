//! The project's own tidy format (`reporter,partner,year,flow,value,unit,basis[,source][,note]`),
//! the same columns as `data/trade/flows.csv`. In a user's file the `source` column may be left
//! out (or empty): the rows then cite the file itself, `import:<file name>`. A source that is
//! given must exist in `data/sources.csv`. Reporters resolve through the geography (aliases
//! accepted, canonical ids stored) or as a partner ISO3 code.

use std::collections::HashMap;

use super::{
    Context, Format, ImportError, ImportReport, Issue, count_record, note_blank, reject_unreadable,
};
use crate::data::RegionId;
use crate::data::tables::flows::{TidyColumns, parse_tidy_row};
use crate::data::tables::{Columns, FlowRow, TableError};

/// Imports a tidy flows CSV.
pub(crate) fn import(
    ctx: &Context<'_>,
    encoding: &'static str,
) -> Result<(Vec<FlowRow>, ImportReport), ImportError> {
    let format = Format::Tidy;
    let mut report = ImportReport::new(ctx.file, format, encoding);
    let mut rdr = ctx.reader();
    let cols = Columns::new(rdr.headers().map_err(|e| ctx.refuse(e.to_string()))?);
    let c = TidyColumns::find(&cols, ctx.file).map_err(|e| match e {
        TableError::File { message, .. } => ctx.missing(
            format,
            message
                .trim_start_matches("missing column ")
                .trim_matches('"'),
        ),
        TableError::Row { message, .. } => ctx.refuse(message),
    })?;
    if c.source.is_none() {
        report.notes.push(format!(
            "no source column: rows cite the file itself ({})",
            ctx.source
        ));
    }
    let reporter = |s: &str| -> Result<RegionId, String> {
        if let Some(r) = ctx.geo.resolve_region(s) {
            return Ok(r.id.clone());
        }
        match ctx.trade.partners.resolve(s) {
            Some(iso) if iso != crate::data::tables::partners::WORLD => Ok(RegionId::new(iso)),
            _ if ctx.trade.has_reporter(s) => Ok(RegionId::new(s)),
            _ => Err(format!(
                "unknown reporter \"{s}\" (not a region id, alias or country code)"
            )),
        }
    };
    let mut seen: HashMap<(RegionId, String, i32, u8, u8, String), u64> = HashMap::new();
    let mut rows = Vec::new();
    let mut blank = 0usize;
    for rec in rdr.records() {
        let rec = match rec {
            Ok(r) => r,
            Err(e) => {
                reject_unreadable(&mut report, &e);
                continue;
            }
        };
        let Some(line) = count_record(&mut report, &rec, &mut blank) else {
            continue;
        };
        let row = parse_tidy_row(&rec, &c, &ctx.trade.partners, &reporter, Some(&ctx.source)).and_then(|row| {
            if row.source.is_import() || ctx.trade.source(&row.source).is_some() {
                Ok(row)
            } else {
                Err(format!(
                    "source \"{}\" is not in data/sources.csv (leave the source column empty to cite this file)",
                    row.source
                ))
            }
        });
        match row {
            Ok(row) => {
                let key = (
                    row.reporter.clone(),
                    row.partner.clone(),
                    row.year,
                    row.flow as u8,
                    row.basis as u8,
                    row.source.0.clone(),
                );
                if let Some(first) = seen.get(&key) {
                    report.rejected.push(Issue {
                        line,
                        reason: format!("duplicate of line {first}"),
                    });
                    continue;
                }
                seen.insert(key, line);
                report.accepted += 1;
                rows.push(row);
            }
            Err(reason) => report.rejected.push(Issue { line, reason }),
        }
    }
    note_blank(&mut report, blank);
    Ok((rows, report))
}
