//! The geography: regions (countries, provinces, prefectures), rivers, places and region sets,
//! parsed from GeoJSON and validated once. Pure data: the map module projects and draws it.
//!
//! The bundled regions, rivers and places are also embedded already parsed and validated
//! (`assets/geometry.postcard`, with their geodesic areas and label points), so that start-up
//! decodes them in a few milliseconds instead of parsing 5 MB of GeoJSON. The cache names the
//! GeoJSON it was made from by a fingerprint; a stale cache is not used (the GeoJSON is parsed,
//! with a warning in the log), and `tests/library/geometry_cache.rs` checks that the cache equals
//! what parsing the GeoJSON gives (`UPDATE_GEOMETRY_CACHE=1` rewrites it).

use std::collections::HashMap;
use std::path::Path;

use geo::Contains;
use geo::{Coord, MultiLineString, MultiPolygon, Rect};
use serde::{Deserialize, Serialize};

use super::error::DataError;
use super::ids::{Level, RegionId};

mod parse;
pub use parse::{load_regions_file, parse_lines, parse_places, parse_region_sets, parse_regions};

/// GeoJSON files larger than this are refused with a clear message instead of freezing the app.
pub const MAX_GEOJSON_BYTES: u64 = 256 * 1024 * 1024;

/// Memory a GeoJSON file takes while it is parsed, per byte of file (the text, its JSON tree
/// and the regions): measured at about 21 (a 41 MB file of 60,000 polygons peaked 855 MB above
/// the process's base; RELIABILITY.md), rounded up. The limit is lowered to the free memory
/// over this.
const GEOJSON_EXPANSION: u64 = 24;

/// A region's names in the four languages of the border region; `None` where no source gives one.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Names {
    /// English.
    pub en: Option<String>,
    /// Chinese (simplified).
    pub zh: Option<String>,
    /// Korean.
    pub ko: Option<String>,
    /// Russian.
    pub ru: Option<String>,
}

impl Names {
    /// The best single display name: English, then Chinese, Korean, Russian, then `fallback`.
    pub fn display<'a>(&'a self, fallback: &'a str) -> &'a str {
        self.en
            .as_deref()
            .or(self.zh.as_deref())
            .or(self.ko.as_deref())
            .or(self.ru.as_deref())
            .unwrap_or(fallback)
    }

    /// All known names, in the order en, zh, ko, ru.
    pub fn all(&self) -> impl Iterator<Item = &str> {
        [&self.en, &self.zh, &self.ko, &self.ru]
            .into_iter()
            .filter_map(|n| n.as_deref())
    }
}

/// One region with its outline in lon/lat degrees (WGS84).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Region {
    /// Canonical id.
    pub id: RegionId,
    /// Administrative level.
    pub level: Level,
    /// Parent region (prefecture → province → country), `None` for countries.
    pub parent: Option<RegionId>,
    /// Names.
    pub names: Names,
    /// Extra strings that find this region in the search box and on the command line.
    pub aliases: Vec<String>,
    /// Where its label goes (inside the polygon).
    pub label: Coord<f64>,
    /// Outline.
    pub shape: MultiPolygon<f64>,
    /// Bounding box of `shape`.
    pub bbox: Rect<f64>,
    /// Geodesic area in km².
    pub area_km2: f64,
    /// A caveat shown with the region (e.g. "Far Eastern Federal District shown").
    pub note: Option<String>,
    /// Name of the file it came from (`bundled` for the shipped map).
    pub origin: String,
}

impl Region {
    /// Whether the point (lon, lat) lies inside the region.
    pub fn contains(&self, lon: f64, lat: f64) -> bool {
        let c = Coord { x: lon, y: lat };
        self.bbox.min().x <= lon
            && lon <= self.bbox.max().x
            && self.bbox.min().y <= lat
            && lat <= self.bbox.max().y
            && self.shape.contains(&c)
    }

    /// Display name (English where known).
    pub fn name(&self) -> &str {
        self.names.display(self.id.as_str())
    }
}

/// A river or other line drawn on the map.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MapLine {
    /// Id, e.g. `tumen`.
    pub id: String,
    /// Kind, e.g. `river`.
    pub kind: String,
    /// Names.
    pub names: Names,
    /// Geometry in lon/lat.
    pub geometry: MultiLineString<f64>,
    /// Label position.
    pub label: Option<Coord<f64>>,
    /// How it was derived.
    pub note: Option<String>,
}

