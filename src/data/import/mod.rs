//! Importers for the files users bring (DESIGN.md §1 job 4): a China Customs statistics query
//! export, a UN Comtrade download (current and classic layouts) and the project's tidy format.
//!
//! One code path for the GUI, `--data` and `check-data`: [`import_file`] reads the bytes,
//! detects the text encoding (UTF-8 with or without BOM, GBK/GB18030, UTF-16 with BOM) and the
//! format (from the header row), and returns the rows plus an [`ImportReport`] that says what was
//! read, what was accepted, what was rejected (line and reason), what was skipped on purpose and
//! what was assumed. Whole-file problems (empty, not CSV, unknown format, a missing column, no
//! way to tell the flow) are an [`ImportError`]. Rows get basis `reporter` (or `reporter_dest`
//! for a customs export by domestic destination/source) and source `import:<file name>`.
//! [`Imported::apply`] adds them to a [`TradeData`], which converts them to USD.

pub mod comtrade;
pub mod customs;
pub mod excel;
pub mod stream;
pub mod tidy;
pub mod watch;
pub mod wide;

use std::fmt;
use std::io::{Read, Seek};
use std::path::{Path, PathBuf};

use crate::data::Geography;
use crate::data::tables::{Flow, FlowRow, Source, SourceId};
use crate::data::trade::TradeData;

/// Largest file the importers read (a year of monthly China Customs rows by partner, region
/// and HS chapter is well under this).
pub const MAX_IMPORT_BYTES: u64 = 1 << 30;

/// Largest text file read whole into memory: every layout but China Customs (which is
/// streamed). Lowered to a quarter of the free memory when that is less
/// ([`crate::data::limits`]).
pub const MAX_WHOLE_TEXT_BYTES: u64 = 256 << 20;

/// Largest workbook (.xlsx/.xls) read: a workbook is compressed and read whole, so it takes
/// many times its size in memory. Lowered to a sixteenth of the free memory when that is less.
pub const MAX_WORKBOOK_BYTES: u64 = 64 << 20;

/// Memory a whole-read text file takes per byte of file (bytes, text, records, rows).
const TEXT_EXPANSION: u64 = 4;

/// Memory a workbook takes per byte of file (unzipped XML and the cell grid).
const WORKBOOK_EXPANSION: u64 = 16;

/// Choices the user can make about an import.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportOptions {
    /// The flow of a China Customs export that has no flow column (`--flow`). When the file
    /// name also names a flow and the two disagree, the file is refused. Also the flow of a
    /// wide table whose columns are years and whose title names no flow.
    pub flow: Option<Flow>,
    /// The region of a wide statistical table whose title names none (`--region`; an id,
    /// name or alias). When the title names another region, the file is refused.
    pub region: Option<String>,
    /// The year of a wide table whose columns are flows and whose title names no year
    /// (`--year`). When the title names another year, the file is refused.
    pub year: Option<i32>,
}

/// The file formats the importers understand.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// China Customs statistics online query export (数据年月, 贸易伙伴, 注册地 …).
    ChinaCustoms,
    /// UN Comtrade, current API / Comtrade Plus layout (`refYear`, `flowCode`, `primaryValue`),
    /// `camelCase` from the API or the website's `PascalCase` headers.
    ComtradePlus,
    /// UN Comtrade, classic layout (`Year`, `Trade Flow`, `Trade Value (US$)`).
    ComtradeClassic,
    /// The project's tidy format (`reporter,partner,year,flow,value,unit,basis[,source][,note]`).
    Tidy,
    /// A wide statistical table as yearbooks print it: partners × years or partners × flows
    /// (see [`wide`]).
    WideTable,
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::ChinaCustoms => "China Customs query export",
            Self::ComtradePlus => "UN Comtrade (current/Plus layout)",
            Self::ComtradeClassic => "UN Comtrade (classic layout)",
            Self::Tidy => "tidy flows CSV",
            Self::WideTable => "wide statistical table",
        })
    }
}

/// A row the importer did not take, with its 1-based line and the reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issue {
    /// 1-based line in the file.
    pub line: u64,
    /// Why.
    pub reason: String,
}

impl fmt::Display for Issue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.reason)
    }
}

