//! [`Analysis`]: answers "what is metric M for target T and partner P in year Y" from the indexed
//! trade tables, as a [`CellValue`] that carries its basis, sources and, when unknown, what is
//! missing.
//!
//! The contract (docs/DESIGN.md §3, §4):
//! - Missing stays missing: a value is `None`, never 0, and `missing` says which cell
//!   (`CN-HL WLD 2019 total (reporter)`) or indicator (`CHN gdp 2019`) was not found.
//! - A sum over a region set or a partner group needs every member; rest of world
//!   (`WLD − listed`) needs the world and every listed partner.
//! - Two bases are never combined: every number inside one cell (all members, both years of a
//!   growth rate, numerator and denominator of a share) is on the same basis. With an explicit
//!   basis only that basis is used. Without one, the bases are tried in the order of
//!   [`Basis::PREFERENCE`] (`reporter`, `reporter_dest`, `reporter_retab`, `partner`) and the
//!   first that gives a complete value is used — and stated in [`CellValue::basis`]; when none
//!   does, the value is unknown and `missing` lists what the reporter basis lacks.
//! - When several sources give the same cell on the same basis, the choice is deterministic:
//!   the finest published unit first (full precision: NBS thousand USD before a press figure in
//!   100 million CNY), then a value published in USD before a converted one, then the source id.
//!   The others are listed in [`CellValue::alternatives`].
//! - `total` where only export and import are published = export + import of the same basis and
//!   the same source (noted in [`CellValue::notes`]).
//!
//! Every lookup is a hash-map hit, so recomputing a whole selection after a year change is
//! cheap; [`CellCache`] memoises cells for the GUI.

use std::collections::{BTreeSet, HashMap};
use std::ops::RangeInclusive;

use super::metric::Metric;
use super::metrics;
use super::target::{PartnerSel, Target};
use crate::data::tables::partners::WORLD;
use crate::data::tables::{Basis, Flow, FlowRow, SourceId};
use crate::data::{Dataset, Geography, TradeData};

/// One question: metric × target × partner, on a flow (for share, growth, `trade_gdp`) and
/// optionally a fixed basis.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Query {
    /// The regions.
    pub target: Target,
    /// The partners.
    pub partner: PartnerSel,
    /// The metric.
    pub metric: Metric,
    /// The flow for share, growth and `trade_gdp` (ignored by the other metrics).
    pub flow: Flow,
    /// A fixed basis, or `None` to take the first complete one in [`Basis::PREFERENCE`].
    pub basis: Option<Basis>,
}

impl Query {
    /// A query on total trade with automatic basis.
    pub fn new(target: Target, partner: PartnerSel, metric: Metric) -> Self {
        Self {
            target,
            partner,
            metric,
            flow: Flow::Total,
            basis: None,
        }
    }
}

/// The answer for one (target, partner, year, metric).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct CellValue {
    /// Target id (`CN-JL`, `NE3`).
    pub region: String,
    /// Partner id (`WLD`, `KOR`, `NEA4`).
    pub partner: String,
    /// Year.
    pub year: i32,
    /// Metric.
    pub metric: Metric,
    /// Plain USD for money, percent for ratios; `None` when unknown.
    pub value: Option<f64>,
    /// `USD` or `%`.
    pub unit: &'static str,
    /// The basis every number in this value is on (`None` when unknown or not applicable).
    pub basis: Option<Basis>,
    /// Sources the value is computed from, sorted.
    pub sources: Vec<SourceId>,
    /// Other sources that give one of the same cells on the same basis, not used.
    pub alternatives: Vec<SourceId>,
    /// What is missing when the value is unknown.
    pub missing: Vec<String>,
    /// Whether any number in the value was converted from another currency.
    pub converted: bool,
    /// Derivations and conversions (`total = export + import`, the rate used …).
    pub notes: Vec<String>,
}

#[derive(Default)]
struct Acc {
    sources: BTreeSet<SourceId>,
    alternatives: BTreeSet<SourceId>,
    missing: Vec<String>,
    notes: Vec<String>,
    converted: bool,
}

fn both<T>(a: Option<T>, b: Option<T>) -> Option<(T, T)> {
    Some((a?, b?))
}

