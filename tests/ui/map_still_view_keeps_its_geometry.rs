//! Story: while the user reads the map or scrubs the years, the map's geometry is not rebuilt;
//! panning rebuilds it once the map is still again.

use crate::common;

use egui::Key;

#[test]
fn an_idle_or_scrubbing_window_reuses_the_map_geometry_and_a_pan_rebuilds_it() {
    let mut h = common::harness();
    h.run();
    let built = h.state().map_geometry_builds();
    assert!(built >= 1, "the opening view was built");
    for _ in 0..5 {
        h.run();
    }
    assert_eq!(
        h.state().map_geometry_builds(),
        built,
        "idle frames reuse it"
    );
    for _ in 0..3 {
        h.key_press(Key::ArrowLeft);
        h.run();
    }
    assert_eq!(
        h.state().map_geometry_builds(),
        built,
        "a year change only recolours"
    );

    let centre = common::screen(&h, 127.5, 43.5);
    common::drag(&mut h, centre, egui::vec2(80.0, 30.0));
    // The map glides on after the release; then it is still.
    h.run_steps(30);
    assert_eq!(
        h.state().map_geometry_builds(),
        built + 1,
        "after a pan, one rebuild once the map is still"
    );
}
