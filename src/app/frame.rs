//! One frame of the window, top to bottom as on screen: the figure title or the controls (top
//! bar, metric bar, scrubber), the side panel, the map, the windows (coverage, help, import,
//! "Where to get this", save toast, animation); then the frame's commands are applied to the
//! state and their effects run, once, at the end.

use egui::Ui;
use walkers::{HttpOptions, HttpTiles, lon_lat};

use super::App;
use super::loading::year_span;
use crate::data::RegionId;
use crate::export::figure::FigureView;
use crate::map::layer::{self, MapCtx};
use crate::map::prepared::lod_for_zoom;
use crate::map::view;
use crate::model::Legend;
use crate::state::{Command, SaveKind, ViewRequest};
use crate::style::theme::Theme;
use crate::ui::{coverage, help, metric_bar, scrubber, side_panel, top_bar};

impl App {
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
        match self.figure {
            Some(view) => {
                self.figure_title_panel(ui);
                if view == FigureView::Plots {
                    self.plots_figure(ui, &mut cmds);
                    self.state.end_frame(cmds, &self.data.geo);
                    return;
                }
            }
            None => self.control_panels(ui, &mut cmds),
        }
        if self.figure != Some(FigureView::Map) {
            self.side_panel(ui, shot_this_frame.is_some(), &mut cmds);
        }
        self.map_panel(ui, &mut cmds);
        let ctx = ui.ctx().clone();
        self.windows(&ctx, shot_this_frame.is_none(), &mut cmds);
        self.finish_frame(&ctx, cmds, shot_this_frame);
        if self.native_window {
            self.first_frame.frame_laid_out();
        }
    }

    /// The title of a figure and the line that says where its numbers come from.
    fn figure_title_panel(&mut self, ui: &mut Ui) {
        let title = self.figure_title();
        egui::Panel::top("figure-title").show(ui, |ui| {
            ui.add_space(4.0);
            ui.label(egui::RichText::new(title).size(18.0).strong());
            ui.label(
                egui::RichText::new("Tumen Atlas · every figure cited in data/sources.csv").small(),
            );
            ui.add_space(2.0);
        });
    }

    /// A figure of the side panel's figures and plots alone.
    fn plots_figure(&mut self, ui: &mut Ui, cmds: &mut Vec<Command>) {
        egui::CentralPanel::default().show(ui, |ui| {
            self.side_rect = ui.max_rect();
            let (panel_cmds, drawn) = side_panel::show(
                ui,
                &self.data,
                &mut self.model,
                &self.state,
                &self.theme,
                side_panel::PanelMode::Figure,
            );
            cmds.extend(panel_cmds);
            self.drawn.plots = drawn;
        });
    }

    /// The top bar with the metric bar under it, and the year scrubber at the bottom.
    fn control_panels(&mut self, ui: &mut Ui, cmds: &mut Vec<Command>) {
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
            let (scrubber_cmds, last_year_x) =
                scrubber::show(ui, &self.data, &self.state, &self.theme);
            cmds.extend(scrubber_cmds);
            self.drawn.last_year_x = Some(last_year_x);
            ui.add_space(10.0);
        });
    }

    /// The side panel: loading spinner, headline figures and plots. A frame taken as a picture
    /// leaves out the "Problems loading data" banner.
    fn side_panel(&mut self, ui: &mut Ui, for_picture: bool, cmds: &mut Vec<Command>) {
        // About 40 % of a small window, so the map keeps the larger part.
        let side_width = (ui.available_width() * 0.4).clamp(300.0, 420.0);
        egui::Panel::right("side-panel")
            .default_size(side_width)
            .resizable(true)
            .show(ui, |ui| {
                self.side_rect = ui.max_rect();
                if let Some(loading) = &self.loading {
                    cmds.extend(crate::ui::loading::show(ui, loading));
                }
                let mode = if self.figure.is_some() {
                    side_panel::PanelMode::Figure
                } else {
                    side_panel::PanelMode::Interactive
                };
                let without_banner;
                let shown = if for_picture {
                    let mut s = self.state.clone();
                    s.messages.clear();
                    without_banner = s;
                    &without_banner
                } else {
                    &self.state
                };
                let (panel_cmds, drawn) =
                    side_panel::show(ui, &self.data, &mut self.model, shown, &self.theme, mode);
                cmds.extend(panel_cmds);
                self.drawn.plots = drawn;
            });
    }

    /// The map with its legend, flows and (when only China has a figure) the button to show it.
    fn map_panel(&mut self, ui: &mut Ui, cmds: &mut Vec<Command>) {
        let legend = self.legend();
        let arcs = self.flow_arcs();
        egui::CentralPanel::default()
            .frame(egui::Frame::NONE)
            .show(ui, |ui| {
                self.apply_view_request(ui.available_size());
                if self.state.osm_tiles && self.tiles.is_none() {
                    let (tiles, notice) = osm_tiles(ui.ctx());
                    self.tiles = Some(tiles);
                    self.state.messages.extend(notice);
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
                let out = walkers::Map::new(tiles, &mut self.memory, lon_lat(127.5, 44.0))
                    .double_click_to_zoom(true)
                    .zoom_with_ctrl(false)
                    .show(ui, |ui, response, projector, _| {
                        // The level of detail this frame draws, decoded on first use.
                        let lod = lod_for_zoom(projector.zoom());
                        self.prepared.ensure_lod(&self.data.geo, lod);
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
                        layer::draw(ui, response, projector, &ctx, &mut self.map_cache)
                    });
                self.map_rect = out.response.rect;
                if let Some(t) = out.inner.transform {
                    self.note_regions_in_view(ui, t);
                }
                cmds.extend(out.inner.commands);
                self.drawn.map = out.inner.drawn;
                self.china_only_button(ui, &legend, cmds);
            });
    }

    /// Classes fitted to the view are found from the regions this frame showed.
    fn note_regions_in_view(&mut self, ui: &Ui, t: view::ScreenTransform) {
        let visible = t.visible([self.map_rect.width(), self.map_rect.height()]);
        let in_view = self
            .prepared
            .regions
            .iter()
            .map(|p| view::intersects(p.bbox, visible))
            .collect();
        if self.model.set_in_view(in_view) && self.state.domain == crate::state::ScaleDomain::View {
            ui.ctx().request_repaint();
        }
    }

    /// Only the country has a figure: offer to show it rather than a grey map alone.
    fn china_only_button(&self, ui: &mut Ui, legend: &Legend, cmds: &mut Vec<Command>) {
        if !legend.china_only || self.figure.is_some() {
            return;
        }
        let at = self.map_rect.left_top() + egui::vec2(12.0, 12.0);
        let button = egui::Button::new("Show China as a whole");
        let r = ui
            .put(
                egui::Rect::from_min_size(at, egui::vec2(180.0, 24.0)),
                button,
            )
            .on_hover_text("Only China as a whole has a figure for this partner and year");
        if r.clicked() {
            cmds.push(Command::SetPickLevel(crate::state::PickLevel::Country));
            cmds.push(Command::Select(RegionId::new("CHN")));
        }
    }

    /// The windows over the map; the save toast and the animation window are left out of
    /// figures and of a frame taken as a picture.
    fn windows(&mut self, ctx: &egui::Context, with_save_ui: bool, cmds: &mut Vec<Command>) {
        if self.state.show_coverage {
            let (cells, grid) = self.model.coverage_grid(&self.data);
            let (coverage_cmds, grid_drawn) = coverage::show(
                ctx,
                true,
                &self.data,
                (cells, grid),
                &self.theme,
                &mut self.coverage_pick,
            );
            cmds.extend(coverage_cmds);
            self.drawn.coverage_grid = grid_drawn;
        }
        cmds.extend(help::show(ctx, self.state.show_help));
        cmds.extend(self.import_window.show(ctx, &self.state));
        cmds.extend(
            self.get_data
                .show(ctx, &self.data, &self.state, &mut self.import_window),
        );
        if self.figure.is_none() && with_save_ui {
            let save_cmds = self.saver.show(ctx, &self.state, &self.theme);
            cmds.extend(save_cmds);
            let (request, outcome) = self.animation.show(ctx, year_span(&self.data));
            if let Some(result) = outcome {
                self.saver.report(result);
            }
            if let Some(r) = request {
                self.save_animation(ctx, r);
            }
        }
    }

    /// Applies the frame's commands to the state, then runs their effects, takes a picture
    /// asked for last frame, follows a theme change and starts imports waiting for their turn.
    fn finish_frame(
        &mut self,
        ctx: &egui::Context,
        cmds: Vec<Command>,
        shot_this_frame: Option<SaveKind>,
    ) {
        let theme_before = self.state.theme;
        self.state.end_frame(cmds, &self.data.geo);
        self.run_effects(ctx);
        if let Some(kind) = shot_this_frame {
            self.save_picture(ctx, kind);
        }
        if self.state.theme != theme_before {
            self.theme = Theme::new(self.state.theme);
            ctx.set_visuals(self.theme.visuals());
        }
        self.start_queued_imports(ctx);
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
}

/// OpenStreetMap tiles, cached when the cache folder can be written; else uncached, with the
/// notice saying so.
fn osm_tiles(ctx: &egui::Context) -> (HttpTiles, Option<String>) {
    let (cache, notice) =
        match crate::map::tile_cache::usable(&crate::map::tile_cache::default_dir()) {
            Ok(dir) => (Some(dir), None),
            Err(notice) => (None, Some(notice)),
        };
    let options = HttpOptions {
        cache,
        user_agent: Some(walkers::HeaderValue::from_static(concat!(
            "tumen-atlas/",
            env!("CARGO_PKG_VERSION"),
            " (desktop explorer; offline by default)"
        ))),
        ..HttpOptions::default()
    };
    let tiles = HttpTiles::with_options(walkers::sources::OpenStreetMap, options, ctx.clone());
    (tiles, notice)
}
