//! Story: a corrupted saved view → the default view and a notice, never a crash.

use crate::common;

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use tumen_atlas::app::App;
use tumen_atlas::data::Dataset;

#[test]
fn a_corrupted_state_file_gives_defaults_and_a_notice() {
    let mut h = Harness::builder()
        .with_size(common::SIZE)
        .build_eframe(|cc| {
            App::with_saved(
                &cc.egui_ctx,
                Dataset::bundled().expect("bundled"),
                Vec::new(),
                Some("{\"state\": [garbage"),
            )
        });
    h.run();
    let app = h.state();
    assert!(app.state.selection.is_empty());
    assert_eq!(app.state.year, tumen_atlas::state::State::default().year);
    assert!(
        app.state
            .messages
            .iter()
            .any(|m| m.contains("could not be read")),
        "{:?}",
        app.state.messages
    );
    assert!(
        h.query_by_label("Problems loading data").is_some(),
        "the notice is on screen"
    );
}

#[test]
fn a_saved_view_is_restored() {
    let mut first = Harness::builder()
        .with_size(common::SIZE)
        .build_eframe(|cc| {
            App::new(
                &cc.egui_ctx,
                Dataset::bundled().expect("bundled"),
                Vec::new(),
            )
        });
    first.run();
    first.state_mut().state.year = 2018;
    first.state_mut().state.selection.insert("CN-JL".into());
    let text = tumen_atlas::state::persist::save(&first.state().saved_view()).expect("serialises");
    let mut h = Harness::builder()
        .with_size(common::SIZE)
        .build_eframe(move |cc| {
            App::with_saved(
                &cc.egui_ctx,
                Dataset::bundled().expect("bundled"),
                Vec::new(),
                Some(&text),
            )
        });
    h.run();
    assert_eq!(h.state().state.year, 2018);
    assert!(h.state().state.selection.contains(&"CN-JL".into()));
}
