//! Typed identifiers shared by every layer: region levels, canonical region ids, and the year
//! spans the command line takes.
//!
//! Canonical ids follow docs/DESIGN.md §2: ISO 3166-1 alpha-3 for countries, current ISO 3166-2 for
//! first-level regions, `CN-` + GB/T 2260 code for Chinese prefectures. Aliases are resolved by
//! [`crate::data::geo::Geography::resolve`]; everything printed uses the canonical id.

use std::fmt;

/// Canonical id of a region (country, province or prefecture), e.g. `CN-JL`, `CN-222400`, `PRK`.
#[derive(
    Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(transparent)]
pub struct RegionId(pub String);

impl RegionId {
    /// Wraps a canonical id (no validation; use `Geography::resolve` for user input).
    pub fn new(id: impl Into<String>) -> Self {
        Self(id.into())
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for RegionId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Administrative level of a region; the hit test returns regions from the finest level up.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Prefecture-level division (China's northeast only).
    Admin2,
    /// Province, oblast, krai, do …
    Admin1,
    /// Country.
    Country,
}

impl Level {
    /// Parses the `level` property of the bundled GeoJSON.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "country" => Some(Self::Country),
            "admin1" => Some(Self::Admin1),
            "admin2" => Some(Self::Admin2),
            _ => None,
        }
    }

    /// Human-readable name of the level, for tooltips and the side panel.
    pub fn label(self) -> &'static str {
        match self {
            Self::Country => "country",
            Self::Admin1 => "province / first-level region",
            Self::Admin2 => "prefecture",
        }
    }
}

impl From<&str> for RegionId {
    fn from(s: &str) -> Self {
        Self(s.to_string())
    }
}

/// A year or a span of years as the command line and the fetch dialog take it: `Y`, `Y1..Y2` or
/// `Y1..=Y2`, each year 1900–2100, the first not after the last.
///
/// # Errors
/// What is wrong with the text, naming it.
pub fn parse_year_span(s: &str) -> Result<std::ops::RangeInclusive<i32>, String> {
    let year = |t: &str| {
        t.trim()
            .parse::<i32>()
            .ok()
            .filter(|y| (1900..=2100).contains(y))
            .ok_or_else(|| format!("\"{t}\" is not a year (1900-2100)"))
    };
    let (a, b) = match s.split_once("..") {
        Some((a, b)) => (year(a)?, year(b.trim_start_matches('='))?),
        None => {
            let y = year(s)?;
            (y, y)
        }
    };
    if a > b {
        return Err(format!("year range {a}..{b} runs backwards"));
    }
    Ok(a..=b)
}