/// Preference among rows of the same cell: the finest published unit first (full precision:
/// NBS or Japan's `MoF` in thousands before a press figure in billions), then a value published in
/// USD before a converted one, then the source id. Precision first also keeps a series on one
/// source (the `MoF` yen series 2001-2019 rather than one rounded JETRO dollar figure for 2005).
fn row_rank(a: &FlowRow, b: &FlowRow) -> std::cmp::Ordering {
    a.unit
        .scale
        .total_cmp(&b.unit.scale)
        .then(a.converted.is_some().cmp(&b.converted.is_some()))
        .then(a.source.cmp(&b.source))
}

/// The less preferred of two rows (a derived total is as good as its worse half).
fn worse<'r>(a: &'r FlowRow, b: &'r FlowRow) -> &'r FlowRow {
    if row_rank(a, b).is_gt() { a } else { b }
}

/// Computes cells from a dataset. Borrowing and pure: the same inputs give the same cell.
#[derive(Debug, Clone, Copy)]
pub struct Analysis<'a> {
    /// Geography (for region sets).
    pub geo: &'a Geography,
    /// Trade tables.
    pub trade: &'a TradeData,
}

impl<'a> Analysis<'a> {
    /// Analysis over a loaded dataset.
    pub fn new(data: &'a Dataset) -> Self {
        Self {
            geo: &data.geo,
            trade: &data.trade,
        }
    }

    /// The value of `query` in `year`.
    pub fn cell(&self, query: &Query, year: i32) -> CellValue {
        let mut cell = CellValue {
            region: query.target.id.clone(),
            partner: query.partner.id(),
            year,
            metric: query.metric,
            value: None,
            unit: query.metric.unit(),
            basis: None,
            sources: Vec::new(),
            alternatives: Vec::new(),
            missing: Vec::new(),
            converted: false,
            notes: Vec::new(),
        };
        if query.metric == Metric::GdpPcRel {
            let mut acc = Acc::default();
            cell.value = self.gdp_pc_rel(&query.target, year, &mut acc);
            if cell.value.is_none() {
                acc.sources.clear();
            }
            fill(&mut cell, acc);
            return cell;
        }
        let bases: &[Basis] = match &query.basis {
            Some(b) => std::slice::from_ref(b),
            None => &Basis::PREFERENCE,
        };
        let mut first_failure = None;
        for &basis in bases {
            let mut acc = Acc::default();
            let value = self.compute(query, year, basis, &mut acc);
            if value.is_some() {
                cell.value = value;
                cell.basis = Some(basis);
                fill(&mut cell, acc);
                return cell;
            }
            if first_failure.is_none() {
                first_failure = Some((basis, acc));
            }
        }
        if let Some((basis, mut acc)) = first_failure {
            if query.basis.is_some() {
                cell.basis = Some(basis);
            } else {
                acc.notes.push(format!(
                    "no basis gives a complete value; missing lists what the {basis} basis lacks"
                ));
            }
            // Sources of a partial answer are not the sources of a value.
            acc.sources.clear();
            acc.alternatives.clear();
            acc.converted = false;
            fill(&mut cell, acc);
        }
        cell
    }

    /// The values of `query` for each year of `years`.
    pub fn series(&self, query: &Query, years: RangeInclusive<i32>) -> Vec<CellValue> {
        years.map(|y| self.cell(query, y)).collect()
    }

    /// The years (within the span of the trade tables) in which `query` has a value.
    pub fn years_covered(&self, query: &Query) -> Vec<i32> {
        let Some((first, last)) = self.trade.year_span() else {
            return Vec::new();
        };
        (first..=last)
            .filter(|&y| self.cell(query, y).value.is_some())
            .collect()
    }

