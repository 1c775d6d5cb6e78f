//! Saving what the user sees: the folder (picked once with a native dialog, remembered), the
//! toast that shows where a file went (or why it could not be written), and the CSV of the
//! numbers behind the current view.

use std::path::PathBuf;
use std::sync::mpsc::{Receiver, TryRecvError, channel};

use egui::{Context, RichText};

use crate::analysis::{PartnerSel, Target};
use crate::data::Dataset;
use crate::export::ScreenshotOutcome;
use crate::model::{Model, map_query_parts};
use crate::state::{Command, State};
use crate::style::theme::Theme;

/// Title of the folder window.
pub const FOLDER_TITLE: &str = "Folder for saved pictures and data";

/// Save state that belongs to the UI, not to the user's view.
#[derive(Debug, Default)]
pub struct Saver {
    /// The folder window is open.
    pub folder_window: bool,
    /// Folder typed in the window.
    pub folder_text: String,
    /// What to do once a folder is chosen.
    pub pending: Option<Command>,
    dialog: Option<Receiver<Option<PathBuf>>>,
    waiting: Option<Receiver<ScreenshotOutcome>>,
    /// The last outcome (shown in the toast).
    pub last: Option<Result<PathBuf, String>>,
    shown_at: Option<f64>,
}

impl Saver {
    /// Opens the native folder dialog (off the UI thread) and the folder window as a fallback.
    pub fn ask_for_folder(&mut self, ctx: &Context, pending: Option<Command>) {
        self.pending = pending;
        self.folder_window = true;
        if self.folder_text.is_empty() {
            self.folder_text = default_folder().display().to_string();
        }
        if self.dialog.is_none() {
            let (tx, rx) = channel();
            let ctx = ctx.clone();
            std::thread::spawn(move || {
                let picked = rfd::FileDialog::new()
                    .set_title("Folder for saved pictures")
                    .pick_folder();
                // The window may have closed; nothing to report then.
                let _ = tx.send(picked);
                ctx.request_repaint();
            });
            self.dialog = Some(rx);
        }
    }

    /// Waits for a window screenshot's outcome.
    pub fn expect(&mut self, rx: Receiver<ScreenshotOutcome>) {
        self.waiting = Some(rx);
    }

    /// Shows an outcome in the toast.
    pub fn report(&mut self, result: Result<PathBuf, String>) {
        self.last = Some(result);
        self.shown_at = None;
    }

    fn choose(&mut self, dir: PathBuf, cmds: &mut Vec<Command>) {
        self.folder_window = false;
        cmds.push(Command::SetSaveDir(dir));
        cmds.extend(self.pending.take());
    }

    /// Polls background work and draws the folder window and the toast.
    pub fn show(&mut self, ctx: &Context, state: &State, theme: &Theme) -> Vec<Command> {
        let mut cmds = Vec::new();
        if let Some(rx) = &self.dialog {
            match rx.try_recv() {
                Ok(Some(dir)) => {
                    self.dialog = None;
                    self.choose(dir, &mut cmds);
                }
                Ok(None) | Err(TryRecvError::Disconnected) => self.dialog = None,
                Err(TryRecvError::Empty) => {}
            }
        }
        if let Some(rx) = &self.waiting {
            match rx.try_recv() {
                Ok(outcome) => {
                    self.waiting = None;
                    self.report(outcome);
                }
                Err(TryRecvError::Disconnected) => {
                    self.waiting = None;
                    self.report(Err("the screenshot was not delivered by the window".into()));
                }
                Err(TryRecvError::Empty) => {}
            }
        }
        if self.folder_window {
            let mut open = true;
            egui::Window::new(FOLDER_TITLE)
                .open(&mut open)
                .collapsible(false)
                .show(ctx, |ui| {
                    ui.label("Pictures and CSV files are saved here; the folder is remembered.");
                    ui.text_edit_singleline(&mut self.folder_text);
                    ui.horizontal(|ui| {
                        if ui
                            .add_enabled(self.dialog.is_none(), egui::Button::new("Browse…"))
                            .clicked()
                        {
                            let pending = self.pending.take();
                            self.ask_for_folder(ctx, pending);
                        }
                        if ui.button("Use this folder").clicked() {
                            let dir = PathBuf::from(self.folder_text.trim());
                            if dir.is_dir() {
                                self.choose(dir, &mut cmds);
                            } else {
                                self.report(Err(format!("{}: not a folder", dir.display())));
                            }
                        }
                    });
                    if let Some(dir) = &state.save_dir {
                        ui.label(RichText::new(format!("Current: {}", dir.display())).small());
                    }
                });
            if !open {
                self.folder_window = false;
                self.pending = None;
            }
        }
        self.toast(ctx, theme);
        cmds
    }

