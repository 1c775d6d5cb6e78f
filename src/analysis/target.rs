//! What a query is about: a [`Target`] (one region, a named region set, or `CHN`) and a
//! [`PartnerSel`] (one partner, the world, the NEA4 group, or the rest of the world).

use std::fmt;

use crate::data::geo::Resolved;
use crate::data::ids::NEA4_ID;
use crate::data::tables::partners::WORLD;
use crate::data::{Geography, PartnerId, RegionId, TradeData};

/// The regions a value is about: one region, or a named set whose value is the sum of its
/// members (known only if every member is).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Target {
    /// Canonical id printed on output (`CN-JL`, `NE3`, `CHN`).
    pub id: String,
    /// The regions summed (one for a single region).
    pub members: Vec<RegionId>,
    /// Whether this is a named set.
    pub is_set: bool,
}

impl Target {
    /// A single region.
    pub fn region(id: RegionId) -> Self {
        Self {
            id: id.0.clone(),
            members: vec![id],
            is_set: false,
        }
    }

    /// Resolves user text: a region id or alias (`CN-JL`, `Jilin`, `吉林省`, `220000`), a set id
    /// (`NE3`, `TUMEN3`, `CN-EAST`), `CHN`, or an id that only the trade tables use (e.g. the
    /// county-level city `CN-222404`, which the map does not draw).
    pub fn resolve(text: &str, geo: &Geography, trade: &TradeData) -> Option<Self> {
        match geo.resolve(text) {
            Some(Resolved::Region(id)) => Some(Self::region(id)),
            Some(Resolved::Set(sid)) => geo.set(&sid).map(|s| Self {
                id: s.id.clone(),
                members: s.members.clone(),
                is_set: true,
            }),
            None => {
                let t = text.trim();
                trade
                    .has_reporter(t)
                    .then(|| Self::region(RegionId::new(t)))
            }
        }
    }
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.id)
    }
}

/// The partners a value is about.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PartnerSel {
    /// All partners (`WLD`).
    World,
    /// One partner, by ISO3.
    Country(String),
    /// A named group whose value is the sum of its members (known only if all are), e.g. NEA4.
    Group {
        /// Group id printed on output.
        id: String,
        /// Member ISO3 codes.
        members: Vec<String>,
    },
    /// The world minus the listed partners (known only if the world and every listed partner are).
    RestOfWorld {
        /// The partners taken out.
        listed: Vec<String>,
    },
}

/// The members of NEA4, the northeast's four neighbours (docs/DESIGN.md §2).
pub const NEA4: [&str; 4] = ["JPN", "KOR", "PRK", "RUS"];

impl PartnerSel {
    /// NEA4 = JPN + KOR + PRK + RUS.
    pub fn nea4() -> Self {
        Self::Group {
            id: NEA4_ID.into(),
            members: NEA4.iter().map(ToString::to_string).collect(),
        }
    }

    /// Resolves user text: `WLD`/`World`, `NEA4`, or a partner ISO3, name or alias (`KOR`,
    /// `韩国`, `South Korea`).
    pub fn resolve(text: &str, trade: &TradeData) -> Option<Self> {
        if text.trim().eq_ignore_ascii_case("NEA4") {
            return Some(Self::nea4());
        }
        match trade.partners.resolve(text)? {
            WORLD => Some(Self::World),
            iso => Some(Self::Country(iso.to_string())),
        }
    }

    /// The selection a view's partner id stands for: `WLD` all partners, `NEA4` the group,
    /// any other id that one partner (an id the data does not know has no figures).
    pub fn of(id: &PartnerId) -> Self {
        match id.as_str() {
            WORLD => Self::World,
            NEA4_ID => Self::nea4(),
            iso => Self::Country(iso.to_string()),
        }
    }

    /// The id printed on output: `WLD`, `KOR`, `NEA4`, `WLD-JPN+KOR`.
    pub fn id(&self) -> String {
        match self {
            Self::World => WORLD.to_string(),
            Self::Country(c) => c.clone(),
            Self::Group { id, .. } => id.clone(),
            Self::RestOfWorld { listed } => format!("{WORLD}-{}", listed.join("+")),
        }
    }
}

impl fmt::Display for PartnerSel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.id())
    }
}
