//! UN M49 numeric area codes (as UN Comtrade uses them) ↔ ISO 3166 alpha-3, from the bundled
//! `data/m49.csv` (`code,iso3,source`). Comtrade's own codes where they differ from ISO
//! numeric (USA 842, France 251, India 699, Norway 579, Switzerland 757, Italy 381) come from
//! Comtrade's partner-area reference list; the rest from the ISO 3166 / M49 list. Code 0 is
//! World (`WLD`). Areas without an ISO3 code ("Other Asia, nes" …) are not in the table.

use std::collections::BTreeMap;

use crate::data::tables::partners::WORLD;

const TABLE: &str = include_str!("../../data/m49.csv");

/// The code table, both ways.
#[derive(Debug, Clone)]
pub struct M49 {
    to_iso: BTreeMap<u32, String>,
    to_code: BTreeMap<String, u32>,
}

impl M49 {
    /// The bundled table. Rows that do not parse are left out (the table is checked by a test).
    pub fn bundled() -> Self {
        let mut to_iso = BTreeMap::new();
        let mut to_code: BTreeMap<String, u32> = BTreeMap::new();
        for line in TABLE.lines().skip(1) {
            let mut f = line.split(',');
            let (Some(code), Some(iso), Some(source)) = (f.next(), f.next(), f.next()) else {
                continue;
            };
            let Ok(code) = code.trim().parse::<u32>() else {
                continue;
            };
            let iso = iso.trim().to_string();
            to_iso.insert(code, iso.clone());
            // Comtrade's own code is the one its API answers to.
            if source.trim() == "comtrade-partner-areas" || !to_code.contains_key(&iso) {
                to_code.insert(iso, code);
            }
        }
        Self { to_iso, to_code }
    }

    /// ISO3 for an M49 / Comtrade code; `WLD` for 0.
    pub fn iso3(&self, code: u32) -> Option<&str> {
        if code == 0 {
            return Some(WORLD);
        }
        self.to_iso.get(&code).map(String::as_str)
    }

    /// The code Comtrade uses for an ISO3 country (`0` for `WLD`).
    pub fn code(&self, iso3: &str) -> Option<u32> {
        let iso = iso3.trim().to_ascii_uppercase();
        if iso == WORLD {
            return Some(0);
        }
        self.to_code.get(&iso).copied()
    }

    /// Number of codes in the table.
    pub fn len(&self) -> usize {
        self.to_iso.len()
    }

    /// Whether the table is empty.
    pub fn is_empty(&self) -> bool {
        self.to_iso.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comtrade_codes_map_both_ways() {
        let m = M49::bundled();
        assert!(m.len() > 190);
        assert_eq!(m.iso3(156), Some("CHN"));
        assert_eq!(m.iso3(408), Some("PRK"));
        assert_eq!(m.iso3(842), Some("USA"));
        assert_eq!(m.iso3(840), Some("USA"));
        assert_eq!(m.iso3(0), Some("WLD"));
        assert_eq!(m.iso3(490), None);
        assert_eq!(m.code("USA"), Some(842));
        assert_eq!(m.code("kor"), Some(410));
    }
}
