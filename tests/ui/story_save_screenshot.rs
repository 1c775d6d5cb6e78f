//! Story: Ctrl+S saves the window as a PNG into the chosen folder; "map only" and "plots only"
//! crop to those areas; a failure is shown, not swallowed, and the app keeps working.

#![allow(clippy::expect_used)] // test helpers outside #[test] fns

use crate::common;

use egui::{Key, Modifiers};
use tumen_atlas::state::SaveKind;

#[test]
fn ctrl_s_saves_a_png_of_the_window_size() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut h = common::harness();
    common::click_region(&mut h, "CN-JL", Modifiers::NONE);
    h.state_mut().state.save_dir = Some(dir.path().to_path_buf());
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run();
    let path = h
        .state()
        .last_save()
        .cloned()
        .expect("saved")
        .expect("no error");
    assert!(path.starts_with(dir.path()));
    let name = path.file_name().and_then(|n| n.to_str()).expect("name");
    assert!(
        name.starts_with("tumen-atlas_CN-JL_2019_total_window_") && name.ends_with(".png"),
        "{name}"
    );
    let img = image::open(&path).expect("png").to_rgba8();
    assert_eq!(
        img.dimensions(),
        (common::SIZE[0] as u32, common::SIZE[1] as u32)
    );
    // A second save never overwrites the first.
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run();
    assert_eq!(std::fs::read_dir(dir.path()).expect("dir").count(), 2);
}

#[test]
fn map_only_and_plots_only_crop_to_their_areas() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut h = common::harness();
    h.state_mut().state.save_dir = Some(dir.path().to_path_buf());
    let ctx = h.ctx.clone();
    for (kind, rect) in [
        (SaveKind::Map, h.state().map_rect()),
        (SaveKind::Plots, h.state().side_rect()),
    ] {
        h.state_mut().save_picture(&ctx, kind);
        let path = h
            .state()
            .last_save()
            .cloned()
            .expect("outcome")
            .expect("saved");
        let (w, hgt) = image::open(&path).expect("png").to_rgba8().dimensions();
        assert!(
            (i64::from(w) - rect.width().round() as i64).abs() <= 1,
            "{kind:?}: {w} vs {}",
            rect.width()
        );
        assert!(
            (i64::from(hgt) - rect.height().round() as i64).abs() <= 1,
            "{kind:?}: {hgt} vs {}",
            rect.height()
        );
    }
}

#[test]
fn twice_the_resolution_for_print() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut h = common::harness();
    h.state_mut().state.save_dir = Some(dir.path().to_path_buf());
    h.state_mut().state.save_2x = true;
    let ctx = h.ctx.clone();
    h.state_mut().save_picture(&ctx, SaveKind::Window);
    let path = h
        .state()
        .last_save()
        .cloned()
        .expect("outcome")
        .expect("saved");
    assert_eq!(
        image::open(&path).expect("png").to_rgba8().dimensions(),
        (2 * common::SIZE[0] as u32, 2 * common::SIZE[1] as u32)
    );
}

#[test]
fn a_folder_that_cannot_be_written_is_reported_and_the_app_goes_on() {
    let dir = tempfile::tempdir().expect("temp dir");
    // A path under a regular file cannot be a folder, even for root.
    let file = dir.path().join("plain-file");
    std::fs::write(&file, b"x").expect("write");
    let mut h = common::harness();
    h.state_mut().state.save_dir = Some(file.join("sub"));
    let err = save_into_existing(&mut h);
    assert!(
        err.contains("plain-file"),
        "the error names the path: {err}"
    );
    common::click_region(&mut h, "CN-JL", Modifiers::NONE);
    assert_eq!(common::selected(&h), ["CN-JL"], "the app keeps working");
}

fn save_into_existing(h: &mut egui_kittest::Harness<'_, tumen_atlas::app::App>) -> String {
    let ctx = h.ctx.clone();
    h.state_mut().save_picture(&ctx, SaveKind::Window);
    h.run();
    h.state()
        .last_save()
        .cloned()
        .expect("an outcome is shown")
        .expect_err("must fail")
}

#[test]
fn export_data_writes_the_numbers_behind_the_view_with_sources() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut h = common::harness();
    common::click_region(&mut h, "CN-JL", Modifiers::NONE);
    h.state_mut().state.save_dir = Some(dir.path().to_path_buf());
    let ctx = h.ctx.clone();
    h.state_mut().export_data(&ctx);
    let path = h
        .state()
        .last_save()
        .cloned()
        .expect("outcome")
        .expect("saved");
    let text = std::fs::read_to_string(&path).expect("csv");
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some("region,partner,year,metric,value,unit,basis,sources,missing"),
        "the same columns as `query --format csv`"
    );
    let jl2018 = text
        .lines()
        .find(|l| l.starts_with("CN-JL,WLD,2018,total,"))
        .expect("Jilin 2018 row");
    assert!(
        jl2018.contains(",20679164000,USD,reporter,nbs-a060101,"),
        "{jl2018}"
    );
    let unknown = text
        .lines()
        .find(|l| l.starts_with("CN-JL,WLD,2001,total,"))
        .expect("2001 row");
    assert!(
        unknown.starts_with("CN-JL,WLD,2001,total,,USD,"),
        "unknown is empty, never 0: {unknown}"
    );
}
