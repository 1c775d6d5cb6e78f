//! What the user has chosen: selection, hover (double-buffered), which level a click picks, map
//! overlays. Changed only through [`State::apply`] with a [`Command`], once per frame.
//!
//! A command is either a state edit, applied here, or asks for an [`Effect`] (save a picture or
//! the data, pick a folder, open the animation window, import files): `apply` queues those in
//! [`State::effects`] and the app runs them in one place after the frame's edits. Outside
//! `apply`, only these change the state, each where its doc comment says: the playback clock
//! ([`State::tick`]), the data's year span ([`State::set_year_span`]), the app when files
//! finish loading (messages, import report) and the map taking [`State::view_request`].

use std::collections::BTreeSet;
use std::path::PathBuf;

use crate::analysis::Metric;
use crate::data::{Geography, Level, PartnerId, RegionId};
use crate::style::theme::ThemeKind;

pub mod persist;
mod playback;
pub mod settings_file;
pub use playback::{Playback, SPEEDS};

/// Which administrative level a click on the map selects.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub enum PickLevel {
    /// Follows the zoom: countries when zoomed far out, provinces, then prefectures.
    #[default]
    Auto,
    /// Always countries.
    Country,
    /// Always first-level regions.
    Province,
    /// Prefectures where the map has them, else provinces.
    Prefecture,
}

impl PickLevel {
    /// Every choice, for the level switch.
    pub const ALL: [Self; 4] = [Self::Auto, Self::Country, Self::Province, Self::Prefecture];

    /// Label for the level switch.
    pub fn label(self) -> &'static str {
        match self {
            Self::Auto => "Auto",
            Self::Country => "Countries",
            Self::Province => "Provinces",
            Self::Prefecture => "Prefectures",
        }
    }

    /// The level a click picks at this map zoom (Auto: by the zoom bands of
    /// [`crate::style::zoom::ZOOM`]).
    pub fn level_at_zoom(self, zoom: f64) -> Level {
        match self {
            Self::Auto => crate::style::zoom::ZOOM.auto_pick_level(zoom),
            Self::Country => Level::Country,
            Self::Province => Level::Admin1,
            Self::Prefecture => Level::Admin2,
        }
    }
}

/// Picks from a hit chain (finest first) the region a click selects at `level`: the first
/// region at that level or coarser. Over the sea the chain is empty and so is the pick.
pub fn pick<'a>(
    chain: &[&'a crate::data::geo::Region],
    level: Level,
) -> Option<&'a crate::data::geo::Region> {
    chain.iter().find(|r| r.level >= level).copied()
}

