//! Opt-in fetching from online sources (issue 14 part 3). Nothing here runs unless the user
//! asks (`tumen-atlas fetch …` or the "Fetch from UN Comtrade…" dialog); tests point the client
//! at a local server and never reach the real network.
//!
//! - [`comtrade`]: the UN Comtrade API client (requests, splitting, rate limit, cache, parsing).
//! - [`m49`]: UN M49 / Comtrade area codes ↔ ISO3, from `data/m49.csv`.
//! - [`cli`]: the `fetch comtrade` subcommand.

pub mod cli;
pub mod comtrade;
pub mod m49;
