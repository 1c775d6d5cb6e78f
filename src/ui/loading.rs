//! User files loading in the background (dropped, File → Import…, `--data`): the thread that
//! loads them, the progress row with its Cancel button, and the frame times while they load.
//!
//! The window keeps drawing while a file loads: the importer runs on its own thread and the
//! window only polls a channel. How long the window's frames take meanwhile is logged once
//! the load ends (`RUST_LOG=info`: `frames while importing: …`), so that it can be measured
//! from outside (RELIABILITY.md).

use std::path::PathBuf;
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use egui::Ui;

use crate::data::import::ImportOptions;
use crate::data::import::watch::Watch;
use crate::data::{Geography, TradeData};
use crate::loader::Loaded;
use crate::map::prepared::PreparedMap;
use crate::state::Command;

/// Files loading on a background thread.
#[derive(Debug)]
pub struct Loading {
    rx: Receiver<(Loaded, PreparedMap)>,
    names: Vec<String>,
    watch: Watch,
    frames: FrameTimes,
}

impl Loading {
    /// Starts loading `paths` on top of copies of `geo` and `trade` on another thread; `ctx`
    /// is asked to repaint when they are done.
    pub fn start(
        ctx: &egui::Context,
        geo: Geography,
        trade: TradeData,
        paths: Vec<PathBuf>,
        opts: ImportOptions,
    ) -> Self {
        let (tx, rx) = channel();
        let watch = Watch::default();
        let names = paths
            .iter()
            .map(|p| {
                p.file_name()
                    .map_or_else(|| p.display().to_string(), |n| n.to_string_lossy().into())
            })
            .collect();
        let ctx = ctx.clone();
        let thread_watch = watch.clone();
        std::thread::spawn(move || {
            let loaded =
                crate::loader::load_files_watched(geo, trade, &paths, &opts, &thread_watch);
            let prepared = if loaded.cancelled {
                PreparedMap::default()
            } else {
                PreparedMap::for_window(&loaded.geo)
            };
            // The receiver is gone only if the window closed; nothing to report then.
            let _ = tx.send((loaded, prepared));
            ctx.request_repaint();
        });
        Self {
            rx,
            names,
            watch,
            frames: FrameTimes::default(),
        }
    }

    /// Stops the load at its next read; what it read is dropped.
    pub fn cancel(&self) {
        self.watch.cancel();
    }

    /// Called once per frame: notes the frame and returns the result once the load is done.
    pub fn poll(&mut self) -> Option<(Loaded, PreparedMap)> {
        self.frames.frame_starts(Instant::now());
        let done = self.rx.try_recv().ok();
        if done.is_some() {
            self.log_frames();
        }
        done
    }

    /// Waits for the load to end (tests and the headless export).
    pub fn wait(self) -> Option<(Loaded, PreparedMap)> {
        self.rx.recv().ok()
    }

    /// Notes how long the previous frame's work took (eframe's `cpu_usage`: the app's `ui`
    /// and the rendering, without waiting for the display).
    pub fn note_frame_work(&mut self, seconds: Option<f32>) {
        if let Some(s) = seconds.filter(|s| s.is_finite() && *s >= 0.0) {
            self.frames.work.push(Duration::from_secs_f32(s));
        }
    }

    fn log_frames(&self) {
        let ms = |d: Duration| d.as_millis();
        if let Some(s) = summary(&self.frames.gaps) {
            log::info!(
                "frames while importing: {} frames; between frame starts median {} ms, 95th percentile {} ms, longest {} ms",
                s.frames,
                ms(s.median),
                ms(s.p95),
                ms(s.longest)
            );
        }
        if let Some(s) = summary(&self.frames.work) {
            log::info!(
                "frame work while importing (ui + render): median {} ms, 95th percentile {} ms, longest {} ms",
                ms(s.median),
                ms(s.p95),
                ms(s.longest)
            );
        }
    }
}

/// The progress row: which file, how far, and Cancel. Returns [`Command::CancelImport`] when
/// Cancel is clicked.
pub fn show(ui: &mut Ui, loading: &Loading) -> Option<Command> {
    let progress = loading.watch.progress();
    let n = loading.names.len();
    let name = loading.names.get(progress.file).map_or("", String::as_str);
    let mut cmd = None;
    ui.horizontal(|ui| {
        if loading.watch.is_cancelled() {
            ui.spinner();
            ui.label("Cancelling the import…");
            return;
        }
        let label = if n > 1 {
            format!("Importing {name} ({} of {n})", progress.file + 1)
        } else {
            format!("Importing {name}")
        };
        match progress.fraction {
            Some(f) => {
                ui.add(
                    egui::ProgressBar::new(f)
                        .desired_width(120.0)
                        .show_percentage()
                        .animate(true),
                );
            }
            None => {
                ui.spinner();
            }
        }
        ui.label(label);
        if ui.button("Cancel").clicked() {
            cmd = Some(Command::CancelImport);
        }
    });
    // The bar moves with the importer, which does not ask for repaints: draw every frame
    // while loading, as a spinner does (the frame times logged are then whole frames).
    ui.ctx().request_repaint();
    cmd
}

/// Frame-to-frame times, and each frame's own work, while a load runs.
#[derive(Debug, Default)]
struct FrameTimes {
    last: Option<Instant>,
    gaps: Vec<Duration>,
    work: Vec<Duration>,
}

/// What one list of [`FrameTimes`] saw.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct FrameSummary {
    frames: usize,
    median: Duration,
    p95: Duration,
    longest: Duration,
}

impl FrameTimes {
    fn frame_starts(&mut self, now: Instant) {
        if let Some(last) = self.last {
            self.gaps.push(now.saturating_duration_since(last));
        }
        self.last = Some(now);
    }
}

/// Median, 95th percentile and longest of `times` (`None` when empty).
fn summary(times: &[Duration]) -> Option<FrameSummary> {
    let mut g = times.to_vec();
    g.sort_unstable();
    let last = g.len().checked_sub(1)?;
    let at = |q: usize| g.get(last * q / 100).copied();
    Some(FrameSummary {
        frames: g.len(),
        median: at(50)?,
        p95: at(95)?,
        longest: *g.last()?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frame_times_summarise_the_gaps_between_frames() {
        let mut f = FrameTimes::default();
        assert_eq!(summary(&f.gaps), None);
        let t0 = Instant::now();
        for ms in [0u64, 10, 20, 30, 130] {
            f.frame_starts(t0 + Duration::from_millis(ms));
        }
        assert_eq!(
            summary(&f.gaps),
            Some(FrameSummary {
                frames: 4,
                median: Duration::from_millis(10),
                p95: Duration::from_millis(10),
                longest: Duration::from_millis(100),
            })
        );
    }
}
