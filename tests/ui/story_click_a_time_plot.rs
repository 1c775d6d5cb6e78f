//! Story: click in a time plot → the year changes everywhere.

use crate::common;

use egui::Modifiers;

#[test]
fn clicking_the_partner_plot_sets_the_year() {
    let mut h = common::harness();
    common::click_region(&mut h, "CN-JL", Modifiers::NONE);
    h.run();
    let positions: Vec<(i32, egui::Pos2)> = h.state().drawn().plots.year_positions.clone();
    let (year, at) = positions
        .iter()
        .copied()
        .find(|(y, _)| *y == 2017)
        .expect("2017 on the axis");
    assert_ne!(h.state().state.year, year);
    common::click(&mut h, at, Modifiers::NONE);
    assert_eq!(h.state().state.year, 2017);
    assert!(h.state_mut().legend().title.ends_with("2017"));
}
