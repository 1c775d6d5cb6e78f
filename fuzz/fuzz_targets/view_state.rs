//! Fuzz target: the saved view (eframe storage text), restored as the window restores it and
//! then used by the model for one frame's worth of values.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tumen_atlas::model::Model;
use tumen_atlas::state::persist;

fuzz_target!(|bytes: &[u8]| {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return;
    };
    let Ok(Some(saved)) = persist::restore(Some(text)) else {
        return;
    };
    let data = tumen_atlas_fuzz::data();
    let mut memory = walkers::MapMemory::default();
    if let (Some((lon, lat)), Some(z)) = (saved.centre, saved.zoom) {
        memory.center_at(walkers::lon_lat(lon, lat));
        let _ = memory.set_zoom(z);
    }
    let mut state = saved.state;
    state.selection.retain(|id| data.geo.region(id).is_some());
    state.set_year_span(1990, 2024);
    let mut model = Model::default();
    let _ = model.map_values(data, &state);
    let _ = model.selection(data, &state);
    let _ = model.headline(data, &state);
    let _ = state.tick(0.5);
});
