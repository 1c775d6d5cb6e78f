//! "Where to get this": for a gap (reporter × partner × year without data), the recipes of
//! `data/recipes.csv` that can fill it — source, steps, file, what the importer does, how far
//! the steps were verified — with buttons to import a file or fetch from UN Comtrade.

use egui::{Context, RichText};

use crate::data::Dataset;
use crate::data::recipes::{self, Recipe};
use crate::state::{Command, Gap};

/// Title of the window (tests find it by this).
pub const TITLE: &str = "Where to get this";
/// The button that opens the import window.
pub const IMPORT_BUTTON: &str = "Import a file…";
/// The button that opens the fetch window.
pub const FETCH_BUTTON: &str = "Fetch from UN Comtrade…";

fn source_line(data: &Dataset, id: &str) -> String {
    data.trade
        .sources
        .iter()
        .find(|s| s.id.as_str() == id)
        .map_or_else(
            || format!("[{id}]"),
            |s| format!("[{id}] {} — {} ({})", s.publisher, s.title, s.url),
        )
}

fn recipe_ui(ui: &mut egui::Ui, data: &Dataset, r: &Recipe, cmds: &mut Vec<Command>) {
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.strong(&r.title);
        for s in &r.sources {
            ui.label(RichText::new(source_line(data, s)).small());
        }
        for (i, step) in r.steps.iter().enumerate() {
            ui.label(format!("{}. {step}", i + 1));
        }
        ui.label(format!("File: {}", r.file));
        ui.label(format!("What the importer does: {}", r.importer));
        ui.label(
            RichText::new(format!("Verified: {}", r.verified))
                .small()
                .italics(),
        );
        ui.horizontal(|ui| {
            if r.applies_to == recipes::AppliesTo::Country && ui.button(FETCH_BUTTON).clicked() {
                cmds.push(Command::ShowFetch(true));
            }
            if ui.button(IMPORT_BUTTON).clicked() {
                cmds.push(Command::ShowImport(true));
            }
        });
    });
}

/// Shows the window for `gap` (when there is one).
pub fn show(ctx: &Context, data: &Dataset, all: &[Recipe], gap: Option<&Gap>) -> Vec<Command> {
    let mut cmds = Vec::new();
    let Some(gap) = gap else {
        return cmds;
    };
    let mut open = true;
    let name = data
        .geo
        .region(&gap.reporter)
        .map_or_else(|| gap.reporter.to_string(), |r| r.name().to_string());
    egui::Window::new(TITLE)
        .open(&mut open)
        .default_width(560.0)
        .default_height(600.0)
        .show(ctx, |ui| {
            ui.heading(format!("{name} × {} in {}: no data", gap.partner, gap.year));
            let fits = recipes::for_gap(all, &data.geo, &gap.reporter, gap.year);
            egui::ScrollArea::vertical()
                .max_height(520.0)
                .show(ui, |ui| {
                    if fits.is_empty() {
                        ui.label("No recipe for this reporter and year: see docs/GET-DATA.md.");
                    }
                    for r in fits {
                        recipe_ui(ui, data, r, &mut cmds);
                    }
                });
        });
    if !open
        || cmds
            .iter()
            .any(|c| matches!(c, Command::ShowImport(true) | Command::ShowFetch(true)))
    {
        cmds.push(Command::ShowRecipe(None));
    }
    cmds
}

/// The get-data windows the app owns: "Where to get this" (with the bundled recipes) and
/// "Fetch from UN Comtrade".
pub struct GetData {
    /// The fetch window.
    pub fetch: crate::ui::fetch::FetchWindow,
    recipes: Vec<Recipe>,
}

impl Default for GetData {
    fn default() -> Self {
        Self {
            fetch: crate::ui::fetch::FetchWindow::default(),
            recipes: recipes::bundled(),
        }
    }
}

impl GetData {
    /// Shows both windows; an "Import…" from a recipe pre-fills the import window's region
    /// and year with the gap's.
    pub fn show(
        &mut self,
        ctx: &Context,
        data: &Dataset,
        state: &crate::state::State,
        import_window: &mut crate::ui::import::ImportWindow,
    ) -> Vec<Command> {
        let mut cmds = show(ctx, data, &self.recipes, state.recipe_for.as_ref());
        if let Some(gap) = &state.recipe_for
            && cmds.contains(&Command::ShowImport(true))
        {
            import_window.region = gap.reporter.to_string();
            import_window.year = gap.year.to_string();
        }
        cmds.extend(self.fetch.show(ctx, state));
        cmds
    }
}
