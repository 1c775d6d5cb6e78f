//! The command line (docs/DESIGN.md §5): the window by default, or a subcommand over the same
//! library code. Bad arguments and unknown ids give one line on stderr and exit code 2; a
//! `check-data` run that finds an error, or a data file that cannot be loaded, exits 1.

use std::io::Write;
use std::ops::RangeInclusive;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use crate::analysis::{Analysis, CellValue, Metric, PartnerSel, Query, Target};
use crate::data::import::{ImportOptions, import_file};
use crate::data::{Basis, Dataset, Flow, SourceId};
use crate::style::format::thousands;

mod export;
mod output;
pub use export::ExportArgs;
use export::export;
use output::{csv_text, json, table};

/// Tumen Atlas: explore China's northeast and the Tumen River border region.
#[derive(Debug, Parser)]
#[command(name = "tumen-atlas", version, about)]
pub struct Cli {
    /// Extra data files: `GeoJSON` regions, China Customs query exports, UN Comtrade downloads or
    /// tidy flows CSVs (the same importers as the GUI).
    #[arg(long = "data", value_name = "PATH", num_args = 1.., global = true)]
    pub data: Vec<PathBuf>,
    /// What to do; without a subcommand the window opens.
    #[command(subcommand)]
    pub command: Option<Cmd>,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Cmd {
    /// Print a metric for regions, a partner and years (money in USD, ratios in percent).
    Query(QueryArgs),
    /// Validate data files; report each problem; exit 1 if any error.
    CheckData {
        /// Files to check (`GeoJSON` regions or trade CSVs).
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Flow of a China Customs export without a flow column, or of a wide table whose
        /// title names none: export, import or total.
        #[arg(long, value_parser = parse_flow)]
        flow: Option<Flow>,
        /// Region of a wide statistical table whose title names none (id, name or alias).
        #[arg(long, value_name = "REGION")]
        region: Option<String>,
        /// Year of a wide table whose columns are flows and whose title names none.
        #[arg(long, value_name = "Y")]
        year: Option<i32>,
    },
    /// Fetch annual totals from an online source into a tidy flows CSV (opt-in network use).
    #[command(subcommand)]
    Fetch(crate::fetch::cli::FetchCmd),
    /// Render the map and plots to a PNG, the map to SVG, or years to an animated GIF/APNG,
    /// headlessly (no window, display or GPU needed).
    Export(ExportArgs),
}

/// Arguments of `query`.
#[derive(Debug, clap::Args)]
pub struct QueryArgs {
    /// Regions: ids or aliases (CN-JL, Jilin, 吉林省), set ids (NE3, TUMEN3, CN-EAST) or CHN.
    #[arg(long, value_name = "ID[,ID…]", required = true, value_delimiter = ',')]
    pub region: Vec<String>,
    /// Partner: ISO3 code, name or alias, WLD (all partners) or NEA4 (JPN+KOR+PRK+RUS).
    #[arg(long, value_name = "ID", default_value = "WLD")]
    pub partner: String,
    /// A year or an inclusive range: 2019 or 2016..2024.
    #[arg(long, value_name = "Y[..Y2]", value_parser = parse_years)]
    pub year: YearRange,
    /// `total`, `export`, `import`, `balance`, `share`, `growth` (alias `yoy`), `trade_gdp`,
    /// `trade_per_head` or `gdp_pc_rel`.
    #[arg(long, value_name = "M", value_parser = parse_metric)]
    pub metric: Metric,
    /// The flow of share, growth, `trade_gdp` and `trade_per_head` (default total); for a China Customs file in
    /// --data without a flow column, also the flow of that file.
    #[arg(long, value_name = "F", value_parser = parse_flow)]
    pub flow: Option<Flow>,
    /// Only this basis (reporter, reporter_dest, reporter_retab or partner); by default the
    /// first basis that gives a complete value, in that order.
    #[arg(long, value_name = "B", value_parser = parse_basis)]
    pub basis: Option<Basis>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
    pub format: OutputFormat,
}

/// An inclusive range of years.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YearRange(pub RangeInclusive<i32>);

/// How `query` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// Aligned columns for people; unknown values read "no data".
    Table,
    /// A JSON array, one object per (region, partner, year); unknown values are null.
    Json,
    /// CSV with a header; unknown values are empty.
    Csv,
}

fn parse_years(s: &str) -> Result<YearRange, String> {
    crate::data::ids::parse_year_span(s).map(YearRange)
}

fn parse_metric(s: &str) -> Result<Metric, String> {
    Metric::parse(s).ok_or_else(|| {
        let all: Vec<&str> = Metric::ALL.iter().map(|m| m.as_str()).collect();
        format!(
            "unknown metric \"{s}\" (expected one of {}; yoy = growth)",
            all.join(", ")
        )
    })
}

fn parse_basis(s: &str) -> Result<Basis, String> {
    Basis::parse(s).ok_or_else(|| {
        format!(
            "unknown basis \"{s}\" (expected reporter, reporter_dest, reporter_retab or partner)"
        )
    })
}

