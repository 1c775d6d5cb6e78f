//! The side panel: the selection (names, parents, area), headline figures for the year with
//! their sources, and the three linked plots. Says plainly when data is missing.

use egui::{RichText, Ui};

use crate::data::Dataset;
use crate::model::{Model, SeriesColor, metric_with_partner, partner_label};
use crate::plots;
use crate::state::{Combine, Command, State};
use crate::style::format::{format_value, thousands};
use crate::style::theme::Theme;
use crate::ui::words;

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

/// The commands given so far, whether there are controls to give them with, and where the
/// plots drew what.
struct Out {
    cmds: Vec<Command>,
    mode: PanelMode,
    drawn: plots::PlotsDrawn,
}

impl Out {
    /// A button in the window; nothing in a figure.
    fn button(&self, ui: &mut Ui, text: &str) -> bool {
        self.mode == PanelMode::Interactive && ui.button(text).clicked()
    }
}

/// Draws the panel; returns the commands the user gave and where its plots drew what.
pub fn show(
    ui: &mut Ui,
    data: &Dataset,
    model: &mut Model,
    state: &State,
    theme: &Theme,
    mode: PanelMode,
) -> (Vec<Command>, plots::PlotsDrawn) {
    let mut out = Out {
        cmds: Vec::new(),
        mode,
        drawn: plots::PlotsDrawn::default(),
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
    // In a short window the plots shrink (never below a readable size) so they come into view.
    let short = ui.available_height() < 620.0;
    let (h_main, h_small) = if short {
        (140.0, 110.0)
    } else {
        (190.0, 150.0)
    };
    egui::ScrollArea::vertical().auto_shrink([false, false]).show(ui, |ui| {
        selection_summary(ui, data, state, &mut out, short);
        if state.selection.is_empty() {
            return;
        }
        ui.separator();
        headline(ui, data, model, state, theme, &mut out, short);
        let view = model.selection(data, state).clone();
        ui.separator();
        let who = if view.targets.len() > 1 {
            format!("{} with {}, by region", PARTNER_PLOT_TITLE.replace(" by partner", ""), partner_label(data, &state.partner))
        } else {
            PARTNER_PLOT_TITLE.to_string()
        };
        ui.label(RichText::new(who).strong());
        let partner_years = view.by_partner.iter().filter(|s| s.color != SeriesColor::AllPartners).count();
        if view.targets.len() == 1 && partner_years == 0 {
            let gap = gap_of(&view, state);
            missing(ui, &format!("No partner breakdown for {} in any year.", target_name(data, &view)), gap, &mut out);
        } else if let Some(i) = view.years.iter().position(|&y| y == state.year) {
            let known = view.by_partner.iter().filter(|s| s.color != SeriesColor::AllPartners && s.values[i].is_some()).count();
            if known == 0 {
                let gap = gap_of(&view, state);
                missing(ui, &format!("No partner breakdown for {} in {}.", target_name(data, &view), state.year), gap, &mut out);
            }
        }
        let (cmds, years) = plots::by_partner(ui, &view, state, theme, h_main);
        out.cmds.extend(cmds);
        out.drawn.year_positions = years;
        let bars_title = if view.targets.len() > 1 {
            format!(
                "Regions in {}: total trade with {}",
                state.year,
                partner_label(data, &state.partner)
            )
        } else {
            format!("Partners in {}", state.year)
        };
        ui.label(RichText::new(bars_title).strong());
        let (cmds, bars) = plots::partner_bars(ui, &view, state, theme, h_small);
        out.cmds.extend(cmds);
        out.drawn.bar_centres = bars;
        if let Some(t) = &view.primary {
            let name = crate::model::target_name(data, t);
            let first = if view.targets.len() > 1 { " (the first selected)" } else { "" };
            ui.label(RichText::new(format!("Exports, imports and balance: {name}{first}, with {}", partner_label(data, &state.partner))).strong());
            if view.flows.iter().all(|s| s.values.iter().all(Option::is_none)) {
                flows_missing(ui, data, model, state, t, &name, &mut out);
            }
            out.cmds.extend(plots::flows(ui, &view, state, theme, h_small));
        }
        if mode == PanelMode::Interactive {
            ui.label(RichText::new("Click or drag in a time plot to set the year. Gaps are years nobody published.").small());
        } else {
            ui.label(RichText::new("Gaps are years nobody published.").small());
        }
    });
    (out.cmds, out.drawn)
}

/// Says why the exports/imports plot is blank: which figures (for a sum: which members) are
/// not published for the year shown.
fn flows_missing(
    ui: &mut Ui,
    data: &Dataset,
    model: &mut Model,
    state: &State,
    target: &crate::analysis::Target,
    name: &str,
    out: &mut Out,
) {
    let mut q = crate::analysis::Query::new(
        target.clone(),
        Model::partner_sel(&state.partner),
        crate::analysis::Metric::Export,
    );
    q.flow = crate::data::Flow::Total;
    let cell = model.cell(data, &q, state.year);
    let mut text = format!(
        "No exports or imports with {} for {name} in any year.",
        partner_label(data, &state.partner)
    );
    if target.members.len() > 1 {
        text.push_str(" A sum is known only where every member is.");
    }
    // Name the members (or the region) whose figure is not published, not every cell.
    let mut names: Vec<String> = Vec::new();
    for m in &cell.missing {
        if let Some(id) = m.split_whitespace().next() {
            let n = words::region_name(data, id);
            if !names.contains(&n) {
                names.push(n);
            }
        }
    }
    if !names.is_empty() {
        text.push_str(&format!(
            " Not published for {}: {}.",
            state.year,
            words::and_list(&names)
        ));
    }
    let gap = (!target.is_set).then(|| crate::state::Gap {
        reporter: crate::data::RegionId::new(&target.id),
        partner: state.partner.to_string(),
        year: state.year,
    });
    missing(ui, &text, gap, out);
}

fn target_name(data: &Dataset, view: &crate::model::SelectionView) -> String {
    view.primary
        .as_ref()
        .map_or_else(String::new, |t| crate::model::target_name(data, t))
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
        partner: state.partner.to_string(),
        year: state.year,
    })
}

