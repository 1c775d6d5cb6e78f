//! Story: what a new user meets in the first ten minutes (issue 13) — the timeline fits the
//! window, several regions are named together, numbers are flagged and worded plainly.

#![allow(clippy::expect_used)] // a failed expectation is a failed test
use crate::common;

use egui_kittest::kittest::Queryable;
use tumen_atlas::ui::scrubber::{PAUSE, PLAY};

#[test]
fn the_scrubbers_last_year_is_inside_the_window_at_every_width() {
    for width in [900.0, 1500.0, 1600.0] {
        let mut h = common::harness_sized([width, 700.0]);
        h.run();
        let x: f32 = h.state().drawn().last_year_x.expect("timeline drawn");
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
    let before: f32 = h.state().drawn().last_year_x.expect("timeline drawn");
    h.get_by_label(PLAY).click();
    h.step();
    h.step();
    assert!(h.state().state.playback.playing);
    let _ = h.get_by_label(PAUSE);
    let after: f32 = h.state().drawn().last_year_x.expect("timeline drawn");
    assert!(
        (before - after).abs() < 0.5,
        "moved from {before} to {after}"
    );
}

/// Jilin, then Heilongjiang and Liaoning added, in 2019.
fn three_provinces() -> egui_kittest::Harness<'static, tumen_atlas::app::App> {
    let mut h = common::harness();
    h.state_mut().state.year = 2019;
    common::click_region(&mut h, "CN-JL", egui::Modifiers::NONE);
    common::click_region(&mut h, "CN-HL", egui::Modifiers::COMMAND);
    common::click_region(&mut h, "CN-LN", egui::Modifiers::COMMAND);
    h.run();
    h
}

#[test]
fn the_headline_with_three_regions_selected_names_all_three() {
    let h = three_provinces();
    let _ = h.get_by_label("Heilongjiang, Jilin and Liaoning in 2019");
    let _ = h.get_by_label_contains("Regions in 2019");
}

#[test]
fn a_sum_is_named_by_its_members_and_a_blank_plot_says_why() {
    let mut h = three_provinces();
    {
        let app = h.state_mut();
        let geo = app.data().geo.clone();
        app.state.apply(
            tumen_atlas::state::Command::SetCombine(tumen_atlas::state::Combine::Sum),
            &geo,
        );
    }
    h.run();
    let _ = h.get_by_label("Heilongjiang + Jilin + Liaoning in 2019");
    if let Some(n) = h.query_by_label_contains("CN-HL+CN-JL") {
        panic!("raw ids shown: {:?}", format!("{n:?}"));
    }
    let blank = {
        let app = h.state_mut();
        let (data, state) = (app.data().clone(), app.state.clone());
        let view = app.model().selection(&data, &state).clone();
        view.flows
            .iter()
            .all(|s| s.values.iter().all(Option::is_none))
    };
    if blank {
        let _ = h.get_by_label_contains("A sum is known only where every member is");
    }
}

#[test]
fn a_headline_that_mixes_sources_says_so_next_to_the_figures() {
    let mut h = common::harness();
    h.state_mut().state.year = 2019;
    common::click_region(&mut h, "CN-JL", egui::Modifiers::NONE);
    h.run();
    let _ = h.get_by_label_contains("come from different sources");
}

#[test]
fn saved_files_name_the_partner_and_the_csv_has_no_false_precision() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut h = common::harness();
    common::click_region(&mut h, "CN-JL", egui::Modifiers::NONE);
    h.state_mut().state.partner = "RUS".into();
    h.state_mut().state.save_dir = Some(dir.path().to_path_buf());
    h.run();
    let ctx = h.ctx.clone();
    h.state_mut().export_data(&ctx);
    let path = h
        .state()
        .last_save()
        .cloned()
        .expect("outcome")
        .expect("saved");
    let name = path
        .file_name()
        .expect("name")
        .to_string_lossy()
        .to_string();
    assert!(name.contains("_CN-JL_RUS_"), "{name}");
    let text = std::fs::read_to_string(&path).expect("csv");
    for row in csv::Reader::from_reader(text.as_bytes()).records() {
        let row = row.expect("well-formed CSV");
        let (value, unit) = (&row[4], &row[5]);
        if unit == "USD" && !value.is_empty() {
            assert!(!value.contains('.'), "whole dollars only: {value}");
        }
    }
}

