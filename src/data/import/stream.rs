//! Streaming CSV records for the importers: a file is read in fixed-size chunks (never whole),
//! decoded to UTF-8 chunk by chunk (UTF-8 as is; GBK/GB18030 and UTF-16 through `encoding_rs`'s
//! streaming decoder, which carries a character split between chunks), and split into records
//! exactly as the `csv` crate splits them with the options the importers use (comma or tab
//! delimiter, `"` quoting with `""` escapes, `\n`, `\r` or `\r\n` ends, blank lines skipped,
//! `flexible`), with the same 1-based line numbers. A record's fields live in one reused buffer:
//! no allocation per row or field.
//!
//! For parsing on several threads, [`Splitter`] cuts the raw file into pieces after a newline
//! where the quotes seen since the last cut are balanced (a quoted newline is never a cut), and
//! [`PieceRecords`] reads the records of one piece. A stray quote in an unquoted field can
//! fool that cut; the piece before it then does not end where a record ends, which
//! [`PieceRecords`] reports, and the caller reads the file again in one stream.
//!
//! The unit tests check the records and line numbers against the `csv` crate on inputs with
//! every line ending, quoted delimiters and newlines, and every read and piece size from one
//! byte up.

use std::io::Read;

/// Bytes read from the file per chunk.
pub const DEFAULT_CHUNK_BYTES: usize = 1 << 20;

/// How the file's bytes become UTF-8.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Decoding {
    /// UTF-8; `bom` says whether the file starts with a byte-order mark (skipped).
    Utf8 {
        /// A BOM to skip.
        bom: bool,
    },
    /// Another encoding (GB18030, UTF-16 with its BOM), decoded in a streaming decoder.
    Decoded(&'static encoding_rs::Encoding),
}

/// What stopped a read.
#[derive(Debug)]
pub(crate) enum StreamError {
    /// The file could not be read.
    Io(std::io::Error),
    /// A field is not valid UTF-8 (only in [`Decoding::Utf8`]).
    BadUtf8,
    /// The decoder met bytes that are not in its encoding.
    Malformed,
}

/// A record's fields, wherever they are kept.
pub(crate) trait Fields {
    /// Number of fields.
    fn len(&self) -> usize;
    /// Field `i` (`""` past the end).
    fn field(&self, i: usize) -> &str;
    /// The record's 1-based line, as the `csv` crate's `Position::line` gives it.
    fn line(&self) -> u64;
    /// Whether every field is empty after trimming (`,,,`).
    fn is_blank(&self) -> bool {
        (0..self.len()).all(|i| trim(self.field(i)).is_empty())
    }
}

/// `s.trim()`, returning at once when `s` starts and ends with a printable ASCII byte (most
/// fields), which `str::trim`, decoding characters from both ends, does not.
pub(crate) fn trim(s: &str) -> &str {
    let b = s.as_bytes();
    let solid = |c: Option<&u8>| c.is_some_and(|&c| c > b' ' && c < 0x7f);
    if solid(b.first()) && solid(b.last()) {
        s
    } else {
        s.trim()
    }
}

/// One record: the text of its fields one after another and where each ends.
#[derive(Debug, Default)]
pub(crate) struct Record {
    text: String,
    ends: Vec<usize>,
    line: u64,
}

impl Fields for Record {
    fn len(&self) -> usize {
        self.ends.len()
    }

    fn field(&self, i: usize) -> &str {
        let Some(&end) = self.ends.get(i) else {
            return "";
        };
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        self.text.get(start..end).unwrap_or("")
    }

    fn line(&self) -> u64 {
        self.line
    }
}

impl Record {
    /// Takes the field bytes `bytes` (whose field ends are already in `self.ends`) as the
    /// record's text; `false` (the bytes kept in `bytes`) when they are not UTF-8 or a field
    /// boundary falls inside a character (a field on its own is then not UTF-8 either).
    fn take_text(&mut self, bytes: &mut Vec<u8>) -> bool {
        match String::from_utf8(std::mem::take(bytes)) {
            Ok(text) if self.ends.iter().all(|&e| text.is_char_boundary(e)) => {
                self.text = text;
                true
            }
            Ok(text) => {
                *bytes = text.into_bytes();
                false
            }
            Err(e) => {
                *bytes = e.into_bytes();
                false
            }
        }
    }

