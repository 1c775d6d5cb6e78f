//! Streaming CSV records for the importers: a file is read in fixed-size chunks (never whole),
//! decoded to UTF-8 chunk by chunk (UTF-8 as is; GBK/GB18030 and UTF-16 through `encoding_rs`'s
//! streaming decoder, which carries a character split between chunks), and split into records
//! exactly as the `csv` crate splits them with the options the importers use (comma or tab
//! delimiter, `"` quoting with `""` escapes, `\n`, `\r` or `\r\n` ends, blank lines skipped,
//! `flexible`), with the same 1-based line numbers. A record's fields live in one reused buffer:
//! no allocation per row or field.
//!
//! The unit tests check the records and line numbers against the `csv` crate on inputs with
//! every line ending, quoted delimiters and newlines, and every read size from one byte up.

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
    rec_text: String,
    ends: Vec<usize>,
    rec_line: u64,
}

/// A record's fields, wherever they are kept (the reader itself, or a [`Batch`]).
pub(crate) trait Fields {
    /// Number of fields.
    fn len(&self) -> usize;
    /// Field `i` (`""` past the end).
    fn field(&self, i: usize) -> &str;
    /// The record's 1-based line, as the `csv` crate's `Position::line` gives it.
    fn line(&self) -> u64;
    /// Whether every field is empty after trimming (`,,,`).
    fn is_blank(&self) -> bool {
        (0..self.len()).all(|i| self.field(i).trim().is_empty())
    }
}

/// Records read ahead (by a reader thread), kept in three flat buffers: the text of every
/// field one after another, each field's end, and each record's last field and line.
#[derive(Debug, Default)]
pub(crate) struct Batch {
    text: String,
    ends: Vec<usize>,
    records: Vec<(usize, u64)>,
}

impl Batch {
    /// Empties the batch, keeping its buffers.
    pub(crate) fn clear(&mut self) {
        self.text.clear();
        self.ends.clear();
        self.records.clear();
    }

    /// Number of records.
    pub(crate) fn len(&self) -> usize {
        self.records.len()
    }

    /// Appends the reader's current record.
    pub(crate) fn push<R>(&mut self, r: &Records<R>) {
        let base = self.text.len();
        self.text.push_str(&r.rec_text);
        self.ends.extend(r.ends.iter().map(|e| base + e));
        self.records.push((self.ends.len(), r.rec_line));
    }

    /// The records, in file order.
    pub(crate) fn rows(&self) -> impl Iterator<Item = BatchRow<'_>> {
        let mut first = 0usize;
        self.records.iter().map(move |&(end, line)| {
            let start = self.ends.get(first.wrapping_sub(1)).copied().unwrap_or(0);
            let row = BatchRow {
                text: &self.text,
                start,
                ends: &self.ends[first..end],
                line,
            };
            first = end;
            row
        })
    }
}

/// One record of a [`Batch`].
pub(crate) struct BatchRow<'a> {
    text: &'a str,
    start: usize,
    ends: &'a [usize],
    line: u64,
}

impl Fields for BatchRow<'_> {
    fn len(&self) -> usize {
        self.ends.len()
    }

    fn field(&self, i: usize) -> &str {
        let Some(&end) = self.ends.get(i) else {
            return "";
        };
        let start = if i == 0 { self.start } else { self.ends[i - 1] };
        self.text.get(start..end).unwrap_or("")
    }

    fn line(&self) -> u64 {
        self.line
    }
}

impl<R> Fields for Records<R> {
    fn len(&self) -> usize {
        self.ends.len()
    }

    fn field(&self, i: usize) -> &str {
        let Some(&end) = self.ends.get(i) else {
            return "";
        };
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        self.rec_text.get(start..end).unwrap_or("")
    }

