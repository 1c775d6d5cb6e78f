//! Animated figures (issue #10, item 4): one frame per year of the same view — title with the
//! year, legend, source line — encoded as an animated GIF or APNG and written atomically.
//!
//! Frames come from the headless figure renderer ([`crate::app::figure::render_animation`]): one
//! app, one egui context and one [`super::Renderer`], so the map is framed once (first frame)
//! and every later year keeps that view. Frames are encoded as they are drawn
//! ([`encode_frames`]), so memory holds one picture plus the encoded file.
//!
//! Owns: the limits, the frame loop with its progress/cancel hook, the two encoders. Knows no
//! app and no window.

use std::ops::RangeInclusive;
use std::path::Path;

use image::codecs::gif::{GifEncoder, Repeat};
use image::{Delay, Frame, RgbaImage};

use super::figure::{FigureSpec, state_for};
use crate::data::Dataset;

/// Most frames (years) in one animation.
pub const MAX_FRAMES: usize = 40;
/// Largest side of an animation frame, in pixels (each frame is held and encoded in memory).
pub const MAX_ANIM_SIDE: u32 = 2000;
/// Shortest and longest frame delay accepted, in milliseconds.
pub const FRAME_DELAY_MS: RangeInclusive<u32> = 20..=10_000;
/// Frame delay when none is asked for, in milliseconds.
pub const DEFAULT_FRAME_DELAY_MS: u32 = 1000;

/// The file format of an animation, from the output file's extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AnimFormat {
    /// Animated GIF (256 colours per frame).
    Gif,
    /// Animated PNG (full colour).
    Apng,
}

impl AnimFormat {
    /// `.gif` or `.apng` (any case); anything else is `None`.
    pub fn from_path(path: &Path) -> Option<Self> {
        let ext = path.extension()?.to_str()?;
        if ext.eq_ignore_ascii_case("gif") {
            Some(Self::Gif)
        } else if ext.eq_ignore_ascii_case("apng") {
            Some(Self::Apng)
        } else {
            None
        }
    }
}

/// What to animate: a figure (its `year` is ignored) over a range of years.
#[derive(Debug, Clone)]
pub struct AnimSpec {
    /// The view, selection, partner, metric and size of every frame.
    pub figure: FigureSpec,
    /// The years, one frame each, in order.
    pub years: RangeInclusive<i32>,
    /// How long each frame shows, in milliseconds.
    pub frame_delay_ms: u32,
    /// Output format.
    pub format: AnimFormat,
}

/// Checks the limits that do not need the data: frame count, frame size and delay.
/// The message is one line naming the option.
pub fn check_limits(spec: &AnimSpec) -> Result<(), String> {
    let (a, b) = (*spec.years.start(), *spec.years.end());
    if a > b {
        return Err(format!("--years {a}..{b}: the range runs backwards"));
    }
    let frames = usize::try_from(i64::from(b) - i64::from(a) + 1).unwrap_or(usize::MAX);
    if frames > MAX_FRAMES {
        return Err(format!(
            "--years {a}..{b}: {frames} frames; an animation has at most {MAX_FRAMES}"
        ));
    }
    let [w, h] = spec.figure.size;
    if w > MAX_ANIM_SIDE || h > MAX_ANIM_SIDE {
        return Err(format!(
            "--size {w}x{h}: animation frames are at most {MAX_ANIM_SIDE} pixels a side"
        ));
    }
    if !FRAME_DELAY_MS.contains(&spec.frame_delay_ms) {
        return Err(format!(
            "--frame-delay {}: must be between {} and {} milliseconds",
            spec.frame_delay_ms,
            FRAME_DELAY_MS.start(),
            FRAME_DELAY_MS.end()
        ));
    }
    Ok(())
}

/// Checks the limits and that both ends of the range are within the data's years, and that the
/// selection and partner resolve. One line naming the option on error.
pub fn check(data: &Dataset, spec: &AnimSpec) -> Result<(), String> {
    check_limits(spec)?;
    let (a, b) = (*spec.years.start(), *spec.years.end());
    for year in [a, b] {
        let mut figure = spec.figure.clone();
        figure.year = Some(year);
        state_for(data, &figure).map_err(|e| match e.strip_prefix("--year ") {
            Some(rest) => format!("--years {a}..{b}: year {rest}"),
            None => e,
        })?;
    }
    Ok(())
}

