//! The metric bar: metric, partner, scale, absolute/share, compare/sum, and the data menus.

use egui::Ui;

use crate::analysis::Metric;
use crate::data::ids::NEA4_ID;
use crate::data::{Dataset, PartnerId};
use crate::model::{Model, partner_label};
use crate::state::{Classes, Combine, Command, SaveKind, Scale, ScaleDomain, State, ValueMode};
use crate::style::scale::CLASS_RANGE;

/// Draws the bar; returns the commands the user gave. `export_command` is the command line that
/// reproduces the map as it is (shown in the Save menu with a copy button).
pub fn show(
    ui: &mut Ui,
    data: &Dataset,
    model: &mut Model,
    state: &State,
    export_command: &str,
) -> Vec<Command> {
    let mut cmds = Vec::new();
    ui.horizontal_wrapped(|ui| {
        let metric_label_resp = ui.label("Metric:");
        egui::ComboBox::from_id_salt("metric")
            .selected_text(state.metric.label())
            .width(200.0)
            .show_ui(ui, |ui| {
                for m in Metric::ALL {
                    if ui.selectable_label(state.metric == m, m.label()).clicked() {
                        cmds.push(Command::SetMetric(m));
                    }
                }
            })
            .response
            .labelled_by(metric_label_resp.id);
        let partner_label_resp = ui.label("Partner:");
        let mut partners = vec![PartnerId::world(), PartnerId::new(NEA4_ID)];
        partners.extend(model.partners_in_data(data).into_iter().map(PartnerId::new));
        // A fixed width with short text: choosing NEA4 must not widen the box and shift the bar.
        let selected = if state.partner == NEA4_ID {
            "NEA4 (4 neighbours)".to_string()
        } else {
            partner_label(data, &state.partner)
        };
        egui::ComboBox::from_id_salt("partner")
            .selected_text(selected)
            .width(190.0)
            .truncate()
            .show_ui(ui, |ui| {
                for p in &partners {
                    let label = if p.is_world() || *p == NEA4_ID {
                        partner_label(data, p)
                    } else {
                        format!("{} ({p})", partner_label(data, p))
                    };
                    if ui.selectable_label(state.partner == *p, label).clicked() {
                        cmds.push(Command::SetPartner(p.clone()));
                    }
                }
            })
            .response
            .labelled_by(partner_label_resp.id);
        ui.separator();
        classes(ui, state, &mut cmds);
        ui.separator();
        for (m, label) in [
            (ValueMode::Absolute, "Absolute"),
            (ValueMode::Share, "Share %"),
        ] {
            if ui
                .selectable_label(state.value_mode == m, label)
                .on_hover_text(
                    "Share: each partner's share of the region's trade with all partners",
                )
                .clicked()
            {
                cmds.push(Command::SetValueMode(m));
            }
        }
        ui.separator();
        // A label and its buttons wrap as one group, never mid-phrase.
        if ui.available_size_before_wrap().x < 200.0 {
            ui.end_row();
        }
        ui.horizontal(|ui| {
            ui.label("Several regions:");
            for (c, label) in [(Combine::Compare, "Compare"), (Combine::Sum, "Sum")] {
                if ui.selectable_label(state.combine == c, label).clicked() {
                    cmds.push(Command::SetCombine(c));
                }
            }
        });
        ui.separator();
        if ui
            .button("Coverage…")
            .on_hover_text("Which region × partner × year cells are known, and from which source")
            .clicked()
        {
            cmds.push(Command::ShowCoverage(!state.show_coverage));
        }
        if ui
            .button("Import…")
            .on_hover_text("China Customs export, UN Comtrade CSV or a tidy flows CSV")
            .clicked()
        {
            cmds.push(Command::ShowImport(true));
        }
        ui.menu_button("Save", |ui| save_menu(ui, state, export_command, &mut cmds));
        if ui.button("Help (F1)").clicked() {
            cmds.push(Command::ShowHelp(!state.show_help));
        }
    });
    cmds
}

