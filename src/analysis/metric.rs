//! Everything about a metric in one place: its name on the command line, its label, its unit,
//! the kind of colour scale it takes, whether a partner and a flow apply, and what it is
//! computed from. Every property is an exhaustive `match`, so a new [`Metric`] does not compile
//! until each one is decided here; the views ask these methods and never list metrics
//! themselves (docs/ARCHITECTURE.md, "How to add a metric").

use std::fmt;

use crate::data::Flow;

/// The metrics of docs/DESIGN.md §4.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Metric {
    /// Exports + imports, USD.
    Total,
    /// Exports, USD.
    Export,
    /// Imports, USD.
    Import,
    /// Exports − imports, USD.
    Balance,
    /// Partner / world, % (same region, year, flow, basis).
    Share,
    /// Year-on-year growth of the flow, %.
    Growth,
    /// Trade (the flow) × `usd_cny` / GDP, %.
    TradeGdp,
    /// Trade (the flow) per resident, USD per person: trade / year-end population.
    TradePerHead,
    /// GDP per head relative to the national figure, % (negative = below).
    GdpPcRel,
}

/// How a metric's values are coloured: light to dark, or two hues around zero.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScaleKind {
    /// Light to dark (values that are never negative).
    Sequential,
    /// Blue – white – red around zero (signed values).
    Diverging,
}

/// The unit of values in percent.
pub const PERCENT: &str = "%";
/// The unit of money values: plain US dollars.
pub const USD: &str = "USD";
/// The unit of money per resident.
pub const USD_PER_PERSON: &str = "USD per person";

impl Metric {
    /// All metrics, in display order.
    pub const ALL: [Self; 9] = [
        Self::Total,
        Self::Export,
        Self::Import,
        Self::Balance,
        Self::Share,
        Self::Growth,
        Self::TradeGdp,
        Self::TradePerHead,
        Self::GdpPcRel,
    ];

    /// The command-line spelling (`trade_gdp`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Total => "total",
            Self::Export => "export",
            Self::Import => "import",
            Self::Balance => "balance",
            Self::Share => "share",
            Self::Growth => "growth",
            Self::TradeGdp => "trade_gdp",
            Self::TradePerHead => "trade_per_head",
            Self::GdpPcRel => "gdp_pc_rel",
        }
    }

    /// Parses the command-line spelling; `yoy` (the design's name for growth) is accepted as
    /// an alias of `growth`, which is how it is printed and saved.
    pub fn parse(s: &str) -> Option<Self> {
        let s = s.trim();
        if s.eq_ignore_ascii_case("yoy") {
            return Some(Self::Growth);
        }
        Self::ALL
            .into_iter()
            .find(|m| m.as_str().eq_ignore_ascii_case(s))
    }

    /// The label people read (menus, legends, titles).
    pub fn label(self) -> &'static str {
        match self {
            Self::Total => "Total trade",
            Self::Export => "Exports",
            Self::Import => "Imports",
            Self::Balance => "Balance (exports − imports)",
            Self::Share => "Share of the region's trade",
            Self::Growth => "Growth on the year before",
            Self::TradeGdp => "Trade / GDP",
            Self::TradePerHead => "Trade per head",
            Self::GdpPcRel => "GDP per head vs national",
        }
    }

    /// The label with the partner's name (`partner`, already in words): "Total trade with
    /// Russia", "Trade with Russia / GDP"; a metric without a partner stands alone.
    pub fn label_with_partner(self, partner: &str) -> String {
        match self {
            Self::GdpPcRel => self.label().to_string(),
            Self::TradeGdp => format!("Trade with {partner} / GDP"),
            Self::TradePerHead => format!("Trade with {partner} per head"),
            Self::Total
            | Self::Export
            | Self::Import
            | Self::Balance
            | Self::Share
            | Self::Growth => format!("{} with {partner}", self.label()),
        }
    }

    /// [`USD`] for money, [`PERCENT`] for ratios, [`USD_PER_PERSON`] per head.
    pub fn unit(self) -> &'static str {
        match self {
            Self::Total | Self::Export | Self::Import | Self::Balance => USD,
            Self::Share | Self::Growth | Self::TradeGdp | Self::GdpPcRel => PERCENT,
            Self::TradePerHead => USD_PER_PERSON,
        }
    }

    /// Signed metrics (balance, growth, GDP per head relative to the nation) take a diverging
    /// scale around zero; the others a sequential one.
    pub fn scale_kind(self) -> ScaleKind {
        match self {
            Self::Balance | Self::Growth | Self::GdpPcRel => ScaleKind::Diverging,
            Self::Total
            | Self::Export
            | Self::Import
            | Self::Share
            | Self::TradeGdp
            | Self::TradePerHead => ScaleKind::Sequential,
        }
    }

    /// Whether the metric is computed on a chosen flow (share, growth, `trade_gdp`,
    /// `trade_per_head`); the others fix their flow (total/export/import/balance) or have none
    /// (`gdp_pc_rel`).
    pub fn takes_flow(self) -> bool {
        match self {
            Self::Share | Self::Growth | Self::TradeGdp | Self::TradePerHead => true,
            Self::Total | Self::Export | Self::Import | Self::Balance | Self::GdpPcRel => false,
        }
    }

    /// The flow a money metric stands for.
    pub fn own_flow(self) -> Option<Flow> {
        match self {
            Self::Total => Some(Flow::Total),
            Self::Export => Some(Flow::Export),
            Self::Import => Some(Flow::Import),
            Self::Balance
            | Self::Share
            | Self::Growth
            | Self::TradeGdp
            | Self::TradePerHead
            | Self::GdpPcRel => None,
        }
    }

    /// Whether a trade partner applies (GDP per head has none).
    pub fn has_partner(self) -> bool {
        match self {
            Self::GdpPcRel => false,
            Self::Total
            | Self::Export
            | Self::Import
            | Self::Balance
            | Self::Share
            | Self::Growth
            | Self::TradeGdp
            | Self::TradePerHead => true,
        }
    }

    /// Whether the value comes from trade figures alone (no GDP, population or rate), so a
    /// region that reports no trade can have none.
    pub fn from_trade_alone(self) -> bool {
        match self {
            Self::Total
            | Self::Export
            | Self::Import
            | Self::Balance
            | Self::Share
            | Self::Growth => true,
            Self::TradeGdp | Self::TradePerHead | Self::GdpPcRel => false,
        }
    }
}

impl fmt::Display for Metric {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_metric_reads_back_from_its_own_name() {
        for m in Metric::ALL {
            assert_eq!(Metric::parse(m.as_str()), Some(m));
        }
        assert_eq!(Metric::parse("YoY"), Some(Metric::Growth));
        assert_eq!(Metric::parse("per_head"), None);
    }

    #[test]
    fn signed_metrics_take_a_diverging_scale_and_shares_a_sequential_one() {
        assert_eq!(Metric::Balance.scale_kind(), ScaleKind::Diverging);
        assert_eq!(Metric::Share.scale_kind(), ScaleKind::Sequential);
        assert_eq!(Metric::TradePerHead.scale_kind(), ScaleKind::Sequential);
    }

    #[test]
    fn labels_name_the_partner_only_where_one_applies() {
        assert_eq!(
            Metric::Total.label_with_partner("Russia"),
            "Total trade with Russia"
        );
        assert_eq!(
            Metric::TradePerHead.label_with_partner("Japan"),
            "Trade with Japan per head"
        );
        assert_eq!(
            Metric::GdpPcRel.label_with_partner("Japan"),
            "GDP per head vs national"
        );
        assert!(!Metric::GdpPcRel.has_partner());
    }
}
