//! Saving what the window shows: pictures of the window, the map or the plots (from the GPU in
//! a native window, else rendered off screen), the map as SVG, the animation of the years and
//! the numbers behind the view as CSV; the export command that reproduces the map; and the one
//! place where the frame's effects ([`Effect`]) are run.

use std::path::PathBuf;
use std::sync::mpsc::channel;

use walkers::lon_lat;

use super::loading::year_span;
use super::{App, figure};
use crate::data::RegionId;
use crate::export::figure::FigureView;
use crate::model::map_query_parts;
use crate::state::{Command, Effect};

impl App {
    /// Runs the effects the frame's commands asked for, in order: saves and dialogs now, imports
    /// once nothing else is loading.
    pub(super) fn run_effects(&mut self, ctx: &egui::Context) {
        for effect in std::mem::take(&mut self.state.effects) {
            match effect {
                Effect::Save(kind) => self.save_picture(ctx, kind),
                Effect::ExportData => self.export_data(ctx),
                Effect::ChooseSaveDir => self.saver.ask_for_folder(ctx, None),
                Effect::SaveSvg => self.save_svg(ctx),
                Effect::OpenAnimation => self.animation.open(year_span(&self.data)),
                Effect::Import(paths, opts) => self.import_queue.push((paths, opts)),
                Effect::CancelImport => self.cancel_import(),
            }
        }
    }

    /// The figure of the map as it is now (selection, partner, metric, year, colours, centre,
    /// zoom and the map's size), for `view`.
    pub fn figure_spec(&self, view: FigureView) -> crate::export::figure::FigureSpec {
        let (regions, partner) = (
            match &self.state.selected_set {
                Some(set) if self.state.combine == crate::state::Combine::Sum => vec![set.clone()],
                _ => self
                    .state
                    .selection
                    .iter()
                    .map(std::string::ToString::to_string)
                    .collect(),
            },
            self.state.partner.to_string(),
        );
        let centre = self.memory.detached().unwrap_or(lon_lat(127.5, 44.0));
        crate::export::figure::FigureSpec {
            regions,
            partner,
            year: Some(self.state.year),
            // In share mode the map shows shares of total trade (see `map_query_parts`).
            metric: map_query_parts(&self.state).0,
            size: self.figure_size(crate::export::figure::MAX_SIDE),
            view,
            colours: self.state.colours(),
            camera: Some(crate::export::figure::Camera {
                lon: centre.x(),
                lat: centre.y(),
                zoom: self.memory.zoom(),
            }),
        }
    }

    /// The `tumen-atlas export …` command that reproduces the map as it is now.
    pub fn export_command(&self) -> String {
        let spec = self.figure_spec(FigureView::Map);
        let mut parts = spec.regions.clone();
        parts.extend([
            spec.partner.clone(),
            self.state.year.to_string(),
            spec.metric.as_str().to_string(),
        ]);
        crate::export::figure::export_command(&spec, &format!("{}.png", parts.join("-")))
    }

    /// Saves a picture of the window, the map or the plots into the chosen folder: from the
    /// GPU read-back in a native window at 1×, otherwise (2×, tests) rendered off screen by the
    /// same UI code. The outcome appears as a toast; failures never stop the app.
    pub fn save_picture(&mut self, ctx: &egui::Context, kind: crate::state::SaveKind) {
        use crate::state::SaveKind;
        let Some(dir) = self.state.save_dir.clone() else {
            self.saver.ask_for_folder(ctx, Some(Command::Save(kind)));
            return;
        };
        let what = match kind {
            SaveKind::Window => "window",
            SaveKind::Map => "map",
            SaveKind::Plots => "plots",
        };
        let name = self.save_name(what, "png");
        let crop = match kind {
            SaveKind::Window => None,
            SaveKind::Map => Some(self.map_rect),
            SaveKind::Plots => Some(self.side_rect),
        };
        let ppp = ctx.pixels_per_point();
        if self.native_window && !self.state.save_2x {
            if self.shot_next_frame.is_none() {
                // Draw one frame without the banner and toast, and take that one.
                self.shot_next_frame = Some(kind);
                ctx.request_repaint();
                return;
            }
            self.shot_next_frame = None;
            let (tx, rx) = channel();
            crate::export::request_window_screenshot(
                ctx,
                crate::export::ScreenshotRequest {
                    crop,
                    dir,
                    file_name: name,
                    reply: tx,
                },
            );
            self.saver.expect(rx);
            return;
        }
        let scale = if self.state.save_2x { 2.0 * ppp } else { ppp };
        let size = ctx.content_rect().size();
        let render_ctx = egui::Context::default();
        let mut copy = self.clone_for_render(&render_ctx);
        let result =
            crate::export::render(&render_ctx, size, scale, 4, |ui| copy.ui(ui)).and_then(|img| {
                let img = match crop {
                    Some(r) => crate::export::crop(&img, r, scale)?,
                    None => img,
                };
                let path = crate::export::unique_path(&dir, &name);
                crate::export::write_png_atomic(&path, &img, false)
            });
        self.saver.report(result.map_err(|e| e.to_string()));
    }

