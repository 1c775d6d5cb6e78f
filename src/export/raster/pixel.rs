//! Pixel arithmetic of the rasteriser: barycentric weights, colour interpolation, texture
//! modulation and premultiplied-alpha blending, in 0..=255 as a GPU's 8-bit target does.

#[inline]
pub(super) fn cross(a: [f32; 2], b: [f32; 2], c: [f32; 2]) -> f32 {
    (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])
}

#[inline]
pub(super) fn interpolate4(c: &[[f32; 4]; 3], l: [f32; 3]) -> [f32; 4] {
    let mut out = [0.0; 4];
    for i in 0..4 {
        out[i] = c[0][i] * l[0] + c[1][i] * l[1] + c[2][i] * l[2];
    }
    out
}

#[inline]
pub(super) fn to_u8(c: [f32; 4]) -> [u8; 4] {
    c.map(|v| (v + 0.5).clamp(0.0, 255.0) as u8)
}

/// Vertex colour × texel, both premultiplied 0..=255.
#[inline]
pub(super) fn modulate(c: [f32; 4], t: [f32; 4]) -> [u8; 4] {
    let mut out = [0; 4];
    for i in 0..4 {
        out[i] = (c[i] * t[i] * (1.0 / 255.0) + 0.5).clamp(0.0, 255.0) as u8;
    }
    out
}

/// Premultiplied "over": `dst = src + dst × (1 − src_alpha)`.
#[inline]
pub(super) fn blend(dst: &mut [u8; 4], src: [u8; 4]) {
    match src[3] {
        255 => *dst = src,
        0 if src == [0; 4] => {}
        a => {
            let keep = 255 - u32::from(a);
            for i in 0..4 {
                dst[i] = (u32::from(src[i]) + div255(u32::from(dst[i]) * keep)).min(255) as u8;
            }
        }
    }
}

/// `x / 255`, rounded, exact for `x <= 255 × 255`.
#[inline]
pub(super) fn div255(x: u32) -> u32 {
    let x = x + 128;
    (x + (x >> 8)) >> 8
}

pub(super) fn unpremultiply(px: [u8; 4]) -> [u8; 4] {
    match px[3] {
        255 => px,
        0 => [0; 4],
        a => {
            let a = u32::from(a);
            let f = |c: u8| ((u32::from(c) * 255 + a / 2) / a).min(255) as u8;
            [f(px[0]), f(px[1]), f(px[2]), px[3]]
        }
    }
}
