//! Reading one file for the importers: size limits, the text encoding (UTF-8 with or without
//! BOM, GBK/GB18030, UTF-16 with BOM), spreadsheets sheet by sheet, the format sniffed from the
//! header row, then the format's importer — streamed for large China Customs exports.

use super::*;

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
    let job = Job::new(path, geo, trade, opts);
    import_stream(file, &job, chunk_bytes)
}

/// One file's import: its path (for messages, the source id and, for customs exports, possibly
/// the flow) and what the importers read it against.
#[derive(Clone, Copy)]
pub(super) struct Job<'a> {
    pub(super) path: &'a Path,
    pub(super) geo: &'a Geography,
    pub(super) trade: &'a TradeData,
    pub(super) opts: &'a ImportOptions,
}

impl<'a> Job<'a> {
    fn new(
        path: &'a Path,
        geo: &'a Geography,
        trade: &'a TradeData,
        opts: &'a ImportOptions,
    ) -> Self {
        Self {
            path,
            geo,
            trade,
            opts,
        }
    }

    /// The importers' view of the file's `text`, split at `delimiter`.
    fn context(&self, text: &'a str, delimiter: u8) -> Context<'a> {
        context(self.path, text, delimiter, self.geo, self.trade, self.opts)
    }

    /// [`import_bytes`] for this job (a workbook's sheet as CSV text).
    pub(super) fn import_bytes(&self, bytes: &[u8]) -> Result<Imported, ImportError> {
        import_stream(
            std::io::Cursor::new(bytes),
            self,
            stream::DEFAULT_CHUNK_BYTES,
        )
    }
}

/// An I/O failure while reading `path`.
fn io_error(path: &Path) -> impl Fn(std::io::Error) -> ImportError + Copy + '_ {
    |source| ImportError::Io {
        file: path.to_path_buf(),
        source,
    }
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
    let job = Job::new(path, geo, trade, opts);
    let result = import_stream(watch.reader(src), &job, stream::DEFAULT_CHUNK_BYTES);
    if watch.is_cancelled() {
        return Err(ImportError::Cancelled {
            file: path.to_path_buf(),
        });
    }
    result
}

/// Opens a file to import, refusing it when it is over [`MAX_IMPORT_BYTES`]; and its size.
fn open_checked(path: &Path) -> Result<(std::fs::File, u64), ImportError> {
    let io = io_error(path);
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
    let job = Job::new(path, geo, trade, opts);
    job.import_bytes(bytes)
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
    job: &Job<'_>,
    chunk_bytes: usize,
) -> Result<Imported, ImportError> {
    let path = job.path;
    let io = io_error(path);
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
        return excel::import(&bytes, job);
    }
    let (text, encoding, decoding) = sniff(&head, complete, path)?;
    let Some(delimiter) = customs_delimiter(&text, path) else {
        let bytes = whole_text(src, head)?;
        return import_whole(&bytes, job);
    };
    src.rewind().map_err(io)?;
    let ctx = job.context(&text, delimiter);
    let input = customs::Input {
        src,
        decoding,
        chunk_bytes,
    };
    let (rows, report) = customs::import(&ctx, encoding, input)?;
    Ok(finish(&ctx, rows, report))
}

/// Whether `path` is a China Customs query export, judged from its header as the import does.
/// Such a file is read against the partner table and the geography only, never against the
/// bundled figures, so `check-data` can skip loading them. Any doubt (unreadable, a workbook,
/// another layout) gives `false`.
pub fn is_customs_export(path: &Path) -> bool {
    let Ok((mut file, _)) = open_checked(path) else {
        return false;
    };
    let Ok((head, complete)) = read_head(&mut file) else {
        return false;
    };
    if excel::is_workbook(&head) {
        return false;
    }
    sniff(&head, complete, path)
        .ok()
        .and_then(|(text, _, _)| customs_delimiter(&text, path))
        .is_some()
}

/// The delimiter of a file whose header (at the start of `text`) is a China Customs export's;
/// `None` for any other header.
fn customs_delimiter(text: &str, path: &Path) -> Option<u8> {
    header_of(text, path)
        .ok()
        .filter(|(_, headers)| has_any(headers, customs::SIGNATURE))
        .map(|(delimiter, _)| delimiter)
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

pub(super) fn context<'a>(
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
fn import_whole(bytes: &[u8], job: &Job<'_>) -> Result<Imported, ImportError> {
    let path = job.path;
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
            let ctx = job.context(text, delimiter);
            let (rows, report) = wide::import(&ctx, &grid, encoding)?;
            return Ok(finish(&ctx, rows, report));
        }
    };
    let ctx = job.context(text, delimiter);
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
