//! Huge and hostile files (issue 11): an import can be watched and cancelled mid-file and then
//! adds nothing; files too large for a reader that holds them whole are refused with a message
//! before they fill memory; several files loaded at once, one bad, load the good ones and name
//! the bad one. Large files are sparse (no disk, no reading of the hole) or generated small.

#![allow(clippy::expect_used, clippy::unwrap_used)] // a failed expectation is a failed test

use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

use tumen_atlas::data::Dataset;
use tumen_atlas::data::geo::MAX_GEOJSON_BYTES;
use tumen_atlas::data::import::watch::Watch;
use tumen_atlas::data::import::{
    ImportError, ImportOptions, MAX_IMPORT_BYTES, MAX_WORKBOOK_BYTES, import_file,
    import_file_watched, import_reader_watched,
};
use tumen_atlas::loader::{load_files, load_files_watched};

fn data() -> Dataset {
    Dataset::bundled().expect("bundled data")
}

/// A China Customs export of `months × partners` rows for 2031 (a year the bundled data does
/// not have), flow from the file name.
fn customs_text(rows_per_month: usize) -> String {
    let partners = ["日本", "韩国", "朝鲜", "俄罗斯联邦", "蒙古", "美国", "德国"];
    let mut s = String::from("数据年月,贸易伙伴名称,注册地名称,商品编码,美元\n");
    for month in 1..=12 {
        for i in 0..rows_per_month {
            let partner = partners[i % partners.len()];
            let commodity = 1 + i / partners.len();
            s.push_str(&format!(
                "2031{month:02},{partner},吉林省,{commodity:02},\"1,{:03}\"\n",
                i % 1000
            ));
        }
    }
    s
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("write");
    path
}

/// The bundled data and a customs export of `rows_per_month` rows a month in a temporary
/// folder (kept while the folder lives).
fn customs_file(rows_per_month: usize) -> (Dataset, tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "customs_出口.csv",
        customs_text(rows_per_month).as_bytes(),
    );
    (data(), dir, path)
}

/// A sparse file: `head`, then zeros up to `size` bytes (no disk used for the hole).
fn sparse(dir: &Path, name: &str, head: &[u8], size: u64) -> PathBuf {
    let path = write(dir, name, head);
    std::fs::OpenOptions::new()
        .write(true)
        .open(&path)
        .and_then(|f| f.set_len(size))
        .expect("extend");
    path
}

/// A reader that cancels `watch` once `after` bytes have been read: a Cancel click half-way.
struct CancelAfter<R> {
    inner: R,
    read: u64,
    after: u64,
    watch: Watch,
}

impl<R: Read> Read for CancelAfter<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read += n as u64;
        if self.read >= self.after {
            self.watch.cancel();
        }
        Ok(n)
    }
}

impl<R: Seek> Seek for CancelAfter<R> {
    fn seek(&mut self, pos: SeekFrom) -> std::io::Result<u64> {
        self.inner.seek(pos)
    }
}

#[test]
fn a_watched_import_reports_how_far_it_has_read_and_finishes_like_an_unwatched_one() {
    let (data, _dir, path) = customs_file(300);
    let watch = Watch::default();
    let opts = ImportOptions::default();
    let watched =
        import_file_watched(&path, &data.geo, &data.trade, &opts, &watch, 2).expect("imports");
    let plain = import_file(&path, &data.geo, &data.trade, &opts).expect("imports");
    assert_eq!(watched.rows, plain.rows);
    assert_eq!(watched.report.accepted, 3600);
    let p = watch.progress();
    assert_eq!(
        (p.file, p.fraction),
        (2, Some(1.0)),
        "the whole file was read"
    );
}

#[test]
fn cancelling_half_way_through_a_customs_export_stops_it_and_adds_nothing() {
    let data = data();
    // Several read chunks (1 MiB each) of rows, so that the cancel falls inside the file.
    let text = customs_text(12_000);
    assert!(text.len() > 4 << 20, "{} bytes", text.len());
    let watch = Watch::default();
    let src = CancelAfter {
        inner: std::io::Cursor::new(text.into_bytes()),
        read: 0,
        after: 2 << 20,
        watch: watch.clone(),
    };
    let err = import_reader_watched(
        src,
        Path::new("customs_出口.csv"),
        &data.geo,
        &data.trade,
        &ImportOptions::default(),
        &watch,
    )
    .expect_err("cancelled");
    let named =
        matches!(&err, ImportError::Cancelled { file } if file.ends_with("customs_出口.csv"));
    assert!(named && err.to_string().contains("cancelled"), "{err}");
}

