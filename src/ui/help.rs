//! The keyboard help overlay (F1 or ?).

use egui::Context;

use crate::state::Command;

/// The shortcuts, as shown.
pub const SHORTCUTS: [(&str, &str); 11] = [
    ("← / →", "previous / next year"),
    ("Home / End", "first / last year"),
    ("Space", "play / pause"),
    ("Esc", "clear the selection"),
    ("Ctrl+F", "search regions"),
    (
        "Ctrl+S",
        "save the window as a PNG (time in the name is UTC)",
    ),
    ("Ctrl / Shift + click", "add or remove a region"),
    ("Wheel, drag", "zoom, pan the map"),
    ("Double-click", "zoom in"),
    ("Click or drag in a time plot", "set the year"),
    ("F1 or ?", "this help"),
];

/// What the map's symbols mean (the legend shows the same key when places are on).
pub const MAP_KEY: [(&str, &str); 5] = [
    ("●", "city"),
    ("■", "seaport"),
    ("◆", "border crossing"),
    ("Thick outline", "the selected regions"),
    (
        "Grey",
        "no figure published for that region and year (never zero)",
    ),
];

/// Shows the overlay when `open`; returns the command to close it.
pub fn show(ctx: &Context, open: bool) -> Vec<Command> {
    let mut still_open = open;
    egui::Window::new("Keyboard and mouse")
        .open(&mut still_open)
        .collapsible(false)
        .resizable(false)
        .anchor(egui::Align2::CENTER_CENTER, egui::vec2(0.0, 0.0))
        .show(ctx, |ui| {
            egui::Grid::new("help-grid")
                .num_columns(2)
                .striped(true)
                .show(ui, |ui| {
                    for (k, what) in SHORTCUTS {
                        ui.strong(k);
                        ui.label(what);
                        ui.end_row();
                    }
                });
            ui.separator();
            ui.strong("On the map");
            for (symbol, what) in MAP_KEY {
                ui.label(format!("{symbol}  {what}"));
            }
        });
    if open && !still_open {
        vec![Command::ShowHelp(false)]
    } else {
        Vec::new()
    }
}
