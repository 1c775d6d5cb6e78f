//! Story: what a new user meets in the first ten minutes (issue 13) — the timeline fits the
//! window, several regions are named together, numbers are flagged and worded plainly.

use crate::common;

use egui_kittest::kittest::Queryable;
use tumen_atlas::ui::scrubber::{LAST_YEAR_X, PAUSE, PLAY};

#[test]
fn the_scrubbers_last_year_is_inside_the_window_at_every_width() {
    for width in [900.0, 1500.0, 1600.0] {
        let mut h = common::harness_sized([width, 700.0]);
        h.run();
        let x: f32 = common::temp(&h, LAST_YEAR_X).expect("timeline drawn");
        // The year's tick label is centred on x and about 24 points wide.
        assert!(
            x + 14.0 <= width,
            "last year at x = {x} in a window {width} wide"
        );
    }
}

#[test]
fn play_and_pause_do_not_move_the_timeline() {
    let mut h = common::harness_sized([1500.0, 950.0]);
    let before: f32 = common::temp(&h, LAST_YEAR_X).expect("timeline drawn");
    h.get_by_label(PLAY).click();
    h.step();
    h.step();
    assert!(h.state().state.playback.playing);
    let _ = h.get_by_label(PAUSE);
    let after: f32 = common::temp(&h, LAST_YEAR_X).expect("timeline drawn");
    assert!(
        (before - after).abs() < 0.5,
        "moved from {before} to {after}"
    );
}