/// What a place is, for its symbol.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum PlaceKind {
    /// A city or town.
    City,
    /// A seaport.
    Port,
    /// A border crossing town.
    Crossing,
}

/// A named point: city, port or border crossing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Place {
    /// Slug id, e.g. `yanji`.
    pub id: String,
    /// GeoNames id, when known.
    pub geonames_id: Option<u64>,
    /// Names.
    pub names: Names,
    /// Kind.
    pub kind: PlaceKind,
    /// 1 = capital / major city … 3 = small border town; lower is drawn first.
    pub rank: u8,
    /// Region containing it.
    pub region: Option<RegionId>,
    /// Position.
    pub pos: Coord<f64>,
}

/// A named set of regions whose figures are summed (e.g. `NE3`).
#[derive(Debug, Clone)]
pub struct RegionSet {
    /// Id, e.g. `NE3`.
    pub id: String,
    /// English name.
    pub name_en: String,
    /// Chinese name.
    pub name_zh: String,
    /// Members.
    pub members: Vec<RegionId>,
    /// Where the definition comes from.
    pub definition_source: String,
}

/// What a search for an id or alias found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolved {
    /// A region.
    Region(RegionId),
    /// A named region set.
    Set(String),
}

/// All geography, immutable after loading.
#[derive(Debug, Clone, Default)]
pub struct Geography {
    /// Regions, countries first, then admin1, then admin2 (drawing order).
    pub regions: Vec<Region>,
    /// Rivers.
    pub lines: Vec<MapLine>,
    /// Places.
    pub places: Vec<Place>,
    /// Region sets.
    pub sets: Vec<RegionSet>,
    by_id: HashMap<String, usize>,
    aliases: HashMap<String, Resolved>,
    /// Regions the hit test checks directly: not reachable through a first-level region.
    orphans: Vec<usize>,
    /// Whether this is the bundled geography as shipped (nothing added).
    bundled: bool,
}

/// The bundled regions, rivers and places, parsed and validated, as postcard.
pub const BUNDLED_GEOMETRY: &[u8] = include_bytes!("../../../assets/geometry.postcard");

/// What `assets/geometry.postcard` holds.
#[derive(Serialize, Deserialize)]
struct GeometryBundle {
    /// [`bundled_source_fingerprint`] of the GeoJSON it was made from.
    source: u64,
    regions: Vec<Region>,
    lines: Vec<MapLine>,
    places: Vec<Place>,
}

/// A fingerprint of the bundled regions, lines and places GeoJSON, computed by `build.rs`: the
/// embedded caches were made from GeoJSON with this fingerprint.
pub fn bundled_source_fingerprint() -> u64 {
    env!("TUMEN_GEO_FINGERPRINT").parse().unwrap_or(0)
}

impl Geography {
    /// The bundled geography (embedded in the binary): decoded from the embedded cache, or
    /// parsed from the GeoJSON when the cache does not match it.
    pub fn bundled() -> Result<Self, DataError> {
        let bundle = postcard::from_bytes::<GeometryBundle>(BUNDLED_GEOMETRY)
            .ok()
            .filter(|b| b.source == bundled_source_fingerprint());
        let Some(bundle) = bundle else {
            log::warn!(
                "assets/geometry.postcard does not match data/geo: parsing the GeoJSON (run UPDATE_GEOMETRY_CACHE=1 cargo test --test library geometry_cache)"
            );
            return Self::bundled_from_geojson();
        };
        let sets = parse_region_sets(
            super::BUNDLED_REGION_SETS,
            Path::new("data/region_sets.csv"),
        )?;
        let mut g = Self {
            regions: bundle.regions,
            lines: bundle.lines,
            places: bundle.places,
            sets,
            bundled: true,
            ..Self::default()
        };
        g.reindex();
        Ok(g)
    }

    /// The bundled geography parsed from its GeoJSON (what the embedded cache must equal).
    pub fn bundled_from_geojson() -> Result<Self, DataError> {
        let (regions, errs) = parse_regions(
            super::BUNDLED_REGIONS,
            Path::new("data/geo/regions.geojson"),
            "bundled",
        )?;
        if let Some(e) = errs.into_iter().next() {
            return Err(e);
        }
        let lines = parse_lines(super::BUNDLED_LINES, Path::new("data/geo/lines.geojson"))?;
        let places = parse_places(super::BUNDLED_PLACES, Path::new("data/geo/places.geojson"))?;
        let sets = parse_region_sets(
            super::BUNDLED_REGION_SETS,
            Path::new("data/region_sets.csv"),
        )?;
        let mut g = Self {
            regions,
            lines,
            places,
            sets,
            bundled: true,
            ..Self::default()
        };
        g.reindex();
        Ok(g)
    }

