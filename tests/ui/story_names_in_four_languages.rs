//! Story: hover a region → its names in English, Chinese, Korean and Russian (where a source gives
//! them); type any of those names into the search box → the region is selected.

use crate::common;

use egui_kittest::kittest::Queryable;

#[test]
fn hovering_heilongjiang_shows_its_names_in_four_languages() {
    let mut h = common::harness();
    let (lon, lat) = common::label_point(&h, "CN-HL");
    let at = common::screen(&h, lon, lat);
    h.hover_at(at);
    h.run();
    h.run();
    for line in [
        "English: Heilongjiang",
        "中文: 黑龙江省",
        "한국어: 헤이룽장성",
        "Русский: Хэйлунцзян",
    ] {
        assert!(
            h.query_by_label_contains(line).is_some(),
            "the tooltip shows \"{line}\""
        );
    }
}

#[test]
fn searching_a_russian_name_selects_primorsky() {
    let mut h = common::harness();
    common::search(&mut h, "Приморский");
    assert_eq!(common::selected(&h), ["RU-PRI"]);
}

#[test]
fn searching_a_korean_name_selects_heilongjiang() {
    let mut h = common::harness();
    common::search(&mut h, "헤이룽장");
    assert_eq!(common::selected(&h), ["CN-HL"]);
}

#[test]
fn searching_yanbian_in_korean_selects_the_prefecture() {
    let mut h = common::harness();
    common::search(&mut h, "연변");
    assert_eq!(common::selected(&h), ["CN-222400"]);
}
