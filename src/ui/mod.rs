//! Panels and widgets around the map: top bar, side panel, search, dialogs, theme.
//! Panels read state and return [`crate::state::Command`]s; they never mutate state directly.

pub mod animation;
pub mod coverage;
pub mod fetch;
pub mod help;
pub mod import;
pub mod loading;
pub mod metric_bar;
pub mod recipe;
pub mod save;
pub mod scrubber;
pub mod side_panel;
pub mod top_bar;
pub mod words;

/// The theme lives below the views in [`crate::style::theme`]; this path is kept for panels.
pub use crate::style::theme;
