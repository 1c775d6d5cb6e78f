//! UN Comtrade downloads, both layouts:
//! - current API / Comtrade Plus: `refYear`, `reporterISO`, `partnerISO`, `flowCode` (X/M),
//!   `primaryValue`, `partner2Code`/`partner2ISO`, `customsCode`, `motCode`, `cmdCode`,
//!   `freqCode` — `camelCase` from the API, `PascalCase` (`RefYear` …) from the website;
//! - classic: `Year`, `Trade Flow`, `Reporter ISO`, `Partner ISO`, `Commodity Code`,
//!   `Trade Value (US$)`.
//!
//! Only total rows are kept: commodity `TOTAL`, second partner World (`0`/`W00`), customs
//! procedure `C00`, mode of transport `0`, annual frequency, flows export/import. Every other
//! row is skipped with the reason (re-exports `RX`/`RM` included). Values are plain USD, basis
//! `reporter`; reporter `CHN` stays `CHN`, partner World becomes `WLD`.

use std::collections::HashMap;

use super::{
    Context, Format, ImportError, ImportReport, Issue, count_record, note_blank, reject_unreadable,
};
use crate::data::RegionId;
use crate::data::tables::flows::{parse_value, parse_year};
use crate::data::tables::{Basis, Flow, FlowRow, Unit};

/// Headers that identify the current (Plus) layout.
pub(crate) const PLUS_SIGNATURE: &[&str] = &["refYear", "primaryValue", "reporterISO", "flowCode"];
/// Headers that identify the classic layout.
pub(crate) const CLASSIC_SIGNATURE: &[&str] = &["Trade Value (US$)", "Trade Flow", "Reporter ISO"];

struct Cols {
    year: usize,
    reporter: usize,
    partner: usize,
    partner_code: Option<usize>,
    flow: usize,
    value: usize,
    partner2: Option<usize>,
    customs: Option<usize>,
    mot: Option<usize>,
    cmd: Option<usize>,
    freq: Option<usize>,
}

fn flow_of(code: &str) -> Result<Flow, String> {
    match code.trim().to_ascii_uppercase().as_str() {
        "X" | "EXPORT" | "2" => Ok(Flow::Export),
        "M" | "IMPORT" | "1" => Ok(Flow::Import),
        "RX" | "RE-EXPORT" | "3" => Err("re-export (RX): not imported".into()),
        "RM" | "RE-IMPORT" | "4" => Err("re-import (RM): not imported".into()),
        other => Err(format!("flow \"{other}\" is not export (X) or import (M)")),
    }
}

fn is_world(s: &str) -> bool {
    matches!(
        s.trim().to_ascii_uppercase().as_str(),
        "0" | "W00" | "WLD" | "WORLD"
    )
}

