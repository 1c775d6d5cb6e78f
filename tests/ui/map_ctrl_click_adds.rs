//! Story: Ctrl-click adds a second region to the selection, and removes it again.

use crate::common;

use egui::Modifiers;

#[test]
fn ctrl_click_adds_heilongjiang_then_removes_it() {
    let mut h = common::harness();
    let (lon, lat) = common::label_point(&h, "CN-JL");
    let p = common::screen(&h, lon, lat);
    common::click(&mut h, p, Modifiers::NONE);
    let (lon, lat) = common::label_point(&h, "CN-HL");
    let hl = common::screen(&h, lon, lat);
    common::click(&mut h, hl, Modifiers::COMMAND);
    assert_eq!(common::selected(&h), ["CN-HL", "CN-JL"]);
    common::click(&mut h, hl, Modifiers::COMMAND);
    assert_eq!(common::selected(&h), ["CN-JL"]);
}

#[test]
fn shift_click_also_adds() {
    let mut h = common::harness();
    let (lon, lat) = common::label_point(&h, "CN-LN");
    let p = common::screen(&h, lon, lat);
    common::click(&mut h, p, Modifiers::SHIFT);
    let (lon, lat) = common::label_point(&h, "CN-JL");
    let p = common::screen(&h, lon, lat);
    common::click(&mut h, p, Modifiers::SHIFT);
    assert_eq!(common::selected(&h), ["CN-JL", "CN-LN"]);
}
