//! Story: the search box finds a region by any alias and selects it.

use crate::common;

use egui::Key;
use egui_kittest::kittest::Queryable;
use tumen_atlas::ui::top_bar::SEARCH_LABEL;

fn search(h: &mut egui_kittest::Harness<'_, tumen_atlas::app::App>, text: &str) {
    h.get_by_label(SEARCH_LABEL).focus();
    h.run();
    h.get_by_label(SEARCH_LABEL).type_text(text);
    h.run();
    h.key_press(Key::Enter);
    h.run();
}

#[test]
fn searching_yanbian_in_chinese_selects_the_prefecture() {
    let mut h = common::harness();
    search(&mut h, "延边");
    assert_eq!(common::selected(&h), ["CN-222400"]);
}

#[test]
fn searching_rason_selects_kp_13() {
    let mut h = common::harness();
    search(&mut h, "Rason");
    assert_eq!(common::selected(&h), ["KP-13"]);
}

#[test]
fn a_region_set_id_selects_its_members() {
    let mut h = common::harness();
    search(&mut h, "TUMEN3");
    assert_eq!(common::selected(&h), ["CN-222400", "KP-13", "RU-PRI"]);
}
