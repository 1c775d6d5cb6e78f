//! Derived data for the views: the choropleth values and colour scale, the selection's series
//! for the plots, and the headline cells. Pure (no egui) and cached: each part is recomputed
//! only when what it depends on changes (data version, selection, metric, partner, mode —
//! and, for the map and the bars, the year). A year change is then a handful of hash lookups.

use std::collections::BTreeSet;

use crate::analysis::{Analysis, CellCache, CellValue, Metric, NEA4, PartnerSel, Query, Target};
use crate::data::tables::partners::WORLD;
use crate::data::{Basis, Dataset, Flow, Level, RegionId, SourceId};
use crate::state::{Classes, Combine, Scale, ScaleDomain, State, ValueMode};
use crate::style::scale::{ClassBreaks, ClassMethod};
use crate::style::scale::{ColorScale, ScaleKind};

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

/// A series over the years of the span.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    /// Partner id or region id.
    pub key: String,
    /// Display label.
    pub label: String,
    /// One value per year of [`SelectionView::years`]; `None` = gap.
    pub values: Vec<Option<f64>>,
    /// Index into the theme's categorical colours.
    pub color: usize,
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

/// `scale` with the state's classes over this year's values (of the regions in view, if given).
/// Diverging scales stay continuous: classes would not keep zero at the ramp's middle.
fn classed(
    scale: ColorScale,
    state: &State,
    per_region: &[Option<RegionValue>],
    in_view: Option<&[bool]>,
) -> ColorScale {
    let method = match state.classes {
        Classes::Continuous => return scale,
        Classes::Quantiles => ClassMethod::Quantiles,
        Classes::Jenks => ClassMethod::Jenks,
    };
    if scale.kind != ScaleKind::Sequential {
        return scale;
    }
    let values: Vec<f64> = per_region
        .iter()
        .enumerate()
        .filter(|(i, _)| in_view.is_none_or(|v| v.get(*i).copied().unwrap_or(false)))
        .filter_map(|(_, v)| v.as_ref()?.cell.value)
        .collect();
    // Natural breaks on a log scale are found among the logarithms.
    let log = scale.log && values.iter().all(|&v| v > 0.0);
    let classes = if log && method == ClassMethod::Jenks {
        let logs: Vec<f64> = values.iter().map(|v| v.log10()).collect();
        ClassBreaks::new(method, &logs, state.class_count).map(|c| c.map_bounds(|b| 10f64.powf(b)))
    } else {
        ClassBreaks::new(method, &values, state.class_count)
    };
    ColorScale {
        classes: classes.map(|c| c.fitted_to_view(in_view.is_some())),
        ..scale
    }
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
    partner: String,
    mode: ValueMode,
    log: bool,
    classes: Classes,
    class_count: usize,
    /// The regions in view, when the classes are fitted to the view.
    in_view: Option<Vec<bool>>,
}

/// (data version, metric, partner, mode, log) — what the colour scale depends on.
type DomainKey = (u64, Metric, String, ValueMode, bool);

