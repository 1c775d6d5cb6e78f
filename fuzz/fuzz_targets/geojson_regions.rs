//! Fuzz target: a user's regions GeoJSON, parsed and added to the bundled geography.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return;
    };
    if let Ok((regions, _errors)) =
        tumen_atlas::data::geo::parse_regions(text, Path::new("user.geojson"), "user.geojson")
        && !regions.is_empty()
    {
        let mut geo = tumen_atlas_fuzz::data().geo.clone();
        let _ = geo.add_regions(regions);
        let _ = geo.hit_chain(129.5, 42.9);
        let _ = geo.search("user", 5);
    }
});