/// What an import read, took, refused and assumed.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportReport {
    /// The file.
    pub file: PathBuf,
    /// The format detected.
    pub format: Format,
    /// The text encoding detected.
    pub encoding: &'static str,
    /// Data rows read (blank rows not counted).
    pub rows_read: usize,
    /// Rows accepted.
    pub accepted: usize,
    /// Rows rejected because something in them is wrong (an error: `check-data` exits 1).
    pub rejected: Vec<Issue>,
    /// Rows left out on purpose (not a total, re-exports, …), with the reason. Not an error.
    pub skipped: Vec<Issue>,
    /// Annual values produced (for monthly files, after summing months).
    pub values: usize,
    /// What was assumed, derived or converted (flow from the file name, partial years …).
    pub notes: Vec<String>,
}

impl ImportReport {
    fn new(file: &Path, format: Format, encoding: &'static str) -> Self {
        Self {
            file: file.to_path_buf(),
            format,
            encoding,
            rows_read: 0,
            accepted: 0,
            rejected: Vec::new(),
            skipped: Vec::new(),
            values: 0,
            notes: Vec::new(),
        }
    }

    /// Whether any row was rejected.
    pub fn has_errors(&self) -> bool {
        !self.rejected.is_empty()
    }

    /// The report as text lines: a summary, then notes, rejected and skipped rows (at most
    /// `limit` of each list, then a count of the rest).
    pub fn lines(&self, limit: usize) -> Vec<String> {
        let mut out = vec![format!(
            "{}: {} ({}): {} row(s) read, {} accepted, {} rejected, {} skipped; {} annual value(s)",
            self.file.display(),
            self.format,
            self.encoding,
            self.rows_read,
            self.accepted,
            self.rejected.len(),
            self.skipped.len(),
            self.values
        )];
        out.extend(self.notes.iter().map(|n| format!("  note: {n}")));
        for (label, list) in [("rejected", &self.rejected), ("skipped", &self.skipped)] {
            out.extend(list.iter().take(limit).map(|i| format!("  {label}: {i}")));
            if list.len() > limit {
                out.push(format!(
                    "  … and {} more {label} row(s)",
                    list.len() - limit
                ));
            }
        }
        out
    }
}

/// The result of importing one file.
#[derive(Debug, Clone)]
pub struct Imported {
    /// Annual rows, not yet converted to USD (that happens in [`Imported::apply`]).
    pub rows: Vec<FlowRow>,
    /// The `import:<file name>` source the rows cite.
    pub source: Source,
    /// What happened.
    pub report: ImportReport,
}

impl Imported {
    /// Adds the rows and their source to `trade` (converting to USD with the year's rates) and
    /// returns the report, with a note when some rows could not be converted.
    pub fn apply(self, trade: &mut TradeData) -> ImportReport {
        let mut report = self.report;
        trade.add_source(self.source);
        let unconverted = trade.add_flows(self.rows);
        if unconverted > 0 {
            report.notes.push(format!(
                "{unconverted} value(s) have no exchange rate for their year in indicators.csv: kept, but unknown in USD"
            ));
        }
        report
    }
}