/// The map's colour classes: continuous, quantiles or natural breaks; how many; over all
/// regions or those in view — one drop-down, so the bar keeps its width.
fn classes(ui: &mut Ui, state: &State, cmds: &mut Vec<Command>) {
    let label = |c: Classes| match c {
        Classes::Continuous => "Continuous",
        Classes::Quantiles => "Quantiles",
        Classes::Jenks => "Natural breaks",
    };
    let selected = match state.classes {
        Classes::Continuous => label(state.classes).to_string(),
        c => format!("{} ({})", label(c), state.class_count),
    };
    let selected = match state.scale {
        Scale::Linear => selected,
        Scale::Log => format!("{selected}, log"),
    };
    let colours = ui.label("Colours:");
    egui::ComboBox::from_id_salt("classes")
        .selected_text(selected)
        .width(100.0)
        .show_ui(ui, |ui| {
            ui.horizontal(|ui| {
                ui.label("Scale:");
                for (s, label) in [(Scale::Linear, "Linear"), (Scale::Log, "Log")] {
                    if ui.selectable_label(state.scale == s, label).clicked() {
                        cmds.push(Command::SetScale(s));
                    }
                }
            });
            ui.separator();
            for c in [Classes::Continuous, Classes::Quantiles, Classes::Jenks] {
                if ui.selectable_label(state.classes == c, label(c)).clicked() {
                    cmds.push(Command::SetClasses(c));
                }
            }
            if state.classes == Classes::Continuous {
                return;
            }
            ui.separator();
            ui.horizontal(|ui| {
                ui.label("Classes:");
                for n in CLASS_RANGE {
                    if ui
                        .selectable_label(state.class_count == n, n.to_string())
                        .clicked()
                    {
                        cmds.push(Command::SetClassCount(n));
                    }
                }
            });
            let mut fit = state.domain == ScaleDomain::View;
            if ui
                .checkbox(&mut fit, "Fit to view")
                .on_hover_text("Find the classes from the regions in view only")
                .changed()
            {
                cmds.push(Command::SetDomain(if fit {
                    ScaleDomain::View
                } else {
                    ScaleDomain::All
                }));
            }
        })
        .response
        .labelled_by(colours.id)
        .on_hover_text(
            "Map colours and plot scale: linear or log; a continuous ramp, or classes: quantiles (as many regions in each) or natural breaks (Jenks)",
        );
}

/// Menu buttons: a click gives the item's command and closes the menu.
fn menu_items<const N: usize>(ui: &mut Ui, items: [(&str, Command); N], cmds: &mut Vec<Command>) {
    for (label, command) in items {
        if ui.button(label).clicked() {
            cmds.push(command);
            ui.close();
        }
    }
}

/// The Save menu: pictures, SVG, animation, 2× resolution, data as CSV, the folder, and the
/// command that makes the same map from the command line.
fn save_menu(ui: &mut Ui, state: &State, export_command: &str, cmds: &mut Vec<Command>) {
    let items = [
        ("Save screenshot (Ctrl+S)", Command::Save(SaveKind::Window)),
        ("Save map only", Command::Save(SaveKind::Map)),
        ("Save plots only", Command::Save(SaveKind::Plots)),
        ("Save as SVG", Command::SaveSvg),
        ("Save animation…", Command::SaveAnimation),
    ];
    menu_items(ui, items, cmds);
    let mut twice = state.save_2x;
    if ui.checkbox(&mut twice, "2× resolution for print").changed() {
        cmds.push(Command::SetSave2x(twice));
    }
    ui.separator();
    let items = [
        ("Export data (CSV)…", Command::ExportData),
        ("Choose folder…", Command::ChooseSaveDir),
    ];
    menu_items(ui, items, cmds);
    let folder = state
        .save_dir
        .as_ref()
        .map_or_else(|| "not chosen yet".to_string(), |d| d.display().to_string());
    ui.label(egui::RichText::new(format!("Folder: {folder}")).small());
    ui.separator();
    ui.label("The same map from the command line:");
    ui.add(egui::Label::new(egui::RichText::new(export_command).monospace().small()).wrap());
    if ui
        .button("Copy command")
        .on_hover_text("Copies the export command to the clipboard")
        .clicked()
    {
        ui.ctx().copy_text(export_command.to_string());
        ui.close();
    }
}