    fn compute(&self, q: &Query, year: i32, basis: Basis, acc: &mut Acc) -> Option<f64> {
        let sum = |partner: &PartnerSel, year: i32, flow: Flow, acc: &mut Acc| {
            self.flow_sum(&q.target, partner, year, flow, basis, acc)
        };
        match q.metric {
            Metric::Total | Metric::Export | Metric::Import => {
                let flow = q.metric.own_flow().unwrap_or(Flow::Total);
                sum(&q.partner, year, flow, acc)
            }
            Metric::Balance => {
                let e = sum(&q.partner, year, Flow::Export, acc);
                let i = sum(&q.partner, year, Flow::Import, acc);
                both(e, i).map(|(e, i)| metrics::balance(e, i))
            }
            Metric::Share => {
                let part = sum(&q.partner, year, q.flow, acc);
                let whole = if q.partner == PartnerSel::World {
                    part
                } else {
                    sum(&PartnerSel::World, year, q.flow, acc)
                };
                both(part, whole).and_then(|(p, w)| metrics::share_pct(p, w))
            }
            Metric::Growth => {
                let cur = sum(&q.partner, year, q.flow, acc);
                let prev = sum(&q.partner, year - 1, q.flow, acc);
                both(prev, cur).and_then(|(p, c)| metrics::growth_pct(p, c))
            }
            Metric::TradeGdp => {
                let trade = sum(&q.partner, year, q.flow, acc);
                let rate = self.indicator("CHN", "usd_cny", year, "CNY per USD", acc);
                let gdp = self.gdp_sum(&q.target, year, acc);
                match (trade, rate, gdp) {
                    (Some(t), Some(r), Some(g)) => metrics::trade_gdp_pct(t, r, g),
                    _ => None,
                }
            }
            Metric::TradePerHead => {
                let trade = sum(&q.partner, year, q.flow, acc);
                let population = self.population_sum(&q.target, year, acc);
                both(trade, population).and_then(|(t, p)| metrics::per_head(t, p))
            }
            Metric::GdpPcRel => self.gdp_pc_rel(&q.target, year, acc),
        }
    }

    /// Sum over the target's members and the selected partners of one flow on one basis.
    /// Every member is looked at (no short-circuit) so that `missing` lists all gaps.
    fn flow_sum(
        &self,
        target: &Target,
        partner: &PartnerSel,
        year: i32,
        flow: Flow,
        basis: Basis,
        acc: &mut Acc,
    ) -> Option<f64> {
        let mut total = Some(0.0);
        for member in &target.members {
            let m = member.as_str();
            let v = match partner {
                PartnerSel::World => self.leaf(m, WORLD, year, flow, basis, acc),
                PartnerSel::Country(c) => self.leaf(m, c, year, flow, basis, acc),
                PartnerSel::Group { members, .. } => {
                    let parts: Vec<_> = members
                        .iter()
                        .map(|p| self.leaf(m, p, year, flow, basis, acc))
                        .collect();
                    metrics::sum_all(parts)
                }
                PartnerSel::RestOfWorld { listed } => {
                    let world = self.leaf(m, WORLD, year, flow, basis, acc);
                    let parts: Vec<_> = listed
                        .iter()
                        .map(|p| self.leaf(m, p, year, flow, basis, acc))
                        .collect();
                    both(world, metrics::sum_all(parts)).map(|(w, l)| w - l)
                }
            };
            total = both(total, v).map(|(t, v)| t + v);
        }
        total
    }

    /// One published (or derived) cell in USD, choosing among sources deterministically.
    fn leaf(
        &self,
        region: &str,
        partner: &str,
        year: i32,
        flow: Flow,
        basis: Basis,
        acc: &mut Acc,
    ) -> Option<f64> {
        let rows: Vec<&FlowRow> = self
            .trade
            .flow_rows(region, partner, year, flow, basis)
            .collect();
        if let Some(best) = rows
            .iter()
            .filter(|r| r.value_usd.is_some())
            .min_by(|a, b| row_rank(a, b))
        {
            acc.sources.insert(best.source.clone());
            for r in &rows {
                if r.source != best.source {
                    acc.alternatives.insert(r.source.clone());
                }
            }
            if let Some(c) = &best.converted {
                acc.converted = true;
                acc.notes
                    .push(format!("{region} {partner} {year} {flow}: {c}"));
            }
            return best.value_usd;
        }
        if flow == Flow::Total
            && let Some(v) = self.derived_total(region, partner, year, basis, acc)
        {
            return Some(v);
        }
        let why = if rows.is_empty() {
            String::new()
        } else {
            format!(
                ": published in {}, no exchange rate for {year}",
                rows[0].unit
            )
        };
        acc.missing
            .push(format!("{region} {partner} {year} {flow} ({basis}){why}"));
        None
    }

