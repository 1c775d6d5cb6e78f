//! The application: owns the dataset, prepared geometry, state and map memory; draws the panels
//! in screen order; applies the frame's commands in one place at the end.

use std::path::PathBuf;
use std::sync::mpsc::{Receiver, channel};

use egui::{Key, Ui};
use walkers::{HttpOptions, HttpTiles, MapMemory, lon_lat};

use crate::data::{Dataset, Geography};
use crate::map::layer::{self, MapCtx};
use crate::map::{PreparedMap, view};
use crate::state::{Command, State, ViewRequest};
use crate::ui::theme::Theme;
use crate::ui::{side_panel, top_bar};

/// Result of loading user files off the UI thread.
struct Loaded {
    geo: Geography,
    prepared: PreparedMap,
    messages: Vec<String>,
}

/// The Tumen Atlas window.
pub struct App {
    data: Dataset,
    prepared: PreparedMap,
    /// User state (public for tests).
    pub state: State,
    /// walkers' pan/zoom memory (public for tests).
    pub memory: MapMemory,
    theme: Theme,
    search: top_bar::SearchBox,
    tiles: Option<HttpTiles>,
    loading: Option<(Receiver<Loaded>, Vec<PathBuf>)>,
    map_rect: egui::Rect,
}

/// Loads user GeoJSON files on top of `geo`, reporting every refused file or feature.
pub fn load_extra(mut geo: Geography, paths: &[PathBuf]) -> (Geography, Vec<String>) {
    let mut messages = Vec::new();
    for path in paths {
        let is_geojson = path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| e.eq_ignore_ascii_case("geojson") || e.eq_ignore_ascii_case("json"));
        if !is_geojson {
            messages.push(format!(
                "{}: only GeoJSON (.geojson, .json) files can be added to the map in this version",
                path.display()
            ));
            continue;
        }
        match crate::data::geo::load_regions_file(path) {
            Ok((regions, errors)) => {
                messages.extend(errors.iter().map(ToString::to_string));
                messages.extend(geo.add_regions(regions));
            }
            Err(e) => messages.push(e.to_string()),
        }
    }
    (geo, messages)
}

impl App {
    /// A new app on `data`, loading `extra` files in the background.
    pub fn new(ctx: &egui::Context, data: Dataset, extra: Vec<PathBuf>) -> Self {
        crate::fonts::install(ctx);
        let prepared = PreparedMap::new(&data.geo);
        let mut state = State::default();
        state.messages.extend(data.warnings.iter().cloned());
        let loading = (!extra.is_empty()).then(|| {
            let (tx, rx) = channel();
            let geo = data.geo.clone();
            let paths = extra.clone();
            let ctx = ctx.clone();
            std::thread::spawn(move || {
                let (geo, messages) = load_extra(geo, &paths);
                let prepared = PreparedMap::new(&geo);
                // The receiver is gone only if the window closed; nothing to report then.
                let _ = tx.send(Loaded {
                    geo,
                    prepared,
                    messages,
                });
                ctx.request_repaint();
            });
            (rx, extra)
        });
        let theme = Theme::new(state.theme);
        ctx.set_visuals(theme.visuals());
        Self {
            data,
            prepared,
            state,
            memory: MapMemory::default(),
            theme,
            search: top_bar::SearchBox::default(),
            tiles: None,
            loading,
            map_rect: egui::Rect::NOTHING,
        }
    }

