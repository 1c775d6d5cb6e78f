//! Wide statistical tables as yearbooks print them ("吉林省按国别(地区)分进出口总额(2005年)"):
//! one row per partner, one column per year or per flow (进出口/出口/进口).
//!
//! The layout: optional title rows, a header row whose cells are years (`2005`, `2005年`) or
//! flows (`进出口`, `出口`, `进口`, `Total`, `Exports`, `Imports`), then partner rows.
//! - The region, the year and the flow come from the title when it names them, else from
//!   [`ImportOptions`](super::ImportOptions) (`--region`, `--year`, `--flow`); when the title and
//!   an option disagree, or neither tells, the file is refused with the reason.
//! - The unit comes from a unit row or cell (`单位：万美元`, `Unit: USD million`), a bracket in the
//!   title or a header cell (`出口(万美元)`). Every spelling the importer knows is in [`UNITS`];
//!   a table without a unit is refused (a unit is never guessed).
//! - Continent and group subtotals (亚洲, 欧洲, 欧盟, `Asia` …) are skipped and reported, never
//!   added to a partner; a total row (总计, 合计, `Total`) becomes partner World (`WLD`).
//! - Notes rows (注：…, 资料来源：…, `Note:`) are skipped and reported.
//! - An empty cell, `-`, `—` or `…` is "no data", never zero.

use std::collections::{BTreeSet, HashMap};

use super::{Context, Format, ImportError, ImportReport, Issue};
use crate::data::RegionId;
use crate::data::tables::flows::parse_value;
use crate::data::tables::partners::WORLD;
use crate::data::tables::{Basis, Flow, FlowRow, Unit};

mod words;
use words::{
    GROUPS, NO_DATA, TOTALS, flow_of_header, flow_of_title, regions_in, squash, unit_in_cell,
    year_of_header, years_in,
};
pub(crate) use words::{Grid, grid_from_text};
pub use words::{UNITS, unit_from_text};

/// What the header row says the columns are.
enum Columns {
    Years(Vec<(usize, i32)>),
    Flows(Vec<(usize, Flow)>),
}

/// A header cell: its column and the year or flow it names.
type HeaderCell = (usize, Option<i32>, Option<Flow>);

/// Finds the header row: the first row (of the first 30) with a label column and at least
/// one year or flow column after it. Returns the row, the label column and the value columns.
fn find_header(grid: &Grid) -> Option<(usize, usize, Vec<HeaderCell>)> {
    for (r, row) in grid.iter().enumerate().take(30) {
        let Some(label) = row.iter().position(|c| !c.is_empty()) else {
            continue;
        };
        if year_of_header(&row[label]).is_some() || flow_of_header(&row[label]).is_some() {
            continue;
        }
        let cols: Vec<HeaderCell> = row
            .iter()
            .enumerate()
            .skip(label + 1)
            .filter(|(_, c)| !c.is_empty())
            .map(|(i, c)| (i, year_of_header(c), flow_of_header(c)))
            .collect();
        if !cols.is_empty() && cols.iter().all(|(_, y, f)| y.is_some() || f.is_some()) {
            return Some((r, label, cols));
        }
    }
    None
}

/// Whether the grid looks like a wide statistical table (a header row of years or flows).
pub(crate) fn looks_wide(grid: &Grid) -> bool {
    find_header(grid).is_some()
}

fn is_note(label: &str) -> bool {
    let lower = label.to_lowercase();
    label.starts_with('注')
        || label.starts_with("资料来源")
        || label.starts_with("数据来源")
        || label.starts_with("说明")
        || ["note", "notes", "source", "sources"]
            .iter()
            .any(|w| lower.starts_with(w) && lower[w.len()..].starts_with([':', '：', ' ', '.']))
}

fn partner_label(label: &str) -> &str {
    let mut t = label.trim();
    for p in ["其中：", "其中:", "其中", "#"] {
        t = t.strip_prefix(p).unwrap_or(t).trim();
    }
    t.trim_end_matches(['*', '①', '②', '③'])
}