#[derive(Debug, Clone, PartialEq)]
struct SelKey {
    version: u64,
    selection: Vec<RegionId>,
    set: Option<String>,
    combine: Combine,
    partner: String,
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
    /// Per region: whether it is in the map's view (for classes fitted to the view).
    in_view: Vec<bool>,
    partners_by_target: std::collections::HashMap<Vec<RegionId>, Vec<String>>,
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
        self.partners_by_target.clear();
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
        self.partner_index(data, WORLD);
        self.partner_order
            .iter()
            .filter(|p| data.trade.flows.iter().any(|r| &r.partner == *p))
            .cloned()
            .collect()
    }

    /// The partner selection for an id (`WLD`, `NEA4`, ISO3).
    pub fn partner_sel(data: &Dataset, id: &str) -> PartnerSel {
        PartnerSel::resolve(id, &data.trade).unwrap_or(PartnerSel::World)
    }

    /// One cell, memoised.
    pub fn cell(&mut self, data: &Dataset, query: &Query, year: i32) -> CellValue {
        self.cells.get(&Analysis::new(data), query, year).clone()
    }

    fn query(data: &Dataset, target: Target, partner: &str, metric: Metric, flow: Flow) -> Query {
        let mut q = Query::new(target, Self::partner_sel(data, partner), metric);
        q.flow = flow;
        q
    }

    /// The map's query for one region: the state's partner, `metric` and `flow`.
    fn region_query(
        data: &Dataset,
        region: &RegionId,
        state: &State,
        metric: Metric,
        flow: Flow,
    ) -> Query {
        Self::query(
            data,
            Target::region(region.clone()),
            &state.partner,
            metric,
            flow,
        )
    }

    /// The choropleth for the state's year, metric and partner.
    pub fn map_values(&mut self, data: &Dataset, state: &State) -> &MapValues {
        let (metric, flow) = map_query_parts(state);
        let log = state.scale == Scale::Log;
        let key = MapKey {
            version: self.version,
            year: state.year,
            metric,
            partner: state.partner.clone(),
            mode: state.value_mode,
            log,
            classes: state.classes,
            class_count: state.class_count,
            in_view: (state.classes != Classes::Continuous && state.domain == ScaleDomain::View)
                .then(|| self.in_view.clone()),
        };
        if let Some(i) = self.map.iter().position(|(k, _)| *k == key) {
            return &self.map[i].1;
        }
        let domain = self.domain(data, state, metric, flow, log);
        let mut values = MapValues {
            per_region: Vec::with_capacity(data.geo.regions.len()),
            scale: domain.scale,
            has_figures: domain.has_figures,
            ..MapValues::default()
        };
        // A share of trade with all partners is 100 % everywhere by definition: a map of it
        // says nothing, so it is not drawn (the legend says why).
        let trivial = share_of_everything(metric, &state.partner);
        if trivial {
            values.scale = None;
        }
        for r in &data.geo.regions {
            let v = if r.level == Level::Country || trivial {
                None
            } else {
                let q = Self::region_query(data, &r.id, state, metric, flow);
                let cell = self.cell(data, &q, state.year);
                cell.value.map(|_| RegionValue { cell })
            };
            if let Some(v) = &v {
                values.sources.extend(v.cell.sources.iter().cloned());
                values.converted |= v.cell.converted;
            }
            values.per_region.push(v);
        }
        values.scale = values
            .scale
            .map(|s| classed(s, state, &values.per_region, key.in_view.as_deref()));
        if self.map.len() >= MAP_YEARS_KEPT {
            self.map.remove(0);
        }
        self.map.push((key, values));
        match self.map.last() {
            Some((_, v)) => v,
            None => unreachable_map(),
        }
    }

    fn domain(
        &mut self,
        data: &Dataset,
        state: &State,
        metric: Metric,
        flow: Flow,
        log: bool,
    ) -> Domain {
        let key = (
            self.version,
            metric,
            state.partner.clone(),
            state.value_mode,
            log,
        );
        if let Some((_, d)) = self.domain.as_ref().filter(|(k, _)| *k == key) {
            return d.clone();
        }
        let (first, last) = state.year_span;
        let mut all = Vec::new();
        let mut has_figures = vec![false; data.geo.regions.len()];
        for (i, r) in data.geo.regions.iter().enumerate() {
            if r.level == Level::Country {
                continue;
            }
            if !data.trade.has_reporter(r.id.as_str()) && metric.from_trade_alone() {
                continue;
            }
            let q = Self::region_query(data, &r.id, state, metric, flow);
            for y in first..=last {
                if let Some(v) = self.cell(data, &q, y).value {
                    all.push(v);
                    has_figures[i] = true;
                }
            }
        }
        let domain = Domain {
            scale: ColorScale::covering(metric.scale_kind(), all, log),
            has_figures,
        };
        self.domain = Some((key, domain.clone()));
        domain
    }

    /// The targets for the selection: one per region (compare), or one summed set.
    pub fn targets(data: &Dataset, state: &State) -> Vec<Target> {
        if state.selection.is_empty() {
            return Vec::new();
        }
        // A named set summed keeps its name (NE3); otherwise the selection is summed ad hoc.
        let set = state.selected_set.as_ref().and_then(|s| data.geo.set(s));
        if let Some(set) = set.filter(|_| state.combine == Combine::Sum) {
            return vec![Target {
                id: set.id.clone(),
                members: set.members.clone(),
                is_set: true,
            }];
        }
        if state.combine == Combine::Sum && state.selection.len() > 1 {
            let members: Vec<RegionId> = state.selection.iter().cloned().collect();
            let id = members
                .iter()
                .map(RegionId::as_str)
                .collect::<Vec<_>>()
                .join("+");
            return vec![Target {
                id,
                members,
                is_set: true,
            }];
        }
        state
            .selection
            .iter()
            .map(|id| Target::region(id.clone()))
            .collect()
    }

    /// Partners with any flow for any member of `target` (not the world), in colour order.
    pub fn partners_of(&mut self, data: &Dataset, target: &Target) -> Vec<String> {
        if let Some(v) = self.partners_by_target.get(&target.members) {
            return v.clone();
        }
        let mut ps: BTreeSet<String> = BTreeSet::new();
        for r in &data.trade.flows {
            if r.partner != WORLD && target.members.contains(&r.reporter) {
                ps.insert(r.partner.clone());
            }
        }
        let mut v: Vec<String> = ps.into_iter().collect();
        v.sort_by_key(|p| (self.partner_index(data, p), p.clone()));
        self.partners_by_target
            .insert(target.members.clone(), v.clone());
        v
    }

    /// The series the side panel plots for the selection (independent of the year).
    pub fn selection(&mut self, data: &Dataset, state: &State) -> &SelectionView {
        let key = SelKey {
            version: self.version,
            selection: state.selection.iter().cloned().collect(),
            set: state.selected_set.clone(),
            combine: state.combine,
            partner: state.partner.clone(),
            mode: state.value_mode,
            span: state.year_span,
        };
        if self.selection.as_ref().is_none_or(|(k, _)| *k != key) {
            let view = self.build_selection(data, state);
            self.selection = Some((key, view));
        }
        match &self.selection {
            Some((_, v)) => v,
            None => unreachable_sel(),
        }
    }

    fn series(&mut self, data: &Dataset, q: &Query, years: &[i32]) -> Vec<Option<f64>> {
        years.iter().map(|&y| self.cell(data, q, y).value).collect()
    }

    /// Adds, after each partner's series, the partner's own (mirror) figures where they are
    /// published and differ from what the series shows (it shows the first complete basis of
    /// `reporter → reporter_dest → reporter_retab → partner`), so both bases can be compared
    /// (DESIGN.md §3: two bases are shown side by side, never added together).
    fn with_mirror_series(
        &mut self,
        data: &Dataset,
        target: &Target,
        series: Vec<Series>,
        years: &[i32],
    ) -> Vec<Series> {
        let mut out = Vec::with_capacity(series.len());
        for s in series {
            let mirror = if s.is_partner && s.key != WORLD && !s.label.ends_with(" only") {
                let mut q = Self::query(data, target.clone(), &s.key, Metric::Total, Flow::Total);
                q.basis = Some(Basis::Partner);
                let values = self.series(data, &q, years);
                (values.iter().any(Option::is_some) && values != s.values).then(|| Series {
                    key: s.key.clone(),
                    label: format!("{}, as {} reports it", s.label, s.label),
                    values,
                    color: s.color,
                    is_partner: true,
                    mirror: true,
                })
            } else {
                None
            };
            out.push(s);
            out.extend(mirror);
        }
        out
    }

    fn build_selection(&mut self, data: &Dataset, state: &State) -> SelectionView {
        let targets = Self::targets(data, state);
        let years: Vec<i32> = (state.year_span.0..=state.year_span.1).collect();
        let share = state.value_mode == ValueMode::Share;
        let (metric, unit) = if share {
            (Metric::Share, "%")
        } else {
            (Metric::Total, "USD")
        };
        let mut by_partner = Vec::new();
        if targets.len() == 1 {
            let t = targets[0].clone();
            if !share {
                let q = Self::query(data, t.clone(), WORLD, Metric::Total, Flow::Total);
                by_partner.push(Series {
                    key: WORLD.into(),
                    label: "All partners".into(),
                    values: self.series(data, &q, &years),
                    color: usize::MAX,
                    is_partner: true,
                    mirror: false,
                });
            }
            for p in self.partners_of(data, &t) {
                let label = data
                    .trade
                    .partners
                    .get(&p)
                    .map_or_else(|| p.clone(), |x| x.name_en.clone());
                let color = self.partner_index(data, &p);
                let q = Self::query(data, t.clone(), &p, metric, Flow::Total);
                let values = self.series(data, &q, &years);
                if values.iter().any(Option::is_some) {
                    by_partner.push(Series {
                        key: p,
                        label,
                        values,
                        color,
                        is_partner: true,
                        mirror: false,
                    });
                    continue;
                }
                // Where only one direction was published, show it as such (never as a total).
                if share {
                    continue;
                }
                for (m, what) in [(Metric::Export, "exports"), (Metric::Import, "imports")] {
                    let q = Self::query(data, t.clone(), &p, m, Flow::Total);
                    let values = self.series(data, &q, &years);
                    if values.iter().any(Option::is_some) {
                        by_partner.push(Series {
                            key: p.clone(),
                            label: format!("{label}, {what} only"),
                            values,
                            color,
                            is_partner: true,
                            mirror: false,
                        });
                    }
                }
            }
            by_partner = keep_largest_partners(by_partner, MAX_PARTNER_SERIES);
            if !share {
                by_partner = self.with_mirror_series(data, &t, by_partner, &years);
            }
        } else {
            for (i, t) in targets.iter().enumerate() {
                let q = Self::query(data, t.clone(), &state.partner, metric, Flow::Total);
                let label = target_name(data, t);
                by_partner.push(Series {
                    key: t.id.clone(),
                    label,
                    values: self.series(data, &q, &years),
                    color: i,
                    is_partner: false,
                    mirror: false,
                });
            }
        }
        let primary = targets.first().cloned();
        let mut flows = Vec::new();
        if let Some(t) = &primary {
            for (key, label, metric) in [
                ("export", "Exports", Metric::Export),
                ("import", "Imports", Metric::Import),
                ("balance", "Balance", Metric::Balance),
            ] {
                let q = Self::query(data, t.clone(), &state.partner, metric, Flow::Total);
                flows.push(Series {
                    key: key.into(),
                    label: label.into(),
                    values: self.series(data, &q, &years),
                    color: 0,
                    is_partner: false,
                    mirror: false,
                });
            }
        }
        SelectionView {
            targets,
            primary,
            years,
            by_partner,
            flows,
            unit,
        }
    }

    /// Headline cells for the state's year. One target: the chosen metric, then total, exports
    /// and imports with all partners. Several targets compared: the chosen metric for each,
    /// labelled with the target's name, so every selected region is named.
    pub fn headline(&mut self, data: &Dataset, state: &State) -> Vec<(String, CellValue)> {
        let targets = Self::targets(data, state);
        let (metric, flow) = map_query_parts(state);
        if targets.len() > 1 {
            return targets
                .iter()
                .map(|t| {
                    let q = Self::query(data, t.clone(), &state.partner, metric, flow);
                    (target_name(data, t), self.cell(data, &q, state.year))
                })
                .collect();
        }
        let Some(t) = targets.into_iter().next() else {
            return Vec::new();
        };
        let mut out = Vec::new();
        // A share of trade with all partners (100 % by definition) is not a headline figure.
        if !share_of_everything(metric, &state.partner) {
            let q = Self::query(data, t.clone(), &state.partner, metric, flow);
            out.push((
                metric_with_partner(data, metric, &state.partner),
                self.cell(data, &q, state.year),
            ));
        }
        for (label, m) in [
            ("Total trade, all partners", Metric::Total),
            ("Exports, all partners", Metric::Export),
            ("Imports, all partners", Metric::Import),
        ] {
            if m == metric && state.partner == WORLD {
                continue;
            }
            let q = Self::query(data, t.clone(), WORLD, m, Flow::Total);
            out.push((label.to_string(), self.cell(data, &q, state.year)));
        }
        out
    }
}

