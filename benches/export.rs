//! Export benchmarks: rendering one 1600×1000 frame of the real app headlessly on the CPU
//! (egui pass + tessellation + software rasterisation), the rasterisation alone, the same at 2×,
//! and PNG encoding of the result.

#![allow(clippy::expect_used)] // a bench without its data has nothing to measure
#![allow(missing_docs)] // criterion_group! generates an undocumented function

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use egui::{Context, vec2};
use tumen_atlas::app::App;
use tumen_atlas::data::Dataset;
use tumen_atlas::export::raster::{Renderer, Textures, rasterize};
use tumen_atlas::export::save::encode_png;

fn bench(c: &mut Criterion) {
    let size = vec2(1600.0, 1000.0);
    let data = Dataset::bundled().expect("bundled data");

    let ctx = Context::default();
    let mut app = App::new(&ctx, data.clone(), Vec::new());
    let mut renderer = Renderer::new();
    let image = renderer
        .render(&ctx, size, 1.0, 3, |ui| app.ui(ui))
        .expect("render");
    c.bench_function(
        "render app 1600x1000 at 1x (egui + tessellate + raster)",
        |b| {
            b.iter(|| black_box(renderer.render(&ctx, size, 1.0, 1, |ui| app.ui(ui))));
        },
    );

    // Rasterisation alone, on the primitives of one frame.
    let mut textures = Textures::new();
    let raw = egui::RawInput {
        screen_rect: Some(egui::Rect::from_min_size(egui::Pos2::ZERO, size)),
        ..Default::default()
    };
    let ctx2 = Context::default();
    let mut app2 = App::new(&ctx2, data.clone(), Vec::new());
    let mut out = ctx2.run_ui(raw.clone(), |ui| app2.ui(ui));
    for _ in 0..2 {
        textures.apply_and_clear(&mut out.textures_delta);
        out = ctx2.run_ui(raw.clone(), |ui| app2.ui(ui));
    }
    textures.apply_and_clear(&mut out.textures_delta);
    let prims = ctx2.tessellate(std::mem::take(&mut out.shapes), out.pixels_per_point);
    let triangles: usize = prims
        .iter()
        .map(|p| match &p.primitive {
            egui::epaint::Primitive::Mesh(m) => m.indices.len() / 3,
            egui::epaint::Primitive::Callback(_) => 0,
        })
        .sum();
    println!(
        "one app frame: {} primitives, {triangles} triangles",
        prims.len()
    );
    c.bench_function("rasterize only, 1600x1000", |b| {
        b.iter(|| black_box(rasterize(&prims, &textures, 1.0, [1600, 1000])));
    });

    let ctx3 = Context::default();
    let mut app3 = App::new(&ctx3, data, Vec::new());
    let mut renderer3 = Renderer::new();
    renderer3
        .render(&ctx3, size, 2.0, 3, |ui| app3.ui(ui))
        .expect("render 2x");
    c.bench_function("render app 1600x1000 points at 2x (3200x2000 px)", |b| {
        b.iter(|| black_box(renderer3.render(&ctx3, size, 2.0, 1, |ui| app3.ui(ui))));
    });

    c.bench_function("encode PNG 1600x1000 (app frame)", |b| {
        b.iter(|| black_box(encode_png(&image)));
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10);
    targets = bench
}
criterion_main!(benches);
