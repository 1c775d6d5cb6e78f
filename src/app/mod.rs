//! The application: owns the dataset, prepared geometry, the cached view model, state and map
//! memory; draws the panels in screen order; applies the frame's commands in one place at the
//! end of the frame.

use std::path::PathBuf;
use std::sync::mpsc::{Receiver, channel};

use egui::{Key, Ui};
use walkers::{HttpOptions, HttpTiles, MapMemory, lon_lat};

pub mod figure;

use crate::analysis::{Metric, Target};
use crate::data::{Dataset, RegionId};
use crate::export::figure::FigureView;
use crate::loader::Loaded;
use crate::map::flows::FlowArc;
use crate::map::layer::{self, Legend, MapCtx};
use crate::map::prepared::mercator;
use crate::map::{PreparedMap, view};
use crate::model::{Model, map_query_parts, metric_with_partner, partner_label};
use crate::state::persist::{self, Saved};
use crate::state::{Command, State, ViewRequest};
use crate::style::format::format_value;
use crate::style::theme::Theme;
use crate::ui::{coverage, help, import, metric_bar, scrubber, side_panel, top_bar};

/// The Tumen Atlas window.
pub struct App {
    data: Dataset,
    prepared: PreparedMap,
    model: Model,
    /// User state (public for tests).
    pub state: State,
    /// walkers' pan/zoom memory (public for tests).
    pub memory: MapMemory,
    theme: Theme,
    search: top_bar::SearchBox,
    import_window: import::ImportWindow,
    get_data: crate::ui::recipe::GetData,
    coverage_pick: Option<(String, String, i32)>,
    tiles: Option<HttpTiles>,
    loading: Option<(Receiver<(Loaded, PreparedMap)>, usize)>,
    map_rect: egui::Rect,
    side_rect: egui::Rect,
    source_names: std::collections::HashMap<String, String>,
    /// `Some` when the app draws a figure for export instead of the interactive window.
    pub figure: Option<FigureView>,
    /// Whether this app runs in a native window (window screenshots come from the GPU).
    pub native_window: bool,
    saver: crate::ui::save::Saver,
    animation: crate::ui::animation::AnimationWindow,
    map_cache: crate::map::cache::MapCache,
    /// A window screenshot to take at the end of the next frame, which is drawn without the
    /// transient banner and toast (they do not belong in a saved picture).
    shot_next_frame: Option<crate::state::SaveKind>,
    first_frame: crate::startup::FirstFrame,
}

fn source_names(data: &Dataset) -> std::collections::HashMap<String, String> {
    data.trade
        .sources
        .iter()
        .map(|s| (s.id.to_string(), format!("{} — {}", s.publisher, s.title)))
        .collect()
}

impl App {
    /// A new app on `data`, loading `extra` files in the background, with the default view.
    pub fn new(ctx: &egui::Context, data: Dataset, extra: Vec<PathBuf>) -> Self {
        Self::with_saved(ctx, data, extra, None)
    }

    /// A new app restoring the view saved as `saved` (eframe storage text). Unreadable text
    /// gives the default view and a notice.
    pub fn with_saved(
        ctx: &egui::Context,
        data: Dataset,
        extra: Vec<PathBuf>,
        saved: Option<&str>,
    ) -> Self {
        let prepared = PreparedMap::for_geography(&data.geo);
        Self::with_prepared(ctx, data, prepared, extra, saved)
    }

