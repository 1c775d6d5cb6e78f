//! Derived data for the views: the choropleth values and colour scale, the selection's series
//! for the plots, and the headline cells. Pure (no egui) and cached: each part is recomputed
//! only when what it depends on changes (data version, selection, metric, partner, mode —
//! and, for the map and the bars, the year). A year change is then a handful of hash lookups.

mod labels;
mod map;
mod selection;

use std::collections::BTreeSet;

use crate::analysis::{Analysis, CellCache, CellValue, Metric, NEA4, PartnerSel, Query, Target};
use crate::data::tables::partners::WORLD;
use crate::data::{Dataset, Flow, PartnerId, RegionId, SourceId};
use crate::state::{Classes, Combine, State, ValueMode};
use crate::style::scale::ColorScale;

pub use labels::{
    Legend, figure_title, metric_with_partner, partner_label, share_of_everything, target_name,
};
pub use selection::FlowValue;

/// One region's value on the map.
#[derive(Debug, Clone, PartialEq)]
pub struct RegionValue {
    /// The full cell (value, basis, sources, conversions).
    pub cell: CellValue,
}

/// The choropleth for one year.
#[derive(Debug, Clone, Default)]
pub struct MapValues {
    /// Per region (same order as `Geography::regions`); `None` = no data.
    pub per_region: Vec<Option<RegionValue>>,
    /// Colour scale over all years of this metric and partner.
    pub scale: Option<ColorScale>,
    /// Every source behind a coloured region this year (for the source line).
    pub sources: BTreeSet<SourceId>,
    /// Whether any coloured value was converted from another currency.
    pub converted: bool,
    /// Per region: whether it has a figure of its own in some year of the span (a prefecture
    /// that does is drawn as "no data" in a year it lacks one, never in its province's colour).
    pub has_figures: Vec<bool>,
}

/// Which colour a series takes: the neutral colour of the total with all partners, or a place in
/// the theme's fixed order (a partner's colour in every view, or the n-th compared region's).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SeriesColor {
    /// Trade with all partners: drawn in the neutral colour, never as a partner's bar.
    AllPartners,
    /// The place in the theme's categorical order.
    Index(usize),
}

/// A series over the years of the span.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    /// Partner id or region id.
    pub key: String,
    /// Display label.
    pub label: String,
    /// One value per year of [`SelectionView::years`]; `None` = gap.
    pub values: Vec<Option<f64>>,
    /// Which colour the series takes.
    pub color: SeriesColor,
    /// Whether the key is a partner (else a region).
    pub is_partner: bool,
    /// Whether this is the partner's own (mirror) figure of a partner series shown beside it on
    /// another basis: the same trade as the partner reports it, drawn dashed in the same colour.
    pub mirror: bool,
}

/// What the side panel plots for the selection.
#[derive(Debug, Clone, Default)]
pub struct SelectionView {
    /// The targets (one per region when comparing; one summed set otherwise).
    pub targets: Vec<Target>,
    /// The target the headline and the flows plot are about.
    pub primary: Option<Target>,
    /// Years of the x axis.
    pub years: Vec<i32>,
    /// Plot 1: by partner over time (one target), or the chosen partner per region (compare).
    pub by_partner: Vec<Series>,
    /// Plot 3: exports, imports, balance of the primary target.
    pub flows: Vec<Series>,
    /// Unit of plot 1 (`USD` or `%`).
    pub unit: &'static str,
}

/// How many choropleths (years × metric choices) the model keeps.
const MAP_YEARS_KEPT: usize = 64;

/// At most this many partner series in the partner plots besides the four neighbours (NEA4,
/// always shown): China reports trade with some 180 partners (NBS 1998-2014), far more than a
/// legend can show. The largest are kept (by their peak over the span); every partner stays
/// reachable in the coverage grid and the command line.
pub const MAX_PARTNER_SERIES: usize = 4;

