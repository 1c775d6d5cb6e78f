//! Saving export files: names never collide, writes are atomic, and failures come back as
//! errors that name the file instead of panicking.

#![allow(clippy::expect_used, clippy::unwrap_used)] // a failed expectation is a failed test

use std::fs;
use std::path::Path;

use image::{Rgba, RgbaImage};
use tumen_atlas::export::save::{
    Timestamp, file_name, unique_path, write_csv_atomic, write_png_atomic,
};
use tumen_atlas::export::{ExportError, save_screenshot};

fn picture() -> RgbaImage {
    RgbaImage::from_fn(8, 4, |x, y| Rgba([x as u8 * 30, y as u8 * 60, 90, 255]))
}

fn entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn taken_names_get_a_numbered_suffix_before_the_extension() {
    let dir = tempfile::tempdir().unwrap();
    let name = file_name(
        &["CN-JL", "2019", "total"],
        Timestamp::from_unix_seconds(1_795_860_900),
        "png",
    );
    assert_eq!(name, "tumen-atlas_CN-JL_2019_total_20261128-101500.png");
    let first = unique_path(dir.path(), &name);
    assert_eq!(first, dir.path().join(&name));
    write_png_atomic(&first, &picture(), false).unwrap();
    let second = unique_path(dir.path(), &name);
    assert_eq!(
        second,
        dir.path()
            .join("tumen-atlas_CN-JL_2019_total_20261128-101500-2.png")
    );
    write_png_atomic(&second, &picture(), false).unwrap();
    let third = unique_path(dir.path(), &name);
    assert_eq!(
        third,
        dir.path()
            .join("tumen-atlas_CN-JL_2019_total_20261128-101500-3.png")
    );
    // A name without an extension gets the suffix at the end.
    fs::write(dir.path().join("notes"), "x").unwrap();
    assert_eq!(unique_path(dir.path(), "notes"), dir.path().join("notes-2"));
}

#[test]
fn an_atomic_write_leaves_only_the_finished_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("figure.png");
    let written = write_png_atomic(&path, &picture(), false).unwrap();
    assert_eq!(written, path);
    assert_eq!(entries(dir.path()), vec!["figure.png"]);
    let back = image::open(&path).unwrap().to_rgba8();
    assert_eq!(back, picture());

    let csv = dir.path().join("table.csv");
    write_csv_atomic(&csv, "year,value_usd\n2019,1\n", false).unwrap();
    assert_eq!(
        fs::read_to_string(&csv).unwrap(),
        "year,value_usd\n2019,1\n"
    );
    assert_eq!(entries(dir.path()), vec!["figure.png", "table.csv"]);
}

#[test]
fn an_existing_file_is_not_overwritten_unless_asked() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("table.csv");
    fs::write(&path, "old").unwrap();
    let err = write_csv_atomic(&path, "new", false).unwrap_err();
    assert!(matches!(err, ExportError::Exists { .. }), "{err:?}");
    assert!(
        err.to_string().contains(&path.display().to_string()),
        "{err}"
    );
    assert_eq!(fs::read_to_string(&path).unwrap(), "old");
    assert_eq!(entries(dir.path()), vec!["table.csv"]);

    write_csv_atomic(&path, "new", true).unwrap();
    assert_eq!(fs::read_to_string(&path).unwrap(), "new");
    assert_eq!(entries(dir.path()), vec!["table.csv"]);
}

#[test]
fn a_missing_folder_is_an_error_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("no-such-folder").join("x.png");
    let err = write_png_atomic(&path, &picture(), false).unwrap_err();
    assert!(matches!(err, ExportError::Io { .. }), "{err:?}");
    assert!(
        err.to_string().contains(&path.display().to_string()),
        "{err}"
    );
    assert!(entries(dir.path()).is_empty());
}

#[test]
fn an_unwritable_folder_is_an_error_naming_the_file() {
    // A "folder" that is really a file cannot be written into, not even by root (CI runs as
    // root, where permission bits are not enforced).
    let file = tempfile::NamedTempFile::new().unwrap();
    let path = file.path().join("sub").join("x.png");
    let err = write_png_atomic(&path, &picture(), true).unwrap_err();
    assert!(
        err.to_string().contains(&path.display().to_string()),
        "{err}"
    );
    let path = file.path().join("x.csv");
    let err = write_csv_atomic(&path, "a", false).unwrap_err();
    assert!(
        err.to_string().contains(&path.display().to_string()),
        "{err}"
    );
}

#[test]
fn a_path_without_a_file_name_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let err = write_csv_atomic(&dir.path().join(".."), "a", true).unwrap_err();
    assert!(matches!(err, ExportError::NotAFilePath { .. }), "{err:?}");
}

#[test]
fn a_window_readback_is_cropped_and_saved_under_a_free_name() {
    let dir = tempfile::tempdir().unwrap();
    // A 2× readback of a 50×30 point window: red left half, blue right half.
    let pixels = (0..60 * 100)
        .map(|i| {
            if i % 100 < 50 {
                egui::Color32::RED
            } else {
                egui::Color32::BLUE
            }
        })
        .collect();
    let readback = egui::ColorImage::new([100, 60], pixels);
    let crop = egui::Rect::from_min_max(egui::pos2(25.0, 10.0), egui::pos2(50.0, 20.0));
    let first = save_screenshot(&readback, Some(crop), 2.0, dir.path(), "shot.png").unwrap();
    let second = save_screenshot(&readback, None, 2.0, dir.path(), "shot.png").unwrap();
    assert_eq!(entries(dir.path()), vec!["shot-2.png", "shot.png"]);
    let cropped = image::open(first).unwrap().to_rgba8();
    assert_eq!(cropped.dimensions(), (50, 20));
    assert!(cropped.pixels().all(|p| p.0 == [0, 0, 255, 255]));
    assert_eq!(
        image::open(second).unwrap().to_rgba8().dimensions(),
        (100, 60)
    );
}
