//! The side panel's `egui_plot` views. They read the [`crate::model::SelectionView`] and the
//! state, and return commands (hovered partner, year set by a click or drag); no aggregation
//! happens here.

mod bars;
mod time;

pub use bars::{bars_for_year as partner_bars_for_year, partner_bars};
pub use time::{by_partner, flows};

use crate::style::format::format_value;

/// Where a time plot put each year on its x axis (screen point at mid height).
pub type YearPositions = Vec<(i32, egui::Pos2)>;

/// Where the bar plot drew each partner's bar (key, screen centre).
pub type BarCentres = Vec<(String, egui::Pos2)>;

/// Where the side panel's plots drew what this frame. The plots return it with their commands;
/// the app keeps the last frame's so tests and automation can point at a year or a bar.
#[derive(Debug, Clone, Default)]
pub struct PlotsDrawn {
    /// The years on the by-partner plot's x axis.
    pub year_positions: YearPositions,
    /// The bars of the partners plot.
    pub bar_centres: BarCentres,
}

/// A tick label for `v` on an axis whose ticks are `step` apart: as many decimals as the step
/// needs, so neighbouring ticks never read the same, and a tick at (or within rounding of) zero
/// reads as zero, never "−$0".
pub fn tick_label(v: f64, step: f64, unit: &str) -> String {
    let step = step.abs();
    let v = if step > 0.0 && v.abs() < step * 1e-3 {
        0.0
    } else {
        v
    };
    let decimals = |scaled_step: f64| -> usize {
        if scaled_step <= 0.0 || !scaled_step.is_finite() {
            return 0;
        }
        (-scaled_step.log10().floor()).clamp(0.0, 4.0) as usize
    };
    if unit == "%" {
        return format!("{v:.*}%", decimals(step));
    }
    if v == 0.0 {
        return "$0".to_string();
    }
    let sign = if v < 0.0 { "−" } else { "" };
    let a = v.abs();
    let (div, suffix) = if a >= 1e9 {
        (1e9, " bn")
    } else if a >= 1e6 {
        (1e6, " m")
    } else if a >= 1e3 {
        (1e3, " k")
    } else {
        (1.0, "")
    };
    format!("{sign}${:.*}{suffix}", decimals(step / div), a / div)
}

/// Short axis label for a value in `unit`.
fn axis_label(v: f64, unit: &str) -> String {
    if unit == "%" {
        format!("{v:.1}%")
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
    use super::{runs, tick_label};

    #[test]
    fn ticks_of_a_flat_series_are_distinct() {
        // Yanbian-like: about $1.11 bn, ticks a million apart.
        let labels: Vec<String> = (0..8)
            .map(|k| tick_label(1.105e9 + f64::from(k) * 1e6, 1e6, "USD"))
            .collect();
        let mut unique = labels.clone();
        unique.dedup();
        assert_eq!(unique.len(), labels.len(), "{labels:?}");
    }

    #[test]
    fn a_tick_at_zero_never_reads_minus_zero() {
        assert_eq!(tick_label(-1e-7, 0.5, "USD"), "$0");
        assert_eq!(tick_label(2e-9, 1e3, "USD"), "$0");
        assert_eq!(tick_label(-250.0, 50.0, "USD"), "−$250");
        assert_eq!(tick_label(2.5e8, 5e7, "USD"), "$250 m");
        assert_eq!(tick_label(17.5, 0.5, "%"), "17.5%");
    }

    #[test]
    fn gaps_split_series_into_runs() {
        let v = [None, Some(1.0), Some(2.0), None, Some(4.0)];
        assert_eq!(runs(&v), vec![(1, vec![1.0, 2.0]), (4, vec![4.0])]);
        assert!(runs(&[None, None]).is_empty());
    }
}