    /// Hands the text's buffer back for the next record's bytes.
    fn give_back(&mut self) -> Vec<u8> {
        std::mem::take(&mut self.text).into_bytes()
    }
}

/// Reads records from `src`; see the module docs.
pub(crate) struct Records<R> {
    src: R,
    decoder: Option<encoding_rs::Decoder>,
    bom_left: usize,
    chunk: usize,
    raw: Vec<u8>,
    buf: Vec<u8>,
    start: usize,
    eof: bool,
    delimiter: u8,
    /// The line the next record starts on, as the csv crate counts.
    next_line: u64,
    rec: Vec<u8>,
    record: Record,
}

enum Parsed {
    /// A record ended after `consumed` bytes, `newlines` of them `\n`.
    Record { consumed: usize, newlines: u64 },
    /// Only blank lines were left before the end of the input.
    End,
    /// The input ends inside a record and more may come.
    NeedMore,
}

impl<R: Read> Records<R> {
    /// A reader of `src` in `decoding`, reading `chunk` bytes at a time (at least one).
    pub(crate) fn new(src: R, decoding: Decoding, delimiter: u8, chunk: usize) -> Self {
        let (decoder, bom_left) = match decoding {
            Decoding::Utf8 { bom } => (None, if bom { 3 } else { 0 }),
            Decoding::Decoded(enc)
                if enc == encoding_rs::UTF_16LE || enc == encoding_rs::UTF_16BE =>
            {
                (Some(enc.new_decoder_with_bom_removal()), 0)
            }
            Decoding::Decoded(enc) => (Some(enc.new_decoder_without_bom_handling()), 0),
        };
        Self {
            src,
            decoder,
            bom_left,
            chunk: chunk.max(1),
            raw: Vec::new(),
            buf: Vec::new(),
            start: 0,
            eof: false,
            delimiter,
            next_line: 1,
            rec: Vec::new(),
            record: Record::default(),
        }
    }

    /// The record last read.
    pub(crate) fn record(&self) -> &Record {
        &self.record
    }

    /// Reads the next record; `Ok(false)` at the end of the file. Its fields and line are
    /// then read through [`Records::record`].
    pub(crate) fn next_record(&mut self) -> Result<bool, StreamError> {
        self.rec = self.record.give_back();
        loop {
            let input = &self.buf[self.start..];
            let mut sink = (&mut self.rec, &mut self.record.ends);
            match parse_record(input, self.eof, self.delimiter, &mut sink) {
                Parsed::Record { consumed, newlines } => {
                    self.record.line = self.next_line;
                    self.next_line += newlines;
                    self.start += consumed;
                    return if self.record.take_text(&mut self.rec) {
                        Ok(true)
                    } else {
                        Err(StreamError::BadUtf8)
                    };
                }
                Parsed::End => {
                    self.record.line = self.next_line;
                    self.start = self.buf.len();
                    return Ok(false);
                }
                Parsed::NeedMore => self.fill()?,
            }
        }
    }

    /// Moves the unread text to the front of the buffer and appends the next chunk.
    fn fill(&mut self) -> Result<(), StreamError> {
        self.buf.drain(..self.start);
        self.start = 0;
        self.raw.resize(self.chunk, 0);
        let n = read_some(&mut self.src, &mut self.raw).map_err(StreamError::Io)?;
        self.eof = n == 0;
        let mut got = &self.raw[..n];
        // The BOM was seen when the file was sniffed; skip its bytes, even split over chunks.
        let skip = got.len().min(self.bom_left);
        got = &got[skip..];
        self.bom_left -= skip;
        match self.decoder.as_mut() {
            None => self.buf.extend_from_slice(got),
            Some(dec) => {
                let mut src = got;
                loop {
                    let room = dec
                        .max_utf8_buffer_length(src.len())
                        .unwrap_or(src.len() * 4 + 16);
                    let old = self.buf.len();
                    self.buf.resize(old + room, 0);
                    let (res, read, written, replaced) =
                        dec.decode_to_utf8(src, &mut self.buf[old..], self.eof);
                    self.buf.truncate(old + written);
                    if replaced {
                        return Err(StreamError::Malformed);
                    }
                    src = &src[read..];
                    if res == encoding_rs::CoderResult::InputEmpty {
                        break;
                    }
                }
            }
        }
        Ok(())
    }
}

