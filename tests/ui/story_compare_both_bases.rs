//! Story: pick China → the partner plot shows China's own figures for Japan and, beside them,
//! Japan's mirror figures for the same trade, so a reader can compare the two bases.

use crate::common;

#[test]
fn china_shows_its_own_figures_for_japan_and_japans_mirror_figures_beside_them() {
    let mut h = common::harness();
    common::search(&mut h, "CHN");
    let view = {
        let app = h.state_mut();
        let data = app.data().clone();
        let state = app.state.clone();
        app.model().selection(&data, &state).clone()
    };
    let japan: Vec<_> = view.by_partner.iter().filter(|s| s.key == "JPN").collect();
    assert_eq!(japan.len(), 2, "China's figures and Japan's: {japan:?}");
    let own = japan
        .iter()
        .find(|s| !s.mirror)
        .expect("China-reported series");
    let mirror = japan
        .iter()
        .find(|s| s.mirror)
        .expect("Japan-reported series");
    assert!(
        mirror.label.contains("as Japan reports it"),
        "{}",
        mirror.label
    );
    let at = |year: i32| {
        view.years
            .iter()
            .position(|&y| y == year)
            .expect("year in span")
    };
    // 2005: NBS (China-reported) 184.39 bn; Japan's Ministry of Finance, converted, 189.3 bn.
    let (own_2005, mirror_2005) = (
        own.values[at(2005)].expect("NBS 2005"),
        mirror.values[at(2005)].expect("Japan 2005"),
    );
    assert!((own_2005 / 1e9 - 184.39).abs() < 0.01, "{own_2005}");
    assert!((mirror_2005 / 1e9 - 189.3).abs() < 0.1, "{mirror_2005}");
    // 2019 is after the NBS partner table ends: only Japan's figure exists, so the mirror
    // series has it and China's own series shows Japan's figure too (its only basis).
    assert!(mirror.values[at(2019)].is_some());

    // The longer key (each mirror series named) wraps under the plot: the side panel keeps
    // its width instead of growing over the map.
    let side = h.state().side_rect();
    assert!(
        side.width() <= 0.45 * common::SIZE[0],
        "side panel {side:?} in a window {:?} wide",
        common::SIZE[0]
    );
    // A bar per partner: the mirror figure is not a second bar.
    let bars = tumen_atlas::plots::partner_bars_for_year(&view, 2019);
    assert_eq!(bars.iter().filter(|b| b.0 == "JPN").count(), 1, "{bars:?}");
}
