//! The words of a wide table: unit spellings, continent and group subtotals, total and "no
//! data" markers, and reading a year, a flow, the years or the regions out of a title or a
//! header cell.

use super::*;

/// Every unit spelling a wide table may use, and the project unit it means. Matched exactly
/// (case-insensitive, spaces ignored) against a unit cell, a bracketed part of a title or
/// header cell, or what follows `单位：`/`Unit:`.
pub const UNITS: &[(&str, &str)] = &[
    ("美元", "USD"),
    ("千美元", "thousand USD"),
    ("万美元", "10 thousand USD"),
    ("百万美元", "million USD"),
    ("亿美元", "100 million USD"),
    ("元", "CNY"),
    ("人民币元", "CNY"),
    ("千元", "thousand CNY"),
    ("万元", "10 thousand CNY"),
    ("万元人民币", "10 thousand CNY"),
    ("百万元", "million CNY"),
    ("亿元", "100 million CNY"),
    ("亿元人民币", "100 million CNY"),
    ("USD", "USD"),
    ("US$", "USD"),
    ("USD thousand", "thousand USD"),
    ("thousand USD", "thousand USD"),
    ("US$ thousand", "thousand USD"),
    ("USD 10 thousand", "10 thousand USD"),
    ("USD 10,000", "10 thousand USD"),
    ("USD million", "million USD"),
    ("million USD", "million USD"),
    ("US$ million", "million USD"),
    ("USD 100 million", "100 million USD"),
    ("USD billion", "billion USD"),
    ("billion USD", "billion USD"),
    ("CNY 10 thousand", "10 thousand CNY"),
    ("CNY 100 million", "100 million CNY"),
    ("100 million yuan", "100 million CNY"),
    ("10,000 yuan", "10 thousand CNY"),
];

/// Continent and group subtotals: skipped, never added to a partner.
pub(super) const GROUPS: &[&str] = &[
    "亚洲",
    "非洲",
    "欧洲",
    "拉丁美洲",
    "北美洲",
    "南美洲",
    "大洋洲",
    "大洋洲及太平洋群岛",
    "欧盟",
    "东盟",
    "其他",
    "其它",
    "asia",
    "africa",
    "europe",
    "latin america",
    "north america",
    "south america",
    "oceania",
    "european union",
    "asean",
    "others",
    "other",
];

/// Labels of the all-partners total row.
pub(super) const TOTALS: &[&str] = &[
    "总计",
    "合计",
    "总值",
    "全部",
    "总额",
    "total",
    "grand total",
];

/// Values that mean "no data" (not zero).
pub(super) const NO_DATA: &[&str] = &[
    "", "-", "--", "—", "–", "…", "...", "..", "x", "/", "na", "n.a.",
];

/// A parsed grid: rows of trimmed cells; index + 1 is the line (or spreadsheet row).
pub(crate) type Grid = Vec<Vec<String>>;

/// Reads CSV text into a grid (every row, however many fields).
pub(crate) fn grid_from_text(text: &str, delimiter: u8) -> Grid {
    let mut rdr = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .has_headers(false)
        .from_reader(text.as_bytes());
    let mut grid: Grid = Vec::new();
    for rec in rdr.records().flatten() {
        let line = rec.position().map_or(grid.len() + 1, |p| {
            usize::try_from(p.line()).unwrap_or(usize::MAX)
        });
        while grid.len() + 1 < line {
            grid.push(Vec::new());
        }
        grid.push(rec.iter().map(clean).collect());
    }
    grid
}

pub(super) fn clean(s: &str) -> String {
    s.trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}' || c == '\u{feff}')
        .to_string()
}

pub(super) fn squash(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{3000}')
        .flat_map(char::to_lowercase)
        .collect()
}

/// The unit an exact spelling means (see [`UNITS`]).
pub fn unit_from_text(text: &str) -> Option<Unit> {
    let key = squash(text);
    if key.is_empty() {
        return None;
    }
    UNITS
        .iter()
        .find(|(s, _)| squash(s) == key)
        .and_then(|(_, u)| Unit::parse(u))
}

/// Bracketed parts of a cell: `出口(万美元)` → [`万美元`].
pub(super) fn brackets(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = s;
    while let Some(i) = rest.find(['(', '（', '[', '【']) {
        let after = &rest[i..];
        let open_len = after.chars().next().map_or(1, char::len_utf8);
        let inner = &after[open_len..];
        let Some(j) = inner.find([')', '）', ']', '】']) else {
            break;
        };
        out.push(&inner[..j]);
        let close_len = inner[j..].chars().next().map_or(1, char::len_utf8);
        rest = &inner[j + close_len..];
    }
    out
}

/// A unit named in a cell: the whole cell, what follows `单位：`/`Unit:`, or a bracket.
pub(super) fn unit_in_cell(cell: &str) -> Option<Unit> {
    let t = cell.trim();
    let lower = t.to_lowercase();
    for prefix in [
        "单位：",
        "单位:",
        "单位",
        "unit:",
        "units:",
        "unit：",
        "units：",
    ] {
        if lower.starts_with(prefix) {
            return t.get(prefix.len()..).and_then(unit_from_text);
        }
    }
    unit_from_text(t).or_else(|| brackets(t).into_iter().find_map(unit_from_text))
}

