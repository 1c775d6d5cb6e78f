//! Story: a click on Jilin selects Jilin; a drag is not a click.

use crate::common;

use egui::Modifiers;

#[test]
fn clicking_at_jilins_label_point_selects_jilin() {
    let mut h = common::harness();
    let (lon, lat) = common::label_point(&h, "CN-JL");
    let p = common::screen(&h, lon, lat);
    common::click(&mut h, p, Modifiers::NONE);
    assert_eq!(common::selected(&h), ["CN-JL"]);
}

#[test]
fn a_drag_across_the_map_pans_and_selects_nothing() {
    let mut h = common::harness();
    let (lon, lat) = common::label_point(&h, "CN-JL");
    let p = common::screen(&h, lon, lat);
    let before = h.state().memory.detached();
    common::drag(&mut h, p, egui::vec2(120.0, 50.0));
    assert!(common::selected(&h).is_empty(), "a drag never selects");
    assert_ne!(h.state().memory.detached(), before, "the map moved");
}

#[test]
fn a_click_on_the_sea_clears_the_selection() {
    let mut h = common::harness();
    let (lon, lat) = common::label_point(&h, "CN-JL");
    let p = common::screen(&h, lon, lat);
    common::click(&mut h, p, Modifiers::NONE);
    assert_eq!(common::selected(&h), ["CN-JL"]);
    let p = common::screen(&h, 133.5, 40.5);
    common::click(&mut h, p, Modifiers::NONE);
    assert!(common::selected(&h).is_empty());
}
