//! UN Comtrade downloads in the current (camelCase API, PascalCase website) and classic layouts:
//! only annual totals are kept, and every other row says why it was left out.

#![allow(clippy::expect_used, clippy::unwrap_used)] // a failed expectation is a failed test

use std::path::Path;

use tumen_atlas::data::import::{Format, ImportOptions, Imported, import_file};
use tumen_atlas::data::{Basis, Dataset, Flow};

fn import(name: &str) -> Imported {
    let d = Dataset::bundled().expect("bundled data");
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import")
        .join(name);
    import_file(&path, &d.geo, &d.trade, &ImportOptions::default()).expect("imports")
}

#[test]
fn the_api_layout_keeps_totals_and_says_why_the_rest_was_dropped() {
    let imp = import("comtrade_plus.csv");
    let r = &imp.report;
    assert_eq!(r.format, Format::ComtradePlus);
    let rows: Vec<(&str, &str, Flow)> = imp
        .rows
        .iter()
        .map(|x| (x.reporter.as_str(), x.partner.as_str(), x.flow))
        .collect();
    assert_eq!(
        rows,
        [
            ("CHN", "KOR", Flow::Export),
            ("CHN", "KOR", Flow::Import),
            ("CHN", "WLD", Flow::Export)
        ]
    );
    assert!(
        imp.rows
            .iter()
            .all(|x| x.basis == Basis::Reporter && x.unit.to_string() == "USD")
    );
    let skipped: Vec<&str> = r.skipped.iter().map(|i| i.reason.as_str()).collect();
    assert_eq!(skipped.len(), 5, "{skipped:?}");
    assert!(skipped[0].contains("re-export (RX)"));
    assert!(skipped[1].contains("commodity \"85\""));
    assert!(skipped[2].contains("C01"));
    assert!(skipped[3].contains("mode of transport"));
    assert!(skipped[4].contains("annual"));
    let rejected: Vec<(u64, &str)> = r
        .rejected
        .iter()
        .map(|i| (i.line, i.reason.as_str()))
        .collect();
    assert_eq!(rejected.len(), 2);
    assert!(rejected[0].1.contains("S19"));
    assert_eq!(rejected[1], (11, "duplicate of line 2"));
}

#[test]
fn the_website_layout_with_pascal_case_headers_imports() {
    let imp = import("comtrade_website.csv");
    assert_eq!(imp.report.format, Format::ComtradePlus);
    assert_eq!(imp.rows.len(), 2);
    assert_eq!(
        (
            imp.rows[0].partner.as_str(),
            imp.rows[0].year,
            imp.rows[0].value
        ),
        ("PRK", 2019, 2.57e9)
    );
}

#[test]
fn the_classic_layout_imports_and_skips_re_exports_and_chapters() {
    let imp = import("comtrade_classic.csv");
    assert_eq!(imp.report.format, Format::ComtradeClassic);
    let rows: Vec<(&str, Flow, f64)> = imp
        .rows
        .iter()
        .map(|x| (x.partner.as_str(), x.flow, x.value))
        .collect();
    assert_eq!(
        rows,
        [
            ("RUS", Flow::Export, 47_975_000_000.0),
            ("RUS", Flow::Import, 59_141_000_000.0)
        ]
    );
    assert_eq!(imp.report.skipped.len(), 2);
    assert!(imp.report.rejected.is_empty());
}
