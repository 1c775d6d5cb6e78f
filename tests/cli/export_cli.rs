//! `tumen-atlas export` renders the views headlessly to PNGs of exactly the requested size;
//! bad arguments give one line on stderr and exit code 2.

#![allow(clippy::expect_used)] // test helpers outside #[test] fns

use std::path::Path;
use std::process::Command;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_tumen-atlas"))
}

fn export(out: &Path, year: &str) {
    let status = bin()
        .args([
            "export",
            "--region",
            "CN-JL",
            "--year",
            year,
            "--size",
            "1600x1000",
            "--out",
        ])
        .arg(out)
        .status()
        .expect("runs");
    assert!(status.success(), "export {year} failed");
}

#[test]
fn jilin_2016_and_2019_export_to_different_non_blank_1600x1000_pngs() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (a, b) = (dir.path().join("jl2016.png"), dir.path().join("jl2019.png"));
    export(&a, "2016");
    export(&b, "2019");
    let ia = image::open(&a).expect("png 2016").to_rgba8();
    let ib = image::open(&b).expect("png 2019").to_rgba8();
    assert_eq!(ia.dimensions(), (1600, 1000));
    assert_eq!(ib.dimensions(), (1600, 1000));
    let distinct: std::collections::HashSet<[u8; 4]> =
        ia.pixels().step_by(97).map(|p| p.0).collect();
    assert!(distinct.len() > 50, "not blank: {} colours", distinct.len());
    let differing = ia.pixels().zip(ib.pixels()).filter(|(p, q)| p != q).count();
    assert!(
        differing > 1000,
        "the year changes the picture ({differing} pixels differ)"
    );
}

#[test]
fn map_and_plot_views_have_the_requested_size() {
    let dir = tempfile::tempdir().expect("temp dir");
    for (view, size, w, h) in [("map", "900x600", 900, 600), ("plots", "500x800", 500, 800)] {
        let out = dir.path().join(format!("{view}.png"));
        let status = bin()
            .args([
                "export", "--region", "NE3", "--view", view, "--size", size, "--out",
            ])
            .arg(&out)
            .status()
            .expect("runs");
        assert!(status.success());
        assert_eq!(
            image::open(&out).expect("png").to_rgba8().dimensions(),
            (w, h)
        );
    }
}

fn fails_with_2(args: &[&str], expect: &str) {
    let out = bin().args(args).output().expect("runs");
    assert_eq!(out.status.code(), Some(2), "{args:?}");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.lines().count(), 1, "one line: {err}");
    assert!(err.contains(expect), "{err}");
}

#[test]
fn bad_arguments_exit_2_with_one_line() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("x.png");
    let out = out.to_str().expect("utf-8 path");
    fails_with_2(
        &["export", "--out", out, "--region", "Atlantis"],
        "Atlantis",
    );
    fails_with_2(
        &["export", "--out", out, "--metric", "happiness"],
        "happiness",
    );
    fails_with_2(
        &["export", "--out", out, "--size", "100x100"],
        "between 200 and 8000",
    );
    fails_with_2(
        &["export", "--out", out, "--size", "9000x1000"],
        "between 200 and 8000",
    );
    fails_with_2(
        &["export", "--out", "/no/such/folder/x.png"],
        "does not exist",
    );
    std::fs::write(out, b"not a png").expect("write");
    fails_with_2(&["export", "--out", out], "--force");
    assert_eq!(
        std::fs::read(out).expect("read"),
        b"not a png",
        "an existing file is kept"
    );
}
