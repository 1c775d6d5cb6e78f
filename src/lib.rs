//! Tumen Atlas: a desktop explorer of China's northeast and the Tumen River border region.
//!
//! The library holds everything; `main.rs` only parses the command line and either opens the
//! window ([`app::run_window`]) or runs a subcommand ([`cli`]). Data flows one way:
//! files → [`data`] (validated, immutable [`data::Dataset`]) → [`analysis`] (pure aggregates)
//! → [`map`] / [`ui`] (draw, return [`state::Command`]s) → [`state`] (apply) → next frame.
//! Nothing in [`data`] or [`analysis`] knows egui.

pub mod analysis;
pub mod app;
pub mod cli;
pub mod data;
pub mod export;
pub mod fetch;
pub mod files;
pub mod fonts;
pub mod loader;
pub mod map;
pub mod model;
pub mod plots;
pub mod startup;
pub mod state;
pub mod style;
pub mod ui;
