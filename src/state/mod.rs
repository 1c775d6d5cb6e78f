//! What the user has chosen: selection, hover (double-buffered), which level a click picks, map
//! overlays. Changed only through [`State::apply`] with a [`Command`], once per frame.

use std::collections::BTreeSet;

use crate::data::{Geography, Level, RegionId};
use crate::ui::theme::ThemeKind;

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

    /// The level a click picks at this map zoom.
    pub fn level_at_zoom(self, zoom: f64) -> Level {
        match self {
            Self::Country => Level::Country,
            Self::Province => Level::Admin1,
            Self::Prefecture => Level::Admin2,
            Self::Auto if zoom < 4.6 => Level::Country,
            Self::Auto if zoom < 6.8 => Level::Admin1,
            Self::Auto => Level::Admin2,
        }
    }
}

/// Picks from a hit chain (finest first) the region a click selects at `level`: the first
/// region at that level or coarser. Over the sea the chain is empty and so is the pick.
pub fn pick<'a>(chain: &[&'a crate::data::geo::Region], level: Level) -> Option<&'a crate::data::geo::Region> {
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
        }
    }

    /// Applies a frame's commands, then swaps the hover buffer so every view reads the same
    /// hovered region next frame, whatever order they drew in.
    pub fn end_frame(&mut self, cmds: Vec<Command>, geo: &Geography) {
        for c in cmds {
            self.apply(c, geo);
        }
        self.hovered = self.hovered_next.take();
    }
}
