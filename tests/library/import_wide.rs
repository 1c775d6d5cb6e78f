//! Wide statistical tables (yearbook layout) in CSV and Excel: region, year and flow from the
//! title, the unit from its row, continent subtotals and notes rows skipped and reported,
//! options for what the table does not say, and every documented unit.

#![allow(clippy::expect_used, clippy::unwrap_used)] // a failed expectation is a failed test

use std::path::{Path, PathBuf};

use tumen_atlas::data::import::wide::UNITS;
use tumen_atlas::data::import::{Format, ImportOptions, Imported, import_bytes, import_file};
use tumen_atlas::data::{Dataset, Flow, Unit};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/getdata")
        .join(name)
}

fn value(imp: &Imported, partner: &str, year: i32, flow: Flow) -> Option<f64> {
    imp.rows
        .iter()
        .find(|r| r.partner == partner && r.year == year && r.flow == flow)
        .map(|r| r.value)
}

fn assert_yearbook_2005(imp: &Imported) {
    assert_eq!(imp.report.format, Format::WideTable);
    assert!(imp.rows.iter().all(|r| r.reporter.as_str() == "CN-JL"));
    assert!(
        imp.rows
            .iter()
            .all(|r| r.unit == Unit::parse("10 thousand USD").unwrap())
    );
    assert_eq!(value(imp, "PRK", 2005, Flow::Total), Some(12000.5));
    assert_eq!(value(imp, "PRK", 2005, Flow::Import), Some(4000.5));
    assert_eq!(value(imp, "KOR", 2005, Flow::Export), Some(3000.0));
    assert_eq!(value(imp, "WLD", 2005, Flow::Total), Some(65000.0));
    // "-" is no data, never zero.
    assert_eq!(value(imp, "RUS", 2005, Flow::Export), None);
    assert_eq!(value(imp, "RUS", 2005, Flow::Import), Some(9000.0));
    // 4 partners (World, PRK, KOR, RUS) × 3 flows, less Russia's missing export.
    assert_eq!(imp.rows.len(), 11);
    let skipped: Vec<&str> = imp
        .report
        .skipped
        .iter()
        .map(|i| i.reason.as_str())
        .collect();
    assert_eq!(
        skipped.iter().filter(|s| s.contains("subtotal")).count(),
        2,
        "亚洲 and 欧洲 are skipped: {skipped:?}"
    );
    assert!(
        skipped.iter().any(|s| s.contains("notes row")),
        "{skipped:?}"
    );
    assert!(imp.report.rejected.is_empty(), "{:?}", imp.report.rejected);
}

#[test]
fn a_yearbook_table_in_csv_imports_to_exact_values() {
    let d = dataset();
    let imp = import_file(
        &fixture("yearbook_jilin_2005.csv"),
        &d.geo,
        &d.trade,
        &ImportOptions::default(),
    )
    .expect("imports");
    assert_yearbook_2005(&imp);
}

#[test]
fn the_same_table_in_xlsx_imports_to_the_same_values_sheet_by_sheet() {
    let d = dataset();
    let imp = import_file(
        &fixture("yearbook_jilin_2005.xlsx"),
        &d.geo,
        &d.trade,
        &ImportOptions::default(),
    )
    .expect("imports");
    // Sheet "7-12" is the 2005 table; sheet "years" is Jilin's exports by year, in USD million.
    let (t2005, years): (Vec<_>, Vec<_>) = imp.rows.iter().cloned().partition(|r| r.year == 2005);
    let only_2005 = Imported {
        rows: t2005,
        source: imp.source.clone(),
        report: imp.report.clone(),
    };
    let mut report = only_2005.report.clone();
    report.skipped.retain(|i| i.reason.contains("7-12"));
    assert_yearbook_2005(&Imported {
        report,
        ..only_2005
    });
    let million = Unit::parse("million USD").unwrap();
    let find = |p: &str, y: i32| years.iter().find(|r| r.partner == p && r.year == y);
    assert_eq!(
        find("JPN", 2019).map(|r| (r.value, r.flow, r.unit)),
        Some((120.25, Flow::Export, million))
    );
    assert_eq!(find("JPN", 2020).map(|r| r.value), Some(98.0));
    assert_eq!(find("MNG", 2019), None, "… is no data");
    assert_eq!(find("MNG", 2020).map(|r| r.value), Some(12.5));
    assert!(
        imp.report
            .notes
            .iter()
            .any(|n| n.contains("sheet \"说明\": not a trade table")),
        "{:?}",
        imp.report.notes
    );
    // Line numbers are spreadsheet rows: the notes row is row 10 of sheet 7-12.
    assert!(
        imp.report
            .skipped
            .iter()
            .any(|i| i.line == 10 && i.reason.starts_with("sheet \"7-12\": notes row"))
    );
}

fn table(title: &str, header: &str, unit_row: &str, rows: &[&str]) -> Vec<u8> {
    let mut s = String::new();
    for l in [title, header, unit_row]
        .into_iter()
        .chain(rows.iter().copied())
    {
        if !l.is_empty() {
            s.push_str(l);
            s.push('\n');
        }
    }
    s.into_bytes()
}

/// The bundled dataset, loaded once for all the tables of this file.
fn dataset() -> &'static Dataset {
    static D: std::sync::OnceLock<Dataset> = std::sync::OnceLock::new();
    D.get_or_init(|| Dataset::bundled().expect("bundled data"))
}