/// One `read`, retried when interrupted.
fn read_some<R: Read>(src: &mut R, into: &mut [u8]) -> std::io::Result<usize> {
    loop {
        match src.read(into) {
            Ok(n) => return Ok(n),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
}

/// A piece of the raw file cut by [`Splitter`].
#[derive(Debug)]
pub(crate) struct Piece {
    /// The bytes (a UTF-8 BOM already skipped).
    pub(crate) bytes: Vec<u8>,
    /// Whether the file ends with this piece.
    pub(crate) last: bool,
}

/// Why [`Splitter`] gave up: the file could not be read, or no balanced cut turned up within
/// [`MAX_PIECE_BYTES`] (a stray quote, most likely; the caller reads the file in one stream).
#[derive(Debug)]
pub(crate) enum SplitError {
    /// The file could not be read.
    Io(std::io::Error),
    /// No cut within [`MAX_PIECE_BYTES`].
    NoCut,
}

/// The longest piece [`Splitter`] lets grow while it looks for a cut.
pub(crate) const MAX_PIECE_BYTES: usize = 64 << 20;

/// Cuts a raw file into pieces of about `piece` bytes, each ending after a `\n` with an even
/// number of `"` since the piece started (see the module docs). Only for UTF-8 and GB18030,
/// where neither `\n` nor `"` is ever part of a longer character.
pub(crate) struct Splitter<R> {
    src: R,
    buf: Vec<u8>,
    bom_left: usize,
    piece: usize,
    eof: bool,
    /// `buf[..checked]` has no cut, and holds `quotes` quotes.
    checked: usize,
    quotes: usize,
}

impl<R: Read> Splitter<R> {
    /// A splitter of `src` into pieces of about `piece` bytes (at least one); `bom` skips a
    /// UTF-8 byte-order mark.
    pub(crate) fn new(src: R, bom: bool, piece: usize) -> Self {
        Self {
            src,
            buf: Vec::new(),
            bom_left: if bom { 3 } else { 0 },
            piece: piece.max(1),
            eof: false,
            checked: 0,
            quotes: 0,
        }
    }

    /// The next piece, `None` after the last.
    pub(crate) fn next_piece(&mut self) -> Result<Option<Piece>, SplitError> {
        loop {
            if let Some(cut) = self.cut() {
                let mut rest = Vec::with_capacity(self.piece.saturating_mul(2).min(1 << 24));
                rest.extend_from_slice(&self.buf[cut..]);
                self.buf.truncate(cut);
                let bytes = std::mem::replace(&mut self.buf, rest);
                (self.checked, self.quotes) = (0, 0);
                return Ok(Some(Piece { bytes, last: false }));
            }
            if self.eof {
                let bytes = std::mem::take(&mut self.buf);
                return Ok((!bytes.is_empty()).then_some(Piece { bytes, last: true }));
            }
            if self.buf.len() >= MAX_PIECE_BYTES {
                return Err(SplitError::NoCut);
            }
            self.read_more().map_err(SplitError::Io)?;
        }
    }

    /// Where to cut the buffer: after its last `\n` with balanced quotes before it (`None` at
    /// the end of the file, before `piece` bytes are in, or when more must be read first).
    fn cut(&mut self) -> Option<usize> {
        if self.eof || self.buf.len() < self.piece {
            return None;
        }
        // Only the bytes read since the last look can hold a new cut.
        let new = &self.buf[self.checked..];
        let in_new = new.iter().filter(|&&b| b == b'"').count();
        let mut quotes = self.quotes + in_new;
        for k in memchr::memrchr2_iter(b'"', b'\n', new) {
            if new[k] == b'"' {
                quotes -= 1;
            } else if quotes.is_multiple_of(2) {
                return Some(self.checked + k + 1);
            }
        }
        self.quotes += in_new;
        self.checked = self.buf.len();
        None
    }

    /// Appends one read of `piece` bytes.
    fn read_more(&mut self) -> std::io::Result<()> {
        let old = self.buf.len();
        self.buf.resize(old + self.piece, 0);
        let n = read_some(&mut self.src, &mut self.buf[old..])?;
        self.buf.truncate(old + n);
        self.eof = n == 0;
        let skip = n.min(self.bom_left);
        self.bom_left -= skip;
        self.buf.drain(old..old + skip);
        Ok(())
    }
}

/// A piece's bytes as UTF-8 text: as is in [`Decoding::Utf8`], decoded from GB18030 into
/// `scratch` otherwise. `None` when they are not valid in their encoding, or the encoding is
/// not one [`Splitter`] can cut (UTF-16).
pub(crate) fn piece_text<'t>(
    bytes: &'t [u8],
    decoding: Decoding,
    scratch: &'t mut String,
) -> Option<&'t str> {
    match decoding {
        Decoding::Utf8 { .. } => std::str::from_utf8(bytes).ok(),
        Decoding::Decoded(enc) if enc == encoding_rs::GB18030 => {
            let mut dec = enc.new_decoder_without_bom_handling();
            scratch.clear();
            scratch.reserve(dec.max_utf8_buffer_length_without_replacement(bytes.len())?);
            let (res, _) = dec.decode_to_string_without_replacement(bytes, scratch, true);
            (res == encoding_rs::DecoderResult::InputEmpty).then_some(scratch.as_str())
        }
        Decoding::Decoded(_) => None,
    }
}

