//! The map's legend in its bottom-left corner: title, colour ramp with ticks or class rows, the
//! "no data" swatch, the note on prefectures, the key to the place symbols and the source line.
//! The ramp's colours ([`kind_color`], [`ramp_steps`]) are shared with the SVG legend.

use egui::{Align2, Color32, FontId, Galley, Painter, Rect, Stroke, pos2};
use std::sync::Arc;

use super::Legend;
use super::names::paint_place_symbol;
use crate::data::geo::PlaceKind;
use crate::style::format::format_value;
use crate::style::scale::{
    ClassRow, ColorScale, PARENT_FILL_NOTE, ROW, ScaleKind, class_layout, class_rows,
};
use crate::style::theme::Theme;

/// Where the parts of the legend go.
struct Layout {
    rect: Rect,
    ramp: Rect,
    source: Arc<Galley>,
    rows: Vec<ClassRow>,
    /// (column x offset, row) per class row.
    places: Vec<(f32, usize)>,
    row_count: usize,
    note_y: f32,
    note: bool,
    note_height: f32,
}

impl Layout {
    fn new(
        painter: &Painter,
        map: Rect,
        bottom_margin: f32,
        theme: &Theme,
        scale: Option<&ColorScale>,
        legend: &Legend,
        (symbols, prefectures_drawn): (bool, bool),
    ) -> Self {
        // At most half the map's width, so a small window keeps most of its map.
        let width = (map.width() * 0.5).clamp(220.0, 320.0);
        let ramp_width = (width - 120.0).max(100.0);
        // The source line wraps to the legend's width; the legend grows to hold it.
        let source = painter.layout(
            legend.source_line.clone(),
            FontId::proportional(11.0),
            theme.attribution,
            width - 16.0,
        );
        let key_height = if symbols { 18.0 } else { 0.0 };
        let rows = scale
            .map(|s| class_rows(s, legend.unit))
            .unwrap_or_default();
        // Where the note on prefectures sits: under the ramp's tick labels and the line saying
        // what the scale is, or under the class rows (the last row, "no data", also says what
        // the scale is).
        let widths: Vec<f32> = rows
            .iter()
            .map(|r| {
                painter
                    .layout_no_wrap(r.label.clone(), FontId::proportional(10.0), theme.label)
                    .size()
                    .x
            })
            .collect();
        let (places, row_count) = class_layout(&widths, width - 16.0);
        let note_y = if rows.is_empty() {
            70.0
        } else {
            26.0 + ROW * (row_count + 1) as f32 + 4.0
        };
        // The note on prefectures only where their borders are drawn (else none can be told
        // apart).
        let note = prefectures_drawn && scale.is_some();
        let note_height = if note { 14.0 } else { 0.0 };
        let height = note_y + 10.0 + note_height + key_height + source.size().y;
        let rect = Rect::from_min_size(
            pos2(map.left() + 8.0, map.bottom() - height - bottom_margin),
            egui::vec2(width, height),
        );
        let ramp = Rect::from_min_size(
            rect.left_top() + egui::vec2(8.0, 26.0),
            egui::vec2(ramp_width, 12.0),
        );
        Self {
            rect,
            ramp,
            source,
            rows,
            places,
            row_count,
            note_y,
            note,
            note_height,
        }
    }
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
    let l = Layout::new(
        painter,
        map,
        bottom_margin,
        theme,
        scale,
        legend,
        (symbols, prefectures_drawn),
    );
    let (rect, ramp) = (l.rect, l.ramp);
    painter.rect_filled(rect, 4.0, theme.label_halo);
    painter.text(
        rect.left_top() + egui::vec2(8.0, 5.0),
        Align2::LEFT_TOP,
        &legend.title,
        FontId::proportional(12.5),
        theme.label,
    );
    match scale {
        Some(scale) if !l.rows.is_empty() => paint_class_rows(painter, theme, scale, &l),
        Some(scale) => paint_ramp(painter, theme, scale, legend.unit, ramp),
        None => {
            painter.text(
                ramp.left_center(),
                Align2::LEFT_CENTER,
                &legend.empty_reason,
                font.clone(),
                theme.label,
            );
        }
    }
    if let Some(scale) = scale {
        let (at, align, size) = if l.rows.is_empty() {
            (pos2(ramp.left(), rect.top() + 56.0), Align2::LEFT_TOP, 11.0)
        } else {
            let y = ramp.top() + ROW * l.row_count as f32 + 4.5;
            (pos2(ramp.left() + 78.0, y), Align2::LEFT_CENTER, 10.0)
        };
        painter.text(
            at,
            align,
            scale.describe(),
            FontId::proportional(size),
            theme.attribution,
        );
    }
    if l.note {
        painter.text(
            pos2(ramp.left(), rect.top() + l.note_y),
            Align2::LEFT_TOP,
            PARENT_FILL_NOTE,
            FontId::proportional(10.0),
            theme.attribution,
        );
    }
    // The "no data" swatch: right of the ramp, or the last of the class rows.
    let no_data_at = if l.rows.is_empty() {
        pos2(ramp.right() + 16.0, ramp.top())
    } else {
        pos2(ramp.left(), ramp.top() + ROW * l.row_count as f32)
    };
    let swatch = Rect::from_min_size(no_data_at, egui::vec2(16.0, 9.0));
    painter.rect_filled(swatch, 0.0, theme.no_data);
    painter.text(
        swatch.right_center() + egui::vec2(6.0, 0.0),
        Align2::LEFT_CENTER,
        "no data",
        font,
        theme.label,
    );
    if symbols {
        let y = rect.top() + l.note_y + l.note_height + 12.0;
        paint_symbol_key(painter, theme, pos2(ramp.left() + 4.0, y));
    }
    let src_pos = pos2(rect.left() + 8.0, rect.bottom() - l.source.size().y - 6.0);
    painter.galley(src_pos, l.source, theme.attribution);
    rect
}

/// A classed scale's rows: a swatch and the class's bounds and count each.
fn paint_class_rows(painter: &Painter, theme: &Theme, scale: &ColorScale, l: &Layout) {
    for (row, &(dx, k)) in l.rows.iter().zip(&l.places) {
        let top = l.ramp.top() + ROW * k as f32;
        let swatch = Rect::from_min_size(pos2(l.ramp.left() + dx, top), egui::vec2(16.0, 9.0));
        painter.rect_filled(swatch, 0.0, kind_color(theme, scale.kind, row.position));
        painter.text(
            swatch.right_center() + egui::vec2(6.0, 0.0),
            Align2::LEFT_CENTER,
            &row.label,
            FontId::proportional(10.0),
            theme.label,
        );
    }
}

/// A continuous scale's ramp with two or three ticks.
fn paint_ramp(painter: &Painter, theme: &Theme, scale: &ColorScale, unit: &str, ramp: Rect) {
    for (r, color) in ramp_steps(theme, scale.kind, ramp) {
        painter.rect_filled(r, 0.0, color);
    }
    let ticks = scale.ticks(if ramp.width() < 160.0 { 2 } else { 3 });
    for (k, v) in ticks.iter().enumerate() {
        let x = ramp.left() + scale.position(*v) * ramp.width();
        painter.line_segment(
            [pos2(x, ramp.bottom()), pos2(x, ramp.bottom() + 3.0)],
            Stroke::new(1.0, theme.label),
        );
        let align = match k {
            0 => Align2::LEFT_TOP,
            k if k + 1 == ticks.len() => Align2::RIGHT_TOP,
            _ => Align2::CENTER_TOP,
        };
        painter.text(
            pos2(x, ramp.bottom() + 3.0),
            align,
            format_value(Some(*v), unit),
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
