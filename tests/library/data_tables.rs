//! The bundled trade tables load, cite only known sources, and convert to USD as documented.

#![allow(clippy::expect_used, clippy::unwrap_used)] // a failed expectation is a failed test

use tumen_atlas::data::tables::{Basis, Flow, Unit};
use tumen_atlas::data::trade::{
    BUNDLED_EVENTS, BUNDLED_FLOWS, BUNDLED_INDICATORS, BUNDLED_PARTNERS, BUNDLED_SOURCES, TradeData,
};
use tumen_atlas::data::{Dataset, SourceId};

fn trade() -> TradeData {
    TradeData::bundled().expect("bundled trade tables load")
}

#[test]
fn the_bundled_dataset_has_trade_and_no_warnings() {
    let data = Dataset::bundled().expect("bundled data loads");
    assert!(data.warnings.is_empty(), "{:?}", data.warnings);
    assert_eq!(data.trade.flows.len(), 10_057);
    assert_eq!(data.trade.partners.list.len(), 193);
}

#[test]
fn every_row_of_every_shipped_table_cites_a_known_source() {
    let t = trade();
    let known = |id: &SourceId| t.source(id).is_some();
    for r in &t.flows {
        assert!(known(&r.source), "flows.csv: {}", r.source);
    }
    for r in &t.indicators {
        assert!(known(&r.source), "indicators.csv: {}", r.source);
    }
    for e in &t.events {
        assert!(known(&e.source), "events.csv: {}", e.source);
    }
    for p in &t.partners.list {
        assert!(known(&p.source), "partners.csv: {}", p.source);
    }
}

#[test]
fn an_unknown_source_is_an_error_naming_file_and_line() {
    let flows = BUNDLED_FLOWS.replacen("nbs-a060101", "no-such-source", 1);
    let err = TradeData::from_tables(
        &flows,
        BUNDLED_INDICATORS,
        BUNDLED_SOURCES,
        BUNDLED_EVENTS,
        BUNDLED_PARTNERS,
    )
    .expect_err("unknown source refused")
    .to_string();
    assert!(err.starts_with("data/trade/flows.csv: line "), "{err}");
    assert!(err.contains("no-such-source"), "{err}");
}

#[test]
fn unknown_flow_basis_and_unit_are_errors_naming_the_line() {
    let header = "reporter,partner,year,flow,value,unit,basis,source,note\n";
    for (row, word) in [
        (
            "CN-JL,WLD,2019,re-export,1,USD,reporter,nbs-a060101,",
            "flow",
        ),
        ("CN-JL,WLD,2019,total,1,USD,mirror,nbs-a060101,", "basis"),
        ("CN-JL,WLD,2019,total,1,EUR,reporter,nbs-a060101,", "unit"),
    ] {
        let flows = format!("{header}{row}\n");
        let err = TradeData::from_tables(
            &flows,
            BUNDLED_INDICATORS,
            BUNDLED_SOURCES,
            BUNDLED_EVENTS,
            BUNDLED_PARTNERS,
        )
        .expect_err("bad row refused")
        .to_string();
        assert!(
            err.starts_with("data/trade/flows.csv: line 2: unknown "),
            "{err}"
        );
        assert!(err.contains(word), "{err}");
    }
}

#[test]
fn jilin_2018_and_2019_are_the_nbs_figures_in_usd() {
    let t = trade();
    let usd = |y| {
        let rows: Vec<_> = t
            .flow_rows("CN-JL", "WLD", y, Flow::Total, Basis::Reporter)
            .collect();
        rows.iter()
            .find(|r| r.source.as_str() == "nbs-a060101")
            .and_then(|r| r.value_usd)
    };
    assert_eq!(usd(2018), Some(20_679_164.0 * 1e3));
    let v2019 = usd(2019).expect("2019 known");
    assert!((v2019 - 18_904_122.572e3).abs() < 1e-3, "{v2019}");
}

#[test]
fn cny_values_convert_with_that_years_usd_cny_and_say_so() {
    let t = trade();
    let row = t
        .flow_rows("CN-JL", "WLD", 2022, Flow::Total, Basis::Reporter)
        .find(|r| r.source.as_str() == "jlgov-2023-trade")
        .expect("Jilin 2022 in yuan");
    assert_eq!(row.unit.to_string(), "100 million CNY");
    let expected = 1558.5e8 / 6.729;
    assert!(
        row.value_usd.is_some_and(|v| (v - expected).abs() < 1e-3),
        "{:?}",
        row.value_usd
    );
    let note = row.converted.as_deref().unwrap_or("");
    assert!(
        note.contains("6.729") && note.contains("fred-aexchus"),
        "{note}"
    );
}

#[test]
fn jpy_values_convert_with_usd_jpy() {
    let t = trade();
    let row = t
        .flow_rows("CHN", "JPN", 2005, Flow::Export, Basis::Partner)
        .find(|r| r.source.as_str() == "mof-japan-chn")
        .expect("MoF 2005");
    let expected = 11_975_448_971.0 * 1e3 / 110.2096;
    assert!(row.value_usd.is_some_and(|v| (v - expected).abs() < 1.0));
    assert!(
        row.converted
            .as_deref()
            .is_some_and(|c| c.contains("usd_jpy"))
    );
}

#[test]
fn a_value_without_a_rate_stays_unknown() {
    let t = trade();
    // No usd_cny before 1981 in the table: a yuan value for 1970 cannot be converted.
    let (usd, note) = t.usd_value(1.0, Unit::parse("100 million CNY").expect("unit"), 1970);
    assert_eq!((usd, note), (None, None));
    let (usd, _) = t.usd_value(2.0, Unit::parse("thousand JPY").expect("unit"), 1995);
    assert_eq!(usd, None, "no usd_jpy before 2001");
}

#[test]
fn partners_resolve_chinese_names_and_aliases() {
    let t = trade();
    for (text, iso) in [
        ("韩国", "KOR"),
        ("South Korea", "KOR"),
        ("俄罗斯", "RUS"),
        ("朝鲜", "PRK"),
        ("usa", "USA"),
        ("World", "WLD"),
    ] {
        assert_eq!(t.partners.resolve(text), Some(iso), "{text}");
    }
    assert_eq!(t.partners.resolve("亚特兰蒂斯"), None);
}