/// A file the importers refuse as a whole. Messages name the file.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The file could not be read.
    #[error("{}: cannot read: {source}", file.display())]
    Io {
        /// The file.
        file: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// The file has no content.
    #[error("{}: the file is empty", file.display())]
    Empty {
        /// The file.
        file: PathBuf,
    },
    /// The file is not CSV text.
    #[error("{}: not a CSV file: {reason}", file.display())]
    NotCsv {
        /// The file.
        file: PathBuf,
        /// What it looks like instead.
        reason: String,
    },
    /// The header matches none of the formats.
    #[error(
        "{}: unknown format: the header ({headers}) is not a China Customs export, a UN Comtrade download or a tidy flows CSV",
        file.display()
    )]
    UnknownFormat {
        /// The file.
        file: PathBuf,
        /// The first header names.
        headers: String,
    },
    /// A required column is missing.
    #[error("{}: {format}: missing column \"{column}\"", file.display())]
    MissingColumn {
        /// The file.
        file: PathBuf,
        /// The format detected.
        format: Format,
        /// The column (or alternatives) that is missing.
        column: String,
    },
    /// The file is refused for another reason (e.g. no way to tell the flow).
    #[error("{}: {reason}", file.display())]
    Refused {
        /// The file.
        file: PathBuf,
        /// Why.
        reason: String,
    },
    /// The file is larger than [`MAX_IMPORT_BYTES`].
    #[error("{}: {size} bytes is larger than the {MAX_IMPORT_BYTES}-byte import limit", file.display())]
    TooLarge {
        /// The file.
        file: PathBuf,
        /// Its size.
        size: u64,
    },
    /// The file is larger than a reader that holds the whole file in memory takes
    /// ([`MAX_WHOLE_TEXT_BYTES`], [`MAX_WORKBOOK_BYTES`], or less when memory is short).
    #[error(
        "{}: a {what} is read whole into memory, and this one is over {:.0} MB, the most this machine takes now ({:.0} MB, or less when memory is short); save a smaller extract (China Customs exports are streamed and may be larger)",
        file.display(), crate::data::limits::megabytes(*limit), crate::data::limits::megabytes(*stated)
    )]
    TooLargeToHold {
        /// The file.
        file: PathBuf,
        /// What kind of file (\"workbook\", \"CSV file of this layout\").
        what: &'static str,
        /// The limit applied, bytes.
        limit: u64,
        /// The stated limit for the kind, bytes.
        stated: u64,
    },
    /// The import was cancelled (in the window); nothing from the file was taken.
    #[error("{}: import cancelled; nothing from this file was added", file.display())]
    Cancelled {
        /// The file.
        file: PathBuf,
    },
}

/// What every importer gets: the file, its decoded text, and the data to resolve ids against.
pub(crate) struct Context<'a> {
    pub(crate) file: &'a Path,
    pub(crate) file_name: String,
    pub(crate) text: &'a str,
    pub(crate) delimiter: u8,
    pub(crate) geo: &'a Geography,
    pub(crate) trade: &'a TradeData,
    pub(crate) opts: &'a ImportOptions,
    pub(crate) source: SourceId,
}

impl Context<'_> {
    pub(crate) fn reader(&self) -> csv::Reader<&[u8]> {
        csv::ReaderBuilder::new()
            .delimiter(self.delimiter)
            .flexible(true)
            .from_reader(self.text.as_bytes())
    }

    pub(crate) fn missing(&self, format: Format, column: &str) -> ImportError {
        ImportError::MissingColumn {
            file: self.file.to_path_buf(),
            format,
            column: column.to_string(),
        }
    }

    pub(crate) fn refuse(&self, reason: impl Into<String>) -> ImportError {
        ImportError::Refused {
            file: self.file.to_path_buf(),
            reason: reason.into(),
        }
    }
}

/// Imports one file (China Customs export, UN Comtrade download or tidy CSV; the format is
/// detected from the header). `geo` resolves region names and codes; `trade` supplies the
/// partners table and the known source ids. The rows are returned, not added: call
/// [`Imported::apply`].
pub fn import_file(
    path: &Path,
    geo: &Geography,
    trade: &TradeData,
    opts: &ImportOptions,
) -> Result<Imported, ImportError> {
    import_file_chunked(path, geo, trade, opts, stream::DEFAULT_CHUNK_BYTES)
}

/// Like [`import_file`], reading `chunk_bytes` at a time (tests use tiny reads so that rows,
/// quoted fields and multi-byte characters fall across every read boundary).
pub fn import_file_chunked(
    path: &Path,
    geo: &Geography,
    trade: &TradeData,
    opts: &ImportOptions,
    chunk_bytes: usize,
) -> Result<Imported, ImportError> {
    let (file, _) = open_checked(path)?;
    import_stream(file, path, geo, trade, opts, chunk_bytes)
}

/// Like [`import_file`], with its reads counted by `watch` (as file `index` of a run) and
/// stopped when `watch` is cancelled: the window's import, which shows progress and a Cancel
/// button. A cancelled import is [`ImportError::Cancelled`].
pub fn import_file_watched(
    path: &Path,
    geo: &Geography,
    trade: &TradeData,
    opts: &ImportOptions,
    watch: &watch::Watch,
    index: usize,
) -> Result<Imported, ImportError> {
    let cancelled = || ImportError::Cancelled {
        file: path.to_path_buf(),
    };
    if watch.is_cancelled() {
        return Err(cancelled());
    }
    let (file, size) = open_checked(path)?;
    watch.start_file(index, size);
    import_reader_watched(file, path, geo, trade, opts, watch)
}

