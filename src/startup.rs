//! Start-up timing, so that start-up can be measured from outside: `main` marks the process
//! start first thing, and the window logs one line `first frame after N ms` (at `info`, shown
//! with `RUST_LOG=info`) once its first frame has been painted.

use std::sync::OnceLock;
use std::time::{Duration, Instant};

static PROCESS_START: OnceLock<Instant> = OnceLock::new();

/// Marks the process start; call first thing in `main`. Later calls change nothing.
pub fn mark_process_start() {
    let _ = PROCESS_START.get_or_init(Instant::now);
}

/// Time since [`mark_process_start`] (zero if it was never called).
pub fn since_process_start() -> Duration {
    PROCESS_START.get().map_or(Duration::ZERO, Instant::elapsed)
}

/// Notices the end of the window's first painted frame.
///
/// eframe paints a frame after the app's `ui` returns and starts the next one only after that
/// paint and the buffer swap, so the start of the second frame is the end of the first painted
/// one. The first frame asks for the second straight away.
#[derive(Debug, Default)]
pub struct FirstFrame {
    frames_started: u8,
}

impl FirstFrame {
    /// Call at the start of every frame of the window.
    pub fn frame_starts(&mut self, ctx: &egui::Context) {
        match self.frames_started {
            0 => ctx.request_repaint(),
            1 => log::info!("first frame after {} ms", since_process_start().as_millis()),
            _ => return,
        }
        self.frames_started += 1;
    }
}
