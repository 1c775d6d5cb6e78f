//! The headless renderer draws the real app: no GPU, no display, exact pixel size, and a
//! picture that is not blank.

#![allow(clippy::expect_used, clippy::unwrap_used)] // a failed expectation is a failed test

use std::collections::HashSet;

use egui::{Context, vec2};
use tumen_atlas::app::App;
use tumen_atlas::data::Dataset;
use tumen_atlas::export::{Renderer, crop, save};
use tumen_atlas::state::Command;

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

/// The map of one app, rendered headlessly and cropped to the map.
fn map_picture(renderer: &mut Renderer, ctx: &Context, app: &mut App) -> image::RgbaImage {
    let image = renderer
        .render(ctx, vec2(900.0, 600.0), 1.0, 2, |ui| app.ui(ui))
        .unwrap();
    crop(&image, app.map_rect(), 1.0).unwrap()
}

/// How many pixels differ between two pictures of the same size.
fn differing_pixels(a: &image::RgbaImage, b: &image::RgbaImage) -> usize {
    assert_eq!(a.dimensions(), b.dimensions());
    a.pixels().zip(b.pixels()).filter(|(p, q)| p != q).count()
}

/// A copy of the app with nothing cached, rendered in the same context (same font atlas).
fn fresh_picture(app: &App, renderer: &mut Renderer, ctx: &Context) -> image::RgbaImage {
    let mut fresh = app.clone_for_render(ctx);
    map_picture(renderer, ctx, &mut fresh)
}

#[test]
fn after_a_year_change_or_a_zoom_the_map_is_painted_as_a_fresh_window_paints_it() {
    // The map keeps its screen geometry while the view is still and only recolours it when the
    // year changes; what it paints must be exactly what a window opened on that view paints.
    let ctx = Context::default();
    let mut app = App::new(&ctx, Dataset::bundled().unwrap(), Vec::new());
    let mut renderer = Renderer::new();
    let set_year = |app: &mut App, y: i32| {
        let geo = app.data().geo.clone();
        app.state.apply(Command::SetYear(y), &geo);
    };
    set_year(&mut app, 2016);
    let y2016 = map_picture(&mut renderer, &ctx, &mut app);
    set_year(&mut app, 2019);
    let y2019 = map_picture(&mut renderer, &ctx, &mut app);
    assert!(
        differing_pixels(&y2016, &y2019) > 1000,
        "the choropleth follows the year"
    );
    assert_eq!(
        differing_pixels(&y2019, &fresh_picture(&app, &mut renderer, &ctx)),
        0,
        "recoloured map = freshly built map"
    );

    // Zooming in moves every border: the cached outlines must be rebuilt, not reused.
    app.memory.set_zoom(7.0).unwrap();
    let zoomed = map_picture(&mut renderer, &ctx, &mut app);
    assert!(
        differing_pixels(&zoomed, &y2019) > 1000,
        "the map zoomed in"
    );
    let fresh = fresh_picture(&app, &mut renderer, &ctx);
    assert_eq!(
        differing_pixels(&zoomed, &fresh),
        0,
        "zoomed map = freshly built zoomed map"
    );
}