/// A change to the state, produced by panels and the map and applied in one place.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    /// Replace the selection with one region.
    Select(RegionId),
    /// Add the region to the selection, or remove it if it was selected.
    Toggle(RegionId),
    /// Replace the selection with the members of a region set.
    SelectSet(String),
    /// Clear the selection.
    ClearSelection,
    /// The region under the pointer this frame (read by every view next frame).
    Hover(Option<RegionId>),
    /// Change which level a click picks.
    SetPickLevel(PickLevel),
    /// Frame the map on the northeast and the Tumen triangle.
    ResetView,
    /// Frame the map on the selection.
    ZoomToSelection,
    /// Switch OpenStreetMap tiles on or off (off by default: nothing touches the network).
    SetOsmTiles(bool),
    /// Show or hide places.
    SetShowPlaces(bool),
    /// Light or dark.
    SetTheme(ThemeKind),
    /// Dismiss the load messages.
    DismissMessages,
    /// Show this year everywhere.
    SetYear(i32),
    /// Step the year by ±n within the data's span.
    StepYear(i32),
    /// First year of the span.
    FirstYear,
    /// Last year of the span.
    LastYear,
    /// Start or stop playback.
    TogglePlay,
    /// Loop playback at the end of the span.
    SetLoop(bool),
    /// Playback speed, an index into [`SPEEDS`].
    SetSpeed(usize),
    /// The metric the map and headline show.
    SetMetric(Metric),
    /// The partner (`WLD`, `NEA4` or an ISO3 code).
    SetPartner(PartnerId),
    /// Linear or log colour/axis scale.
    SetScale(Scale),
    /// Continuous colours, quantile classes or natural breaks on the map.
    SetClasses(Classes),
    /// How many classes a classed map has (3–9).
    SetClassCount(usize),
    /// Classes over all regions or only those in view.
    SetDomain(ScaleDomain),
    /// Absolute values or shares of the region's trade.
    SetValueMode(ValueMode),
    /// Several selected regions: separate series or one summed set.
    SetCombine(Combine),
    /// The partner under the pointer in any plot or the flow map this frame.
    HoverPartner(Option<String>),
    /// Show or hide the coverage window.
    ShowCoverage(bool),
    /// Show or hide the keyboard help.
    ShowHelp(bool),
    /// Show or hide the import window.
    ShowImport(bool),
    /// Import these files through the importers ([`Effect::Import`]).
    Import(Vec<PathBuf>),
    /// Import these files with options (region, year, flow of a wide table).
    ImportWith(Vec<PathBuf>, crate::data::import::ImportOptions),
    /// Open "Where to get this" for a gap, or close it (`None`).
    ShowRecipe(Option<Gap>),
    /// Show or hide the "Fetch from UN Comtrade" window.
    ShowFetch(bool),
    /// Dismiss the last import report.
    DismissImportReport,
    /// Save a picture ([`Effect::Save`]).
    Save(SaveKind),
    /// Write the numbers behind the view to CSV ([`Effect::ExportData`]).
    ExportData,
    /// Remember this folder for saved pictures and data.
    SetSaveDir(PathBuf),
    /// Save pictures at twice the window's resolution.
    SetSave2x(bool),
    /// Pick the folder for saved pictures and data ([`Effect::ChooseSaveDir`]).
    ChooseSaveDir,
    /// Save the map as SVG ([`Effect::SaveSvg`]).
    SaveSvg,
    /// Open the "Save animation" window ([`Effect::OpenAnimation`]).
    SaveAnimation,
    /// Stop the import running in the background ([`Effect::CancelImport`]).
    CancelImport,
}

/// What a command asks of the app beyond the user's state: files, dialogs and background work.
/// [`State::apply`] queues them in [`State::effects`]; the app runs them after the frame's
/// state edits, in order, in one place.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Save a picture of the window, the map or the plots.
    Save(SaveKind),
    /// Write the numbers behind the view to CSV.
    ExportData,
    /// Ask for the folder for saved pictures and data.
    ChooseSaveDir,
    /// Save the map as SVG.
    SaveSvg,
    /// Open the "Save animation" window.
    OpenAnimation,
    /// Import these files (with options for a wide table: region, year, flow), after any
    /// import still running.
    Import(Vec<PathBuf>, Option<crate::data::import::ImportOptions>),
    /// Stop the import running in the background.
    CancelImport,
}

/// A cell without data the user wants to fill: reporter × partner × year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Gap {
    /// The reporting region.
    pub reporter: RegionId,
    /// The partner (ISO3, `WLD` or a group id).
    pub partner: String,
    /// The year.
    pub year: i32,
}

/// What a saved picture shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SaveKind {
    /// The whole window.
    Window,
    /// The map only.
    Map,
    /// The side panel's figures and plots only.
    Plots,
}

/// How values are scaled on the map and the plots.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub enum Scale {
    /// Linear.
    #[default]
    Linear,
    /// Logarithmic (positive values only; others are drawn as at the bottom of the scale).
    Log,
}

/// How the map turns values into colours.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub enum Classes {
    /// A continuous ramp (linear or log, by [`Scale`]).
    Continuous,
    /// Quantile classes: about as many regions in each. The default: the northeast's three
    /// provinces, which a linear ramp topped by Guangdong paints alike, fall in three classes.
    #[default]
    Quantiles,
    /// Natural breaks (Jenks).
    Jenks,
}

