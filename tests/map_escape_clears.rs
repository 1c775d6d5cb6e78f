//! Story: Esc clears the selection.

mod common;

use egui::{Key, Modifiers};

#[test]
fn escape_clears_the_selection() {
    let mut h = common::harness();
    let (lon, lat) = common::label_point(&h, "CN-JL");
    common::click(&mut h, common::screen(&h, lon, lat), Modifiers::NONE);
    assert_eq!(common::selected(&h), ["CN-JL"]);
    h.key_press(Key::Escape);
    h.run();
    assert!(common::selected(&h).is_empty());
}
