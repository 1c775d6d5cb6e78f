//! Story: step the year with → and see the legend, the year marker and the bar chart change.

use crate::common;

use egui::Key;
use tumen_atlas::plots::partner_bars_for_year;

#[test]
fn the_right_arrow_steps_the_year_in_every_view() {
    let mut h = common::harness();
    common::search(&mut h, "CHN");
    h.state_mut().state.year = 2017;
    h.run();
    let before_bars = {
        let app = h.state_mut();
        let (data, state) = (app.data().clone(), app.state.clone());
        partner_bars_for_year(app.model().selection(&data, &state), 2017)
    };
    assert!(h.state_mut().legend().title.ends_with("2017"));
    // Esc would clear; arrows act when no text field has focus.
    h.key_press(Key::ArrowRight);
    h.run();
    assert_eq!(h.state().state.year, 2018);
    assert!(
        h.state_mut().legend().title.ends_with("2018"),
        "legend follows the year"
    );
    let after_bars = {
        let app = h.state_mut();
        let (data, state) = (app.data().clone(), app.state.clone());
        partner_bars_for_year(app.model().selection(&data, &state), 2018)
    };
    assert!(
        !before_bars.is_empty() && !after_bars.is_empty(),
        "China has partner figures"
    );
    assert_ne!(before_bars, after_bars, "the bar chart shows the new year");
    let positions: Vec<(i32, egui::Pos2)> = h.state().drawn().plots.year_positions.clone();
    assert!(
        positions.iter().any(|(y, _)| *y == 2018),
        "the year marker's year is on the axis"
    );
    h.key_press(Key::ArrowLeft);
    h.run();
    assert_eq!(h.state().state.year, 2017);
}
