//! The textures egui uploads (font atlas, images, map tiles), held in CPU memory as a GPU would
//! hold them, and sampled with the texture's filter and wrap mode.

use super::*;

/// One texture as a GPU would hold it: premultiplied sRGBA texels, row by row.
#[derive(Clone, Debug)]
pub(super) struct Texture {
    pub(super) width: usize,
    pub(super) height: usize,
    pub(super) texels: Vec<[u8; 4]>,
    pub(super) options: TextureOptions,
}

impl Texture {
    pub(super) fn from_image(image: &ColorImage, options: TextureOptions) -> Self {
        Self {
            width: image.size[0],
            height: image.size[1],
            texels: image.pixels.iter().map(Color32::to_array).collect(),
            options,
        }
    }

    /// Copies `patch` into this texture with its top-left corner at `pos`, clipped to the texture.
    pub(super) fn patch(&mut self, pos: [usize; 2], patch: &ColorImage) {
        let [px, py] = pos;
        let w = patch.size[0].min(self.width.saturating_sub(px));
        if w == 0 {
            return;
        }
        for (row, src) in patch.pixels.chunks_exact(patch.size[0]).enumerate() {
            let start = (py + row) * self.width + px;
            let Some(dst) = self.texels.get_mut(start..start + w) else {
                break; // below the texture
            };
            for (d, s) in dst.iter_mut().zip(src) {
                *d = s.to_array();
            }
        }
    }

    #[inline]
    pub(super) fn texel(&self, x: i32, y: i32) -> [f32; 4] {
        let wrap = self.options.wrap_mode;
        let x = wrap_index(x, self.width, wrap);
        let y = wrap_index(y, self.height, wrap);
        self.texels
            .get(y * self.width + x)
            .map_or([0.0; 4], |t| t.map(f32::from))
    }

    /// The texture at normalised `(u, v)`, in 0..=255 premultiplied channels.
    pub(super) fn sample(&self, u: f32, v: f32, filter: TextureFilter) -> [f32; 4] {
        let x = u * self.width as f32;
        let y = v * self.height as f32;
        match filter {
            TextureFilter::Nearest => self.texel(x.floor() as i32, y.floor() as i32),
            TextureFilter::Linear => {
                // Texel centres sit at half-integers, as on a GPU.
                let (x, y) = (x - 0.5, y - 0.5);
                let (x0, y0) = (x.floor(), y.floor());
                let (fx, fy) = (x - x0, y - y0);
                let (x0, y0) = (x0 as i32, y0 as i32);
                let t00 = self.texel(x0, y0);
                let t10 = self.texel(x0 + 1, y0);
                let t01 = self.texel(x0, y0 + 1);
                let t11 = self.texel(x0 + 1, y0 + 1);
                let mut out = [0.0; 4];
                for i in 0..4 {
                    let top = t00[i] + (t10[i] - t00[i]) * fx;
                    let bottom = t01[i] + (t11[i] - t01[i]) * fx;
                    out[i] = top + (bottom - top) * fy;
                }
                out
            }
        }
    }
}

fn wrap_index(i: i32, n: usize, mode: TextureWrapMode) -> usize {
    let n = i32::try_from(n).unwrap_or(i32::MAX).max(1);
    let i = match mode {
        TextureWrapMode::ClampToEdge => i.clamp(0, n - 1),
        TextureWrapMode::Repeat => i.rem_euclid(n),
        TextureWrapMode::MirroredRepeat => {
            let p = i.rem_euclid(2 * n);
            if p < n { p } else { 2 * n - 1 - p }
        }
    };
    usize::try_from(i).unwrap_or(0)
}

/// The textures egui has uploaded so far (font atlas, images, map tiles), kept in CPU memory.
///
/// Feed it every frame's [`TexturesDelta`]: [`Self::set`] before painting, [`Self::free`] after.
#[derive(Clone, Debug, Default)]
pub struct Textures {
    pub(super) map: HashMap<TextureId, Texture>,
}

impl Textures {
    /// No textures.
    pub fn new() -> Self {
        Self::default()
    }

    /// Applies the `set` half of a delta: whole images replace, patches (`pos: Some`) update a
    /// region of an existing texture. A patch for an unknown texture is ignored with a warning.
    pub fn set(&mut self, delta: &TexturesDelta) {
        for (id, deltas) in &delta.set {
            for d in deltas {
                let ImageData::Color(image) = &d.image;
                match d.pos {
                    None => {
                        self.map.insert(*id, Texture::from_image(image, d.options));
                    }
                    Some(pos) => match self.map.get_mut(id) {
                        Some(texture) => {
                            texture.options = d.options;
                            texture.patch(pos, image);
                        }
                        None => log::warn!("texture patch for unknown texture {id:?} ignored"),
                    },
                }
            }
        }
    }

    /// Applies the `free` half of a delta.
    pub fn free(&mut self, delta: &TexturesDelta) {
        for id in &delta.free {
            self.map.remove(id);
        }
    }

    /// Sets, then frees, then clears the delta (for frames that are not painted).
    pub fn apply_and_clear(&mut self, delta: &mut TexturesDelta) {
        self.set(delta);
        self.free(delta);
        delta.clear();
    }

    /// Puts a whole image in as texture `id` (e.g. the font atlas from `ctx.fonts(egui::epaint::FontsView::image)`).
    pub fn insert(&mut self, id: TextureId, image: &ColorImage, options: TextureOptions) {
        self.map.insert(id, Texture::from_image(image, options));
    }

    /// Whether texture `id` is present.
    pub fn contains(&self, id: TextureId) -> bool {
        self.map.contains_key(&id)
    }

    /// Number of textures held.
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// Whether no texture is held.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }
}
