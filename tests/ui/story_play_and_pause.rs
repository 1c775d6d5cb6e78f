//! Story: press play, the years advance on their own; pause stops them.

use crate::common;

use egui_kittest::kittest::Queryable;
use tumen_atlas::ui::scrubber::{PAUSE, PLAY};

#[test]
fn play_advances_the_year_and_pause_stops_it() {
    let mut h = common::harness();
    h.state_mut().state.year = 2016;
    h.state_mut().state.playback.looping = false;
    h.run();
    h.get_by_label(PLAY).click();
    h.step();
    h.step();
    assert!(h.state().state.playback.playing);
    // The year advances with the frames' time; without loop it stops at the last year.
    for _ in 0..20 {
        h.step();
    }
    let year = h.state().state.year;
    assert!(year > 2016, "the year advanced while playing: {year}");
    h.get_by_label(PAUSE).click();
    h.step();
    h.step();
    assert!(!h.state().state.playback.playing);
    let paused_at = h.state().state.year;
    for _ in 0..20 {
        h.step();
    }
    assert_eq!(h.state().state.year, paused_at, "paused: the year stays");
}

#[test]
fn space_toggles_playback() {
    let mut h = common::harness();
    h.key_press(egui::Key::Space);
    h.step();
    assert!(h.state().state.playback.playing);
    h.key_press(egui::Key::Space);
    h.step();
    assert!(!h.state().state.playback.playing);
}
