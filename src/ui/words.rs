//! Plain words for what the data layer says in ids and codes: region and partner ids become
//! names, basis codes become what they mean, and the analysis's "missing" entries become
//! sentences a reader can follow. Display only; nothing here decides a value.

use crate::data::{Basis, Dataset};
use crate::model::partner_label;

pub use crate::data::tables::flows::basis_words;

/// The display name of a region, set or country id (`CN-JL` → Jilin); the id itself when
/// unknown.
pub fn region_name(data: &Dataset, id: &str) -> String {
    if let Some(set) = data.geo.set(id) {
        return set.name_en.clone();
    }
    data.geo
        .resolve_region(id)
        .map_or_else(|| id.to_string(), |r| r.name().to_string())
}

fn flow_words(flow: &str) -> &str {
    match flow {
        "total" => "total trade",
        "export" => "exports",
        "import" => "imports",
        "gdp" => "GDP",
        "population" => "population",
        "usd_cny" => "the USD/CNY rate",
        other => other,
    }
}

/// One "missing" entry of a cell in words: `CN-JL WLD 2001 total (reporter)` → "Jilin's total
/// trade with all partners in 2001 (as reported by the region …)". Entries of another shape
/// are returned with their ids replaced by names where they can be.
pub fn missing_words(data: &Dataset, entry: &str) -> String {
    let (head, why) = entry.split_once(':').map_or((entry, ""), |(h, w)| (h, w));
    let tokens: Vec<&str> = head.split_whitespace().collect();
    let sentence = match tokens.as_slice() {
        [region, partner, year, flow, basis] => {
            let basis = Basis::parse(basis.trim_matches(|c| c == '(' || c == ')'))
                .map_or(String::new(), |b| format!(" ({})", basis_words(b)));
            format!(
                "{}'s {} with {} in {year}{basis}",
                region_name(data, region),
                flow_words(flow),
                partner_label(data, partner)
            )
        }
        [region, partner, year, flow] => format!(
            "{}'s {} with {} in {year}",
            region_name(data, region),
            flow_words(flow),
            partner_label(data, partner)
        ),
        [region, name, year] => format!(
            "{}'s {} in {year}",
            region_name(data, region),
            flow_words(name)
        ),
        _ => head.to_string(),
    };
    if why.trim().is_empty() {
        sentence
    } else {
        format!("{sentence}:{why}")
    }
}

/// Names joined for a sentence: "A", "A and B", "A, B and C".
pub fn and_list(names: &[String]) -> String {
    match names {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::{and_list, missing_words};
    use crate::data::Dataset;

    #[test]
    fn a_missing_cell_is_said_in_words_not_ids() {
        let data = Dataset::bundled().expect("bundled data");
        let s = missing_words(&data, "CN-JL WLD 2001 total (reporter)");
        assert!(
            s.starts_with("Jilin's total trade with all partners in 2001"),
            "{s}"
        );
        assert!(
            !s.contains("CN-JL") && !s.contains("WLD") && !s.contains("(reporter)"),
            "{s}"
        );
        let s = missing_words(&data, "CN-JL gdp 2030");
        assert_eq!(s, "Jilin's GDP in 2030");
    }

    #[test]
    fn names_are_joined_as_in_a_sentence() {
        let n = |v: &[&str]| v.iter().map(ToString::to_string).collect::<Vec<_>>();
        assert_eq!(and_list(&n(&["Jilin"])), "Jilin");
        assert_eq!(
            and_list(&n(&["Heilongjiang", "Jilin", "Liaoning"])),
            "Heilongjiang, Jilin and Liaoning"
        );
    }
}
