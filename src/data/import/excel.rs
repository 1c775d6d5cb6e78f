//! Spreadsheets (`.xlsx`, `.xls`, `.ods`, read with `calamine`): every sheet goes through the
//! same importers as a CSV file (China Customs export, UN Comtrade, tidy, wide statistical
//! table), sheet by sheet, and the results are merged into one import of the workbook.
//!
//! A sheet is written out as CSV text with its spreadsheet rows kept (row N of the sheet is
//! line N in messages), then handed to [`import_bytes`](super::import_bytes). Sheets that hold
//! no trade table (a cover page, an empty sheet) are noted and skipped; a sheet that is a
//! trade table but is refused (no region, no unit …) is a rejected "row" of the workbook with
//! the reason, so `check-data` fails on it. Only when no sheet imports is the workbook refused.

use std::collections::HashMap;
use std::io::Cursor;
use std::path::Path;

use calamine::{Data, Reader};

use super::read::Job;
use super::{ImportError, ImportReport, Imported, Issue};
use crate::data::tables::Flow;

/// Whether the bytes are a workbook: a ZIP container (`.xlsx`, `.ods`) or an OLE2 compound
/// file (`.xls`).
pub fn is_workbook(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0])
}

/// A cell as text: integers without `.0`, other numbers in the shortest exact form.
fn cell_text(d: &Data) -> String {
    match d {
        Data::Empty | Data::Error(_) => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => (*f as i64).to_string(),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(d) => d.as_f64().to_string(),
    }
}

/// The sheet as CSV text, blank lines before its first used row so line numbers are rows.
fn sheet_csv(range: &calamine::Range<Data>) -> Result<String, String> {
    let (row0, col0) = range.start().unwrap_or((0, 0));
    let mut w = csv::WriterBuilder::new()
        .flexible(true)
        .from_writer(Vec::new());
    let mut out = "\n".repeat(usize::try_from(row0).unwrap_or(0));
    for row in range.rows() {
        let mut rec: Vec<String> = vec![String::new(); usize::try_from(col0).unwrap_or(0)];
        rec.extend(row.iter().map(cell_text));
        w.write_record(&rec).map_err(|e| e.to_string())?;
    }
    let body = w.into_inner().map_err(|e| e.to_string())?;
    out.push_str(&String::from_utf8(body).map_err(|e| e.to_string())?);
    Ok(out)
}

/// Imports every sheet of a workbook and merges the results.
pub(super) fn import(bytes: &[u8], job: &Job<'_>) -> Result<Imported, ImportError> {
    let path = job.path;
    let refuse = |reason: String| ImportError::NotCsv {
        file: path.to_path_buf(),
        reason,
    };
    let mut book = calamine::open_workbook_auto_from_rs(Cursor::new(bytes.to_vec()))
        .map_err(|e| refuse(format!("not a readable .xlsx/.xls/.ods workbook: {e}")))?;
    let names = book.sheet_names();
    let mut merged: Option<Imported> = None;
    let mut notes = Vec::new();
    let mut refused: Vec<(String, ImportError)> = Vec::new();
    let mut seen: HashMap<(String, String, i32, Flow), String> = HashMap::new();
    for name in names {
        let range = match book.worksheet_range(&name) {
            Ok(r) => r,
            Err(e) => {
                notes.push(format!("sheet \"{name}\": cannot be read ({e}); skipped"));
                continue;
            }
        };
        if range.is_empty() {
            notes.push(format!("sheet \"{name}\": empty; skipped"));
            continue;
        }
        let text = sheet_csv(&range).map_err(|e| refuse(format!("sheet \"{name}\": {e}")))?;
        match job.import_bytes(text.as_bytes()) {
            Ok(mut imp) => {
                let mut kept = Vec::with_capacity(imp.rows.len());
                for row in std::mem::take(&mut imp.rows) {
                    let key = (
                        row.reporter.0.clone(),
                        row.partner.clone(),
                        row.year,
                        row.flow,
                    );
                    if let Some(first) = seen.get(&key) {
                        imp.report.rejected.push(Issue {
                            line: 0,
                            reason: format!(
                                "{} × {} {} {}: also in sheet \"{first}\"; the first is kept",
                                key.0, key.1, key.2, key.3
                            ),
                        });
                        continue;
                    }
                    seen.insert(key, name.clone());
                    kept.push(row);
                }
                imp.rows = kept;
                merge(&mut merged, imp, &name);
            }
            Err(
                ImportError::UnknownFormat { .. }
                | ImportError::NotCsv { .. }
                | ImportError::Empty { .. },
            ) => notes.push(format!("sheet \"{name}\": not a trade table; skipped")),
            Err(e) => refused.push((name, e)),
        }
    }
    let Some(mut imp) = merged else {
        return Err(match refused.into_iter().next() {
            Some((name, e)) => refuse_sheet(path, &name, &e),
            None => ImportError::UnknownFormat {
                file: path.to_path_buf(),
                headers: format!("no sheet holds a trade table ({})", notes.join("; ")),
            },
        });
    };
    for (name, e) in refused {
        imp.report.rejected.push(Issue {
            line: 0,
            reason: format!("sheet \"{name}\" refused: {}", reason_of(&e)),
        });
    }
    imp.report.notes.extend(notes);
    imp.report.values = imp.rows.len();
    imp.source.note = format!(
        "{} annual value(s) from {} row(s) of a workbook",
        imp.rows.len(),
        imp.report.accepted
    );
    Ok(imp)
}

/// The error's reason without the file name it starts with.
fn reason_of(e: &ImportError) -> String {
    match e {
        ImportError::Refused { reason, .. } => reason.clone(),
        other => other.to_string(),
    }
}

fn refuse_sheet(path: &Path, sheet: &str, e: &ImportError) -> ImportError {
    ImportError::Refused {
        file: path.to_path_buf(),
        reason: format!("sheet \"{sheet}\": {}", reason_of(e)),
    }
}

/// Adds one sheet's import to the workbook's, naming the sheet in every issue.
fn merge(into: &mut Option<Imported>, mut imp: Imported, sheet: &str) {
    let tag = |list: &mut Vec<Issue>| {
        for i in list.iter_mut() {
            i.reason = format!("sheet \"{sheet}\": {}", i.reason);
        }
    };
    tag(&mut imp.report.rejected);
    tag(&mut imp.report.skipped);
    let summary = format!(
        "sheet \"{sheet}\": {}, {} row(s) read, {} value(s)",
        imp.report.format,
        imp.report.rows_read,
        imp.rows.len()
    );
    match into {
        None => {
            let notes = std::mem::take(&mut imp.report.notes);
            imp.report.notes.push(summary);
            imp.report
                .notes
                .extend(notes.into_iter().map(|n| format!("sheet \"{sheet}\": {n}")));
            *into = Some(imp);
        }
        Some(all) => {
            let r: &mut ImportReport = &mut all.report;
            r.rows_read += imp.report.rows_read;
            r.accepted += imp.report.accepted;
            r.rejected.extend(imp.report.rejected);
            r.skipped.extend(imp.report.skipped);
            r.notes.push(summary);
            r.notes.extend(
                imp.report
                    .notes
                    .into_iter()
                    .map(|n| format!("sheet \"{sheet}\": {n}")),
            );
            all.rows.extend(imp.rows);
        }
    }
}
