//! China Customs query exports: encodings, flows from columns, options and file names, monthly
//! sums, partial years, and every kind of bad row (synthetic fixtures in tests/fixtures/import).

#![allow(clippy::expect_used, clippy::unwrap_used)] // a failed expectation is a failed test

use std::path::{Path, PathBuf};

use tumen_atlas::data::import::{
    Format, ImportError, ImportOptions, Imported, import_bytes, import_file,
};
use tumen_atlas::data::{Basis, Dataset, Flow};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import")
        .join(name)
}

fn import(name: &str, opts: &ImportOptions) -> Result<Imported, ImportError> {
    let d = Dataset::bundled().expect("bundled data");
    import_file(&fixture(name), &d.geo, &d.trade, opts)
}

#[test]
fn a_utf8_bom_export_sums_twelve_months_and_takes_the_flow_from_the_file_name() {
    let imp = import("customs_吉林_出口_2023_bom.csv", &ImportOptions::default()).expect("imports");
    let r = &imp.report;
    assert_eq!(
        (r.format, r.encoding),
        (Format::ChinaCustoms, "UTF-8 with BOM")
    );
    assert_eq!((r.rows_read, r.accepted, r.rejected.len()), (24, 24, 0));
    assert!(
        r.notes
            .iter()
            .any(|n| n.contains("taken from the file name")),
        "{:?}",
        r.notes
    );
    assert_eq!(imp.rows.len(), 2);
    let kor = imp.rows.iter().find(|x| x.partner == "KOR").expect("Korea");
    // 1,000,000 × (1 + … + 12) = 78,000,000 USD.
    assert_eq!(
        (kor.reporter.as_str(), kor.year, kor.flow, kor.value),
        ("CN-JL", 2023, Flow::Export, 78e6)
    );
    assert_eq!(
        (kor.basis, kor.source.as_str()),
        (Basis::Reporter, "import:customs_吉林_出口_2023_bom.csv")
    );
    assert_eq!(kor.unit.to_string(), "USD");
}

#[test]
fn a_gbk_export_in_yuan_uses_the_flow_column_and_leaves_out_a_partial_year() {
    let imp = import("customs_gbk_rmb.csv", &ImportOptions::default()).expect("imports");
    let r = &imp.report;
    assert_eq!(r.encoding, "GBK/GB18030");
    assert!(
        r.notes
            .iter()
            .any(|n| n.contains("2023 export: partial year (months 1,2,3,4,5,6)")),
        "{:?}",
        r.notes
    );
    let years: Vec<(i32, Flow)> = imp.rows.iter().map(|x| (x.year, x.flow)).collect();
    assert_eq!(years, [(2022, Flow::Export), (2022, Flow::Import)]);
    let exp = &imp.rows[0];
    assert_eq!(
        (exp.reporter.as_str(), exp.partner.as_str()),
        ("CN-222400", "PRK")
    );
    assert_eq!(
        (exp.value, exp.unit.to_string().as_str()),
        (7_800_000.0, "CNY")
    );
}

#[test]
fn yuan_rows_are_converted_when_applied() {
    let mut d = Dataset::bundled().expect("bundled data");
    let imp = import_file(
        &fixture("customs_gbk_rmb.csv"),
        &d.geo,
        &d.trade,
        &ImportOptions::default(),
    )
    .expect("ok");
    imp.apply(&mut d.trade);
    let row = d
        .trade
        .flow_rows("CN-222400", "PRK", 2022, Flow::Export, Basis::Reporter)
        .next()
        .expect("added");
    let rate = d
        .trade
        .indicator("CHN", "usd_cny", 2022)
        .expect("rate")
        .value;
    assert_eq!(row.value_usd, Some(7_800_000.0 / rate));
    assert!(row.converted.is_some());
}

#[test]
fn bad_rows_are_rejected_with_line_and_reason() {
    let imp = import("customs_errors_进口.csv", &ImportOptions::default()).expect("imports");
    let got: Vec<(u64, &str)> = imp
        .report
        .rejected
        .iter()
        .map(|i| (i.line, i.reason.as_str()))
        .collect();
    assert_eq!(got.len(), 5, "{got:?}");
    assert!(got[0].0 == 14 && got[0].1.contains("unknown partner \"亚特兰蒂斯\""));
    assert_eq!(got[1], (15, "duplicate of line 2"));
    assert!(got[2].0 == 16 && got[2].1.contains("negative"));
    assert!(got[3].0 == 17 && got[3].1.contains("not a number"));
    assert!(got[4].0 == 18 && got[4].1.contains("火星省"));
    // Japan's twelve good months still make one annual import value.
    assert_eq!(imp.rows.len(), 1);
    assert_eq!(
        (
            imp.rows[0].partner.as_str(),
            imp.rows[0].flow,
            imp.rows[0].value
        ),
        ("JPN", Flow::Import, 780_000.0)
    );
}

