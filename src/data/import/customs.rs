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

use std::io::{Read, Seek};

mod check;
mod parallel;
mod summary;
mod totals;

use self::check::{CellKey, Checker, Cols, Ids};
pub use self::parallel::leave_a_core_for_drawing;
use self::parallel::{Job, Stop};
use self::totals::{Cell, Totals};
use super::stream::{Decoding, Fields, Records, StreamError};
use super::{Context, Format, ImportError, ImportReport, note_blank};
use crate::data::RegionId;
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

/// Where a China Customs export's bytes come from.
pub(crate) struct Input<R> {
    /// The file (rewound and read again when the text turns out not to be UTF-8, when the
    /// threads give up (see [`parallel`]), and once more to name the first line of duplicated
    /// rows).
    pub(crate) src: R,
    /// How the bytes become text, as the head of the file suggested.
    pub(crate) decoding: Decoding,
    /// Bytes per read (and per piece checked on a thread).
    pub(crate) chunk_bytes: usize,
}

/// What one pass over the file gave.
enum Pass {
    Done(Vec<FlowRow>, ImportReport),
    /// A field is not UTF-8: the file is read again as GBK (as a whole-file read decides).
    NotUtf8,
}

/// Imports a China Customs export, streaming it; see the module docs for the rules.
pub(crate) fn import<R: Read + Seek + Send>(
    ctx: &Context<'_>,
    encoding: &'static str,
    mut input: Input<R>,
) -> Result<(Vec<FlowRow>, ImportReport), ImportError> {
    match pass(ctx, encoding, &mut input)? {
        Pass::Done(rows, report) => Ok((rows, report)),
        Pass::NotUtf8 => {
            input.src.rewind().map_err(|e| io_error(ctx, e))?;
            input.decoding = Decoding::Decoded(encoding_rs::GB18030);
            match pass(ctx, "GBK/GB18030", &mut input)? {
                Pass::Done(rows, report) => Ok((rows, report)),
                Pass::NotUtf8 => Err(not_text(ctx, input.decoding)),
            }
        }
    }
}

pub(super) fn io_error(ctx: &Context<'_>, source: std::io::Error) -> ImportError {
    ImportError::Io {
        file: ctx.file.to_path_buf(),
        source,
    }
}

/// The whole-file error for text that does not decode (the messages of a whole-file read).
pub(super) fn not_text(ctx: &Context<'_>, decoding: Decoding) -> ImportError {
    let reason = match decoding {
        Decoding::Decoded(enc) if enc == encoding_rs::GB18030 => {
            "the text is neither UTF-8 nor GBK/GB18030".to_string()
        }
        Decoding::Decoded(_) => "starts with a UTF-16 BOM but is not UTF-16 text".to_string(),
        Decoding::Utf8 { .. } => "starts with a UTF-8 BOM but is not UTF-8 text".to_string(),
    };
    ImportError::NotCsv {
        file: ctx.file.to_path_buf(),
        reason,
    }
}

/// Where the first byte that is not UTF-8 lies after a BOM, worded as `std`'s `Utf8Error`.
fn utf8_error_after_bom<R: Read + Seek>(src: &mut R) -> std::io::Result<String> {
    src.rewind()?;
    let mut bytes = Vec::new();
    let mut chunk = vec![0u8; super::stream::DEFAULT_CHUNK_BYTES];
    let mut offset = 0usize; // bytes after the BOM before `bytes`
    let mut skip = 3usize;
    loop {
        let n = src.read(&mut chunk)?;
        let got = &chunk[..n];
        let s = got.len().min(skip);
        skip -= s;
        bytes.extend_from_slice(&got[s..]);
        match std::str::from_utf8(&bytes) {
            Ok(_) if n == 0 => return Ok("invalid utf-8".into()),
            Ok(_) => {
                offset += bytes.len();
                bytes.clear();
            }
            Err(e) => match e.error_len() {
                Some(len) => {
                    return Ok(format!(
                        "invalid utf-8 sequence of {len} bytes from index {}",
                        offset + e.valid_up_to()
                    ));
                }
                None if n == 0 => {
                    return Ok(format!(
                        "incomplete utf-8 byte sequence from index {}",
                        offset + e.valid_up_to()
                    ));
                }
                None => {
                    let keep = bytes.split_off(e.valid_up_to());
                    offset += bytes.len();
                    bytes = keep;
                }
            },
        }
    }
}

/// The error (or the retry as GBK) for a read that stopped: the messages of a whole-file read.
fn failure<R: Read + Seek>(
    ctx: &Context<'_>,
    input: &mut Input<R>,
    e: StreamError,
) -> Result<Pass, ImportError> {
    match e {
        StreamError::Io(e) => Err(io_error(ctx, e)),
        StreamError::BadUtf8 if input.decoding == (Decoding::Utf8 { bom: false }) => {
            Ok(Pass::NotUtf8)
        }
        StreamError::BadUtf8 if input.decoding == (Decoding::Utf8 { bom: true }) => {
            let detail = utf8_error_after_bom(&mut input.src).map_err(|e| io_error(ctx, e))?;
            Err(ImportError::NotCsv {
                file: ctx.file.to_path_buf(),
                reason: format!("starts with a UTF-8 BOM but is not UTF-8 text: {detail}"),
            })
        }
        StreamError::BadUtf8 | StreamError::Malformed => Err(not_text(ctx, input.decoding)),
    }
}

