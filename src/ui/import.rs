//! Import: the window with a path field and a native file dialog, and the import report.
//! Files dropped on the window and `--data` go through the same importers.

use std::path::PathBuf;
use std::sync::mpsc::{Receiver, channel};

use egui::{Context, RichText};

use crate::data::Flow;
use crate::data::import::ImportOptions;
use crate::state::{Command, State};

/// Title of the import window.
pub const TITLE: &str = "Import data";
/// Title of the report window.
pub const REPORT_TITLE: &str = "Import report";

/// The window's own state: the typed path and a native dialog running off the UI thread.
#[derive(Debug, Default)]
pub struct ImportWindow {
    /// Path typed by the user (several separated by `;`).
    pub path: String,
    dialog: Option<Receiver<Option<Vec<PathBuf>>>>,
    /// Message when the native dialog is not available here.
    pub dialog_note: Option<String>,
    /// Region of a wide table whose title names none (id, name or alias; empty: from the file).
    pub region: String,
    /// Year of a wide table whose columns are flows (empty: from the file).
    pub year: String,
    /// Flow of a file that does not say it (`None`: from the file).
    pub flow: Option<Flow>,
}

impl ImportWindow {
    /// The options typed in the window; `Err` names a year that is not a number.
    pub fn options(&self) -> Result<ImportOptions, String> {
        let year = match self.year.trim() {
            "" => None,
            y => Some(
                y.parse::<i32>()
                    .map_err(|_| format!("Year \"{y}\" is not a year"))?,
            ),
        };
        let region = Some(self.region.trim().to_string()).filter(|r| !r.is_empty());
        Ok(ImportOptions {
            flow: self.flow,
            region,
            year,
        })
    }
}

impl ImportWindow {
    fn open_native_dialog(&mut self, ctx: &Context) {
        let (tx, rx) = channel();
        let ctx = ctx.clone();
        std::thread::spawn(move || {
            let picked = rfd::FileDialog::new()
                .set_title("Import trade data")
                .add_filter(
                    "CSV, spreadsheets and GeoJSON",
                    &["csv", "txt", "xlsx", "xls", "ods", "geojson", "json"],
                )
                .pick_files();
            // The window may have closed; nothing to report then.
            let _ = tx.send(picked);
            ctx.request_repaint();
        });
        self.dialog = Some(rx);
    }

    fn poll_dialog(&mut self) -> Option<Vec<PathBuf>> {
        let rx = self.dialog.as_ref()?;
        match rx.try_recv() {
            Ok(Some(paths)) => {
                self.dialog = None;
                Some(paths)
            }
            Ok(None) => {
                self.dialog = None;
                self.dialog_note = Some("No file chosen (or no file dialog is available on this desktop: type a path instead).".into());
                None
            }
            Err(std::sync::mpsc::TryRecvError::Empty) => None,
            Err(std::sync::mpsc::TryRecvError::Disconnected) => {
                self.dialog = None;
                None
            }
        }
    }

    /// Shows the import window (when open) and the report (when there is one).
    pub fn show(&mut self, ctx: &Context, state: &State) -> Vec<Command> {
        let mut cmds = Vec::new();
        if let Some(paths) = self.poll_dialog() {
            match self.options() {
                Ok(opts) => cmds.push(Command::ImportWith(paths, opts)),
                Err(e) => self.dialog_note = Some(e),
            }
            cmds.push(Command::ShowImport(false));
        }
        if state.show_import {
            let mut open = true;
            egui::Window::new(TITLE).open(&mut open).collapsible(false).show(ctx, |ui| {
                ui.label("China Customs query exports (GBK or UTF-8), UN Comtrade CSV (current or classic layout), the tidy flows format, yearbook tables (partners × years or flows), as CSV or Excel (.xlsx, .xls, .ods). You can also drop files on the window.");
                ui.horizontal(|ui| {
                    let label = ui.label("File");
                    ui.add(egui::TextEdit::singleline(&mut self.path).hint_text("/path/to/file.csv").desired_width(330.0))
                        .labelled_by(label.id);
                    if ui.add_enabled(self.dialog.is_none(), egui::Button::new("Browse…")).clicked() {
                        self.open_native_dialog(ctx);
                    }
                });
                if let Some(n) = &self.dialog_note {
                    ui.label(RichText::new(n).small());
                }
                ui.label(RichText::new("For a table that does not say them (leave empty to take them from the file):").small());
                ui.horizontal(|ui| {
                    let label = ui.label("Region");
                    ui.add(egui::TextEdit::singleline(&mut self.region).hint_text("CN-JL or 吉林").desired_width(110.0))
                        .labelled_by(label.id);
                    let label = ui.label("Year");
                    ui.add(egui::TextEdit::singleline(&mut self.year).hint_text("2005").desired_width(60.0))
                        .labelled_by(label.id);
                    // egui's convention: a combo box's label is on its right (and names it for screen readers).
                    egui::ComboBox::from_label("Flow")
                        .selected_text(self.flow.map_or("from the file", Flow::as_str))
                        .show_ui(ui, |ui| {
                            ui.selectable_value(&mut self.flow, None, "from the file");
                            for f in Flow::ALL {
                                ui.selectable_value(&mut self.flow, Some(f), f.as_str());
                            }
                        });
                });
                ui.horizontal(|ui| {
                    if ui.add_enabled(!self.path.trim().is_empty(), egui::Button::new("Import")).clicked() {
                        let paths: Vec<PathBuf> = self.path.split(';').map(str::trim).filter(|p| !p.is_empty()).map(PathBuf::from).collect();
                        match self.options() {
                            Ok(opts) => {
                                cmds.push(Command::ImportWith(paths, opts));
                                cmds.push(Command::ShowImport(false));
                                self.path.clear();
                            }
                            Err(e) => self.dialog_note = Some(e),
                        }
                    }
                    if ui.button(crate::ui::recipe::FETCH_BUTTON).clicked() {
                        cmds.push(Command::ShowFetch(true));
                    }
                });
            });
            if !open {
                cmds.push(Command::ShowImport(false));
            }
        }
        if let Some(lines) = &state.import_report {
            let mut open = true;
            egui::Window::new(REPORT_TITLE)
                .open(&mut open)
                .default_width(560.0)
                .show(ctx, |ui| {
                    egui::ScrollArea::vertical()
                        .max_height(320.0)
                        .show(ui, |ui| {
                            for l in lines {
                                ui.label(RichText::new(l).monospace().small());
                            }
                        });
                    if ui.button("Close").clicked() {
                        cmds.push(Command::DismissImportReport);
                    }
                });
            if !open {
                cmds.push(Command::DismissImportReport);
            }
        }
        cmds
    }
}
