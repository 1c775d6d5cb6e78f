//! `tumen-atlas fetch comtrade …`: the command line over [`super::comtrade`]. Progress goes to
//! stderr; the output file is written atomically, only when the whole fetch succeeded.

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use super::comtrade::{FetchRequest, Options, fetch_to_file};

/// `fetch` subcommands.
#[derive(Debug, clap::Subcommand)]
pub enum FetchCmd {
    /// Annual totals (all commodities, exports and imports) from the UN Comtrade API into a
    /// tidy flows CSV. Without --key-env the public preview endpoint is used.
    Comtrade(ComtradeArgs),
}

/// Arguments of `fetch comtrade`.
#[derive(Debug, clap::Args)]
pub struct ComtradeArgs {
    /// Reporters, ISO3 codes (comma-separated).
    #[arg(long, value_name = "ISO3[,…]", value_delimiter = ',', required = true)]
    pub reporter: Vec<String>,
    /// Partners, ISO3 codes or WLD (comma-separated); default every partner.
    #[arg(long, value_name = "ISO3[,…]", value_delimiter = ',')]
    pub partner: Vec<String>,
    /// A year or a range, `2019` or `2015..2020`.
    #[arg(long, value_name = "Y[..Y2]", value_parser = parse_years)]
    pub years: std::ops::RangeInclusive<i32>,
    /// Endpoint URL instead of the public preview or the data endpoint (a mirror, a test server).
    #[arg(long, value_name = "URL")]
    pub endpoint: Option<String>,
    /// Name of the environment variable that holds a subscription key (the key itself is
    /// never taken from the command line, printed or written).
    #[arg(long, value_name = "VAR")]
    pub key_env: Option<String>,
    /// Output tidy CSV.
    #[arg(long, value_name = "FILE.csv")]
    pub out: PathBuf,
    /// Neither read nor write the answer cache.
    #[arg(long)]
    pub no_cache: bool,
}

/// `Y` or `Y1..Y2` (1900–2100, at most 60 years).
///
/// # Errors
/// What is wrong with the text.
pub fn parse_years(s: &str) -> Result<std::ops::RangeInclusive<i32>, String> {
    let span = crate::data::ids::parse_year_span(s)?;
    if span.end() - span.start() >= 60 {
        return Err(format!("{s}: at most 60 years at a time"));
    }
    Ok(span)
}

/// Runs a `fetch` subcommand; `Err` is the one-line message.
///
/// # Errors
/// The fetch or write error.
pub fn run(cmd: &FetchCmd) -> Result<ExitCode, String> {
    let FetchCmd::Comtrade(args) = cmd;
    let key = match &args.key_env {
        Some(var) => match std::env::var(var) {
            Ok(k) if !k.trim().is_empty() => Some(k.trim().to_string()),
            _ => {
                return Err(format!(
                    "--key-env {var}: the environment variable {var} is not set (or empty)"
                ));
            }
        },
        None => None,
    };
    let req = FetchRequest {
        reporters: args
            .reporter
            .iter()
            .map(|r| r.trim().to_ascii_uppercase())
            .collect(),
        partners: args
            .partner
            .iter()
            .map(|p| p.trim().to_ascii_uppercase())
            .collect(),
        years: args.years.clone(),
        endpoint: args.endpoint.clone(),
        key,
    };
    let mut opts = Options::default();
    if args.no_cache {
        opts.cache_dir = None;
    }
    if let Ok(ms) = std::env::var("TUMEN_ATLAS_FETCH_INTERVAL_MS")
        && let Ok(ms) = ms.parse::<u64>()
    {
        opts.min_interval = std::time::Duration::from_millis(ms);
    }
    eprintln!("tumen-atlas: fetching from {}", req.endpoint());
    let cancel = Arc::new(AtomicBool::new(false));
    let fetched = fetch_to_file(&req, &opts, &args.out, &cancel, &mut |p| {
        eprintln!("tumen-atlas: [{}/{}] {}", p.done, p.total, p.message);
    })?;
    println!(
        "{}: {} total(s) from {} request(s) ({} from the cache); {} breakdown row(s) dropped, {} other row(s) skipped",
        args.out.display(),
        fetched.rows.len(),
        fetched.requests.len(),
        fetched.from_cache,
        fetched.breakdown_rows,
        fetched.skipped.len()
    );
    for s in fetched.skipped.iter().take(20) {
        println!("  skipped: {s}");
    }
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn year_ranges_parse() {
        assert_eq!(parse_years("2019"), Ok(2019..=2019));
        assert_eq!(parse_years("2015..2020"), Ok(2015..=2020));
        assert!(parse_years("2020..2015").is_err());
        assert!(parse_years("1800").is_err());
    }
}
