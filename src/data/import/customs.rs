//! China Customs statistics online query export (海关统计数据在线查询, stats.customs.gov.cn).
//!
//! Headers: 数据年月 (`YYYYMM`, or `YYYY` for a yearly query), 贸易伙伴编码/贸易伙伴名称,
//! 注册地编码/注册地名称 (location of the trading enterprise → basis `reporter`) or
//! 境内目的地/境内货源地 (domestic destination/source → basis `reporter_dest`), optional
//! 商品编码/商品名称 and 贸易方式编码/贸易方式名称, and a value column 美元 (USD) or 人民币 (yuan).
//!
//! Rules:
//! - The flow comes from a 进出口 column when there is one; else from [`ImportOptions::flow`] or
//!   the file name (`进出口`/`total` is checked before `出口`/`进口`, since 进出口 contains both);
//!   if neither tells, or they disagree, the file is refused.
//! - Months are summed to years. A year with fewer than 12 months for a cell is **not** emitted
//!   as an annual value (it would look like a fall in trade); the report lists it.
//! - Rows for several commodities or trade modes of the same cell are summed; the report says so
//!   (if the query was filtered, that sum is not the region's total trade).
//! - Partner names and codes resolve through `partners.csv` (Chinese name and aliases), 注册地
//!   codes (`22`, `2224`, `220000`) and names (`吉林省`) through the geography. A row that does not
//!   resolve, a duplicate, a negative or non-numeric value is rejected with its line and reason.
//!
//! [`ImportOptions::flow`]: super::ImportOptions::flow

use std::collections::HashMap;

use super::{
    Context, Format, ImportError, ImportReport, Issue, count_record, note_blank, reject_unreadable,
};
use crate::data::RegionId;
use crate::data::tables::flows::parse_value;
use crate::data::tables::{Basis, Flow, FlowRow, Unit};

/// Headers that identify a China Customs export.
pub(crate) const SIGNATURE: &[&str] = &[
    "数据年月",
    "贸易伙伴名称",
    "贸易伙伴编码",
    "注册地名称",
    "注册地编码",
];

const FLOW_COLUMNS: &[&str] = &["进出口", "进出口类型", "贸易流向", "流向", "进出口标志"];

/// The flow a file name names: `进出口`/`total` first (进出口 contains 出口 and 进口), then
/// `出口`/`export` and `进口`/`import`. `Err` when it names both export and import.
pub fn flow_from_file_name(name: &str) -> Result<Option<Flow>, String> {
    let lower = name.to_lowercase();
    if name.contains("进出口") || lower.contains("total") {
        return Ok(Some(Flow::Total));
    }
    let export = name.contains("出口") || lower.contains("export");
    let import = name.contains("进口") || lower.contains("import");
    match (export, import) {
        (true, true) => Err(format!(
            "the file name \"{name}\" names both export and import; use --flow"
        )),
        (true, false) => Ok(Some(Flow::Export)),
        (false, true) => Ok(Some(Flow::Import)),
        (false, false) => Ok(None),
    }
}

fn flow_from_cell(s: &str) -> Option<Flow> {
    match s.trim() {
        "进出口" | "进出口总额" => Some(Flow::Total),
        "出口" => Some(Flow::Export),
        "进口" => Some(Flow::Import),
        other => Flow::parse(other),
    }
}

/// `202301` → (2023, Some(1)); `2023` → (2023, None); also `2023-01`, `2023/1`, `2023年1月`.
fn parse_year_month(s: &str) -> Result<(i32, Option<u8>), String> {
    let t = s.trim();
    let digits: String = t.chars().filter(char::is_ascii_digit).collect();
    let separated = t.contains(['-', '/', '年', '.']);
    let (y, m) = match (digits.len(), separated) {
        (4, _) => (&digits[..], None),
        (6, _) | (5, true) => (&digits[..4], Some(&digits[4..])),
        _ => return Err(format!("数据年月 \"{t}\" is not a year-month (YYYYMM)")),
    };
    let year: i32 = y
        .parse()
        .map_err(|_| format!("数据年月 \"{t}\" is not a year-month"))?;
    if !(1900..=2100).contains(&year) {
        return Err(format!("数据年月 \"{t}\": year out of range"));
    }
    let month = match m {
        None => None,
        Some(m) => match m.parse::<u8>() {
            Ok(v @ 1..=12) => Some(v),
            _ => return Err(format!("数据年月 \"{t}\": month is not 1-12")),
        },
    };
    Ok((year, month))
}

/// A 注册地 code as a 6-digit GB/T 2260 code: `22` → `220000`, `2224` → `222400`.
fn region_code6(code: &str) -> Option<String> {
    let c = code.trim();
    if !c.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    match c.len() {
        2 => Some(format!("{c}0000")),
        4 => Some(format!("{c}00")),
        6 => Some(c.to_string()),
        _ => None,
    }
}