/// The records of one piece of text that starts where a record starts. Lines are counted from
/// the piece's start: a record's [`Fields::line`] is the number of `\n` read before its
/// parse began (see [`PieceRecords::trailing`] for joining pieces). Fields are read in place
/// in the text; only a field with a `""` escape or text after its closing quote is copied.
pub(crate) struct PieceRecords<'t> {
    text: &'t str,
    pos: usize,
    last: bool,
    delimiter: u8,
    newlines: u64,
    line: u64,
    spans: Spans,
}

/// A piece that does not end where a record ends: its cut was wrong.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Misfit;

impl<'t> PieceRecords<'t> {
    /// Records of `text`; `last` when the file ends with it.
    pub(crate) fn new(text: &'t str, last: bool, delimiter: u8) -> Self {
        Self {
            text,
            pos: 0,
            last,
            delimiter,
            newlines: 0,
            line: 0,
            spans: Spans::default(),
        }
    }

    /// The record last read.
    pub(crate) fn record(&self) -> PieceRow<'_> {
        PieceRow {
            text: self.text,
            spans: &self.spans,
            line: self.line,
        }
    }

    /// Reads the next record; `Ok(false)` at the end of the piece.
    pub(crate) fn next_record(&mut self) -> Result<bool, Misfit> {
        let rest = &self.text.as_bytes()[self.pos..];
        self.spans.base = self.pos;
        match parse_record(rest, self.last, self.delimiter, &mut self.spans) {
            Parsed::Record { consumed, newlines } => {
                self.line = self.newlines;
                self.newlines += newlines;
                self.pos += consumed;
                // Copies are cut at ASCII bytes of valid text, so they are text too.
                match std::str::from_utf8(&self.spans.copy) {
                    Ok(_) => Ok(true),
                    Err(_) => Err(Misfit),
                }
            }
            Parsed::End => Ok(false),
            Parsed::NeedMore if rest.iter().all(|&b| b == b'\r' || b == b'\n') => Ok(false),
            Parsed::NeedMore => Err(Misfit),
        }
    }

    /// The `\n` after the piece's last record (a `\r\n` record's own `\n` among them), which a
    /// single stream counts in the line of the record after the next piece's first.
    pub(crate) fn trailing(&self) -> u64 {
        count_newlines(&self.text.as_bytes()[self.pos..])
    }

    /// Every `\n` in the piece.
    pub(crate) fn newlines(&self) -> u64 {
        self.newlines + self.trailing()
    }
}

