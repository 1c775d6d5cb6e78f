//! Story: a student compares provinces of different sizes: they switch the map to trade per
//! head, the provinces are coloured by it in 2019, and in a year without population figures
//! the map says "no data" instead of inventing one.

use egui_kittest::kittest::Queryable;
use tumen_atlas::analysis::{Metric, ScaleKind};

use crate::common;

#[test]
fn trade_per_head_colours_the_provinces_and_leaves_years_without_population_blank() {
    let mut h = common::harness();
    h.get_by_label("Metric:").click();
    common::settle(&mut h);
    h.get_by_label("Trade per head").click();
    common::settle(&mut h);
    assert_eq!(h.state().state.metric, Metric::TradePerHead);
    let scale = h.state_mut().map_scale().expect("a scale in 2019");
    assert_eq!(scale.kind, ScaleKind::Sequential);
    let no_data = h.state().no_data_color();
    let [jl, ln] = ["CN-JL", "CN-LN"].map(|id| h.state().shown_fill(id));
    assert!(jl.is_some_and(|c| c != no_data), "Jilin has a 2019 figure");
    assert_ne!(jl, ln, "Jilin and Liaoning differ per head");

    // The bundled population ends in 2019; the last year of trade is later.
    h.key_press(egui::Key::End);
    common::settle(&mut h);
    assert!(h.state().state.year > 2019, "the last year is after 2019");
    assert_eq!(
        h.state().shown_fill("CN-JL"),
        Some(no_data),
        "no population, no figure"
    );
}
