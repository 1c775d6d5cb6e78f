//! Fuzz target: a China Customs export in GBK. UTF-8 input is re-encoded to GB18030 (so the
//! seeds' Chinese headers stay Chinese headers); other bytes go in as they are.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    match std::str::from_utf8(bytes) {
        Ok(text) => {
            let (gbk, _, _) = encoding_rs::GB18030.encode(text);
            tumen_atlas_fuzz::import(&gbk, "customs_进口.csv");
        }
        Err(_) => tumen_atlas_fuzz::import(bytes, "customs_进口.csv"),
    }
});