/// Keeps the NEA4 partner series and the `max` other partner series with the largest peak value
/// (series that are not partners, and "All partners", always stay), in their original order.
pub fn keep_largest_partners(series: Vec<Series>, max: usize) -> Vec<Series> {
    let peak = |s: &Series| {
        s.values
            .iter()
            .flatten()
            .fold(f64::NEG_INFINITY, |a, &b| a.max(b))
    };
    let optional = |s: &Series| s.is_partner && s.key != WORLD && !NEA4.contains(&s.key.as_str());
    let mut ranked: Vec<(f64, usize)> = series
        .iter()
        .enumerate()
        .filter(|(_, s)| optional(s))
        .map(|(i, s)| (peak(s), i))
        .collect();
    if ranked.len() <= max {
        return series;
    }
    ranked.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    let keep: BTreeSet<usize> = ranked.iter().take(max).map(|&(_, i)| i).collect();
    series
        .into_iter()
        .enumerate()
        .filter(|(i, s)| !optional(s) || keep.contains(i))
        .map(|(_, s)| s)
        .collect()
}

#[derive(Debug, Clone, PartialEq)]
struct MapKey {
    version: u64,
    year: i32,
    metric: Metric,
    partner: PartnerId,
    mode: ValueMode,
    log: bool,
    classes: Classes,
    class_count: usize,
    /// The regions in view, when the classes are fitted to the view.
    in_view: Option<Vec<bool>>,
}

/// (data version, metric, partner, mode, log) — what the colour scale depends on.
type DomainKey = (u64, Metric, PartnerId, ValueMode, bool);

#[derive(Debug, Clone, PartialEq)]
struct SelKey {
    version: u64,
    selection: Vec<RegionId>,
    set: Option<String>,
    combine: Combine,
    partner: PartnerId,
    mode: ValueMode,
    span: (i32, i32),
}

/// The colour scale over all years, and which regions have a figure in any of them.
#[derive(Debug, Clone, Default)]
struct Domain {
    scale: Option<ColorScale>,
    has_figures: Vec<bool>,
}

/// The cached view model.
#[derive(Debug, Default)]
pub struct Model {
    cells: CellCache,
    version: u64,
    partner_order: Vec<String>,
    /// Recently shown choropleths, newest last: scrubbing back and forth looks years up here.
    map: Vec<(MapKey, MapValues)>,
    domain: Option<(DomainKey, Domain)>,
    selection: Option<(SelKey, SelectionView)>,
    coverage: Option<(u64, Vec<crate::analysis::coverage::CoverageCell>)>,
    /// The coverage cells laid out as rows by year, kept: the grid is drawn every frame.
    coverage_grid: Option<crate::analysis::coverage::CoverageGrid>,
    /// Per region: whether it is in the map's view (for classes fitted to the view).
    in_view: Vec<bool>,
    partners_by_target: std::collections::HashMap<Vec<RegionId>, Vec<String>>,
    /// [`Model::partners_in_data`], kept: the partner menu asks for it every frame.
    partners_in_data: Option<Vec<String>>,
}

/// The metric and flow the map shows: in share mode a money metric becomes the partner's
/// share of that flow.
pub fn map_query_parts(state: &State) -> (Metric, Flow) {
    match (state.value_mode, state.metric.own_flow()) {
        (ValueMode::Share, Some(flow)) => (Metric::Share, flow),
        _ => (state.metric, Flow::Total),
    }
}

impl Model {
    /// Forgets everything (after an import).
    pub fn invalidate(&mut self) {
        self.version += 1;
        self.cells.clear();
        self.map.clear();
        self.domain = None;
        self.selection = None;
        self.partner_order.clear();
        self.coverage = None;
        self.coverage_grid = None;
        self.partners_by_target.clear();
        self.partners_in_data = None;
    }

    /// Which region × partner × year cells are known, from which source and basis.
    pub fn coverage(&mut self, data: &Dataset) -> &[crate::analysis::coverage::CoverageCell] {
        if self
            .coverage
            .as_ref()
            .is_none_or(|(v, _)| *v != self.version)
        {
            self.coverage = Some((
                self.version,
                crate::analysis::coverage::coverage(&data.trade),
            ));
        }
        self.coverage.as_ref().map_or(&[], |(_, c)| c.as_slice())
    }

