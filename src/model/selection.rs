//! The selection's view: its targets (one per region, or one summed set), the series of the
//! plots (by partner, by flow, by region, with the partners' mirror figures), the headline
//! cells and the flow arcs' values.

use std::collections::BTreeSet;

use super::{
    MAX_PARTNER_SERIES, Model, SelKey, SelectionView, Series, SeriesColor, keep_largest_partners,
    map_query_parts, metric_with_partner, partner_label, share_of_everything, target_name,
    unreachable_sel,
};
use crate::analysis::{CellValue, Metric, PartnerSel, Query, Target};
use crate::data::tables::partners::WORLD;
use crate::data::{Basis, Dataset, Flow, RegionId};
use crate::state::{Combine, State, ValueMode};
use crate::style::format::format_value;

/// The value behind one flow arc: a selected region's trade with one partner this year.
#[derive(Debug, Clone, PartialEq)]
pub struct FlowValue {
    /// The selected region.
    pub region: RegionId,
    /// Partner id.
    pub partner: String,
    /// The partner's capital (longitude, latitude), where the arc ends.
    pub to_lon_lat: (f64, f64),
    /// Stroke width in points: grows with the square root of the value.
    pub width: f32,
    /// `Jilin – Russia: $2.1 bn (2019)`.
    pub label: String,
    /// The partner's place in the fixed partner order (its colour in every view).
    pub color_index: usize,
}

impl Model {
    /// The flows of the selected regions in the current year: one per partner with a known
    /// total and a capital to draw to.
    pub fn flows(&mut self, data: &Dataset, state: &State) -> Vec<FlowValue> {
        let year = state.year;
        let mut raw = Vec::new();
        for id in &state.selection {
            if data.geo.index_of(id).is_none() {
                continue;
            }
            let target = Target::region(id.clone());
            for p in self.partners_of(data, &target) {
                let Some(pos) = data.trade.partners.get(&p).and_then(|x| x.capital_pos) else {
                    continue;
                };
                let q = Query::new(
                    target.clone(),
                    PartnerSel::Country(p.clone()),
                    Metric::Total,
                );
                if let Some(v) = self.cell(data, &q, year).value {
                    raw.push((id.clone(), p, pos, v));
                }
            }
        }
        let max = raw.iter().map(|r| r.3).fold(0.0f64, f64::max);
        raw.into_iter()
            .map(|(region, partner, to_lon_lat, v)| {
                let width = (1.5 + 7.0 * (v / max.max(1.0)).sqrt()) as f32;
                let name = data
                    .geo
                    .region(&region)
                    .map_or_else(|| region.to_string(), |r| r.name().to_string());
                let label = format!(
                    "{name} – {}: {} ({year})",
                    partner_label(data, &partner),
                    format_value(Some(v), "USD")
                );
                FlowValue {
                    color_index: self.partner_index(data, &partner),
                    region,
                    partner,
                    to_lon_lat,
                    width,
                    label,
                }
            })
            .collect()
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
    /// (docs/DESIGN.md §3: two bases are shown side by side, never added together).
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
                let mut q = Self::query(
                    target.clone(),
                    PartnerSel::Country(s.key.clone()),
                    Metric::Total,
                    Flow::Total,
                );
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
                let q = Self::query(t.clone(), PartnerSel::World, Metric::Total, Flow::Total);
                by_partner.push(Series {
                    key: WORLD.into(),
                    label: "All partners".into(),
                    values: self.series(data, &q, &years),
                    color: SeriesColor::AllPartners,
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
                let color = SeriesColor::Index(self.partner_index(data, &p));
                let q = Self::query(
                    t.clone(),
                    PartnerSel::Country(p.clone()),
                    metric,
                    Flow::Total,
                );
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
                    let q = Self::query(t.clone(), PartnerSel::Country(p.clone()), m, Flow::Total);
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
                let q = Self::query(
                    t.clone(),
                    Self::partner_sel(&state.partner),
                    metric,
                    Flow::Total,
                );
                let label = target_name(data, t);
                by_partner.push(Series {
                    key: t.id.clone(),
                    label,
                    values: self.series(data, &q, &years),
                    color: SeriesColor::Index(i),
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
                let q = Self::query(
                    t.clone(),
                    Self::partner_sel(&state.partner),
                    metric,
                    Flow::Total,
                );
                flows.push(Series {
                    key: key.into(),
                    label: label.into(),
                    values: self.series(data, &q, &years),
                    color: SeriesColor::Index(0),
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
                    let q = Self::query(t.clone(), Self::partner_sel(&state.partner), metric, flow);
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
            let q = Self::query(t.clone(), Self::partner_sel(&state.partner), metric, flow);
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
            let q = Self::query(t.clone(), PartnerSel::World, m, Flow::Total);
            out.push((label.to_string(), self.cell(data, &q, state.year)));
        }
        out
    }
}
