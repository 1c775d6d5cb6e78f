//! `data/partners.csv`: trading partners (ISO3) with English and Chinese names and aliases, so
//! that `韩国`, `Korea, Rep.` and `KOR` all mean the same partner.

use std::collections::HashMap;
use std::path::Path;

use super::{Columns, SourceId, TableError, field, line_of, reader};
use crate::data::geo::normalise;

/// The id of "all partners".
pub const WORLD: &str = "WLD";

/// Names that mean "all partners" in the files users bring, already [`normalise`]d (lower
/// case): `WLD`, `World`, `世界`, `全球`, `总值`, `W00`, `世界总计`. Normalising them for every
/// row was a quarter of loading the bundled tables.
const WORLD_KEYS: [&str; 7] = ["wld", "world", "世界", "全球", "总值", "w00", "世界总计"];

/// One trading partner.
#[derive(Debug, Clone, PartialEq)]
pub struct Partner {
    /// ISO 3166-1 alpha-3.
    pub iso3: String,
    /// English name.
    pub name_en: String,
    /// Chinese name (the China Customs short name where known).
    pub name_zh: String,
    /// Other names.
    pub aliases: Vec<String>,
    /// Capital city name.
    pub capital: String,
    /// Capital (lon, lat), when known.
    pub capital_pos: Option<(f64, f64)>,
    /// Source id.
    pub source: SourceId,
}

/// All partners, with an alias index.
#[derive(Debug, Clone, Default)]
pub struct Partners {
    /// Partners sorted by ISO3.
    pub list: Vec<Partner>,
    index: HashMap<String, usize>,
}

impl Partners {
    /// Parses `partners.csv` (`iso3,name_en,name_zh,aliases,capital,capital_lon,capital_lat,source`).
    /// Aliases are `|`-separated.
    pub fn parse(text: &str, file: &Path) -> Result<Self, TableError> {
        let mut rdr = reader(text);
        let cols = Columns::new(
            rdr.headers()
                .map_err(|e| TableError::file(file, e.to_string()))?,
        );
        let iso3 = cols.require("iso3", file)?;
        let name_en = cols.require("name_en", file)?;
        let name_zh = cols.require("name_zh", file)?;
        let aliases = cols.find(&["aliases"]);
        let capital = cols.find(&["capital"]);
        let (lon, lat) = (cols.find(&["capital_lon"]), cols.find(&["capital_lat"]));
        let source = cols.require("source", file)?;
        let mut list = Vec::new();
        for rec in rdr.records() {
            let rec = rec.map_err(|e| TableError::file(file, e.to_string()))?;
            let line = line_of(&rec);
            let code = field(&rec, Some(iso3));
            if code.len() != 3 || !code.bytes().all(|b| b.is_ascii_uppercase()) {
                return Err(TableError::row(
                    file,
                    line,
                    format!("\"{code}\" is not an ISO3 code"),
                ));
            }
            let pos = match (
                field(&rec, lon).parse::<f64>(),
                field(&rec, lat).parse::<f64>(),
            ) {
                (Ok(x), Ok(y)) => Some((x, y)),
                _ => None,
            };
            list.push(Partner {
                iso3: code.to_string(),
                name_en: field(&rec, Some(name_en)).to_string(),
                name_zh: field(&rec, Some(name_zh)).to_string(),
                aliases: field(&rec, aliases)
                    .split('|')
                    .map(str::trim)
                    .filter(|a| !a.is_empty())
                    .map(str::to_string)
                    .collect(),
                capital: field(&rec, capital).to_string(),
                capital_pos: pos,
                source: SourceId(field(&rec, Some(source)).to_string()),
            });
        }
        list.sort_by(|a, b| a.iso3.cmp(&b.iso3));
        let mut p = Self {
            list,
            index: HashMap::new(),
        };
        p.reindex();
        Ok(p)
    }

    fn reindex(&mut self) {
        let mut index = HashMap::new();
        // Aliases first, then names, then codes: a code or a name always wins over an alias.
        for (i, p) in self.list.iter().enumerate() {
            for a in &p.aliases {
                index.entry(normalise(a)).or_insert(i);
            }
        }
        for (i, p) in self.list.iter().enumerate() {
            index.insert(normalise(&p.name_en), i);
            index.insert(normalise(&p.name_zh), i);
        }
        for (i, p) in self.list.iter().enumerate() {
            index.insert(normalise(&p.iso3), i);
        }
        self.index = index;
    }

    /// Resolves an ISO3 code, name or alias (case-insensitive) to the canonical ISO3, or
    /// [`WORLD`] for `WLD`/`World`/`世界`. Partner groups (`NEA4`) are not partners; see
    /// [`crate::analysis::PartnerSel`].
    pub fn resolve(&self, text: &str) -> Option<&str> {
        let key = normalise(text);
        if key.is_empty() {
            return None;
        }
        if WORLD_KEYS.contains(&key.as_str()) {
            return Some(WORLD);
        }
        self.index.get(&key).map(|&i| self.list[i].iso3.as_str())
    }

    /// The partner with this ISO3 code.
    pub fn get(&self, iso3: &str) -> Option<&Partner> {
        self.list
            .binary_search_by(|p| p.iso3.as_str().cmp(iso3))
            .ok()
            .map(|i| &self.list[i])
    }

    /// Whether `iso3` is a known partner id (or `WLD`).
    pub fn contains(&self, iso3: &str) -> bool {
        iso3 == WORLD || self.get(iso3).is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_name_for_all_partners_resolves_to_wld_in_any_case_and_spacing() {
        let text = "iso3,name_en,name_zh,aliases,source\nKOR,Korea,韩国,Korea Rep.,s\n";
        let partners = Partners::parse(text, Path::new("partners.csv"))
            .unwrap_or_else(|e| panic!("partners: {e}"));
        for name in [
            "WLD",
            "wld",
            "World",
            " WORLD ",
            "世界",
            "全球",
            "总值",
            "W00",
            "世界总计",
        ] {
            assert_eq!(partners.resolve(name), Some(WORLD), "{name}");
        }
        for key in WORLD_KEYS {
            assert_eq!(normalise(key), key, "{key} is not normalised");
        }
        assert_eq!(partners.resolve(" korea  rep. "), Some("KOR"));
        assert_eq!(partners.resolve("Worlds"), None);
    }
}
