//! Story: "Save as SVG" and "Save animation…" in the Save menu write their files into the chosen
//! folder (the animation on a background thread, with the window's progress, then the toast).

#![allow(clippy::expect_used)] // test helpers outside #[test] fns

use std::time::{Duration, Instant};

use crate::common;

use egui::Role;
use egui_kittest::kittest::Queryable;

fn open_save_menu_and_click(h: &mut egui_kittest::Harness<'_, tumen_atlas::app::App>, item: &str) {
    h.get_by_label("Save").click();
    h.run();
    h.get_by_label(item).click();
    h.run();
}

#[test]
fn save_as_svg_in_the_window_writes_an_svg_map() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut h = common::harness();
    h.state_mut().state.save_dir = Some(dir.path().to_path_buf());
    open_save_menu_and_click(&mut h, "Save as SVG");
    let path = h
        .state()
        .last_save()
        .cloned()
        .expect("an outcome")
        .expect("saved");
    assert!(path.starts_with(dir.path()));
    assert_eq!(path.extension().and_then(|e| e.to_str()), Some("svg"));
    let text = std::fs::read_to_string(&path).expect("readable");
    assert!(
        text.contains("<svg") && text.contains("<path"),
        "an SVG map"
    );
}

#[test]
fn save_animation_in_the_window_writes_a_gif_with_one_frame_per_year() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut h = common::harness_sized([700.0, 500.0]);
    h.state_mut().state.save_dir = Some(dir.path().to_path_buf());
    open_save_menu_and_click(&mut h, "Save animation…");
    h.run();
    // The two year fields: From and To. Two years keep the test short.
    assert!(
        h.get_all_by_role(Role::SpinButton).count() >= 2,
        "From and To fields"
    );
    for (i, year) in [(0, "2018"), (1, "2019")] {
        h.get_all_by_role(Role::SpinButton)
            .nth(i)
            .expect("year field")
            .focus();
        h.run();
        h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
        h.get_all_by_role(Role::SpinButton)
            .nth(i)
            .expect("year field")
            .type_text(year);
        h.key_press(egui::Key::Enter);
        h.run();
    }
    // The window's Save (the menu button of the same name comes first in the tree).
    h.get_all_by_label("Save")
        .last()
        .expect("the window's Save button")
        .click();
    // The job's thread asks for a repaint after every frame it renders, so the UI never
    // "settles" while it runs: poll one frame at a time, as the window's event loop would.
    h.step();
    let start = Instant::now();
    let path = loop {
        h.step();
        if let Some(outcome) = h.state().last_save().cloned() {
            break outcome.expect("saved");
        }
        assert!(
            start.elapsed() < Duration::from_secs(300),
            "the animation ends"
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(path.starts_with(dir.path()));
    let name = path.file_name().and_then(|n| n.to_str()).expect("name");
    assert!(
        name.contains("2018-2019") && name.ends_with(".gif"),
        "{name}"
    );
    let file = std::fs::File::open(&path).expect("gif");
    let frames = image::codecs::gif::GifDecoder::new(std::io::BufReader::new(file))
        .map(|d| image::AnimationDecoder::into_frames(d).count())
        .expect("a GIF");
    assert_eq!(frames, 2);
}
