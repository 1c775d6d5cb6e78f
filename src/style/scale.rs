//! Colour scales for the choropleth and the legend: pure arithmetic, no colours (the theme
//! turns a position on the scale into a colour). Below every view: the model, the map, the
//! plots and the exporters all read it.

use super::format::format_value;

/// The kind of a scale is the metric's ([`crate::analysis::Metric::scale_kind`]).
pub use crate::analysis::ScaleKind;

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
    /// Classes (quantiles or natural breaks); `None` = a continuous ramp.
    pub classes: Option<ClassBreaks>,
}

/// The fewest and most classes a classed scale has.
pub const CLASS_RANGE: std::ops::RangeInclusive<usize> = 3..=9;
const MAX_CLASSES: usize = 9;

/// How a classed scale's bounds were found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClassMethod {
    /// Each class holds about as many regions as the others.
    Quantiles,
    /// Natural breaks (Jenks): classes as tight as possible around their means.
    Jenks,
}

/// The bounds of a classed scale and how many values fall in each class. Class `k` holds the
/// values `v` with `bounds[k] <= v` (and `v < bounds[k + 1]`, except for the last class).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ClassBreaks {
    /// How the bounds were found.
    pub method: ClassMethod,
    bounds: [f64; MAX_CLASSES + 1],
    counts: [usize; MAX_CLASSES],
    n: usize,
    /// Whether the classes were found from the regions in view only.
    pub in_view: bool,
}

impl ClassBreaks {
    /// Classes of `values` (finite ones only) by `method`, `classes` of them (clamped to
    /// 3–9, and to the number of distinct values). `None` when there is no finite value.
    pub fn new(method: ClassMethod, values: &[f64], classes: usize) -> Option<Self> {
        let mut sorted: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
        sorted.sort_by(f64::total_cmp);
        let distinct = sorted.windows(2).filter(|w| w[0] < w[1]).count() + 1;
        if sorted.is_empty() {
            return None;
        }
        let k = classes
            .clamp(*CLASS_RANGE.start(), *CLASS_RANGE.end())
            .min(distinct);
        let lower = match method {
            ClassMethod::Quantiles => quantile_bounds(&sorted, k),
            ClassMethod::Jenks => jenks_bounds(&sorted, k),
        };
        let mut out = Self {
            method,
            bounds: [0.0; MAX_CLASSES + 1],
            counts: [0; MAX_CLASSES],
            n: lower.len(),
            in_view: false,
        };
        out.bounds[..lower.len()].copy_from_slice(&lower);
        out.bounds[lower.len()] = sorted[sorted.len() - 1];
        for &v in &sorted {
            let c = out.class_of(v);
            out.counts[c] += 1;
        }
        Some(out)
    }

    /// The same classes with every bound mapped by `f` (monotonic), e.g. back from logarithms.
    #[must_use]
    pub fn map_bounds(mut self, f: impl Fn(f64) -> f64) -> Self {
        for b in &mut self.bounds[..=self.n] {
            *b = f(*b);
        }
        self
    }

    /// The same classes, marked as found from the regions in view (or not).
    #[must_use]
    pub fn fitted_to_view(mut self, in_view: bool) -> Self {
        self.in_view = in_view;
        self
    }

    /// The number of classes.
    pub fn len(&self) -> usize {
        self.n
    }

    /// Whether there are no classes (never, for breaks made by [`ClassBreaks::new`]).
    pub fn is_empty(&self) -> bool {
        self.n == 0
    }

    /// The class bounds: `len() + 1` values, the smallest value first and the largest last.
    pub fn bounds(&self) -> &[f64] {
        &self.bounds[..=self.n]
    }

    /// How many of the values the classes were made from fall in each class.
    pub fn counts(&self) -> &[usize] {
        &self.counts[..self.n]
    }

    /// The class `v` falls in (values outside the bounds go to the first or last class).
    pub fn class_of(&self, v: f64) -> usize {
        (1..self.n)
            .rev()
            .find(|&k| v >= self.bounds[k])
            .unwrap_or(0)
    }
}