    /// The dataset shown.
    pub fn data(&self) -> &Dataset {
        &self.data
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
            crate::map::prepared::mercator(geo::Coord { x: centre.x(), y: centre.y() }),
            [f64::from(c.x), f64::from(c.y)],
            self.memory.zoom(),
        );
        let p = t.apply(crate::map::prepared::mercator(geo::Coord { x: lon, y: lat }));
        Some(egui::pos2(p[0], p[1]))
    }

    /// Whether user files are still loading.
    pub fn is_loading(&self) -> bool {
        self.loading.is_some()
    }

    fn poll_loading(&mut self) {
        if let Some((rx, _)) = &self.loading {
            if let Ok(loaded) = rx.try_recv() {
                self.data.geo = loaded.geo;
                self.prepared = loaded.prepared;
                self.state.messages.extend(loaded.messages);
                self.loading = None;
            }
        }
    }

    fn global_keys(&mut self, ui: &Ui, cmds: &mut Vec<Command>) {
        ui.input_mut(|i| {
            if i.consume_key(egui::Modifiers::COMMAND, Key::F) {
                self.search.focus_requested = true;
            }
        });
        let typing = ui.ctx().egui_wants_keyboard_input();
        if !typing && ui.input(|i| i.key_pressed(Key::Escape)) {
            cmds.push(Command::ClearSelection);
        }
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
            let (c, z) = view::fit(b, [size.x, size.y], 24.0);
            self.memory.center_at(lon_lat(c.x, c.y));
            // `fit` clamps to walkers' valid range, so this cannot fail.
            let _ = self.memory.set_zoom(z);
        }
    }

    /// Draws one frame.
    pub fn ui(&mut self, ui: &mut Ui) {
        self.poll_loading();
        let mut cmds = Vec::new();
        self.global_keys(ui, &mut cmds);

        egui::Panel::top("top-bar").show(ui, |ui| {
            cmds.extend(top_bar::show(ui, &self.data.geo, &self.state, &mut self.search));
        });
        egui::Panel::right("side-panel")
            .default_size(320.0)
            .resizable(true)
            .show(ui, |ui| {
                if let Some((_, paths)) = &self.loading {
                    ui.horizontal(|ui| {
                        ui.spinner();
                        ui.label(format!("Loading {} file(s)…", paths.len()));
                    });
                }
                cmds.extend(side_panel::show(ui, &self.data.geo, &self.state, &self.theme));
            });
        egui::CentralPanel::default()
            .frame(egui::Frame::NONE)
            .show(ui, |ui| {
                self.apply_view_request(ui.available_size());
                if self.state.osm_tiles && self.tiles.is_none() {
                    self.tiles = Some(osm_tiles(ui.ctx()));
                }
                let tiles_attr = self.tiles.as_ref().map(|t| walkers::Tiles::attribution(t).text);
                let tiles: Option<&mut dyn walkers::Tiles> = if self.state.osm_tiles {
                    self.tiles.as_mut().map(|t| t as &mut dyn walkers::Tiles)
                } else {
                    None
                };
                let centre = lon_lat(127.5, 44.0);
                let ctx = MapCtx {
                    geo: &self.data.geo,
                    prepared: &self.prepared,
                    state: &self.state,
                    theme: &self.theme,
                    tiles_on: self.state.osm_tiles,
                    tiles_attribution: tiles_attr,
                };
                let out = walkers::Map::new(tiles, &mut self.memory, centre)
                    .double_click_to_zoom(true)
                    .zoom_with_ctrl(false)
                    .show(ui, |ui, response, projector, _| layer::draw(ui, response, projector, &ctx));
                self.map_rect = out.response.rect;
                cmds.extend(out.inner.commands);
            });

        let theme_before = self.state.theme;
        self.state.end_frame(cmds, &self.data.geo);
        if self.state.theme != theme_before {
            self.theme = Theme::new(self.state.theme);
            ui.ctx().set_visuals(self.theme.visuals());
        }
    }
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
}

/// Opens the window on the bundled data plus `extra` files.
pub fn run_window(extra: Vec<PathBuf>) -> anyhow::Result<()> {
    let data = Dataset::bundled()?;
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("Tumen Atlas")
            .with_inner_size([1400.0, 900.0])
            .with_min_inner_size([800.0, 500.0])
            .with_drag_and_drop(true),
        renderer: eframe::Renderer::Glow,
        ..Default::default()
    };
    eframe::run_native(
        "Tumen Atlas",
        options,
        Box::new(move |cc| Ok(Box::new(App::new(&cc.egui_ctx, data, extra)))),
    )
    .map_err(|e| anyhow::anyhow!("cannot open the window: {e}"))
}
