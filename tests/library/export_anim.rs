//! Animations stop when asked and leave no file behind.

#![allow(clippy::expect_used, clippy::unwrap_used)] // a failed expectation is a failed test

use tumen_atlas::analysis::Metric;
use tumen_atlas::app::figure::export_animation;
use tumen_atlas::data::Dataset;
use tumen_atlas::export::anim::{AnimError, AnimFormat, AnimSpec};
use tumen_atlas::export::figure::FigureSpec;
use tumen_atlas::export::figure::FigureView;

#[test]
fn a_cancelled_animation_stops_after_the_frame_in_progress_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("cancelled.gif");
    let spec = AnimSpec {
        figure: FigureSpec {
            regions: vec!["CN-JL".into()],
            partner: "WLD".into(),
            year: None,
            metric: Metric::Total,
            size: [300, 200],
            view: FigureView::Map,
            colours: tumen_atlas::state::ColourOptions::default(),
            camera: None,
        },
        years: 2016..=2024,
        frame_delay_ms: 500,
        format: AnimFormat::Gif,
    };
    let mut calls = Vec::new();
    let result = export_animation(
        Dataset::bundled().unwrap(),
        &spec,
        &out,
        false,
        |done, total| {
            calls.push((done, total));
            done < 2
        },
    );
    assert_eq!(result, Err(AnimError::Cancelled));
    assert_eq!(
        calls,
        vec![(0, 9), (1, 9), (2, 9)],
        "progress per frame, then stop"
    );
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        0,
        "no file, no temp file"
    );
}