#[test]
fn a_cancelled_run_of_several_files_keeps_none_of_them_and_says_so() {
    let (data, _dir, good) = customs_file(10);
    let watch = Watch::default();
    watch.cancel();
    let before = data.trade.flows.len();
    let loaded = load_files_watched(
        data.geo.clone(),
        data.trade.clone(),
        &[good.clone(), good],
        &ImportOptions::default(),
        &watch,
    );
    assert!(loaded.cancelled);
    assert!(!loaded.trade_changed);
    assert_eq!(loaded.trade.flows.len(), before, "nothing was added");
    assert_eq!(loaded.messages.len(), 1, "{:?}", loaded.messages);
    assert!(
        loaded.messages[0].contains("cancelled"),
        "{:?}",
        loaded.messages
    );
}

#[test]
fn several_files_at_once_one_bad_load_the_good_ones_and_name_the_bad_one() {
    let data = data();
    let dir = tempfile::tempdir().unwrap();
    let customs = write(dir.path(), "customs_出口.csv", customs_text(5).as_bytes());
    let bad = write(dir.path(), "broken.csv", b"\x00\x01\x02 not a table");
    let tidy = write(
        dir.path(),
        "mine.csv",
        b"reporter,partner,year,flow,value,unit,basis\nCN-JL,JPN,2031,export,5,USD,reporter\n",
    );
    let regions = write(
        dir.path(),
        "square.geojson",
        include_bytes!("../fixtures/geojson/good_square.geojson"),
    );
    let loaded = load_files(
        data.geo.clone(),
        data.trade.clone(),
        &[customs, bad, tidy, regions],
    );
    assert!(loaded.trade_changed);
    assert_eq!(
        loaded.messages.len(),
        1,
        "only the bad file: {:?}",
        loaded.messages
    );
    assert!(
        loaded.messages[0].contains("broken.csv"),
        "{:?}",
        loaded.messages
    );
    let imported_sources: Vec<&str> = loaded
        .trade
        .flows
        .iter()
        .map(|r| r.source.as_str())
        .filter(|s| s.starts_with("import:"))
        .collect();
    assert!(imported_sources.iter().any(|s| s.contains("customs_")));
    assert!(imported_sources.iter().any(|s| s.contains("mine.csv")));
    assert!(
        loaded.geo.regions.len() > data.geo.regions.len(),
        "the region was added"
    );
}

#[test]
fn files_over_their_readers_limits_are_refused_by_size_and_the_data_stays() {
    let data = data();
    let dir = tempfile::tempdir().unwrap();
    let customs_header = "数据年月,贸易伙伴名称,注册地名称,商品编码,美元\n".as_bytes();
    // (file, its first bytes, its size, what the message must say besides the name)
    let cases: [(&str, &[u8], u64, &str); 3] = [
        (
            "huge.xlsx",
            b"PK\x03\x04 a workbook's zip header",
            MAX_WORKBOOK_BYTES + (8 << 20),
            "smaller extract",
        ),
        (
            "huge.geojson",
            b"{\"type\":\"FeatureCollection\",\"features\":[",
            MAX_GEOJSON_BYTES + 1,
            "MB",
        ),
        (
            "customs_出口.csv",
            customs_header,
            MAX_IMPORT_BYTES + 1,
            "limit",
        ),
    ];
    let paths: Vec<PathBuf> = cases
        .iter()
        .map(|(name, head, size, _)| sparse(dir.path(), name, head, *size))
        .collect();
    let loaded = load_files(data.geo.clone(), data.trade.clone(), &paths);
    assert_eq!(loaded.messages.len(), cases.len(), "{:?}", loaded.messages);
    for ((name, _, _, says), msg) in cases.iter().zip(&loaded.messages) {
        assert!(msg.contains(name) && msg.contains(says), "{name}: {msg}");
    }
    assert!(!loaded.trade_changed);
    assert_eq!(loaded.geo.regions.len(), data.geo.regions.len());
}