/// Imports a wide table from its grid. `sheet` (for a workbook) is named in notes.
#[allow(clippy::too_many_lines)] // one pass over the table, top to bottom
pub(crate) fn import(
    ctx: &Context<'_>,
    grid: &Grid,
    encoding: &'static str,
) -> Result<(Vec<FlowRow>, ImportReport), ImportError> {
    let mut report = ImportReport::new(ctx.file, Format::WideTable, encoding);
    let Some((header, label_col, raw_cols)) = find_header(grid) else {
        return Err(ctx.refuse("no header row of years or flows (进出口/出口/进口)"));
    };
    let years_n = raw_cols.iter().filter(|(_, y, _)| y.is_some()).count();
    let columns = if years_n == raw_cols.len() {
        Columns::Years(
            raw_cols
                .iter()
                .filter_map(|(i, y, _)| y.map(|y| (*i, y)))
                .collect(),
        )
    } else if raw_cols.iter().all(|(_, _, f)| f.is_some()) {
        Columns::Flows(
            raw_cols
                .iter()
                .filter_map(|(i, _, f)| f.map(|f| (*i, f)))
                .collect(),
        )
    } else {
        return Err(ctx.refuse(format!(
            "line {}: the header mixes year and flow columns; one table per flow or per year, please",
            header + 1
        )));
    };
    let title: String = grid[..header]
        .iter()
        .flatten()
        .filter(|c| !c.is_empty())
        .cloned()
        .collect::<Vec<_>>()
        .join(" ");

    // The unit: title rows, the header row, and a unit row straight below the header.
    let mut units: Vec<(Unit, String)> = Vec::new();
    let mut unit_row = None;
    let note_unit = |cell: &str, units: &mut Vec<(Unit, String)>| {
        if let Some(u) = unit_in_cell(cell)
            && !units.iter().any(|(v, _)| *v == u)
        {
            units.push((u, cell.to_string()));
        }
    };
    for cell in grid[..=header].iter().flatten() {
        note_unit(cell.as_str(), &mut units);
    }
    if let Some(next) = grid.get(header + 1) {
        let filled: Vec<&String> = next.iter().filter(|c| !c.is_empty()).collect();
        if !filled.is_empty() && filled.iter().all(|c| unit_in_cell(c).is_some()) {
            unit_row = Some(header + 1);
            for c in filled {
                note_unit(c.as_str(), &mut units);
            }
        }
    }
    let unit = match units.as_slice() {
        [(u, _)] => *u,
        [] => {
            return Err(ctx.refuse(
                "the table names no unit (a unit row or cell such as 单位：万美元 or Unit: USD million); a unit is never guessed",
            ));
        }
        many => {
            return Err(ctx.refuse(format!(
                "the table names more than one unit ({})",
                many.iter()
                    .map(|(u, c)| format!("{u} in \"{c}\""))
                    .collect::<Vec<_>>()
                    .join(", ")
            )));
        }
    };

    // The region: the title, else --region; both and different → refused.
    let from_title = regions_in(ctx, &title);
    let opt_region = match &ctx.opts.region {
        Some(r) => Some(
            ctx.geo
                .resolve_region(r)
                .map(|r| r.id.clone())
                .ok_or_else(|| ctx.refuse(format!("--region \"{r}\" is not a known region")))?,
        ),
        None => None,
    };
    let (region, in_title) = title_or_option(
        &from_title,
        opt_region,
        "region",
        "the table does not name its region (no province or country in the title); give the region (--region or the import dialog)",
    )
    .map_err(|reason| ctx.refuse(reason))?;
    if in_title {
        report
            .notes
            .push(format!("region {region} from the title \"{title}\""));
    }

    // The year (flow columns) or the flow (year columns).
    let title_years = years_in(&title);
    let title_flow = flow_of_title(&title);
    let cells: Vec<(usize, i32, Flow)> = match &columns {
        Columns::Flows(cols) => {
            let years: Vec<i32> = title_years.iter().copied().collect();
            let (year, _) = title_or_option(
                &years,
                ctx.opts.year,
                "year",
                "the table's columns are flows but it does not say the year; give the year (--year or the import dialog)",
            )
            .map_err(|reason| ctx.refuse(reason))?;
            if ctx.opts.flow.is_some() {
                report
                    .notes
                    .push("--flow ignored: the columns are flows".into());
            }
            cols.iter().map(|(i, f)| (*i, year, *f)).collect()
        }
        Columns::Years(cols) => {
            let flow = match (title_flow, ctx.opts.flow) {
                (Some(t), Some(o)) if t != o => {
                    return Err(ctx.refuse(format!("the title names flow {t} but --flow is {o}")));
                }
                (_, Some(o)) => o,
                (Some(t), None) => t,
                (None, None) => {
                    return Err(ctx.refuse(
                        "the table's columns are years but it does not say the flow (进出口/出口/进口 in the title); give the flow (--flow or the import dialog)",
                    ));
                }
            };
            if ctx.opts.year.is_some() {
                report
                    .notes
                    .push("--year ignored: the columns are years".into());
            }
            cols.iter().map(|(i, y)| (*i, *y, flow)).collect()
        }
    };
    report.notes.push(format!(
        "wide table: region {region}, unit {unit}, {} value column(s), basis reporter",
        cells.len()
    ));

    let first_data = unit_row.map_or(header + 1, |u| u + 1);
    let mut rows = Vec::new();
    let mut seen: HashMap<(String, i32, Flow), u64> = HashMap::new();
    let mut blank = 0usize;
    let mut no_data = 0usize;
    for (r, row) in grid.iter().enumerate().skip(first_data) {
        let line = u64::try_from(r + 1).unwrap_or(u64::MAX);
        if row.iter().all(String::is_empty) {
            blank += 1;
            continue;
        }
        report.rows_read += 1;
        let raw_label = row.get(label_col).map_or("", String::as_str);
        let label = partner_label(raw_label);
        let first_text = row
            .iter()
            .find(|c| !c.is_empty())
            .map_or("", String::as_str);
        if is_note(first_text) {
            report.skipped.push(Issue {
                line,
                reason: format!("notes row: \"{first_text}\""),
            });
            continue;
        }
        if label.is_empty() {
            report.rejected.push(Issue {
                line,
                reason: "values without a partner name".into(),
            });
            continue;
        }
        let key = squash(label);
        if GROUPS.iter().any(|g| squash(g) == key) {
            report.skipped.push(Issue {
                line,
                reason: format!(
                    "group or continent subtotal \"{label}\": not added to any partner"
                ),
            });
            continue;
        }
        let partner = if TOTALS.iter().any(|t| squash(t) == key) {
            WORLD.to_string()
        } else if let Some(p) = ctx.trade.partners.resolve(label) {
            p.to_string()
        } else {
            report.rejected.push(Issue {
                line,
                reason: format!("unknown partner \"{label}\" (not in data/partners.csv)"),
            });
            continue;
        };
        let mut took = false;
        let mut bad = Vec::new();
        for (col, year, flow) in &cells {
            let text = row.get(*col).map_or("", String::as_str);
            if NO_DATA.iter().any(|n| n.eq_ignore_ascii_case(text)) {
                no_data += 1;
                continue;
            }
            let value = match parse_value(text) {
                Ok(v) => v,
                Err(e) => {
                    bad.push(format!("{year} {flow}: {e}"));
                    continue;
                }
            };
            if let Some(first) = seen.get(&(partner.clone(), *year, *flow)) {
                bad.push(format!("{year} {flow}: duplicate of line {first}"));
                continue;
            }
            seen.insert((partner.clone(), *year, *flow), line);
            took = true;
            rows.push(FlowRow {
                reporter: region.clone(),
                partner: partner.clone(),
                year: *year,
                flow: *flow,
                value,
                unit,
                basis: Basis::Reporter,
                source: ctx.source.clone(),
                note: format!("wide table \"{label}\" ({})", ctx.file_name),
                value_usd: None,
                converted: None,
            });
        }
        if !bad.is_empty() {
            report.rejected.push(Issue {
                line,
                reason: bad.join("; "),
            });
        }
        if took {
            report.accepted += 1;
        }
    }
    super::note_blank(&mut report, blank);
    if no_data > 0 {
        report.notes.push(format!(
            "{no_data} empty or dash cell(s): no data (not zero)"
        ));
    }
    rows.sort_by(|a, b| (&a.partner, a.year, a.flow).cmp(&(&b.partner, b.year, b.flow)));
    Ok((rows, report))
}

