//! The SVG map's legend: title, ramp with ticks or class rows, scale kind, "no data" swatch,
//! the note on prefectures and the source line, laid out as the window's legend.

use super::*;
use crate::style::format::format_value;
use crate::style::scale::{PARENT_FILL_NOTE, ROW, class_layout, class_rows};

/// The legend box in the map's bottom-left corner: title, ramp with ticks, scale kind, "no data"
/// swatch and source line. Returns the group and its rect.
pub(super) fn legend_group(
    measure: &Measure<'_>,
    scene: &MapScene<'_>,
    map: Rect,
) -> (Group, Rect) {
    let theme = scene.theme;
    let legend = &scene.legend;
    let width = 320.0_f32.min(map.width() - 16.0).max(240.0);
    let source_h = measure
        .size(&legend.source_line, FontId::proportional(11.0))
        .y;
    let rows = scene
        .values
        .scale
        .as_ref()
        .map(|s| class_rows(s, legend.unit))
        .unwrap_or_default();
    // As in the window's legend: the note on prefectures under the ramp's labels and the
    // scale's description, or under the class rows (the "no data" row also describes the scale).
    let widths: Vec<f32> = rows
        .iter()
        .map(|r| measure.size(&r.label, FontId::proportional(10.0)).x)
        .collect();
    let (places, row_count) = class_layout(&widths, width - 16.0);
    let note_y = if rows.is_empty() {
        70.0
    } else {
        26.0 + ROW * (row_count + 1) as f32 + 4.0
    };
    let note = ZOOM.prefecture_borders(scene.zoom) && scene.values.scale.is_some();
    let height = note_y + 10.0 + if note { 14.0 } else { 0.0 } + source_h;
    let rect = Rect::from_min_size(
        pos2(map.left() + 8.0, map.bottom() - height - 22.0),
        vec2(width, height),
    );
    let mut g = Group::new()
        .set("class", "legend")
        .add(rect_el(rect, 4.0, theme.label_halo))
        .add(text(
            rect.left_top() + vec2(8.0, 5.0),
            Align2::LEFT_TOP,
            &legend.title,
            12.5,
            theme.label,
        ));
    let ramp = Rect::from_min_size(rect.left_top() + vec2(8.0, 26.0), vec2(200.0, 12.0));
    let color_at = |kind: ScaleKind, t: f32| crate::map::layer::kind_color(theme, kind, t);
    let scale = scene.values.scale.as_ref();
    if let Some(scale) = scale.filter(|_| !rows.is_empty()) {
        for (row, &(dx, k)) in rows.iter().zip(&places) {
            let top = ramp.top() + ROW * k as f32;
            let swatch = Rect::from_min_size(pos2(ramp.left() + dx, top), vec2(16.0, 9.0));
            g = g
                .add(rect_el(swatch, 0.0, color_at(scale.kind, row.position)))
                .add(text(
                    swatch.right_center() + vec2(6.0, 0.0),
                    Align2::LEFT_CENTER,
                    &row.label,
                    11.0,
                    theme.label,
                ));
        }
    } else if let Some(scale) = scale {
        g = ramp_with_ticks(g, theme, scale, legend.unit, ramp);
    } else {
        g = g.add(text(
            ramp.left_center(),
            Align2::LEFT_CENTER,
            "No region has data for this metric",
            11.0,
            theme.label,
        ));
    }
    if let Some(scale) = scale {
        let (at, align, size) = if rows.is_empty() {
            (pos2(ramp.left(), rect.top() + 56.0), Align2::LEFT_TOP, 11.0)
        } else {
            let y = ramp.top() + ROW * row_count as f32 + 4.5;
            (pos2(ramp.left() + 78.0, y), Align2::LEFT_CENTER, 10.0)
        };
        g = g.add(text(at, align, &scale.describe(), size, theme.attribution));
    }
    if note {
        g = g.add(text(
            pos2(ramp.left(), rect.top() + note_y),
            Align2::LEFT_TOP,
            PARENT_FILL_NOTE,
            10.0,
            theme.attribution,
        ));
    }
    let no_data_at = if rows.is_empty() {
        pos2(ramp.right() + 16.0, ramp.top())
    } else {
        pos2(ramp.left(), ramp.top() + ROW * row_count as f32)
    };
    let swatch = Rect::from_min_size(no_data_at, vec2(16.0, 9.0));
    g = g
        .add(rect_el(swatch, 0.0, theme.no_data))
        .add(text(
            swatch.right_center() + vec2(6.0, 0.0),
            Align2::LEFT_CENTER,
            "no data",
            11.0,
            theme.label,
        ))
        .add(
            text(
                pos2(rect.left() + 8.0, rect.bottom() - 6.0 - source_h),
                Align2::LEFT_TOP,
                &legend.source_line,
                11.0,
                theme.attribution,
            )
            .set("class", "source"),
        );
    (g, rect)
}

/// `g` with a continuous scale's ramp and three ticks under it.
fn ramp_with_ticks(
    mut g: Group,
    theme: &Theme,
    scale: &crate::style::scale::ColorScale,
    unit: &str,
    ramp: Rect,
) -> Group {
    for (r, color) in crate::map::layer::ramp_steps(theme, scale.kind, ramp) {
        g = g.add(rect_el(r, 0.0, color));
    }
    let ticks = scale.ticks(3);
    for (k, v) in ticks.iter().enumerate() {
        let x = ramp.left() + scale.position(*v) * ramp.width();
        let mut d = String::new();
        let _ = write!(d, "M{x:.1} {:.1}V{:.1}", ramp.bottom(), ramp.bottom() + 3.0);
        g = g.add(stroke_path(d, Stroke::new(1.0, theme.label)));
        let align = match k {
            0 => Align2::LEFT_TOP,
            k if k + 1 == ticks.len() => Align2::RIGHT_TOP,
            _ => Align2::CENTER_TOP,
        };
        let label = format_value(Some(*v), unit);
        g = g.add(text(
            pos2(x, ramp.bottom() + 3.0),
            align,
            &label,
            11.0,
            theme.label,
        ));
    }
    g
}
