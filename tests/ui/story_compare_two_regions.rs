//! Story: Ctrl-click a second region and compare, or sum them as a set.

use crate::common;

use egui::Modifiers;
use tumen_atlas::state::{Combine, Command};

#[test]
fn two_regions_are_compared_as_separate_series_or_summed() {
    let mut h = common::harness();
    common::click_region(&mut h, "CN-JL", Modifiers::NONE);
    common::click_region(&mut h, "CN-HL", Modifiers::COMMAND);
    let view = {
        let app = h.state_mut();
        let (data, state) = (app.data().clone(), app.state.clone());
        app.model().selection(&data, &state).clone()
    };
    let keys: Vec<&str> = view.by_partner.iter().map(|s| s.key.as_str()).collect();
    assert_eq!(keys, ["CN-HL", "CN-JL"], "one series per region");
    let i = view.years.iter().position(|&y| y == 2019).expect("2019");
    let (hl, jl) = (
        view.by_partner[0].values[i].expect("HL 2019"),
        view.by_partner[1].values[i].expect("JL 2019"),
    );

    {
        let app = h.state_mut();
        let geo = app.data().geo.clone();
        app.state.apply(Command::SetCombine(Combine::Sum), &geo);
    }
    h.run();
    let view = {
        let app = h.state_mut();
        let (data, state) = (app.data().clone(), app.state.clone());
        app.model().selection(&data, &state).clone()
    };
    assert_eq!(view.targets.len(), 1);
    assert_eq!(view.targets[0].id, "CN-HL+CN-JL");
    let world = view
        .by_partner
        .iter()
        .find(|s| s.key == "WLD")
        .expect("summed series");
    let sum = world.values[i].expect("both members known in 2019");
    assert!((sum - (hl + jl)).abs() < 1.0, "the sum is the members' sum");
}