    fn line(&self) -> u64 {
        self.rec_line
    }
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
            rec_text: String::new(),
            ends: Vec::new(),
            rec_line: 1,
        }
    }

    /// Reads the next record; `Ok(false)` at the end of the file. Its fields and line are
    /// then read through [`Fields`].
    pub(crate) fn next_record(&mut self) -> Result<bool, StreamError> {
        self.rec = std::mem::take(&mut self.rec_text).into_bytes();
        loop {
            let input = &self.buf[self.start..];
            match parse_record(
                input,
                self.eof,
                self.delimiter,
                &mut self.rec,
                &mut self.ends,
            ) {
                Parsed::Record { consumed, newlines } => {
                    self.rec_line = self.next_line;
                    self.next_line += newlines;
                    self.start += consumed;
                    // One validation per record; a field boundary inside a character means a
                    // field on its own is not UTF-8 either.
                    return match String::from_utf8(std::mem::take(&mut self.rec)) {
                        Ok(text) if self.ends.iter().all(|&e| text.is_char_boundary(e)) => {
                            self.rec_text = text;
                            Ok(true)
                        }
                        Ok(text) => {
                            self.rec = text.into_bytes();
                            Err(StreamError::BadUtf8)
                        }
                        Err(e) => {
                            self.rec = e.into_bytes();
                            Err(StreamError::BadUtf8)
                        }
                    };
                }
                Parsed::End => {
                    self.rec_line = self.next_line;
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
        let n = loop {
            match self.src.read(&mut self.raw) {
                Ok(n) => break n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(StreamError::Io(e)),
            }
        };
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

/// Parses one record from the start of `s` into `rec`/`ends`, following the `csv-core` state
/// machine (see the module docs). `eof` says that no input follows `s`.
fn parse_record(
    s: &[u8],
    eof: bool,
    delimiter: u8,
    rec: &mut Vec<u8>,
    ends: &mut Vec<usize>,
) -> Parsed {
    rec.clear();
    ends.clear();
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
            ends.push(rec.len());
            return Parsed::Record {
                consumed: i,
                newlines,
            };
        }
        let mut unquoted_from = None;
        if s[i] == b'"' {
            i += 1;
            loop {
                let Some(k) = memchr::memchr(b'"', &s[i..]) else {
                    if !eof {
                        return Parsed::NeedMore;
                    }
                    newlines += count_newlines(&s[i..]);
                    rec.extend_from_slice(&s[i..]);
                    ends.push(rec.len());
                    return Parsed::Record {
                        consumed: n,
                        newlines,
                    };
                };
                newlines += count_newlines(&s[i..i + k]);
                rec.extend_from_slice(&s[i..i + k]);
                i += k + 1;
                match s.get(i) {
                    None if !eof => return Parsed::NeedMore,
                    None => {
                        ends.push(rec.len());
                        return Parsed::Record {
                            consumed: i,
                            newlines,
                        };
                    }
                    Some(b'"') => {
                        rec.push(b'"');
                        i += 1;
                    }
                    Some(&c) if c == delimiter || c == b'\r' || c == b'\n' => break,
                    // Text after the closing quote is kept, as the csv crate keeps it.
                    Some(_) => {
                        unquoted_from = Some(i);
                        break;
                    }
                }
            }
            if unquoted_from.is_none() {
                let c = s[i];
                i += 1;
                ends.push(rec.len());
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
        let from = unquoted_from.unwrap_or(i);
        match memchr::memchr3(delimiter, b'\r', b'\n', &s[from..]) {
            None => {
                if !eof {
                    return Parsed::NeedMore;
                }
                rec.extend_from_slice(&s[from..]);
                ends.push(rec.len());
                return Parsed::Record {
                    consumed: n,
                    newlines,
                };
            }
            Some(k) => {
                rec.extend_from_slice(&s[from..from + k]);
                ends.push(rec.len());
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

fn count_newlines(s: &[u8]) -> u64 {
    memchr::memchr_iter(b'\n', s).count() as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_batch_gives_back_the_records_pushed_into_it() {
        let text = "a,b\n\"x\ny\",,z\n\nlast";
        let mut r = Records::new(text.as_bytes(), Decoding::Utf8 { bom: false }, b',', 2);
        let mut batch = Batch::default();
        let mut want = Vec::new();
        while r.next_record().unwrap_or(false) {
            batch.push(&r);
            want.push((
                r.line(),
                (0..r.len())
                    .map(|i| r.field(i).to_string())
                    .collect::<Vec<_>>(),
            ));
        }
        let got: Vec<_> = batch
            .rows()
            .map(|row| {
                (
                    row.line(),
                    (0..row.len())
                        .map(|i| row.field(i).to_string())
                        .collect::<Vec<_>>(),
                )
            })
            .collect();
        assert_eq!(got, want);
        assert_eq!(got[1].1, ["x\ny", "", "z"]);
    }

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

    fn with_stream(text: &[u8], delimiter: u8, chunk: usize) -> Vec<(u64, Vec<String>)> {
        let mut r = Records::new(text, Decoding::Utf8 { bom: false }, delimiter, chunk);
        let mut out = Vec::new();
        while r.next_record().unwrap_or(false) {
            let fields = (0..r.len()).map(|i| r.field(i).to_string()).collect();
            out.push((r.line(), fields));
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
            assert_eq!(r.field(0), "贸易伙伴");
            assert!(r.next_record().unwrap_or(false));
            assert_eq!((r.field(0), r.field(1)), ("日本", "1,000"));
            assert_eq!(r.line(), 2);
            assert!(!r.next_record().unwrap_or(true));
        }
    }

    #[test]
    fn a_bom_split_over_reads_is_skipped() {
        let text = b"\xEF\xBB\xBFa,b\n1,2\n";
        for chunk in 1..=text.len() {
            let mut r = Records::new(&text[..], Decoding::Utf8 { bom: true }, b',', chunk);
            assert!(r.next_record().unwrap_or(false));
            assert_eq!(r.field(0), "a", "read size {chunk}");
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
}
