//! Numbers for people: metric values with their unit and magnitude, and digit grouping. Below
//! every view (map legend, plots, side panel, CLI tables and exports format the same way).

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

/// `20679164000` → `20,679,164,000`; rounded to a whole number, a minus sign kept for negatives.
pub fn thousands(v: f64) -> String {
    let s = format!("{:.0}", v.abs());
    let mut out = String::new();
    for (i, ch) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    if v < 0.0 && s != "0" {
        format!("-{out}")
    } else {
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_values_read_no_data_never_zero() {
        assert_eq!(format_value(None, "USD"), "no data");
        assert_eq!(format_value(Some(20_679_164_000.0), "USD"), "$20.68 bn");
        assert_eq!(format_value(Some(-1.5e6), "USD"), "−$1.5 m");
        assert_eq!(format_value(Some(12.345), "%"), "12.3 %");
    }

    #[test]
    fn thousands_groups_digits_and_keeps_the_sign_of_negatives() {
        assert_eq!(thousands(20_679_164_000.0), "20,679,164,000");
        assert_eq!(thousands(187_400.4), "187,400");
        assert_eq!(thousands(999.0), "999");
        assert_eq!(thousands(-9_489.0), "-9,489");
        assert_eq!(thousands(-0.2), "0");
        assert_eq!(thousands(12.0), "12");
    }
}