fn parse_flow(s: &str) -> Result<Flow, String> {
    Flow::parse(s).ok_or_else(|| format!("unknown flow \"{s}\" (expected export, import or total)"))
}

/// The first and last year of any trade figure or indicator.
fn data_years(data: &Dataset) -> Option<(i32, i32)> {
    let years = data
        .trade
        .flows
        .iter()
        .map(|r| r.year)
        .chain(data.trade.indicators.iter().map(|r| r.year));
    years.fold(None, |acc, y| match acc {
        None => Some((y, y)),
        Some((a, b)) => Some((a.min(y), b.max(y))),
    })
}

/// Edit distance between two short strings (case-insensitive), for "did you mean".
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.to_lowercase().chars().collect();
    let b: Vec<char> = b.to_lowercase().chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            cur.push((prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

/// The closest region or set to a mistyped `text` ("Jilinn" → "CN-JL (Jilin)"), if one is
/// close enough: at most two edits, and fewer than a third of the text.
fn did_you_mean(geo: &crate::data::Geography, text: &str) -> Option<String> {
    let text = text.trim();
    let limit = (text.chars().count() / 3).clamp(1, 2);
    let regions = geo.regions.iter().flat_map(|r| {
        let label = format!("{} ({})", r.id, r.name());
        [r.id.to_string(), r.name().to_string()]
            .into_iter()
            .chain(r.names.zh.clone())
            .map(move |n| (n, label.clone()))
    });
    let sets = geo
        .sets
        .iter()
        .map(|s| (s.id.clone(), format!("{} ({})", s.id, s.name_en)));
    regions
        .chain(sets)
        .map(|(name, label)| (edit_distance(text, &name), label))
        .filter(|(d, _)| *d <= limit)
        .min_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(&b.1)))
        .map(|(_, label)| label)
}

/// An error that ends the run: its message (one line) and exit code.
struct Fail(u8, String);

/// Runs the command line; returns the process exit code.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            use clap::error::ErrorKind;
            if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) {
                print!("{e}");
                return ExitCode::SUCCESS;
            }
            let msg = e.to_string();
            let first = msg.lines().next().unwrap_or("bad arguments");
            eprintln!("tumen-atlas: {}", first.trim_start_matches("error: "));
            return ExitCode::from(2);
        }
    };
    let result = match cli.command {
        None => match crate::app::run_window(cli.data) {
            Ok(()) => Ok(ExitCode::SUCCESS),
            Err(e) => Err(Fail(1, format!("{e:#}"))),
        },
        Some(Cmd::Query(args)) => query(&args, &cli.data),
        Some(Cmd::CheckData {
            paths,
            flow,
            region,
            year,
        }) => check_data(&paths, &cli.data, &ImportOptions { flow, region, year }),
        Some(Cmd::Fetch(cmd)) => crate::fetch::cli::run(&cmd).map_err(|e| Fail(1, e)),
        Some(Cmd::Export(args)) => export(&args, &cli.data),
    };
    match result {
        Ok(code) => code,
        Err(Fail(code, msg)) => {
            eprintln!("tumen-atlas: {msg}");
            ExitCode::from(code)
        }
    }
}

/// The bundled dataset plus `--data` files, read by the window's loader
/// ([`crate::loader::load_files_with`]). Warnings and import reports go to stderr. A file that
/// cannot be loaded at all is an error (exit 1) naming it, every such file is named, and the
/// command does not run: a script never gets numbers computed without the data it asked for.
fn load(extra: &[PathBuf], flow: Option<Flow>) -> Result<Dataset, Fail> {
    let mut data = bundled(Dataset::bundled)?;
    if extra.is_empty() {
        return Ok(data);
    }
    let opts = ImportOptions {
        flow,
        ..ImportOptions::default()
    };
    let loaded = crate::loader::load_files_with(data.geo, data.trade, extra, &opts);
    if !loaded.failed.is_empty() {
        // One line per failed file, each prefixed like every other error line.
        return Err(Fail(1, loaded.failed.join("\ntumen-atlas: ")));
    }
    for line in &loaded.report {
        eprintln!("tumen-atlas: {line}");
    }
    data.geo = loaded.geo;
    data.trade = loaded.trade;
    Ok(data)
}

/// The bundled data as `load` gives it, its warnings on stderr.
fn bundled(load: fn() -> Result<Dataset, crate::data::DataError>) -> Result<Dataset, Fail> {
    let data = load().map_err(|e| Fail(1, e.to_string()))?;
    for w in &data.warnings {
        eprintln!("tumen-atlas: warning: {w}");
    }
    Ok(data)
}