/// Like [`import_file_watched`], for any seekable reader (`path` names it in messages); the
/// size for the progress is set by the caller ([`watch::Watch::start_file`]).
pub fn import_reader_watched<R: Read + Seek + Send>(
    src: R,
    path: &Path,
    geo: &Geography,
    trade: &TradeData,
    opts: &ImportOptions,
    watch: &watch::Watch,
) -> Result<Imported, ImportError> {
    let result = import_stream(
        watch.reader(src),
        path,
        geo,
        trade,
        opts,
        stream::DEFAULT_CHUNK_BYTES,
    );
    if watch.is_cancelled() {
        return Err(ImportError::Cancelled {
            file: path.to_path_buf(),
        });
    }
    result
}

/// Opens a file to import, refusing it when it is over [`MAX_IMPORT_BYTES`]; and its size.
fn open_checked(path: &Path) -> Result<(std::fs::File, u64), ImportError> {
    let io = |source| ImportError::Io {
        file: path.to_path_buf(),
        source,
    };
    let size = std::fs::metadata(path).map_err(io)?.len();
    if size > MAX_IMPORT_BYTES {
        return Err(ImportError::TooLarge {
            file: path.to_path_buf(),
            size,
        });
    }
    let file = std::fs::File::open(path).map_err(io)?;
    Ok((file, size))
}

/// Like [`import_file`], for bytes already in memory; `path` names them in messages and gives
/// the file name (used for the source id and, for customs exports, possibly the flow).
pub fn import_bytes(
    bytes: &[u8],
    path: &Path,
    geo: &Geography,
    trade: &TradeData,
    opts: &ImportOptions,
) -> Result<Imported, ImportError> {
    import_stream(
        std::io::Cursor::new(bytes),
        path,
        geo,
        trade,
        opts,
        stream::DEFAULT_CHUNK_BYTES,
    )
}

/// Bytes read first to tell the encoding and the format.
const HEAD_BYTES: usize = 64 << 10;

/// Most bytes read to find the end of the first non-blank line (the header).
const MAX_HEAD_BYTES: u64 = 64 << 20;

/// Reads the head of `src`, tells its encoding and format, then streams a China Customs export
/// through [`customs::import`] (never holding the file); other formats are read whole (they are
/// small: a Comtrade download, a tidy table).
fn import_stream<R: Read + Seek + Send>(
    mut src: R,
    path: &Path,
    geo: &Geography,
    trade: &TradeData,
    opts: &ImportOptions,
    chunk_bytes: usize,
) -> Result<Imported, ImportError> {
    let io = |source| ImportError::Io {
        file: path.to_path_buf(),
        source,
    };
    let (head, complete) = read_head(&mut src).map_err(io)?;
    // The rest of the file, for the readers that hold it whole; never more than `stated`
    // bytes or what memory allows, so a huge file is refused before it fills memory.
    let whole = |src: R, mut bytes: Vec<u8>, what: &'static str, stated, expansion| {
        let limit = crate::data::limits::whole_read_limit_now(stated, expansion);
        if !complete {
            let room = (limit + 1).saturating_sub(bytes.len() as u64);
            src.take(room).read_to_end(&mut bytes).map_err(io)?;
        }
        if bytes.len() as u64 > limit {
            return Err(ImportError::TooLargeToHold {
                file: path.to_path_buf(),
                what,
                limit,
                stated,
            });
        }
        Ok(bytes)
    };
    let whole_text = |src: R, bytes: Vec<u8>| {
        whole(
            src,
            bytes,
            "CSV file of this layout",
            MAX_WHOLE_TEXT_BYTES,
            TEXT_EXPANSION,
        )
    };
    if excel::is_workbook(&head) {
        let bytes = whole(
            src,
            head,
            "workbook",
            MAX_WORKBOOK_BYTES,
            WORKBOOK_EXPANSION,
        )?;
        return excel::import(&bytes, path, geo, trade, opts);
    }
    let (text, encoding, decoding) = sniff(&head, complete, path)?;
    let customs_header = header_of(&text, path)
        .ok()
        .filter(|(_, headers)| has_any(headers, customs::SIGNATURE));
    let Some((delimiter, _)) = customs_header else {
        let bytes = whole_text(src, head)?;
        return import_whole(&bytes, path, geo, trade, opts);
    };
    src.rewind().map_err(io)?;
    let ctx = context(path, &text, delimiter, geo, trade, opts);
    let input = customs::Input {
        src,
        decoding,
        chunk_bytes,
    };
    let (rows, report) = customs::import(&ctx, encoding, input)?;
    Ok(finish(&ctx, rows, report))
}

