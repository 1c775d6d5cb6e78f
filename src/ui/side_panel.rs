//! The side panel: the selection (names, parents, area), headline figures for the year with
//! their sources, and the three linked plots. Says plainly when data is missing.

use egui::{RichText, Ui};

use crate::data::Dataset;
use crate::map::choropleth::format_value;
use crate::model::{Model, partner_label};
use crate::plots;
use crate::state::{Combine, Command, State};
use crate::ui::theme::Theme;

/// Heading of the panel's partner plot (tests look for it).
pub const PARTNER_PLOT_TITLE: &str = "Trade by partner over time";

/// Whether the panel is the interactive one or part of an exported figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PanelMode {
    /// In the window: buttons and hints.
    Interactive,
    /// In a figure: the same figures and plots, without buttons or hints.
    Figure,
}

/// The commands given so far, and whether there are controls to give them with.
struct Out {
    cmds: Vec<Command>,
    mode: PanelMode,
}

impl Out {
    /// A button in the window; nothing in a figure.
    fn button(&self, ui: &mut Ui, text: &str) -> bool {
        self.mode == PanelMode::Interactive && ui.button(text).clicked()
    }
}

/// Draws the panel; returns the commands the user gave.
pub fn show(
    ui: &mut Ui,
    data: &Dataset,
    model: &mut Model,
    state: &State,
    theme: &Theme,
    mode: PanelMode,
) -> Vec<Command> {
    let mut out = Out {
        cmds: Vec::new(),
        mode,
    };
    if !state.messages.is_empty() {
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.colored_label(
                theme.warning,
                RichText::new("Problems loading data").strong(),
            );
            for m in &state.messages {
                ui.colored_label(theme.warning, m);
            }
            if out.button(ui, "Dismiss") {
                out.cmds.push(Command::DismissMessages);
            }
        });
        ui.add_space(6.0);
    }
    egui::ScrollArea::vertical().auto_shrink([false, false]).show(ui, |ui| {
        selection_summary(ui, data, state, &mut out);
        if state.selection.is_empty() {
            return;
        }
        ui.separator();
        headline(ui, data, model, state, theme, &mut out);
        let view = model.selection(data, state).clone();
        ui.separator();
        let who = if view.targets.len() > 1 {
            format!("{} with {}, by region", PARTNER_PLOT_TITLE.replace(" by partner", ""), partner_label(data, &state.partner))
        } else {
            PARTNER_PLOT_TITLE.to_string()
        };
        ui.label(RichText::new(who).strong());
        let partner_years = view.by_partner.iter().filter(|s| s.color != usize::MAX).count();
        if view.targets.len() == 1 && partner_years == 0 {
            let gap = gap_of(&view, state);
            missing(ui, &format!("No partner breakdown for {} in any year.", target_name(data, &view)), gap, &mut out);
        } else if let Some(i) = view.years.iter().position(|&y| y == state.year) {
            let known = view.by_partner.iter().filter(|s| s.color != usize::MAX && s.values[i].is_some()).count();
            if known == 0 {
                let gap = gap_of(&view, state);
                missing(ui, &format!("No partner breakdown for {} in {}.", target_name(data, &view), state.year), gap, &mut out);
            }
        }
        out.cmds.extend(plots::by_partner(ui, &view, state, theme, 190.0));
        ui.label(RichText::new(format!("Partners in {}", state.year)).strong());
        out.cmds.extend(plots::partner_bars(ui, &view, state, theme, 150.0));
        if let Some(t) = &view.primary {
            let name = data.geo.region(&crate::data::RegionId::new(t.id.clone())).map_or_else(|| t.id.clone(), |r| r.name().to_string());
            ui.label(RichText::new(format!("Exports, imports and balance: {name}, with {}", partner_label(data, &state.partner))).strong());
            out.cmds.extend(plots::flows(ui, &view, state, theme, 150.0));
        }
        if mode == PanelMode::Interactive {
            ui.label(RichText::new("Click or drag in a time plot to set the year. Gaps are years nobody published.").small());
        } else {
            ui.label(RichText::new("Gaps are years nobody published.").small());
        }
    });
    out.cmds
}

fn target_name(data: &Dataset, view: &crate::model::SelectionView) -> String {
    view.primary.as_ref().map_or_else(String::new, |t| {
        data.geo
            .region(&crate::data::RegionId::new(t.id.clone()))
            .map_or_else(|| t.id.clone(), |r| r.name().to_string())
    })
}

fn missing(ui: &mut Ui, text: &str, gap: Option<crate::state::Gap>, out: &mut Out) {
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new(text).italics());
        if let Some(gap) = gap
            && out.button(ui, "Where to get this…")
        {
            out.cmds.push(Command::ShowRecipe(Some(gap)));
        }
        if out.button(ui, "Import data…") {
            out.cmds.push(Command::ShowImport(true));
        }
    });
}

/// The gap behind a "No partner breakdown" line: the single region shown, the partner, the year.
fn gap_of(view: &crate::model::SelectionView, state: &State) -> Option<crate::state::Gap> {
    let t = view.primary.as_ref().filter(|t| !t.is_set)?;
    Some(crate::state::Gap {
        reporter: crate::data::RegionId::new(&t.id),
        partner: state.partner.clone(),
        year: state.year,
    })
}

