//! Bad GeoJSON gets a clear error naming the file and the feature, and loses nothing: good
//! features still load and the bundled map stays.

use std::path::{Path, PathBuf};

use tumen_atlas::data::geo::load_regions_file;
use tumen_atlas::data::{Dataset, TradeData};
use tumen_atlas::loader::load_files;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/geojson")
        .join(name)
}

#[test]
fn a_syntax_error_names_the_file_and_line() {
    let err = load_regions_file(&fixture("syntax_error.geojson")).expect_err("must fail");
    let msg = err.to_string();
    assert!(msg.contains("syntax_error.geojson"), "{msg}");
    assert!(msg.contains("line 4"), "{msg}");
}

#[test]
fn bad_features_are_named_and_good_ones_kept() {
    let (regions, errors) =
        load_regions_file(&fixture("mixed_bad_features.geojson")).expect("file parses");
    assert_eq!(
        regions.iter().map(|r| r.id.as_str()).collect::<Vec<_>>(),
        ["TEST-OK"]
    );
    let msgs: Vec<String> = errors.iter().map(ToString::to_string).collect();
    assert_eq!(msgs.len(), 3, "{msgs:#?}");
    assert!(
        msgs[0].contains("feature 1 (TEST-LINE)") && msgs[0].contains("LineString"),
        "{}",
        msgs[0]
    );
    assert!(
        msgs[1].contains("feature 2") && msgs[1].contains("missing id"),
        "{}",
        msgs[1]
    );
    assert!(
        msgs[2].contains("feature 3 (TEST-OPEN)") && msgs[2].contains("not closed"),
        "{}",
        msgs[2]
    );
    assert!(
        msgs.iter()
            .all(|m| m.contains("mixed_bad_features.geojson"))
    );
}

#[test]
fn json_that_is_not_geojson_is_refused_with_a_reason() {
    let msg = load_regions_file(&fixture("not_geojson.json"))
        .expect_err("must fail")
        .to_string();
    assert!(
        msg.contains("not_geojson.json") && msg.contains("not GeoJSON"),
        "{msg}"
    );
}

#[test]
fn a_missing_file_is_reported_not_panicked_on() {
    let msg = load_regions_file(&fixture("does_not_exist.geojson"))
        .expect_err("must fail")
        .to_string();
    assert!(
        msg.contains("does_not_exist.geojson") && msg.contains("cannot read"),
        "{msg}"
    );
}

#[test]
fn the_bundled_map_survives_bad_files_and_gains_good_regions() {
    let bundled = Dataset::bundled().expect("bundled").geo;
    let n = bundled.regions.len();
    let paths = [
        fixture("syntax_error.geojson"),
        fixture("mixed_bad_features.geojson"),
        fixture("clash_with_bundled.geojson"),
    ];
    let loaded = load_files(bundled, TradeData::default(), &paths);
    let (geo, messages) = (loaded.geo, loaded.messages);
    assert_eq!(geo.regions.len(), n + 1, "only TEST-OK is added");
    assert!(geo.region(&"TEST-OK".into()).is_some());
    assert_eq!(
        geo.resolve_region("CN-JL").map(|r| r.name().to_string()),
        Some("Jilin".into())
    );
    assert!(
        messages
            .iter()
            .any(|m| m.contains("CN-JL is already on the map")),
        "{messages:#?}"
    );
    assert_eq!(messages.len(), 1 + 3 + 1, "{messages:#?}");
}