    /// The map's size as a figure size in pixels, within the export limits.
    fn figure_size(&self, max_side: u32) -> [u32; 2] {
        let side = |v: f32| {
            let v = v.round().max(0.0) as u32;
            v.clamp(crate::export::figure::MIN_SIDE, max_side)
        };
        [side(self.map_rect.width()), side(self.map_rect.height())]
    }

    /// Saves the map as it is framed now as SVG in the chosen folder (asking for the folder
    /// first if none was chosen). The outcome appears as a toast.
    pub fn save_svg(&mut self, ctx: &egui::Context) {
        let Some(dir) = self.state.save_dir.clone() else {
            self.saver.ask_for_folder(ctx, Some(Command::SaveSvg));
            return;
        };
        let size = self.figure_size(crate::export::figure::MAX_SIDE);
        let render_ctx = egui::Context::default();
        let mut copy = self.clone_for_render(&render_ctx);
        let result = figure::svg_of_figure(&render_ctx, &mut copy, size).and_then(|text| {
            let path = crate::export::unique_path(&dir, &self.save_name("map", "svg"));
            crate::export::write_atomic(&path, text.as_bytes(), false).map_err(|e| e.to_string())
        });
        self.saver.report(result);
    }

    /// Starts rendering an animation of the map (selection, partner, metric; one frame per
    /// year) on a background thread; the window shows progress and the toast the outcome.
    pub(super) fn save_animation(
        &mut self,
        ctx: &egui::Context,
        r: crate::ui::animation::AnimRequest,
    ) {
        use crate::export::anim::{AnimFormat, AnimSpec, MAX_ANIM_SIDE};
        let Some(dir) = self.state.save_dir.clone() else {
            self.saver.ask_for_folder(ctx, Some(Command::SaveAnimation));
            return;
        };
        if self.animation.busy() {
            return;
        }
        let spec = AnimSpec {
            figure: crate::export::figure::FigureSpec {
                regions: self
                    .state
                    .selection
                    .iter()
                    .map(std::string::ToString::to_string)
                    .collect(),
                partner: self.state.partner.to_string(),
                year: None,
                metric: self.state.metric,
                size: self.figure_size(MAX_ANIM_SIDE),
                view: FigureView::Map,
                colours: self.state.colours(),
                camera: None,
            },
            years: r.from..=r.to,
            frame_delay_ms: r.frame_delay_ms,
            format: r.format,
        };
        let ext = match r.format {
            AnimFormat::Gif => "gif",
            AnimFormat::Apng => "apng",
        };
        let years = format!("{}-{}", r.from, r.to);
        let (metric, _) = map_query_parts(&self.state);
        let mut parts: Vec<&str> = self.state.selection.iter().map(RegionId::as_str).collect();
        parts.extend([years.as_str(), metric.as_str(), "animation"]);
        let name = crate::export::file_name(&parts, crate::export::Timestamp::now_utc(), ext);
        let out = crate::export::unique_path(&dir, &name);
        let data = self.data.clone();
        self.animation.start(
            ctx,
            spec.years.clone().count(),
            Box::new(move |progress| figure::export_animation(data, &spec, &out, false, progress)),
        );
    }

    /// `tumen-atlas_<selection>[_<partner>]_<year>_<metric>_<what>_<UTC time>.<ext>`; the
    /// partner is left out when it is all partners.
    fn save_name(&self, what: &str, extension: &str) -> String {
        let (metric, _) = map_query_parts(&self.state);
        let year = self.state.year.to_string();
        let mut parts: Vec<&str> = self.state.selection.iter().map(RegionId::as_str).collect();
        if self.state.partner != crate::data::tables::partners::WORLD {
            parts.push(self.state.partner.as_str());
        }
        parts.extend([year.as_str(), metric.as_str(), what]);
        crate::export::file_name(&parts, crate::export::Timestamp::now_utc(), extension)
    }

    /// Writes the numbers behind the current view to CSV in the chosen folder (asking for the
    /// folder first if none was chosen).
    pub fn export_data(&mut self, ctx: &egui::Context) {
        let Some(dir) = self.state.save_dir.clone() else {
            self.saver.ask_for_folder(ctx, Some(Command::ExportData));
            return;
        };
        let text = crate::ui::save::view_csv(&self.data, &mut self.model, &self.state);
        let path = crate::export::unique_path(&dir, &self.save_name("data", "csv"));
        let result =
            crate::export::write_csv_atomic(&path, &text, false).map_err(|e| e.to_string());
        self.saver.report(result);
    }

    /// The last save outcome shown in the toast (tests).
    pub fn last_save(&self) -> Option<&Result<PathBuf, String>> {
        self.saver.last.as_ref()
    }
}
