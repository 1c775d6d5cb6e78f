//! The map's legend in its bottom-left corner: title, colour ramp with ticks or class rows, the
//! "no data" swatch, the note on prefectures, the key to the place symbols and the source line.
//! The layout ([`legend_boxes`], [`ramp_ticks`]) and the ramp's colours ([`kind_color`],
//! [`ramp_steps`]) are shared with the SVG legend, which draws the same boxes.

use egui::{Align2, Color32, FontId, Painter, Pos2, Rect, Stroke, pos2};

use super::Legend;
use super::names::paint_place_symbol;
use crate::data::geo::PlaceKind;
use crate::style::format::format_value;
use crate::style::scale::{ColorScale, PARENT_FILL_NOTE, ROW, ScaleKind, class_layout, class_rows};
use crate::style::theme::Theme;

/// What the legend's layout depends on, in points.
pub struct LegendSpec<'a> {
    /// The map's rect; the legend sits in its bottom-left corner.
    pub map: Rect,
    /// The legend's width.
    pub width: f32,
    /// The continuous ramp's width.
    pub ramp_width: f32,
    /// Room left free under the legend (the attribution line).
    pub bottom_margin: f32,
    /// The width of each class row's label; empty for a continuous ramp.
    pub row_widths: &'a [f32],
    /// The height of the (wrapped) source line.
    pub source_height: f32,
    /// Whether the note on prefectures shown in their province's colour is drawn.
    pub note: bool,
    /// Whether the key to the place symbols is drawn.
    pub symbols: bool,
}

/// Where each part of the legend goes: one layout that the window's painter and the SVG
/// writer both draw, so the two legends cannot drift apart.
pub struct LegendBoxes {
    /// The whole legend (its background).
    pub rect: Rect,
    /// The title's top-left corner.
    pub title_at: Pos2,
    /// The continuous ramp (and, when there is no scale, where the reason goes).
    pub ramp: Rect,
    /// Each class row's swatch (empty for a continuous ramp).
    pub swatches: Vec<Rect>,
    /// Where the scale's description goes: position, alignment and font size.
    pub describe: (Pos2, Align2, f32),
    /// The top-left corner of the note on prefectures, where it is drawn.
    pub note_at: Option<Pos2>,
    /// The "no data" swatch: right of the ramp, or the last of the class rows.
    pub no_data: Rect,
    /// The start of the key to the place symbols, where it is drawn.
    pub symbols_at: Option<Pos2>,
    /// The source line's top-left corner.
    pub source_at: Pos2,
}

/// Lays the legend out (see [`LegendBoxes`]).
pub fn legend_boxes(spec: &LegendSpec<'_>) -> LegendBoxes {
    let rows = !spec.row_widths.is_empty();
    let (places, row_count) = class_layout(spec.row_widths, spec.width - 16.0);
    // The note on prefectures sits under the ramp's tick labels and the line saying what the
    // scale is, or under the class rows (the last row, "no data", also says what the scale is).
    let note_y = if rows {
        26.0 + ROW * (row_count + 1) as f32 + 4.0
    } else {
        70.0
    };
    let note_height = if spec.note { 14.0 } else { 0.0 };
    let key_height = if spec.symbols { 18.0 } else { 0.0 };
    let height = note_y + 10.0 + note_height + key_height + spec.source_height;
    let rect = Rect::from_min_size(
        pos2(
            spec.map.left() + 8.0,
            spec.map.bottom() - height - spec.bottom_margin,
        ),
        egui::vec2(spec.width, height),
    );
    let ramp = Rect::from_min_size(
        rect.left_top() + egui::vec2(8.0, 26.0),
        egui::vec2(spec.ramp_width, 12.0),
    );
    let swatch = |at: Pos2| Rect::from_min_size(at, egui::vec2(16.0, 9.0));
    let below_rows = ramp.top() + ROW * row_count as f32;
    let (describe, no_data) = if rows {
        (
            (
                pos2(ramp.left() + 78.0, below_rows + 4.5),
                Align2::LEFT_CENTER,
                10.0,
            ),
            swatch(pos2(ramp.left(), below_rows)),
        )
    } else {
        (
            (pos2(ramp.left(), rect.top() + 56.0), Align2::LEFT_TOP, 11.0),
            swatch(pos2(ramp.right() + 16.0, ramp.top())),
        )
    };
    LegendBoxes {
        rect,
        title_at: rect.left_top() + egui::vec2(8.0, 5.0),
        ramp,
        swatches: places
            .iter()
            .map(|&(dx, k)| swatch(pos2(ramp.left() + dx, ramp.top() + ROW * k as f32)))
            .collect(),
        describe,
        note_at: spec.note.then(|| pos2(ramp.left(), rect.top() + note_y)),
        no_data,
        symbols_at: spec
            .symbols
            .then(|| pos2(ramp.left() + 4.0, rect.top() + note_y + note_height + 12.0)),
        source_at: pos2(rect.left() + 8.0, rect.bottom() - spec.source_height - 6.0),
    }
}