/// One pass over the file in its current decoding: the header, the rows, the annual values.
fn pass<R: Read + Seek + Send>(
    ctx: &Context<'_>,
    encoding: &'static str,
    input: &mut Input<R>,
) -> Result<Pass, ImportError> {
    let mut report = ImportReport::new(ctx.file, Format::ChinaCustoms, encoding);
    let headers = match read_headers(ctx, input) {
        Ok(h) => h,
        Err(e) => return failure(ctx, input, e),
    };
    let layout = layout(ctx, &headers, &mut report)?;
    let file_flow = file_flow(ctx, &layout.cols, &mut report)?;
    let (mut totals, ids) = match check_rows(ctx, &layout.cols, file_flow, input, &mut report)? {
        Ok(done) => done,
        Err(e) => return failure(ctx, input, e),
    };
    let mut checker = Checker::new(ctx, &layout.cols, file_flow, &ids);
    totals.name_duplicates(&mut checker, input, &mut report)?;
    drop(checker);
    note_blank(&mut report, totals.blank);
    let (partners, regions, texts) = ids.into_parts();
    if layout.cols.commodity.is_some() || layout.cols.mode.is_some() {
        report.notes.push(format!(
            "values summed over the commodity codes (商品编码) and trade modes (贸易方式) in the file ({} distinct); if the query was filtered, the sums are not total trade",
            texts.len()
        ));
    }
    let names = (regions.names(), partners.names());
    let (rows, partial) = annual_rows(ctx, totals.cells, &names, &layout);
    report.notes.extend(partial);
    Ok(Pass::Done(rows, report))
}

/// The header record's fields, trimmed (no record: none).
fn read_headers<R: Read>(
    ctx: &Context<'_>,
    input: &mut Input<R>,
) -> Result<Vec<String>, StreamError> {
    let mut rec = Records::new(
        &mut input.src,
        input.decoding,
        ctx.delimiter,
        input.chunk_bytes,
    );
    if !rec.next_record()? {
        return Ok(Vec::new());
    }
    let r = rec.record();
    Ok((0..r.len())
        .map(|i| r.field(i).trim().trim_start_matches('\u{feff}').to_string())
        .collect())
}

/// Checks and adds up every data row: on threads where the encoding allows (see [`parallel`]),
/// else (or when the threads give up) in one stream. The inner `Err` is a read that stopped.
fn check_rows<R: Read + Seek + Send>(
    ctx: &Context<'_>,
    cols: &Cols,
    file_flow: Option<Flow>,
    input: &mut Input<R>,
    report: &mut ImportReport,
) -> Result<Result<(Totals, Ids), StreamError>, ImportError> {
    let decoding = input.decoding;
    if matches!(decoding, Decoding::Utf8 { .. })
        || decoding == Decoding::Decoded(encoding_rs::GB18030)
    {
        let before = report.clone();
        let (ids, mut totals) = (Ids::default(), Totals::default());
        input.src.rewind().map_err(|e| io_error(ctx, e))?;
        let job = Job {
            ctx,
            cols,
            file_flow,
            ids: &ids,
            decoding,
            piece_bytes: input.chunk_bytes,
        };
        match parallel::check_rows(&job, &mut input.src, &mut totals, report) {
            Ok(()) => return Ok(Ok((totals, ids))),
            Err(Stop::Io(e)) => return Err(io_error(ctx, e)),
            Err(Stop::OneStream) => {
                log::debug!("{}: read again in one stream", ctx.file.display());
                *report = before;
            }
        }
    }
    let (ids, mut totals) = (Ids::default(), Totals::default());
    input.src.rewind().map_err(|e| io_error(ctx, e))?;
    let mut checker = Checker::new(ctx, cols, file_flow, &ids);
    let mut rec = Records::new(&mut input.src, decoding, ctx.delimiter, input.chunk_bytes);
    let mut header = true;
    loop {
        match rec.next_record() {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => return Ok(Err(e)),
        }
        let row = rec.record();
        if std::mem::take(&mut header) {
            continue;
        }
        if row.is_blank() {
            totals.blank += 1;
            continue;
        }
        totals.add(row.line(), checker.check(row), report);
    }
    drop(checker);
    Ok(Ok((totals, ids)))
}

/// What the header says: the columns, the unit of the values, the basis of the regions.
struct Layout {
    cols: Cols,
    unit: Unit,
    basis: Basis,
}

/// Finds the columns in `headers`; refuses a file without the ones it needs.
fn layout(
    ctx: &Context<'_>,
    headers: &[String],
    report: &mut ImportReport,
) -> Result<Layout, ImportError> {
    let format = Format::ChinaCustoms;
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
    Ok(Layout { cols, unit, basis })
}

/// The annual values of the cells summed (in order of reporter, partner, year and flow), and
/// the report's notes on the cells that are not whole years (sorted). `names` are the
/// (region, partner) names by id.
fn annual_rows(
    ctx: &Context<'_>,
    cells: Vec<(CellKey, Cell)>,
    names: &(Vec<String>, Vec<String>),
    layout: &Layout,
) -> (Vec<FlowRow>, Vec<String>) {
    let (region_names, partner_names) = names;
    let (unit, basis) = (layout.unit, layout.basis);
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
    rows.sort_by(|a, b| {
        (&a.reporter, &a.partner, a.year, a.flow).cmp(&(&b.reporter, &b.partner, b.year, b.flow))
    });
    (rows, partial)
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
}