impl Classes {
    /// The name on the command line and in the bar.
    pub fn name(self) -> &'static str {
        match self {
            Self::Continuous => "continuous",
            Self::Quantiles => "quantiles",
            Self::Jenks => "jenks",
        }
    }
}

/// Which regions a classed scale's bounds are found from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub enum ScaleDomain {
    /// Every region with data that year.
    #[default]
    All,
    /// Only the regions in the map's view ("fit to view").
    View,
}

/// How a figure's map is coloured: scale, classes, their number and domain (the window's
/// choices, and `export --scale --classes --class-count --domain`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ColourOptions {
    /// Linear or log (continuous colours; natural breaks on a log scale use logarithms).
    pub scale: Scale,
    /// Continuous, quantiles or natural breaks.
    pub classes: Classes,
    /// Number of classes (3–9).
    pub class_count: usize,
    /// All regions or those in view.
    pub domain: ScaleDomain,
}

impl Default for ColourOptions {
    fn default() -> Self {
        Self {
            scale: Scale::Linear,
            classes: Classes::default(),
            class_count: DEFAULT_CLASS_COUNT,
            domain: ScaleDomain::All,
        }
    }
}

impl State {
    /// The state's colour options.
    pub fn colours(&self) -> ColourOptions {
        ColourOptions {
            scale: self.scale,
            classes: self.classes,
            class_count: self.class_count,
            domain: self.domain,
        }
    }

    /// Takes on colour options.
    pub fn set_colours(&mut self, c: ColourOptions) {
        self.scale = c.scale;
        self.classes = c.classes;
        self.class_count = c.class_count;
        self.domain = c.domain;
    }
}

/// The default number of classes.
pub const DEFAULT_CLASS_COUNT: usize = 6;

/// Absolute values or each partner's share of the region's trade.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub enum ValueMode {
    /// Values in USD (or the metric's unit).
    #[default]
    Absolute,
    /// Share of the region's trade with all partners, %.
    Share,
}

/// How several selected regions are shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub enum Combine {
    /// One series per region.
    #[default]
    Compare,
    /// One series for the regions summed (known only where every member is).
    Sum,
}

/// A request for the map view, taken by the app when it next draws the map.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ViewRequest {
    /// The opening view.
    Reset,
    /// Fit the selection.
    FitSelection,
}

/// Everything the user has chosen, apart from the map's own pan/zoom memory.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct State {
    /// Selected regions, sorted.
    pub selection: BTreeSet<RegionId>,
    /// The region set the selection came from, if it did.
    pub selected_set: Option<String>,
    /// Hovered region as of the last frame (what views read).
    #[serde(skip)]
    pub hovered: Option<RegionId>,
    /// Hovered region being collected this frame.
    #[serde(skip)]
    hovered_next: Option<RegionId>,
    /// Which level a click picks.
    pub pick_level: PickLevel,
    /// OpenStreetMap tiles on.
    pub osm_tiles: bool,
    /// Places drawn.
    pub show_places: bool,
    /// Theme.
    pub theme: ThemeKind,
    /// Pending map view change.
    #[serde(skip)]
    pub view_request: Option<ViewRequest>,
    /// Load messages shown to the user (bad files, refused features).
    #[serde(skip)]
    pub messages: Vec<String>,
    /// The year every view shows.
    pub year: i32,
    /// First and last year of the slider (from the data; set by the app).
    #[serde(skip)]
    pub year_span: (i32, i32),
    /// Playback.
    pub playback: Playback,
    /// Metric on the map and in the headline.
    #[serde(with = "metric_serde")]
    pub metric: Metric,
    /// The partner shown: `WLD`, `NEA4` or ISO3 (a restored view's is checked against the
    /// data by the app).
    pub partner: PartnerId,
    /// Scale.
    pub scale: Scale,
    /// Continuous or classed colours on the map.
    pub classes: Classes,
    /// How many classes (3–9) a classed map has.
    pub class_count: usize,
    /// Classes over all regions or the regions in view.
    pub domain: ScaleDomain,
    /// Absolute or share.
    pub value_mode: ValueMode,
    /// Compare or sum several regions.
    pub combine: Combine,
    /// Hovered partner as of the last frame.
    #[serde(skip)]
    pub hovered_partner: Option<String>,
    #[serde(skip)]
    hovered_partner_next: Option<String>,
    /// Coverage window open.
    pub show_coverage: bool,
    /// Help overlay open.
    #[serde(skip)]
    pub show_help: bool,
    /// Import window open.
    #[serde(skip)]
    pub show_import: bool,
    /// Effects asked for by this frame's commands, in order; the app takes and runs them.
    #[serde(skip)]
    pub effects: Vec<Effect>,
    /// The gap whose "Where to get this" window is open.
    #[serde(skip)]
    pub recipe_for: Option<Gap>,
    /// Whether the "Fetch from UN Comtrade" window is open.
    #[serde(skip)]
    pub show_fetch: bool,
    /// The last import report, shown until dismissed.
    #[serde(skip)]
    pub import_report: Option<Vec<String>>,
    /// Folder for saved pictures and data (picked once, remembered).
    pub save_dir: Option<PathBuf>,
    /// Save pictures at 2× for print.
    pub save_2x: bool,
}

