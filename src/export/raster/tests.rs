//! The rasteriser against hand-made meshes, text and images.

#![allow(clippy::unwrap_used)] // a failed expectation is a failed test

use super::pixel::div255;
use super::*;
use egui::epaint::Mesh;
use egui::{pos2, vec2};

fn count(image: &RgbaImage, pred: impl Fn(&image::Rgba<u8>) -> bool) -> usize {
    image.pixels().filter(|p| pred(p)).count()
}

fn red_rect(ppp: f32) -> RgbaImage {
    let ctx = Context::default();
    render(&ctx, vec2(100.0, 60.0), ppp, 3, |ui| {
        let rect = Rect::from_min_max(pos2(10.0, 10.0), pos2(30.0, 20.0));
        ui.painter().rect_filled(rect, 0.0, Color32::RED);
    })
    .unwrap()
}

#[test]
fn a_red_rect_fills_exactly_its_pixels() {
    let image = red_rect(1.0);
    assert_eq!(image.dimensions(), (100, 60));
    for (x, y, p) in image.enumerate_pixels() {
        let inside = (10..30).contains(&x) && (10..20).contains(&y);
        let want = if inside {
            [255, 0, 0, 255]
        } else {
            [0, 0, 0, 0]
        };
        assert_eq!(p.0, want, "pixel ({x}, {y})");
    }
}

#[test]
fn twice_the_scale_doubles_the_size_and_the_rect() {
    let image = red_rect(2.0);
    assert_eq!(image.dimensions(), (200, 120));
    assert_eq!(count(&image, |p| p.0 == [255, 0, 0, 255]), 40 * 20);
    assert_eq!(image.get_pixel(20, 20).0, [255, 0, 0, 255]);
    assert_eq!(image.get_pixel(59, 39).0, [255, 0, 0, 255]);
    assert_eq!(image.get_pixel(60, 40).0, [0, 0, 0, 0]);
}

#[test]
fn the_output_has_exactly_the_requested_size() {
    let ctx = Context::default();
    let image = render(&ctx, vec2(123.0, 45.0), 1.0, 1, |_| {}).unwrap();
    assert_eq!(image.dimensions(), (123, 45));
    let image = render(&ctx, vec2(123.0, 45.0), 1.5, 1, |_| {}).unwrap();
    assert_eq!(image.dimensions(), (185, 68));
    assert!(render(&ctx, vec2(0.0, 45.0), 1.0, 1, |_| {}).is_err());
    assert!(render(&ctx, vec2(10.0, 45.0), f32::NAN, 1, |_| {}).is_err());
    assert!(render(&ctx, vec2(20_000.0, 45.0), 1.0, 1, |_| {}).is_err());
}

#[test]
fn text_renders_non_blank_pixels_in_every_script() {
    let ctx = Context::default();
    crate::fonts::install(&ctx);
    for text in ["Tumen River", "图们江", "두만강", "Туманная"] {
        let image = render(&ctx, vec2(200.0, 40.0), 1.0, 3, |ui| {
            ui.painter().text(
                pos2(10.0, 10.0),
                egui::Align2::LEFT_TOP,
                text,
                egui::FontId::proportional(16.0),
                Color32::WHITE,
            );
        })
        .unwrap();
        let inked = count(&image, |p| p.0[3] > 128);
        assert!(inked > 20, "{text}: only {inked} inked pixels");
        // Anti-aliased: some partial coverage, and nothing outside the text's area.
        assert!(
            count(&image, |p| p.0[3] > 0 && p.0[3] < 255) > 5,
            "{text}: no anti-aliasing"
        );
        assert_eq!(
            count(&image, |p| p.0[3] > 0 && p.0[0] < 250),
            0,
            "{text}: not white"
        );
    }
}

#[test]
fn translucent_shapes_have_no_seams() {
    let ctx = Context::default();
    let image = render(&ctx, vec2(64.0, 64.0), 1.0, 2, |ui| {
        let rect = Rect::from_min_max(pos2(0.0, 0.0), pos2(64.0, 64.0));
        ui.painter()
            .rect_filled(rect, 0.0, Color32::from_black_alpha(128));
    })
    .unwrap();
    // Two triangles share the diagonal; a pixel drawn twice would be darker.
    let first = *image.get_pixel(0, 0);
    assert_eq!(first.0[3], 128);
    assert!(image.pixels().all(|p| *p == first));
}

