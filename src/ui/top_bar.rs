//! The top bar: search, region sets, which level a click picks, view buttons, overlays, theme.

use egui::{Key, Ui};

use crate::data::Geography;
use crate::data::geo::Resolved;
use crate::state::{Command, PickLevel, State};
use crate::style::theme::ThemeKind;

/// Text typed in the search box (kept by the app between frames).
#[derive(Debug, Default)]
pub struct SearchBox {
    /// Current text.
    pub text: String,
    /// Ask the text field for keyboard focus next frame (Ctrl+F).
    pub focus_requested: bool,
}

/// Label of the search field (also what tests and screen readers find it by).
pub const SEARCH_LABEL: &str = "Search regions";

fn resolved_label(geo: &Geography, r: &Resolved) -> String {
    match r {
        Resolved::Region(id) => geo.region(id).map_or_else(
            || id.to_string(),
            |reg| {
                let zh = reg.names.zh.as_deref().unwrap_or("");
                format!("{} {zh} ({})", reg.name(), reg.id)
            },
        ),
        Resolved::Set(s) => geo.set(s).map_or_else(
            || s.clone(),
            |set| format!("{} {} (set {})", set.name_en, set.name_zh, set.id),
        ),
    }
}

fn command_for(r: &Resolved) -> Command {
    match r {
        Resolved::Region(id) => Command::Select(id.clone()),
        Resolved::Set(s) => Command::SelectSet(s.clone()),
    }
}

/// Draws the bar; returns the commands the user gave.
pub fn show(ui: &mut Ui, geo: &Geography, state: &State, search: &mut SearchBox) -> Vec<Command> {
    let mut cmds = Vec::new();
    ui.horizontal_wrapped(|ui| {
        ui.strong("Tumen Atlas");
        ui.separator();
        let label = ui.label(SEARCH_LABEL);
        let edit = egui::TextEdit::singleline(&mut search.text)
            .hint_text("延边, Rason, CN-22, Primorsky…")
            .desired_width(190.0);
        let resp = ui.add(edit).labelled_by(label.id);
        if search.focus_requested {
            resp.request_focus();
            search.focus_requested = false;
        }
        let results = geo.search(&search.text, 8);
        let enter = resp.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter));
        if let Some(first) = results.first().filter(|_| enter) {
            cmds.push(command_for(first));
            cmds.push(Command::ZoomToSelection);
            search.text.clear();
        }
        if !search.text.is_empty() && !enter {
            let popup_pos = resp.rect.left_bottom();
            egui::Area::new(egui::Id::unique("search-results"))
                .fixed_pos(popup_pos)
                .order(egui::Order::Foreground)
                .show(ui.ctx(), |ui| {
                    egui::Frame::popup(ui.style()).show(ui, |ui| {
                        // One suggestion per line, never wrapped.
                        ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Extend);
                        if results.is_empty() {
                            ui.label(format!("No region matches “{}”", search.text));
                        }
                        for r in &results {
                            if ui.button(resolved_label(geo, r)).clicked() {
                                cmds.push(command_for(r));
                                cmds.push(Command::ZoomToSelection);
                                search.text.clear();
                            }
                        }
                    });
                });
        }
        ui.separator();
        ui.menu_button("Region sets", |ui| {
            for set in &geo.sets {
                let text = format!("{} — {} {}", set.id, set.name_en, set.name_zh);
                if ui.button(text).on_hover_text(&set.definition_source).clicked() {
                    cmds.push(Command::SelectSet(set.id.clone()));
                    cmds.push(Command::ZoomToSelection);
                    ui.close();
                }
            }
        });
        ui.separator();
        // A label and its buttons wrap as one group, never mid-phrase.
        if ui.available_size_before_wrap().x < 340.0 {
            ui.end_row();
        }
        ui.horizontal(|ui| {
            ui.label("Click picks:");
            for l in PickLevel::ALL {
                if ui.selectable_label(state.pick_level == l, l.label()).clicked() {
                    cmds.push(Command::SetPickLevel(l));
                }
            }
        });
        ui.separator();
        if ui.button("Reset view").on_hover_text("Frame the northeast and the Tumen triangle").clicked() {
            cmds.push(Command::ResetView);
        }
        if ui
            .add_enabled(!state.selection.is_empty(), egui::Button::new("Zoom to selection"))
            .clicked()
        {
            cmds.push(Command::ZoomToSelection);
        }
        ui.separator();
        let mut places = state.show_places;
        if ui.checkbox(&mut places, "Places").changed() {
            cmds.push(Command::SetShowPlaces(places));
        }
        let mut osm = state.osm_tiles;
        if ui
            .checkbox(&mut osm, "OpenStreetMap tiles")
            .on_hover_text("Off by default: with it off, nothing touches the network. Tiles are cached on disk.")
            .changed()
        {
            cmds.push(Command::SetOsmTiles(osm));
        }
        let dark = state.theme == ThemeKind::Dark;
        if ui.selectable_label(dark, if dark { "☾ Dark" } else { "☀ Light" }).clicked() {
            cmds.push(Command::SetTheme(if dark { ThemeKind::Light } else { ThemeKind::Dark }));
        }
    });
    cmds
}
