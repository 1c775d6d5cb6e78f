//! Story: click a gap in the coverage grid → "Where to get this" → import a file → the cell
//! fills. The file is a yearbook-style table that names neither its region nor its year: the
//! import window takes both from the gap that was clicked.

use std::collections::{BTreeMap, BTreeSet};

use egui::Modifiers;
use egui_kittest::kittest::Queryable;
use tumen_atlas::state::Gap;
use tumen_atlas::ui::{coverage, import, recipe};

use crate::common;

#[test]
fn clicking_a_gap_shows_where_to_get_it_and_importing_a_file_fills_the_cell() {
    let mut h = common::harness();
    h.get_by_label("Coverage…").click();
    h.run();
    let (rect, first): (egui::Rect, i32) =
        h.state().drawn().coverage_grid.expect("the grid is drawn");

    // The grid's rows, in its order; the first gap in the top rows (inside the window).
    let mut rows: BTreeMap<(String, String), BTreeSet<i32>> = BTreeMap::new();
    let last = {
        let app = h.state_mut();
        let data = app.data().clone();
        let cells = app.model().coverage(&data);
        for c in cells {
            rows.entry((c.reporter.to_string(), c.partner.clone()))
                .or_default()
                .insert(c.year);
        }
        cells.iter().map(|c| c.year).max().expect("cells")
    };
    let (row, (reporter, partner), year) = rows
        .iter()
        .enumerate()
        .take(10)
        .filter(|(_, ((_, p), _))| p != "WLD")
        .find_map(|(i, (k, years))| {
            let y = (first..=last).find(|y| !years.contains(y))?;
            Some((i, k.clone(), y))
        })
        .expect("a gap in the top rows");
    let pos = egui::pos2(
        rect.left() + coverage::LABEL_WIDTH + (year - first) as f32 * coverage::CELL + 6.0,
        rect.top() + (row + 1) as f32 * coverage::CELL + 6.0,
    );
    common::click(&mut h, pos, Modifiers::NONE);
    h.run();
    let gap = Gap {
        reporter: tumen_atlas::data::RegionId::new(&reporter),
        partner: partner.clone(),
        year,
    };
    assert_eq!(h.state().state.recipe_for.as_ref(), Some(&gap));
    h.get_by_label(recipe::TITLE);
    h.get_by_label_contains("Verified:");

    h.get_by_label(recipe::IMPORT_BUTTON).click();
    h.run();
    assert!(h.state().state.show_import, "the import window opens");
    assert_eq!(h.state().state.recipe_for, None, "the recipe closes");
    h.get_by_label(import::TITLE);
    assert_eq!(
        h.get_by_label("Region").value().as_deref(),
        Some(reporter.as_str())
    );
    assert_eq!(h.get_by_label("Year").value(), Some(year.to_string()));

    // A table without region or year in its title (synthetic value).
    let name = {
        let d = h.state().data();
        d.trade
            .partners
            .get(&partner)
            .map(|p| p.name_zh.clone())
            .expect("partner")
    };
    let dir = tempfile::tempdir().expect("tmp");
    let file = dir.path().join("table.csv");
    std::fs::write(
        &file,
        format!("按国别分进出口总额\n国别,进出口\n单位：美元,\n{name},4321\n"),
    )
    .expect("write");
    let field = h.get_by_label("File");
    field.focus();
    h.run();
    h.get_by_label("File")
        .type_text(&file.display().to_string());
    h.run();
    h.get_by_label("Import").click();
    h.step();
    common::settle(&mut h);

    let filled = {
        let app = h.state_mut();
        let data = app.data().clone();
        app.model()
            .coverage(&data)
            .iter()
            .any(|c| c.reporter.as_str() == reporter && c.partner == partner && c.year == year)
    };
    let report = h.state().state.import_report.clone().unwrap_or_default();
    assert!(
        filled,
        "{reporter} × {partner} {year} is filled: {report:?}"
    );
}
