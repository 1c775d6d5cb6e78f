//! The command line (DESIGN.md §5): the window by default, or a subcommand over the same
//! library code. Bad arguments give one line on stderr and exit code 2.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Tumen Atlas: explore China's northeast and the Tumen River border region.
#[derive(Debug, Parser)]
#[command(name = "tumen-atlas", version, about)]
pub struct Cli {
    /// Extra data files to load (GeoJSON regions; same importers as the GUI).
    #[arg(long = "data", value_name = "PATH", num_args = 1.., global = true)]
    pub data: Vec<PathBuf>,
    /// What to do; without a subcommand the window opens.
    #[command(subcommand)]
    pub command: Option<Cmd>,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Cmd {
    /// Validate data files; report each problem; exit 1 if any error.
    CheckData {
        /// Files to check.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
}

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
    match cli.command {
        None => match crate::app::run_window(cli.data) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("tumen-atlas: {e:#}");
                ExitCode::FAILURE
            }
        },
        Some(Cmd::CheckData { paths }) => check_data(&paths),
    }
}

fn check_data(paths: &[PathBuf]) -> ExitCode {
    let mut any_error = false;
    for p in paths {
        match crate::data::geo::load_regions_file(p) {
            Ok((regions, errors)) => {
                println!("{}: {} region(s) read, {} rejected", p.display(), regions.len(), errors.len());
                for e in &errors {
                    println!("  {e}");
                }
                any_error |= !errors.is_empty();
            }
            Err(e) => {
                println!("{e}");
                any_error = true;
            }
        }
    }
    if any_error { ExitCode::from(1) } else { ExitCode::SUCCESS }
}
