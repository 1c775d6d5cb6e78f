//! Story: pick Jilin → the side panel's partner plot shows Jilin's series, from 2016 to 2024.

use crate::common;

use egui::Modifiers;
use egui_kittest::kittest::Queryable;
use tumen_atlas::ui::side_panel::PARTNER_PLOT_TITLE;

#[test]
fn picking_jilin_shows_its_trade_series_with_all_partners_and_russia() {
    let mut h = common::harness();
    common::click_region(&mut h, "CN-JL", Modifiers::NONE);
    assert!(
        h.query_by_label(PARTNER_PLOT_TITLE).is_some(),
        "the partner plot is shown"
    );
    let (data, view) = {
        let app = h.state_mut();
        let data = app.data().clone();
        let state = app.state.clone();
        (data.clone(), app.model().selection(&data, &state).clone())
    };
    let _ = data;
    assert_eq!(view.targets.len(), 1);
    assert_eq!(view.targets[0].id, "CN-JL");
    let world = view
        .by_partner
        .iter()
        .find(|s| s.key == "WLD")
        .expect("all-partners series");
    let known: Vec<i32> = view
        .years
        .iter()
        .zip(&world.values)
        .filter(|(_, v)| v.is_some())
        .map(|(y, _)| *y)
        .collect();
    assert!(
        (2016..=2024).all(|y| known.contains(&y)),
        "Jilin's NBS totals 2016-2024: {known:?}"
    );
    let y2018 = view
        .years
        .iter()
        .position(|&y| y == 2018)
        .expect("2018 on the axis");
    assert_eq!(
        world.values[y2018],
        Some(20_679_164_000.0),
        "NBS A060101, thousand USD × 1000"
    );
    assert!(
        view.by_partner.iter().any(|s| s.key == "RUS"),
        "Jilin-Russia figures are in the data"
    );
}
