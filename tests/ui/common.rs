//! Shared set-up for the window tests: the real app on the bundled data in a kittest harness,
//! with the embedded fonts (no system fonts, no GPU, no network).

#![allow(dead_code, clippy::expect_used, clippy::unwrap_used)]

use egui::{Event, Modifiers, PointerButton, Pos2};
use egui_kittest::Harness;
use tumen_atlas::app::App;
use tumen_atlas::data::Dataset;

/// Window size used by the tests.
pub const SIZE: [f32; 2] = [1400.0, 900.0];

/// The app on the bundled data, after its first frames.
pub fn harness() -> Harness<'static, App> {
    harness_sized(SIZE)
}

/// The app in a window of `size` points.
pub fn harness_sized(size: [f32; 2]) -> Harness<'static, App> {
    let mut h = Harness::builder().with_size(size).build_eframe(|cc| {
        App::new(
            &cc.egui_ctx,
            Dataset::bundled().expect("bundled data"),
            Vec::new(),
        )
    });
    h.run();
    h
}

/// The app on the bundled data restoring the saved view `saved` (eframe storage text).
pub fn harness_with_saved(saved: &'static str) -> Harness<'static, App> {
    Harness::builder().with_size(SIZE).build_eframe(move |cc| {
        App::with_saved(
            &cc.egui_ctx,
            Dataset::bundled().expect("bundled data"),
            Vec::new(),
            Some(saved),
        )
    })
}

/// Screen position of a lon/lat point in the app's current map view.
pub fn screen(h: &Harness<'_, App>, lon: f64, lat: f64) -> Pos2 {
    h.state()
        .screen_pos_of(lon, lat)
        .expect("map has been drawn")
}

/// A click (press + release without moving) at `pos` with `modifiers`.
pub fn click(h: &mut Harness<'_, App>, pos: Pos2, modifiers: Modifiers) {
    h.event(Event::PointerMoved(pos));
    h.run();
    h.event_modifiers(
        Event::PointerButton {
            pos,
            button: PointerButton::Primary,
            pressed: true,
            modifiers,
        },
        modifiers,
    );
    h.event_modifiers(
        Event::PointerButton {
            pos,
            button: PointerButton::Primary,
            pressed: false,
            modifiers,
        },
        modifiers,
    );
    h.run();
}

/// The label point of a region.
pub fn label_point(h: &Harness<'_, App>, id: &str) -> (f64, f64) {
    let r = h
        .state()
        .data()
        .geo
        .resolve_region(id)
        .expect("region exists");
    (r.label.x, r.label.y)
}

/// The ids selected, in order.
pub fn selected(h: &Harness<'_, App>) -> Vec<String> {
    h.state()
        .state
        .selection
        .iter()
        .map(ToString::to_string)
        .collect()
}

/// Selects a region or set by typing into the search box and pressing Enter.
pub fn search(h: &mut Harness<'_, App>, text: &str) {
    use egui_kittest::kittest::Queryable;
    h.get_by_label(tumen_atlas::ui::top_bar::SEARCH_LABEL)
        .focus();
    h.run();
    h.get_by_label(tumen_atlas::ui::top_bar::SEARCH_LABEL)
        .type_text(text);
    h.run();
    h.key_press(egui::Key::Enter);
    h.run();
}

/// Runs frames until background loading is done.
pub fn settle(h: &mut Harness<'_, App>) {
    h.state_mut().wait_for_loading();
    h.run();
}

/// Clicks a region's label point.
pub fn click_region(h: &mut Harness<'_, App>, id: &str, modifiers: Modifiers) {
    let (lon, lat) = label_point(h, id);
    let p = screen(h, lon, lat);
    click(h, p, modifiers);
}

/// A drag with the primary button from `from` by `by`, in ten moves, one frame each.
pub fn drag(h: &mut Harness<'_, App>, from: Pos2, by: egui::Vec2) {
    h.event(Event::PointerMoved(from));
    h.step();
    h.event(Event::PointerButton {
        pos: from,
        button: PointerButton::Primary,
        pressed: true,
        modifiers: Modifiers::NONE,
    });
    h.step();
    for i in 1..=10 {
        h.event(Event::PointerMoved(from + by * (i as f32 / 10.0)));
        h.step();
    }
    h.event(Event::PointerButton {
        pos: from + by,
        button: PointerButton::Primary,
        pressed: false,
        modifiers: Modifiers::NONE,
    });
    h.step();
}
