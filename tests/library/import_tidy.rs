//! The tidy format: aliases resolve, a missing source column cites the file, bad rows are
//! rejected with their line, and imported rows take part in queries like bundled ones.

#![allow(clippy::expect_used, clippy::unwrap_used)] // a failed expectation is a failed test

use std::path::Path;

use tumen_atlas::analysis::{Analysis, Metric, PartnerSel, Query, Target};
use tumen_atlas::data::import::{Format, ImportOptions, import_bytes, import_file};
use tumen_atlas::data::{Basis, Dataset};

#[test]
fn a_user_tidy_file_imports_with_aliases_and_cites_itself() {
    let mut d = Dataset::bundled().expect("bundled data");
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import/tidy_user.csv");
    let imp = import_file(&path, &d.geo, &d.trade, &ImportOptions::default()).expect("imports");
    assert_eq!(imp.report.format, Format::Tidy);
    let lines: Vec<u64> = imp.report.rejected.iter().map(|i| i.line).collect();
    assert_eq!(lines, [4, 5, 6, 8]);
    assert_eq!(imp.rows.len(), 3);
    assert_eq!(
        (imp.rows[0].reporter.as_str(), imp.rows[0].partner.as_str()),
        ("CN-JL", "KOR")
    );
    assert!(
        imp.rows
            .iter()
            .all(|r| r.source.as_str() == "import:tidy_user.csv")
    );
    imp.apply(&mut d.trade);
    assert!(
        d.trade
            .source(&tumen_atlas::data::SourceId::for_import("tidy_user.csv"))
            .is_some()
    );
    let q = Query::new(
        Target::resolve("CN-JL", &d.geo, &d.trade).expect("region"),
        PartnerSel::resolve("KOR", &d.trade).expect("partner"),
        Metric::Export,
    );
    let c = Analysis::new(&d).cell(&q, 2030);
    assert_eq!((c.value, c.basis), (Some(1.5e9), Some(Basis::Reporter)));
    // 2030 has no usd_cny: the yuan row stays unknown in USD, never guessed.
    let q = Query::new(
        q.target.clone(),
        PartnerSel::resolve("JPN", &d.trade).expect("p"),
        Metric::Import,
    );
    let c = Analysis::new(&d).cell(&q, 2030);
    assert_eq!(c.value, None);
    assert!(
        c.missing.iter().any(|m| m.contains("no exchange rate")),
        "{:?}",
        c.missing
    );
}

#[test]
fn a_named_source_must_exist() {
    let d = Dataset::bundled().expect("bundled data");
    let text = "reporter,partner,year,flow,value,unit,basis,source\nCN-JL,WLD,2019,total,1,USD,reporter,made-up\nCN-JL,WLD,2019,total,1,USD,reporter,nbs-a060101\n";
    let imp = import_bytes(
        text.as_bytes(),
        Path::new("x.csv"),
        &d.geo,
        &d.trade,
        &ImportOptions::default(),
    )
    .expect("ok");
    assert_eq!(imp.report.rejected.len(), 1);
    assert!(imp.report.rejected[0].reason.contains("made-up"));
    assert_eq!(imp.rows.len(), 1);
}

#[test]
fn a_tidy_file_missing_a_column_is_refused_naming_it() {
    let d = Dataset::bundled().expect("bundled data");
    let text = "reporter,partner,year,flow,value,unit\nCN-JL,WLD,2019,total,1,USD\n";
    let err = import_bytes(
        text.as_bytes(),
        Path::new("x.csv"),
        &d.geo,
        &d.trade,
        &ImportOptions::default(),
    )
    .expect_err("refused");
    assert!(
        err.to_string().contains("missing column \"basis\""),
        "{err}"
    );
}
