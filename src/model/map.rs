//! The choropleth: each region's value for the year, the colour scale over all years (so
//! colours stay comparable while scrubbing), classes over this year's values, all cached.

use super::{
    Domain, MAP_YEARS_KEPT, MapKey, MapValues, Model, RegionValue, map_query_parts,
    share_of_everything, unreachable_map,
};
use crate::analysis::Metric;
use crate::data::{Dataset, Flow, Level};
use crate::state::{Classes, Scale, ScaleDomain, State};
use crate::style::scale::{ClassBreaks, ClassMethod, ColorScale, ScaleKind};

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

impl Model {
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
                let q = Self::region_query(&r.id, state, metric, flow);
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
            let q = Self::region_query(&r.id, state, metric, flow);
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
}