/// Where a swatch's label starts (left-centre aligned).
pub fn swatch_label_at(swatch: Rect) -> Pos2 {
    swatch.right_center() + egui::vec2(6.0, 0.0)
}

/// The ticks under a continuous ramp: `n` values of `scale`, each with the top of its tick
/// mark and how its label is aligned (the first left, the last right, others centred).
pub fn ramp_ticks(scale: &ColorScale, ramp: Rect, n: usize) -> Vec<(f64, Pos2, Align2)> {
    let ticks = scale.ticks(n);
    let last = ticks.len().saturating_sub(1);
    ticks
        .iter()
        .enumerate()
        .map(|(k, &v)| {
            let x = ramp.left() + scale.position(v) * ramp.width();
            let align = match k {
                0 => Align2::LEFT_TOP,
                k if k == last => Align2::RIGHT_TOP,
                _ => Align2::CENTER_TOP,
            };
            (v, pos2(x, ramp.bottom()), align)
        })
        .collect()
}

/// Draws the legend in the map's bottom-left corner: title, colour ramp with ticks, a "no data"
/// swatch and the source line. Returns its rect so labels avoid it.
#[allow(clippy::too_many_arguments)] // a drawing helper; a struct would only rename the arguments
pub(super) fn draw_legend(
    painter: &Painter,
    map: Rect,
    bottom_margin: f32,
    theme: &Theme,
    scale: Option<&ColorScale>,
    legend: &Legend,
    symbols: bool,
    prefectures_drawn: bool,
) -> Rect {
    let font = FontId::proportional(11.0);
    // At most half the map's width, so a small window keeps most of its map.
    let width = (map.width() * 0.5).clamp(220.0, 320.0);
    // The source line wraps to the legend's width; the legend grows to hold it.
    let source = painter.layout(
        legend.source_line.clone(),
        font.clone(),
        theme.attribution,
        width - 16.0,
    );
    let rows = scale
        .map(|s| class_rows(s, legend.unit))
        .unwrap_or_default();
    let widths: Vec<f32> = rows
        .iter()
        .map(|r| {
            painter
                .layout_no_wrap(r.label.clone(), FontId::proportional(10.0), theme.label)
                .size()
                .x
        })
        .collect();
    let b = legend_boxes(&LegendSpec {
        map,
        width,
        ramp_width: (width - 120.0).max(100.0),
        bottom_margin,
        row_widths: &widths,
        source_height: source.size().y,
        // Only where prefecture borders are drawn (else none can be told apart).
        note: prefectures_drawn && scale.is_some(),
        symbols,
    });
    painter.rect_filled(b.rect, 4.0, theme.label_halo);
    painter.text(
        b.title_at,
        Align2::LEFT_TOP,
        &legend.title,
        FontId::proportional(12.5),
        theme.label,
    );
    match scale {
        Some(scale) if !rows.is_empty() => {
            for (row, &swatch) in rows.iter().zip(&b.swatches) {
                painter.rect_filled(swatch, 0.0, kind_color(theme, scale.kind, row.position));
                painter.text(
                    swatch_label_at(swatch),
                    Align2::LEFT_CENTER,
                    &row.label,
                    FontId::proportional(10.0),
                    theme.label,
                );
            }
        }
        Some(scale) => paint_ramp(painter, theme, scale, legend.unit, b.ramp),
        None => {
            painter.text(
                b.ramp.left_center(),
                Align2::LEFT_CENTER,
                &legend.empty_reason,
                font.clone(),
                theme.label,
            );
        }
    }
    if let Some(scale) = scale {
        let (at, align, size) = b.describe;
        painter.text(
            at,
            align,
            scale.describe(),
            FontId::proportional(size),
            theme.attribution,
        );
    }
    if let Some(at) = b.note_at {
        painter.text(
            at,
            Align2::LEFT_TOP,
            PARENT_FILL_NOTE,
            FontId::proportional(10.0),
            theme.attribution,
        );
    }
    painter.rect_filled(b.no_data, 0.0, theme.no_data);
    painter.text(
        swatch_label_at(b.no_data),
        Align2::LEFT_CENTER,
        "no data",
        font,
        theme.label,
    );
    if let Some(at) = b.symbols_at {
        paint_symbol_key(painter, theme, at);
    }
    painter.galley(b.source_at, source, theme.attribution);
    b.rect
}

