//! Fuzz target: a UN Comtrade API answer body, read as the fetcher reads it.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tumen_atlas::fetch::comtrade::{FetchRequest, read_answer, tidy_csv};

fuzz_target!(|bytes: &[u8]| {
    let Ok(body) = std::str::from_utf8(bytes) else {
        return;
    };
    let req = FetchRequest {
        reporters: vec!["CHN".into()],
        partners: vec![],
        years: 2015..=2023,
        ..FetchRequest::default()
    };
    if let Ok(fetched) = read_answer("https://example.invalid/fuzz", body, &req) {
        let _ = tidy_csv(&fetched.rows, "2026-01-01");
    }
});