/// Imports a UN Comtrade CSV of either layout.
pub(crate) fn import(
    ctx: &Context<'_>,
    encoding: &'static str,
    format: Format,
) -> Result<(Vec<FlowRow>, ImportReport), ImportError> {
    let mut report = ImportReport::new(ctx.file, format, encoding);
    let mut rdr = ctx.reader();
    let headers: Vec<String> = rdr
        .headers()
        .map_err(|e| ctx.refuse(e.to_string()))?
        .iter()
        .map(|h| h.trim().trim_start_matches('\u{feff}').to_string())
        .collect();
    let find = |names: &[&str]| {
        names
            .iter()
            .find_map(|n| headers.iter().position(|h| h.eq_ignore_ascii_case(n)))
    };
    let need = |names: &[&str]| find(names).ok_or_else(|| ctx.missing(format, names[0]));
    let cols = if format == Format::ComtradePlus {
        Cols {
            year: need(&["refYear"])?,
            reporter: need(&["reporterISO"])?,
            partner: need(&["partnerISO"])?,
            partner_code: find(&["partnerCode"]),
            flow: need(&["flowCode"])?,
            value: need(&["primaryValue"])?,
            partner2: find(&["partner2ISO", "partner2Code"]),
            customs: find(&["customsCode"]),
            mot: find(&["motCode"]),
            cmd: find(&["cmdCode"]),
            freq: find(&["freqCode"]),
        }
    } else {
        Cols {
            year: need(&["Year"])?,
            reporter: need(&["Reporter ISO"])?,
            partner: need(&["Partner ISO"])?,
            partner_code: find(&["Partner Code"]),
            flow: need(&["Trade Flow", "Trade Flow Code"])?,
            value: need(&["Trade Value (US$)"])?,
            partner2: find(&["2nd Partner ISO", "2nd Partner Code"]),
            customs: find(&["Customs Proc. Code", "Customs Code"]),
            mot: find(&["Mode of Transport Code", "MOT Code"]),
            cmd: need(&["Commodity Code"]).map(Some)?,
            freq: None,
        }
    };
    let mut seen: HashMap<(String, String, i32, Flow), u64> = HashMap::new();
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
        let get = |i: Option<usize>| i.and_then(|i| rec.get(i)).map_or("", str::trim);
        match keep(&cols, &get) {
            Ok(()) => {}
            Err(reason) => {
                report.skipped.push(Issue { line, reason });
                continue;
            }
        }
        let flow = match flow_of(get(Some(cols.flow))) {
            Ok(f) => f,
            Err(reason) => {
                report.skipped.push(Issue { line, reason });
                continue;
            }
        };
        match parse_row(ctx, &cols, &get, flow) {
            Ok(row) => {
                let key = (
                    row.reporter.0.clone(),
                    row.partner.clone(),
                    row.year,
                    row.flow,
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
    if !report.skipped.is_empty() {
        report.notes.push(format!(
            "{} row(s) skipped: only annual totals (commodity TOTAL, second partner World, customs C00, transport 0) of exports and imports are imported",
            report.skipped.len()
        ));
    }
    rows.sort_by(|a, b| {
        (&a.reporter, &a.partner, a.year, a.flow).cmp(&(&b.reporter, &b.partner, b.year, b.flow))
    });
    Ok((rows, report))
}

/// Whether a row is an annual total; `Err(reason)` when it is something else.
fn keep<'a>(cols: &Cols, get: &dyn Fn(Option<usize>) -> &'a str) -> Result<(), String> {
    let freq = get(cols.freq);
    if !freq.is_empty() && !freq.eq_ignore_ascii_case("A") {
        return Err(format!(
            "frequency \"{freq}\": only annual (A) records are imported"
        ));
    }
    let cmd = get(cols.cmd);
    if cols.cmd.is_some() && !cmd.eq_ignore_ascii_case("TOTAL") {
        return Err(format!("commodity \"{cmd}\" is not the total (TOTAL)"));
    }
    let p2 = get(cols.partner2);
    if cols.partner2.is_some() && !p2.is_empty() && !is_world(p2) {
        return Err(format!("second partner \"{p2}\" is not World"));
    }
    let customs = get(cols.customs);
    if !customs.is_empty() && !customs.eq_ignore_ascii_case("C00") {
        return Err(format!(
            "customs procedure \"{customs}\" is not the total (C00)"
        ));
    }
    let mot = get(cols.mot);
    if !mot.is_empty() && mot != "0" {
        return Err(format!("mode of transport \"{mot}\" is not the total (0)"));
    }
    Ok(())
}

fn parse_row<'a>(
    ctx: &Context<'_>,
    cols: &Cols,
    get: &dyn Fn(Option<usize>) -> &'a str,
    flow: Flow,
) -> Result<FlowRow, String> {
    let year = parse_year(get(Some(cols.year)))?;
    let r = get(Some(cols.reporter));
    let reporter = if r.eq_ignore_ascii_case("CHN") {
        RegionId::new("CHN")
    } else {
        let iso = ctx
            .trade
            .partners
            .resolve(r)
            .filter(|iso| *iso != crate::data::tables::partners::WORLD)
            .ok_or_else(|| format!("unknown reporter \"{r}\""))?;
        RegionId::new(iso)
    };
    let p = get(Some(cols.partner));
    let partner = if is_world(p) || (p.is_empty() && get(cols.partner_code) == "0") {
        crate::data::tables::partners::WORLD.to_string()
    } else {
        ctx.trade
            .partners
            .resolve(p)
            .ok_or_else(|| format!("unknown partner \"{p}\" (not in data/partners.csv)"))?
            .to_string()
    };
    let value = parse_value(get(Some(cols.value)))?;
    Ok(FlowRow {
        reporter,
        partner,
        year,
        flow,
        value,
        unit: Unit::USD,
        basis: Basis::Reporter,
        source: ctx.source.clone(),
        note: format!("UN Comtrade download ({})", ctx.file_name),
        value_usd: None,
        converted: None,
    })
}