    /// `total` = export + import of the same basis and source, where no total is published.
    fn derived_total(
        &self,
        region: &str,
        partner: &str,
        year: i32,
        basis: Basis,
        acc: &mut Acc,
    ) -> Option<f64> {
        let exports: Vec<&FlowRow> = self
            .trade
            .flow_rows(region, partner, year, Flow::Export, basis)
            .filter(|r| r.value_usd.is_some())
            .collect();
        let mut best: Option<(&FlowRow, &FlowRow)> = None;
        for e in exports {
            for i in self
                .trade
                .flow_rows(region, partner, year, Flow::Import, basis)
                .filter(|i| i.value_usd.is_some() && i.source == e.source)
            {
                let replace = match best {
                    None => true,
                    Some((be, bi)) => row_rank(worse(e, i), worse(be, bi)).is_lt(),
                };
                if replace {
                    best = Some((e, i));
                }
            }
        }
        let (e, i) = best?;
        let value = both(e.value_usd, i.value_usd).map(|(a, b)| a + b)?;
        acc.sources.insert(e.source.clone());
        acc.notes.push(format!(
            "{region} {partner} {year} total = export + import (both {}, {basis})",
            e.source
        ));
        for r in [e, i] {
            if let Some(c) = &r.converted {
                acc.converted = true;
                acc.notes
                    .push(format!("{region} {partner} {year} {}: {c}", r.flow));
            }
        }
        Some(value)
    }

    fn indicator(
        &self,
        region: &str,
        name: &str,
        year: i32,
        unit: &str,
        acc: &mut Acc,
    ) -> Option<f64> {
        match self.trade.indicator(region, name, year) {
            Some(row) if row.unit == unit => {
                acc.sources.insert(row.source.clone());
                Some(row.value)
            }
            Some(row) => {
                acc.missing.push(format!(
                    "{region} {name} {year}: unit \"{}\" is not the expected \"{unit}\"",
                    row.unit
                ));
                None
            }
            None => {
                acc.missing.push(format!("{region} {name} {year}"));
                None
            }
        }
    }

    fn gdp_sum(&self, target: &Target, year: i32, acc: &mut Acc) -> Option<f64> {
        let parts: Vec<_> = target
            .members
            .iter()
            .map(|m| self.indicator(m.as_str(), "gdp", year, "100 million CNY", acc))
            .collect();
        metrics::sum_all(parts)
    }

    fn population_sum(&self, target: &Target, year: i32, acc: &mut Acc) -> Option<f64> {
        let parts: Vec<_> = target
            .members
            .iter()
            .map(|m| self.indicator(m.as_str(), "population", year, "10 thousand persons", acc))
            .collect();
        metrics::sum_all(parts)
    }

    fn gdp_pc_rel(&self, target: &Target, year: i32, acc: &mut Acc) -> Option<f64> {
        let gdp = self.gdp_sum(target, year, acc);
        let pop = self.population_sum(target, year, acc);
        let national = Target::region(crate::data::RegionId::new("CHN"));
        let nat_gdp = self.gdp_sum(&national, year, acc);
        let nat_pop = self.population_sum(&national, year, acc);
        let region_pc = both(gdp, pop).and_then(|(g, p)| metrics::gdp_per_head_cny(g, p));
        let national_pc = both(nat_gdp, nat_pop).and_then(|(g, p)| metrics::gdp_per_head_cny(g, p));
        both(region_pc, national_pc).and_then(|(r, n)| metrics::gdp_pc_rel_pct(r, n))
    }
}

fn fill(cell: &mut CellValue, acc: Acc) {
    cell.sources = acc.sources.into_iter().collect();
    cell.alternatives = acc
        .alternatives
        .into_iter()
        .filter(|a| !cell.sources.contains(a))
        .collect();
    cell.missing = acc.missing;
    cell.converted = acc.converted;
    cell.notes = acc.notes;
}

/// Memoised cells for the GUI: a year change looks up (or computes once) each visible cell.
/// Clear it when the data change (an import).
#[derive(Debug, Default)]
pub struct CellCache {
    cells: HashMap<Query, HashMap<i32, CellValue>>,
}

impl CellCache {
    /// The cell for `query` in `year`, computed on first use.
    pub fn get(&mut self, analysis: &Analysis<'_>, query: &Query, year: i32) -> &CellValue {
        // Cloning the query is a few small allocations; cheap next to a frame.
        let by_year = self.cells.entry(query.clone()).or_default();
        by_year
            .entry(year)
            .or_insert_with(|| analysis.cell(query, year))
    }

    /// Forgets every cell (call after the data change).
    pub fn clear(&mut self) {
        self.cells.clear();
    }
}