#[test]
fn a_file_without_any_flow_is_refused_and_flow_option_fixes_it() {
    let err = import("customs_no_flow.csv", &ImportOptions::default()).expect_err("refused");
    assert!(err.to_string().contains("no flow column"), "{err}");
    let imp = import(
        "customs_no_flow.csv",
        &ImportOptions {
            flow: Some(Flow::Total),
            ..ImportOptions::default()
        },
    )
    .expect("with --flow");
    assert!(imp.report.notes.iter().any(|n| n.contains("from --flow")));
    // One month only: not an annual value.
    assert!(imp.rows.is_empty());
}

#[test]
fn a_flow_option_that_contradicts_the_file_name_is_refused() {
    let err = import(
        "customs_吉林_出口_2023_bom.csv",
        &ImportOptions {
            flow: Some(Flow::Import),
            ..ImportOptions::default()
        },
    )
    .expect_err("refused");
    assert!(
        err.to_string()
            .contains("file name says export but --flow says import"),
        "{err}"
    );
}

#[test]
fn a_missing_column_refuses_the_file_naming_it() {
    let err =
        import("customs_missing_column_出口.csv", &ImportOptions::default()).expect_err("refused");
    assert!(
        matches!(&err, ImportError::MissingColumn { column, .. } if column.contains("人民币")),
        "{err}"
    );
}

#[test]
fn empty_and_non_csv_files_get_clear_errors() {
    assert!(matches!(
        import("empty.csv", &ImportOptions::default()),
        Err(ImportError::Empty { .. })
    ));
    let err = import("not_csv.csv", &ImportOptions::default()).expect_err("refused");
    assert!(err.to_string().contains("not a CSV file"), "{err}");
    let err = import("unknown_format.csv", &ImportOptions::default()).expect_err("refused");
    assert!(err.to_string().contains("unknown format"), "{err}");
    let d = Dataset::bundled().expect("bundled data");
    let xlsx = import_bytes(
        b"PK\x03\x04rest",
        Path::new("q.xlsx"),
        &d.geo,
        &d.trade,
        &ImportOptions::default(),
    );
    assert!(xlsx.is_err_and(|e| e.to_string().contains(".xlsx")));
    let ws = import_bytes(
        b"\xEF\xBB\xBF \n\n",
        Path::new("blank.csv"),
        &d.geo,
        &d.trade,
        &ImportOptions::default(),
    );
    assert!(matches!(ws, Err(ImportError::Empty { .. })));
}

#[test]
fn region_codes_of_two_four_and_six_digits_resolve() {
    let d = Dataset::bundled().expect("bundled data");
    let mut text = String::from("数据年月,贸易伙伴名称,注册地编码,进出口,美元\n");
    for code in ["22", "2224", "210100"] {
        for m in 1..=12 {
            text.push_str(&format!("2020{m:02},日本,{code},进出口,1\n"));
        }
    }
    text.push_str("202001,日本,22249,进出口,1\n");
    let imp = import_bytes(
        text.as_bytes(),
        Path::new("codes.csv"),
        &d.geo,
        &d.trade,
        &ImportOptions::default(),
    )
    .expect("imports");
    let mut regions: Vec<&str> = imp.rows.iter().map(|r| r.reporter.as_str()).collect();
    regions.sort_unstable();
    assert_eq!(regions, ["CN-210100", "CN-222400", "CN-JL"]);
    assert_eq!(imp.report.rejected.len(), 1);
    assert_eq!(imp.report.rejected[0].line, 38);
}

#[test]
fn check_data_reads_a_customs_export_against_the_partners_alone_with_the_same_result() {
    // `check-data` skips parsing the bundled figures when every file is a customs export:
    // that must change nothing in what is read, accepted, rejected or reported.
    let full = Dataset::bundled().expect("bundled data");
    let reference = Dataset::bundled_reference().expect("bundled reference tables");
    assert!(reference.trade.flows.is_empty());
    let opts = ImportOptions::default();
    let customs = [
        "customs_吉林_出口_2023_bom.csv",
        "customs_gbk_rmb.csv",
        "customs_errors_进口.csv",
        "customs_no_flow.csv",
        "customs_missing_column_出口.csv",
    ];
    for name in customs {
        assert!(
            tumen_atlas::data::import::is_customs_export(&fixture(name)),
            "{name}"
        );
        let a = import_file(&fixture(name), &full.geo, &full.trade, &opts);
        let b = import_file(&fixture(name), &reference.geo, &reference.trade, &opts);
        match (a, b) {
            (Ok(a), Ok(b)) => {
                assert_eq!(format!("{:?}", a.rows), format!("{:?}", b.rows), "{name}");
                assert_eq!(a.report.lines(50), b.report.lines(50), "{name}");
            }
            (Err(a), Err(b)) => assert_eq!(a.to_string(), b.to_string(), "{name}"),
            (a, b) => panic!("{name}: {:?} against {:?}", a.is_ok(), b.is_ok()),
        }
    }
    for other in [
        "comtrade_plus.csv",
        "tidy_user.csv",
        "not_csv.csv",
        "empty.csv",
        "no_such_file.csv",
    ] {
        assert!(
            !tumen_atlas::data::import::is_customs_export(&fixture(other)),
            "{other}"
        );
    }
}