/// Reads up to [`HEAD_BYTES`], and on until a non-blank line has ended (or the file has);
/// `true` when that is the whole file.
fn read_head<R: Read>(src: &mut R) -> std::io::Result<(Vec<u8>, bool)> {
    let mut head = Vec::new();
    let mut limit = HEAD_BYTES as u64;
    loop {
        let want = limit - head.len() as u64;
        let got = src.by_ref().take(want).read_to_end(&mut head)?;
        if (got as u64) < want {
            return Ok((head, true));
        }
        let text_start = head.iter().position(|b| {
            !matches!(
                b,
                b' ' | b'\t' | b'\r' | b'\n' | 0 | 0xEF | 0xBB | 0xBF | 0xFF | 0xFE
            )
        });
        // A workbook has no lines; nor has a file of zeros. Never hold more than
        // MAX_HEAD_BYTES to find the header: the readers after this one bound their memory.
        if text_start.is_some_and(|i| head[i..].contains(&b'\n'))
            || limit >= MAX_HEAD_BYTES
            || excel::is_workbook(&head)
        {
            return Ok((head, false));
        }
        limit *= 2;
    }
}

/// The head's text (cut after its last whole line when more follows), the encoding's name and
/// how to decode the rest. The same checks and messages as for a whole file.
fn sniff(
    head: &[u8],
    complete: bool,
    path: &Path,
) -> Result<(String, &'static str, stream::Decoding), ImportError> {
    use stream::Decoding;
    let utf16 = head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]);
    let magic = [&b"PK\x03\x04"[..], &[0xD0, 0xCF, 0x11, 0xE0], b"%PDF"]
        .iter()
        .any(|m| head.starts_with(m));
    let prefix = if complete || magic {
        head
    } else if utf16 {
        // After the last whole UTF-16 newline unit (units start at even offsets).
        let le = head[0] == 0xFF;
        let cut = (2..head.len().saturating_sub(1))
            .step_by(2)
            .rev()
            .find(|&i| {
                let (a, b) = (head[i], head[i + 1]);
                if le {
                    (a, b) == (b'\n', 0)
                } else {
                    (a, b) == (0, b'\n')
                }
            })
            .map_or(head.len() & !1, |i| i + 2);
        &head[..cut]
    } else {
        if !head.starts_with(b"\xEF\xBB\xBF") && head.iter().take(8192).any(|&b| b == 0) {
            return Err(ImportError::NotCsv {
                file: path.to_path_buf(),
                reason: "binary data (NUL bytes), not text".into(),
            });
        }
        let cut = head
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(head.len(), |i| i + 1);
        &head[..cut]
    };
    let (text, encoding) = decode(prefix, path)?;
    let decoding = match encoding {
        "UTF-8 with BOM" => Decoding::Utf8 { bom: true },
        "UTF-8" => Decoding::Utf8 { bom: false },
        _ if utf16 && head[0] == 0xFF => Decoding::Decoded(encoding_rs::UTF_16LE),
        _ if utf16 => Decoding::Decoded(encoding_rs::UTF_16BE),
        _ => Decoding::Decoded(encoding_rs::GB18030),
    };
    Ok((text.into_owned(), encoding, decoding))
}

fn has_any(headers: &[String], names: &[&str]) -> bool {
    headers
        .iter()
        .any(|h| names.iter().any(|n| h.eq_ignore_ascii_case(n)))
}

