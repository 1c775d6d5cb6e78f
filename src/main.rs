//! Tumen Atlas binary: logging, then the command line (window or subcommand). No logic here.

fn main() -> std::process::ExitCode {
    tumen_atlas::startup::mark_process_start();
    env_logger::Builder::from_env(env_logger::Env::default().default_filter_or("warn")).init();
    tumen_atlas::cli::main()
}
