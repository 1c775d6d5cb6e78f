//! The only place colours live. Everything that paints asks the [`Theme`].

use egui::{Color32, Stroke};

/// Light or dark.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub enum ThemeKind {
    /// Light map on a light UI.
    #[default]
    Light,
    /// Dark map on a dark UI.
    Dark,
}

/// Map and UI colours for one theme.
#[derive(Debug, Clone)]
pub struct Theme {
    /// Which one.
    pub kind: ThemeKind,
    /// Sea / background.
    pub sea: Color32,
    /// Land of China.
    pub land_china: Color32,
    /// Land of the other countries.
    pub land_other: Color32,
    /// Fill over the hovered region.
    pub hover_fill: Color32,
    /// Fill over selected regions.
    pub selected_fill: Color32,
    /// Outline of selected regions.
    pub selected_stroke: Stroke,
    /// Country borders.
    pub border_country: Stroke,
    /// Province borders.
    pub border_admin1: Stroke,
    /// Prefecture borders.
    pub border_admin2: Stroke,
    /// Rivers.
    pub river: Stroke,
    /// River labels.
    pub river_label: Color32,
    /// Place dots.
    pub place: Color32,
    /// Ports.
    pub port: Color32,
    /// Border crossings.
    pub crossing: Color32,
    /// Labels of places and regions.
    pub label: Color32,
    /// Halo behind labels.
    pub label_halo: Color32,
    /// Country labels.
    pub country_label: Color32,
    /// Attribution text.
    pub attribution: Color32,
    /// Text for warnings.
    pub warning: Color32,
}

impl Theme {
    /// The theme of a kind.
    pub fn new(kind: ThemeKind) -> Self {
        match kind {
            ThemeKind::Light => Self {
                kind,
                sea: Color32::from_rgb(0xc9, 0xdd, 0xec),
                land_china: Color32::from_rgb(0xf4, 0xef, 0xe4),
                land_other: Color32::from_rgb(0xe4, 0xe2, 0xdc),
                hover_fill: Color32::from_rgba_unmultiplied(0xff, 0xc8, 0x3c, 90),
                selected_fill: Color32::from_rgba_unmultiplied(0xd9, 0x48, 0x1c, 70),
                selected_stroke: Stroke::new(2.5, Color32::from_rgb(0xc2, 0x3b, 0x12)),
                border_country: Stroke::new(1.8, Color32::from_rgb(0x55, 0x4c, 0x44)),
                border_admin1: Stroke::new(0.9, Color32::from_rgb(0x8f, 0x86, 0x7c)),
                border_admin2: Stroke::new(0.5, Color32::from_rgb(0xb5, 0xad, 0xa3)),
                river: Stroke::new(2.6, Color32::from_rgb(0x2a, 0x6f, 0xb8)),
                river_label: Color32::from_rgb(0x1c, 0x52, 0x8c),
                place: Color32::from_rgb(0x33, 0x33, 0x33),
                port: Color32::from_rgb(0x1d, 0x5f, 0x9e),
                crossing: Color32::from_rgb(0xb0, 0x2e, 0x26),
                label: Color32::from_rgb(0x25, 0x25, 0x25),
                label_halo: Color32::from_rgba_unmultiplied(0xff, 0xff, 0xff, 190),
                country_label: Color32::from_rgb(0x6b, 0x5e, 0x52),
                attribution: Color32::from_rgb(0x50, 0x50, 0x50),
                warning: Color32::from_rgb(0xb0, 0x2e, 0x26),
            },
            ThemeKind::Dark => Self {
                kind,
                sea: Color32::from_rgb(0x16, 0x22, 0x30),
                land_china: Color32::from_rgb(0x3a, 0x3a, 0x36),
                land_other: Color32::from_rgb(0x2c, 0x2d, 0x2c),
                hover_fill: Color32::from_rgba_unmultiplied(0xff, 0xc8, 0x3c, 70),
                selected_fill: Color32::from_rgba_unmultiplied(0xff, 0x7a, 0x45, 60),
                selected_stroke: Stroke::new(2.5, Color32::from_rgb(0xff, 0x8a, 0x50)),
                border_country: Stroke::new(1.8, Color32::from_rgb(0xc8, 0xc0, 0xb4)),
                border_admin1: Stroke::new(0.9, Color32::from_rgb(0x80, 0x7a, 0x72)),
                border_admin2: Stroke::new(0.5, Color32::from_rgb(0x5c, 0x58, 0x52)),
                river: Stroke::new(2.6, Color32::from_rgb(0x5a, 0xa9, 0xf0)),
                river_label: Color32::from_rgb(0x8c, 0xc4, 0xf5),
                place: Color32::from_rgb(0xe0, 0xe0, 0xe0),
                port: Color32::from_rgb(0x6c, 0xb4, 0xf0),
                crossing: Color32::from_rgb(0xff, 0x70, 0x60),
                label: Color32::from_rgb(0xee, 0xee, 0xee),
                label_halo: Color32::from_rgba_unmultiplied(0x10, 0x10, 0x10, 190),
                country_label: Color32::from_rgb(0xc0, 0xb6, 0xaa),
                attribution: Color32::from_rgb(0xb0, 0xb0, 0xb0),
                warning: Color32::from_rgb(0xff, 0x80, 0x70),
            },
        }
    }

    /// egui visuals matching the theme.
    pub fn visuals(&self) -> egui::Visuals {
        match self.kind {
            ThemeKind::Light => egui::Visuals::light(),
            ThemeKind::Dark => egui::Visuals::dark(),
        }
    }
}
