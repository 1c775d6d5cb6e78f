//! Map benchmarks on the real bundled geography: loading + preparing it, one full frame of the
//! window at 1600×1000 (egui pass + tessellation) at the opening view and zoomed out to all six
//! countries, and one hit test.

#![allow(
    missing_docs,
    clippy::expect_used,
    clippy::semicolon_if_nothing_returned
)] // criterion macros generate undocumented items

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
    c.bench_function("load bundled data (embedded geometry + CSV tables)", |b| {
        b.iter(|| black_box(Dataset::bundled()))
    });
    c.bench_function("decode embedded geography (regions, rivers, places)", |b| {
        b.iter(|| black_box(tumen_atlas::data::Geography::bundled()))
    });
    c.bench_function("parse bundled geography from GeoJSON (no cache)", |b| {
        b.iter(|| black_box(tumen_atlas::data::Geography::bundled_from_geojson()))
    });
    c.bench_function("load bundled trade tables (CSV)", |b| {
        b.iter(|| black_box(tumen_atlas::data::TradeData::bundled()))
    });
    let data = Dataset::bundled().expect("bundled data");
    c.bench_function("decode embedded prepared map (LODs, triangles)", |b| {
        b.iter(|| black_box(PreparedMap::for_geography(&data.geo)));
    });
    c.bench_function(
        "decode embedded prepared map, shared part only (window start)",
        |b| {
            b.iter(|| black_box(PreparedMap::for_window(&data.geo)));
        },
    );
    for (lod, label) in [(1, "opening view"), (4, "full detail")] {
        c.bench_function(
            &format!("decode one level of detail of the embedded map ({label})"),
            |b| {
                b.iter(|| {
                    let mut map = PreparedMap::for_window(&data.geo);
                    map.ensure_lod(&data.geo, lod);
                    black_box(map)
                });
            },
        );
    }
    c.bench_function("prepare geography (mercator, LODs, triangulation)", |b| {
        b.iter(|| black_box(PreparedMap::new(&data.geo)));
    });

    let ctx = egui::Context::default();
    let mut app = App::new(&ctx, data.clone(), Vec::new());
    for _ in 0..3 {
        frame(&ctx, &mut app);
    }
    c.bench_function("window 1600x1000, opening view", |b| {
        b.iter(|| black_box(frame(&ctx, &mut app)))
    });

    let map = app.map_rect();
    let (centre, zoom) = view::fit(
        view::lonlat_box([73.0, 18.0, 180.0, 72.0]),
        [map.width(), map.height()],
        10.0,
    );
    app.memory.center_at(lon_lat(centre.x, centre.y));
    let _ = app.memory.set_zoom(zoom);
    frame(&ctx, &mut app);
    c.bench_function("window 1600x1000, all six countries", |b| {
        b.iter(|| black_box(frame(&ctx, &mut app)))
    });

    map_only(c, &data);

    // The whole window with all views open (Jilin selected: headline, three plots, flows;
    // coverage window open), idle and while the year changes every frame.
    let mut app = App::new(&ctx, data.clone(), Vec::new());
    app.state.selection.insert("CN-JL".into());
    app.state.show_coverage = true;
    for _ in 0..3 {
        frame(&ctx, &mut app);
    }
    c.bench_function("window 1600x1000, all views, idle", |b| {
        b.iter(|| black_box(frame(&ctx, &mut app)))
    });
    let (first, last) = app.state.year_span;
    let mut year = first;
    c.bench_function("window 1600x1000, all views, scrubbing", |b| {
        b.iter(|| {
            year = if year >= last { first } else { year + 1 };
            app.state.year = year;
            black_box(frame(&ctx, &mut app))
        });
    });

    app.state.show_coverage = false;
    c.bench_function(
        "window 1600x1000, Jilin selected, coverage closed, scrubbing",
        |b| {
            b.iter(|| {
                year = if year >= last { first } else { year + 1 };
                app.state.year = year;
                black_box(frame(&ctx, &mut app))
            });
        },
    );

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

/// The map alone (walkers + the layer), as issue #2 measures it.
fn map_only(c: &mut Criterion, data: &Dataset) {
    let prepared = PreparedMap::new(&data.geo);
    let state = tumen_atlas::state::State::default();
    let theme = tumen_atlas::style::theme::Theme::new(state.theme);
    let names = std::collections::HashMap::new();
    let map_ctx = egui::Context::default();
    tumen_atlas::fonts::install(&map_ctx);
    for (label, bbox) in [
        ("opening view", view::opening_box()),
        (
            "all six countries",
            view::lonlat_box([73.0, 18.0, 180.0, 72.0]),
        ),
    ] {
        let (centre, zoom) = view::fit(bbox, [1600.0, 1000.0], 24.0);
        let mut memory = walkers::MapMemory::default();
        memory.center_at(lon_lat(centre.x, centre.y));
        let _ = memory.set_zoom(zoom);
        let mut cache = tumen_atlas::map::cache::MapCache::default();
        // `nudge` moves the view by a fraction of a pixel, so every frame rebuilds the geometry,
        // as while panning or zooming.
        let mut map_frame = |nudge: f64| {
            if nudge != 0.0 {
                memory.center_at(lon_lat(centre.x + nudge, centre.y));
            }
            let mut out = map_ctx.run_ui(raw_input(), |ui| {
                egui::CentralPanel::default()
                    .frame(egui::Frame::NONE)
                    .show(ui, |ui| {
                        let ctx = tumen_atlas::map::layer::MapCtx {
                            geo: &data.geo,
                            prepared: &prepared,
                            state: &state,
                            theme: &theme,
                            tiles_on: false,
                            tiles_attribution: None,
                            values: None,
                            legend: None,
                            flows: &[],
                            source_names: &names,
                        };
                        walkers::Map::new(None, &mut memory, lon_lat(127.5, 44.0)).show(
                            ui,
                            |ui, response, projector, _| {
                                tumen_atlas::map::layer::draw(
                                    ui, response, projector, &ctx, &mut cache,
                                )
                            },
                        );
                    });
            });
            out.textures_delta.clear();
            let primitives = map_ctx.tessellate(out.shapes, out.pixels_per_point).len();
            (primitives, cache.sizes())
        };
        for _ in 0..3 {
            map_frame(0.0);
        }
        eprintln!(
            "map only, {label}: kept meshes [fill vertices, indices, outline vertices, indices] = {:?}",
            map_frame(0.0).1
        );
        c.bench_function(&format!("map only 1600x1000, {label}"), |b| {
            b.iter(|| black_box(map_frame(0.0)))
        });
        let mut step = 0u32;
        c.bench_function(&format!("map only 1600x1000, {label}, panning"), |b| {
            b.iter(|| {
                step = (step + 1) % 64;
                black_box(map_frame(f64::from(step) * 1e-4))
            });
        });
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(30);
    targets = bench
}
criterion_main!(benches);
