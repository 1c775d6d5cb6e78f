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

#[test]
fn a_saved_partner_that_is_not_in_the_data_is_dropped_with_a_notice_never_shown_as_world_totals() {
    let mut h = common::harness_with_saved(
        r#"{"state":{"year":2018,"selection":["CN-JL"],"metric":"total","partner":"ZZZ"},
            "centre":null,"zoom":null}"#,
    );
    h.run();
    let app = h.state();
    assert!(
        app.state.partner.is_world(),
        "the unknown partner is dropped: {}",
        app.state.partner
    );
    assert_eq!(
        common::selected(&h),
        ["CN-JL"],
        "the rest of the view is kept"
    );
    assert!(
        app.state
            .messages
            .iter()
            .any(|m| m.contains("\"ZZZ\"") && m.contains("not in the data")),
        "{:?}",
        app.state.messages
    );
    assert!(
        h.query_by_label_contains("with ZZZ").is_none(),
        "no figure is labelled with the unknown partner"
    );
}
