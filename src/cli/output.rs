//! `query`'s output: a table for people, CSV and JSON for scripts (docs/DESIGN.md §5), with money
//! in plain USD and gaps as empty fields or `null`, never 0.

use super::*;

/// Money rounded to a thousandth of a dollar (hides binary-float noise such as
/// `18904122572.000004`); ratios as computed.
fn output_value(c: &CellValue) -> Option<f64> {
    crate::export::save::output_value(c)
}

#[derive(serde::Serialize)]
struct JsonCell<'a> {
    region: &'a str,
    partner: &'a str,
    year: i32,
    metric: &'a str,
    value: Option<f64>,
    unit: &'a str,
    basis: Option<&'a str>,
    sources: Vec<&'a str>,
    missing: &'a [String],
}

pub(super) fn json(cells: &[CellValue]) -> String {
    let rows: Vec<JsonCell<'_>> = cells
        .iter()
        .map(|c| JsonCell {
            region: &c.region,
            partner: &c.partner,
            year: c.year,
            metric: c.metric.as_str(),
            value: output_value(c),
            unit: c.unit,
            basis: c.basis.map(Basis::as_str),
            sources: c.sources.iter().map(SourceId::as_str).collect(),
            missing: &c.missing,
        })
        .collect();
    let mut s = serde_json::to_string_pretty(&rows).unwrap_or_else(|_| "[]".into());
    s.push('\n');
    s
}

pub(super) fn csv_text(cells: &[CellValue]) -> Result<String, String> {
    crate::export::save::cells_csv(cells)
}

pub(super) fn table(cells: &[CellValue]) -> String {
    let mut rows = vec![[
        "region".to_string(),
        "partner".into(),
        "year".into(),
        "metric".into(),
        "value".into(),
        "unit".into(),
        "basis".into(),
        "sources".into(),
    ]];
    let mut notes = Vec::new();
    for c in cells {
        let value = match c.value {
            None => "no data".to_string(),
            Some(v) if c.unit == "USD" => thousands(v),
            Some(v) => format!("{v:.2}"),
        };
        let mut sources: Vec<String> = c.sources.iter().map(ToString::to_string).collect();
        if c.converted {
            sources.push("(converted)".into());
        }
        rows.push([
            c.region.clone(),
            c.partner.clone(),
            c.year.to_string(),
            c.metric.to_string(),
            value,
            c.unit.to_string(),
            c.basis.map_or_else(|| "-".to_string(), |b| b.to_string()),
            sources.join(" "),
        ]);
        if !c.missing.is_empty() {
            notes.push(format!(
                "{} {} {}: missing {}",
                c.region,
                c.partner,
                c.year,
                c.missing.join("; ")
            ));
        }
        if !c.alternatives.is_empty() {
            let alt: Vec<&str> = c.alternatives.iter().map(SourceId::as_str).collect();
            notes.push(format!(
                "{} {} {}: also published by {} (not used)",
                c.region,
                c.partner,
                c.year,
                alt.join(", ")
            ));
        }
    }
    let widths: Vec<usize> = (0..8)
        .map(|i| rows.iter().map(|r| r[i].chars().count()).max().unwrap_or(0))
        .collect();
    let mut out = String::new();
    for r in &rows {
        let mut line = String::new();
        for (i, cell) in r.iter().enumerate() {
            let pad = widths[i].saturating_sub(cell.chars().count());
            if i == 4 {
                line.push_str(&" ".repeat(pad));
                line.push_str(cell);
            } else {
                line.push_str(cell);
                if i < 7 {
                    line.push_str(&" ".repeat(pad));
                }
            }
            if i < 7 {
                line.push_str("  ");
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    for n in notes {
        out.push_str(&n);
        out.push('\n');
    }
    out
}
