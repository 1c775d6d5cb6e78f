//! The one table of zoom bands: what the map shows, and what a click picks, at each walkers
//! zoom level. The window's map, the SVG export and the click picker all read [`ZOOM`]; no other
//! file holds a zoom threshold (the levels of detail of the geometry are a different thing:
//! `map::prepared::LOD_MAX_ZOOM` says which simplification serves which zoom).

use crate::data::Level;

/// Zoom levels (walkers' scale: about 4 shows the northeast, 7 a prefecture) at which the map
/// starts or stops showing something.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ZoomBands {
    /// Prefecture borders (and the legend's note on prefectures) from this zoom.
    pub prefecture_borders_from: f64,
    /// Country names below this zoom; from it, each province names its country instead.
    pub country_labels_below: f64,
    /// Province names from this zoom.
    pub province_labels_from: f64,
    /// Prefecture names from this zoom.
    pub prefecture_labels_from: f64,
    /// Places of rank 2 (second cities, ports) from this zoom; rank 1 always.
    pub rank2_places_from: f64,
    /// Places of rank 3 (border crossings, towns) from this zoom.
    pub rank3_places_from: f64,
    /// With the pick level on Auto, a click picks a province from this zoom (a country below).
    pub pick_provinces_from: f64,
    /// With the pick level on Auto, a click picks a prefecture from this zoom.
    pub pick_prefectures_from: f64,
}

/// The zoom bands of the map.
pub const ZOOM: ZoomBands = ZoomBands {
    prefecture_borders_from: 5.5,
    country_labels_below: 6.0,
    province_labels_from: 4.4,
    prefecture_labels_from: 6.6,
    rank2_places_from: 5.0,
    rank3_places_from: 6.5,
    pick_provinces_from: 4.6,
    pick_prefectures_from: 6.8,
};

impl ZoomBands {
    /// Whether prefecture borders are drawn at `zoom`.
    pub fn prefecture_borders(&self, zoom: f64) -> bool {
        zoom >= self.prefecture_borders_from
    }

    /// Whether regions of `level` are named at `zoom`.
    pub fn names_level(&self, level: Level, zoom: f64) -> bool {
        match level {
            Level::Country => zoom < self.country_labels_below,
            Level::Admin1 => zoom >= self.province_labels_from,
            Level::Admin2 => zoom >= self.prefecture_labels_from,
        }
    }

    /// Whether a province's name says its country at `zoom` (the country names are gone).
    pub fn province_names_country(&self, zoom: f64) -> bool {
        zoom >= self.country_labels_below
    }

    /// The highest place rank drawn at `zoom` (1 = the largest cities only).
    pub fn max_place_rank(&self, zoom: f64) -> u8 {
        if zoom < self.rank2_places_from {
            1
        } else if zoom < self.rank3_places_from {
            2
        } else {
            3
        }
    }

    /// The level an automatic click picks at `zoom`.
    pub fn auto_pick_level(&self, zoom: f64) -> Level {
        if zoom < self.pick_provinces_from {
            Level::Country
        } else if zoom < self.pick_prefectures_from {
            Level::Admin1
        } else {
            Level::Admin2
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zooming_in_shows_finer_names_places_and_picks() {
        assert_eq!(ZOOM.max_place_rank(4.0), 1);
        assert_eq!(ZOOM.max_place_rank(5.5), 2);
        assert_eq!(ZOOM.max_place_rank(8.0), 3);
        assert!(ZOOM.names_level(Level::Country, 4.0));
        assert!(!ZOOM.names_level(Level::Country, 6.0));
        assert!(!ZOOM.names_level(Level::Admin2, 6.0));
        assert!(ZOOM.names_level(Level::Admin2, 7.0));
        assert_eq!(ZOOM.auto_pick_level(4.0), Level::Country);
        assert_eq!(ZOOM.auto_pick_level(5.0), Level::Admin1);
        assert_eq!(ZOOM.auto_pick_level(7.0), Level::Admin2);
        assert!(!ZOOM.prefecture_borders(5.4) && ZOOM.prefecture_borders(5.5));
    }
}
