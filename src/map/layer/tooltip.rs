//! What hovering the map tells: a place's names, kind and region; a region's names in four
//! languages, its level and parents, and (on a coloured map) its value with basis and sources.

use egui::{Response, Ui};

use super::names::PlaceSpot;
use super::{MapCtx, MapFrame};
use crate::data::Geography;
use crate::data::geo::{PlaceKind, Region};
use crate::style::format::format_value;

/// Shows the tooltip of the place under the pointer (a place wins over the region around it),
/// else of the hovered region; none while a flow arc is hovered (the arc names its partner).
/// Returns the hovered place's id.
pub(super) fn show(
    response: &Response,
    f: &MapFrame,
    ctx: &MapCtx<'_>,
    hovered: Option<&Region>,
    arc_hovered: Option<usize>,
    spots: &[PlaceSpot],
) -> Option<String> {
    let geo = ctx.geo;
    let place_hovered = f.pointer.and_then(|p| {
        spots
            .iter()
            .filter(|(at, r, _)| at.distance(p) <= *r + 3.0)
            .min_by(|a, b| a.0.distance(p).total_cmp(&b.0.distance(p)))
            .and_then(|(_, _, i)| geo.places.get(*i))
    });
    let hovered_place = place_hovered.map(|p| p.id.clone());
    if arc_hovered.is_some() {
        return hovered_place;
    }
    if let Some(place) = place_hovered {
        response
            .clone()
            .on_hover_ui_at_pointer(|ui| place_tooltip(ui, geo, place));
    } else if let Some(h) = hovered {
        region_value_tooltip(response, ctx, h);
    }
    hovered_place
}

/// The hovered region's tooltip: names, level, parents; on a coloured map also the legend's
/// title and the region's value with its basis and sources.
fn region_value_tooltip(response: &Response, ctx: &MapCtx<'_>, h: &Region) {
    let geo = ctx.geo;
    let value = ctx
        .values
        .zip(geo.index_of(&h.id))
        .and_then(|(v, i)| v.per_region.get(i).cloned().flatten());
    let unit = ctx.legend.as_ref().map_or("USD", |l| l.unit);
    let title = ctx.legend.as_ref().map(|l| l.title.clone());
    response.clone().on_hover_ui_at_pointer(|ui| {
        region_tooltip(ui, geo, h);
        let Some(title) = title else {
            return;
        };
        ui.separator();
        ui.label(title);
        let Some(v) = value else {
            ui.label("No data");
            return;
        };
        ui.strong(format_value(v.cell.value, unit));
        if let Some(b) = v.cell.basis {
            ui.label(format!(
                "Basis: {}",
                crate::data::tables::flows::basis_words(b)
            ));
        }
        for s in &v.cell.sources {
            ui.label(
                ctx.source_names
                    .get(s.as_str())
                    .map_or_else(|| format!("Source: {s}"), |n| format!("Source: {n}")),
            );
        }
        if v.cell.converted {
            ui.label("Converted to USD at the year's rate (see notes)");
        }
    });
}

/// The tooltip body for a place: its names, what it is, and where.
pub fn place_tooltip(ui: &mut Ui, geo: &Geography, place: &crate::data::geo::Place) {
    let kind = match place.kind {
        PlaceKind::City => "City",
        PlaceKind::Port => "Seaport",
        PlaceKind::Crossing => "Border crossing",
    };
    ui.strong(place.names.display(&place.id));
    for (lang, n) in [
        ("中文", &place.names.zh),
        ("한국어", &place.names.ko),
        ("Русский", &place.names.ru),
    ] {
        if let Some(n) = n {
            ui.label(format!("{lang}: {n}"));
        }
    }
    ui.label(kind);
    if let Some(r) = place.region.as_ref().and_then(|id| geo.region(id)) {
        let chain: Vec<String> = geo
            .ancestors(r)
            .iter()
            .map(|p| p.name().to_string())
            .collect();
        ui.label(format!("In: {}", chain.join(" › ")));
    }
    ui.label(egui::RichText::new("Place: GeoNames (CC BY 4.0)").small());
}

/// The tooltip body for a region: its names, level and parents.
pub fn region_tooltip(ui: &mut Ui, geo: &Geography, r: &Region) {
    ui.strong(format!("{} ({})", r.name(), r.id));
    for lang in crate::data::tables::names::Lang::ALL {
        if let Some(n) = lang.get(&r.names) {
            ui.label(format!("{}: {n}", lang.label()));
        }
    }
    ui.label(format!("Level: {}", r.level.label()));
    let parents: Vec<String> = geo
        .ancestors(r)
        .iter()
        .skip(1)
        .map(|p| p.name().to_string())
        .collect();
    if !parents.is_empty() {
        ui.label(format!("In: {}", parents.join(" › ")));
    }
}
