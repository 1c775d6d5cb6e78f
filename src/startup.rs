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

/// A start-up stage for the debug log: "after N ms, resident M MB" (the resident set from
/// `/proc/self/status` where there is one), so that where time and memory go can be read from
/// `RUST_LOG=tumen_atlas=debug`.
pub fn stage() -> String {
    let ms = since_process_start().as_millis();
    match resident_mb() {
        Some(mb) => format!("after {ms} ms, resident {mb} MB"),
        None => format!("after {ms} ms"),
    }
}

/// The process's resident set in MB (`VmRSS`), where the system reports it.
pub fn resident_mb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024)
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
            0 => {
                log::debug!("first frame begins {}", stage());
                ctx.request_repaint();
            }
            1 => {
                log::info!("first frame after {} ms", since_process_start().as_millis());
                log::debug!("first frame painted {}", stage());
            }
            _ => return,
        }
        self.frames_started += 1;
    }

    /// Call at the end of the app's part of every frame (before egui tessellates and the
    /// frame is painted): logs the first frame's stage at `debug`.
    pub fn frame_laid_out(&self) {
        if self.frames_started == 1 {
            log::debug!("first frame laid out {}", stage());
        }
    }
}