#[test]
fn a_saved_picture_leaves_out_the_problems_banner() {
    let mut h = common::harness();
    h.state_mut()
        .state
        .messages
        .push("a transient problem".to_string());
    h.run();
    let copy = h.state().clone_for_render(&egui::Context::default());
    assert!(copy.state.messages.is_empty());
}

#[test]
fn a_partner_only_china_reports_says_so_on_the_map() {
    let mut h = common::harness();
    h.state_mut().state.year = 2019;
    h.state_mut().state.partner = "JPN".into();
    h.run();
    let legend = h.state_mut().legend();
    let provinces_known = {
        let app = h.state_mut();
        let (data, state) = (app.data().clone(), app.state.clone());
        let v = app.model().map_values(&data, &state).clone();
        v.per_region.iter().any(Option::is_some)
    };
    if !provinces_known {
        assert!(
            legend
                .source_line
                .starts_with("Only China as a whole has a figure for 2019: $"),
            "{}",
            legend.source_line
        );
        h.get_by_label("Show China as a whole").click();
        h.run();
        assert_eq!(common::selected(&h), ["CHN"], "the offer shows the country");
    }
}

#[test]
fn a_share_of_all_partners_is_not_mapped_as_100_percent_everywhere() {
    let mut h = common::harness();
    h.state_mut().state.value_mode = tumen_atlas::state::ValueMode::Share;
    h.run();
    let legend = h.state_mut().legend();
    assert!(
        legend.source_line.contains("Choose a partner"),
        "{}",
        legend.source_line
    );
    let app = h.state_mut();
    let (data, state) = (app.data().clone(), app.state.clone());
    let v = app.model().map_values(&data, &state).clone();
    assert!(v.per_region.iter().all(Option::is_none));
}

#[test]
fn the_coverage_key_explains_bases_and_outlines_in_words() {
    let mut h = common::harness();
    h.state_mut().state.show_coverage = true;
    h.run();
    let _ = h.get_by_label("partner's mirror figures");
    let _ = h.get_by_label("outlined: figures on more than one basis that year");
    assert!(
        h.query_by_label("reporter_dest").is_none(),
        "no basis codes"
    );
}

#[test]
fn gdp_per_head_is_not_said_to_be_with_all_partners() {
    let mut h = common::harness();
    h.state_mut().state.metric = tumen_atlas::analysis::Metric::GdpPcRel;
    common::click_region(&mut h, "CN-JL", egui::Modifiers::NONE);
    h.run();
    let _ = h.get_by_label("GDP per head vs national");
    assert!(
        h.query_by_label_contains("national with all partners")
            .is_none()
    );
}

#[test]
fn a_small_window_wraps_the_toolbar_between_phrases_not_inside_them() {
    let h = common::harness_sized([900.0, 600.0]);
    for (label, button) in [("Several regions:", "Compare"), ("Click picks:", "Auto")] {
        let l = h.get_by_label(label).rect();
        let b = h.get_by_label(button).rect();
        assert!(
            (l.center().y - b.center().y).abs() < 4.0 && b.left() > l.left(),
            "{label} and {button} on one row: {l:?} {b:?}"
        );
        assert!(b.right() <= 900.0, "{button} inside the window: {b:?}");
    }
}

#[test]
fn choosing_nea4_does_not_widen_the_toolbar() {
    let mut h = common::harness_sized([1500.0, 950.0]);
    let before = h.get_by_label("Coverage…").rect();
    h.state_mut().state.partner = "NEA4".into();
    h.run();
    let after = h.get_by_label("Coverage…").rect();
    assert!(
        (before.left() - after.left()).abs() < 0.5,
        "{before:?} → {after:?}"
    );
}