    /// Like [`Self::with_saved`], with the geometry of `data` already prepared (the window
    /// loads both on another thread while it opens).
    pub fn with_prepared(
        ctx: &egui::Context,
        data: Dataset,
        prepared: PreparedMap,
        extra: Vec<PathBuf>,
        saved: Option<&str>,
    ) -> Self {
        crate::fonts::install(ctx);
        let mut memory = MapMemory::default();
        let mut state = match persist::restore(saved) {
            Ok(Some(s)) => {
                if let (Some((lon, lat)), Some(z)) = (s.centre, s.zoom) {
                    memory.center_at(lon_lat(lon, lat));
                    // An out-of-range zoom from a hand-edited file keeps the default zoom.
                    let _ = memory.set_zoom(z);
                }
                let mut st = s.state;
                st.view_request = if s.centre.is_some() {
                    None
                } else {
                    Some(ViewRequest::Reset)
                };
                st.selection.retain(|id| data.geo.region(id).is_some());
                st
            }
            Ok(None) => State::default(),
            Err(notice) => {
                let mut st = State::default();
                st.messages.push(notice);
                st
            }
        };
        state.messages.extend(data.warnings.iter().cloned());
        let (first, last) = year_span(&data);
        state.set_year_span(first, last);
        let mut app = Self {
            source_names: source_names(&data),
            data,
            prepared,
            model: Model::default(),
            theme: Theme::new(state.theme),
            state,
            memory,
            search: top_bar::SearchBox::default(),
            import_window: import::ImportWindow::default(),
            get_data: crate::ui::recipe::GetData::default(),
            coverage_pick: None,
            tiles: None,
            loading: None,
            map_rect: egui::Rect::NOTHING,
            side_rect: egui::Rect::NOTHING,
            figure: None,
            native_window: false,
            saver: crate::ui::save::Saver::default(),
            animation: crate::ui::animation::AnimationWindow::default(),
            map_cache: crate::map::cache::MapCache::default(),
            shot_next_frame: None,
            first_frame: crate::startup::FirstFrame::default(),
        };
        ctx.set_visuals(app.theme.visuals());
        if !extra.is_empty() {
            app.start_loading(ctx, extra);
        }
        app
    }

    /// The dataset shown.
    pub fn data(&self) -> &Dataset {
        &self.data
    }

    /// The view model (for tests and benches).
    pub fn model(&mut self) -> &mut Model {
        &mut self.model
    }

    /// Where the map was drawn last frame (screen points).
    pub fn map_rect(&self) -> egui::Rect {
        self.map_rect
    }

    /// Where a lon/lat point is on screen in the current map view (after at least one frame).
    pub fn screen_pos_of(&self, lon: f64, lat: f64) -> Option<egui::Pos2> {
        let centre = self.memory.detached()?;
        let c = self.map_rect.center();
        let t = view::ScreenTransform::new(
            mercator(geo::Coord {
                x: centre.x(),
                y: centre.y(),
            }),
            [f64::from(c.x), f64::from(c.y)],
            self.memory.zoom(),
        );
        let p = t.apply(mercator(geo::Coord { x: lon, y: lat }));
        Some(egui::pos2(p[0], p[1]))
    }

    /// The colour region `id` shows on the map last frame: its own fill, or (where that is
    /// transparent) the nearest filled ancestor's. `None` when it is not drawn.
    pub fn shown_fill(&self, id: &str) -> Option<egui::Color32> {
        let geo = &self.data.geo;
        let mut region = geo.regions.iter().find(|r| r.id.as_str() == id)?;
        loop {
            let own = geo
                .index_of(&region.id)
                .and_then(|i| self.map_cache.fill_color(i));
            match own {
                Some(c) if c != egui::Color32::TRANSPARENT => return Some(c),
                _ => {
                    let parent = region.parent.as_ref()?;
                    region = geo.regions.iter().find(|r| &r.id == parent)?;
                }
            }
        }
    }