fn selection_summary(ui: &mut Ui, data: &Dataset, state: &State, out: &mut Out) {
    let geo = &data.geo;
    ui.heading("Selection");
    if let Some(set) = state.selected_set.as_ref().and_then(|s| geo.set(s)) {
        ui.label(
            RichText::new(format!(
                "Region set {}: {} {}",
                set.id, set.name_en, set.name_zh
            ))
            .strong(),
        );
        ui.label(RichText::new(&set.definition_source).small());
    }
    if state.selection.is_empty() {
        ui.label("Nothing selected. Click a region on the map, or search for one.");
        ui.label(
            RichText::new(
                "Ctrl- or Shift-click adds or removes a region; Esc or a click on the sea clears.",
            )
            .small(),
        );
        return;
    }
    ui.horizontal(|ui| {
        ui.label(format!("{} selected", state.selection.len()));
        if out.button(ui, "Clear") {
            out.cmds.push(Command::ClearSelection);
        }
        if state.selection.len() > 1 {
            let label = if state.combine == Combine::Sum {
                "Summed as a set"
            } else {
                "Compared"
            };
            ui.label(RichText::new(label).small());
        }
    });
    for id in &state.selection {
        let Some(r) = geo.region(id) else { continue };
        let lit = state.hovered.as_ref() == Some(id);
        egui::CollapsingHeader::new(
            RichText::new(format!("{} ({})", r.name(), r.id))
                .strong()
                .color(if lit {
                    ui.visuals().strong_text_color()
                } else {
                    ui.visuals().text_color()
                }),
        )
        .id_salt(("sel", id.as_str()))
        .default_open(state.selection.len() == 1)
        .show(ui, |ui| {
            for n in [&r.names.zh, &r.names.ko, &r.names.ru]
                .into_iter()
                .flatten()
            {
                ui.label(n);
            }
            ui.label(format!("Level: {}", r.level.label()));
            let parents: Vec<String> = geo
                .ancestors(r)
                .iter()
                .skip(1)
                .map(|p| format!("{} ({})", p.name(), p.id))
                .collect();
            if !parents.is_empty() {
                ui.label(format!("In: {}", parents.join(" › ")));
            }
            ui.label(format!("Area: {} km²", thousands(r.area_km2)));
            if let Some(note) = &r.note {
                ui.label(RichText::new(note).italics());
            }
            if r.origin != "bundled" {
                ui.label(RichText::new(format!("From {}", r.origin)).small());
            }
        });
    }
}

fn headline(
    ui: &mut Ui,
    data: &Dataset,
    model: &mut Model,
    state: &State,
    theme: &Theme,
    out: &mut Out,
) {
    let cells = model.headline(data, state);
    let Some(first) = cells.first() else { return };
    let name = data
        .geo
        .resolve_region(&first.1.region)
        .map_or_else(|| first.1.region.clone(), |r| r.name().to_string());
    ui.label(
        RichText::new(format!("{name} in {}", state.year))
            .heading()
            .color(theme.year_marker),
    );
    egui::Grid::new("headline")
        .num_columns(2)
        .striped(true)
        .show(ui, |ui| {
            for (label, cell) in &cells {
                ui.label(label);
                let text = format_value(cell.value, cell.unit);
                let resp = ui.label(RichText::new(&text).strong());
                resp.on_hover_ui(|ui| {
                    if let Some(b) = cell.basis {
                        ui.label(format!("Basis: {}", b.as_str()));
                    }
                    for n in &cell.notes {
                        ui.label(n);
                    }
                    if !cell.missing.is_empty() {
                        ui.label(format!("Missing: {}", cell.missing.join("; ")));
                    }
                });
                ui.end_row();
            }
        });
    let (_, main) = first;
    if main.value.is_none() && !main.missing.is_empty() {
        let text = format!("No figure: missing {}", main.missing.join("; "));
        missing(ui, &text, None, out);
    }
    let mut sources: Vec<&crate::data::SourceId> =
        cells.iter().flat_map(|(_, c)| c.sources.iter()).collect();
    sources.sort();
    sources.dedup();
    for id in sources {
        let text = data.trade.source(id).map_or_else(
            || id.to_string(),
            |s| format!("{} — {} ({})", s.publisher, s.title, s.retrieved),
        );
        let url = data
            .trade
            .source(id)
            .map(|s| s.url.clone())
            .unwrap_or_default();
        ui.horizontal_wrapped(|ui| {
            ui.label(RichText::new(format!("Source [{id}]:")).small());
            if url.is_empty() {
                ui.label(RichText::new(text).small());
            } else {
                ui.hyperlink_to(RichText::new(text).small(), url);
            }
        });
    }
    if cells.iter().any(|(_, c)| c.converted) {
        ui.label(
            RichText::new("Some values were converted to USD at the year's cited rate.")
                .small()
                .italics(),
        );
    }
}

/// Formats a non-negative number with thousands separators and no decimals.
pub fn thousands(x: f64) -> String {
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let n = x.round().max(0.0) as u64;
    let s = n.to_string();
    let mut out = String::new();
    for (i, ch) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn thousands_groups_digits() {
        assert_eq!(super::thousands(187_400.4), "187,400");
        assert_eq!(super::thousands(999.0), "999");
    }
}
