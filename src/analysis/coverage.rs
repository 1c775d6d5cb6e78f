//! Coverage: which reporter × partner × year cells are known, on which basis, from which
//! sources — the table behind a coverage view and `check-data`-style summaries.

use std::collections::BTreeMap;

use crate::data::tables::{Basis, Flow, SourceId};
use crate::data::{RegionId, TradeData};

/// One known reporter × partner × year × basis cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CoverageCell {
    /// Reporter.
    pub reporter: RegionId,
    /// Partner ISO3 or `WLD`.
    pub partner: String,
    /// Year.
    pub year: i32,
    /// Basis.
    pub basis: Basis,
    /// Flows published (sorted).
    pub flows: Vec<Flow>,
    /// Sources giving any of them (sorted).
    pub sources: Vec<SourceId>,
    /// Whether every value in it is known in USD (a missing exchange rate makes it `false`).
    pub all_in_usd: bool,
}

/// Every known cell, sorted by reporter, partner, year and basis.
pub fn coverage(trade: &TradeData) -> Vec<CoverageCell> {
    let mut map: BTreeMap<(&str, &str, i32, Basis), CoverageCell> = BTreeMap::new();
    for r in &trade.flows {
        let c = map
            .entry((r.reporter.as_str(), r.partner.as_str(), r.year, r.basis))
            .or_insert_with(|| CoverageCell {
                reporter: r.reporter.clone(),
                partner: r.partner.clone(),
                year: r.year,
                basis: r.basis,
                flows: Vec::new(),
                sources: Vec::new(),
                all_in_usd: true,
            });
        if !c.flows.contains(&r.flow) {
            c.flows.push(r.flow);
        }
        if !c.sources.contains(&r.source) {
            c.sources.push(r.source.clone());
        }
        c.all_in_usd &= r.value_usd.is_some();
    }
    map.into_values()
        .map(|mut c| {
            c.flows.sort();
            c.sources.sort();
            c
        })
        .collect()
}

/// The years in which `reporter` has any value with `partner` (any flow, any basis), sorted.
pub fn years_with_data(trade: &TradeData, reporter: &str, partner: &str) -> Vec<i32> {
    let mut years: Vec<i32> = trade
        .flows
        .iter()
        .filter(|r| r.reporter.as_str() == reporter && r.partner == partner)
        .map(|r| r.year)
        .collect();
    years.sort_unstable();
    years.dedup();
    years
}
