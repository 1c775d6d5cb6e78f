//! The headless renderer draws the real app: no GPU, no display, exact pixel size, and a
//! picture that is not blank.

#![allow(clippy::expect_used, clippy::unwrap_used)] // a failed expectation is a failed test

use std::collections::HashSet;

use egui::{Context, vec2};
use tumen_atlas::app::App;
use tumen_atlas::data::Dataset;
use tumen_atlas::export::{Renderer, crop, save};

#[test]
fn the_app_renders_headlessly_at_one_and_two_times() {
    // One context, app and renderer for both scales (building the app is the slow part in a
    // debug build); the context switches scale between renders.
    let ctx = Context::default();
    let mut app = App::new(&ctx, Dataset::bundled().unwrap(), Vec::new());
    let mut renderer = Renderer::new();
    for ppp in [1.0, 2.0] {
        let image = renderer
            .render(&ctx, vec2(800.0, 500.0), ppp, 3, |ui| app.ui(ui))
            .unwrap();
        let (w, h) = image.dimensions();
        assert_eq!((w, h), ((800.0 * ppp) as u32, (500.0 * ppp) as u32));
        let opaque = image.pixels().filter(|p| p.0[3] == 255).count();
        assert!(
            opaque * 100 >= (w * h) as usize * 99,
            "panels and map are opaque: {opaque}"
        );
        let colours: HashSet<[u8; 4]> = image.pixels().map(|p| p.0).collect();
        assert!(
            colours.len() > 50,
            "only {} colours: blank or untextured?",
            colours.len()
        );

        // The map's own rect, cropped, is what a "save map" export writes.
        let map = crop(&image, app.map_rect(), ppp).unwrap();
        assert!(map.width() > 100 && map.height() > 100);
        let dir = tempfile::tempdir().unwrap();
        let path = save::unique_path(dir.path(), "map.png");
        save::write_png_atomic(&path, &map, false).unwrap();
        assert_eq!(image::open(&path).unwrap().to_rgba8(), map);
    }
}

#[test]
fn one_renderer_draws_many_images_from_one_context() {
    // Textures uploaded in the first render (the font atlas) are kept for the next ones.
    let ctx = Context::default();
    tumen_atlas::fonts::install(&ctx);
    let mut renderer = Renderer::new();
    let draw = |ui: &mut egui::Ui| {
        ui.label("Yanbian 延边 연변");
    };
    let first = renderer
        .render(&ctx, vec2(200.0, 40.0), 1.0, 3, draw)
        .unwrap();
    let again = renderer
        .render(&ctx, vec2(200.0, 40.0), 1.0, 1, draw)
        .unwrap();
    assert!(renderer.textures().contains(egui::TextureId::default()));
    assert_eq!(first, again);
    assert!(first.pixels().any(|p| p.0[3] > 0));

    // A fresh renderer on a used context never sees the font atlas upload; it takes the atlas
    // from the context instead.
    let fresh = Renderer::new()
        .render(&ctx, vec2(200.0, 40.0), 1.0, 1, draw)
        .unwrap();
    assert_eq!(first, fresh);
}