    /// Points the map at `lon`, `lat` with walkers zoom `zoom` (for figures made from a
    /// command line); an out-of-range zoom is an error.
    pub fn set_camera(&mut self, lon: f64, lat: f64, zoom: f64) -> Result<(), String> {
        self.memory
            .set_zoom(zoom)
            .map_err(|_| format!("--zoom {zoom}: outside the map's zoom levels"))?;
        self.memory.center_at(lon_lat(lon, lat));
        Ok(())
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
            self.state.partner.clone(),
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

    /// The map's colour scale for the current year (what the legend shows).
    pub fn map_scale(&mut self) -> Option<crate::style::scale::ColorScale> {
        self.model.map_values(&self.data, &self.state).scale
    }

    /// The theme's "no data" colour.
    pub fn no_data_color(&self) -> egui::Color32 {
        self.theme.no_data
    }

    /// Where the side panel (figures and plots) was drawn last frame.
    pub fn side_rect(&self) -> egui::Rect {
        self.side_rect
    }

    /// A copy of this app for rendering off screen (same data, state and map view; no tiles,
    /// no background work).
    pub fn clone_for_render(&self, ctx: &egui::Context) -> Self {
        crate::fonts::install(ctx);
        ctx.set_visuals(self.theme.visuals());
        let mut state = self.state.clone();
        state.view_request = None;
        state.playback.playing = false;
        state.show_help = false;
        state.show_import = false;
        state.import_report = None;
        // The "Problems loading data" banner is for the person at the window, not the picture.
        state.messages.clear();
        Self {
            data: self.data.clone(),
            prepared: self.prepared.clone(),
            model: Model::default(),
            state,
            memory: self.memory.clone(),
            theme: self.theme.clone(),
            search: top_bar::SearchBox::default(),
            import_window: import::ImportWindow::default(),
            get_data: crate::ui::recipe::GetData::default(),
            coverage_pick: None,
            tiles: None,
            loading: None,
            map_rect: self.map_rect,
            side_rect: self.side_rect,
            source_names: self.source_names.clone(),
            figure: self.figure,
            native_window: false,
            saver: crate::ui::save::Saver::default(),
            animation: crate::ui::animation::AnimationWindow::default(),
            map_cache: crate::map::cache::MapCache::default(),
            shot_next_frame: None,
            first_frame: crate::startup::FirstFrame::default(),
        }
    }

    /// The title of a figure: what, with whom, where, when.
    pub fn figure_title(&mut self) -> String {
        let (metric, _) = map_query_parts(&self.state);
        let place = if self.state.selection.is_empty() {
            "China's northeast and the Tumen River region".to_string()
        } else {
            let names: Vec<String> = self
                .state
                .selection
                .iter()
                .map(|id| {
                    self.data
                        .geo
                        .region(id)
                        .map_or_else(|| id.to_string(), |r| r.name().to_string())
                })
                .collect();
            names.join(", ")
        };
        format!(
            "{} — {place}, {}",
            metric_with_partner(&self.data, metric, &self.state.partner),
            self.state.year
        )
    }

    /// How many times the map's outline geometry has been built (it is kept while the view is
    /// still; for tests and benches).
    pub fn map_geometry_builds(&self) -> usize {
        self.map_cache.builds()
    }

    /// Whether user files are still loading.
    pub fn is_loading(&self) -> bool {
        self.loading.is_some()
    }

    /// What to save between runs.
    pub fn saved_view(&self) -> Saved {
        Saved {
            state: self.state.clone(),
            centre: self.memory.detached().map(|p| (p.x(), p.y())),
            zoom: Some(self.memory.zoom()),
        }
    }

    fn start_loading(&mut self, ctx: &egui::Context, paths: Vec<PathBuf>) {
        self.start_loading_with(ctx, paths, crate::data::import::ImportOptions::default());
    }

    fn start_loading_with(
        &mut self,
        ctx: &egui::Context,
        paths: Vec<PathBuf>,
        opts: crate::data::import::ImportOptions,
    ) {
        let (tx, rx) = channel();
        let geo = self.data.geo.clone();
        let trade = self.data.trade.clone();
        let n = paths.len();
        let ctx = ctx.clone();
        std::thread::spawn(move || {
            let loaded = crate::loader::load_files_with(geo, trade, &paths, &opts);
            let prepared = PreparedMap::for_geography(&loaded.geo);
            // The receiver is gone only if the window closed; nothing to report then.
            let _ = tx.send((loaded, prepared));
            ctx.request_repaint();
        });
        self.loading = Some((rx, n));
    }

    /// Waits for background loading to finish (tests and the headless export).
    pub fn wait_for_loading(&mut self) {
        if let Some(done) = self.loading.take().and_then(|(rx, _)| rx.recv().ok()) {
            self.finish_loading(done);
        }
    }

    fn finish_loading(&mut self, (loaded, prepared): (Loaded, PreparedMap)) {
        self.data.geo = loaded.geo;
        self.data.trade = loaded.trade;
        self.prepared = prepared;
        self.state.messages.extend(loaded.messages);
        if !loaded.report.is_empty() {
            self.state.import_report = Some(loaded.report);
        }
        self.model.invalidate();
        self.source_names = source_names(&self.data);
        let (first, last) = year_span(&self.data);
        self.state.set_year_span(first, last);
    }

    fn poll_loading(&mut self) {
        let done = self.loading.as_ref().and_then(|(rx, _)| rx.try_recv().ok());
        if let Some(done) = done {
            self.loading = None;
            self.finish_loading(done);
        }
    }

    fn global_keys(&mut self, ui: &Ui, cmds: &mut Vec<Command>) {
        ui.input_mut(|i| {
            if i.consume_key(egui::Modifiers::COMMAND, Key::F) {
                self.search.focus_requested = true;
            }
            if i.consume_key(egui::Modifiers::COMMAND, Key::S) {
                cmds.push(Command::Save(crate::state::SaveKind::Window));
            }
        });
        let dropped: Vec<PathBuf> = ui.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_path_buf())
                .filter(|p| !p.as_os_str().is_empty())
                .collect()
        });
        if !dropped.is_empty() {
            cmds.push(Command::Import(dropped));
        }
        if ui.ctx().egui_wants_keyboard_input() {
            return;
        }
        ui.input(|i| {
            // Several presses can arrive in one frame on a slow machine: each steps a year.
            let steps = i32::try_from(i.num_presses(Key::ArrowRight)).unwrap_or(0)
                - i32::try_from(i.num_presses(Key::ArrowLeft)).unwrap_or(0);
            if steps != 0 {
                cmds.push(Command::StepYear(steps));
            }
            for (key, cmd) in [
                (Key::Escape, Command::ClearSelection),
                (Key::Home, Command::FirstYear),
                (Key::End, Command::LastYear),
                (Key::Space, Command::TogglePlay),
                (Key::F1, Command::ShowHelp(!self.state.show_help)),
            ] {
                if i.key_pressed(key) {
                    cmds.push(cmd);
                }
            }
            let question = i
                .events
                .iter()
                .any(|e| matches!(e, egui::Event::Text(t) if t == "?"));
            if question {
                cmds.push(Command::ShowHelp(!self.state.show_help));
            }
        });
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
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
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
    fn save_animation(&mut self, ctx: &egui::Context, r: crate::ui::animation::AnimRequest) {
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
                partner: self.state.partner.clone(),
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

    fn apply_view_request(&mut self, size: egui::Vec2) {
        let Some(req) = self.state.view_request.take() else {
            return;
        };
        let bbox = match req {
            ViewRequest::Reset => Some(view::opening_box()),
            ViewRequest::FitSelection => view::union(
                self.state
                    .selection
                    .iter()
                    .filter_map(|id| self.data.geo.index_of(id))
                    .map(|i| self.prepared.regions[i].bbox),
            ),
        };
        if let Some(b) = bbox {
            // Keep the framed regions clear of the legend in the bottom-left corner.
            let (c, z) = view::fit_with_margins(b, [size.x, size.y], [24.0, 24.0, 24.0, 150.0]);
            self.memory.center_at(lon_lat(c.x, c.y));
            // `fit` clamps to walkers' valid range, so this cannot fail.
            let _ = self.memory.set_zoom(z);
        }
    }

    /// The map as it was last drawn, for vector export ([`crate::export::svg`]): its geometry,
    /// values, legend, title and the rect and transform of the last frame.
    pub fn map_scene(&mut self) -> crate::export::svg::MapScene<'_> {
        let title = self.figure_title();
        let legend = self.legend();
        let centre = self.memory.detached().unwrap_or(lon_lat(127.5, 44.0));
        let zoom = self.memory.zoom();
        let rect = self.map_rect;
        let transform = view::ScreenTransform::new(
            mercator(geo::Coord {
                x: centre.x(),
                y: centre.y(),
            }),
            [f64::from(rect.center().x), f64::from(rect.center().y)],
            zoom,
        );
        crate::export::svg::MapScene {
            values: self.model.map_values(&self.data, &self.state),
            geo: &self.data.geo,
            prepared: &self.prepared,
            state: &self.state,
            theme: &self.theme,
            legend,
            title,
            map_rect: rect,
            transform,
            zoom,
        }
    }

    /// Flow arcs for the selected regions in the current year: one per known partner.
    pub fn flow_arcs(&mut self) -> Vec<FlowArc> {
        let mut arcs = Vec::new();
        let year = self.state.year;
        let ids: Vec<_> = self.state.selection.iter().cloned().collect();
        let mut raw = Vec::new();
        for id in ids {
            let Some(i) = self.data.geo.index_of(&id) else {
                continue;
            };
            let from = self.prepared.regions[i].label;
            let target = Target::region(id.clone());
            for p in self.model.partners_of(&self.data, &target) {
                let Some(pos) = self.data.trade.partners.get(&p).and_then(|x| x.capital_pos) else {
                    continue;
                };
                let q = crate::analysis::Query::new(
                    target.clone(),
                    Model::partner_sel(&self.data, &p),
                    Metric::Total,
                );
                if let Some(v) = self.model.cell(&self.data, &q, year).value {
                    raw.push((
                        id.clone(),
                        p,
                        from,
                        mercator(geo::Coord { x: pos.0, y: pos.1 }),
                        v,
                    ));
                }
            }
        }
        let max = raw.iter().map(|r| r.4).fold(0.0f64, f64::max);
        for (id, p, from, to, v) in raw {
            let color_index = self.model.partner_index(&self.data, &p);
            #[allow(clippy::cast_possible_truncation)]
            let width = (1.5 + 7.0 * (v / max.max(1.0)).sqrt()) as f32;
            let region = self
                .data
                .geo
                .region(&id)
                .map_or_else(|| id.to_string(), |r| r.name().to_string());
            arcs.push(FlowArc {
                label: format!(
                    "{region} – {}: {} ({year})",
                    partner_label(&self.data, &p),
                    format_value(Some(v), "USD")
                ),
                partner: p,
                from,
                to,
                width,
                color: self.theme.partner(color_index),
            });
        }
        arcs
    }

    /// The map legend for the current state (title names the metric, partner and year).
    pub fn legend(&mut self) -> Legend {
        let (metric, _) = map_query_parts(&self.state);
        let values = self.model.map_values(&self.data, &self.state);
        let mut names: Vec<String> = values
            .sources
            .iter()
            .map(|s| {
                self.data
                    .trade
                    .source(s)
                    .map_or_else(|| s.to_string(), |x| x.short_publisher().to_string())
            })
            .collect();
        names.sort();
        names.dedup();
        let converted = values.converted;
        let mut empty_reason = "No region has data for this metric".to_string();
        let mut china_only = false;
        let mut source_line = if names.is_empty() {
            format!("No region has a figure for {}", self.state.year)
        } else {
            format!("Source: {}", names.join("; "))
        };
        if crate::model::share_of_everything(metric, &self.state.partner) {
            empty_reason = "Choose a partner to map its share".to_string();
            source_line = "A share of trade with all partners is 100 % everywhere, so it is \
                           not mapped. Choose a partner (the side panel lists each partner's share)."
                .to_string();
        } else if names.is_empty() {
            // Only the country may have a figure (e.g. China's trade with Japan): say so, with it.
            let (_, flow) = map_query_parts(&self.state);
            let mut q = crate::analysis::Query::new(
                Target::region(RegionId::new("CHN")),
                Model::partner_sel(&self.data, &self.state.partner),
                metric,
            );
            q.flow = flow;
            let china = self.model.cell(&self.data, &q, self.state.year);
            if china.value.is_some() {
                let publisher = china
                    .sources
                    .first()
                    .and_then(|s| self.data.trade.source(s))
                    .map_or_else(String::new, |s| format!(" ({})", s.short_publisher()));
                empty_reason = "No province or prefecture has a figure".to_string();
                china_only = true;
                source_line = format!(
                    "Only China as a whole has a figure for {}: {}{publisher}. \
                     Use “Show China as a whole” above the map to see it in the panel.",
                    self.state.year,
                    format_value(china.value, metric.unit())
                );
            }
        }
        if converted {
            source_line.push_str(" (some converted to USD)");
        }
        Legend {
            title: format!(
                "{}, {}",
                metric_with_partner(&self.data, metric, &self.state.partner),
                self.state.year
            ),
            unit: metric.unit(),
            source_line,
            empty_reason,
            china_only,
        }
    }

    /// Draws one frame.
    pub fn ui(&mut self, ui: &mut Ui) {
        if self.native_window {
            self.first_frame.frame_starts(ui.ctx());
        }
        let shot_this_frame = self.shot_next_frame;
        self.poll_loading();
        let mut cmds = Vec::new();
        self.global_keys(ui, &mut cmds);
        let dt = ui.input(|i| i.stable_dt).min(0.25);
        if self.state.tick(dt) || self.state.playback.playing {
            ui.ctx().request_repaint();
        }

        if let Some(view) = self.figure {
            let title = self.figure_title();
            egui::Panel::top("figure-title").show(ui, |ui| {
                ui.add_space(4.0);
                ui.label(egui::RichText::new(title).size(18.0).strong());
                ui.label(
                    egui::RichText::new("Tumen Atlas · every figure cited in data/sources.csv")
                        .small(),
                );
                ui.add_space(2.0);
            });
            if view == FigureView::Plots {
                egui::CentralPanel::default().show(ui, |ui| {
                    self.side_rect = ui.max_rect();
                    cmds.extend(side_panel::show(
                        ui,
                        &self.data,
                        &mut self.model,
                        &self.state,
                        &self.theme,
                        side_panel::PanelMode::Figure,
                    ));
                });
                self.state.end_frame(cmds, &self.data.geo);
                return;
            }
        } else {
            egui::Panel::top("top-bar").show(ui, |ui| {
                cmds.extend(top_bar::show(
                    ui,
                    &self.data.geo,
                    &self.state,
                    &mut self.search,
                ));
                ui.separator();
                let command = self.export_command();
                cmds.extend(metric_bar::show(
                    ui,
                    &self.data,
                    &mut self.model,
                    &self.state,
                    &command,
                ));
            });
            egui::Panel::bottom("scrubber").show(ui, |ui| {
                ui.add_space(4.0);
                cmds.extend(scrubber::show(ui, &self.data, &self.state, &self.theme));
                ui.add_space(10.0);
            });
        }
        if self.figure != Some(FigureView::Map) {
            // About 40 % of a small window, so the map keeps the larger part.
            let side_width = (ui.available_width() * 0.4).clamp(300.0, 420.0);
            egui::Panel::right("side-panel")
                .default_size(side_width)
                .resizable(true)
                .show(ui, |ui| {
                    self.side_rect = ui.max_rect();
                    if let Some((_, n)) = &self.loading {
                        ui.horizontal(|ui| {
                            ui.spinner();
                            ui.label(format!("Loading {n} file(s)…"));
                        });
                    }
                    let mode = if self.figure.is_some() {
                        side_panel::PanelMode::Figure
                    } else {
                        side_panel::PanelMode::Interactive
                    };
                    let without_banner;
                    let shown = if shot_this_frame.is_some() {
                        let mut s = self.state.clone();
                        s.messages.clear();
                        without_banner = s;
                        &without_banner
                    } else {
                        &self.state
                    };
                    cmds.extend(side_panel::show(
                        ui,
                        &self.data,
                        &mut self.model,
                        shown,
                        &self.theme,
                        mode,
                    ));
                });
        }
        let legend = self.legend();
        let arcs = self.flow_arcs();

        egui::CentralPanel::default()
            .frame(egui::Frame::NONE)
            .show(ui, |ui| {
                self.apply_view_request(ui.available_size());
                if self.state.osm_tiles && self.tiles.is_none() {
                    self.tiles = Some(osm_tiles(ui.ctx()));
                }
                let tiles_attr = self
                    .tiles
                    .as_ref()
                    .map(|t| walkers::Tiles::attribution(t).text);
                let tiles: Option<&mut dyn walkers::Tiles> = if self.state.osm_tiles {
                    self.tiles.as_mut().map(|t| t as &mut dyn walkers::Tiles)
                } else {
                    None
                };
                let values = self.model.map_values(&self.data, &self.state);
                let ctx = MapCtx {
                    geo: &self.data.geo,
                    prepared: &self.prepared,
                    state: &self.state,
                    theme: &self.theme,
                    tiles_on: self.state.osm_tiles,
                    tiles_attribution: tiles_attr,
                    values: Some(values),
                    legend: Some(legend.clone()),
                    flows: &arcs,
                    source_names: &self.source_names,
                };
                let out = walkers::Map::new(tiles, &mut self.memory, lon_lat(127.5, 44.0))
                    .double_click_to_zoom(true)
                    .zoom_with_ctrl(false)
                    .show(ui, |ui, response, projector, _| {
                        layer::draw(ui, response, projector, &ctx, &mut self.map_cache)
                    });
                self.map_rect = out.response.rect;
                // Classes fitted to the view are found from the regions this frame showed.
                if let Some(t) = out.inner.transform {
                    let visible = t.visible([self.map_rect.width(), self.map_rect.height()]);
                    let in_view = self
                        .prepared
                        .regions
                        .iter()
                        .map(|p| view::intersects(p.bbox, visible))
                        .collect();
                    if self.model.set_in_view(in_view)
                        && self.state.domain == crate::state::ScaleDomain::View
                    {
                        ui.ctx().request_repaint();
                    }
                }
                cmds.extend(out.inner.commands);
                // Only the country has a figure: offer to show it rather than a grey map alone.
                if legend.china_only && self.figure.is_none() {
                    let at = self.map_rect.left_top() + egui::vec2(12.0, 12.0);
                    let button = egui::Button::new("Show China as a whole");
                    let r = ui
                        .put(
                            egui::Rect::from_min_size(at, egui::vec2(180.0, 24.0)),
                            button,
                        )
                        .on_hover_text(
                            "Only China as a whole has a figure for this partner and year",
                        );
                    if r.clicked() {
                        cmds.push(Command::SetPickLevel(crate::state::PickLevel::Country));
                        cmds.push(Command::Select(RegionId::new("CHN")));
                    }
                }
            });

        let ctx = ui.ctx().clone();
        if self.state.show_coverage {
            let cells = self.model.coverage(&self.data);
            cmds.extend(coverage::show(
                &ctx,
                true,
                &self.data,
                cells,
                &self.theme,
                &mut self.coverage_pick,
            ));
        }
        cmds.extend(help::show(&ctx, self.state.show_help));
        cmds.extend(self.import_window.show(&ctx, &self.state));
        cmds.extend(
            self.get_data
                .show(&ctx, &self.data, &self.state, &mut self.import_window),
        );
        if self.figure.is_none() && shot_this_frame.is_none() {
            let save_cmds = self.saver.show(&ctx, &self.state, &self.theme);
            cmds.extend(save_cmds);
            let (request, outcome) = self.animation.show(&ctx, year_span(&self.data));
            if let Some(result) = outcome {
                self.saver.report(result);
            }
            if let Some(r) = request {
                self.save_animation(&ctx, r);
            }
        }

        let theme_before = self.state.theme;
        let saves: Vec<Command> = cmds
            .iter()
            .filter(|c| {
                matches!(
                    c,
                    Command::Save(_)
                        | Command::ExportData
                        | Command::ChooseSaveDir
                        | Command::SaveSvg
                        | Command::SaveAnimation
                )
            })
            .cloned()
            .collect();
        self.state.end_frame(cmds, &self.data.geo);
        for c in saves {
            match c {
                Command::Save(kind) => self.save_picture(&ctx, kind),
                Command::ExportData => self.export_data(&ctx),
                Command::ChooseSaveDir => self.saver.ask_for_folder(&ctx, None),
                Command::SaveSvg => self.save_svg(&ctx),
                Command::SaveAnimation => self.animation.open(year_span(&self.data)),
                _ => {}
            }
        }
        if let Some(kind) = shot_this_frame {
            self.save_picture(&ctx, kind);
        }
        if self.state.theme != theme_before {
            self.theme = Theme::new(self.state.theme);
            ctx.set_visuals(self.theme.visuals());
        }
        if !self.state.pending_imports.is_empty() && self.loading.is_none() {
            let paths = std::mem::take(&mut self.state.pending_imports);
            let opts = std::mem::take(&mut self.state.pending_import_options);
            self.start_loading_with(&ctx, paths, opts);
        }
    }
}