/// Small string interner, so that the per-row keys are integers.
#[derive(Default)]
struct Interner(HashMap<String, u32>);

impl Interner {
    fn id(&mut self, s: &str) -> u32 {
        if let Some(&i) = self.0.get(s) {
            return i;
        }
        let i = u32::try_from(self.0.len()).unwrap_or(u32::MAX);
        self.0.insert(s.to_string(), i);
        i
    }
}

/// (year-month, partner, region, commodity, trade mode, flow): what makes a row unique.
type RowKey = (u32, u32, u32, u32, u32, u8);

#[derive(Default)]
struct Cell {
    sum: f64,
    months: u16,
    annual: bool,
    rows: usize,
}

struct Cols {
    ym: usize,
    partner_code: Option<usize>,
    partner_name: Option<usize>,
    region_code: Option<usize>,
    region_name: Option<usize>,
    commodity: Option<usize>,
    mode: Option<usize>,
    flow: Option<usize>,
    value: usize,
}

/// Imports a China Customs export; see the module docs for the rules.
pub(crate) fn import(
    ctx: &Context<'_>,
    encoding: &'static str,
) -> Result<(Vec<FlowRow>, ImportReport), ImportError> {
    let format = Format::ChinaCustoms;
    let mut report = ImportReport::new(ctx.file, format, encoding);
    let mut rdr = ctx.reader();
    let headers: Vec<String> = rdr
        .headers()
        .map_err(|e| ctx.refuse(e.to_string()))?
        .iter()
        .map(|h| h.trim().trim_start_matches('\u{feff}').to_string())
        .collect();
    let find = |names: &[&str]| headers.iter().position(|h| names.contains(&h.as_str()));
    let ym = find(&["数据年月", "数据年份"]).ok_or_else(|| ctx.missing(format, "数据年月"))?;
    let partner_code = find(&["贸易伙伴编码"]);
    let partner_name = find(&["贸易伙伴名称", "贸易伙伴"]);
    if partner_code.is_none() && partner_name.is_none() {
        return Err(ctx.missing(format, "贸易伙伴名称"));
    }
    let (region_code, region_name, basis) = match (
        find(&["注册地编码"]),
        find(&["注册地名称", "注册地"]),
    ) {
        (None, None) => {
            let dest = (
                find(&["境内目的地编码", "境内货源地编码", "境内目的地/货源地编码"]),
                find(&["境内目的地名称", "境内货源地名称", "境内目的地/货源地名称"]),
            );
            if dest.0.is_some() || dest.1.is_some() {
                report
                    .notes
                    .push("regions are domestic destination/source (境内目的地/货源地): basis reporter_dest".into());
                (dest.0, dest.1, Basis::ReporterDest)
            } else {
                report.notes.push(
                    "no 注册地 column: rows are China's national trade (reporter CHN)".into(),
                );
                (None, None, Basis::Reporter)
            }
        }
        (c, n) => (c, n, Basis::Reporter),
    };
    let (value, unit) = match (find(&["美元", "美元值"]), find(&["人民币", "人民币值"]))
    {
        (Some(v), other) => {
            if other.is_some() {
                report
                    .notes
                    .push("both 美元 and 人民币 columns: the 美元 (USD) values are used".into());
            }
            (v, Unit::USD)
        }
        (None, Some(v)) => {
            report.notes.push(
                "values in 人民币 (yuan): converted to USD with the year's usd_cny rate".into(),
            );
            (v, Unit::CNY)
        }
        (None, None) => return Err(ctx.missing(format, "美元 or 人民币")),
    };
    let cols = Cols {
        ym,
        partner_code,
        partner_name,
        region_code,
        region_name,
        commodity: find(&["商品编码"]).or_else(|| find(&["商品名称"])),
        mode: find(&["贸易方式编码"]).or_else(|| find(&["贸易方式名称", "贸易方式"])),
        flow: find(FLOW_COLUMNS),
        value,
    };
    let file_flow = file_flow(ctx, &cols, &mut report)?;

    let mut partners_cache: HashMap<String, Option<u32>> = HashMap::new();
    let mut regions_cache: HashMap<String, Option<u32>> = HashMap::new();
    let mut partner_ids = Interner::default();
    let mut region_ids = Interner::default();
    let mut texts = Interner::default();
    let mut seen: HashMap<RowKey, u64> = HashMap::new();
    let mut cells: HashMap<(u32, u32, i32, Flow), Cell> = HashMap::new();
    let mut blank = 0usize;
    let mut rec = csv::StringRecord::new();
    loop {
        match rdr.read_record(&mut rec) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                reject_unreadable(&mut report, &e);
                continue;
            }
        }
        let Some(line) = count_record(&mut report, &rec, &mut blank) else {
            continue;
        };
        let get = |i: Option<usize>| i.and_then(|i| rec.get(i)).map_or("", str::trim);
        let reject = |report: &mut ImportReport, reason: String| {
            report.rejected.push(Issue { line, reason });
        };

        let (year, month) = match parse_year_month(get(Some(cols.ym))) {
            Ok(v) => v,
            Err(e) => {
                reject(&mut report, e);
                continue;
            }
        };
        // Partner: the name first, then the code (ISO3 codes resolve; customs' numeric codes do not).
        let (pname, pcode) = (get(cols.partner_name), get(cols.partner_code));
        let partner = if let Some(&p) = partners_cache.get(pname).filter(|_| !pname.is_empty()) {
            p
        } else {
            let resolved = [pname, pcode]
                .iter()
                .filter(|s| !s.is_empty())
                .find_map(|s| ctx.trade.partners.resolve(s))
                .map(|iso| partner_ids.id(iso));
            if !pname.is_empty() {
                partners_cache.insert(pname.to_string(), resolved);
            }
            resolved
        };
        let Some(partner) = partner else {
            reject(
                &mut report,
                format!(
                    "unknown partner \"{pname}\" (code \"{pcode}\"): not a name or alias in data/partners.csv"
                ),
            );
            continue;
        };
        let region = if cols.region_code.is_none() && cols.region_name.is_none() {
            region_ids.id("CHN")
        } else {
            let (rcode, rname) = (get(cols.region_code), get(cols.region_name));
            let key = if rcode.is_empty() { rname } else { rcode };
            let cached = regions_cache.get(key).copied();
            let found = cached.unwrap_or_else(|| {
                let id = resolve_region(ctx, rcode, rname).map(|r| region_ids.id(r.as_str()));
                regions_cache.insert(key.to_string(), id);
                id
            });
            let Some(r) = found else {
                reject(
                    &mut report,
                    format!(
                        "注册地 \"{rname}\" (code \"{rcode}\") does not match a region on the map"
                    ),
                );
                continue;
            };
            r
        };
        let flow = match (file_flow, cols.flow) {
            (_, Some(i)) => match flow_from_cell(get(Some(i))) {
                Some(f) => f,
                None => {
                    reject(
                        &mut report,
                        format!("进出口 \"{}\" is not 出口, 进口 or 进出口", get(Some(i))),
                    );
                    continue;
                }
            },
            (Some(f), None) => f,
            (None, None) => {
                reject(&mut report, "no flow".into());
                continue;
            }
        };
        let v = match parse_value(get(Some(cols.value))) {
            Ok(v) => v,
            Err(e) => {
                reject(&mut report, e);
                continue;
            }
        };
        let (commodity, mode) = (texts.id(get(cols.commodity)), texts.id(get(cols.mode)));
        let ym_key = u32::try_from(year).unwrap_or(0) * 100 + u32::from(month.unwrap_or(0));
        let key = (ym_key, partner, region, commodity, mode, flow as u8);
        if let Some(&first) = seen.get(&key) {
            reject(&mut report, format!("duplicate of line {first}"));
            continue;
        }
        seen.insert(key, line);
        report.accepted += 1;
        let cell = cells.entry((region, partner, year, flow)).or_default();
        cell.sum += v;
        cell.rows += 1;
        match month {
            Some(m) => cell.months |= 1 << (m - 1),
            None => cell.annual = true,
        }
    }
    note_blank(&mut report, blank);
    let commodities = texts.0.len();
    if cols.commodity.is_some() || cols.mode.is_some() {
        report.notes.push(format!(
            "values summed over the commodity codes (商品编码) and trade modes (贸易方式) in the file ({commodities} distinct); if the query was filtered, the sums are not total trade"
        ));
    }
    let names = |i: &Interner| {
        let mut v = vec![String::new(); i.0.len()];
        for (s, &k) in &i.0 {
            if let Some(slot) = v.get_mut(k as usize) {
                slot.clone_from(s);
            }
        }
        v
    };
    let (partner_names, region_names) = (names(&partner_ids), names(&region_ids));
    let mut rows = Vec::new();
    let mut partial = Vec::new();
    for ((r, p, year, flow), cell) in cells {
        let (reporter, partner) = (
            region_names.get(r as usize).cloned().unwrap_or_default(),
            partner_names.get(p as usize).cloned().unwrap_or_default(),
        );
        let label = format!("{reporter} {partner} {year} {flow}");
        let note = match (cell.annual, cell.months) {
            (true, 0) => "annual value from a China Customs query export".to_string(),
            (false, 0x0fff) => {
                "sum of 12 monthly values from a China Customs query export".to_string()
            }
            (true, _) => {
                partial.push(format!(
                    "{label}: both yearly and monthly rows; not emitted"
                ));
                continue;
            }
            (false, m) => {
                let months: Vec<String> = (1..=12)
                    .filter(|i| m & (1 << (i - 1)) != 0)
                    .map(|i: u16| i.to_string())
                    .collect();
                partial.push(format!(
                    "{label}: partial year (months {}); not emitted as an annual value",
                    months.join(",")
                ));
                continue;
            }
        };
        rows.push(FlowRow {
            reporter: RegionId::new(reporter),
            partner,
            year,
            flow,
            value: cell.sum,
            unit,
            basis,
            source: ctx.source.clone(),
            note: format!("{note} ({}; {} row(s))", ctx.file_name, cell.rows),
            value_usd: None,
            converted: None,
        });
    }
    partial.sort();
    report.notes.extend(partial);
    rows.sort_by(|a, b| {
        (&a.reporter, &a.partner, a.year, a.flow).cmp(&(&b.reporter, &b.partner, b.year, b.flow))
    });
    Ok((rows, report))
}