fn query(args: &QueryArgs, extra: &[PathBuf]) -> Result<ExitCode, Fail> {
    let flow = match (args.metric.own_flow(), args.flow) {
        (Some(own), Some(f)) if own != f => {
            return Err(Fail(
                2,
                format!(
                    "--flow {f} contradicts --metric {} (which is the {own} flow)",
                    args.metric
                ),
            ));
        }
        (None, Some(f)) if !args.metric.takes_flow() => {
            return Err(Fail(
                2,
                format!("--flow {f} does not apply to --metric {}", args.metric),
            ));
        }
        (_, f) => f.unwrap_or(Flow::Total),
    };
    let data = load(extra, args.flow)?;
    let mut targets = Vec::new();
    for r in args.region.iter().filter(|r| !r.trim().is_empty()) {
        let t = Target::resolve(r, &data.geo, &data.trade).ok_or_else(|| {
            let hint = did_you_mean(&data.geo, r)
                .map_or_else(String::new, |s| format!("; did you mean {s}?"));
            Fail(
                2,
                format!("unknown region \"{r}\" (expected a region id or alias, a set id like NE3, or CHN){hint}"),
            )
        })?;
        targets.push(t);
    }
    if targets.is_empty() {
        return Err(Fail(2, "--region needs at least one id".into()));
    }
    let partner = PartnerSel::resolve(&args.partner, &data.trade).ok_or_else(|| {
        Fail(
            2,
            format!(
                "unknown partner \"{}\" (expected an ISO3 code, a country name, WLD or NEA4)",
                args.partner
            ),
        )
    })?;
    if let Some((first, last)) = data_years(&data) {
        let (from, to) = (*args.year.0.start(), *args.year.0.end());
        if to < first || from > last {
            // Nothing asked for can have a figure: say so, rather than print rows of "no data".
            let span = if from == to {
                from.to_string()
            } else {
                format!("{from}..{to}")
            };
            let side = if from > last { "after" } else { "before" };
            return Err(Fail(
                1,
                format!(
                    "no data for {span}: the data run from {first} to {last}, and {span} is {side} them"
                ),
            ));
        }
        if from < first || to > last {
            eprintln!(
                "tumen-atlas: note: the data run from {first} to {last}; years outside have no figure"
            );
        }
    }
    let analysis = Analysis::new(&data);
    let mut cells = Vec::new();
    for target in targets {
        let q = Query {
            target,
            partner: partner.clone(),
            metric: args.metric,
            flow,
            basis: args.basis,
        };
        cells.extend(analysis.series(&q, args.year.0.clone()));
    }
    let text = match args.format {
        OutputFormat::Table => table(&cells),
        OutputFormat::Json => json(&cells),
        OutputFormat::Csv => csv_text(&cells).map_err(|e| Fail(1, e))?,
    };
    let mut out = std::io::stdout().lock();
    // A closed pipe (`| head`) is not an error worth a message.
    let _ = out.write_all(text.as_bytes());
    Ok(ExitCode::SUCCESS)
}

fn check_data(
    paths: &[PathBuf],
    extra: &[PathBuf],
    opts: &ImportOptions,
) -> Result<ExitCode, Fail> {
    // A China Customs export is read against the partners and the geography only: when every
    // file is one (or GeoJSON) and no `--data` is added, the bundled figures are not parsed.
    let reference_only = extra.is_empty()
        && paths
            .iter()
            .all(|p| crate::loader::is_geojson(p) || crate::data::import::is_customs_export(p));
    let data = if reference_only {
        bundled(Dataset::bundled_reference)?
    } else {
        load(extra, opts.flow)?
    };
    let mut any_error = false;
    // Written with errors ignored, like `query`'s output: a reader that stops early
    // (`check-data … | head`) must not make the command panic on a closed pipe.
    let mut stdout = std::io::stdout().lock();
    let mut say = |line: &dyn std::fmt::Display| {
        let _ = writeln!(stdout, "{line}");
    };
    for p in paths {
        if crate::loader::is_geojson(p) {
            match crate::data::geo::load_regions_file(p) {
                Ok((regions, errors)) => {
                    say(&format_args!(
                        "{}: {} region(s) read, {} rejected",
                        p.display(),
                        regions.len(),
                        errors.len()
                    ));
                    for e in &errors {
                        say(&format_args!("  {e}"));
                    }
                    any_error |= !errors.is_empty();
                }
                Err(e) => {
                    say(&e);
                    any_error = true;
                }
            }
        } else {
            match import_file(p, &data.geo, &data.trade, opts) {
                Ok(imported) => {
                    for line in imported.report.lines(50) {
                        say(&line);
                    }
                    any_error |= imported.report.has_errors();
                }
                Err(e) => {
                    say(&e);
                    any_error = true;
                }
            }
        }
    }
    Ok(if any_error {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years_and_ranges_parse() {
        assert_eq!(parse_years("2019"), Ok(YearRange(2019..=2019)));
        assert_eq!(parse_years("2016..2024"), Ok(YearRange(2016..=2024)));
        assert_eq!(parse_years("2016..=2024"), Ok(YearRange(2016..=2024)));
        assert!(parse_years("2024..2016").is_err());
        assert!(parse_years("nineteen").is_err());
    }
}