/// The lower bounds of `k` quantile classes of `sorted` (ascending, non-empty): class `i` starts
/// at the value with rank `i·n/k`, or at the next larger value when ties reach that far.
pub fn quantile_bounds(sorted: &[f64], k: usize) -> Vec<f64> {
    let n = sorted.len();
    let mut out: Vec<f64> = Vec::with_capacity(k);
    for i in 0..k.max(1) {
        let mut v = sorted[(i * n / k.max(1)).min(n - 1)];
        if let Some(&l) = out.last().filter(|&&l| v <= l) {
            // Ties straddle the quantile: the class starts at the next larger value.
            match sorted.iter().find(|&&x| x > l) {
                Some(&x) => v = x,
                None => break,
            }
        }
        out.push(v);
    }
    out
}

/// The lower bounds of `k` natural-breaks classes of `sorted` (ascending, non-empty): the
/// partition into `k` runs with the smallest total squared deviation from each run's mean
/// (Fisher's exact dynamic programme, which Jenks's method approximates).
pub fn jenks_bounds(sorted: &[f64], k: usize) -> Vec<f64> {
    let n = sorted.len();
    let k = k.clamp(1, n);
    // Prefix sums for the squared deviation of any run sorted[i..=j].
    let mut s1 = vec![0.0; n + 1];
    let mut s2 = vec![0.0; n + 1];
    for (i, &v) in sorted.iter().enumerate() {
        s1[i + 1] = s1[i] + v;
        s2[i + 1] = s2[i] + v * v;
    }
    let ssd = |i: usize, j: usize| {
        let m = (j + 1 - i) as f64;
        let sum = s1[j + 1] - s1[i];
        (s2[j + 1] - s2[i] - sum * sum / m).max(0.0)
    };
    // cost[c][j]: best cost of sorted[..=j] in c + 1 classes; start[c][j]: where the last begins.
    let mut cost = vec![vec![f64::INFINITY; n]; k];
    let mut start = vec![vec![0usize; n]; k];
    for (j, c) in cost[0].iter_mut().enumerate() {
        *c = ssd(0, j);
    }
    for c in 1..k {
        for j in c..n {
            for i in c..=j {
                let v = cost[c - 1][i - 1] + ssd(i, j);
                if v < cost[c][j] {
                    cost[c][j] = v;
                    start[c][j] = i;
                }
            }
        }
    }
    let mut starts = vec![0usize; k];
    let mut j = n - 1;
    for c in (1..k).rev() {
        starts[c] = start[c][j];
        j = starts[c] - 1;
    }
    starts.iter().map(|&i| sorted[i]).collect()
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
                    classes: None,
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
                    classes: None,
                }
            }
        })
    }

    /// Position of `v` on the ramp, 0..=1. On a classed scale: the middle of its class's step.
    pub fn position(&self, v: f64) -> f32 {
        if let Some(c) = &self.classes {
            return ((c.class_of(v) as f32 + 0.5) / c.len().max(1) as f32).clamp(0.0, 1.0);
        }
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
        t.clamp(0.0, 1.0) as f32
    }

    /// What the legend says the scale is: "linear scale", "log scale", "6 quantile classes of
    /// the regions with data this year" ….
    pub fn describe(&self) -> String {
        match &self.classes {
            Some(c) => {
                let how = match c.method {
                    ClassMethod::Quantiles => "quantile classes",
                    ClassMethod::Jenks => "natural-breaks classes",
                };
                let n: usize = c.counts().iter().sum();
                let which = if c.in_view { " in view" } else { "" };
                format!("{} {how} of the {n} regions with data{which}", c.len())
            }
            None if self.log => "log scale".to_string(),
            None => "linear scale".to_string(),
        }
    }

    /// `n` evenly spaced values along the ramp (geometric on a log scale), for the legend.
    pub fn ticks(&self, n: usize) -> Vec<f64> {
        let n = n.max(2);
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

/// One class in the legend: where its colour sits on the ramp, its bounds in words and how
/// many regions fall in it.
#[derive(Debug, Clone, PartialEq)]
pub struct ClassRow {
    /// Position on the colour ramp (0..=1).
    pub position: f32,
    /// "$544.8 m–$5.52 bn (4)".
    pub label: String,
}

/// The legend rows of a classed scale, lowest class first (empty for a continuous one). The
/// window, the PNG and the SVG draw the same rows.
pub fn class_rows(scale: &ColorScale, unit: &str) -> Vec<ClassRow> {
    let Some(c) = &scale.classes else {
        return Vec::new();
    };
    let b = c.bounds();
    c.counts()
        .iter()
        .enumerate()
        .map(|(k, n)| {
            let position = (k as f32 + 0.5) / c.len() as f32;
            let label = format!(
                "{}–{} ({n})",
                format_value(Some(b[k]), unit),
                format_value(Some(b[k + 1]), unit)
            );
            ClassRow { position, label }
        })
        .collect()
}

/// Height of one class row in the legend (points).
pub const ROW: f32 = 10.0;

/// Where each class row goes in a legend `avail` points wide whose row labels are `widths`
/// points wide (after a 22-point swatch): two columns (upper classes on the right) when there
/// are more than four classes and they fit, else one. Returns (column x offset, row) per class
/// and the number of rows used.
pub fn class_layout(widths: &[f32], avail: f32) -> (Vec<(f32, usize)>, usize) {
    let n = widths.len();
    let half = n.div_ceil(2);
    let left = widths.iter().take(half).fold(0.0f32, |a, &b| a.max(b)) + 22.0 + 10.0;
    let right = widths.iter().skip(half).fold(0.0f32, |a, &b| a.max(b)) + 22.0;
    if n > 4 && left + right <= avail {
        let at = (0..n)
            .map(|k| if k < half { (0.0, k) } else { (left, k - half) })
            .collect();
        (at, half)
    } else {
        ((0..n).map(|k| (0.0, k)).collect(), n)
    }
}

/// The legend's note on prefectures drawn in their province's colour (see
/// [`crate::map::cache::fill_of`]).
pub const PARENT_FILL_NOTE: &str = "Prefectures without figures of their own show their province";

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
    fn quantiles_put_equal_numbers_in_each_class() {
        let v: Vec<f64> = (1..=10).map(f64::from).collect();
        let c = ClassBreaks::new(ClassMethod::Quantiles, &v, 5).expect("classes");
        assert_eq!(c.bounds(), [1.0, 3.0, 5.0, 7.0, 9.0, 10.0]);
        assert_eq!(c.counts(), [2, 2, 2, 2, 2]);
        assert_eq!(c.class_of(4.0), 1);
        assert_eq!(c.class_of(10.0), 4);
    }

    #[test]
    fn natural_breaks_find_the_gaps_between_clusters() {
        let v = [22.0, 1.0, 2.0, 3.0, 10.0, 11.0, 12.0, 20.0, 21.0];
        let c = ClassBreaks::new(ClassMethod::Jenks, &v, 3).expect("classes");
        assert_eq!(c.bounds(), [1.0, 10.0, 20.0, 22.0]);
        assert_eq!(c.counts(), [3, 3, 3]);
        // One outlier gets a class of its own.
        let c =
            ClassBreaks::new(ClassMethod::Jenks, &[1.0, 2.0, 3.0, 4.0, 100.0], 3).expect("classes");
        assert_eq!(c.bounds(), [1.0, 3.0, 100.0, 100.0]);
        assert_eq!(c.counts(), [2, 2, 1]);
    }

    #[test]
    fn class_counts_are_kept_within_three_to_nine_and_the_distinct_values() {
        let v: Vec<f64> = (1..=40).map(f64::from).collect();
        assert_eq!(
            ClassBreaks::new(ClassMethod::Quantiles, &v, 1).map(|c| c.len()),
            Some(3)
        );
        assert_eq!(
            ClassBreaks::new(ClassMethod::Jenks, &v, 20).map(|c| c.len()),
            Some(9)
        );
        let few = ClassBreaks::new(ClassMethod::Quantiles, &[5.0, 5.0, 7.0], 5).expect("c");
        assert_eq!(few.len(), 2);
        assert_eq!(few.counts(), [2, 1]);
        assert!(ClassBreaks::new(ClassMethod::Jenks, &[f64::NAN], 5).is_none());
    }

    #[test]
    fn a_classed_scale_colours_each_class_at_the_middle_of_its_step() {
        let mut s = ColorScale::covering(ScaleKind::Sequential, [0.0, 100.0], false).expect("s");
        s.classes = ClassBreaks::new(ClassMethod::Quantiles, &[1.0, 2.0, 3.0, 4.0], 4);
        assert!((s.position(1.0) - 0.125).abs() < 1e-6);
        assert!((s.position(4.0) - 0.875).abs() < 1e-6);
        assert!(
            s.describe().starts_with("4 quantile classes"),
            "{}",
            s.describe()
        );
    }

    #[test]
    fn no_values_means_no_scale() {
        assert!(ColorScale::covering(ScaleKind::Sequential, [f64::NAN], false).is_none());
    }
}