    /// Whether this is the bundled geography with nothing added (its prepared drawing
    /// geometry can then come from the embedded cache too).
    pub fn is_bundled(&self) -> bool {
        self.bundled
    }

    /// The regions, rivers and places as the embedded cache stores them (for the tool that
    /// writes `assets/geometry.postcard`).
    pub fn cache_bytes(&self) -> Result<Vec<u8>, postcard::Error> {
        postcard::to_allocvec(&GeometryBundle {
            source: bundled_source_fingerprint(),
            regions: self.regions.clone(),
            lines: self.lines.clone(),
            places: self.places.clone(),
        })
    }

    /// Sets region names from the names table (the authority where it has a row; names it
    /// does not give stay as the GeoJSON had them) and re-indexes search, so every name finds
    /// its region.
    pub fn apply_names(&mut self, rows: &[super::tables::names::NameRow]) {
        for r in &mut self.regions {
            super::tables::names::overlay(&mut r.names, rows.iter().filter(|n| n.region == r.id));
        }
        self.reindex();
    }

    /// Adds regions loaded from a user's file. A region whose id is already taken is refused and
    /// reported; the rest are added. Returns one message per refused region.
    pub fn add_regions(&mut self, regions: Vec<Region>) -> Vec<String> {
        let mut refused = Vec::new();
        for r in regions {
            if self.by_id.contains_key(r.id.as_str()) {
                refused.push(format!(
                    "{}: region {} is already on the map; not added again",
                    r.origin, r.id
                ));
            } else {
                self.by_id.insert(r.id.0.clone(), self.regions.len());
                self.regions.push(r);
                self.bundled = false;
            }
        }
        self.regions.sort_by_key(|r| std::cmp::Reverse(r.level));
        self.reindex();
        refused
    }

    fn reindex(&mut self) {
        self.regions.sort_by_key(|r| std::cmp::Reverse(r.level));
        self.by_id = self
            .regions
            .iter()
            .enumerate()
            .map(|(i, r)| (r.id.0.clone(), i))
            .collect();
        let mut aliases = HashMap::new();
        // Sets first, so a region's own id/alias wins over a set on a clash.
        for s in &self.sets {
            for key in [&s.id, &s.name_en, &s.name_zh] {
                aliases.insert(normalise(key), Resolved::Set(s.id.clone()));
            }
        }
        // Coarse levels first, so that a finer region never steals a province's name.
        for r in &self.regions {
            let keys = std::iter::once(r.id.as_str())
                .chain(r.names.all())
                .chain(r.aliases.iter().map(String::as_str));
            for key in keys {
                aliases
                    .entry(normalise(key))
                    .and_modify(|v| {
                        if matches!(v, Resolved::Set(_)) {
                            *v = Resolved::Region(r.id.clone());
                        }
                    })
                    .or_insert_with(|| Resolved::Region(r.id.clone()));
            }
        }
        self.orphans = (0..self.regions.len())
            .filter(|&i| {
                let r = &self.regions[i];
                let parent_missing = r
                    .parent
                    .as_ref()
                    .is_none_or(|p| !self.by_id.contains_key(p.as_str()));
                match r.level {
                    Level::Admin2 | Level::Admin1 => parent_missing,
                    Level::Country => !self
                        .regions
                        .iter()
                        .any(|c| c.parent.as_ref() == Some(&r.id)),
                }
            })
            .collect();
        // Canonical ids always resolve to themselves.
        for r in &self.regions {
            aliases.insert(normalise(r.id.as_str()), Resolved::Region(r.id.clone()));
        }
        self.aliases = aliases;
    }

    /// The region with this canonical id.
    pub fn region(&self, id: &RegionId) -> Option<&Region> {
        self.by_id.get(id.as_str()).map(|&i| &self.regions[i])
    }

    /// Index of the region in [`Self::regions`].
    pub fn index_of(&self, id: &RegionId) -> Option<usize> {
        self.by_id.get(id.as_str()).copied()
    }

