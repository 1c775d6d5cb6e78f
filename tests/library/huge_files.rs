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
    ImportError, ImportOptions, MAX_WORKBOOK_BYTES, import_file, import_file_watched,
    import_reader_watched,
};
use tumen_atlas::loader::{load_files, load_files_watched};

fn data() -> Dataset {
    Dataset::bundled().expect("bundled data")
}

/// A China Customs export of `months × partners` rows for 2031 (a year the bundled data does
/// not have), flow from the file name.
fn customs_text(data: &Dataset, rows_per_month: usize) -> String {
    let partners: Vec<&str> = data
        .trade
        .partners
        .list
        .iter()
        .map(|p| p.name_zh.as_str())
        .filter(|n| !n.is_empty())
        .collect();
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
    let data = data();
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "customs_出口.csv",
        customs_text(&data, 300).as_bytes(),
    );
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
    let text = customs_text(&data, 12_000);
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
    assert!(matches!(err, ImportError::Cancelled { .. }), "{err}");
    let msg = err.to_string();
    assert!(
        msg.contains("customs_出口.csv") && msg.contains("cancelled"),
        "{msg}"
    );
}

#[test]
fn a_cancelled_run_of_several_files_keeps_none_of_them_and_says_so() {
    let data = data();
    let dir = tempfile::tempdir().unwrap();
    let good = write(
        dir.path(),
        "customs_出口.csv",
        customs_text(&data, 10).as_bytes(),
    );
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
    let customs = write(
        dir.path(),
        "customs_出口.csv",
        customs_text(&data, 5).as_bytes(),
    );
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
fn a_workbook_over_the_stated_limit_is_refused_before_it_is_read_into_memory() {
    let data = data();
    let dir = tempfile::tempdir().unwrap();
    let path = sparse(
        dir.path(),
        "huge.xlsx",
        b"PK\x03\x04 a workbook's zip header",
        MAX_WORKBOOK_BYTES + (8 << 20),
    );
    let err = import_file(&path, &data.geo, &data.trade, &ImportOptions::default())
        .expect_err("too large");
    assert!(matches!(err, ImportError::TooLargeToHold { .. }), "{err}");
    let msg = err.to_string();
    assert!(
        msg.contains("huge.xlsx") && msg.contains("workbook") && msg.contains("smaller extract"),
        "{msg}"
    );
}

#[test]
fn a_geojson_over_the_limit_is_refused_by_its_size_and_the_data_stays() {
    let data = data();
    let dir = tempfile::tempdir().unwrap();
    let path = sparse(
        dir.path(),
        "huge.geojson",
        b"{\"type\":\"FeatureCollection\",\"features\":[",
        MAX_GEOJSON_BYTES + 1,
    );
    let loaded = load_files(data.geo.clone(), data.trade.clone(), &[path]);
    assert_eq!(loaded.messages.len(), 1, "{:?}", loaded.messages);
    let msg = &loaded.messages[0];
    assert!(msg.contains("huge.geojson") && msg.contains("MB"), "{msg}");
    assert_eq!(loaded.geo.regions.len(), data.geo.regions.len());
}

#[test]
fn a_customs_export_over_the_import_limit_is_refused_by_its_size() {
    let data = data();
    let dir = tempfile::tempdir().unwrap();
    let path = sparse(
        dir.path(),
        "customs_出口.csv",
        "数据年月,贸易伙伴名称,注册地名称,商品编码,美元\n".as_bytes(),
        tumen_atlas::data::import::MAX_IMPORT_BYTES + 1,
    );
    let err = import_file(&path, &data.geo, &data.trade, &ImportOptions::default())
        .expect_err("too large");
    assert!(matches!(err, ImportError::TooLarge { .. }), "{err}");
    assert!(err.to_string().contains("customs_出口.csv"), "{err}");
}