#[test]
fn a_textured_quad_reproduces_its_texture() {
    let texels: Vec<Color32> = (0..16u8)
        .map(|i| Color32::from_rgb(i * 16, 255 - i * 16, i))
        .collect();
    let tex = ColorImage::new([4, 4], texels.clone());
    let id = TextureId::User(7);
    let mut textures = Textures::new();
    for options in [TextureOptions::NEAREST, TextureOptions::LINEAR] {
        textures.insert(id, &tex, options);
        let mut mesh = Mesh::with_texture(id);
        mesh.add_rect_with_uv(
            Rect::from_min_max(pos2(2.0, 1.0), pos2(6.0, 5.0)),
            Rect::from_min_max(pos2(0.0, 0.0), pos2(1.0, 1.0)),
            Color32::WHITE,
        );
        let prim = ClippedPrimitive {
            clip_rect: Rect::EVERYTHING,
            primitive: Primitive::Mesh(mesh),
        };
        let image = rasterize(&[prim], &textures, 1.0, [8, 6]);
        for y in 0..4 {
            for x in 0..4 {
                let want = texels[(y * 4 + x) as usize].to_array();
                assert_eq!(
                    image.get_pixel(x + 2, y + 1).0,
                    want,
                    "{options:?} texel ({x}, {y})"
                );
            }
        }
        assert_eq!(count(&image, |p| p.0[3] != 0), 16);
    }
}

#[test]
fn partial_texture_updates_patch_the_right_region() {
    let mut textures = Textures::new();
    let id = TextureId::Managed(3);
    let mut delta = TexturesDelta::default();
    let base = ColorImage::filled([4, 4], Color32::BLACK);
    delta.set.insert(
        id,
        [egui::epaint::ImageDelta::full(
            base,
            TextureOptions::NEAREST,
        )]
        .into(),
    );
    textures.apply_and_clear(&mut delta);
    let patch = ColorImage::filled([2, 1], Color32::WHITE);
    let patch = egui::epaint::ImageDelta::partial([3, 2], patch, TextureOptions::NEAREST);
    delta.set.insert(id, [patch].into());
    textures.apply_and_clear(&mut delta);
    let texels = &textures.map[&id].texels;
    let white: Vec<usize> = (0..16).filter(|&i| texels[i] == [255; 4]).collect();
    assert_eq!(white, vec![2 * 4 + 3], "clipped to the texture's width");
    delta.free.insert(id);
    textures.apply_and_clear(&mut delta);
    assert!(textures.is_empty());
}

#[test]
fn crop_converts_points_to_pixels_and_clamps() {
    let image = red_rect(2.0);
    // Crops the points from (x0, y0) to (x1, y1) of the 2× image.
    let crop_points =
        |x0, y0, x1, y1| crop(&image, Rect::from_min_max(pos2(x0, y0), pos2(x1, y1)), 2.0);
    let cropped = crop_points(10.0, 10.0, 30.0, 20.0).unwrap();
    assert_eq!(cropped.dimensions(), (40, 20));
    assert!(cropped.pixels().all(|p| p.0 == [255, 0, 0, 255]));
    let edge = crop_points(90.0, 50.0, 500.0, 500.0).unwrap();
    assert_eq!(edge.dimensions(), (20, 20));
    assert!(crop_points(200.0, 0.0, 300.0, 10.0).is_err());
}

#[test]
fn blending_is_premultiplied_over() {
    let mut dst = [0, 0, 255, 255];
    blend(&mut dst, [128, 0, 0, 128]);
    assert_eq!(dst, [128, 0, 127, 255]);
    assert_eq!(unpremultiply([64, 0, 0, 128]), [128, 0, 0, 128]);
    assert!((0..=255 * 255).all(|x| div255(x) == (x + 127) / 255));
}