/// Where a field of a piece's record lies: in the piece's text, or in the record's copies.
#[derive(Debug, Clone, Copy)]
enum Span {
    Text(usize, usize),
    Copy(usize, usize),
}

/// The fields of a piece's record, as [`Span`]s.
#[derive(Debug, Default)]
struct Spans {
    fields: Vec<Span>,
    copy: Vec<u8>,
    field: Option<Span>,
    /// Where the text [`parse_record`] reads starts in the piece.
    base: usize,
}

impl Spans {
    /// Moves the field being read into the copies (if it is not there yet); where it starts.
    fn copy_start(&mut self, s: &[u8]) -> usize {
        let start = self.copy.len();
        match self.field {
            None => start,
            Some(Span::Text(a, b)) => {
                self.copy
                    .extend_from_slice(&s[a - self.base..b - self.base]);
                start
            }
            Some(Span::Copy(first, _)) => first,
        }
    }
}

impl Sink for Spans {
    fn clear(&mut self) {
        self.fields.clear();
        self.copy.clear();
        self.field = None;
    }

    fn take(&mut self, s: &[u8], from: usize, to: usize) {
        if self.field.is_none() {
            self.field = Some(Span::Text(self.base + from, self.base + to));
        } else {
            let start = self.copy_start(s);
            self.copy.extend_from_slice(&s[from..to]);
            self.field = Some(Span::Copy(start, self.copy.len()));
        }
    }

    fn quote(&mut self, s: &[u8]) {
        let start = self.copy_start(s);
        self.copy.push(b'"');
        self.field = Some(Span::Copy(start, self.copy.len()));
    }

    fn end_field(&mut self) {
        self.fields
            .push(self.field.take().unwrap_or(Span::Text(0, 0)));
    }
}

/// One record of a [`PieceRecords`].
pub(crate) struct PieceRow<'r> {
    text: &'r str,
    spans: &'r Spans,
    line: u64,
}

impl Fields for PieceRow<'_> {
    fn len(&self) -> usize {
        self.spans.fields.len()
    }

    fn field(&self, i: usize) -> &str {
        match self.spans.fields.get(i) {
            Some(&Span::Text(a, b)) => self.text.get(a..b).unwrap_or(""),
            Some(&Span::Copy(a, b)) => self
                .spans
                .copy
                .get(a..b)
                .and_then(|c| std::str::from_utf8(c).ok())
                .unwrap_or(""),
            None => "",
        }
    }

    fn line(&self) -> u64 {
        self.line
    }
}

/// Where [`parse_record`] puts a record's fields.
trait Sink {
    /// Forgets the last record.
    fn clear(&mut self);
    /// Appends `s[from..to]` to the field being read.
    fn take(&mut self, s: &[u8], from: usize, to: usize);
    /// Appends a `"` (from a `""` escape in `s`) to the field being read.
    fn quote(&mut self, s: &[u8]);
    /// Ends the field being read.
    fn end_field(&mut self);
}

/// The fields' bytes one after another, and where each ends.
impl Sink for (&mut Vec<u8>, &mut Vec<usize>) {
    fn clear(&mut self) {
        self.0.clear();
        self.1.clear();
    }

    fn take(&mut self, s: &[u8], from: usize, to: usize) {
        self.0.extend_from_slice(&s[from..to]);
    }

    fn quote(&mut self, _: &[u8]) {
        self.0.push(b'"');
    }

    fn end_field(&mut self) {
        self.1.push(self.0.len());
    }
}

