//! `tumen-atlas export`: the arguments and the run — a PNG, SVG, GIF or APNG figure of the same
//! views as the window, drawn headlessly.

use super::*;

/// Arguments of `export`.
#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    /// Output file: `.png`; `.svg` (vector map, with `--view map`); `.gif` or `.apng` (with
    /// `--years`).
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    /// Regions or sets to select (ids or aliases, comma-separated); none = the whole map.
    #[arg(long, value_name = "ID[,ID…]", value_delimiter = ',')]
    pub region: Vec<String>,
    /// Partner: ISO3 code, name or alias, WLD (all partners) or NEA4.
    #[arg(long, value_name = "ID", default_value = "WLD")]
    pub partner: String,
    /// Year shown (default: the latest year with data).
    #[arg(long, value_name = "Y", conflicts_with = "years")]
    pub year: Option<i32>,
    /// Animate: one frame per year of this inclusive range (at most 40), to a `.gif` or `.apng`.
    #[arg(long, value_name = "Y1..Y2", value_parser = parse_years)]
    pub years: Option<YearRange>,
    /// Milliseconds each animation frame shows (20 to 10000).
    #[arg(long, value_name = "MS", default_value_t = crate::export::anim::DEFAULT_FRAME_DELAY_MS)]
    pub frame_delay: u32,
    /// `total`, `export`, `import`, `balance`, `share`, `growth`, `trade_gdp`, `trade_per_head`
    /// or `gdp_pc_rel`.
    #[arg(long, value_name = "M", value_parser = parse_metric, default_value = "total")]
    pub metric: Metric,
    /// Image size in pixels, each side 200 to 8000.
    #[arg(long, value_name = "WxH", default_value = "1600x1000", value_parser = crate::export::figure::parse_size)]
    pub size: [u32; 2],
    /// What to draw: window (map and plots), map, or plots.
    #[arg(long, value_name = "VIEW", default_value = "window", value_parser = parse_view)]
    pub view: crate::export::figure::FigureView,
    /// Map colours: `continuous`, `quantiles` or `jenks` (natural breaks).
    #[arg(long, value_name = "C", default_value = "quantiles", value_parser = parse_classes)]
    pub classes: crate::state::Classes,
    /// Number of classes of a classed map, 3 to 9.
    #[arg(long, value_name = "N", default_value_t = crate::state::DEFAULT_CLASS_COUNT, value_parser = parse_class_count)]
    pub class_count: usize,
    /// `linear` or `log` colour scale.
    #[arg(long, value_name = "S", default_value = "linear", value_parser = parse_scale)]
    pub scale: crate::state::Scale,
    /// Classes over `all` regions with data or only those in `view`.
    #[arg(long, value_name = "D", default_value = "all", value_parser = parse_domain)]
    pub domain: crate::state::ScaleDomain,
    /// Centre the map here (`LON,LAT`, degrees) instead of framing the selection; with `--zoom`.
    #[arg(long, value_name = "LON,LAT", value_parser = crate::export::figure::parse_centre)]
    pub centre: Option<(f64, f64)>,
    /// The map's zoom level (as in the window's copied command); with `--centre`.
    #[arg(long, value_name = "Z")]
    pub zoom: Option<f64>,
    /// Replace an existing output file.
    #[arg(long)]
    pub force: bool,
}

impl ExportArgs {
    /// The figure these arguments ask for.
    pub fn figure_spec(&self) -> crate::export::figure::FigureSpec {
        crate::export::figure::FigureSpec {
            regions: self.region.clone(),
            partner: self.partner.clone(),
            year: self.year,
            metric: self.metric,
            size: self.size,
            view: self.view,
            colours: crate::state::ColourOptions {
                scale: self.scale,
                classes: self.classes,
                class_count: self.class_count,
                domain: self.domain,
            },
            camera: match (self.centre, self.zoom) {
                (Some((lon, lat)), Some(zoom)) => {
                    Some(crate::export::figure::Camera { lon, lat, zoom })
                }
                _ => None,
            },
        }
    }
}

