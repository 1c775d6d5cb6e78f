//! Typed identifiers shared by every layer: region levels, canonical region ids, the partner
//! a view shows, and the year spans the command line takes.
//!
//! Canonical ids follow docs/DESIGN.md §2: ISO 3166-1 alpha-3 for countries, current ISO 3166-2 for
//! first-level regions, `CN-` + GB/T 2260 code for Chinese prefectures. Aliases are resolved by
//! [`crate::data::geo::Geography::resolve`]; everything printed uses the canonical id.

use std::fmt;

use crate::data::tables::partners::{Partners, WORLD};

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

/// The partner a view shows: `WLD` (all partners), the group `NEA4`, or a partner's ISO3
/// code, e.g. `KOR`. Checked against the data once, where it comes in
/// ([`PartnerId::resolve`] for user text, [`PartnerId::is_known`] for a restored view); the
/// views take it as given.
#[derive(
    Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(transparent)]
pub struct PartnerId(String);

/// The id of the partner group of the northeast's four neighbours (docs/DESIGN.md §2).
pub const NEA4_ID: &str = "NEA4";

impl PartnerId {
    /// Wraps a canonical id (no validation; use [`PartnerId::resolve`] for user input).
    pub fn new(id: impl Into<String>) -> Self {
        Self(id.into())
    }

    /// All partners (`WLD`).
    pub fn world() -> Self {
        Self(WORLD.to_string())
    }

    /// Resolves user text: `WLD`/`World`, `NEA4`, or a partner's ISO3 code, name or alias
    /// (`KOR`, `韩国`, `South Korea`), to its canonical id; `None` for a partner not in
    /// `partners`.
    pub fn resolve(text: &str, partners: &Partners) -> Option<Self> {
        if text.trim().eq_ignore_ascii_case(NEA4_ID) {
            return Some(Self(NEA4_ID.to_string()));
        }
        partners.resolve(text).map(Self::new)
    }

    /// Whether the id names `WLD`, `NEA4` or a partner in `partners`.
    pub fn is_known(&self, partners: &Partners) -> bool {
        self.0 == NEA4_ID || partners.contains(&self.0)
    }

    /// Whether this is all partners (`WLD`).
    pub fn is_world(&self) -> bool {
        self.0 == WORLD
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Default for PartnerId {
    fn default() -> Self {
        Self::world()
    }
}

impl fmt::Display for PartnerId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl AsRef<str> for PartnerId {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl From<&str> for PartnerId {
    fn from(s: &str) -> Self {
        Self(s.to_string())
    }
}

impl PartialEq<str> for PartnerId {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

impl PartialEq<&str> for PartnerId {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
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
