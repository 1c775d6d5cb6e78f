//! Story: hover a partner in the bar chart → its series and its flow are highlighted.

use crate::common;

#[test]
fn hovering_a_bar_highlights_that_partner_everywhere() {
    // A tall window, so the bar chart is not scrolled out of the side panel.
    let mut h = common::harness_sized([1400.0, 1500.0]);
    common::search(&mut h, "CHN");
    h.state_mut().state.year = 2015;
    h.run();
    h.run();
    let bars: Vec<(String, egui::Pos2)> = h.state().drawn().plots.bar_centres.clone();
    let (partner, at) = bars
        .first()
        .cloned()
        .expect("China has partner bars in 2015");
    assert!(at.y < 1500.0, "bar on screen: {at:?}");
    h.hover_at(at);
    h.run();
    h.run();
    assert_eq!(
        h.state().state.hovered_partner.as_deref(),
        Some(partner.as_str())
    );
    let arcs = h.state_mut().flow_arcs();
    assert!(
        arcs.iter().any(|a| a.partner == partner),
        "the partner's flow is on the map"
    );
}
