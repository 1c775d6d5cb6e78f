//! Below every view: the theme ([`theme`], the only place colours are defined, and its
//! [`theme::ThemeKind`] that the state remembers), colour scales ([`scale`], pure arithmetic)
//! number formatting ([`mod@format`]) and the one table of zoom bands ([`zoom`]). The model, the map, the plots, the panels and the
//! exporters all read these; nothing here imports a view, the app or the state.

pub mod format;
pub mod scale;
pub mod theme;
pub mod zoom;
