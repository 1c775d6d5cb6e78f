//! Fuzz target: any bytes given to the importers as `yearbook.csv`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    tumen_atlas_fuzz::import(bytes, "yearbook.csv");
});
