//! The application: owns the dataset, prepared geometry, the cached view model, state and map
//! memory; draws the panels in screen order; applies the frame's commands in one place at the
//! end of the frame.

use std::path::PathBuf;

use egui::Ui;
use walkers::{HttpTiles, MapMemory, lon_lat};

pub mod figure;
mod frame;
mod keys;
mod loading;
mod saving;

use crate::data::Dataset;
use crate::export::figure::FigureView;
use crate::map::flows::FlowArc;
use crate::map::prepared::mercator;
use crate::map::{PreparedMap, view};
use crate::model::{Legend, Model};
use crate::state::persist::{self, Saved};
use crate::state::{State, ViewRequest};
use crate::style::theme::Theme;
use crate::ui::{import, top_bar};
use loading::year_span;

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
    loading: Option<crate::ui::loading::Loading>,
    /// Imports asked for while another load runs; started together when it ends.
    import_queue: Vec<(Vec<PathBuf>, Option<crate::data::import::ImportOptions>)>,
    map_rect: egui::Rect,
    side_rect: egui::Rect,
    drawn: Drawn,
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

/// Where the last frame drew what, as the views returned it: the map's legend, attribution,
/// names and hovered place, the plots' years and bars, the scrubber's last year. Kept for
/// tests and automation to point at ([`App::drawn`]); nothing in the app reads it.
#[derive(Debug, Clone, Default)]
pub struct Drawn {
    /// The map's.
    pub map: crate::map::layer::MapDrawn,
    /// The side panel's plots'.
    pub plots: crate::plots::PlotsDrawn,
    /// Where the scrubber put the last year (screen x).
    pub last_year_x: Option<f32>,
    /// Where the coverage grid was drawn and its first year, while the window is open.
    pub coverage_grid: Option<crate::ui::coverage::GridDrawn>,
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
        // Levels of detail are decoded as the frames draw them.
        let prepared = PreparedMap::for_window(&data.geo);
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
                if !st.partner.is_known(&data.trade.partners) {
                    st.messages.push(format!(
                        "The saved view's partner \"{}\" is not in the data; showing all partners.",
                        st.partner
                    ));
                    st.partner = crate::data::PartnerId::world();
                }
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
        let theme = Theme::new(state.theme);
        let source_names = source_names(&data);
        let mut app = Self::with_parts(data, prepared, state, memory, theme, source_names);
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

    /// Where the last frame drew what (for tests and automation).
    #[doc(hidden)]
    pub fn drawn(&self) -> &Drawn {
        &self.drawn
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

    /// An app over these parts with nothing running, open or cached yet.
    fn with_parts(
        data: Dataset,
        prepared: PreparedMap,
        state: State,
        memory: MapMemory,
        theme: Theme,
        source_names: std::collections::HashMap<String, String>,
    ) -> Self {
        Self {
            data,
            prepared,
            model: Model::default(),
            theme,
            state,
            memory,
            search: top_bar::SearchBox::default(),
            import_window: import::ImportWindow::default(),
            get_data: crate::ui::recipe::GetData::default(),
            coverage_pick: None,
            tiles: None,
            loading: None,
            import_queue: Vec::new(),
            map_rect: egui::Rect::NOTHING,
            side_rect: egui::Rect::NOTHING,
            drawn: Drawn::default(),
            source_names,
            figure: None,
            native_window: false,
            saver: crate::ui::save::Saver::default(),
            animation: crate::ui::animation::AnimationWindow::default(),
            map_cache: crate::map::cache::MapCache::default(),
            shot_next_frame: None,
            first_frame: crate::startup::FirstFrame::default(),
        }
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
        let mut copy = Self::with_parts(
            self.data.clone(),
            self.prepared.clone(),
            state,
            self.memory.clone(),
            self.theme.clone(),
            self.source_names.clone(),
        );
        copy.map_rect = self.map_rect;
        copy.side_rect = self.side_rect;
        copy.figure = self.figure;
        copy
    }

    /// The title of a figure: what, with whom, where, when.
    pub fn figure_title(&self) -> String {
        crate::model::figure_title(&self.data, &self.state)
    }

    /// Flow arcs for the selected regions in the current year: one per known partner.
    pub fn flow_arcs(&mut self) -> Vec<FlowArc> {
        let flows = self.model.flows(&self.data, &self.state);
        crate::map::flows::arcs(flows, &self.data.geo, &self.prepared, &self.theme)
    }

    /// The map legend for the current state (title names the metric, partner and year).
    pub fn legend(&mut self) -> Legend {
        self.model.legend(&self.data, &self.state)
    }

    /// How many times the map's outline geometry has been built (it is kept while the view is
    /// still; for tests and benches).
    pub fn map_geometry_builds(&self) -> usize {
        self.map_cache.builds()
    }

    /// What to save between runs.
    pub fn saved_view(&self) -> Saved {
        Saved {
            state: self.state.clone(),
            centre: self.memory.detached().map(|p| (p.x(), p.y())),
            zoom: Some(self.memory.zoom()),
        }
    }

    /// The map as it was last drawn, for vector export ([`crate::export::svg`]): its geometry,
    /// values, legend, title and the rect and transform of the last frame.
    pub fn map_scene(&mut self) -> crate::export::svg::MapScene<'_> {
        let title = self.figure_title();
        let legend = self.legend();
        let centre = self.memory.detached().unwrap_or(lon_lat(127.5, 44.0));
        let zoom = self.memory.zoom();
        self.prepared
            .ensure_lod(&self.data.geo, crate::map::prepared::lod_for_zoom(zoom));
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
}

impl eframe::App for App {
    fn ui(&mut self, ui: &mut Ui, frame: &mut eframe::Frame) {
        if let Some(loading) = &mut self.loading {
            loading.note_frame_work(frame.info().cpu_usage);
        }
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
    // Imports run beside the drawing thread: leave it a core so frames stay short.
    crate::data::import::customs::leave_a_core_for_drawing();
    // The data and its prepared geometry load while eframe opens the window and its GL context.
    let loading = std::thread::spawn(|| {
        Dataset::bundled().map(|data| {
            // Only what the levels of detail share: the first frame decodes the one it draws.
            let prepared = PreparedMap::for_window(&data.geo);
            log::debug!("data loaded on its thread {}", crate::startup::stage());
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
            log::debug!("window and GL context ready {}", crate::startup::stage());
            let (data, prepared) = loading
                .join()
                .map_err(|_| anyhow::anyhow!("loading the bundled data failed"))??;
            log::debug!("bundled data ready {}", crate::startup::stage());
            let mut app = App::with_prepared(&cc.egui_ctx, data, prepared, extra, saved.as_deref());
            app.native_window = true;
            let settings = crate::state::settings_file::path("Tumen Atlas");
            if let Some(notice) = settings
                .and_then(|f| crate::state::settings_file::keep_unreadable(&f, saved.as_deref()))
            {
                app.state.messages.push(notice);
            }
            Ok(Box::new(app))
        }),
    )
    .map_err(|e| anyhow::anyhow!("cannot open the window: {e}"))
}
