//! Pure aggregations over the dataset (no egui): the metrics of DESIGN.md §4 for a region, a
//! region set or `CHN`, against one partner, a partner group or the world, year by year, with
//! the basis and sources of every value and the list of what is missing when it is unknown.
//!
//! - [`metrics`]: the arithmetic, as documented pure functions.
//! - [`target`]: what a query is about ([`Target`], [`PartnerSel`]).
//! - [`cell`]: [`Analysis`] computes a [`CellValue`] per (query, year); [`CellCache`] memoises.
//! - [`coverage`]: which cells are known, on which basis, from which sources.

pub mod cell;
pub mod coverage;
pub mod metrics;
pub mod target;

pub use cell::{Analysis, CellCache, CellValue, Metric, Query};
pub use target::{NEA4, PartnerSel, Target};
