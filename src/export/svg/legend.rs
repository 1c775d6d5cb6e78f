//! The SVG map's legend: title, ramp with ticks or class rows, scale kind, "no data" swatch,
//! the note on prefectures and the source line, laid out as the window's legend.

use super::*;
use crate::map::layer::{
    LegendSpec, kind_color, legend_boxes, ramp_steps, ramp_ticks, swatch_label_at,
};
use crate::style::format::format_value;
use crate::style::scale::{PARENT_FILL_NOTE, class_rows};

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
    let scale = scene.values.scale.as_ref();
    let rows = scale
        .map(|s| class_rows(s, legend.unit))
        .unwrap_or_default();
    let widths: Vec<f32> = rows
        .iter()
        .map(|r| measure.size(&r.label, FontId::proportional(10.0)).x)
        .collect();
    let b = legend_boxes(&LegendSpec {
        map,
        width,
        ramp_width: 200.0,
        bottom_margin: 22.0,
        row_widths: &widths,
        source_height: measure
            .size(&legend.source_line, FontId::proportional(11.0))
            .y,
        note: ZOOM.prefecture_borders(scene.zoom) && scale.is_some(),
        symbols: false,
    });
    let mut g = Group::new()
        .set("class", "legend")
        .add(rect_el(b.rect, 4.0, theme.label_halo))
        .add(text(
            b.title_at,
            Align2::LEFT_TOP,
            &legend.title,
            12.5,
            theme.label,
        ));
    if let Some(scale) = scale.filter(|_| !rows.is_empty()) {
        for (row, &swatch) in rows.iter().zip(&b.swatches) {
            g = g
                .add(rect_el(
                    swatch,
                    0.0,
                    kind_color(theme, scale.kind, row.position),
                ))
                .add(text(
                    swatch_label_at(swatch),
                    Align2::LEFT_CENTER,
                    &row.label,
                    11.0,
                    theme.label,
                ));
        }
    } else if let Some(scale) = scale {
        g = ramp_with_ticks(g, theme, scale, legend.unit, b.ramp);
    } else {
        g = g.add(text(
            b.ramp.left_center(),
            Align2::LEFT_CENTER,
            "No region has data for this metric",
            11.0,
            theme.label,
        ));
    }
    if let Some(scale) = scale {
        let (at, align, size) = b.describe;
        g = g.add(text(at, align, &scale.describe(), size, theme.attribution));
    }
    if let Some(at) = b.note_at {
        g = g.add(text(
            at,
            Align2::LEFT_TOP,
            PARENT_FILL_NOTE,
            10.0,
            theme.attribution,
        ));
    }
    g = g
        .add(rect_el(b.no_data, 0.0, theme.no_data))
        .add(text(
            swatch_label_at(b.no_data),
            Align2::LEFT_CENTER,
            "no data",
            11.0,
            theme.label,
        ))
        .add(
            text(
                b.source_at,
                Align2::LEFT_TOP,
                &legend.source_line,
                11.0,
                theme.attribution,
            )
            .set("class", "source"),
        );
    (g, b.rect)
}

/// `g` with a continuous scale's ramp and three ticks under it.
fn ramp_with_ticks(
    mut g: Group,
    theme: &Theme,
    scale: &crate::style::scale::ColorScale,
    unit: &str,
    ramp: Rect,
) -> Group {
    for (r, color) in ramp_steps(theme, scale.kind, ramp) {
        g = g.add(rect_el(r, 0.0, color));
    }
    for (v, at, align) in ramp_ticks(scale, ramp, 3) {
        let mut d = String::new();
        let _ = write!(d, "M{:.1} {:.1}V{:.1}", at.x, at.y, at.y + 3.0);
        g = g.add(stroke_path(d, Stroke::new(1.0, theme.label)));
        let label = format_value(Some(v), unit);
        g = g.add(text(at + vec2(0.0, 3.0), align, &label, 11.0, theme.label));
    }
    g
}
