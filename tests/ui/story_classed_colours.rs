//! Story: a user opens the app and sees the northeast's three provinces in different colours;
//! they switch the map to natural breaks and the legend's classes change with it.

use egui_kittest::kittest::Queryable;
use tumen_atlas::style::scale::{ClassMethod, class_rows};

use crate::common;

#[test]
fn the_opening_view_shows_jilin_heilongjiang_and_liaoning_in_different_colours() {
    let mut h = common::harness();
    let [jl, hl, ln] = ["CN-JL", "CN-HL", "CN-LN"].map(|id| h.state().shown_fill(id));
    assert!(
        jl.is_some() && hl.is_some() && ln.is_some(),
        "all three are drawn"
    );
    assert_ne!(jl, hl, "Jilin and Heilongjiang differ");
    assert_ne!(jl, ln, "Jilin and Liaoning differ");
    assert_ne!(hl, ln, "Heilongjiang and Liaoning differ");
    let scale = h.state_mut().map_scale().expect("a scale");
    let classes = scale.classes.expect("the default is classed");
    assert_eq!(classes.method, ClassMethod::Quantiles);
    assert!(
        scale.describe().contains("quantile classes"),
        "{}",
        scale.describe()
    );
}

#[test]
fn switching_to_natural_breaks_changes_the_legend() {
    let mut h = common::harness();
    let before = h.state_mut().map_scale().expect("a scale");
    let rows_before = class_rows(&before, "USD");
    h.get_by_label("Colours:").click();
    common::settle(&mut h);
    h.get_by_label("Natural breaks").click();
    common::settle(&mut h);
    let after = h.state_mut().map_scale().expect("a scale");
    assert_eq!(
        after.classes.map(|c| c.method),
        Some(ClassMethod::Jenks),
        "the map uses natural breaks"
    );
    assert!(
        after.describe().contains("natural-breaks"),
        "{}",
        after.describe()
    );
    assert_ne!(
        class_rows(&after, "USD"),
        rows_before,
        "the class bounds change"
    );
    assert_eq!(
        h.state().saved_view().state.classes,
        tumen_atlas::state::Classes::Jenks,
        "the choice is saved with the view"
    );
}
