//! `data/region_names.csv`: regions' names in English, Chinese, Korean and Russian, one row per
//! region × language that a cited source gives (`region_id,lang,name,source_id`), built by
//! `tools/build_names.py`. Where the table has a row it is the authority over the name in the
//! GeoJSON; where it has none the GeoJSON's name stays. A region × language that no source gives
//! has no row (listed in `data/region_names_gaps.csv`) and is shown as nothing, never guessed.

use std::collections::HashSet;
use std::path::Path;

use super::{SourceId, TableError, field, line_of, open};
use crate::data::RegionId;
use crate::data::geo::Names;

/// The bundled names table.
pub const BUNDLED_REGION_NAMES: &str = include_str!("../../../data/region_names.csv");

/// A language of the names table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Lang {
    /// English (`en`).
    En,
    /// Chinese, simplified (`zh`).
    Zh,
    /// Korean (`ko`).
    Ko,
    /// Russian (`ru`).
    Ru,
}

impl Lang {
    /// The four languages, in the order tooltips list them.
    pub const ALL: [Self; 4] = [Self::En, Self::Zh, Self::Ko, Self::Ru];

    /// Parses the table's language code.
    pub fn from_code(code: &str) -> Option<Self> {
        match code {
            "en" => Some(Self::En),
            "zh" => Some(Self::Zh),
            "ko" => Some(Self::Ko),
            "ru" => Some(Self::Ru),
            _ => None,
        }
    }

    /// The table's language code.
    pub fn code(self) -> &'static str {
        match self {
            Self::En => "en",
            Self::Zh => "zh",
            Self::Ko => "ko",
            Self::Ru => "ru",
        }
    }

    /// The name of the language in itself, as tooltips mark each name.
    pub fn label(self) -> &'static str {
        match self {
            Self::En => "English",
            Self::Zh => "中文",
            Self::Ko => "한국어",
            Self::Ru => "Русский",
        }
    }

    /// The slot for this language in a region's names.
    pub fn slot(self, names: &mut Names) -> &mut Option<String> {
        match self {
            Self::En => &mut names.en,
            Self::Zh => &mut names.zh,
            Self::Ko => &mut names.ko,
            Self::Ru => &mut names.ru,
        }
    }

    /// This language's name in `names`, if known.
    pub fn get(self, names: &Names) -> Option<&str> {
        match self {
            Self::En => names.en.as_deref(),
            Self::Zh => names.zh.as_deref(),
            Self::Ko => names.ko.as_deref(),
            Self::Ru => names.ru.as_deref(),
        }
    }
}

/// One row: a region's name in one language, with its source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameRow {
    /// The region.
    pub region: RegionId,
    /// The language.
    pub lang: Lang,
    /// The name as the source gives it.
    pub name: String,
    /// Source id (a row of `data/sources.csv`).
    pub source: SourceId,
}

/// Parses the names table. Every row must name a known region (`known_region`), one of the four
/// languages, a non-empty name and a known source (`known_source`); a region × language may
/// appear once. The first bad row is an error naming the file and the line.
pub fn parse(
    text: &str,
    file: &Path,
    known_region: &dyn Fn(&str) -> bool,
    known_source: &dyn Fn(&str) -> bool,
) -> Result<Vec<NameRow>, TableError> {
    let (mut rdr, cols) = open(text, file)?;
    let [region, lang, name, source] =
        ["region_id", "lang", "name", "source_id"].map(|c| cols.require(c, file));
    let (region, lang, name, source) = (region?, lang?, name?, source?);
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for rec in rdr.records() {
        let rec = rec.map_err(|e| TableError::file(file, e.to_string()))?;
        let line = line_of(&rec);
        let bad = |message: String| TableError::row(file, line, message);
        let rid = field(&rec, Some(region));
        if !known_region(rid) {
            return Err(bad(format!("region \"{rid}\" is not on the map")));
        }
        let code = field(&rec, Some(lang));
        let l = Lang::from_code(code)
            .ok_or_else(|| bad(format!("language \"{code}\" is not one of en, zh, ko, ru")))?;
        let n = field(&rec, Some(name));
        if n.is_empty() {
            return Err(bad(format!("empty name for {rid} ({code})")));
        }
        let src = field(&rec, Some(source));
        if !known_source(src) {
            return Err(bad(format!("source \"{src}\" is not in data/sources.csv")));
        }
        if !seen.insert((rid.to_string(), l)) {
            return Err(bad(format!("a second {code} name for {rid}")));
        }
        out.push(NameRow {
            region: RegionId::new(rid),
            lang: l,
            name: n.to_string(),
            source: SourceId(src.to_string()),
        });
    }
    Ok(out)
}

/// Sets each name the rows give for one region; the names they do not give stay as they were.
pub fn overlay<'a>(names: &mut Names, rows: impl IntoIterator<Item = &'a NameRow>) {
    for row in rows {
        *row.lang.slot(names) = Some(row.name.clone());
    }
}
