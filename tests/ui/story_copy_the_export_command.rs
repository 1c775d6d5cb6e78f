//! Story: a user frames a map in the window, opens the Save menu, copies the export command
//! shown there, and runs it: the command draws the same figure, pixel for pixel.

use clap::Parser;
use egui::Modifiers;
use egui_kittest::kittest::Queryable;
use tumen_atlas::app::figure::render_figure;
use tumen_atlas::cli::{Cli, Cmd};
use tumen_atlas::data::Dataset;
use tumen_atlas::export::figure::FigureView;

use crate::common;

#[test]
fn the_save_menus_command_reproduces_the_windows_figure_pixel_for_pixel() {
    let mut h = common::harness();
    common::click_region(&mut h, "CN-JL", Modifiers::NONE);
    let centre = h.state().map_rect().center();
    common::drag(&mut h, centre, egui::vec2(-60.0, 25.0));
    h.get_by_label("Colours:").click();
    common::settle(&mut h);
    h.get_by_label("Natural breaks").click();
    common::settle(&mut h);

    h.get_by_label("Save").click();
    common::settle(&mut h);
    let command = h.state().export_command();
    assert!(
        h.query_by_label_contains("tumen-atlas export").is_some(),
        "the Save menu shows the command"
    );
    assert!(
        h.query_by_label("Copy command").is_some(),
        "with a copy button"
    );
    for part in [
        "--region CN-JL",
        "--classes jenks",
        "--class-count 6",
        "--centre",
        "--zoom",
        "--view map",
    ] {
        assert!(command.contains(part), "{part} in {command}");
    }

    let window = h.state().figure_spec(FigureView::Map);
    let args: Vec<String> = command
        .split_whitespace()
        .map(|a| a.trim_matches('\'').to_string())
        .collect();
    let Some(Cmd::Export(parsed)) = Cli::try_parse_from(&args).expect("parses").command else {
        panic!("not an export command: {command}");
    };
    let from_command = parsed.figure_spec();
    assert_eq!(from_command.size, window.size);
    let a = render_figure(Dataset::bundled().expect("data"), &window).expect("window figure");
    let b = render_figure(Dataset::bundled().expect("data"), &from_command).expect("command");
    assert_eq!(a.dimensions(), b.dimensions());
    assert!(a == b, "the command's figure differs from the window's");
}
