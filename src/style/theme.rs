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
    /// Outline of selected regions.
    pub selected_stroke: Stroke,
    /// Country borders.
    pub border_country: Stroke,
    /// Province borders (each border is stroked once: [`crate::map::borders`]).
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
    /// Regions with no data for the chosen metric and year (never a palette colour).
    pub no_data: Color32,
    /// The current-year marker in plots and on the scrubber.
    pub year_marker: Color32,
    /// Event ticks on the scrubber.
    pub event: Color32,
    /// Exports in plots.
    pub export: Color32,
    /// Imports in plots.
    pub import: Color32,
    /// Balance in plots.
    pub balance: Color32,
}

/// `YlOrRd`-like sequential palette (`ColorBrewer`, light to dark); never used for "no data".
const SEQUENTIAL: [u32; 7] = [
    0xfff2ae, 0xfed976, 0xfeb24c, 0xfd8d3c, 0xf0592b, 0xd0241e, 0x8c0a26,
];

/// `RdBu`-like diverging palette: blue for negative, near-white at zero, red for positive.
const DIVERGING: [u32; 7] = [
    0x2166ac, 0x67a9cf, 0xd1e5f0, 0xf7f7f7, 0xfddbc7, 0xef8a62, 0xb2182b,
];

/// Categorical colours for partners (Tableau 10), in a fixed order so a partner keeps its
/// colour across views.
const CATEGORICAL: [u32; 10] = [
    0x4e79a7, 0xf28e2b, 0xe15759, 0x76b7b2, 0x59a14f, 0xedc948, 0xb07aa1, 0xff9da7, 0x9c755f,
    0xbab0ac,
];

/// The red, green and blue bytes of a `0xRRGGBB` palette entry.
fn rgb(c: u32) -> [u8; 3] {
    let [_, r, g, b] = c.to_be_bytes();
    [r, g, b]
}

fn lerp_palette(p: &[u32], t: f32) -> Color32 {
    let t = if t.is_finite() {
        t.clamp(0.0, 1.0)
    } else {
        0.0
    };
    let x = t * (p.len() - 1) as f32;
    let i = (x.floor() as usize).min(p.len() - 2);
    let f = x - i as f32;
    let mix = |a: u8, b: u8| (f32::from(a) + (f32::from(b) - f32::from(a)) * f).round() as u8;
    let (a, b) = (rgb(p[i]), rgb(p[i + 1]));
    Color32::from_rgb(mix(a[0], b[0]), mix(a[1], b[1]), mix(a[2], b[2]))
}

impl Theme {
    /// Sequential colour for `t` in 0..=1.
    pub fn sequential(&self, t: f32) -> Color32 {
        lerp_palette(&SEQUENTIAL, t)
    }

    /// Diverging colour for `t` in 0..=1 (0.5 = zero).
    pub fn diverging(&self, t: f32) -> Color32 {
        lerp_palette(&DIVERGING, t)
    }

    /// The colour of the partner at `index` in the fixed partner order.
    pub fn partner(&self, index: usize) -> Color32 {
        let [r, g, b] = rgb(CATEGORICAL[index % CATEGORICAL.len()]);
        Color32::from_rgb(r, g, b)
    }

    /// Colour for the `i`-th of several compared regions.
    pub fn series(&self, index: usize) -> Color32 {
        self.partner(index + 3)
    }
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
                selected_stroke: Stroke::new(2.5, Color32::from_rgb(0xc2, 0x3b, 0x12)),
                border_country: Stroke::new(1.8, Color32::from_rgb(0x55, 0x4c, 0x44)),
                border_admin1: Stroke::new(1.2, Color32::from_rgb(0x8f, 0x86, 0x7c)),
                border_admin2: Stroke::new(0.75, Color32::from_rgb(0xb5, 0xad, 0xa3)),
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
                no_data: Color32::from_rgb(0xd6, 0xd8, 0xdc),
                year_marker: Color32::from_rgb(0xc2, 0x3b, 0x12),
                event: Color32::from_rgb(0x5b, 0x4a, 0x9e),
                export: Color32::from_rgb(0x2c, 0x7f, 0xb8),
                import: Color32::from_rgb(0xe0, 0x7b, 0x1a),
                balance: Color32::from_rgb(0x44, 0x44, 0x44),
            },
            ThemeKind::Dark => Self {
                kind,
                sea: Color32::from_rgb(0x16, 0x22, 0x30),
                land_china: Color32::from_rgb(0x3a, 0x3a, 0x36),
                land_other: Color32::from_rgb(0x2c, 0x2d, 0x2c),
                hover_fill: Color32::from_rgba_unmultiplied(0xff, 0xc8, 0x3c, 70),
                selected_stroke: Stroke::new(2.5, Color32::from_rgb(0xff, 0x8a, 0x50)),
                border_country: Stroke::new(1.8, Color32::from_rgb(0xc8, 0xc0, 0xb4)),
                border_admin1: Stroke::new(1.2, Color32::from_rgb(0x80, 0x7a, 0x72)),
                border_admin2: Stroke::new(0.75, Color32::from_rgb(0x5c, 0x58, 0x52)),
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
                no_data: Color32::from_rgb(0x44, 0x47, 0x4d),
                year_marker: Color32::from_rgb(0xff, 0x8a, 0x50),
                event: Color32::from_rgb(0xb3, 0xa6, 0xf0),
                export: Color32::from_rgb(0x6c, 0xb4, 0xf0),
                import: Color32::from_rgb(0xf5, 0xa6, 0x4a),
                balance: Color32::from_rgb(0xdd, 0xdd, 0xdd),
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
