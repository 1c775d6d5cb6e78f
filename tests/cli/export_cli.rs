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
    fails_with_2(
        &["export", "--out", out, "--classes", "rainbow"],
        "continuous, quantiles or jenks",
    );
    fails_with_2(&["export", "--out", out, "--class-count", "12"], "3 to 9");
    fails_with_2(
        &["export", "--out", out, "--domain", "europe"],
        "all or view",
    );
    fails_with_2(&["export", "--out", out, "--centre", "129,43"], "--zoom");
    fails_with_2(
        &["export", "--out", out, "--centre", "129,143", "--zoom", "6"],
        "latitude",
    );
    std::fs::write(out, b"not a png").expect("write");
    fails_with_2(&["export", "--out", out], "--force");
    assert_eq!(
        std::fs::read(out).expect("read"),
        b"not a png",
        "an existing file is kept"
    );
}

#[test]
fn an_animated_gif_of_2016_to_2019_has_four_different_frames_of_the_requested_size() {
    use image::AnimationDecoder;
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("anim.gif");
    let status = bin()
        .args([
            "export",
            "--view",
            "map",
            "--years",
            "2016..2019",
            "--size",
            "480x320",
            "--frame-delay",
            "500",
            "--out",
        ])
        .arg(&out)
        .status()
        .expect("runs");
    assert!(status.success());
    let file = std::io::BufReader::new(std::fs::File::open(&out).expect("gif written"));
    let frames = image::codecs::gif::GifDecoder::new(file)
        .expect("a GIF")
        .into_frames()
        .collect_frames()
        .expect("frames decode");
    assert_eq!(frames.len(), 4, "one frame per year");
    for f in &frames {
        assert_eq!(f.buffer().dimensions(), (480, 320));
        assert_eq!(f.delay().numer_denom_ms(), (500, 1));
    }
    for pair in frames.windows(2) {
        let differing = pair[0]
            .buffer()
            .pixels()
            .zip(pair[1].buffer().pixels())
            .filter(|(p, q)| p != q)
            .count();
        assert!(
            differing > 100,
            "consecutive years differ ({differing} pixels)"
        );
    }
}

#[test]
fn an_apng_holds_one_frame_per_year() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("anim.apng");
    let status = bin()
        .args([
            "export",
            "--view",
            "map",
            "--years",
            "2018..2019",
            "--size",
            "300x200",
            "--out",
        ])
        .arg(&out)
        .status()
        .expect("runs");
    assert!(status.success());
    let file = std::fs::File::open(&out).expect("apng written");
    let reader = png::Decoder::new(std::io::BufReader::new(file))
        .read_info()
        .expect("a PNG");
    let info = reader.info();
    assert_eq!((info.width, info.height), (300, 200));
    let control = info.animation_control().expect("animated");
    assert_eq!(control.num_frames, 2);
}

#[test]
fn bad_year_ranges_sizes_and_delays_exit_2_with_one_line() {
    let dir = tempfile::tempdir().expect("temp dir");
    let gif = dir.path().join("bad.gif");
    let gif = gif.to_str().expect("utf-8 temp path");
    for args in [
        vec!["--years", "2019..2016", "--out", gif],
        vec!["--years", "1950..2019", "--out", gif],
        vec!["--years", "1900..1910", "--out", gif],
        vec!["--years", "20x6..2019", "--out", gif],
        vec!["--years", "2016..2019", "--size", "3000x1000", "--out", gif],
        vec!["--years", "2016..2019", "--size", "100x100", "--out", gif],
        vec!["--years", "2016..2019", "--frame-delay", "5", "--out", gif],
        vec!["--years", "2016..2019", "--year", "2017", "--out", gif],
        vec!["--out", gif],
    ] {
        let out = bin().arg("export").args(&args).output().expect("runs");
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(stderr.trim_end().lines().count(), 1, "{args:?}: {stderr}");
        assert!(!Path::new(gif).exists(), "{args:?} wrote a file");
    }
}