fn parse_classes(s: &str) -> Result<crate::state::Classes, String> {
    use crate::state::Classes;
    [Classes::Continuous, Classes::Quantiles, Classes::Jenks]
        .into_iter()
        .find(|c| c.name().eq_ignore_ascii_case(s))
        .ok_or_else(|| format!("{s:?} is not continuous, quantiles or jenks"))
}

fn parse_class_count(s: &str) -> Result<usize, String> {
    let range = crate::style::scale::CLASS_RANGE;
    s.parse::<usize>()
        .ok()
        .filter(|n| range.contains(n))
        .ok_or_else(|| format!("{s:?} is not a number of classes from 3 to 9"))
}

fn parse_scale(s: &str) -> Result<crate::state::Scale, String> {
    match s.to_ascii_lowercase().as_str() {
        "linear" => Ok(crate::state::Scale::Linear),
        "log" => Ok(crate::state::Scale::Log),
        _ => Err(format!("{s:?} is not linear or log")),
    }
}

fn parse_domain(s: &str) -> Result<crate::state::ScaleDomain, String> {
    match s.to_ascii_lowercase().as_str() {
        "all" => Ok(crate::state::ScaleDomain::All),
        "view" => Ok(crate::state::ScaleDomain::View),
        _ => Err(format!("{s:?} is not all or view")),
    }
}

fn parse_view(s: &str) -> Result<crate::export::figure::FigureView, String> {
    crate::export::figure::FigureView::parse(s)
        .ok_or_else(|| format!("{s:?} is not window, map or plots"))
}

pub(super) fn export(args: &ExportArgs, extra: &[PathBuf]) -> Result<ExitCode, Fail> {
    use crate::app::figure::export_png;
    use crate::export::anim::{AnimError, AnimFormat, AnimSpec, check, check_limits};
    use crate::export::figure::{check_out_file, state_for};
    if args.centre.is_some() != args.zoom.is_some() {
        return Err(Fail(2, "--centre and --zoom go together: give both".into()));
    }
    let spec = args.figure_spec();
    let is_svg = args
        .out
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("svg"));
    if let Some(YearRange(years)) = &args.years {
        check_out_file(&args.out, args.force, &["gif", "apng"]).map_err(|m| Fail(2, m))?;
        let format = AnimFormat::from_path(&args.out).ok_or_else(|| {
            Fail(
                2,
                format!("--out {}: not .gif or .apng", args.out.display()),
            )
        })?;
        let anim = AnimSpec {
            figure: spec,
            years: years.clone(),
            frame_delay_ms: args.frame_delay,
            format,
        };
        check_limits(&anim).map_err(|m| Fail(2, m))?;
        let data = load(extra, None)?;
        check(&data, &anim).map_err(|m| Fail(2, m))?;
        let path =
            crate::app::figure::export_animation(data, &anim, &args.out, args.force, |_, _| true)
                .map_err(|e| match e {
                AnimError::Cancelled => Fail(1, "cancelled".into()),
                AnimError::Failed(m) => Fail(1, m),
            })?;
        println!("{}", path.display());
        return Ok(ExitCode::SUCCESS);
    }
    if is_svg {
        check_out_file(&args.out, args.force, &["svg"]).map_err(|m| Fail(2, m))?;
        if args.view != crate::export::figure::FigureView::Map {
            return Err(Fail(
                2,
                format!(
                    "--out {}: SVG export draws the map only; add --view map",
                    args.out.display()
                ),
            ));
        }
        let data = load(extra, None)?;
        state_for(&data, &spec).map_err(|m| Fail(2, m))?;
        let path = crate::app::figure::export_svg(data, &spec, &args.out, args.force)
            .map_err(|m| Fail(1, m))?;
        println!("{}", path.display());
        return Ok(ExitCode::SUCCESS);
    }
    check_out_file(&args.out, args.force, &["png"]).map_err(|m| {
        Fail(
            2,
            format!("{m}; .svg needs --view map, .gif and .apng need --years"),
        )
    })?;
    let data = load(extra, None)?;
    state_for(&data, &spec).map_err(|m| Fail(2, m))?;
    let path = export_png(data, &spec, &args.out, args.force).map_err(|m| Fail(1, m))?;
    println!("{}", path.display());
    Ok(ExitCode::SUCCESS)
}
