//! Panels and widgets around the map: top bar, side panel, search, dialogs, theme.
//! Panels read state and return [`crate::state::Command`]s; they never mutate state directly.

pub mod side_panel;
pub mod theme;
pub mod top_bar;
