//! An empty eframe window (glow, as Tumen Atlas opens it) that logs `first frame after N ms`
//! from process start to the end of its first painted frame, like the app, so that the
//! driver's and eframe's share of start-up and memory can be told from ours. `EMPTY_WINDOW_TEXT=1`
//! draws one label, so that egui's default fonts are loaded and a text texture uploaded.

use std::time::Instant;

struct Empty {
    start: Instant,
    frames: u8,
    text: bool,
}

impl eframe::App for Empty {
    fn ui(&mut self, ui: &mut eframe::egui::Ui, _frame: &mut eframe::Frame) {
        match self.frames {
            0 => {
                log::debug!("first frame begins after {} ms", self.start.elapsed().as_millis());
                ui.ctx().request_repaint();
            }
            1 => log::info!("first frame after {} ms", self.start.elapsed().as_millis()),
            _ => {}
        }
        self.frames = self.frames.saturating_add(1);
        if self.text {
            ui.label("Tumen Atlas");
        }
    }
}

fn main() -> eframe::Result {
    let start = Instant::now();
    env_logger::Builder::from_env(env_logger::Env::default().default_filter_or("warn")).init();
    let options = eframe::NativeOptions {
        viewport: eframe::egui::ViewportBuilder::default()
            .with_title("empty")
            .with_inner_size([1500.0, 950.0]),
        renderer: eframe::Renderer::Glow,
        ..Default::default()
    };
    let text = std::env::var_os("EMPTY_WINDOW_TEXT").is_some();
    eframe::run_native(
        "empty-window",
        options,
        Box::new(move |_cc| {
            Ok(Box::new(Empty {
                start,
                frames: 0,
                text,
            }))
        }),
    )
}
