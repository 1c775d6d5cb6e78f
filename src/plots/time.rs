//! Time plots: trade by partner over time (lines; shares as lines too), and exports, imports and
//! balance over time. Gaps are drawn as gaps; the current year is marked; a click or drag sets
//! the year; hovering a series reports its partner.

use std::collections::HashMap;

use egui::{Color32, Ui};
use egui_plot::{ItemId, Line, LineStyle, Plot, PlotPoints, Points, VLine};

use super::{YearPositions, axis_label, runs, tick_label};
use crate::model::{SelectionView, Series, SeriesColor};
use crate::state::{Command, State};
use crate::style::theme::Theme;

/// Colour of a series in plot 1.
fn series_color(s: &Series, theme: &Theme) -> Color32 {
    match s.color {
        SeriesColor::AllPartners => theme.balance,
        SeriesColor::Index(i) if s.is_partner => theme.partner(i),
        SeriesColor::Index(i) => theme.series(i),
    }
}

fn xs(years: &[i32], start: usize, n: usize) -> Vec<f64> {
    years[start..start + n]
        .iter()
        .map(|&y| f64::from(y))
        .collect()
}

/// Shared plot frame: fixed axes (no pan/zoom, so a drag scrubs the year), year marker,
/// click/drag → year, hovered item → key.
#[allow(clippy::too_many_arguments)] // one frame builder shared by the time plots
fn time_plot(
    ui: &mut Ui,
    id: &str,
    height: f32,
    view: &SelectionView,
    state: &State,
    theme: &Theme,
    unit: &'static str,
    add: impl FnOnce(&mut egui_plot::PlotUi<'_>, &mut HashMap<ItemId, String>),
) -> (Vec<Command>, YearPositions) {
    let mut cmds = Vec::new();
    let mut ids: HashMap<ItemId, String> = HashMap::new();
    // The x range covers the years with any value, and the current year.
    let known = |i: usize| {
        view.by_partner
            .iter()
            .chain(&view.flows)
            .any(|s| s.values.get(i).is_some_and(Option::is_some))
    };
    let idx: Vec<usize> = (0..view.years.len()).filter(|&i| known(i)).collect();
    let first = idx
        .first()
        .map_or(state.year, |&i| view.years[i])
        .min(state.year);
    let last = idx
        .last()
        .map_or(state.year, |&i| view.years[i])
        .max(state.year);
    let span_years = (last - first) as f32 + 0.6;
    let label_step = year_label_step(ui.available_width() - 60.0, span_years);
    // No legend inside the plot (it would cover the data): the series are named in a key
    // under it. Money and shares start from zero, so a dip is not exaggerated.
    let resp = Plot::new(id)
        .height(height)
        .include_y(0.0)
        .allow_drag(false)
        .allow_zoom(false)
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        .allow_double_click_reset(false)
        .include_x(f64::from(first) - 0.3)
        .include_x(f64::from(last) + 0.3)
        // Years: a line each, and a label as often as the width allows (every year when
        // wide, as in an exported figure; every 2, 5, 10 or 20 years as it narrows).
        .x_grid_spacer(egui_plot::uniform_grid_spacer(move |_| {
            [1.0, label_step, (label_step * 5.0).max(10.0)]
        }))
        .x_axis_formatter(move |m, _| {
            let labelled = m.step_size >= label_step - 1e-9
                && (m.value / label_step - (m.value / label_step).round()).abs() < 1e-6;
            if labelled {
                format!("{:.0}", m.value)
            } else {
                String::new()
            }
        })
        .y_axis_formatter(move |m, _| tick_label(m.value, m.step_size, unit))
        .label_formatter(move |hover| match hover {
            egui_plot::HoverPosition::NearDataPoint {
                plot_name,
                position,
                ..
            } => Some(format!(
                "{plot_name}\n{:.0}: {}",
                position.x,
                axis_label(position.y, unit)
            )),
            egui_plot::HoverPosition::Elsewhere { position } => Some(format!("{:.0}", position.x)),
        })
        .show(ui, |plot_ui| {
            add(plot_ui, &mut ids);
            plot_ui.vline(
                // Unnamed: the year marker is not a series.
                VLine::new("", f64::from(state.year))
                    .color(theme.year_marker)
                    .width(1.5)
                    .allow_hover(false),
            );
            let r = plot_ui.response();
            let clicked = r.clicked() || r.dragged();
            plot_ui
                .pointer_coordinate()
                .filter(|_| clicked)
                .map(|p| p.x)
        });
    let mid = resp.transform.frame().center().y;
    let positions: YearPositions = (first..=last)
        .map(|y| {
            (
                y,
                egui::pos2(resp.transform.position_from_point_x(f64::from(y)), mid),
            )
        })
        .collect();
    if let Some(x) = resp.inner {
        cmds.push(Command::SetYear(x.round() as i32));
    }
    if let Some(key) = resp.hovered_plot_item.and_then(|i| ids.get(&i)) {
        cmds.push(Command::HoverPartner(Some(key.clone())));
    }
    (cmds, positions)
}

/// Years between x-axis labels: the smallest of 1, 2, 5, 10, 20 that leaves about 64 points
/// per label (egui_plot drops labels closer than that).
pub fn year_label_step(width_pt: f32, span_years: f32) -> f64 {
    let per_year = width_pt.max(1.0) / span_years.max(1.0);
    [1.0_f32, 2.0, 5.0, 10.0]
        .into_iter()
        .find(|s| s * per_year >= 64.0)
        .map_or(20.0, f64::from)
}

fn add_line(
    plot_ui: &mut egui_plot::PlotUi<'_>,
    ids: &mut HashMap<ItemId, String>,
    years: &[i32],
    s: &Series,
    color: Color32,
    width: f32,
) {
    for (k, (start, vals)) in runs(&s.values).into_iter().enumerate() {
        let pts: Vec<[f64; 2]> = xs(years, start, vals.len())
            .into_iter()
            .zip(vals)
            .map(|(x, y)| [x, y])
            .collect();
        // A partner's mirror series shares its key (hover highlights both) but not its ids.
        let id_src = (&s.key, k, if s.mirror { "mirror-line" } else { "line" });
        let id = ItemId::new(id_src);
        ids.insert(id, s.key.clone());
        if pts.len() > 1 {
            let line = Line::new(s.label.clone(), PlotPoints::from(pts.clone()))
                .color(color)
                .width(width)
                .id(id_src);
            plot_ui.line(if s.mirror {
                line.style(LineStyle::dashed_dense())
            } else {
                line
            });
        }
        let pid_src = (&s.key, k, if s.mirror { "mirror-pts" } else { "pts" });
        let pid = ItemId::new(pid_src);
        ids.insert(pid, s.key.clone());
        plot_ui.points(
            Points::new(s.label.clone(), PlotPoints::from(pts))
                .color(color)
                .radius(width + 0.8)
                .filled(!s.mirror)
                .id(pid_src),
        );
    }
}

/// Plot 1: trade by partner over time (one region or set), or the chosen partner per region
/// (several regions compared). Shares are drawn as lines, not stacked: a stack would need every
/// partner known in a year, and one gap would blank the whole stack above it.
pub fn by_partner(
    ui: &mut Ui,
    view: &SelectionView,
    state: &State,
    theme: &Theme,
    height: f32,
) -> (Vec<Command>, YearPositions) {
    let hovered = state
        .hovered_partner
        .clone()
        .or_else(|| state.hovered.as_ref().map(ToString::to_string));
    let (mut cmds, positions) = time_plot(
        ui,
        "plot-by-partner",
        height,
        view,
        state,
        theme,
        view.unit,
        |plot_ui, ids| {
            for s in &view.by_partner {
                let width = if hovered.as_deref() == Some(s.key.as_str()) {
                    3.5
                } else {
                    1.6
                };
                add_line(plot_ui, ids, &view.years, s, series_color(s, theme), width);
            }
        },
    );
    let entries: Vec<(String, String, Color32)> = view
        .by_partner
        .iter()
        .filter(|s| s.values.iter().any(Option::is_some))
        .map(|s| (s.key.clone(), s.label.clone(), series_color(s, theme)))
        .collect();
    cmds.extend(key(ui, &entries, hovered.as_deref()));
    (cmds, positions)
}

/// The names of a plot's series, under the plot (never over its data); hovering one reports
/// its key like hovering the line does.
fn key(ui: &mut Ui, entries: &[(String, String, Color32)], lit: Option<&str>) -> Vec<Command> {
    let mut cmds = Vec::new();
    ui.horizontal_wrapped(|ui| {
        ui.spacing_mut().item_spacing.x = 10.0;
        for (k, label, color) in entries {
            // Each entry is one allocation of known size (swatch, gap, text), so the wrapping
            // layout can move it to the next row; nested horizontal groups would not wrap and
            // would widen the side panel instead.
            let text = egui::RichText::new(label).small();
            let text = if lit == Some(k.as_str()) {
                text.strong()
            } else {
                text
            };
            let galley = egui::WidgetText::from(text).into_galley(
                ui,
                Some(egui::TextWrapMode::Extend),
                f32::INFINITY,
                egui::TextStyle::Small,
            );
            let swatch = egui::vec2(14.0, 4.0);
            let gap = 4.0;
            let size = egui::vec2(
                swatch.x + gap + galley.size().x,
                galley.size().y.max(swatch.y),
            );
            let (rect, resp) = ui.allocate_exact_size(size, egui::Sense::hover());
            resp.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Label, true, label.as_str()));
            let swatch_rect = egui::Rect::from_center_size(
                rect.left_center() + egui::vec2(swatch.x / 2.0, 0.0),
                swatch,
            );
            ui.painter().rect_filled(swatch_rect, 1.0, *color);
            let text_pos = egui::pos2(rect.left() + swatch.x + gap, rect.top());
            ui.painter()
                .galley(text_pos, galley, ui.visuals().text_color());
            if resp.hovered() {
                cmds.push(Command::HoverPartner(Some(k.clone())));
            }
        }
    });
    cmds
}