mod metric_serde {
    use crate::analysis::Metric;

    pub fn serialize<S: serde::Serializer>(m: &Metric, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(m.as_str())
    }

    pub fn deserialize<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Metric, D::Error> {
        let text: String = serde::Deserialize::deserialize(d)?;
        Metric::parse(&text)
            .ok_or_else(|| serde::de::Error::custom(format!("unknown metric {text}")))
    }
}

impl Default for State {
    fn default() -> Self {
        Self {
            selection: BTreeSet::new(),
            selected_set: None,
            hovered: None,
            hovered_next: None,
            pick_level: PickLevel::Auto,
            osm_tiles: false,
            show_places: true,
            theme: ThemeKind::Light,
            view_request: Some(ViewRequest::Reset),
            messages: Vec::new(),
            year: 2019,
            year_span: (2016, 2024),
            playback: Playback::default(),
            metric: Metric::Total,
            partner: PartnerId::world(),
            scale: Scale::Linear,
            classes: Classes::default(),
            class_count: DEFAULT_CLASS_COUNT,
            domain: ScaleDomain::All,
            value_mode: ValueMode::Absolute,
            combine: Combine::Compare,
            hovered_partner: None,
            hovered_partner_next: None,
            show_coverage: false,
            show_help: false,
            show_import: false,
            effects: Vec::new(),
            recipe_for: None,
            show_fetch: false,
            import_report: None,
            save_dir: None,
            save_2x: false,
        }
    }
}

