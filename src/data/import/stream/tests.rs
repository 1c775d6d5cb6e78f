use super::piece::Misfit;
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

#[test]
fn trimming_agrees_with_str_trim_for_every_character_at_either_end() {
    for c in (0..=0x10_FFFF).filter_map(char::from_u32) {
        for s in [
            format!("{c}"),
            format!("{c}x"),
            format!("x{c}"),
            format!("{c}日本{c}"),
            format!(" {c}"),
        ] {
            assert_eq!(trim(&s), s.trim(), "{:?} (U+{:04X})", s, u32::from(c));
        }
    }
}
