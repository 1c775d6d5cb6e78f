//! Plot 2: partners in the current year, as sorted horizontal bars with their values.

use std::collections::HashMap;

use egui::{Align2, Color32, Ui};
use egui_plot::{Bar, BarChart, ItemId, Plot, PlotPoint, Text};

use super::{BarCentres, tick_label};
use crate::model::{SelectionView, SeriesColor};
use crate::state::{Command, State};
use crate::style::format::format_value;
use crate::style::theme::Theme;

/// The bars shown for the current year: `(key, label, value, colour index)`, largest first.
pub fn bars_for_year(view: &SelectionView, year: i32) -> Vec<(String, String, f64, usize)> {
    let Some(i) = view.years.iter().position(|&y| y == year) else {
        return Vec::new();
    };
    let mut bars: Vec<(String, String, f64, usize)> = view
        .by_partner
        .iter()
        .filter(|s| !s.mirror)
        .filter_map(|s| match s.color {
            SeriesColor::Index(c) => s.values[i].map(|v| (s.key.clone(), s.label.clone(), v, c)),
            SeriesColor::AllPartners => None,
        })
        .collect();
    bars.sort_by(|a, b| b.2.total_cmp(&a.2));
    bars
}

/// Draws the bars; hovering one reports its partner.
pub fn partner_bars(
    ui: &mut Ui,
    view: &SelectionView,
    state: &State,
    theme: &Theme,
    height: f32,
) -> (Vec<Command>, BarCentres) {
    let bars = bars_for_year(view, state.year);
    if bars.is_empty() {
        ui.label(format!(
            "No partner figures for {} in this selection.",
            state.year
        ));
        return (Vec::new(), Vec::new());
    }
    let compare = view.targets.len() > 1;
    let labels: Vec<String> = bars.iter().map(|b| b.1.clone()).collect();
    let n = bars.len();
    let unit = view.unit;
    let mut ids: HashMap<ItemId, String> = HashMap::new();
    let hovered = state.hovered_partner.clone();
    let max = bars.iter().map(|b| b.2).fold(0.0f64, f64::max);
    let resp = Plot::new("plot-partner-bars")
        .height(height)
        .allow_drag(false)
        .allow_zoom(false)
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        .show_grid([true, false])
        .include_x(0.0)
        .include_x(max * 1.35)
        .x_axis_formatter(move |m, _| tick_label(m.value, m.step_size, unit))
        .y_axis_formatter(move |m, _| {
            let i = m.value.round() as usize;
            if (m.value - m.value.round()).abs() < 1e-6 && i < n {
                labels[n - 1 - i].clone()
            } else {
                String::new()
            }
        })
        .show(ui, |plot_ui| {
            // Value labels first: the plot reports the topmost item under the pointer, which
            // must be the bar.
            for (k, (_, label, v, _)) in bars.iter().enumerate() {
                let y = (n - 1 - k) as f64;
                plot_ui.text(
                    Text::new(
                        format!("{label}-value"),
                        PlotPoint::new(*v, y),
                        // The same precision as the headline (17.6 %, $1.23 bn).
                        format!("  {}", format_value(Some(*v), unit)),
                    )
                    .anchor(Align2::LEFT_CENTER),
                );
            }
            for (k, (key, label, v, color)) in bars.iter().enumerate() {
                let y = (n - 1 - k) as f64;
                let c = if compare {
                    theme.series(*color)
                } else {
                    theme.partner(*color)
                };
                let lit = hovered.as_deref() == Some(key.as_str());
                let fill = if lit {
                    c
                } else {
                    Color32::from_rgba_unmultiplied(c.r(), c.g(), c.b(), 190)
                };
                let id_src = ("bar", key, label);
                let id = ItemId::new(id_src);
                ids.insert(id, key.clone());
                let bar = Bar::new(y, *v)
                    .width(0.7)
                    .name(label)
                    .fill(fill)
                    .horizontal();
                plot_ui.bar_chart(
                    BarChart::new(label.clone(), vec![bar])
                        .color(c)
                        .highlight(lit)
                        .element_formatter(Box::new(move |bar: &Bar, _: &BarChart| {
                            format!("{}: {}", bar.name, format_value(Some(bar.value), unit))
                        }))
                        .id(id_src),
                );
            }
        });
    let centres: BarCentres = bars
        .iter()
        .enumerate()
        .map(|(k, (key, _, v, _))| {
            let y = (n - 1 - k) as f64;
            (
                key.clone(),
                resp.transform
                    .position_from_point(&PlotPoint::new(v / 2.0, y)),
            )
        })
        .collect();
    let cmds = resp
        .hovered_plot_item
        .and_then(|i| ids.get(&i))
        .map(|k| vec![Command::HoverPartner(Some(k.clone()))])
        .unwrap_or_default();
    (cmds, centres)
}