/// The delimiter (tab or comma) and the header names of a file's text.
fn header_of(text: &str, path: &Path) -> Result<(u8, Vec<String>), ImportError> {
    let header_line = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("");
    let delimiter = if header_line.matches('\t').count() > header_line.matches(',').count() {
        b'\t'
    } else {
        b','
    };
    if !header_line.contains(char::from(delimiter)) {
        return Err(ImportError::NotCsv {
            file: path.to_path_buf(),
            reason: "the first line has no comma- or tab-separated column names".into(),
        });
    }
    let headers: Vec<String> = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_reader(text.as_bytes())
        .headers()
        .map_err(|e| ImportError::NotCsv {
            file: path.to_path_buf(),
            reason: e.to_string(),
        })?
        .iter()
        .map(|h| h.trim().trim_start_matches('\u{feff}').to_string())
        .collect();
    Ok((delimiter, headers))
}

fn context<'a>(
    path: &'a Path,
    text: &'a str,
    delimiter: u8,
    geo: &'a Geography,
    trade: &'a TradeData,
    opts: &'a ImportOptions,
) -> Context<'a> {
    let file_name = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    Context {
        file: path,
        source: SourceId::for_import(&file_name),
        file_name,
        text,
        delimiter,
        geo,
        trade,
        opts,
    }
}

/// A whole file in memory (formats other than China Customs).
fn import_whole(
    bytes: &[u8],
    path: &Path,
    geo: &Geography,
    trade: &TradeData,
    opts: &ImportOptions,
) -> Result<Imported, ImportError> {
    let (text, encoding) = decode(bytes, path)?;
    let text = text.as_ref();
    let (delimiter, headers) = match header_of(text, path) {
        Ok(found) => found,
        Err(e) => {
            // A wide table's first line is its title, with no delimiter in it.
            let delimiter = wide_delimiter(text);
            let grid = wide::grid_from_text(text, delimiter);
            if !wide::looks_wide(&grid) {
                return Err(e);
            }
            let ctx = context(path, text, delimiter, geo, trade, opts);
            let (rows, report) = wide::import(&ctx, &grid, encoding)?;
            return Ok(finish(&ctx, rows, report));
        }
    };
    let ctx = context(path, text, delimiter, geo, trade, opts);
    let has = |names: &[&str]| has_any(&headers, names);
    let (rows, report) = if has(comtrade::PLUS_SIGNATURE) {
        comtrade::import(&ctx, encoding, Format::ComtradePlus)?
    } else if has(comtrade::CLASSIC_SIGNATURE) {
        comtrade::import(&ctx, encoding, Format::ComtradeClassic)?
    } else if has(&["reporter"]) && has(&["partner"]) && has(&["value"]) {
        tidy::import(&ctx, encoding)?
    } else if let Some(grid) = Some(wide::grid_from_text(text, delimiter)).filter(wide::looks_wide)
    {
        wide::import(&ctx, &grid, encoding)?
    } else {
        return Err(ImportError::UnknownFormat {
            file: path.to_path_buf(),
            headers: headers
                .iter()
                .take(8)
                .cloned()
                .collect::<Vec<_>>()
                .join(", "),
        });
    };
    Ok(finish(&ctx, rows, report))
}

/// The rows with their `import:<file>` source and the report.
fn finish(ctx: &Context<'_>, rows: Vec<FlowRow>, mut report: ImportReport) -> Imported {
    let path = ctx.file;
    report.values = rows.len();
    let source = Source {
        id: ctx.source.clone(),
        title: format!("Imported file {}", ctx.file_name),
        publisher: format!("{} (imported by the user)", report.format),
        url: path.display().to_string(),
        retrieved: String::new(),
        licence: "the user's file; terms of the original publisher apply".into(),
        note: format!(
            "{} annual value(s) from {} row(s)",
            rows.len(),
            report.accepted
        ),
    };
    Imported {
        rows,
        source,
        report,
    }
}

