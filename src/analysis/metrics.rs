//! The metrics of docs/DESIGN.md §4 as pure functions on numbers that are already known. Deciding
//! *whether* a number is known (missing members, mixed bases, missing rates) is the job of
//! [`super::Analysis`]; these functions only do the arithmetic and refuse what has no answer
//! (division by zero → `None`).
//!
//! Units: money in plain USD; GDP in `100 million CNY` (亿元) as NBS publishes it; population in
//! `10 thousand persons` (万人); exchange rates in CNY per USD; results in percent.

/// Sum of values that must all be known: `None` if any is `None` (a sum over a region set or a
/// partner group is known only if every member is).
///
/// ```
/// use tumen_atlas::analysis::metrics::sum_all;
/// assert_eq!(sum_all([Some(1.0), Some(2.0)]), Some(3.0));
/// assert_eq!(sum_all([Some(1.0), None]), None);
/// ```
pub fn sum_all(values: impl IntoIterator<Item = Option<f64>>) -> Option<f64> {
    values
        .into_iter()
        .try_fold(0.0, |acc, v| v.map(|v| acc + v))
}

/// Trade balance: exports − imports (USD; negative = deficit).
pub fn balance(export_usd: f64, import_usd: f64) -> f64 {
    export_usd - import_usd
}

/// Share of a part in a whole, in percent (partner trade / trade with the world). `None` when
/// the whole is zero.
pub fn share_pct(part: f64, whole: f64) -> Option<f64> {
    (whole != 0.0).then(|| part / whole * 100.0)
}

/// Year-on-year growth in percent: `(current / previous − 1) × 100`. `None` when the previous
/// value is zero.
///
/// ```
/// use tumen_atlas::analysis::metrics::growth_pct;
/// let g = growth_pct(100.0, 110.0).unwrap_or(f64::NAN);
/// assert!((g - 10.0).abs() < 1e-9);
/// assert_eq!(growth_pct(0.0, 5.0), None);
/// ```
pub fn growth_pct(previous: f64, current: f64) -> Option<f64> {
    (previous != 0.0).then(|| (current / previous - 1.0) * 100.0)
}

/// Trade relative to GDP, in percent: `trade_usd × usd_cny / (gdp_cny_100m × 1e8) × 100`.
/// `None` when GDP or the rate is not positive.
pub fn trade_gdp_pct(trade_usd: f64, usd_cny: f64, gdp_cny_100m: f64) -> Option<f64> {
    (gdp_cny_100m > 0.0 && usd_cny > 0.0)
        .then(|| trade_usd * usd_cny / (gdp_cny_100m * 1e8) * 100.0)
}

/// A value per resident from population in 10 thousand persons (USD per person for trade in
/// USD). `None` when the population is not positive.
///
/// ```
/// use tumen_atlas::analysis::metrics::per_head;
/// // 2.4 billion USD over 2 400 (10 thousand persons) = 24 million people → 100 USD each.
/// assert_eq!(per_head(2.4e9, 2_400.0), Some(100.0));
/// assert_eq!(per_head(1.0, 0.0), None);
/// ```
pub fn per_head(value: f64, population_10k: f64) -> Option<f64> {
    (population_10k > 0.0).then(|| value / (population_10k * 1e4))
}

/// GDP per head in yuan from GDP in 100 million CNY and population in 10 thousand persons.
/// `None` when the population is not positive.
pub fn gdp_per_head_cny(gdp_cny_100m: f64, population_10k: f64) -> Option<f64> {
    per_head(gdp_cny_100m * 1e8, population_10k)
}

/// A region's GDP per head relative to the national figure, in percent above (+) or below (−):
/// `(region_per_head / national_per_head − 1) × 100`.
pub fn gdp_pc_rel_pct(region_per_head: f64, national_per_head: f64) -> Option<f64> {
    (national_per_head > 0.0).then(|| (region_per_head / national_per_head - 1.0) * 100.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sum_with_a_gap_is_unknown() {
        assert_eq!(sum_all([Some(1.5), Some(2.5), Some(3.0)]), Some(7.0));
        assert_eq!(sum_all([Some(1.5), None, Some(3.0)]), None);
        assert_eq!(sum_all([]), Some(0.0));
    }

    #[test]
    fn balance_is_export_minus_import() {
        assert_eq!(balance(4_674.0, 14_163.0), -9_489.0);
    }

    #[test]
    fn shares_and_growth_are_percent() {
        assert_eq!(share_pct(25.0, 200.0), Some(12.5));
        assert_eq!(share_pct(1.0, 0.0), None);
        let g = growth_pct(20_679_164.0, 18_904_122.572);
        let expected = (18_904_122.572 / 20_679_164.0 - 1.0) * 100.0;
        assert_eq!(g, Some(expected));
        assert!((expected - -8.583_719_477).abs() < 1e-8, "{expected}");
        assert_eq!(growth_pct(0.0, 5.0), None);
    }

    #[test]
    fn trade_gdp_minds_the_units() {
        // 1 billion USD at 7 CNY/USD = 7 billion CNY = 70 (100 million CNY); GDP 700 → 10 %.
        assert_eq!(trade_gdp_pct(1e9, 7.0, 700.0), Some(10.0));
        assert_eq!(trade_gdp_pct(1e9, 7.0, 0.0), None);
    }

    #[test]
    fn gdp_per_head_relative_is_signed() {
        // 100 (100 million CNY) over 100 (10 thousand persons) = 10 000 CNY per head.
        assert_eq!(gdp_per_head_cny(100.0, 100.0), Some(10_000.0));
        assert!(gdp_pc_rel_pct(8_000.0, 10_000.0).is_some_and(|v| (v + 20.0).abs() < 1e-9));
        assert_eq!(
            gdp_pc_rel_pct(12_000.0, 10_000.0).map(f64::round),
            Some(20.0)
        );
        assert_eq!(gdp_pc_rel_pct(1.0, 0.0), None);
    }
}
