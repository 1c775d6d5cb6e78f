//! Story: Esc clears the selection.

use crate::common;

use egui::{Key, Modifiers};

#[test]
fn escape_clears_the_selection() {
    let mut h = common::harness();
    let (lon, lat) = common::label_point(&h, "CN-JL");
    let p = common::screen(&h, lon, lat);
    common::click(&mut h, p, Modifiers::NONE);
    assert_eq!(common::selected(&h), ["CN-JL"]);
    h.key_press(Key::Escape);
    h.run();
    assert!(common::selected(&h).is_empty());
}