/// A value the table needs (its region, or the year of flow columns): the option when given,
/// refused if the title names another; else the one the title names, refused if it names none
/// (`none`) or several. Returns it and whether it came from the title.
fn title_or_option<T: Clone + PartialEq + std::fmt::Display>(
    in_title: &[T],
    option: Option<T>,
    what: &str,
    none: &str,
) -> Result<(T, bool), String> {
    match (in_title, option) {
        ([t], Some(o)) if *t != o => Err(format!("the title names {what} {t} but --{what} is {o}")),
        (_, Some(o)) => Ok((o, false)),
        ([t], None) => Ok((t.clone(), true)),
        ([], None) => Err(none.to_string()),
        (many, None) => Err(format!(
            "the title names several {what}s ({}); give the {what} (--{what} or the import dialog)",
            many.iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_cells_name_years_and_flows() {
        assert_eq!(year_of_header("2005年"), Some(2005));
        assert_eq!(year_of_header("2005 (万美元)"), Some(2005));
        assert_eq!(year_of_header("205"), None);
        assert_eq!(flow_of_header("进出口总额"), Some(Flow::Total));
        assert_eq!(flow_of_header("出口(万美元)"), Some(Flow::Export));
        assert_eq!(flow_of_header("Imports"), Some(Flow::Import));
        assert_eq!(flow_of_header("国别(地区)"), None);
    }

    #[test]
    fn titles_name_flows_and_years() {
        let t = "吉林省按国别(地区)分进出口总额(2005年)";
        assert_eq!(flow_of_title(t), Some(Flow::Total));
        assert_eq!(years_in(t).into_iter().collect::<Vec<_>>(), [2005]);
        assert_eq!(flow_of_title("吉林省出口额"), Some(Flow::Export));
        assert_eq!(years_in("2015-2020年").len(), 2);
    }

    #[test]
    fn units_are_found_in_unit_cells_and_brackets_only() {
        assert_eq!(unit_in_cell("单位：万美元"), Unit::parse("10 thousand USD"));
        assert_eq!(
            unit_in_cell("Unit: USD million"),
            Unit::parse("million USD")
        );
        assert_eq!(unit_in_cell("出口(亿元)"), Unit::parse("100 million CNY"));
        assert_eq!(unit_in_cell("元宝山"), None);
    }
}