/// The text of a header cell without its brackets.
pub(super) fn without_brackets(s: &str) -> String {
    let mut out = s.to_string();
    for b in brackets(s) {
        for (o, c) in [("(", ")"), ("（", "）"), ("[", "]"), ("【", "】")] {
            out = out.replace(&format!("{o}{b}{c}"), "");
        }
    }
    out.trim().to_string()
}

/// A year column header: `2005`, `2005年`.
pub(super) fn year_of_header(cell: &str) -> Option<i32> {
    let t = without_brackets(cell);
    let t = t.trim_end_matches('年').trim();
    (t.len() == 4 && t.chars().all(|c| c.is_ascii_digit()))
        .then(|| t.parse::<i32>().ok())
        .flatten()
        .filter(|y| (1900..=2100).contains(y))
}

/// A flow column header: 进出口/出口/进口 (with 额/总额/总值), `Total`, `Exports`, `Imports`.
pub(super) fn flow_of_header(cell: &str) -> Option<Flow> {
    let t = squash(&without_brackets(cell));
    let t = t
        .trim_end_matches("总额")
        .trim_end_matches("总值")
        .trim_end_matches('额');
    match t {
        "进出口" | "进出口合计" | "total" | "totaltrade" | "exportsandimports"
        | "importsandexports" | "trade" => Some(Flow::Total),
        "出口" | "export" | "exports" => Some(Flow::Export),
        "进口" | "import" | "imports" => Some(Flow::Import),
        _ => None,
    }
}

/// The flow a title names (进出口 before 出口/进口, since 进出口 contains both).
pub(super) fn flow_of_title(title: &str) -> Option<Flow> {
    let lower = title.to_lowercase();
    if title.contains("进出口")
        || lower.contains("imports and exports")
        || lower.contains("exports and imports")
        || lower.contains("total trade")
    {
        return Some(Flow::Total);
    }
    let export = title.contains("出口") || lower.contains("export");
    let import = title.contains("进口") || lower.contains("import");
    match (export, import) {
        (true, false) => Some(Flow::Export),
        (false, true) => Some(Flow::Import),
        _ => None,
    }
}

/// Four-digit years (1900–2100) written in the title.
pub(super) fn years_in(title: &str) -> BTreeSet<i32> {
    let mut out = BTreeSet::new();
    let mut digits = String::new();
    for c in title.chars().chain(std::iter::once(' ')) {
        if c.is_ascii_digit() {
            digits.push(c);
        } else {
            if digits.len() == 4
                && let Ok(y) = digits.parse::<i32>()
                && (1900..=2100).contains(&y)
            {
                out.insert(y);
            }
            digits.clear();
        }
    }
    out
}

/// Regions whose name or alias the title contains (CJK names of two characters or more,
/// Latin names of four letters or more, as whole words). A name found only inside a longer
/// name of another region is not counted (吉林 inside 吉林省 is the province, not Jilin city);
/// countries count only when nothing below a country is named (吉林省对朝鲜… is Jilin).
pub(super) fn regions_in(ctx: &Context<'_>, title: &str) -> Vec<RegionId> {
    let lower = title.to_lowercase();
    // Every match: region, whether a country, byte range in the title.
    let mut found: Vec<(RegionId, bool, std::ops::Range<usize>)> = Vec::new();
    for r in &ctx.geo.regions {
        let country = r.level == crate::data::Level::Country;
        for n in r.names.all().chain(r.aliases.iter().map(String::as_str)) {
            let n = n.trim();
            if n.is_ascii() {
                if n.len() < 4 || !n.chars().any(|c| c.is_ascii_alphabetic()) {
                    continue;
                }
                let key = n.to_lowercase();
                for (i, m) in lower.match_indices(&key) {
                    let before = lower[..i].chars().next_back();
                    let after = lower[i + m.len()..].chars().next();
                    if !before.is_some_and(char::is_alphanumeric)
                        && !after.is_some_and(char::is_alphanumeric)
                    {
                        found.push((r.id.clone(), country, i..i + m.len()));
                    }
                }
            } else if n.chars().count() >= 2 {
                for (i, m) in title.match_indices(n) {
                    found.push((r.id.clone(), country, i..i + m.len()));
                }
            }
        }
    }
    let inside_other = |(id, _, range): &(RegionId, bool, std::ops::Range<usize>)| {
        found.iter().any(|(other, _, o)| {
            other != id && o.start <= range.start && range.end <= o.end && o.len() > range.len()
        })
    };
    let mut ids: Vec<(RegionId, bool)> = Vec::new();
    for m in &found {
        if !inside_other(m) && !ids.iter().any(|(id, _)| *id == m.0) {
            ids.push((m.0.clone(), m.1));
        }
    }
    let below_country: Vec<RegionId> = ids
        .iter()
        .filter(|(_, country)| !country)
        .map(|(id, _)| id.clone())
        .collect();
    if below_country.is_empty() {
        ids.into_iter().map(|(id, _)| id).collect()
    } else {
        below_country
    }
}