#[test]
fn a_small_window_keeps_most_of_its_map_and_all_of_its_attribution() {
    let h = common::harness_sized([900.0, 600.0]);
    let map = h.state().map_rect();
    let legend: egui::Rect = h.state().drawn().map.legend_rect.expect("legend drawn");
    let attribution: egui::Rect = h
        .state()
        .drawn()
        .map
        .attribution_rect
        .expect("attribution drawn");
    assert!(
        legend.width() <= map.width() * 0.5 + 1.0 && legend.area() <= map.area() * 0.2,
        "legend {legend:?} in map {map:?}"
    );
    assert!(
        map.expand(1.0).contains_rect(attribution),
        "{attribution:?} in {map:?}"
    );
    assert!(
        !legend.intersects(attribution),
        "the legend sits above the attribution"
    );
}

fn labels(h: &egui_kittest::Harness<'_, tumen_atlas::app::App>) -> Vec<String> {
    h.state().drawn().map.labels.clone()
}

/// Centres the map on a lon/lat at a zoom and draws it.
fn look_at(h: &mut egui_kittest::Harness<'_, tumen_atlas::app::App>, lon: f64, lat: f64, z: f64) {
    h.state_mut().memory.center_at(walkers::lon_lat(lon, lat));
    h.state_mut().memory.set_zoom(z).expect("valid zoom");
    h.run();
}

#[test]
fn liaoning_is_labelled_on_the_opening_view() {
    let h = common::harness_sized([1500.0, 950.0]);
    let l = labels(&h);
    assert!(l.iter().any(|n| n.starts_with("Liaoning")), "{l:?}");
}

#[test]
fn at_mid_zoom_on_the_tumen_mouth_each_side_names_its_country() {
    let mut h = common::harness();
    look_at(&mut h, 130.5, 42.6, 8.0);
    let l = labels(&h);
    for country in ["China", "Russia", "North Korea"] {
        assert!(l.iter().any(|n| n.ends_with(country)), "{country} in {l:?}");
    }
}

#[test]
fn tumen_city_keeps_its_label_at_province_zoom() {
    let mut h = common::harness();
    look_at(&mut h, 129.84, 42.97, 7.0);
    let l = labels(&h);
    assert!(l.iter().any(|n| n == "Tumen"), "{l:?}");
}

#[test]
fn hovering_a_place_shows_the_place_not_the_prefecture() {
    let mut h = common::harness();
    look_at(&mut h, 130.36, 42.87, 8.0);
    let at = common::screen(&h, 130.35689, 42.86736);
    for _ in 0..40 {
        h.event(egui::Event::PointerMoved(at));
        h.step();
    }
    let hovered: Option<String> = h.state().drawn().map.hovered_place.clone();
    assert_eq!(hovered.as_deref(), Some("hunchun"));
}

#[test]
fn the_headline_never_shows_a_share_of_all_partners_as_100_percent() {
    let mut h = common::harness();
    h.state_mut().state.year = 2019;
    common::click_region(&mut h, "CN-JL", egui::Modifiers::NONE);
    h.state_mut().state.value_mode = tumen_atlas::state::ValueMode::Share;
    h.run();
    assert!(h.query_by_label("100.0 %").is_none());
    let _ = h.get_by_label("Total trade, all partners");
}

#[test]
fn f1_explains_the_map_symbols() {
    let mut h = common::harness();
    h.key_press(egui::Key::F1);
    h.run();
    let _ = h.get_by_label("◆  border crossing");
    let _ = h.get_by_label("■  seaport");
}

#[test]
fn search_suggestions_stay_on_one_line_each() {
    let mut h = common::harness_sized([900.0, 600.0]);
    h.get_by_label(tumen_atlas::ui::top_bar::SEARCH_LABEL)
        .focus();
    h.run();
    h.get_by_label(tumen_atlas::ui::top_bar::SEARCH_LABEL)
        .type_text("Yanbian");
    h.run();
    let hit = h.get_by_label_contains("(CN-222400)").rect();
    assert!(hit.height() < 26.0, "one line: {hit:?}");
}
