//! "Fetch from UN Comtrade…": reporters, partners, years and (optionally) the name of an
//! environment variable holding a subscription key; the fetch runs off the UI thread with
//! progress and a Cancel button, writes a tidy CSV into the cache folder and imports it.
//! Nothing touches the network until the user presses Fetch.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, channel};

use egui::{Context, RichText};

use crate::fetch::comtrade::{self, FetchRequest, Options, Progress};
use crate::state::{Command, State};

/// Title of the window.
pub const TITLE: &str = "Fetch from UN Comtrade";

enum Msg {
    Progress(Progress),
    Done(Result<(PathBuf, String), String>),
}

/// The window's own state.
pub struct FetchWindow {
    /// Reporters, ISO3, comma-separated.
    pub reporters: String,
    /// Partners, ISO3, comma-separated (empty: every partner).
    pub partners: String,
    /// Years, `Y` or `Y1..Y2`.
    pub years: String,
    /// Name of the environment variable with a subscription key (empty: the public preview).
    pub key_env: String,
    running: Option<(Receiver<Msg>, Arc<AtomicBool>)>,
    progress: Option<Progress>,
    /// The last outcome (an error stays until the next fetch).
    pub outcome: Option<Result<String, String>>,
}

impl Default for FetchWindow {
    fn default() -> Self {
        Self {
            reporters: "CHN".into(),
            partners: "PRK,RUS,KOR,JPN,MNG".into(),
            years: "2015..2023".into(),
            key_env: String::new(),
            running: None,
            progress: None,
            outcome: None,
        }
    }
}

fn list(s: &str) -> Vec<String> {
    s.split([',', ' '])
        .map(|p| p.trim().to_ascii_uppercase())
        .filter(|p| !p.is_empty())
        .collect()
}

impl FetchWindow {
    fn start(&mut self, ctx: &Context) {
        let years = match crate::fetch::cli::parse_years(self.years.trim()) {
            Ok(y) => y,
            Err(e) => {
                self.outcome = Some(Err(format!("Years: {e}")));
                return;
            }
        };
        let key = if self.key_env.trim().is_empty() {
            None
        } else {
            match std::env::var(self.key_env.trim()) {
                Ok(k) if !k.trim().is_empty() => Some(k.trim().to_string()),
                _ => {
                    self.outcome = Some(Err(format!(
                        "The environment variable {} is not set (or empty).",
                        self.key_env.trim()
                    )));
                    return;
                }
            }
        };
        let req = FetchRequest {
            reporters: list(&self.reporters),
            partners: list(&self.partners),
            years,
            endpoint: None,
            key,
        };
        let out_dir = comtrade::default_cache_dir()
            .map(|d| d.with_file_name("fetched"))
            .unwrap_or_else(std::env::temp_dir);
        let name = format!(
            "comtrade-{}-{}.csv",
            req.reporters.join("_"),
            crate::files::Timestamp::now_utc()
        );
        let out = out_dir.join(crate::export::save::sanitize(&name));
        let (tx, rx) = channel();
        let cancel = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&cancel);
        let ctx = ctx.clone();
        std::thread::spawn(move || {
            let result = std::fs::create_dir_all(&out_dir)
                .map_err(|e| format!("{}: {e}", out_dir.display()))
                .and_then(|()| {
                    let tx2 = tx.clone();
                    let ctx2 = ctx.clone();
                    comtrade::fetch_to_file(&req, &Options::default(), &out, &flag, &mut |p| {
                        // The window may have closed; nothing to show then.
                        let _ = tx2.send(Msg::Progress(p));
                        ctx2.request_repaint();
                    })
                })
                .map(|f| {
                    let summary = format!(
                        "{} total(s) from {} request(s); {} breakdown row(s) dropped",
                        f.rows.len(),
                        f.requests.len(),
                        f.breakdown_rows
                    );
                    (out.clone(), summary)
                });
            let _ = tx.send(Msg::Done(result));
            ctx.request_repaint();
        });
        self.outcome = None;
        self.progress = None;
        self.running = Some((rx, cancel));
    }

    /// Whether a fetch is running.
    pub fn is_running(&self) -> bool {
        self.running.is_some()
    }

    fn poll(&mut self) -> Option<PathBuf> {
        let mut done = None;
        if let Some((rx, _)) = &self.running {
            while let Ok(msg) = rx.try_recv() {
                match msg {
                    Msg::Progress(p) => self.progress = Some(p),
                    Msg::Done(r) => done = Some(r),
                }
            }
        }
        let r = done?;
        self.running = None;
        match r {
            Ok((path, summary)) => {
                self.outcome = Some(Ok(format!("{summary}; saved to {}", path.display())));
                Some(path)
            }
            Err(e) => {
                self.outcome = Some(Err(e));
                None
            }
        }
    }

    /// Shows the window when open; returns the import of a finished fetch.
    pub fn show(&mut self, ctx: &Context, state: &State) -> Vec<Command> {
        let mut cmds = Vec::new();
        if let Some(path) = self.poll() {
            cmds.push(Command::Import(vec![path]));
        }
        if !state.show_fetch {
            return cmds;
        }
        let mut open = true;
        egui::Window::new(TITLE)
            .open(&mut open)
            .default_width(520.0)
            .show(ctx, |ui| {
                ui.label("Annual totals (all commodities, exports and imports) from the UN Comtrade API, with ISO3 codes. Without a key the public preview is used (at most 500 rows a request; requests are split and spaced out).");
                let running = self.running.is_some();
                egui::Grid::new("fetch-form").num_columns(2).show(ui, |ui| {
                    ui.label("Reporters (ISO3)");
                    ui.add_enabled(!running, egui::TextEdit::singleline(&mut self.reporters));
                    ui.end_row();
                    ui.label("Partners (ISO3; empty = all)");
                    ui.add_enabled(!running, egui::TextEdit::singleline(&mut self.partners));
                    ui.end_row();
                    ui.label("Years (2019 or 2015..2023)");
                    ui.add_enabled(!running, egui::TextEdit::singleline(&mut self.years));
                    ui.end_row();
                    ui.label("Key: environment variable (optional)");
                    ui.add_enabled(
                        !running,
                        egui::TextEdit::singleline(&mut self.key_env).hint_text("e.g. COMTRADE_KEY"),
                    );
                    ui.end_row();
                });
                ui.label(RichText::new("The key itself is read from that variable only; it is never shown, saved or logged.").small());
                ui.horizontal(|ui| {
                    if running {
                        ui.spinner();
                        if let Some(p) = &self.progress {
                            ui.label(format!("{}/{} request(s): {}", p.done, p.total, p.message));
                        } else {
                            ui.label("Asking the API…");
                        }
                        if ui.button("Cancel").clicked()
                            && let Some((_, c)) = &self.running
                        {
                            c.store(true, Ordering::Relaxed);
                        }
                    } else if ui.button("Fetch").clicked() {
                        self.start(ctx);
                    }
                });
                match &self.outcome {
                    Some(Ok(m)) => {
                        ui.label(m);
                    }
                    Some(Err(e)) => {
                        ui.label(RichText::new(e).strong());
                    }
                    None => {}
                }
            });
        if !open {
            cmds.push(Command::ShowFetch(false));
        }
        cmds
    }
}
