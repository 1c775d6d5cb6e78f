//! The map: projected, triangulated geometry ([`prepared`]), the walkers plugin that paints it
//! ([`layer`]) from screen geometry cached while the view is still ([`cache`]), label placement
//! ([`labels`]) and the view helpers ([`view`]).

pub mod borders;
pub mod cache;
pub mod flows;
pub mod labels;
pub mod layer;
mod lod;
pub mod prepared;
pub mod tile_cache;
pub mod view;

pub use prepared::PreparedMap;

/// Colour scales live below the views in [`crate::style::scale`] (and formatting in
/// [`crate::style::format`]); this path is kept for code written against it.
pub mod choropleth {
    pub use crate::style::format::format_value;
    pub use crate::style::scale::*;
}