/// The slider's years: from the first to the last year of any trade figure or event.
fn year_span(data: &Dataset) -> (i32, i32) {
    let trade = data.trade.year_span();
    let events = data.trade.events.iter().map(|e| e.year);
    let (mut first, mut last) = trade.unwrap_or((2016, 2024));
    for y in events {
        first = first.min(y);
        last = last.max(y);
    }
    (first, last)
}

fn osm_tiles(ctx: &egui::Context) -> HttpTiles {
    let cache = std::env::temp_dir().join("tumen-atlas-tiles");
    let options = HttpOptions {
        cache: Some(cache),
        user_agent: Some(walkers::HeaderValue::from_static(concat!(
            "tumen-atlas/",
            env!("CARGO_PKG_VERSION"),
            " (desktop explorer; offline by default)"
        ))),
        ..HttpOptions::default()
    };
    HttpTiles::with_options(walkers::sources::OpenStreetMap, options, ctx.clone())
}

impl eframe::App for App {
    fn ui(&mut self, ui: &mut Ui, _frame: &mut eframe::Frame) {
        App::ui(self, ui);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        if let Some(text) = persist::save(&self.saved_view()) {
            storage.set_string(persist::KEY, text);
        }
    }
}

/// Opens the window on the bundled data plus `extra` files.
pub fn run_window(extra: Vec<PathBuf>) -> anyhow::Result<()> {
    // The data and its prepared geometry load while eframe opens the window and its GL context.
    let loading = std::thread::spawn(|| {
        Dataset::bundled().map(|data| {
            let prepared = PreparedMap::for_geography(&data.geo);
            log::debug!(
                "data loaded on its thread after {} ms",
                crate::startup::since_process_start().as_millis()
            );
            (data, prepared)
        })
    });
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("Tumen Atlas")
            .with_inner_size([1500.0, 950.0])
            .with_min_inner_size([900.0, 600.0])
            .with_drag_and_drop(true),
        renderer: eframe::Renderer::Glow,
        ..Default::default()
    };
    eframe::run_native(
        "Tumen Atlas",
        options,
        Box::new(move |cc| {
            let saved = cc.storage.and_then(|s| s.get_string(persist::KEY));
            let since = || crate::startup::since_process_start().as_millis();
            log::debug!("window and GL context ready after {} ms", since());
            let (data, prepared) = loading
                .join()
                .map_err(|_| anyhow::anyhow!("loading the bundled data failed"))??;
            log::debug!("bundled data ready after {} ms", since());
            let mut app = App::with_prepared(&cc.egui_ctx, data, prepared, extra, saved.as_deref());
            app.native_window = true;
            Ok(Box::new(app))
        }),
    )
    .map_err(|e| anyhow::anyhow!("cannot open the window: {e}"))
}
