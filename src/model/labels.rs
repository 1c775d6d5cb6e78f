//! Words and figures about what is shown: target and partner names, the metric with its
//! partner, the figure title and the map legend's text.

use super::{Model, map_query_parts};
use crate::analysis::{Metric, Query, Target};
use crate::data::ids::NEA4_ID;
use crate::data::tables::partners::WORLD;
use crate::data::{Dataset, PartnerId, RegionId};
use crate::state::State;
use crate::style::format::format_value;

/// What the map legend says.
#[derive(Debug, Clone)]
pub struct Legend {
    /// E.g. "Total trade with all partners, 2019".
    pub title: String,
    /// The metric's unit (`USD`, `%`, `USD per person`).
    pub unit: &'static str,
    /// E.g. "Source: NBS A060101 (location of trading enterprise)".
    pub source_line: String,
    /// What the ramp's place says when no region has a figure (why the map is grey).
    pub empty_reason: String,
    /// Whether only China as a whole has a figure (the window then offers to show it).
    pub china_only: bool,
}

/// The title of a figure: what, with whom, where, when.
pub fn figure_title(data: &Dataset, state: &State) -> String {
    let (metric, _) = map_query_parts(state);
    let place = if state.selection.is_empty() {
        "China's northeast and the Tumen River region".to_string()
    } else {
        let names: Vec<String> = state
            .selection
            .iter()
            .map(|id| {
                data.geo
                    .region(id)
                    .map_or_else(|| id.to_string(), |r| r.name().to_string())
            })
            .collect();
        names.join(", ")
    };
    format!(
        "{} — {place}, {}",
        metric_with_partner(data, metric, &state.partner),
        state.year
    )
}

impl Model {
    /// The map legend for the current state (title names the metric, partner and year).
    pub fn legend(&mut self, data: &Dataset, state: &State) -> Legend {
        let (metric, flow) = map_query_parts(state);
        let values = self.map_values(data, state);
        let mut names: Vec<String> = values
            .sources
            .iter()
            .map(|s| {
                data.trade
                    .source(s)
                    .map_or_else(|| s.to_string(), |x| x.short_publisher().to_string())
            })
            .collect();
        names.sort();
        names.dedup();
        let converted = values.converted;
        let mut empty_reason = "No region has data for this metric".to_string();
        let mut china_only = false;
        let mut source_line = if names.is_empty() {
            format!("No region has a figure for {}", state.year)
        } else {
            format!("Source: {}", names.join("; "))
        };
        if share_of_everything(metric, &state.partner) {
            empty_reason = "Choose a partner to map its share".to_string();
            source_line = "A share of trade with all partners is 100 % everywhere, so it is \
                           not mapped. Choose a partner (the side panel lists each partner's share)."
                .to_string();
        } else if names.is_empty() {
            // Only the country may have a figure (e.g. China's trade with Japan): say so, with it.
            let mut q = Query::new(
                Target::region(RegionId::new("CHN")),
                Model::partner_sel(&state.partner),
                metric,
            );
            q.flow = flow;
            let china = self.cell(data, &q, state.year);
            if china.value.is_some() {
                let publisher = china
                    .sources
                    .first()
                    .and_then(|s| data.trade.source(s))
                    .map_or_else(String::new, |s| format!(" ({})", s.short_publisher()));
                empty_reason = "No province or prefecture has a figure".to_string();
                china_only = true;
                source_line = format!(
                    "Only China as a whole has a figure for {}: {}{publisher}. \
                     Use “Show China as a whole” above the map to see it in the panel.",
                    state.year,
                    format_value(china.value, metric.unit())
                );
            }
        }
        if converted {
            source_line.push_str(" (some converted to USD)");
        }
        Legend {
            title: format!(
                "{}, {}",
                metric_with_partner(data, metric, &state.partner),
                state.year
            ),
            unit: metric.unit(),
            source_line,
            empty_reason,
            china_only,
        }
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
pub fn metric_with_partner(data: &Dataset, metric: Metric, partner: &PartnerId) -> String {
    metric.label_with_partner(&partner_label(data, partner))
}

/// Whether `metric` with `partner` is trivially 100 % everywhere (a share of trade with all
/// partners), so not worth a map.
pub fn share_of_everything(metric: Metric, partner: &PartnerId) -> bool {
    metric == Metric::Share && partner.is_world()
}

/// Human label of a partner id.
pub fn partner_label(data: &Dataset, id: impl AsRef<str>) -> String {
    match id.as_ref() {
        WORLD => "all partners".into(),
        NEA4_ID => "NEA4 (Japan, Korea, North Korea, Russia)".into(),
        p => data
            .trade
            .partners
            .get(p)
            .map_or_else(|| p.to_string(), |x| x.name_en.clone()),
    }
}
