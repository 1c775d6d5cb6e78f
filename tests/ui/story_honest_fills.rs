//! Story: a user looks at the opening map; Yanbian has no 2019 figure of its own, and the map
//! does not pass Jilin's colour off as Yanbian's.

use crate::common;

#[test]
fn a_prefecture_without_data_is_not_shown_in_its_provinces_colour() {
    let h = common::harness();
    let app = h.state();
    assert_eq!(
        app.saved_view().state.year,
        2019,
        "the window opens on 2019"
    );
    let jilin = app.shown_fill("CN-JL").expect("Jilin is drawn");
    let yanbian = app.shown_fill("CN-222400").expect("Yanbian is drawn");
    assert_ne!(jilin, app.no_data_color(), "Jilin has a 2019 figure");
    assert_ne!(yanbian, jilin, "Yanbian is not painted in Jilin's colour");
    assert_eq!(yanbian, app.no_data_color(), "Yanbian reads as no data");
}