    fn toast(&mut self, ctx: &Context, theme: &Theme) {
        let Some(last) = &self.last else { return };
        let now = ctx.input(|i| i.time);
        let shown_at = *self.shown_at.get_or_insert(now);
        let mut dismiss = now - shown_at > 12.0;
        egui::Area::new(egui::Id::unique("save-toast"))
            .anchor(egui::Align2::RIGHT_BOTTOM, egui::vec2(-16.0, -70.0))
            .order(egui::Order::Foreground)
            .show(ctx, |ui| {
                egui::Frame::popup(ui.style()).show(ui, |ui| match last {
                    Ok(path) => {
                        ui.label(format!("Saved {}", path.display()));
                        ui.horizontal(|ui| {
                            if let Some(dir) =
                                path.parent().filter(|_| ui.button("Open folder").clicked())
                            {
                                open_folder(dir);
                            }
                            if ui.button("OK").clicked() {
                                dismiss = true;
                            }
                        });
                    }
                    Err(e) => {
                        ui.colored_label(theme.warning, format!("Not saved: {e}"));
                        if ui.button("OK").clicked() {
                            dismiss = true;
                        }
                    }
                });
            });
        if dismiss {
            self.last = None;
            self.shown_at = None;
        } else {
            ctx.request_repaint_after(std::time::Duration::from_secs(1));
        }
    }
}

fn default_folder() -> PathBuf {
    let home = std::env::var_os("HOME").map(PathBuf::from);
    home.map(|h| h.join("Pictures"))
        .filter(|p| p.is_dir())
        .or_else(|| std::env::current_dir().ok())
        .unwrap_or_default()
}

/// Opens a folder in the desktop's file manager; failure is harmless (the path is on screen).
fn open_folder(dir: &std::path::Path) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(target_os = "windows") {
        "explorer"
    } else {
        "xdg-open"
    };
    if let Err(e) = std::process::Command::new(opener).arg(dir).spawn() {
        log::warn!("cannot open {}: {e}", dir.display());
    }
}

/// The numbers behind the current view as CSV: for each selected region (or the summed set),
/// the chosen partner and every partner the data has for it, every year of the span, the map's
/// metric — value (empty when unknown, never 0), unit, basis, sources and what is missing.
pub fn view_csv(data: &Dataset, model: &mut Model, state: &State) -> String {
    let (metric, flow) = map_query_parts(state);
    let targets: Vec<Target> = if state.selection.is_empty() {
        data.geo
            .regions
            .iter()
            .filter(|r| data.trade.has_reporter(r.id.as_str()))
            .map(|r| Target::region(r.id.clone()))
            .collect()
    } else {
        Model::targets(data, state)
    };
    let mut cells = Vec::new();
    for t in targets {
        let mut partners = vec![Model::partner_sel(&state.partner)];
        if !state.partner.is_world() {
            partners.push(PartnerSel::World);
        }
        for p in model.partners_of(data, &t) {
            let p = PartnerSel::Country(p);
            if !partners.contains(&p) {
                partners.push(p);
            }
        }
        for p in partners {
            let mut q = crate::analysis::Query::new(t.clone(), p, metric);
            q.flow = flow;
            for year in state.year_span.0..=state.year_span.1 {
                cells.push(model.cell(data, &q, year));
            }
        }
    }
    // Writing to memory cannot fail; an empty table is the honest fallback if it ever did.
    crate::export::save::cells_csv(&cells)
        .unwrap_or_else(|_| crate::export::save::CELL_CSV_HEADER.join(",") + "\n")
}
