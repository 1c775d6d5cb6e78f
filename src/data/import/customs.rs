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

use rustc_hash::FxHashMap;

use super::stream::{Batch, Decoding, Fields, Records, StreamError};
use super::{Context, Format, ImportError, ImportReport, Issue, note_blank};
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
    let b = t.as_bytes();
    // The common shapes, `YYYYMM` and `YYYY`, without allocating; anything else (and every
    // error) takes the general path below.
    if (b.len() == 6 || b.len() == 4) && b.iter().all(u8::is_ascii_digit) {
        let num = |d: &[u8]| d.iter().fold(0i32, |n, &c| n * 10 + i32::from(c - b'0'));
        let year = num(&b[..4]);
        let month = (b.len() == 6).then(|| num(&b[4..]));
        if (1900..=2100).contains(&year) {
            match month {
                None => return Ok((year, None)),
                Some(m @ 1..=12) => return Ok((year, u8::try_from(m).ok())),
                Some(_) => {}
            }
        }
    }
    parse_year_month_general(t)
}

fn parse_year_month_general(t: &str) -> Result<(i32, Option<u8>), String> {
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

/// Maps keyed by short texts (codes like `01`…`99`) use std's hasher: FxHash sends such
/// keys to few buckets, and the probing then spent a third of an import in `memcmp`.
type TextMap<V> = std::collections::HashMap<String, V>;

/// The last text a column interned and its id: rows of one commodity or trade mode usually
/// come together, so most rows need no lookup.
#[derive(Default)]
struct Memo(Option<(String, u32)>);

impl Memo {
    fn id(&mut self, s: &str, interner: &mut Interner) -> u32 {
        if let Some((last, i)) = &self.0
            && last == s
        {
            return *i;
        }
        let i = interner.id(s);
        match &mut self.0 {
            Some((last, id)) => {
                last.clear();
                last.push_str(s);
                *id = i;
            }
            None => self.0 = Some((s.to_string(), i)),
        }
        i
    }
}

/// Small string interner, so that the per-row keys are integers.
#[derive(Default)]
struct Interner(TextMap<u32>);

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

/// (region, partner, year, flow): one annual value.
type CellKey = (u32, u32, i32, Flow);

/// (cell, commodity, trade mode): with the month, what makes a row unique. The months seen are
/// kept as bits (bit 0 = a yearly row), so memory grows with the number of distinct
/// (cell, commodity, mode) triples, not with the number of rows.
type GroupKey = (u32, u32, u32);

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

/// Where a China Customs export's bytes come from.
pub(crate) struct Input<R> {
    /// The file (rewound and read again when the text turns out not to be UTF-8, and once
    /// more to name the first line of duplicated rows).
    pub(crate) src: R,
    /// How the bytes become text, as the head of the file suggested.
    pub(crate) decoding: Decoding,
    /// Bytes per read.
    pub(crate) chunk_bytes: usize,
}

/// A row that passed every check.
struct Good {
    cell: CellKey,
    commodity: u32,
    mode: u32,
    /// 0 for a yearly row, else the month.
    slot: u8,
    value: f64,
}

/// The per-row checks and the lookups they cache.
struct Checker<'c, 'a> {
    ctx: &'c Context<'a>,
    cols: Cols,
    file_flow: Option<Flow>,
    partners_by_name: TextMap<Option<u32>>,
    partners_by_code: TextMap<Option<u32>>,
    regions_cache: TextMap<Option<u32>>,
    partner_ids: Interner,
    region_ids: Interner,
    texts: Interner,
    commodity_memo: Memo,
    mode_memo: Memo,
}

impl Checker<'_, '_> {
    fn partner(&mut self, pname: &str, pcode: &str) -> Option<u32> {
        // The name first, then the code (ISO3 codes resolve; customs' numeric codes do not).
        let (cache, key) = if pname.is_empty() {
            (&mut self.partners_by_code, pcode)
        } else {
            (&mut self.partners_by_name, pname)
        };
        if let Some(&p) = cache.get(key) {
            return p;
        }
        let resolved = [pname, pcode]
            .iter()
            .filter(|s| !s.is_empty())
            .find_map(|s| self.ctx.trade.partners.resolve(s))
            .map(|iso| self.partner_ids.id(iso));
        cache.insert(key.to_string(), resolved);
        resolved
    }

    fn region(&mut self, rcode: &str, rname: &str) -> Option<u32> {
        let key = if rcode.is_empty() { rname } else { rcode };
        if let Some(&r) = self.regions_cache.get(key) {
            return r;
        }
        let id = resolve_region(self.ctx, rcode, rname).map(|r| self.region_ids.id(r.as_str()));
        self.regions_cache.insert(key.to_string(), id);
        id
    }

    /// Checks one record; `Err` is the reason it is rejected (the messages of the import
    /// report).
    fn check(&mut self, rec: &impl Fields) -> Result<Good, String> {
        let get = |i: Option<usize>| i.map_or("", |i| rec.field(i).trim());
        let (year, month) = parse_year_month(get(Some(self.cols.ym)))?;
        let (pname, pcode) = (get(self.cols.partner_name), get(self.cols.partner_code));
        let Some(partner) = self.partner(pname, pcode) else {
            return Err(format!(
                "unknown partner \"{pname}\" (code \"{pcode}\"): not a name or alias in data/partners.csv"
            ));
        };
        let region = if self.cols.region_code.is_none() && self.cols.region_name.is_none() {
            self.region_ids.id("CHN")
        } else {
            let (rcode, rname) = (get(self.cols.region_code), get(self.cols.region_name));
            self.region(rcode, rname).ok_or_else(|| {
                format!("注册地 \"{rname}\" (code \"{rcode}\") does not match a region on the map")
            })?
        };
        let flow = match (self.file_flow, self.cols.flow) {
            (_, Some(i)) => flow_from_cell(get(Some(i))).ok_or_else(|| {
                format!("进出口 \"{}\" is not 出口, 进口 or 进出口", get(Some(i)))
            })?,
            (Some(f), None) => f,
            (None, None) => return Err("no flow".into()),
        };
        let value = parse_value_bytes(get(Some(self.cols.value)))?;
        let (commodity, mode) = (
            self.commodity_memo
                .id(get(self.cols.commodity), &mut self.texts),
            self.mode_memo.id(get(self.cols.mode), &mut self.texts),
        );
        Ok(Good {
            cell: (region, partner, year, flow),
            commodity,
            mode,
            slot: month.unwrap_or(0),
            value,
        })
    }
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

fn io_error(ctx: &Context<'_>, source: std::io::Error) -> ImportError {
    ImportError::Io {
        file: ctx.file.to_path_buf(),
        source,
    }
}

/// The whole-file error for text that does not decode (the messages of a whole-file read).
fn not_text(ctx: &Context<'_>, decoding: Decoding) -> ImportError {
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

fn pass<R: Read + Seek + Send>(
    ctx: &Context<'_>,
    encoding: &'static str,
    input: &mut Input<R>,
) -> Result<Pass, ImportError> {
    let format = Format::ChinaCustoms;
    let mut report = ImportReport::new(ctx.file, format, encoding);
    let decoding = input.decoding;
    let mut rec = Records::new(&mut input.src, decoding, ctx.delimiter, input.chunk_bytes);
    let stream_error = |e: StreamError| -> Result<Pass, ImportError> {
        match e {
            StreamError::Io(e) => Err(io_error(ctx, e)),
            StreamError::BadUtf8 if decoding == (Decoding::Utf8 { bom: false }) => {
                Ok(Pass::NotUtf8)
            }
            StreamError::BadUtf8 | StreamError::Malformed => Err(not_text(ctx, decoding)),
        }
    };
    macro_rules! next {
        ($rec:expr) => {
            match $rec.next_record() {
                Ok(more) => more,
                Err(StreamError::BadUtf8) if decoding == (Decoding::Utf8 { bom: true }) => {
                    drop($rec);
                    let detail =
                        utf8_error_after_bom(&mut input.src).map_err(|e| io_error(ctx, e))?;
                    return Err(ImportError::NotCsv {
                        file: ctx.file.to_path_buf(),
                        reason: format!("starts with a UTF-8 BOM but is not UTF-8 text: {detail}"),
                    });
                }
                Err(e) => return stream_error(e),
            }
        };
    }
    let headers: Vec<String> = if next!(rec) {
        (0..rec.len())
            .map(|i| {
                rec.field(i)
                    .trim()
                    .trim_start_matches('\u{feff}')
                    .to_string()
            })
            .collect()
    } else {
        Vec::new()
    };
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
    let has_commodity_or_mode = cols.commodity.is_some() || cols.mode.is_some();
    let mut checker = Checker {
        ctx,
        cols,
        file_flow,
        partners_by_name: TextMap::default(),
        partners_by_code: TextMap::default(),
        regions_cache: TextMap::default(),
        partner_ids: Interner::default(),
        region_ids: Interner::default(),
        texts: Interner::default(),
        commodity_memo: Memo::default(),
        mode_memo: Memo::default(),
    };

    // A reader thread parses records ahead in batches while this one checks and sums them.
    let mut acc = Totals::default();
    let outcome = std::thread::scope(|scope| -> Result<(), StreamError> {
        let (tx, rx) = std::sync::mpsc::sync_channel(4);
        let (back_tx, back_rx) = std::sync::mpsc::channel();
        scope.spawn(move || read_ahead(rec, &tx, &back_rx));
        for batch in rx {
            let batch: Batch = batch?;
            for row in batch.rows() {
                acc.take(&row, &mut checker, &mut report);
            }
            // The reader reuses the buffers; it is gone only at the end.
            let _ = back_tx.send(batch);
        }
        Ok(())
    });
    match outcome {
        Ok(()) => {}
        Err(StreamError::BadUtf8) if decoding == (Decoding::Utf8 { bom: true }) => {
            let detail = utf8_error_after_bom(&mut input.src).map_err(|e| io_error(ctx, e))?;
            return Err(ImportError::NotCsv {
                file: ctx.file.to_path_buf(),
                reason: format!("starts with a UTF-8 BOM but is not UTF-8 text: {detail}"),
            });
        }
        Err(e) => return stream_error(e),
    }
    let Totals {
        cell_ids,
        cells,
        seen,
        duplicates,
        blank,
    } = acc;
    drop(seen);
    if !duplicates.is_empty() {
        let firsts = first_lines(&mut checker, &cell_ids, &duplicates, input)?;
        for (i, group, slot) in &duplicates {
            let first = firsts.get(&(*group, *slot)).copied().unwrap_or(0);
            if let Some(issue) = report.rejected.get_mut(*i) {
                issue.reason = format!("duplicate of line {first}");
            }
        }
    }
    note_blank(&mut report, blank);
    let commodities = checker.texts.0.len();
    if has_commodity_or_mode {
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
    let (partner_names, region_names) = (names(&checker.partner_ids), names(&checker.region_ids));
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
    Ok(Pass::Done(rows, report))
}

/// Records per batch handed from the reader thread to the checking one.
const BATCH_RECORDS: usize = 16 * 1024;

/// The reader thread: parses records into batches (reusing the buffers sent back) until the
/// end of the file, an error, or the receiver hanging up.
fn read_ahead<R: Read>(
    mut rec: Records<R>,
    tx: &std::sync::mpsc::SyncSender<Result<Batch, StreamError>>,
    back: &std::sync::mpsc::Receiver<Batch>,
) {
    loop {
        let mut batch = back.try_recv().unwrap_or_default();
        batch.clear();
        let mut more = true;
        while batch.len() < BATCH_RECORDS {
            match rec.next_record() {
                Ok(true) => batch.push(&rec),
                Ok(false) => {
                    more = false;
                    break;
                }
                Err(e) => {
                    let _ = tx.send(Err(e));
                    return;
                }
            }
        }
        if (batch.len() > 0 && tx.send(Ok(batch)).is_err()) || !more {
            return;
        }
    }
}

/// What the rows add up to so far.
#[derive(Default)]
struct Totals {
    cell_ids: FxHashMap<CellKey, u32>,
    cells: Vec<(CellKey, Cell)>,
    seen: FxHashMap<GroupKey, u16>,
    /// Duplicates: (index in the report's rejected rows, group, slot); their first line is
    /// found afterwards.
    duplicates: Vec<(usize, GroupKey, u8)>,
    blank: usize,
}

impl Totals {
    /// Counts, checks and adds one record.
    fn take(
        &mut self,
        row: &impl Fields,
        checker: &mut Checker<'_, '_>,
        report: &mut ImportReport,
    ) {
        if row.is_blank() {
            self.blank += 1;
            return;
        }
        report.rows_read += 1;
        let line = row.line();
        let good = match checker.check(row) {
            Ok(g) => g,
            Err(reason) => {
                report.rejected.push(Issue { line, reason });
                return;
            }
        };
        let cells = &mut self.cells;
        let cell = *self.cell_ids.entry(good.cell).or_insert_with(|| {
            cells.push((good.cell, Cell::default()));
            to_u32(cells.len() - 1)
        });
        let group = (cell, good.commodity, good.mode);
        let bit = 1u16 << good.slot;
        let months = self.seen.entry(group).or_insert(0);
        if *months & bit != 0 {
            self.duplicates
                .push((report.rejected.len(), group, good.slot));
            report.rejected.push(Issue {
                line,
                reason: String::new(),
            });
            return;
        }
        *months |= bit;
        report.accepted += 1;
        let acc = &mut self.cells[cell as usize].1;
        acc.sum += good.value;
        acc.rows += 1;
        match good.slot {
            0 => acc.annual = true,
            m => acc.months |= 1 << (m - 1),
        }
    }
}

/// Reads the file once more to find the line of the first (accepted) row of each duplicated
/// (group, month). Only runs when the file has duplicates.
fn first_lines<R: Read + Seek>(
    checker: &mut Checker<'_, '_>,
    cell_ids: &FxHashMap<CellKey, u32>,
    duplicates: &[(usize, GroupKey, u8)],
    input: &mut Input<R>,
) -> Result<FxHashMap<(GroupKey, u8), u64>, ImportError> {
    let ctx = checker.ctx;
    let mut wanted: FxHashMap<(GroupKey, u8), u64> =
        duplicates.iter().map(|&(_, g, s)| ((g, s), 0)).collect();
    let mut left = wanted.len();
    input.src.rewind().map_err(|e| io_error(ctx, e))?;
    let mut rec = Records::new(
        &mut input.src,
        input.decoding,
        ctx.delimiter,
        input.chunk_bytes,
    );
    let mut header = true;
    while left > 0 {
        match rec.next_record() {
            Ok(true) => {}
            Ok(false) => break,
            Err(StreamError::Io(e)) => return Err(io_error(ctx, e)),
            Err(_) => return Err(not_text(ctx, input.decoding)),
        }
        if std::mem::take(&mut header) || rec.is_blank() {
            continue;
        }
        let Ok(good) = checker.check(&rec) else {
            continue;
        };
        let Some(&cell) = cell_ids.get(&good.cell) else {
            continue;
        };
        if let Some(first) = wanted.get_mut(&((cell, good.commodity, good.mode), good.slot))
            && *first == 0
        {
            *first = rec.line();
            left -= 1;
        }
    }
    Ok(wanted)
}

fn to_u32(i: usize) -> u32 {
    u32::try_from(i).unwrap_or(u32::MAX)
}

/// [`parse_value`] without allocating for the common shapes (`12345`, `"1,234,567"`,
/// `1234.5`): digits with thousands commas and at most one decimal point, 15 significant
/// digits or fewer, are exact in an `f64`, and one division by an exact power of ten rounds
/// correctly, so the result equals `str::parse`. Anything else goes through [`parse_value`].
fn parse_value_bytes(text: &str) -> Result<f64, String> {
    const POW10: [f64; 16] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
    ];
    let mut mantissa: u64 = 0;
    let (mut digits, mut frac) = (0usize, None::<usize>);
    for &b in text.as_bytes() {
        match b {
            b'0'..=b'9' => {
                mantissa = mantissa * 10 + u64::from(b - b'0');
                digits += 1;
                if let Some(f) = frac.as_mut() {
                    *f += 1;
                }
                if digits > 15 {
                    return parse_value(text);
                }
            }
            b',' => {}
            b'.' if frac.is_none() => frac = Some(0),
            _ => return parse_value(text),
        }
    }
    if digits == 0 {
        return parse_value(text);
    }
    #[allow(clippy::cast_precision_loss)] // at most 15 digits: exact
    let m = mantissa as f64;
    Ok(m / POW10[frac.unwrap_or(0)])
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