/// How an animation ended without a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AnimError {
    /// The progress hook asked to stop.
    Cancelled,
    /// Bad arguments or a render/encode failure (one line).
    Failed(String),
}

impl std::fmt::Display for AnimError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Cancelled => f.write_str("cancelled"),
            Self::Failed(m) => f.write_str(m),
        }
    }
}

/// Frames in, encoded bytes out into the caller's buffer.
enum Encoder<'a> {
    Gif(GifEncoder<&'a mut Vec<u8>>),
    Apng(png::Writer<&'a mut Vec<u8>>),
}

impl<'a> Encoder<'a> {
    fn new(spec: &AnimSpec, frames: u32, out: &'a mut Vec<u8>) -> Result<Self, String> {
        match spec.format {
            AnimFormat::Gif => {
                // Speed 10 of 1..=30: NeuQuant palettes good enough for flat map fills.
                let mut enc = GifEncoder::new_with_speed(out, 10);
                enc.set_repeat(Repeat::Infinite)
                    .map_err(|e| format!("cannot start the GIF: {e}"))?;
                Ok(Self::Gif(enc))
            }
            AnimFormat::Apng => {
                let [w, h] = spec.figure.size;
                let mut enc = png::Encoder::new(out, w, h);
                enc.set_color(png::ColorType::Rgba);
                enc.set_depth(png::BitDepth::Eight);
                let apng_err = |e: png::EncodingError| format!("cannot start the APNG: {e}");
                enc.set_animated(frames, 0).map_err(apng_err)?;
                let delay = u16::try_from(spec.frame_delay_ms).unwrap_or(u16::MAX);
                enc.set_frame_delay(delay, 1000).map_err(apng_err)?;
                Ok(Self::Apng(enc.write_header().map_err(apng_err)?))
            }
        }
    }

    fn add(&mut self, image: RgbaImage, delay_ms: u32) -> Result<(), String> {
        match self {
            Self::Gif(enc) => {
                let delay = Delay::from_numer_denom_ms(delay_ms, 1);
                enc.encode_frame(Frame::from_parts(image, 0, 0, delay))
                    .map_err(|e| format!("cannot encode a GIF frame: {e}"))
            }
            Self::Apng(w) => w
                .write_image_data(image.as_raw())
                .map_err(|e| format!("cannot encode an APNG frame: {e}")),
        }
    }

    fn finish(self) -> Result<(), String> {
        match self {
            // The GIF trailer is written when the encoder is dropped.
            Self::Gif(enc) => {
                drop(enc);
                Ok(())
            }
            Self::Apng(w) => w
                .finish()
                .map_err(|e| format!("cannot finish the APNG: {e}")),
        }
    }
}

/// Encodes one frame per year of `spec`, each drawn by `frame(year)`, as the frames come (memory
/// holds one picture plus the encoded file). `progress(done, total)` is called before each
/// frame and once at the end; returning `false` stops with [`AnimError::Cancelled`].
///
/// # Errors
/// [`AnimError::Failed`] for a frame that cannot be drawn or encoded.
pub fn encode_frames(
    spec: &AnimSpec,
    mut frame: impl FnMut(i32) -> Result<RgbaImage, String>,
    mut progress: impl FnMut(usize, usize) -> bool,
) -> Result<Vec<u8>, AnimError> {
    let years: Vec<i32> = spec.years.clone().collect();
    let total = years.len();
    let frames = u32::try_from(total).unwrap_or(u32::MAX);
    let mut bytes = Vec::new();
    let mut encoder = Encoder::new(spec, frames, &mut bytes).map_err(AnimError::Failed)?;
    for (done, year) in years.into_iter().enumerate() {
        if !progress(done, total) {
            return Err(AnimError::Cancelled);
        }
        let image = frame(year).map_err(AnimError::Failed)?;
        encoder
            .add(image, spec.frame_delay_ms)
            .map_err(AnimError::Failed)?;
    }
    encoder.finish().map_err(AnimError::Failed)?;
    progress(total, total);
    Ok(bytes)
}