/// Where the flow comes from when the file has no flow column; refuses the file when nothing
/// tells or the option and the file name disagree.
fn file_flow(
    ctx: &Context<'_>,
    cols: &Cols,
    report: &mut ImportReport,
) -> Result<Option<Flow>, ImportError> {
    if cols.flow.is_some() {
        if ctx.opts.flow.is_some() {
            report
                .notes
                .push("--flow ignored: the file has a flow (进出口) column".into());
        }
        report
            .notes
            .push("flow taken from the 进出口 column".into());
        return Ok(None);
    }
    let from_name = flow_from_file_name(&ctx.file_name);
    match (ctx.opts.flow, from_name) {
        (Some(opt), Ok(Some(named))) if opt != named => Err(ctx.refuse(format!(
            "no flow column; the file name says {named} but --flow says {opt}: refusing the file"
        ))),
        (Some(opt), _) => {
            report.notes.push(format!("no flow column: flow {opt} from --flow"));
            Ok(Some(opt))
        }
        (None, Ok(Some(named))) => {
            report.notes.push(format!("no flow column: flow {named} taken from the file name"));
            Ok(Some(named))
        }
        (None, Err(e)) => Err(ctx.refuse(format!("no flow column, and {e}: refusing the file"))),
        (None, Ok(None)) => Err(ctx.refuse(
            "no flow column (进出口), no --flow option, and the file name does not say 出口/进口/进出口 (export/import/total): refusing the file",
        )),
    }
}