/// Plot 3: exports, imports and balance of the primary target over time.
pub fn flows(
    ui: &mut Ui,
    view: &SelectionView,
    state: &State,
    theme: &Theme,
    height: f32,
) -> Vec<Command> {
    let cmds: Vec<Command> = time_plot(
        ui,
        "plot-flows",
        height,
        view,
        state,
        theme,
        "USD",
        |plot_ui, ids| {
            for s in &view.flows {
                let color = match s.key.as_str() {
                    "export" => theme.export,
                    "import" => theme.import,
                    _ => theme.balance,
                };
                add_line(plot_ui, ids, &view.years, s, color, 1.8);
            }
        },
    )
    .0
    .into_iter()
    .filter(|c| !matches!(c, Command::HoverPartner(_)))
    .collect();
    let entries: Vec<(String, String, Color32)> = view
        .flows
        .iter()
        .filter(|s| s.values.iter().any(Option::is_some))
        .map(|s| {
            let color = match s.key.as_str() {
                "export" => theme.export,
                "import" => theme.import,
                _ => theme.balance,
            };
            (s.key.clone(), s.label.clone(), color)
        })
        .collect();
    // The flow names are not partners: the key only names them.
    let _ = key(ui, &entries, None);
    cmds
}

#[cfg(test)]
mod tests {
    use super::year_label_step;

    #[test]
    fn a_wide_plot_labels_every_year_and_a_narrow_one_fewer() {
        assert!((year_label_step(1500.0, 10.0) - 1.0).abs() < 1e-9);
        assert!((year_label_step(330.0, 11.0) - 5.0).abs() < 1e-9);
        assert!((year_label_step(120.0, 34.0) - 20.0).abs() < 1e-9);
    }
}
