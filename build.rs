//! Fingerprints the bundled GeoJSON at build time (FNV-1a over each file's length and bytes),
//! so that the app can tell whether the embedded geometry caches (`assets/*.postcard`) were
//! made from the GeoJSON it ships without reading that GeoJSON at start-up.

use std::fs;

fn main() {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut eat = |bytes: &[u8]| {
        for &b in bytes {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
    };
    for file in [
        "data/geo/regions.geojson",
        "data/geo/lines.geojson",
        "data/geo/places.geojson",
    ] {
        println!("cargo:rerun-if-changed={file}");
        // A missing file fails the build anyway (include_str! in src/data/mod.rs).
        let bytes = fs::read(file).unwrap_or_default();
        eat(&(bytes.len() as u64).to_le_bytes());
        eat(&bytes);
    }
    println!("cargo:rustc-env=TUMEN_GEO_FINGERPRINT={h}");
}
