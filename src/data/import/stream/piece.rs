//! Cutting a raw file into pieces that end after a whole record, and reading the records of a
//! piece in place (the parallel China Customs check; see the parent module for the parser).

use super::*;

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

    /// Where to cut the buffer: after its last `\n` with balanced quotes before it (`None`
    /// before `piece` bytes are in, or when more must be read first).
    fn cut(&mut self) -> Option<usize> {
        if self.buf.len() < self.piece {
            return None;
        }
        // Only the bytes read since the last look can hold a new cut.
        let new = &self.buf[self.checked..];
        let in_new = memchr::memchr_iter(b'"', new).count();
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

    /// Appends up to `piece` bytes (fewer only at the end of the file), into spare capacity:
    /// `read_to_end` does not zero it first.
    fn read_more(&mut self) -> std::io::Result<()> {
        let old = self.buf.len();
        let want = self.piece as u64;
        let n = (&mut self.src).take(want).read_to_end(&mut self.buf)?;
        self.eof = (n as u64) < want;
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
        // `encoding_rs` checks UTF-8 with SIMD where the CPU has it (AVX2, SSE 4.2), several
        // times faster than `std::str::from_utf8` on Chinese text (7% of an import before).
        Decoding::Utf8 { .. } => {
            match encoding_rs::UTF_8.decode_without_bom_handling_and_without_replacement(bytes)? {
                std::borrow::Cow::Borrowed(text) => Some(text),
                std::borrow::Cow::Owned(text) => {
                    *scratch = text;
                    Some(scratch.as_str())
                }
            }
        }
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

    #[inline]
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
