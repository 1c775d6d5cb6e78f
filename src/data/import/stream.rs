//! Streaming CSV records for the importers: a file is read in fixed-size chunks (never whole),
//! decoded to UTF-8 chunk by chunk (UTF-8 as is; GBK/GB18030 and UTF-16 through `encoding_rs`'s
//! streaming decoder, which carries a character split between chunks), and split into records
//! exactly as the `csv` crate splits them with the options the importers use (comma or tab
//! delimiter, `"` quoting with `""` escapes, `\n`, `\r` or `\r\n` ends, blank lines skipped,
//! `flexible`), with the same 1-based line numbers. A record's fields live in one reused buffer:
//! no allocation per row or field.
//!
//! For parsing on several threads, `Splitter` cuts the raw file into pieces after a newline
//! where the quotes seen since the last cut are balanced (a quoted newline is never a cut), and
//! `PieceRecords` reads the records of one piece. A stray quote in an unquoted field can
//! fool that cut; the piece before it then does not end where a record ends, which
//! `PieceRecords` reports, and the caller reads the file again in one stream.
//!
//! The unit tests check the records and line numbers against the `csv` crate on inputs with
//! every line ending, quoted delimiters and newlines, and every read and piece size from one
//! byte up.

use std::io::Read;

mod piece;
pub(crate) use piece::{Piece, PieceRecords, SplitError, Splitter, piece_text};

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

/// `s.trim()`, returning at once when `s` starts and ends with a printable ASCII byte or a
/// character U+4000–U+9FFF (most fields: codes, numbers, Chinese names), which `str::trim`,
/// decoding characters from both ends, does not. Those characters are three bytes led by
/// `E4`–`E9`, and no whitespace is (every non-ASCII whitespace is led by `C2`, `E1`, `E2` or
/// `E3`).
#[inline]
pub(crate) fn trim(s: &str) -> &str {
    let ascii = |c: u8| c > b' ' && c < 0x7f;
    let cjk_lead = |c: u8| (0xE4..=0xE9).contains(&c);
    let b = s.as_bytes();
    let starts = b.first().is_some_and(|&c| ascii(c) || cjk_lead(c));
    // In valid UTF-8, a lead byte three from the end leads the last character.
    let ends = match b {
        [.., c] if ascii(*c) => true,
        [.., lead, _, _] => cjk_lead(*lead),
        _ => false,
    };
    if starts && ends { s } else { s.trim() }
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
        match field_end(&s[from..], delimiter) {
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

/// Bytes of a field searched with a plain loop before `memchr` (whose call costs more than
/// such a loop over a short field: a code, a date, a value).
const SHORT_FIELD: usize = 24;

/// Where the first delimiter, `\r` or `\n` in `s` is.
fn field_end(s: &[u8], delimiter: u8) -> Option<usize> {
    let end = |b: u8| b == delimiter || b == b'\r' || b == b'\n';
    find_short(s, end, |t| memchr::memchr3(delimiter, b'\r', b'\n', t))
}

/// The first byte of `s` that is `wanted`: most fields are short, and a plain loop over their
/// bytes finds it sooner than a call to `memchr`, which (as `far`) searches past them.
#[inline]
fn find_short(
    s: &[u8],
    wanted: impl Fn(u8) -> bool,
    far: impl FnOnce(&[u8]) -> Option<usize>,
) -> Option<usize> {
    let head = &s[..s.len().min(SHORT_FIELD)];
    match head.iter().position(|&b| wanted(b)) {
        Some(k) => Some(k),
        None if s.len() <= SHORT_FIELD => None,
        None => far(&s[SHORT_FIELD..]).map(|k| k + SHORT_FIELD),
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
        let Some(k) = find_short(&s[i..], |b| b == b'"', |t| memchr::memchr(b'"', t)) else {
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

/// The `\n` in `s`: a plain count in a short field (a quoted value), `memchr`'s elsewhere.
fn count_newlines(s: &[u8]) -> u64 {
    if s.len() <= SHORT_FIELD {
        s.iter().map(|&b| u64::from(b == b'\n')).sum()
    } else {
        memchr::memchr_iter(b'\n', s).count() as u64
    }
}

#[cfg(test)]
mod tests;
