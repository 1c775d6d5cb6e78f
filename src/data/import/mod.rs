//! Importers for the files users bring (docs/DESIGN.md §1 job 4): a China Customs statistics query
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

mod read;
#[cfg(test)]
use read::context;
pub use read::{
    import_bytes, import_file, import_file_chunked, import_file_watched, import_reader_watched,
    is_customs_export,
};

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
/// streamed). Lowered to the free memory over `TEXT_EXPANSION` (20) when that is less
/// ([`crate::data::limits`]).
pub const MAX_WHOLE_TEXT_BYTES: u64 = 256 << 20;

/// Largest workbook (.xlsx/.xls) read: a workbook is compressed and read whole, so it takes
/// many times its size in memory. Lowered to the free memory over `WORKBOOK_EXPANSION` (40) when
/// that is less.
pub const MAX_WORKBOOK_BYTES: u64 = 64 << 20;

/// Memory a whole-read text file takes per byte of file (bytes, text, records, rows, and the
/// rows added to the tables): measured at 17.4 (a 41.8 MB tidy CSV of 1,000,000 good rows
/// given to `query --data` peaked 726 MB above the process's base; RELIABILITY.md), rounded up.
const TEXT_EXPANSION: u64 = 20;

/// Memory a workbook takes per byte of file (unzipped XML and the cell grid): measured at 37
/// (a 2.1 MB .xlsx of 400,000 numbers peaked 80 MB above base; RELIABILITY.md), rounded up.
const WORKBOOK_EXPANSION: u64 = 40;

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