/// Parses one record from the start of `s` into `rec`/`ends`, following the `csv-core` state
/// machine (see the module docs). `eof` says that no input follows `s`.
fn parse_record(s: &[u8], eof: bool, delimiter: u8, rec: &mut impl Sink) -> Parsed {
    rec.clear();
    let n = s.len();
    let mut newlines = 0u64;
    let mut i = 0;
    // Blank lines before the record are skipped (their newlines still count).
    while i < n && (s[i] == b'\r' || s[i] == b'\n') {
        newlines += u64::from(s[i] == b'\n');
        i += 1;
    }
    if i == n {
        return if eof { Parsed::End } else { Parsed::NeedMore };
    }
    // One field per turn of this loop.
    loop {
        if i == n {
            // The input ends where a field starts (after a delimiter): an empty last field.
            if !eof {
                return Parsed::NeedMore;
            }
            rec.end_field();
            return Parsed::Record {
                consumed: i,
                newlines,
            };
        }
        let mut from = i;
        if s[i] == b'"' {
            match quoted(s, i + 1, eof, rec, &mut newlines) {
                Quoted::Ended(at) => {
                    from = at;
                    let c = s[at];
                    if c == delimiter || c == b'\r' || c == b'\n' {
                        i = at + 1;
                        rec.end_field();
                        if c == delimiter {
                            continue;
                        }
                        newlines += u64::from(c == b'\n');
                        return Parsed::Record {
                            consumed: i,
                            newlines,
                        };
                    }
                    // Text after the closing quote is kept, as the csv crate keeps it.
                }
                Quoted::AtEnd(consumed) => {
                    rec.end_field();
                    return Parsed::Record { consumed, newlines };
                }
                Quoted::NeedMore => return Parsed::NeedMore,
            }
        }
        match memchr::memchr3(delimiter, b'\r', b'\n', &s[from..]) {
            None => {
                if !eof {
                    return Parsed::NeedMore;
                }
                rec.take(s, from, s.len());
                rec.end_field();
                return Parsed::Record {
                    consumed: n,
                    newlines,
                };
            }
            Some(k) => {
                rec.take(s, from, from + k);
                rec.end_field();
                let c = s[from + k];
                i = from + k + 1;
                if c == delimiter {
                    continue;
                }
                newlines += u64::from(c == b'\n');
                return Parsed::Record {
                    consumed: i,
                    newlines,
                };
            }
        }
    }
}

/// How a quoted field ended.
enum Quoted {
    /// The closing quote was followed by the byte at this index.
    Ended(usize),
    /// The input (and the file) ended in the field, after this many bytes.
    AtEnd(usize),
    /// The input ended in the field and more may come.
    NeedMore,
}

/// Reads a quoted field's text from `s[i..]` (just after its opening quote) into `rec`,
/// turning `""` into `"` and counting the newlines in it.
fn quoted(s: &[u8], mut i: usize, eof: bool, rec: &mut impl Sink, newlines: &mut u64) -> Quoted {
    loop {
        let Some(k) = memchr::memchr(b'"', &s[i..]) else {
            if !eof {
                return Quoted::NeedMore;
            }
            *newlines += count_newlines(&s[i..]);
            rec.take(s, i, s.len());
            return Quoted::AtEnd(s.len());
        };
        *newlines += count_newlines(&s[i..i + k]);
        rec.take(s, i, i + k);
        i += k + 1;
        match s.get(i) {
            None if !eof => return Quoted::NeedMore,
            None => return Quoted::AtEnd(i),
            Some(b'"') => {
                rec.quote(s);
                i += 1;
            }
            Some(_) => return Quoted::Ended(i),
        }
    }
}

