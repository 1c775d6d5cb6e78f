//! `export --view map --out FILE.svg`: the map as SVG from the prepared geometry, one path per
//! region, lining up with the PNG export of the same view.

#![allow(clippy::expect_used, clippy::unwrap_used)] // a failed expectation is a failed test

use tumen_atlas::analysis::Metric;
use tumen_atlas::app::figure::{render_figure, render_svg};
use tumen_atlas::data::Dataset;
use tumen_atlas::export::figure::FigureSpec;
use tumen_atlas::export::figure::FigureView;

fn spec() -> FigureSpec {
    FigureSpec {
        regions: Vec::new(),
        partner: "WLD".into(),
        year: Some(2019),
        metric: Metric::Total,
        size: [900, 600],
        view: FigureView::Map,
        colours: tumen_atlas::state::ColourOptions::default(),
        camera: None,
    }
}

/// Channel difference above which two pixels count as different: well above the rounding of
/// colours between the two rasterisers (a few levels), below any step of the colour ramp
/// between distinct classes of fill.
const PIXEL_TOLERANCE: u8 = 40;

/// Share of pixels that may differ: resvg is built without its text feature (no new crates),
/// so the title, labels, legend text and source line are missing from its picture, and
/// anti-aliased edges of borders fall a little differently. Those are a few percent of a map
/// figure; a wrong projection, view or fill colour differs over a large part of it.
const MAX_DIFFERENT_SHARE: f64 = 0.06;

#[test]
fn the_svg_map_parses_has_a_path_per_visible_region_and_matches_the_png() {
    let data = Dataset::bundled().unwrap();
    let svg_text = render_svg(data, &spec()).unwrap();

    // It parses, and it is not traced pixels: no <image>, one <path data-region> per filled region.
    let mut region_paths = Vec::new();
    for event in svg::read(&svg_text).unwrap() {
        match event {
            svg::parser::Event::Tag("path", _, attrs) => {
                if let Some(id) = attrs.get("data-region") {
                    region_paths.push(id.to_string());
                }
            }
            svg::parser::Event::Tag("image", _, _) => panic!("the SVG embeds a raster image"),
            _ => {}
        }
    }
    for id in ["CN-JL", "CN-HL", "CN-LN", "RU-PRI"] {
        assert!(
            region_paths
                .iter()
                .any(|r| r == id || r.starts_with(&format!("{id}-"))),
            "no path for {id} among {} region paths",
            region_paths.len()
        );
    }
    let distinct: std::collections::HashSet<&String> = region_paths.iter().collect();
    assert_eq!(distinct.len(), region_paths.len(), "one path per region");
    assert!(svg_text.contains("Source: "), "the source line is text");
    assert!(
        svg_text.len() < 2_000_000,
        "simplified to the output: {} bytes",
        svg_text.len()
    );

    // Rasterised, it matches the PNG export of the same view.
    let tree = resvg::usvg::Tree::from_str(&svg_text, &resvg::usvg::Options::default()).unwrap();
    let mut pixmap = resvg::tiny_skia::Pixmap::new(900, 600).unwrap();
    resvg::render(
        &tree,
        resvg::tiny_skia::Transform::identity(),
        &mut pixmap.as_mut(),
    );
    let png = render_figure(Dataset::bundled().unwrap(), &spec()).unwrap();
    let mut different = 0usize;
    for (svg_px, png_px) in pixmap.pixels().iter().zip(png.pixels()) {
        let c = svg_px.demultiply();
        let s = [c.red(), c.green(), c.blue()];
        if (0..3).any(|k| s[k].abs_diff(png_px.0[k]) > PIXEL_TOLERANCE) {
            different += 1;
        }
    }
    let share = different as f64 / (900.0 * 600.0);
    if std::env::var_os("TUMEN_SVG_DEBUG").is_some() {
        pixmap.save_png("/tmp/tumen-svg-raster.png").unwrap();
        png.save("/tmp/tumen-svg-png.png").unwrap();
    }
    assert!(
        share <= MAX_DIFFERENT_SHARE,
        "{:.1}% of pixels differ from the PNG export",
        share * 100.0
    );
}