fn import(bytes: &[u8], opts: &ImportOptions) -> Result<Imported, String> {
    let d = dataset();
    import_bytes(bytes, Path::new("table.csv"), &d.geo, &d.trade, opts).map_err(|e| e.to_string())
}

#[test]
fn every_documented_unit_is_understood() {
    for (spelling, unit) in UNITS {
        let bytes = table(
            "吉林省按国别(地区)分出口额(2010年)",
            "国别(地区),出口",
            &format!("\"单位：{spelling}\","),
            &["日本,7"],
        );
        let imp =
            import(&bytes, &ImportOptions::default()).unwrap_or_else(|e| panic!("{spelling}: {e}"));
        assert_eq!(imp.rows.len(), 1, "{spelling}");
        assert_eq!(Some(imp.rows[0].unit), Unit::parse(unit), "{spelling}");
        assert_eq!(imp.rows[0].value, 7.0);
        // The same unit in a header cell's brackets.
        let bytes = table(
            "吉林省按国别(地区)分出口额(2010年)",
            &format!("国别(地区),\"出口({spelling})\""),
            "",
            &["日本,7"],
        );
        let imp =
            import(&bytes, &ImportOptions::default()).unwrap_or_else(|e| panic!("{spelling}: {e}"));
        assert_eq!(
            Some(imp.rows[0].unit),
            Unit::parse(unit),
            "{spelling} in a header"
        );
    }
}

#[test]
fn a_table_that_does_not_name_its_region_is_refused_until_the_option_gives_it() {
    let bytes = table(
        "按国别分进出口总额(2012年)",
        "国别,进出口",
        "单位：亿美元,",
        &["俄罗斯,3.5"],
    );
    let err = import(&bytes, &ImportOptions::default()).expect_err("refused");
    assert!(err.contains("does not name its region"), "{err}");
    let opts = ImportOptions {
        region: Some("黑龙江".into()),
        ..ImportOptions::default()
    };
    let imp = import(&bytes, &opts).expect("with --region");
    assert_eq!(imp.rows[0].reporter.as_str(), "CN-HL");
    assert_eq!((imp.rows[0].year, imp.rows[0].value), (2012, 3.5));
}

#[test]
fn year_columns_need_a_flow_and_flow_columns_need_a_year() {
    let years = table(
        "吉林省对主要国家贸易",
        "国家,2018,2019",
        "单位：万美元,,",
        &["韩国,1,2"],
    );
    let err = import(&years, &ImportOptions::default()).expect_err("no flow");
    assert!(err.contains("does not say the flow"), "{err}");
    let imp = import(
        &years,
        &ImportOptions {
            flow: Some(Flow::Import),
            ..ImportOptions::default()
        },
    )
    .expect("with --flow");
    assert_eq!(imp.rows.len(), 2);
    assert!(imp.rows.iter().all(|r| r.flow == Flow::Import));

    let flows = table(
        "吉林省按国别分进出口",
        "国家,出口,进口",
        "单位：万美元,,",
        &["韩国,1,2"],
    );
    let err = import(&flows, &ImportOptions::default()).expect_err("no year");
    assert!(err.contains("does not say the year"), "{err}");
    let imp = import(
        &flows,
        &ImportOptions {
            year: Some(2016),
            ..ImportOptions::default()
        },
    )
    .expect("with --year");
    assert!(imp.rows.iter().all(|r| r.year == 2016));
}

#[test]
fn an_option_that_contradicts_the_title_is_refused() {
    let bytes = table(
        "吉林省按国别(地区)分进出口总额(2005年)",
        "国别,进出口",
        "单位：万美元,",
        &["韩国,1"],
    );
    let err = import(
        &bytes,
        &ImportOptions {
            year: Some(2006),
            ..ImportOptions::default()
        },
    )
    .expect_err("contradiction");
    assert!(
        err.contains("title names year 2005 but --year is 2006"),
        "{err}"
    );
    let err = import(
        &bytes,
        &ImportOptions {
            region: Some("CN-LN".into()),
            ..ImportOptions::default()
        },
    )
    .expect_err("contradiction");
    assert!(
        err.contains("title names region CN-JL but --region is CN-LN"),
        "{err}"
    );
}

#[test]
fn a_table_without_a_unit_is_refused_never_guessed() {
    let bytes = table(
        "吉林省按国别(地区)分进出口总额(2005年)",
        "国别,进出口",
        "",
        &["韩国,1"],
    );
    let err = import(&bytes, &ImportOptions::default()).expect_err("no unit");
    assert!(err.contains("names no unit"), "{err}");
}

#[test]
fn unknown_partners_and_bad_values_are_rejected_with_their_line() {
    let bytes = table(
        "吉林省按国别(地区)分进出口总额(2005年)",
        "国别,进出口",
        "单位：万美元,",
        &["亚特兰蒂斯,5", "韩国,abc", "日本,3"],
    );
    let imp = import(&bytes, &ImportOptions::default()).expect("imports the good row");
    assert_eq!(imp.rows.len(), 1);
    let lines: Vec<u64> = imp.report.rejected.iter().map(|i| i.line).collect();
    assert_eq!(lines, [4, 5], "{:?}", imp.report.rejected);
}
