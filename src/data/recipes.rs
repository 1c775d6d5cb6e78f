//! "Where to get this": the recipes of `data/recipes.csv`, one per way of filling a gap (the
//! China Customs online query, a provincial yearbook table, the UN Comtrade API). Each names
//! its source rows in `data/sources.csv`, its steps, the file it yields, what the importer does
//! with that file, and how far its steps were verified. docs/GET-DATA.md says the same.

use crate::data::{Geography, Level, RegionId};

/// The bundled recipes table.
pub const BUNDLED_RECIPES: &str = include_str!("../../data/recipes.csv");

/// Which reporters a recipe serves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AppliesTo {
    /// Chinese provinces (first-level regions).
    Province,
    /// Chinese provinces and prefectures.
    Region,
    /// Countries (national totals, mirror figures).
    Country,
}

/// One way of getting data.
#[derive(Debug, Clone, PartialEq)]
pub struct Recipe {
    /// Its id.
    pub id: String,
    /// Which reporters it serves.
    pub applies_to: AppliesTo,
    /// First year it covers, if it starts later than the data.
    pub first_year: Option<i32>,
    /// Title.
    pub title: String,
    /// Source ids (in `data/sources.csv`).
    pub sources: Vec<String>,
    /// Steps, in order.
    pub steps: Vec<String>,
    /// The file it yields.
    pub file: String,
    /// What the importer does with that file.
    pub importer: String,
    /// How far the steps were verified, said plainly.
    pub verified: String,
}

/// Parses the recipes table; `Err` names the line.
///
/// # Errors
/// A line that does not parse, with its number and reason.
pub fn parse(text: &str) -> Result<Vec<Recipe>, String> {
    let mut rdr = csv::Reader::from_reader(text.as_bytes());
    let mut out = Vec::new();
    for rec in rdr.records() {
        let rec = rec.map_err(|e| format!("data/recipes.csv: {e}"))?;
        let line = rec.position().map_or(0, csv::Position::line);
        let get = |i: usize| rec.get(i).unwrap_or("").trim().to_string();
        let applies_to = match get(1).as_str() {
            "province" => AppliesTo::Province,
            "region" => AppliesTo::Region,
            "country" => AppliesTo::Country,
            other => {
                return Err(format!(
                    "data/recipes.csv line {line}: applies_to \"{other}\" is not province, region or country"
                ));
            }
        };
        let first_year = match get(2).as_str() {
            "" => None,
            y => Some(y.parse::<i32>().map_err(|_| {
                format!("data/recipes.csv line {line}: first_year \"{y}\" is not a year")
            })?),
        };
        out.push(Recipe {
            id: get(0),
            applies_to,
            first_year,
            title: get(3),
            sources: get(4).split_whitespace().map(str::to_string).collect(),
            steps: get(5)
                .split(" | ")
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect(),
            file: get(6),
            importer: get(7),
            verified: get(8),
        });
    }
    Ok(out)
}

/// The bundled recipes (empty if the table were broken; a test keeps it parsing).
pub fn bundled() -> Vec<Recipe> {
    parse(BUNDLED_RECIPES).unwrap_or_default()
}

/// The recipes that can fill the cell reporter × partner × year, best first.
pub fn for_gap<'a>(
    recipes: &'a [Recipe],
    geo: &Geography,
    reporter: &RegionId,
    year: i32,
) -> Vec<&'a Recipe> {
    let level = geo.region(reporter).map(|r| r.level);
    let chinese = reporter.as_str().starts_with("CN-");
    recipes
        .iter()
        .filter(|r| r.first_year.is_none_or(|f| year >= f))
        .filter(|r| match r.applies_to {
            AppliesTo::Province => chinese && level == Some(Level::Admin1),
            AppliesTo::Region => chinese,
            AppliesTo::Country => !chinese && level.is_none_or(|l| l == Level::Country),
        })
        .collect()
}