/// Decodes the bytes to text: UTF-8 (BOM stripped), UTF-16 with BOM, else GBK (GB18030).
/// Binary files (spreadsheets, archives, PDFs) are refused with what they look like.
fn decode<'a>(
    bytes: &'a [u8],
    path: &Path,
) -> Result<(std::borrow::Cow<'a, str>, &'static str), ImportError> {
    let not_csv = |reason: &str| ImportError::NotCsv {
        file: path.to_path_buf(),
        reason: reason.to_string(),
    };
    let blank = |s: &str| {
        s.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}')
            .is_empty()
    };
    if bytes.is_empty() {
        return Err(ImportError::Empty {
            file: path.to_path_buf(),
        });
    }
    if bytes.starts_with(b"PK\x03\x04") {
        return Err(not_csv(
            "a ZIP archive (an .xlsx workbook?); save the sheet as CSV",
        ));
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return Err(not_csv(
            "an Excel 97-2003 workbook (.xls); save the sheet as CSV",
        ));
    }
    if bytes.starts_with(b"%PDF") {
        return Err(not_csv("a PDF document"));
    }
    let (text, encoding): (std::borrow::Cow<'a, str>, &'static str) =
        if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
            match std::str::from_utf8(rest) {
                Ok(s) => (s.into(), "UTF-8 with BOM"),
                Err(e) => {
                    return Err(not_csv(&format!(
                        "starts with a UTF-8 BOM but is not UTF-8 text: {e}"
                    )));
                }
            }
        } else if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
            let enc = if bytes[0] == 0xFF {
                encoding_rs::UTF_16LE
            } else {
                encoding_rs::UTF_16BE
            };
            let (t, had_errors) = enc.decode_with_bom_removal(bytes);
            if had_errors {
                return Err(not_csv("starts with a UTF-16 BOM but is not UTF-16 text"));
            }
            (t.into_owned().into(), enc.name())
        } else if bytes.iter().take(8192).any(|&b| b == 0) {
            return Err(not_csv("binary data (NUL bytes), not text"));
        } else if let Ok(s) = std::str::from_utf8(bytes) {
            (s.into(), "UTF-8")
        } else {
            let (t, had_errors) = encoding_rs::GB18030.decode_without_bom_handling(bytes);
            if had_errors {
                return Err(not_csv("the text is neither UTF-8 nor GBK/GB18030"));
            }
            (t.into_owned().into(), "GBK/GB18030")
        };
    if blank(&text) {
        return Err(ImportError::Empty {
            file: path.to_path_buf(),
        });
    }
    let first = text.trim_start_matches('\u{feff}').trim_start();
    if first.starts_with('{') || first.starts_with('[') {
        return Err(not_csv(
            "it looks like JSON (GeoJSON files are loaded as map regions, not trade data)",
        ));
    }
    if first.starts_with('<') {
        return Err(not_csv(
            "it looks like HTML or XML (an .xls saved by a web page?); save the sheet as CSV",
        ));
    }
    Ok((text, encoding))
}

/// Rejects a record the CSV reader could not read, with its line.
pub(crate) fn reject_unreadable(report: &mut ImportReport, e: &csv::Error) {
    report.rejected.push(Issue {
        line: e.position().map_or(0, csv::Position::line),
        reason: format!("unreadable CSV: {e}"),
    });
}

/// Counts a record: a blank one in `blank` (`None`), any other as a row read, returning its
/// line number. Every importer walks its records through this, so the counts agree.
pub(crate) fn count_record(
    report: &mut ImportReport,
    rec: &csv::StringRecord,
    blank: &mut usize,
) -> Option<u64> {
    if is_blank(rec) {
        *blank += 1;
        return None;
    }
    report.rows_read += 1;
    Some(rec.position().map_or(0, csv::Position::line))
}

/// The report's note about blank rows, if there were any.
pub(crate) fn note_blank(report: &mut ImportReport, blank: usize) {
    if blank > 0 {
        report.notes.push(format!("{blank} blank row(s) ignored"));
    }
}

/// A row with every field empty (`,,,`), skipped silently like a blank line.
pub(crate) fn is_blank(rec: &csv::StringRecord) -> bool {
    rec.iter().all(|f| f.trim().is_empty())
}

/// The delimiter of a text whose first line may be a title: tabs or commas, whichever the
/// first 30 lines have more of.
fn wide_delimiter(text: &str) -> u8 {
    let head: String = text.lines().take(30).collect();
    if head.matches('\t').count() > head.matches(',').count() {
        b'\t'
    } else {
        b','
    }
}
