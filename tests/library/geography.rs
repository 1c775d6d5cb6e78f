//! The bundled geography answers the questions a user asks of the map: what is under this
//! point, and which region does this name mean.

#![allow(clippy::expect_used)] // test helpers outside #[test] fns

use tumen_atlas::data::Dataset;
use tumen_atlas::data::geo::Resolved;

fn chain(lon: f64, lat: f64) -> Vec<String> {
    let data = Dataset::bundled().expect("bundled data loads");
    data.geo
        .hit_chain(lon, lat)
        .iter()
        .map(|r| r.id.to_string())
        .collect()
}

#[test]
fn a_point_in_yanji_is_in_yanbian_then_jilin_then_china() {
    assert_eq!(chain(129.51, 42.89), ["CN-222400", "CN-JL", "CHN"]);
}

#[test]
fn a_point_in_rajin_is_in_rason() {
    let c = chain(130.30, 42.25);
    assert_eq!(c.first().map(String::as_str), Some("KP-13"), "{c:?}");
    assert!(c.contains(&"PRK".to_string()));
}

#[test]
fn vladivostok_is_in_primorsky() {
    let c = chain(131.89, 43.12);
    assert_eq!(c.first().map(String::as_str), Some("RU-PRI"), "{c:?}");
}

#[test]
fn the_sea_of_japan_is_nothing() {
    assert!(chain(134.0, 40.0).is_empty());
}

#[test]
fn north_hamgyong_is_across_the_tumen_from_jilin() {
    assert_eq!(
        chain(129.5, 42.0).first().map(String::as_str),
        Some("KP-09")
    );
    assert_eq!(
        chain(126.5, 43.5)
            .first()
            .map(String::as_str)
            .map(|s| s.starts_with("CN-22")),
        Some(true)
    );
}

#[test]
fn aliases_in_several_scripts_resolve_to_canonical_ids() {
    let data = Dataset::bundled().expect("bundled data loads");
    let region = |s: &str| match data.geo.resolve(s) {
        Some(Resolved::Region(id)) => id.to_string(),
        other => panic!("{s} resolved to {other:?}"),
    };
    assert_eq!(region("延边"), "CN-222400");
    assert_eq!(region("延边朝鲜族自治州"), "CN-222400");
    assert_eq!(region("Rason"), "KP-13");
    assert_eq!(region("CN-22"), "CN-JL");
    assert_eq!(region("220000"), "CN-JL");
    assert_eq!(region("jilin"), "CN-JL");
    assert_eq!(region("吉林省"), "CN-JL");
    assert_eq!(region("Primorsky"), "RU-PRI");
    assert_eq!(data.geo.resolve("ne3"), Some(Resolved::Set("NE3".into())));
}

#[test]
fn every_prefecture_and_province_has_an_existing_parent() {
    let data = Dataset::bundled().expect("bundled data loads");
    for r in &data.geo.regions {
        if let Some(p) = &r.parent {
            assert!(
                data.geo.region(p).is_some(),
                "{} has missing parent {p}",
                r.id
            );
        }
    }
    let provinces = data
        .geo
        .regions
        .iter()
        .filter(|r| r.parent.as_ref().is_some_and(|p| p.as_str() == "CHN"))
        .count();
    assert_eq!(provinces, 31, "all 31 mainland provinces");
}

#[test]
fn region_sets_name_only_regions_on_the_map() {
    let data = Dataset::bundled().expect("bundled data loads");
    for id in ["NE3", "TUMEN3", "CN-EAST"] {
        let set = data.geo.set(id).unwrap_or_else(|| panic!("set {id}"));
        for m in &set.members {
            assert!(
                data.geo.region(m).is_some(),
                "{id} member {m} is not on the map"
            );
        }
    }
}

#[test]
fn the_tumen_river_is_drawn_and_named() {
    let data = Dataset::bundled().expect("bundled data loads");
    let tumen = data
        .geo
        .lines
        .iter()
        .find(|l| l.id == "tumen")
        .expect("tumen line");
    assert_eq!(tumen.names.zh.as_deref(), Some("图们江"));
    assert!(tumen.geometry.0.iter().map(|l| l.0.len()).sum::<usize>() > 20);
}
