//! The side panel: what is selected (names, parents, area) and load messages.

use egui::{RichText, Ui};

use crate::data::Geography;
use crate::state::{Command, State};
use crate::ui::theme::Theme;

/// Draws the panel; returns the commands the user gave.
pub fn show(ui: &mut Ui, geo: &Geography, state: &State, theme: &Theme) -> Vec<Command> {
    let mut cmds = Vec::new();
    if !state.messages.is_empty() {
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.colored_label(theme.warning, RichText::new("Problems loading data").strong());
            for m in &state.messages {
                ui.colored_label(theme.warning, m);
            }
            if ui.button("Dismiss").clicked() {
                cmds.push(Command::DismissMessages);
            }
        });
        ui.add_space(6.0);
    }
    ui.heading("Selection");
    if let Some(set) = state.selected_set.as_ref().and_then(|s| geo.set(s)) {
        ui.label(RichText::new(format!("Region set {}: {} {}", set.id, set.name_en, set.name_zh)).strong());
        ui.label(RichText::new(&set.definition_source).small());
    }
    if state.selection.is_empty() {
        ui.label("Nothing selected. Click a region on the map, or search for one.");
        ui.label(RichText::new("Ctrl- or Shift-click adds or removes a region; Esc or a click on the sea clears.").small());
    } else {
        ui.horizontal(|ui| {
            ui.label(format!("{} selected", state.selection.len()));
            if ui.button("Clear").clicked() {
                cmds.push(Command::ClearSelection);
            }
        });
        egui::ScrollArea::vertical().max_height(ui.available_height() * 0.6).show(ui, |ui| {
            for id in &state.selection {
                let Some(r) = geo.region(id) else { continue };
                egui::Frame::group(ui.style()).show(ui, |ui| {
                    ui.set_width(ui.available_width());
                    ui.label(RichText::new(format!("{} ({})", r.name(), r.id)).strong());
                    for n in [&r.names.zh, &r.names.ko, &r.names.ru].into_iter().flatten() {
                        ui.label(n);
                    }
                    ui.label(format!("Level: {}", r.level.label()));
                    let parents: Vec<String> = geo.ancestors(r).iter().skip(1).map(|p| format!("{} ({})", p.name(), p.id)).collect();
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
        });
    }
    ui.add_space(8.0);
    ui.separator();
    ui.label(RichText::new("Trade data").strong());
    ui.label("Trade figures for the selected regions are not in this build yet: they come with the data work (cited NBS, customs and partner-reported tables).");
    cmds
}

/// Formats a non-negative number with thousands separators and no decimals.
pub fn thousands(x: f64) -> String {
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let n = x.round().max(0.0) as u64;
    let s = n.to_string();
    let mut out = String::new();
    for (i, ch) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
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