/// The display name of a target: a region's name, a named set's name, or for a sum of a
/// selection its members' names joined with " + " (never raw ids).
pub fn target_name(data: &Dataset, t: &Target) -> String {
    if let Some(set) = data.geo.set(&t.id) {
        return set.name_en.clone();
    }
    let name = |id: &RegionId| {
        data.geo
            .region(id)
            .map_or_else(|| id.to_string(), |r| r.name().to_string())
    };
    if t.is_set {
        t.members.iter().map(name).collect::<Vec<_>>().join(" + ")
    } else {
        name(&RegionId::new(t.id.clone()))
    }
}

/// "Total trade with Russia"; a metric that has no partner (GDP per head) stands alone.
pub fn metric_with_partner(data: &Dataset, metric: Metric, partner: &str) -> String {
    metric.label_with_partner(&partner_label(data, partner))
}

/// Whether `metric` with `partner` is trivially 100 % everywhere (a share of trade with all
/// partners), so not worth a map.
pub fn share_of_everything(metric: Metric, partner: &str) -> bool {
    metric == Metric::Share && partner == WORLD
}

/// Human label of a partner id.
pub fn partner_label(data: &Dataset, id: &str) -> String {
    match id {
        WORLD => "all partners".into(),
        "NEA4" => "NEA4 (Japan, Korea, North Korea, Russia)".into(),
        p => data
            .trade
            .partners
            .get(p)
            .map_or_else(|| p.to_string(), |x| x.name_en.clone()),
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