/// A 注册地 by code (`22`, `2224`, `220000`) or, failing that, by name (`吉林省`, `延边朝鲜族自治州`).
fn resolve_region(ctx: &Context<'_>, code: &str, name: &str) -> Option<RegionId> {
    let by_code = region_code6(code).and_then(|c| {
        ctx.geo
            .resolve_region(&c)
            .or_else(|| ctx.geo.resolve_region(&format!("CN-{c}")))
            .map(|r| r.id.clone())
    });
    by_code.or_else(|| {
        (!name.is_empty())
            .then(|| ctx.geo.resolve_region(name).map(|r| r.id.clone()))
            .flatten()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn total_is_checked_before_export_and_import() {
        assert_eq!(
            flow_from_file_name("吉林进出口2023.csv"),
            Ok(Some(Flow::Total))
        );
        assert_eq!(
            flow_from_file_name("吉林出口2023.csv"),
            Ok(Some(Flow::Export))
        );
        assert_eq!(
            flow_from_file_name("jilin_import_2023.csv"),
            Ok(Some(Flow::Import))
        );
        assert_eq!(flow_from_file_name("jilin_2023.csv"), Ok(None));
        assert!(flow_from_file_name("export_import.csv").is_err());
    }

    #[test]
    fn year_months_parse() {
        assert_eq!(parse_year_month("202301"), Ok((2023, Some(1))));
        assert_eq!(parse_year_month("2023"), Ok((2023, None)));
        assert_eq!(parse_year_month("2023-1"), Ok((2023, Some(1))));
        assert_eq!(parse_year_month("2023年12月"), Ok((2023, Some(12))));
        assert!(parse_year_month("202313").is_err());
        assert!(parse_year_month("23").is_err());
    }

    #[test]
    fn region_codes_widen_to_six_digits() {
        assert_eq!(region_code6("22").as_deref(), Some("220000"));
        assert_eq!(region_code6("2224").as_deref(), Some("222400"));
        assert_eq!(region_code6("220000").as_deref(), Some("220000"));
        assert_eq!(region_code6("22249"), None);
    }
}
