//! Colour scales for the choropleth and the legend: pure arithmetic, no colours (the theme
//! turns a position on the scale into a colour).

use crate::analysis::Metric;

/// Sequential (low → high) or diverging (negative ← 0 → positive).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScaleKind {
    /// Light to dark.
    Sequential,
    /// Blue – white – red around zero.
    Diverging,
}

impl ScaleKind {
    /// Balance, growth and GDP per head relative to the nation are signed: diverging.
    pub fn for_metric(metric: Metric) -> Self {
        match metric {
            Metric::Balance | Metric::Growth | Metric::GdpPcRel => Self::Diverging,
            _ => Self::Sequential,
        }
    }
}

/// Maps values to positions 0..=1 on a colour ramp.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ColorScale {
    /// Kind.
    pub kind: ScaleKind,
    /// Smallest value (for diverging: −max |v|).
    pub min: f64,
    /// Largest value (for diverging: max |v|).
    pub max: f64,
    /// Logarithmic (sequential scales with positive values only).
    pub log: bool,
}

impl ColorScale {
    /// A scale covering `values` (all years, so colours stay comparable while scrubbing).
    /// `None` when there is no finite value. Log is used only for sequential scales whose
    /// smallest value is positive.
    pub fn covering(
        kind: ScaleKind,
        values: impl IntoIterator<Item = f64>,
        log: bool,
    ) -> Option<Self> {
        let (mut min, mut max) = (f64::INFINITY, f64::NEG_INFINITY);
        let mut min_pos = f64::INFINITY;
        for v in values.into_iter().filter(|v| v.is_finite()) {
            min = min.min(v);
            max = max.max(v);
            if v > 0.0 {
                min_pos = min_pos.min(v);
            }
        }
        if !min.is_finite() {
            return None;
        }
        Some(match kind {
            ScaleKind::Diverging => {
                let m = min.abs().max(max.abs()).max(f64::MIN_POSITIVE);
                Self {
                    kind,
                    min: -m,
                    max: m,
                    log: false,
                }
            }
            ScaleKind::Sequential => {
                let log = log && min_pos.is_finite();
                let min = if log { min_pos } else { min.min(0.0) };
                Self {
                    kind,
                    min,
                    max: max.max(min),
                    log,
                }
            }
        })
    }

    /// Position of `v` on the ramp, 0..=1.
    pub fn position(&self, v: f64) -> f32 {
        let t = if self.log {
            if v <= 0.0 {
                0.0
            } else {
                let (a, b) = (self.min.log10(), self.max.log10());
                if b > a {
                    (v.log10() - a) / (b - a)
                } else {
                    1.0
                }
            }
        } else if self.max > self.min {
            (v - self.min) / (self.max - self.min)
        } else {
            1.0
        };
        #[allow(clippy::cast_possible_truncation)]
        let t = t.clamp(0.0, 1.0) as f32;
        t
    }

    /// `n` evenly spaced values along the ramp (geometric on a log scale), for the legend.
    pub fn ticks(&self, n: usize) -> Vec<f64> {
        let n = n.max(2);
        #[allow(clippy::cast_precision_loss)]
        (0..n)
            .map(|i| {
                let f = i as f64 / (n - 1) as f64;
                if self.log {
                    10f64.powf(self.min.log10() + f * (self.max.log10() - self.min.log10()))
                } else {
                    self.min + f * (self.max - self.min)
                }
            })
            .collect()
    }
}

/// The legend's note on prefectures drawn in their province's colour (see
/// [`crate::map::cache::fill_of`]).
pub const PARENT_FILL_NOTE: &str = "Prefectures without figures of their own show their province";

/// Formats a metric value for people: money in USD with a magnitude suffix (`$20.68 bn`),
/// ratios in percent. Unknown is "no data", never 0.
pub fn format_value(value: Option<f64>, unit: &str) -> String {
    let Some(v) = value else {
        return "no data".to_string();
    };
    if unit == "%" {
        return format!("{v:.1} %");
    }
    let a = v.abs();
    let sign = if v < 0.0 { "−" } else { "" };
    if a >= 1e9 {
        format!("{sign}${:.2} bn", a / 1e9)
    } else if a >= 1e6 {
        format!("{sign}${:.1} m", a / 1e6)
    } else if a >= 1e3 {
        format!("{sign}${:.1} k", a / 1e3)
    } else {
        format!("{sign}${a:.0}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diverging_scales_are_symmetric_around_zero() {
        let s = ColorScale::covering(ScaleKind::Diverging, [-5.0, 2.0], false).expect("scale");
        assert_eq!((s.min, s.max), (-5.0, 5.0));
        assert!((s.position(0.0) - 0.5).abs() < 1e-6);
    }

    #[test]
    fn log_scale_places_decades_evenly() {
        let s = ColorScale::covering(ScaleKind::Sequential, [1e6, 1e8], true).expect("scale");
        assert!((s.position(1e7) - 0.5).abs() < 1e-6);
        assert_eq!(s.position(-3.0), 0.0);
    }

    #[test]
    fn no_values_means_no_scale() {
        assert!(ColorScale::covering(ScaleKind::Sequential, [f64::NAN], false).is_none());
    }

    #[test]
    fn unknown_values_read_no_data_never_zero() {
        assert_eq!(format_value(None, "USD"), "no data");
        assert_eq!(format_value(Some(20_679_164_000.0), "USD"), "$20.68 bn");
        assert_eq!(format_value(Some(-1.5e6), "USD"), "−$1.5 m");
        assert_eq!(format_value(Some(12.345), "%"), "12.3 %");
    }
}