    /// The coverage cells and the grid of them (kept until the data change).
    pub fn coverage_grid(
        &mut self,
        data: &Dataset,
    ) -> (
        &[crate::analysis::coverage::CoverageCell],
        &crate::analysis::coverage::CoverageGrid,
    ) {
        let stale = self
            .coverage
            .as_ref()
            .is_none_or(|(v, _)| *v != self.version);
        if stale || self.coverage_grid.is_none() {
            let grid = crate::analysis::coverage::CoverageGrid::new(self.coverage(data));
            self.coverage_grid = Some(grid);
        }
        let cells = self
            .coverage
            .as_ref()
            .map_or(&[][..], |(_, c)| c.as_slice());
        (cells, self.coverage_grid.get_or_insert_default())
    }

    /// Tells the model which regions are in the map's view (per region, in the geography's
    /// order); classes fitted to the view are found from these. Returns whether it changed.
    pub fn set_in_view(&mut self, in_view: Vec<bool>) -> bool {
        let changed = self.in_view != in_view;
        self.in_view = in_view;
        changed
    }

    /// The data version (bumped by every import).
    pub fn version(&self) -> u64 {
        self.version
    }

    /// Partners in a fixed order (NEA4 first, then the rest alphabetically), so a partner keeps
    /// its colour in every view.
    pub fn partner_index(&mut self, data: &Dataset, partner: &str) -> usize {
        if self.partner_order.is_empty() {
            let mut rest: BTreeSet<String> = data
                .trade
                .flows
                .iter()
                .map(|r| r.partner.clone())
                .filter(|p| p != WORLD && !NEA4.contains(&p.as_str()))
                .collect();
            rest.remove(WORLD);
            self.partner_order = NEA4.iter().map(ToString::to_string).chain(rest).collect();
        }
        self.partner_order
            .iter()
            .position(|p| p == partner)
            .unwrap_or(self.partner_order.len())
    }

    /// Every partner in the trade data (not the world), in colour order.
    pub fn partners_in_data(&mut self, data: &Dataset) -> Vec<String> {
        if let Some(kept) = &self.partners_in_data {
            return kept.clone();
        }
        self.partner_index(data, WORLD);
        let present: std::collections::HashSet<&str> = data
            .trade
            .flows
            .iter()
            .map(|r| r.partner.as_str())
            .collect();
        let partners: Vec<String> = self
            .partner_order
            .iter()
            .filter(|p| present.contains(p.as_str()))
            .cloned()
            .collect();
        self.partners_in_data = Some(partners.clone());
        partners
    }

    /// The partner selection for an id (`WLD`, `NEA4`, ISO3). An id the data does not know
    /// (e.g. from a view saved with other data) stays that partner, whose figures are "no
    /// data": never the world's under its name.
    pub fn partner_sel(id: &PartnerId) -> PartnerSel {
        PartnerSel::of(id)
    }

    /// One cell, memoised.
    pub fn cell(&mut self, data: &Dataset, query: &Query, year: i32) -> CellValue {
        self.cells.get(&Analysis::new(data), query, year).clone()
    }

    fn query(target: Target, partner: PartnerSel, metric: Metric, flow: Flow) -> Query {
        let mut q = Query::new(target, partner, metric);
        q.flow = flow;
        q
    }

    /// The map's query for one region: the state's partner, `metric` and `flow`.
    fn region_query(region: &RegionId, state: &State, metric: Metric, flow: Flow) -> Query {
        Self::query(
            Target::region(region.clone()),
            Self::partner_sel(&state.partner),
            metric,
            flow,
        )
    }
}

// The caches are filled just above their reads; these keep the accessors total without unwrap.
fn unreachable_map() -> &'static MapValues {
    static EMPTY: std::sync::OnceLock<MapValues> = std::sync::OnceLock::new();
    EMPTY.get_or_init(MapValues::default)
}

fn unreachable_sel() -> &'static SelectionView {
    static EMPTY: std::sync::OnceLock<SelectionView> = std::sync::OnceLock::new();
    EMPTY.get_or_init(SelectionView::default)
}
