//! Coverage: which reporter × partner × year cells are known, on which basis, from which
//! sources — the table behind a coverage view and `check-data`-style summaries.

use std::collections::BTreeMap;
use std::ops::Range;

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

/// The coverage cells laid out as the grid shows them: one row per reporter × partner (in the
/// cells' order), one column per year from the first to the last year of any cell. Built once
/// per data change, so a frame only looks up the rows it paints.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CoverageGrid {
    /// First and last year of any cell; `None` when there are no cells.
    pub years: Option<(i32, i32)>,
    /// The rows, sorted by reporter then partner.
    pub rows: Vec<GridRow>,
}

/// One reporter × partner row of a [`CoverageGrid`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GridRow {
    /// Reporter.
    pub reporter: RegionId,
    /// Partner ISO3 or `WLD`.
    pub partner: String,
    /// Per year (the grid's first year first): the range of that year's cells (one per basis,
    /// in basis order) in the cells the grid was built from; empty where nothing is known.
    pub years: Vec<Range<usize>>,
}

impl CoverageGrid {
    /// The grid of `cells`, which must be sorted as [`coverage`] returns them.
    pub fn new(cells: &[CoverageCell]) -> Self {
        let Some((first, last)) = cells.iter().fold(None, |span, c| match span {
            None => Some((c.year, c.year)),
            Some((a, b)) => Some((c.year.min(a), c.year.max(b))),
        }) else {
            return Self::default();
        };
        let cols = usize::try_from(last - first + 1).unwrap_or(0);
        let mut rows: Vec<GridRow> = Vec::new();
        for (i, c) in cells.iter().enumerate() {
            let same_row = rows
                .last()
                .is_some_and(|r| r.reporter == c.reporter && r.partner == c.partner);
            if !same_row {
                rows.push(GridRow {
                    reporter: c.reporter.clone(),
                    partner: c.partner.clone(),
                    years: vec![0..0; cols],
                });
            }
            let col = usize::try_from(c.year - first).unwrap_or(0);
            if let Some(range) = rows.last_mut().and_then(|r| r.years.get_mut(col)) {
                if range.start == range.end {
                    *range = i..i + 1;
                } else {
                    range.end = i + 1;
                }
            }
        }
        Self {
            years: Some((first, last)),
            rows,
        }
    }

    /// Number of year columns.
    pub fn columns(&self) -> usize {
        self.years
            .map_or(0, |(a, b)| usize::try_from(b - a + 1).unwrap_or(0))
    }
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

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, BTreeSet};

    use super::*;

    /// Per row (reporter, partner), per year: the bases of that year's cells.
    type Grouped = BTreeMap<(String, String), BTreeMap<i32, Vec<Basis>>>;

    /// What the grid showed before it was kept: the cells grouped by (reporter, partner) in a
    /// sorted map, and per row and year the bases of the cells of that year.
    fn grouped(cells: &[CoverageCell]) -> Grouped {
        let mut rows = Grouped::new();
        for c in cells {
            rows.entry((c.reporter.to_string(), c.partner.clone()))
                .or_default()
                .entry(c.year)
                .or_default()
                .push(c.basis);
        }
        rows
    }

    #[test]
    fn the_grid_has_the_rows_years_and_bases_of_the_grouped_cells() {
        let data = crate::data::Dataset::bundled().expect("bundled data");
        let cells = coverage(&data.trade);
        let grid = CoverageGrid::new(&cells);
        let expected = grouped(&cells);
        let years: BTreeSet<i32> = cells.iter().map(|c| c.year).collect();
        let (first, last) = grid.years.expect("cells");
        assert_eq!(Some(&first), years.first());
        assert_eq!(Some(&last), years.last());
        assert!(grid.rows.len() > 100, "{} rows", grid.rows.len());
        assert_eq!(grid.rows.len(), expected.len());
        for (row, ((reporter, partner), by_year)) in grid.rows.iter().zip(&expected) {
            assert_eq!(
                (row.reporter.as_str(), &row.partner),
                (reporter.as_str(), partner)
            );
            assert_eq!(row.years.len(), grid.columns());
            for (col, range) in row.years.iter().enumerate() {
                let year = first + i32::try_from(col).expect("few years");
                let bases: Vec<Basis> = cells[range.clone()].iter().map(|c| c.basis).collect();
                let want = by_year.get(&year).cloned().unwrap_or_default();
                assert_eq!(bases, want, "{reporter} × {partner} {year}");
            }
        }
    }

    #[test]
    fn no_cells_give_an_empty_grid() {
        let grid = CoverageGrid::new(&[]);
        assert_eq!(grid.years, None);
        assert!(grid.rows.is_empty());
        assert_eq!(grid.columns(), 0);
    }
}
