//! Story: import a file → new series appear and the coverage grid updates.

use crate::common;

use std::path::Path;

use egui::Modifiers;
use tumen_atlas::state::Command;

#[test]
fn importing_a_customs_export_adds_jilins_korea_series_and_coverage() {
    let mut h = common::harness();
    common::click_region(&mut h, "CN-JL", Modifiers::NONE);
    let cells_before = {
        let app = h.state_mut();
        let data = app.data().clone();
        app.model().coverage(&data).len()
    };
    let file = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import/customs_吉林_出口_2023_bom.csv");
    {
        let app = h.state_mut();
        let geo = app.data().geo.clone();
        app.state.apply(Command::Import(vec![file]), &geo);
    }
    h.run();
    common::settle(&mut h);
    let report = h
        .state()
        .state
        .import_report
        .clone()
        .expect("an import report is shown");
    assert!(
        report[0].contains("customs_吉林_出口_2023_bom.csv"),
        "{report:?}"
    );
    let (view, cells_after) = {
        let app = h.state_mut();
        let (data, state) = (app.data().clone(), app.state.clone());
        let cells = app.model().coverage(&data).len();
        (app.model().selection(&data, &state).clone(), cells)
    };
    assert!(
        view.by_partner.iter().any(|s| s.key == "KOR"),
        "Jilin now has a Korea series"
    );
    assert!(
        cells_after > cells_before,
        "coverage grew: {cells_before} -> {cells_after}"
    );
    assert!(
        h.state()
            .data()
            .trade
            .sources
            .iter()
            .any(|s| s.id.to_string().starts_with("import:")),
        "imported data is its own, labelled source"
    );
}
