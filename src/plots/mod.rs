//! The side panel's `egui_plot` views. They read the [`crate::model::SelectionView`] and the
//! state, and return commands (hovered partner, year set by a click or drag); no aggregation
//! happens here.

mod bars;
mod time;

pub use bars::{bars_for_year as partner_bars_for_year, partner_bars};
pub use time::{by_partner, flows};

use crate::map::choropleth::format_value;

/// Where the last frame drew each partner's bar (screen centre), in egui's temporary memory
/// under this id: lets tests and automation point at a bar.
pub const BAR_CENTRES: &str = "tumen-atlas/partner-bar-centres";
/// Where the last frame put each year on the partner plot's x axis (screen point at mid
/// height), in egui's temporary memory under this id.
pub const YEAR_POSITIONS: &str = "tumen-atlas/by-partner-year-positions";

/// Short axis label for a value in `unit`.
fn axis_label(v: f64, unit: &str) -> String {
    if unit == "%" {
        format!("{v:.0}%")
    } else {
        format_value(Some(v), unit)
            .replace(".00 ", " ")
            .replace(".0 ", " ")
    }
}

/// Contiguous runs of known values: `(start index, values)`; gaps split runs.
fn runs(values: &[Option<f64>]) -> Vec<(usize, Vec<f64>)> {
    let mut out: Vec<(usize, Vec<f64>)> = Vec::new();
    let mut cur: Option<(usize, Vec<f64>)> = None;
    for (i, v) in values.iter().enumerate() {
        match (v, &mut cur) {
            (Some(v), Some((_, run))) => run.push(*v),
            (Some(v), None) => cur = Some((i, vec![*v])),
            (None, Some(_)) => out.extend(cur.take()),
            (None, None) => {}
        }
    }
    out.extend(cur);
    out
}

#[cfg(test)]
mod tests {
    use super::runs;

    #[test]
    fn gaps_split_series_into_runs() {
        let v = [None, Some(1.0), Some(2.0), None, Some(4.0)];
        assert_eq!(runs(&v), vec![(1, vec![1.0, 2.0]), (4, vec![4.0])]);
        assert!(runs(&[None, None]).is_empty());
    }
}