    /// Resolves an id or alias (`CN-22`, `220000`, `Jilin`, `吉林省`, `NE3`), case-insensitive.
    pub fn resolve(&self, text: &str) -> Option<Resolved> {
        self.aliases.get(&normalise(text)).cloned()
    }

    /// Resolves an id or alias to a region (not a set).
    pub fn resolve_region(&self, text: &str) -> Option<&Region> {
        match self.resolve(text)? {
            Resolved::Region(id) => self.region(&id),
            Resolved::Set(_) => None,
        }
    }

    /// The region set with this id.
    pub fn set(&self, id: &str) -> Option<&RegionSet> {
        self.sets.iter().find(|s| s.id.eq_ignore_ascii_case(id))
    }

    /// Regions whose id, name or alias contains `query` (case-insensitive), best first:
    /// exact matches, then prefix matches, then substring matches; coarser levels first.
    pub fn search(&self, query: &str, limit: usize) -> Vec<Resolved> {
        let q = normalise(query);
        if q.is_empty() {
            return Vec::new();
        }
        let mut hits: Vec<(u8, Level, &str, Resolved)> = Vec::new();
        for s in &self.sets {
            let keys = [
                normalise(&s.id),
                normalise(&s.name_en),
                normalise(&s.name_zh),
            ];
            if let Some(rank) = keys.iter().filter_map(|k| match_rank(k, &q)).min() {
                hits.push((rank, Level::Country, &s.id, Resolved::Set(s.id.clone())));
            }
        }
        for r in &self.regions {
            let rank = std::iter::once(r.id.as_str())
                .chain(r.names.all())
                .chain(r.aliases.iter().map(String::as_str))
                .filter_map(|k| match_rank(&normalise(k), &q))
                .min();
            if let Some(rank) = rank {
                hits.push((rank, r.level, r.id.as_str(), Resolved::Region(r.id.clone())));
            }
        }
        hits.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)).then(a.2.cmp(b.2)));
        hits.into_iter().take(limit).map(|h| h.3).collect()
    }

    /// The chain of regions under a point, finest first (prefecture → province → country).
    /// Empty over the sea or outside the map. Uses a bounding-box prefilter, then point-in-polygon.
    ///
    /// Only first-level regions are tested against the point (bounding box first); the
    /// prefecture is looked for among that region's children and the country is its parent, so
    /// the large country outlines are never walked. Regions without a parent or children (a
    /// user's file) are tested directly.
    pub fn hit_chain(&self, lon: f64, lat: f64) -> Vec<&Region> {
        let mut chain: Vec<&Region> = Vec::with_capacity(3);
        if let Some(a1) = self
            .regions
            .iter()
            .find(|r| r.level == Level::Admin1 && r.contains(lon, lat))
        {
            if let Some(a2) = self.regions.iter().find(|r| {
                r.level == Level::Admin2
                    && r.parent.as_ref() == Some(&a1.id)
                    && r.contains(lon, lat)
            }) {
                chain.push(a2);
            }
            chain.push(a1);
            if let Some(c) = a1.parent.as_ref().and_then(|p| self.region(p)) {
                chain.push(c);
            }
        }
        // Regions outside the hierarchy (added from a user's file, or a country drawn without
        // provinces) are tested on their own.
        for &i in &self.orphans {
            let r = &self.regions[i];
            if !chain.iter().any(|c| c.id == r.id) && r.contains(lon, lat) {
                chain.push(r);
            }
        }
        chain.sort_by_key(|r| r.level);
        chain
    }

    /// The parent chain of a region, the region itself first.
    pub fn ancestors<'a>(&'a self, region: &'a Region) -> Vec<&'a Region> {
        let mut out = vec![region];
        let mut cur = region;
        while let Some(p) = cur.parent.as_ref().and_then(|p| self.region(p)) {
            if out.iter().any(|r| r.id == p.id) {
                break;
            }
            out.push(p);
            cur = p;
        }
        out
    }
}

fn match_rank(key: &str, q: &str) -> Option<u8> {
    if key == q {
        Some(0)
    } else if key.starts_with(q) {
        Some(1)
    } else if key.contains(q) {
        Some(2)
    } else {
        None
    }
}

/// Normalises an id or name for lookup: trimmed, lower-case, with diacritics-insensitive
/// spacing (`Rasŏn` and `rasŏn` match; internal whitespace folded).
pub fn normalise(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}
