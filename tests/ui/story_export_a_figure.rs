//! Story: a figure for a paper shows the same numbers as the window, without its buttons.

use crate::common;

use egui::Modifiers;
use egui_kittest::kittest::Queryable;
use tumen_atlas::export::figure::FigureView;
use tumen_atlas::ui::side_panel::PARTNER_PLOT_TITLE;

#[test]
fn a_figure_keeps_the_plots_and_drops_the_buttons() {
    let mut h = common::harness();
    common::click_region(&mut h, "CN-JL", Modifiers::NONE);
    let year = h.state().state.year;
    assert!(h.query_by_label("Clear").is_some(), "the window has Clear");

    h.state_mut().figure = Some(FigureView::Window);
    h.run();
    h.run();
    assert!(
        h.query_by_label(PARTNER_PLOT_TITLE).is_some(),
        "the figure still shows the partner plot"
    );
    assert!(
        h.query_all_by_label_contains(&format!("in {year}"))
            .next()
            .is_some(),
        "the figure still says which year it shows"
    );
    for button in ["Clear", "Import data…", "Dismiss"] {
        assert!(
            h.query_by_label(button).is_none(),
            "a figure has no {button} button"
        );
    }
    assert!(
        h.query_by_label_contains("Click or drag").is_none(),
        "a figure has no hints about clicking"
    );
}
