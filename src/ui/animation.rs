//! The "Save animation…" window: years, frame delay and format, then the frames are rendered
//! and encoded on a background thread (see [`crate::export::anim`]) with a progress bar and a
//! Cancel button. The UI thread only polls; a finished file goes to the save toast.
//!
//! Owns: the window's inputs and the running job. Must not change the user's view: the job
//! works on a copy of the data and a spec built from the state when it starts.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, TryRecvError, channel};

use egui::Context;

use crate::export::anim::{
    AnimError, AnimFormat, DEFAULT_FRAME_DELAY_MS, FRAME_DELAY_MS, MAX_FRAMES,
};

/// Title of the window.
pub const TITLE: &str = "Save animation";

/// What the user asked for when pressing Save.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AnimRequest {
    /// First year.
    pub from: i32,
    /// Last year.
    pub to: i32,
    /// Milliseconds per frame.
    pub frame_delay_ms: u32,
    /// GIF or APNG.
    pub format: AnimFormat,
}

/// The work of one animation, run on a background thread: renders the frames (calling the
/// progress hook it is given before each; `false` from the hook cancels) and writes the file.
/// The app builds it; the window only runs it.
pub type AnimJob =
    Box<dyn FnOnce(&mut dyn FnMut(usize, usize) -> bool) -> Result<PathBuf, AnimError> + Send>;

struct Job {
    done: Arc<AtomicUsize>,
    total: usize,
    cancel: Arc<AtomicBool>,
    result: Receiver<Result<PathBuf, AnimError>>,
}

/// The window and its running job.
#[derive(Default)]
pub struct AnimationWindow {
    /// Shown.
    pub open: bool,
    from: i32,
    to: i32,
    delay_ms: u32,
    apng: bool,
    job: Option<Job>,
}

impl AnimationWindow {
    /// Opens the window with the years `span` (the last [`MAX_FRAMES`] of it) preselected.
    pub fn open(&mut self, span: (i32, i32)) {
        self.open = true;
        if self.from == 0 {
            let max = i32::try_from(MAX_FRAMES).unwrap_or(40) - 1;
            self.from = span.0.max(span.1 - max);
            self.to = span.1;
            self.delay_ms = DEFAULT_FRAME_DELAY_MS;
        }
    }

    /// Whether frames are being rendered.
    pub fn busy(&self) -> bool {
        self.job.is_some()
    }

    /// Starts `job` (rendering `total` frames and writing the file) on a background thread.
    pub fn start(&mut self, ctx: &Context, total: usize, job: AnimJob) {
        let done = Arc::new(AtomicUsize::new(0));
        let cancel = Arc::new(AtomicBool::new(false));
        let (tx, rx) = channel();
        let (d, c, repaint) = (done.clone(), cancel.clone(), ctx.clone());
        std::thread::spawn(move || {
            let result = job(&mut |n, _| {
                d.store(n, Ordering::Relaxed);
                repaint.request_repaint();
                !c.load(Ordering::Relaxed)
            });
            // The window may have closed; nothing to report then.
            let _ = tx.send(result);
            repaint.request_repaint();
        });
        self.job = Some(Job {
            done,
            total,
            cancel,
            result: rx,
        });
    }

    /// Draws the window and polls the job. Returns the request when Save is pressed and the
    /// outcome when a job ends (`Err("cancelled")` after Cancel).
    pub fn show(
        &mut self,
        ctx: &Context,
        span: (i32, i32),
    ) -> (Option<AnimRequest>, Option<Result<PathBuf, String>>) {
        let mut outcome = None;
        if let Some(job) = &self.job {
            match job.result.try_recv() {
                Ok(r) => {
                    outcome = Some(r.map_err(|e| match e {
                        AnimError::Cancelled => "the animation was cancelled".into(),
                        AnimError::Failed(m) => m,
                    }));
                    self.job = None;
                    self.open = false;
                }
                Err(TryRecvError::Disconnected) => {
                    outcome = Some(Err("the animation stopped without a result".into()));
                    self.job = None;
                }
                Err(TryRecvError::Empty) => {}
            }
        }
        let mut request = None;
        if !self.open {
            return (None, outcome);
        }
        let mut open = true;
        egui::Window::new(TITLE)
            .open(&mut open)
            .collapsible(false)
            .resizable(false)
            .show(ctx, |ui| {
                if let Some(job) = &self.job {
                    let done = job.done.load(Ordering::Relaxed);
                    let share = done as f32 / job.total.max(1) as f32;
                    ui.label(format!("Rendering frame {} of {}…", done + 1, job.total));
                    ui.add(egui::ProgressBar::new(share).show_percentage());
                    if ui.button("Cancel").clicked() {
                        job.cancel.store(true, Ordering::Relaxed);
                    }
                    return;
                }
                ui.label("One frame per year of the current map view, with title, legend and source line.");
                ui.horizontal(|ui| {
                    // Labelled, so screen readers (and the window tests) can tell the two apart.
                    let from = ui.label("From");
                    ui.add(egui::DragValue::new(&mut self.from).range(span.0..=span.1))
                        .labelled_by(from.id);
                    let to = ui.label("to");
                    ui.add(egui::DragValue::new(&mut self.to).range(span.0..=span.1))
                        .labelled_by(to.id);
                });
                ui.horizontal(|ui| {
                    ui.label("Frame delay");
                    ui.add(
                        egui::DragValue::new(&mut self.delay_ms)
                            .range(FRAME_DELAY_MS)
                            .suffix(" ms"),
                    );
                });
                ui.horizontal(|ui| {
                    ui.radio_value(&mut self.apng, false, "GIF");
                    ui.radio_value(&mut self.apng, true, "APNG (full colour)");
                });
                let frames = i64::from(self.to) - i64::from(self.from) + 1;
                let ok = frames >= 1 && frames <= i64::try_from(MAX_FRAMES).unwrap_or(40);
                if !ok {
                    ui.label(format!("Choose 1 to {MAX_FRAMES} years, first to last."));
                }
                if ui.add_enabled(ok, egui::Button::new("Save")).clicked() {
                    request = Some(AnimRequest {
                        from: self.from,
                        to: self.to,
                        frame_delay_ms: self.delay_ms,
                        format: if self.apng {
                            AnimFormat::Apng
                        } else {
                            AnimFormat::Gif
                        },
                    });
                }
            });
        if !open {
            if let Some(job) = &self.job {
                job.cancel.store(true, Ordering::Relaxed);
            }
            self.open = false;
        }
        (request, outcome)
    }
}