fn count_newlines(s: &[u8]) -> u64 {
    memchr::memchr_iter(b'\n', s).count() as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (line, fields) of every record, headers included, as the csv crate reads them.
    fn with_csv(text: &[u8], delimiter: u8) -> Vec<(u64, Vec<String>)> {
        let mut rdr = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .flexible(true)
            .has_headers(false)
            .from_reader(text);
        let mut out = Vec::new();
        let mut rec = csv::StringRecord::new();
        while rdr.read_record(&mut rec).unwrap_or(false) {
            let line = rec.position().map_or(0, csv::Position::line);
            out.push((line, rec.iter().map(str::to_string).collect()));
        }
        out
    }

    fn fields_of(r: &impl Fields) -> (u64, Vec<String>) {
        (
            r.line(),
            (0..r.len()).map(|i| r.field(i).to_string()).collect(),
        )
    }

    fn with_stream(text: &[u8], delimiter: u8, chunk: usize) -> Vec<(u64, Vec<String>)> {
        let mut r = Records::new(text, Decoding::Utf8 { bom: false }, delimiter, chunk);
        let mut out = Vec::new();
        while r.next_record().unwrap_or(false) {
            out.push(fields_of(r.record()));
        }
        out
    }

    const TRICKY: &[&str] = &[
        "a,b,c\n1,2,3\n",
        "a,b\r\n1,2\r\n\r\n3,4",
        "a,b\r1,2\r3,4\r",
        "\n\n a , b \n,,\n\n\nx,\"q,\nr\",y\n",
        "h1,h2\n\"He said \"\"hi\"\"\",2\n\"ab\"cd,\"\"\n\"open,\nnever closed",
        "h\n1,\"2,\r\n3\"\r\n4,5,\n,\n\"\"\n",
        "数据年月,贸易伙伴名称,美元\n202301,日本,\"1,000\"\n202302,\"韩国\n\",\"2,000\"",
        "a\tb\n\"x\ty\"\tz\n",
        "only",
        "",
        "\r\n\r\n",
        "a,\"b\"\"\",\"\"\"\"\n",
        "x,y\n1,\"\"\r\n",
    ];

    #[test]
    fn records_and_lines_match_the_csv_crate_at_every_read_size() {
        for text in TRICKY {
            let delimiter = if text.contains('\t') { b'\t' } else { b',' };
            let want = with_csv(text.as_bytes(), delimiter);
            for chunk in (1..=text.len().max(1) + 1).chain([DEFAULT_CHUNK_BYTES]) {
                assert_eq!(
                    with_stream(text.as_bytes(), delimiter, chunk),
                    want,
                    "input {text:?}, read size {chunk}"
                );
            }
        }
    }

    #[test]
    fn gbk_text_split_inside_a_character_decodes_whole() {
        let (gbk, _, _) = encoding_rs::GBK.encode("贸易伙伴,美元\n日本,\"1,000\"\n");
        for chunk in 1..=gbk.len() {
            let mut r = Records::new(
                &gbk[..],
                Decoding::Decoded(encoding_rs::GB18030),
                b',',
                chunk,
            );
            assert!(r.next_record().unwrap_or(false));
            assert_eq!(r.record().field(0), "贸易伙伴");
            assert!(r.next_record().unwrap_or(false));
            let rec = r.record();
            assert_eq!((rec.field(0), rec.field(1)), ("日本", "1,000"));
            assert_eq!(rec.line(), 2);
            assert!(!r.next_record().unwrap_or(true));
        }
    }

    #[test]
    fn a_bom_split_over_reads_is_skipped() {
        let text = b"\xEF\xBB\xBFa,b\n1,2\n";
        for chunk in 1..=text.len() {
            let mut r = Records::new(&text[..], Decoding::Utf8 { bom: true }, b',', chunk);
            assert!(r.next_record().unwrap_or(false));
            assert_eq!(r.record().field(0), "a", "read size {chunk}");
        }
    }

    #[test]
    fn invalid_utf8_in_a_field_is_reported() {
        let mut r = Records::new(
            &b"a,b\n\xB0\xA1,2\n"[..],
            Decoding::Utf8 { bom: false },
            b',',
            3,
        );
        assert!(r.next_record().unwrap_or(false));
        assert!(matches!(r.next_record(), Err(StreamError::BadUtf8)));
    }
    /// Records of `text` cut into pieces of `size` bytes and read piece by piece, with lines
    /// joined as the importer joins them; `None` when a piece is a misfit or cannot be cut.
    fn with_pieces(text: &[u8], delimiter: u8, size: usize) -> Option<Vec<(u64, Vec<String>)>> {
        let mut splitter = Splitter::new(text, false, size);
        let (mut out, mut before, mut carry) = (Vec::new(), 0u64, 0u64);
        let mut scratch = String::new();
        while let Some(piece) = splitter.next_piece().ok()? {
            let decoding = Decoding::Utf8 { bom: false };
            let text = piece_text(&piece.bytes, decoding, &mut scratch)?;
            let mut records = PieceRecords::new(text, piece.last, delimiter);
            let mut first = true;
            while records.next_record().ok()? {
                let (line, fields) = fields_of(&records.record());
                let line = if std::mem::take(&mut first) {
                    1 + before - carry
                } else {
                    1 + before + line
                };
                out.push((line, fields));
            }
            carry = if first {
                carry + records.newlines()
            } else {
                records.trailing()
            };
            before += records.newlines();
        }
        Some(out)
    }

    #[test]
    fn pieces_cut_anywhere_give_the_records_and_lines_of_the_csv_crate() {
        let mut cut_every_time = 0;
        for text in TRICKY {
            let delimiter = if text.contains('\t') { b'\t' } else { b',' };
            let want = with_csv(text.as_bytes(), delimiter);
            for size in 1..=text.len().max(1) + 1 {
                // A stray quote may leave no cut or a misfit: the importer then reads in one
                // stream. Every other cut must give exactly the csv crate's records.
                if let Some(got) = with_pieces(text.as_bytes(), delimiter, size) {
                    assert_eq!(got, want, "input {text:?}, piece size {size}");
                    cut_every_time += 1;
                }
            }
        }
        assert!(cut_every_time > 100, "{cut_every_time}");
    }

    #[test]
    fn a_quoted_comma_and_newline_is_never_a_cut() {
        let text = "a,b\n1,\"x,\ny\"\r\n2,\"p\n\nq\"\n3,4\n";
        let want = with_csv(text.as_bytes(), b',');
        for size in 1..=text.len() + 1 {
            let got = with_pieces(text.as_bytes(), b',', size);
            assert_eq!(got.as_ref(), Some(&want), "piece size {size}");
        }
        // And the pieces themselves end only after a newline outside quotes.
        let mut splitter = Splitter::new(text.as_bytes(), false, 6);
        let mut cuts = Vec::new();
        while let Ok(Some(piece)) = splitter.next_piece() {
            cuts.push(String::from_utf8(piece.bytes).unwrap_or_default());
        }
        assert_eq!(
            cuts,
            ["a,b\n", "1,\"x,\ny\"\r\n", "2,\"p\n\nq\"\n", "3,4\n"]
        );
    }

    #[test]
    fn a_stray_quote_that_fools_the_cut_is_a_misfit() {
        // `a"b` is an unquoted field with a quote in it: the record ends at its newline, but
        // the quotes are unbalanced there, so the cut lands inside the next record's quotes.
        let text = "a\"b,c\nx,\"y\nz\"\n";
        let mut splitter = Splitter::new(text.as_bytes(), false, 8);
        let piece = splitter.next_piece().ok().flatten().map(|p| p.bytes);
        assert_eq!(piece.as_deref(), Some("a\"b,c\nx,\"y\n".as_bytes()));
        let mut records = PieceRecords::new("a\"b,c\nx,\"y\n", false, b',');
        assert_eq!(records.next_record(), Ok(true));
        assert_eq!(records.next_record(), Err(Misfit));
    }

    #[test]
    fn a_gbk_piece_decodes_whole_and_bad_bytes_are_refused() {
        let (gbk, _, _) = encoding_rs::GBK.encode("贸易伙伴,美元\n日本,\"1,000\"\n");
        let mut scratch = String::new();
        let gb = Decoding::Decoded(encoding_rs::GB18030);
        assert_eq!(
            piece_text(&gbk, gb, &mut scratch),
            Some("贸易伙伴,美元\n日本,\"1,000\"\n")
        );
        assert_eq!(piece_text(b"\x81\n", gb, &mut scratch), None);
        assert_eq!(
            piece_text(&gbk, Decoding::Utf8 { bom: false }, &mut scratch),
            None
        );
        let utf16 = Decoding::Decoded(encoding_rs::UTF_16LE);
        assert_eq!(piece_text(b"a\0", utf16, &mut scratch), None);
    }
}
