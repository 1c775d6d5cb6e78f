//! The map: projected, triangulated geometry ([`prepared`]), the walkers plugin that paints it
//! ([`layer`]) from screen geometry cached while the view is still ([`cache`]), label placement
//! ([`labels`]) and the view helpers ([`view`]).

pub mod cache;
pub mod choropleth;
pub mod flows;
pub mod labels;
pub mod layer;
pub mod prepared;
pub mod tile_cache;
pub mod view;

pub use prepared::PreparedMap;
