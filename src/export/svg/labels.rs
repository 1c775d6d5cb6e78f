//! The SVG map's names: selected regions, rivers, places and regions, placed greedily as the
//! window's map does, with the same zoom bands.

use super::*;

/// Labels of selected regions, rivers, places and regions, placed greedily like the map does.
pub(super) fn labels(
    measure: &Measure<'_>,
    scene: &MapScene<'_>,
    rect: Rect,
    _lod: usize,
    placer: &mut LabelPlacer,
) -> Group {
    let theme = scene.theme;
    let t = &scene.transform;
    let geo = scene.geo;
    let mut g = Group::new().set("class", "labels");
    let put = |placer: &mut LabelPlacer, g, at, anchor, s: &str, size, color, halo| {
        put(measure, placer, g, at, (anchor, s, size, color), halo)
    };
    for (i, r) in geo.regions.iter().enumerate() {
        if scene.state.selection.contains(&r.id) {
            let at = pos(t, scene.prepared.regions[i].label);
            let halo = Some(theme.label_halo);
            (g, _) = put(
                placer,
                g,
                at,
                Align2::CENTER_CENTER,
                r.name(),
                14.0,
                theme.label,
                halo,
            );
        }
    }
    for (l, pl) in geo.lines.iter().zip(&scene.prepared.lines) {
        let Some(m) = pl.label else { continue };
        let name = match (&l.names.en, &l.names.zh) {
            (Some(en), Some(zh)) => format!("{en} {zh}"),
            _ => l.names.display(&l.id).to_string(),
        };
        let at = pos(t, m);
        if rect.contains(at) {
            let halo = Some(theme.label_halo);
            let at = at + vec2(0.0, 10.0);
            (g, _) = put(
                placer,
                g,
                at,
                Align2::CENTER_TOP,
                &name,
                13.0,
                theme.river_label,
                halo,
            );
        }
    }
    if scene.state.show_places {
        let max_rank = ZOOM.max_place_rank(scene.zoom);
        for (place, &m) in geo.places.iter().zip(&scene.prepared.places) {
            let at = pos(t, m);
            if place.rank > max_rank || !rect.contains(at) {
                continue;
            }
            let (color, r) = match place.kind {
                PlaceKind::City => (theme.place, 3.0),
                PlaceKind::Port => (theme.port, 3.5),
                PlaceKind::Crossing => (theme.crossing, 3.5),
            };
            let dot = Rect::from_center_size(at, vec2(2.0 * r, 2.0 * r));
            if !placer.try_place(dot) {
                continue;
            }
            g = add_place_symbol(g, at, place.kind, (color, r), theme.label_halo);
            let size = if place.rank == 1 { 13.0 } else { 12.0 };
            let name = place.names.display(&place.id);
            let h = Some(theme.label_halo);
            let placed;
            let right = at + vec2(r + 3.0, 0.0);
            (g, placed) = put(
                placer,
                g,
                right,
                Align2::LEFT_CENTER,
                name,
                size,
                theme.label,
                h,
            );
            if !placed {
                let left = at - vec2(r + 3.0, 0.0);
                (g, _) = put(
                    placer,
                    g,
                    left,
                    Align2::RIGHT_CENTER,
                    name,
                    size,
                    theme.label,
                    h,
                );
            }
        }
    }
    let candidates = region_candidates(scene, rect);
    for i in candidates {
        let r = &geo.regions[i];
        let size = match r.level {
            Level::Country => 16.0,
            Level::Admin1 => 13.0,
            Level::Admin2 => 11.5,
        };
        let at = pos(t, scene.prepared.regions[i].label);
        (g, _) = put(
            placer,
            g,
            at,
            Align2::CENTER_CENTER,
            r.name(),
            size,
            theme.country_label,
            None,
        );
    }
    g
}

/// Places `s` at `at` by `anchor` if it does not overlap what is placed; returns the group with
/// it added (on a halo when given) and whether it was placed.
fn put(
    measure: &Measure<'_>,
    placer: &mut LabelPlacer,
    g: Group,
    at: Pos2,
    (anchor, s, size, color): (Align2, &str, f32, Color32),
    halo: Option<Color32>,
) -> (Group, bool) {
    let r = anchor.anchor_size(at, measure.size(s, FontId::proportional(size)));
    if !placer.try_place(r) {
        return (g, false);
    }
    let mut g = g;
    if let Some(h) = halo {
        g = g.add(rect_el(r.expand(1.5), 3.0, h));
    }
    (
        g.add(text(r.left_top(), Align2::LEFT_TOP, s, size, color)),
        true,
    )
}

/// `g` with a place's symbol at `at`: a diamond for a crossing, a square for a port, a dot for a
/// city, as the window draws them.
fn add_place_symbol(
    g: Group,
    at: Pos2,
    kind: PlaceKind,
    (color, r): (Color32, f32),
    halo: Color32,
) -> Group {
    let halo = hex(halo);
    let dot = Rect::from_center_size(at, vec2(2.0 * r, 2.0 * r));
    match kind {
        PlaceKind::Crossing => g.add(
            SvgPath::new()
                .set(
                    "d",
                    format!(
                        "M{:.1} {:.1}L{:.1} {:.1}L{:.1} {:.1}L{:.1} {:.1}Z",
                        at.x,
                        at.y - r - 1.0,
                        at.x + r + 1.0,
                        at.y,
                        at.x,
                        at.y + r + 1.0,
                        at.x - r - 1.0,
                        at.y
                    ),
                )
                .set("fill", hex(color))
                .set("stroke", halo)
                .set("class", "place"),
        ),
        PlaceKind::Port => g.add(rect_el(dot, 0.0, color).set("class", "place")),
        PlaceKind::City => g.add(
            Circle::new()
                .set("cx", format!("{:.1}", at.x))
                .set("cy", format!("{:.1}", at.y))
                .set("r", r)
                .set("fill", hex(color))
                .set("stroke", halo)
                .set("class", "place"),
        ),
    }
}

/// The regions to name at this zoom, largest on screen first and coarser levels first, each with
/// its label point in the map.
fn region_candidates(scene: &MapScene<'_>, rect: Rect) -> Vec<usize> {
    let (geo, t) = (scene.geo, &scene.transform);
    let zoom = scene.zoom;
    let mut candidates: Vec<(usize, f32)> = geo
        .regions
        .iter()
        .enumerate()
        .filter(|(_, r)| ZOOM.names_level(r.level, zoom))
        .map(|(i, _)| {
            let b = scene.prepared.regions[i].bbox;
            let r = Rect::from_two_pos(pos(t, [b[0], b[1]]), pos(t, [b[2], b[3]]));
            (i, r.area())
        })
        .filter(|(i, area)| {
            *area > 2500.0 && rect.contains(pos(t, scene.prepared.regions[*i].label))
        })
        .collect();
    candidates.sort_by(|a, b| {
        let (ra, rb) = (&geo.regions[a.0], &geo.regions[b.0]);
        rb.level.cmp(&ra.level).then(b.1.total_cmp(&a.1))
    });
    candidates.into_iter().map(|(i, _)| i).collect()
}
