//! The streaming China Customs importer at every read size: a row split across reads, a quoted
//! field with a comma and a newline across reads, CRLF ends, blank and duplicate rows, and a
//! GBK file whose two-byte characters are split between reads all give the same report, lines
//! and values as one big read (synthetic rows; see tests/fixtures/import/README.md).

#![allow(clippy::expect_used, clippy::unwrap_used)] // a failed expectation is a failed test

use std::path::{Path, PathBuf};

use tumen_atlas::data::import::{ImportOptions, Imported, import_file, import_file_chunked};
use tumen_atlas::data::{Dataset, Flow};

/// Header, 12 months of Japan (the February row's commodity is quoted with a comma and a
/// newline), a blank row, a duplicate of March, an unknown partner; CRLF ends.
fn messy_text() -> String {
    let mut t = String::from("数据年月,贸易伙伴名称,注册地名称,商品编码,美元\r\n");
    for m in 1..=12 {
        let commodity = if m == 2 {
            "\"01 活动物, 其他\r\n及产品\""
        } else {
            "01"
        };
        t.push_str(&format!(
            "2030{m:02},日本,吉林省,{commodity},\"1,{m:03}\"\r\n"
        ));
    }
    t.push_str(",,,,\r\n");
    t.push_str("203003,日本,吉林省,01,\"1,003\"\r\n");
    t.push_str("203004,亚特兰蒂斯,吉林省,01,5\r\n");
    t
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("write");
    path
}

fn check(imp: &Imported, what: &str) {
    let r = &imp.report;
    assert_eq!((r.rows_read, r.accepted), (14, 12), "{what}");
    let lines: Vec<(u64, &str)> = r
        .rejected
        .iter()
        .map(|i| (i.line, i.reason.as_str()))
        .collect();
    // Lines as the csv crate counts them in a CRLF file (the newlines before a record starts;
    // a row's own `\n` is passed when the next row starts), plus one for the quoted newline.
    assert_eq!(lines.len(), 2, "{what}: {lines:?}");
    assert_eq!(lines[0], (15, "duplicate of line 4"), "{what}");
    assert_eq!(lines[1].0, 16, "{what}");
    assert!(lines[1].1.contains("亚特兰蒂斯"), "{what}: {lines:?}");
    assert!(
        r.notes.iter().any(|n| n == "1 blank row(s) ignored"),
        "{what}"
    );
    assert_eq!(imp.rows.len(), 1, "{what}");
    // 12 × 1,000 + (1 + … + 12) = 12,078.
    let row = &imp.rows[0];
    assert_eq!(
        (row.partner.as_str(), row.flow, row.value),
        ("JPN", Flow::Export, 12_078.0),
        "{what}"
    );
}

#[test]
fn a_messy_utf8_export_reads_the_same_at_every_read_size() {
    let d = Dataset::bundled().expect("bundled data");
    let dir = tempfile::tempdir().expect("temp dir");
    let text = messy_text();
    let path = write(dir.path(), "吉林_出口_2030.csv", text.as_bytes());
    let opts = ImportOptions::default();
    let whole = import_file(&path, &d.geo, &d.trade, &opts).expect("imports");
    check(&whole, "one read");
    assert_eq!(whole.report.encoding, "UTF-8");
    for chunk in 1..=text.len() + 1 {
        let imp = import_file_chunked(&path, &d.geo, &d.trade, &opts, chunk).expect("imports");
        assert_eq!(imp.report, whole.report, "read size {chunk}");
        assert_eq!(imp.rows, whole.rows, "read size {chunk}");
    }
}

#[test]
fn a_gbk_export_split_inside_its_characters_reads_the_same_at_every_read_size() {
    let d = Dataset::bundled().expect("bundled data");
    let dir = tempfile::tempdir().expect("temp dir");
    let text = messy_text();
    let (gbk, _, bad) = encoding_rs::GBK.encode(&text);
    assert!(!bad);
    let path = write(dir.path(), "吉林_出口_2030_gbk.csv", &gbk);
    let opts = ImportOptions::default();
    let whole = import_file(&path, &d.geo, &d.trade, &opts).expect("imports");
    check(&whole, "one read");
    assert_eq!(whole.report.encoding, "GBK/GB18030");
    for chunk in 1..=gbk.len() + 1 {
        let imp = import_file_chunked(&path, &d.geo, &d.trade, &opts, chunk).expect("imports");
        assert_eq!(imp.report, whole.report, "read size {chunk}");
        assert_eq!(imp.rows, whole.rows, "read size {chunk}");
    }
}

#[test]
fn every_customs_fixture_reads_the_same_at_every_read_size() {
    let d = Dataset::bundled().expect("bundled data");
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import");
    for entry in std::fs::read_dir(&dir).expect("fixtures") {
        let path = entry.expect("entry").path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if !name.starts_with("customs_") {
            continue;
        }
        let opts = ImportOptions {
            flow: name.contains("no_flow").then_some(Flow::Total),
            ..ImportOptions::default()
        };
        let len = std::fs::metadata(&path).expect("size").len() as usize;
        let whole = import_file(&path, &d.geo, &d.trade, &opts).map_err(|e| e.to_string());
        for chunk in 1..=len + 1 {
            let imp = import_file_chunked(&path, &d.geo, &d.trade, &opts, chunk)
                .map_err(|e| e.to_string());
            match (&imp, &whole) {
                (Ok(a), Ok(b)) => {
                    assert_eq!(a.report, b.report, "{name}, read size {chunk}");
                    assert_eq!(a.rows, b.rows, "{name}, read size {chunk}");
                }
                (a, b) => assert_eq!(
                    a.as_ref().err(),
                    b.as_ref().err(),
                    "{name}, read size {chunk}"
                ),
            }
        }
    }
}
