//! The embedded geometry caches (`assets/geometry.postcard`, `assets/prepared.postcard`) equal
//! what parsing and preparing the bundled GeoJSON gives, so the app starts from them without
//! showing anything different. `UPDATE_GEOMETRY_CACHE=1 cargo test --test library
//! geometry_cache` rewrites them after the GeoJSON or the preparation changes.

#![allow(clippy::expect_used, clippy::unwrap_used)] // a failed expectation is a failed test

use std::path::Path;

use tumen_atlas::data::Geography;
use tumen_atlas::map::PreparedMap;

#[test]
fn the_embedded_geometry_equals_what_preparing_the_geojson_gives() {
    let parsed = Geography::bundled_from_geojson().expect("bundled GeoJSON");
    let prepared = PreparedMap::new(&parsed);
    if std::env::var_os("UPDATE_GEOMETRY_CACHE").is_some() {
        let assets = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets");
        std::fs::write(
            assets.join("geometry.postcard"),
            parsed.cache_bytes().expect("encode"),
        )
        .expect("write geometry.postcard");
        std::fs::write(
            assets.join("prepared.postcard"),
            prepared.cache_bytes().expect("encode"),
        )
        .expect("write prepared.postcard");
        return;
    }
    let cached = Geography::bundled().expect("bundled geography");
    assert!(cached.is_bundled());
    assert_eq!(cached.regions.len(), parsed.regions.len());
    for (a, b) in cached.regions.iter().zip(&parsed.regions) {
        assert_eq!(a, b, "region {}", b.id);
    }
    assert_eq!(cached.lines, parsed.lines);
    assert_eq!(cached.places, parsed.places);
    assert_eq!(
        cached.resolve("吉林省"),
        parsed.resolve("吉林省"),
        "aliases are rebuilt the same way"
    );
    let embedded = PreparedMap::bundled().expect(
        "assets/prepared.postcard matches data/geo (UPDATE_GEOMETRY_CACHE=1 cargo test --test library geometry_cache)",
    );
    assert!(
        embedded == prepared,
        "the embedded prepared map differs from PreparedMap::new"
    );
    assert!(PreparedMap::for_geography(&cached) == prepared);
}

#[test]
fn a_geography_with_added_regions_is_prepared_afresh() {
    let mut geo = Geography::bundled().expect("bundled geography");
    let square = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/geojson/good_square.geojson"),
    )
    .expect("fixture");
    let (regions, errors) = tumen_atlas::data::geo::parse_regions(
        &square,
        Path::new("good_square.geojson"),
        "good_square.geojson",
    )
    .expect("parses");
    assert!(errors.is_empty());
    assert!(geo.add_regions(regions).is_empty());
    assert!(!geo.is_bundled());
    let prepared = PreparedMap::for_geography(&geo);
    assert_eq!(prepared.regions.len(), geo.regions.len());
}
