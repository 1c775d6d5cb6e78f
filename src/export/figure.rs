//! `tumen-atlas export`: what a figure is ([`FigureSpec`]: regions, partner, year, metric, size,
//! view, colours, camera), its checks and the state it starts from. The app draws the figure
//! headlessly ([`crate::app::figure`]) and [`super::raster`] rasterises it on the CPU, to a PNG of
//! exactly the requested size with a title, the legend and the source line.

use std::path::Path;

use crate::analysis::Metric;
use crate::data::geo::Resolved;
use crate::data::{Dataset, PartnerId};
use crate::state::{Combine, State, ViewRequest};

/// Smallest side accepted by `--size`.
pub const MIN_SIDE: u32 = 200;
/// Largest side accepted by `--size`.
pub const MAX_SIDE: u32 = 8000;

/// What a figure shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FigureView {
    /// Map and plots, with a title; no controls.
    Window,
    /// The map with its legend and source line, with a title.
    Map,
    /// The side panel's figures and plots, with a title.
    Plots,
}

impl FigureView {
    /// Parses `window|map|plots`.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "window" => Some(Self::Window),
            "map" => Some(Self::Map),
            "plots" => Some(Self::Plots),
            _ => None,
        }
    }

    /// The name [`FigureView::parse`] reads.
    pub fn name(self) -> &'static str {
        match self {
            Self::Window => "window",
            Self::Map => "map",
            Self::Plots => "plots",
        }
    }
}

/// What to render.
#[derive(Debug, Clone)]
pub struct FigureSpec {
    /// Regions or sets, as typed (`CN-JL`, `Jilin`, `NE3`); empty = the whole map.
    pub regions: Vec<String>,
    /// Partner id or alias (`WLD`, `NEA4`, `KOR`, `韩国`).
    pub partner: String,
    /// Year; `None` = the latest year with data.
    pub year: Option<i32>,
    /// Metric.
    pub metric: Metric,
    /// Output size in pixels.
    pub size: [u32; 2],
    /// Which view.
    pub view: FigureView,
    /// Scale and classes of the map's colours.
    pub colours: crate::state::ColourOptions,
    /// The map's centre and zoom; `None` frames the selection (or the opening view).
    pub camera: Option<Camera>,
}

/// Where the map looks: centre (degrees) and walkers zoom level.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Camera {
    /// Longitude of the centre.
    pub lon: f64,
    /// Latitude of the centre.
    pub lat: f64,
    /// Zoom level.
    pub zoom: f64,
}

/// Parses `LON,LAT` (degrees).
pub fn parse_centre(s: &str) -> Result<(f64, f64), String> {
    let (a, b) = s
        .split_once(',')
        .ok_or_else(|| format!("--centre {s}: expected LON,LAT, e.g. 129.5,43.0"))?;
    let num = |t: &str| t.trim().parse::<f64>().ok().filter(|v| v.is_finite());
    match (num(a), num(b)) {
        (Some(lon), Some(lat))
            if (-180.0..=180.0).contains(&lon) && (-85.0..=85.0).contains(&lat) =>
        {
            Ok((lon, lat))
        }
        _ => Err(format!(
            "--centre {s}: longitude −180…180 and latitude −85…85 expected"
        )),
    }
}

/// The `tumen-atlas export …` command that reproduces `spec` into `out` (each value as the
/// command line reads it back, so the figure comes out pixel for pixel the same).
pub fn export_command(spec: &FigureSpec, out: &str) -> String {
    use crate::state::{Scale, ScaleDomain};
    let quote = |t: &str| {
        if t.chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_.,/:".contains(c))
        {
            t.to_string()
        } else {
            format!("'{}'", t.replace('\'', "'\\''"))
        }
    };
    let mut cmd = format!("tumen-atlas export --out {}", quote(out));
    if !spec.regions.is_empty() {
        cmd += &format!(" --region {}", quote(&spec.regions.join(",")));
    }
    cmd += &format!(" --partner {}", quote(&spec.partner));
    cmd += &format!(" --metric {}", spec.metric.as_str());
    if let Some(y) = spec.year {
        cmd += &format!(" --year {y}");
    }
    let c = spec.colours;
    cmd += &format!(" --classes {}", c.classes.name());
    if c.classes != crate::state::Classes::Continuous {
        cmd += &format!(" --class-count {}", c.class_count);
        if c.domain == ScaleDomain::View {
            cmd += " --domain view";
        }
    }
    if c.scale == Scale::Log {
        cmd += " --scale log";
    }
    if let Some(cam) = spec.camera {
        cmd += &format!(" --centre {},{} --zoom {}", cam.lon, cam.lat, cam.zoom);
    }
    cmd += &format!(
        " --size {}x{} --view {}",
        spec.size[0],
        spec.size[1],
        spec.view.name()
    );
    cmd
}

