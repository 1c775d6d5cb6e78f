//! Map benchmarks on the real bundled geography: loading + preparing it, one full frame of the
//! window at 1600×1000 (egui pass + tessellation) at the opening view and zoomed out to all six
//! countries, and one hit test.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use egui::{RawInput, Rect, pos2, vec2};
use tumen_atlas::app::App;
use tumen_atlas::data::Dataset;
use tumen_atlas::map::{PreparedMap, view};
use walkers::lon_lat;

fn raw_input() -> RawInput {
    RawInput {
        screen_rect: Some(Rect::from_min_size(pos2(0.0, 0.0), vec2(1600.0, 1000.0))),
        ..RawInput::default()
    }
}

fn frame(ctx: &egui::Context, app: &mut App) -> usize {
    let mut out = ctx.run_ui(raw_input(), |ui| app.ui(ui));
    out.textures_delta.clear();
    let prims = ctx.tessellate(out.shapes, out.pixels_per_point);
    prims.len()
}

fn bench(c: &mut Criterion) {
    c.bench_function("load bundled geography", |b| b.iter(|| black_box(Dataset::bundled())));
    let data = Dataset::bundled().expect("bundled data");
    c.bench_function("prepare geography (mercator, LODs, triangulation)", |b| {
        b.iter(|| black_box(PreparedMap::new(&data.geo)));
    });

    let ctx = egui::Context::default();
    let mut app = App::new(&ctx, data.clone(), Vec::new());
    for _ in 0..3 {
        frame(&ctx, &mut app);
    }
    c.bench_function("frame 1600x1000, opening view", |b| b.iter(|| black_box(frame(&ctx, &mut app))));

    let map = app.map_rect();
    let (centre, zoom) = view::fit(view::lonlat_box([73.0, 18.0, 180.0, 72.0]), [map.width(), map.height()], 10.0);
    app.memory.center_at(lon_lat(centre.x, centre.y));
    let _ = app.memory.set_zoom(zoom);
    frame(&ctx, &mut app);
    c.bench_function("frame 1600x1000, all six countries", |b| b.iter(|| black_box(frame(&ctx, &mut app))));

    let geo = &data.geo;
    let mut i = 0u32;
    c.bench_function("hit test (point in Yanbian, full chain)", |b| {
        b.iter(|| {
            i = i.wrapping_add(1);
            let d = f64::from(i % 100) * 1e-4;
            black_box(geo.hit_chain(129.51 + d, 42.89 - d).len())
        });
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(30);
    targets = bench
}
criterion_main!(benches);