impl State {
    /// Applies one command.
    pub fn apply(&mut self, cmd: Command, geo: &Geography) {
        match cmd {
            Command::Select(id) => {
                self.selection = BTreeSet::from([id]);
                self.selected_set = None;
            }
            Command::Toggle(id) => {
                if !self.selection.remove(&id) {
                    self.selection.insert(id);
                }
                self.selected_set = None;
            }
            Command::SelectSet(set) => {
                if let Some(s) = geo.set(&set) {
                    self.selection = s
                        .members
                        .iter()
                        .filter(|m| geo.region(m).is_some())
                        .cloned()
                        .collect();
                    self.selected_set = Some(s.id.clone());
                }
            }
            Command::ClearSelection => {
                self.selection.clear();
                self.selected_set = None;
            }
            Command::Hover(h) => self.hovered_next = h,
            Command::SetPickLevel(l) => self.pick_level = l,
            Command::ResetView => self.view_request = Some(ViewRequest::Reset),
            Command::ZoomToSelection => {
                if !self.selection.is_empty() {
                    self.view_request = Some(ViewRequest::FitSelection);
                }
            }
            Command::SetOsmTiles(on) => self.osm_tiles = on,
            Command::SetShowPlaces(on) => self.show_places = on,
            Command::SetTheme(t) => self.theme = t,
            Command::DismissMessages => self.messages.clear(),
            Command::SetYear(y) => self.year = y.clamp(self.year_span.0, self.year_span.1),
            Command::StepYear(n) => {
                self.year = (self.year + n).clamp(self.year_span.0, self.year_span.1);
                self.playback.playing = false;
            }
            Command::FirstYear => self.year = self.year_span.0,
            Command::LastYear => self.year = self.year_span.1,
            Command::TogglePlay => {
                self.playback.playing = !self.playback.playing;
                if self.playback.playing && self.year >= self.year_span.1 {
                    self.year = self.year_span.0;
                }
                self.playback.elapsed = 0.0;
            }
            Command::SetLoop(on) => self.playback.looping = on,
            Command::SetSpeed(i) => self.playback.speed = i.min(SPEEDS.len() - 1),
            Command::SetMetric(m) => self.metric = m,
            Command::SetPartner(p) => self.partner = p,
            Command::SetScale(s) => self.scale = s,
            Command::SetClasses(c) => self.classes = c,
            Command::SetClassCount(n) => {
                self.class_count = n.clamp(
                    *crate::style::scale::CLASS_RANGE.start(),
                    *crate::style::scale::CLASS_RANGE.end(),
                );
            }
            Command::SetDomain(d) => self.domain = d,
            Command::SetValueMode(m) => self.value_mode = m,
            Command::SetCombine(c) => self.combine = c,
            Command::HoverPartner(p) => {
                if p.is_some() {
                    self.hovered_partner_next = p;
                }
            }
            Command::ShowCoverage(on) => self.show_coverage = on,
            Command::ShowHelp(on) => self.show_help = on,
            Command::ShowImport(on) => self.show_import = on,
            Command::Import(paths) => self.effects.push(Effect::Import(paths, None)),
            Command::ImportWith(paths, opts) => {
                self.effects.push(Effect::Import(paths, Some(opts)));
            }
            Command::ShowRecipe(gap) => self.recipe_for = gap,
            Command::ShowFetch(on) => self.show_fetch = on,
            Command::DismissImportReport => self.import_report = None,
            Command::Save(kind) => self.effects.push(Effect::Save(kind)),
            Command::ExportData => self.effects.push(Effect::ExportData),
            Command::ChooseSaveDir => self.effects.push(Effect::ChooseSaveDir),
            Command::SaveSvg => self.effects.push(Effect::SaveSvg),
            Command::SaveAnimation => self.effects.push(Effect::OpenAnimation),
            Command::CancelImport => self.effects.push(Effect::CancelImport),
            Command::SetSaveDir(d) => self.save_dir = Some(d),
            Command::SetSave2x(on) => self.save_2x = on,
        }
    }

    /// Applies a frame's commands, then swaps the hover buffer so every view reads the same
    /// hovered region next frame, whatever order they drew in.
    pub fn end_frame(&mut self, cmds: Vec<Command>, geo: &Geography) {
        for c in cmds {
            self.apply(c, geo);
        }
        self.hovered = self.hovered_next.take();
        self.hovered_partner = self.hovered_partner_next.take();
    }

    /// Advances playback by `dt` seconds; returns whether the year changed.
    pub fn tick(&mut self, dt: f32) -> bool {
        let (first, last) = self.year_span;
        match self.playback.advance(dt, self.year, first, last) {
            Some(y) => {
                self.year = y;
                true
            }
            None => false,
        }
    }

    /// Sets the year span from the data and clamps the year into it.
    pub fn set_year_span(&mut self, first: i32, last: i32) {
        self.year_span = (first, last.max(first));
        self.year = self.year.clamp(self.year_span.0, self.year_span.1);
    }
}