/// Parses `WxH` within [`MIN_SIDE`]..=[`MAX_SIDE`].
pub fn parse_size(s: &str) -> Result<[u32; 2], String> {
    let (w, h) = s
        .split_once(['x', 'X', '×'])
        .ok_or_else(|| format!("--size {s}: expected WxH, e.g. 1600x1000"))?;
    let side = |t: &str| {
        t.trim()
            .parse::<u32>()
            .map_err(|_| format!("--size {s}: {t:?} is not a whole number"))
    };
    let (w, h) = (side(w)?, side(h)?);
    for v in [w, h] {
        if !(MIN_SIDE..=MAX_SIDE).contains(&v) {
            return Err(format!(
                "--size {s}: each side must be between {MIN_SIDE} and {MAX_SIDE} pixels"
            ));
        }
    }
    Ok([w, h])
}

/// Checks the output path before any work: a `.png` file name whose folder exists, and no
/// existing file unless `force`.
pub fn check_out_path(out: &Path, force: bool) -> Result<(), String> {
    check_out_file(out, force, &["png"])
}

/// [`check_out_path`] for any of `extensions` (lower case, without the dot).
pub fn check_out_file(out: &Path, force: bool, extensions: &[&str]) -> Result<(), String> {
    let ext_ok = out
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| extensions.iter().any(|x| e.eq_ignore_ascii_case(x)));
    if !ext_ok {
        let list: Vec<String> = extensions.iter().map(|x| format!(".{x}")).collect();
        return Err(format!(
            "--out {}: the file name must end in {}",
            out.display(),
            list.join(" or ")
        ));
    }
    let parent = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    if !parent.is_dir() {
        return Err(format!(
            "--out {}: folder {} does not exist",
            out.display(),
            parent.display()
        ));
    }
    if out.exists() && !force {
        return Err(format!(
            "--out {}: the file exists; use --force to replace it",
            out.display()
        ));
    }
    Ok(())
}

/// The state for a figure: selection (regions or a set), partner, metric, year.
pub fn state_for(data: &Dataset, spec: &FigureSpec) -> Result<State, String> {
    let mut state = State::default();
    for text in &spec.regions {
        match data.geo.resolve(text) {
            Some(Resolved::Region(id)) => {
                state.selection.insert(id);
            }
            Some(Resolved::Set(set)) => {
                let s = data
                    .geo
                    .set(&set)
                    .ok_or_else(|| format!("--region {text}: unknown set"))?;
                state.selection.extend(s.members.iter().cloned());
                state.selected_set = Some(s.id.clone());
                state.combine = Combine::Sum;
            }
            None => {
                return Err(format!(
                    "--region {text}: no region or set has this id or name"
                ));
            }
        }
    }
    state.partner = PartnerId::resolve(&spec.partner, &data.trade.partners)
        .ok_or_else(|| format!("--partner {}: unknown partner", spec.partner))?;
    state.metric = spec.metric;
    state.set_colours(spec.colours);
    let (first, last) = data.trade.year_span().unwrap_or((2016, 2024));
    let span_first = data
        .trade
        .events
        .iter()
        .map(|e| e.year)
        .fold(first, i32::min);
    let span_last = data
        .trade
        .events
        .iter()
        .map(|e| e.year)
        .fold(last, i32::max);
    state.set_year_span(span_first, span_last);
    if let Some(y) = spec.year.filter(|y| !(span_first..=span_last).contains(y)) {
        return Err(format!(
            "--year {y}: outside the data's years {span_first}–{span_last}"
        ));
    }
    state.year = spec.year.unwrap_or(last);
    state.view_request = Some(if state.selection.is_empty() {
        ViewRequest::Reset
    } else {
        ViewRequest::FitSelection
    });
    Ok(state)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_are_checked() {
        assert_eq!(parse_size("1600x1000"), Ok([1600, 1000]));
        assert!(parse_size("100x1000").is_err());
        assert!(parse_size("9000x1000").is_err());
        assert!(parse_size("big").is_err());
    }
}