/// A continuous scale's ramp with two or three ticks.
fn paint_ramp(painter: &Painter, theme: &Theme, scale: &ColorScale, unit: &str, ramp: Rect) {
    for (r, color) in ramp_steps(theme, scale.kind, ramp) {
        painter.rect_filled(r, 0.0, color);
    }
    let n = if ramp.width() < 160.0 { 2 } else { 3 };
    for (v, at, align) in ramp_ticks(scale, ramp, n) {
        painter.line_segment(
            [at, at + egui::vec2(0.0, 3.0)],
            Stroke::new(1.0, theme.label),
        );
        painter.text(
            at + egui::vec2(0.0, 3.0),
            align,
            format_value(Some(v), unit),
            FontId::proportional(11.0),
            theme.label,
        );
    }
}

/// The key to the place symbols drawn on the map, in a row starting at `at`.
fn paint_symbol_key(painter: &Painter, theme: &Theme, at: egui::Pos2) {
    let mut x = at.x;
    for kind in [PlaceKind::City, PlaceKind::Port, PlaceKind::Crossing] {
        let at = pos2(x, at.y);
        paint_place_symbol(painter, at, kind, theme);
        let text = match kind {
            PlaceKind::City => "city",
            PlaceKind::Port => "seaport",
            PlaceKind::Crossing => "border crossing",
        };
        let r = painter.text(
            at + egui::vec2(8.0, 0.0),
            Align2::LEFT_CENTER,
            text,
            FontId::proportional(11.0),
            theme.label,
        );
        x = r.right() + 14.0;
    }
}

/// The colour at `t` (0–1) along a continuous scale of `kind`.
pub fn kind_color(theme: &Theme, kind: ScaleKind, t: f32) -> Color32 {
    match kind {
        ScaleKind::Sequential => theme.sequential(t),
        ScaleKind::Diverging => theme.diverging(t),
    }
}

/// A continuous legend ramp as 40 adjoining swatches (rectangle, colour) across `ramp`, each
/// overlapping the next by half a point so no seam shows; the window and the SVG draw the same.
pub fn ramp_steps(theme: &Theme, kind: ScaleKind, ramp: Rect) -> Vec<(Rect, Color32)> {
    let steps = 40;
    (0..steps)
        .map(|k| {
            let (a, b) = (k as f32 / steps as f32, (k + 1) as f32 / steps as f32);
            let r = Rect::from_min_max(
                pos2(ramp.left() + a * ramp.width(), ramp.top()),
                pos2(ramp.left() + b * ramp.width() + 0.5, ramp.bottom()),
            );
            (r, kind_color(theme, kind, a))
        })
        .collect()
}
