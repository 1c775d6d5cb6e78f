//! Story: a user opens the app and sees the northeast and the Tumen triangle, Jilin in view.

use crate::common;

#[test]
fn the_window_opens_framed_on_jilin_and_the_tumen_mouth() {
    let h = common::harness();
    let map = h.state().map_rect();
    assert!(
        map.width() > 600.0 && map.height() > 400.0,
        "map is the main view: {map:?}"
    );
    let (lon, lat) = common::label_point(&h, "CN-JL");
    assert!(
        map.contains(common::screen(&h, lon, lat)),
        "Jilin's label point is on screen"
    );
    // The Tumen River mouth and Vladivostok are in the opening view too.
    assert!(map.contains(common::screen(&h, 130.70, 42.30)));
    assert!(map.contains(common::screen(&h, 131.89, 43.12)));
    assert!(h.state().state.selection.is_empty());
    assert!(
        h.state().data().warnings.is_empty(),
        "bundled data loads cleanly"
    );
}