fn selection_summary(ui: &mut Ui, data: &Dataset, state: &State, out: &mut Out, short: bool) {
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
        .default_open(state.selection.len() == 1 && !short)
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
    short: bool,
) {
    let cells = model.headline(data, state);
    let Some(first) = cells.first() else { return };
    let targets = Model::targets(data, state);
    let names: Vec<String> = targets
        .iter()
        .map(|t| crate::model::target_name(data, t))
        .collect();
    let compared = targets.len() > 1;
    ui.label(
        RichText::new(format!("{} in {}", words::and_list(&names), state.year))
            .heading()
            .color(theme.year_marker),
    );
    if compared {
        let (metric, _) = crate::model::map_query_parts(state);
        ui.label(RichText::new(metric_with_partner(data, metric, &state.partner)).strong());
    }
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
                        ui.label(format!("Basis: {}", words::basis_words(b)));
                    }
                    for n in &cell.notes {
                        ui.label(n);
                    }
                    if !cell.missing.is_empty() {
                        let m: Vec<String> = cell
                            .missing
                            .iter()
                            .map(|m| words::missing_words(data, m))
                            .collect();
                        ui.label(format!("Missing: {}", m.join("; ")));
                    }
                });
                ui.end_row();
            }
        });
    if let Some(note) = mixed_sources_note(data, &cells).filter(|_| !compared) {
        ui.label(RichText::new(note).small().color(theme.warning));
    }
    for (label, cell) in &cells {
        // One figure missing is said once, in words; compared regions name which one.
        if cell.value.is_none() && !cell.missing.is_empty() && (compared || label == &first.0) {
            let m: Vec<String> = cell
                .missing
                .iter()
                .take(3)
                .map(|m| words::missing_words(data, m))
                .collect();
            let more = cell.missing.len().saturating_sub(3);
            let more = if more > 0 {
                format!(" and {more} more")
            } else {
                String::new()
            };
            let who = if compared {
                format!("{label}: ")
            } else {
                String::new()
            };
            missing(
                ui,
                &format!("{who}no figure — not published: {}{more}.", m.join("; ")),
                None,
                out,
            );
        }
    }
    let mut sources: Vec<&crate::data::SourceId> =
        cells.iter().flat_map(|(_, c)| c.sources.iter()).collect();
    sources.sort();
    sources.dedup();
    let list = |ui: &mut Ui| {
        for id in &sources {
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
    };
    if short && sources.len() > 1 && out.mode == PanelMode::Interactive {
        // In a short window the list folds away so the plots come into view.
        egui::CollapsingHeader::new(RichText::new(format!("Sources ({})", sources.len())).small())
            .id_salt("headline-sources")
            .show(ui, list);
    } else {
        list(ui);
    }
    if cells.iter().any(|(_, c)| c.converted) {
        ui.label(
            RichText::new("Some values were converted to USD at the year's cited rate.")
                .small()
                .italics(),
        );
    }
}

/// When the headline's figures come from different sources, a note saying so next to them:
/// figures from different sources need not add up (e.g. a total from one publisher beside
/// exports and imports from another).
pub fn mixed_sources_note(
    data: &Dataset,
    cells: &[(String, crate::analysis::CellValue)],
) -> Option<String> {
    let mut sets: Vec<Vec<&crate::data::SourceId>> = cells
        .iter()
        .filter(|(_, c)| c.value.is_some() && c.unit != "%")
        .map(|(_, c)| c.sources.iter().collect())
        .collect();
    sets.sort();
    sets.dedup();
    if sets.len() < 2 {
        return None;
    }
    let mut names: Vec<String> = sets
        .iter()
        .flatten()
        .map(|id| {
            data.trade
                .source(id)
                .map_or_else(|| id.to_string(), |s| s.short_publisher().to_string())
        })
        .collect();
    names.sort();
    names.dedup();
    let from = if names.len() > 1 {
        words::and_list(&names)
    } else {
        "different tables of the same publisher".to_string()
    };
    Some(format!(
        "⚠ These figures come from different sources ({from}), so they need not add up."
    ))
}
