//! The names table (`data/region_names.csv`): every region's name in English, Chinese, Korean and
//! Russian where a cited source gives it, loaded into the dataset, with a clear error for a bad row.

use std::collections::BTreeSet;
use std::path::Path;

use tumen_atlas::data::tables::names::{self, Lang};
use tumen_atlas::data::{Dataset, Level, RegionId};

const GAPS: &str = include_str!("../../data/region_names_gaps.csv");

fn dataset() -> Dataset {
    Dataset::bundled().unwrap_or_else(|e| panic!("bundled data: {e}"))
}

fn bundled_rows() -> Vec<names::NameRow> {
    let d = dataset();
    names::parse(
        names::BUNDLED_REGION_NAMES,
        Path::new("data/region_names.csv"),
        &|id| d.geo.region(&RegionId::new(id)).is_some(),
        &|id| d.trade.sources.iter().any(|s| s.id.as_str() == id),
    )
    .unwrap_or_else(|e| panic!("{e}"))
}

fn gaps() -> BTreeSet<(String, String)> {
    GAPS.lines()
        .skip(1)
        .filter_map(|l| {
            let mut f = l.split(',');
            Some((f.next()?.to_string(), f.next()?.to_string()))
        })
        .collect()
}

#[test]
fn the_bundled_names_table_loads_without_a_warning() {
    let d = dataset();
    assert!(
        d.warnings.iter().all(|w| !w.contains("region_names")),
        "{:?}",
        d.warnings
    );
    assert!(bundled_rows().len() > 500);
}

#[test]
fn every_admin1_and_country_has_four_names_or_a_documented_gap() {
    let d = dataset();
    let rows = bundled_rows();
    let gaps = gaps();
    let mut checked = 0;
    for r in d.geo.regions.iter().filter(|r| r.level != Level::Admin2) {
        for lang in Lang::ALL {
            let row = rows.iter().find(|n| n.region == r.id && n.lang == lang);
            let gap = gaps.contains(&(r.id.to_string(), lang.code().to_string()));
            assert!(
                row.is_some() != gap,
                "{} {}: needs exactly one of a name row or a gap row",
                r.id,
                lang.code()
            );
            if let Some(row) = row {
                assert_eq!(lang.get(&r.names), Some(row.name.as_str()), "{}", r.id);
            }
            checked += 1;
        }
    }
    assert_eq!(checked, (6 + 139) * 4);
}

#[test]
fn heilongjiang_has_its_names_in_four_languages_and_south_hamgyong_its_own_korean_name() {
    let d = dataset();
    let hl = d
        .geo
        .region(&RegionId::new("CN-HL"))
        .map(|r| r.names.clone());
    let hl = hl.unwrap_or_else(|| panic!("CN-HL"));
    assert_eq!(hl.en.as_deref(), Some("Heilongjiang"));
    assert_eq!(hl.zh.as_deref(), Some("黑龙江省"));
    assert_eq!(hl.ko.as_deref(), Some("헤이룽장성"));
    assert_eq!(hl.ru.as_deref(), Some("Хэйлунцзян"));
    let kp08 = d
        .geo
        .region(&RegionId::new("KP-08"))
        .and_then(|r| r.names.ko.clone());
    assert_eq!(kp08.as_deref(), Some("함경남도"));
}

#[test]
fn a_region_is_found_by_its_russian_and_korean_names() {
    let d = dataset();
    for (text, id) in [
        ("Приморский край", "RU-PRI"),
        ("헤이룽장성", "CN-HL"),
        ("연변조선족자치주", "CN-222400"),
    ] {
        let r = d.geo.resolve_region(text).map(|r| r.id.to_string());
        assert_eq!(r.as_deref(), Some(id), "{text}");
    }
}

fn parse(text: &str) -> Result<Vec<names::NameRow>, String> {
    names::parse(
        text,
        Path::new("data/region_names.csv"),
        &|id| id == "CN-HL",
        &|id| id == "src",
    )
    .map_err(|e| e.to_string())
}

#[test]
fn a_bad_language_code_is_an_error_naming_file_and_line() {
    let e = parse(
        "region_id,lang,name,source_id\nCN-HL,en,Heilongjiang,src\nCN-HL,kr,헤이룽장성,src\n",
    );
    let e = e.expect_err("kr is not a language of the table");
    assert!(e.contains("data/region_names.csv: line 3"), "{e}");
    assert!(e.contains("\"kr\""), "{e}");
}

#[test]
fn an_unknown_region_id_is_an_error() {
    let e = parse("region_id,lang,name,source_id\nCN-XX,en,Nowhere,src\n").expect_err("unknown");
    assert!(e.contains("line 2") && e.contains("CN-XX"), "{e}");
}

#[test]
fn an_unknown_source_an_empty_name_and_a_second_name_are_errors() {
    for (row, what) in [
        ("CN-HL,en,Heilongjiang,nope", "nope"),
        ("CN-HL,en,,src", "empty name"),
    ] {
        let e = parse(&format!("region_id,lang,name,source_id\n{row}\n")).expect_err(what);
        assert!(e.contains("line 2") && e.contains(what), "{e}");
    }
    let e =
        parse("region_id,lang,name,source_id\nCN-HL,ru,Хэйлунцзян,src\nCN-HL,ru,Хэйлунцзян,src\n");
    assert!(e.expect_err("twice").contains("line 3"));
}

#[test]
fn a_missing_column_is_a_file_error() {
    let e = parse("region_id,lang,name\nCN-HL,en,Heilongjiang\n").expect_err("no source column");
    assert!(e.contains("source_id"), "{e}");
}
