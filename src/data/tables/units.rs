//! Units as published (`thousand USD`, `100 million CNY`, `thousand JPY` …) and their
//! conversion to plain USD.
//!
//! A unit is a scale word and a currency. USD units convert by their scale alone; other
//! currencies need that year's rate (`usd_cny` for CHN, `usd_jpy` for JPN, `usd_krw` for KOR,
//! from `indicators.csv`). Without the rate a value stays unconverted: unknown, never guessed.

use std::fmt;

/// A currency the tables use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Currency {
    /// US dollar.
    Usd,
    /// Chinese yuan (renminbi).
    Cny,
    /// Japanese yen.
    Jpy,
    /// Korean won.
    Krw,
}

impl Currency {
    /// ISO 4217 code.
    pub fn code(self) -> &'static str {
        match self {
            Self::Usd => "USD",
            Self::Cny => "CNY",
            Self::Jpy => "JPY",
            Self::Krw => "KRW",
        }
    }

    /// The indicator (region, name) that holds this currency's units per USD, if it needs one.
    pub fn rate_indicator(self) -> Option<(&'static str, &'static str)> {
        match self {
            Self::Usd => None,
            Self::Cny => Some(("CHN", "usd_cny")),
            Self::Jpy => Some(("JPN", "usd_jpy")),
            Self::Krw => Some(("KOR", "usd_krw")),
        }
    }

    fn parse(s: &str) -> Option<Self> {
        match s {
            "USD" => Some(Self::Usd),
            "CNY" => Some(Self::Cny),
            "JPY" => Some(Self::Jpy),
            "KRW" => Some(Self::Krw),
            _ => None,
        }
    }
}

/// Scale words, longest first so `100 million` is tried before `million`.
const SCALES: [(&str, f64); 7] = [
    ("10 thousand", 1e4),
    ("100 million", 1e8),
    ("thousand", 1e3),
    ("million", 1e6),
    ("billion", 1e9),
    ("trillion", 1e12),
    ("", 1.0),
];

/// A published unit: `scale` × one `currency`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Unit {
    /// The currency.
    pub currency: Currency,
    /// How many currency units one published unit is (1e3 for `thousand USD`).
    pub scale: f64,
    scale_word: &'static str,
}

impl Unit {
    /// Plain US dollars.
    pub const USD: Self = Self {
        currency: Currency::Usd,
        scale: 1.0,
        scale_word: "",
    };
    /// Plain yuan (China Customs query exports).
    pub const CNY: Self = Self {
        currency: Currency::Cny,
        scale: 1.0,
        scale_word: "",
    };

    /// Parses a published unit string (`thousand USD`, `100 million CNY`, `JPY` …). Exact
    /// spelling, single spaces; anything else is `None` so the caller can name the line.
    pub fn parse(text: &str) -> Option<Self> {
        let text = text.trim();
        let (scale_part, code) = match text.rsplit_once(' ') {
            Some((s, c)) => (s, c),
            None => ("", text),
        };
        let currency = Currency::parse(code)?;
        let (scale_word, scale) = SCALES.iter().find(|(w, _)| *w == scale_part)?;
        Some(Self {
            currency,
            scale: *scale,
            scale_word,
        })
    }

    /// The value in plain units of the currency (`12.5` `thousand USD` → 12 500).
    pub fn to_plain(self, value: f64) -> f64 {
        value * self.scale
    }
}

impl fmt::Display for Unit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.scale_word.is_empty() {
            f.write_str(self.currency.code())
        } else {
            write!(f, "{} {}", self.scale_word, self.currency.code())
        }
    }
}

/// Plain USD from a value in another currency, given that currency's units per USD
/// (`usd_cny` = yuan per dollar). `None` for a non-positive or non-finite rate.
pub fn usd_from_foreign(value_plain: f64, units_per_usd: f64) -> Option<f64> {
    (units_per_usd.is_finite() && units_per_usd > 0.0).then(|| value_plain / units_per_usd)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_published_unit_parses_and_prints_back() {
        for s in [
            "USD",
            "thousand USD",
            "10 thousand USD",
            "million USD",
            "100 million USD",
            "billion USD",
            "100 million CNY",
            "billion CNY",
            "trillion CNY",
            "thousand JPY",
            "CNY",
        ] {
            let u = Unit::parse(s);
            assert_eq!(u.map(|u| u.to_string()).as_deref(), Some(s));
        }
    }

    #[test]
    fn scales_are_right() {
        let u = |s| Unit::parse(s).map(|u| u.scale);
        assert_eq!(u("10 thousand USD"), Some(1e4));
        assert_eq!(u("100 million CNY"), Some(1e8));
        assert_eq!(u("trillion CNY"), Some(1e12));
    }

    #[test]
    fn unknown_units_are_refused() {
        for s in [
            "",
            "EUR",
            "thousands USD",
            "hundred USD",
            "usd",
            "thousand  USD",
        ] {
            assert_eq!(Unit::parse(s), None, "{s}");
        }
    }

    #[test]
    fn foreign_values_divide_by_the_rate() {
        assert_eq!(usd_from_foreign(690.0, 6.9), Some(100.0));
        assert_eq!(usd_from_foreign(1.0, 0.0), None);
    }
}
