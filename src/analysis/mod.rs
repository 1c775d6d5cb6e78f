//! Pure aggregations over the dataset (no egui): the metrics of docs/DESIGN.md §4 for a region, a
//! region set or `CHN`, against one partner, a partner group or the world, year by year, with
//! the basis and sources of every value and the list of what is missing when it is unknown.
//!
//! - [`metric`]: what a metric is (label, unit, scale kind, partner, flow), in one place.
//! - [`metrics`]: the arithmetic, as documented pure functions.
//! - [`target`]: what a query is about ([`Target`], [`PartnerSel`]).
//! - [`cell`]: [`Analysis`] computes a [`CellValue`] per (query, year); [`CellCache`] memoises.
//! - [`coverage`]: which cells are known, on which basis, from which sources.

pub mod cell;
pub mod coverage;
pub mod metric;
pub mod metrics;
pub mod target;

pub use cell::{Analysis, CellCache, CellValue, Query};
pub use metric::{Metric, ScaleKind};
pub use target::{NEA4, PartnerSel, Target};
