//! The year scrubber along the bottom: slider over the data's years, play/pause, loop, speed,
//! step buttons, and cited events marked on the timeline with tooltips.

use egui::{Align2, FontId, Rect, Sense, Stroke, Ui, pos2, vec2};

use crate::data::Dataset;
use crate::state::{Command, SPEEDS, State};
use crate::style::theme::Theme;

/// Label of the play/pause button when paused (tests find it by this).
pub const PLAY: &str = "▶ Play";
/// Label of the play/pause button when playing.
pub const PAUSE: &str = "■ Pause";

/// Width of the play/pause button, wide enough for either label.
const PLAY_WIDTH: f32 = 74.0;

/// Draws the scrubber; returns the commands the user gave and where it put the last year on
/// the timeline (screen x; the app keeps it so tests can check that the whole timeline is
/// inside the window).
pub fn show(ui: &mut Ui, data: &Dataset, state: &State, theme: &Theme) -> (Vec<Command>, f32) {
    let mut cmds = Vec::new();
    let mut last_year_x = 0.0;
    let (first, last) = state.year_span;
    ui.horizontal(|ui| {
        ui.label(
            egui::RichText::new(state.year.to_string())
                .size(26.0)
                .strong()
                .color(theme.year_marker),
        );
        if ui.button("|◀").on_hover_text("First year (Home)").clicked() {
            cmds.push(Command::FirstYear);
        }
        if ui.button("◀").on_hover_text("Previous year (←)").clicked() {
            cmds.push(Command::StepYear(-1));
        }
        let play = if state.playback.playing { PAUSE } else { PLAY };
        // One width for both labels, so the timeline does not move when the label changes.
        if ui
            .add(egui::Button::new(play).min_size(vec2(PLAY_WIDTH, 0.0)))
            .on_hover_text("Play / pause (Space)")
            .clicked()
        {
            cmds.push(Command::TogglePlay);
        }
        if ui.button("▶").on_hover_text("Next year (→)").clicked() {
            cmds.push(Command::StepYear(1));
        }
        if ui.button("▶|").on_hover_text("Last year (End)").clicked() {
            cmds.push(Command::LastYear);
        }
        let mut looping = state.playback.looping;
        if ui.checkbox(&mut looping, "Loop").changed() {
            cmds.push(Command::SetLoop(looping));
        }
        let speed_label = ui.label("Speed:");
        egui::ComboBox::from_id_salt("speed")
            .selected_text(format!(
                "{} yr/s",
                SPEEDS[state.playback.speed.min(SPEEDS.len() - 1)]
            ))
            .width(80.0)
            .show_ui(ui, |ui| {
                for (i, s) in SPEEDS.iter().enumerate() {
                    if ui
                        .selectable_label(state.playback.speed == i, format!("{s} yr/s"))
                        .clicked()
                    {
                        cmds.push(Command::SetSpeed(i));
                    }
                }
            })
            .response
            .labelled_by(speed_label.id);
        ui.add_space(8.0);
        let mut year = state.year;
        let year_label = ui.label("Year:");
        // Measured after the label, with room for the last year's tick label to the right.
        let width = ui.available_width() - 18.0;
        ui.spacing_mut().slider_width = width.max(60.0);
        let slider = ui
            .add(
                egui::Slider::new(&mut year, first..=last)
                    .show_value(false)
                    .step_by(1.0),
            )
            .labelled_by(year_label.id);
        if slider.changed() {
            cmds.push(Command::SetYear(year));
        }
        let rect = slider.rect;
        last_year_x = x_of(rect, first, last, last);
        timeline(ui, data, state, theme, rect, &mut cmds);
    });
    (cmds, last_year_x)
}

fn x_of(rect: Rect, first: i32, last: i32, year: i32) -> f32 {
    let span = (last - first).max(1);
    let f = (year - first) as f32 / span as f32;
    // egui's slider keeps the handle radius inside the rect.
    let r = rect.height() / 2.5;
    rect.left() + r + f * (rect.width() - 2.0 * r)
}

/// Year ticks under the slider and event markers above it, each with a tooltip.
fn timeline(
    ui: &mut Ui,
    data: &Dataset,
    state: &State,
    theme: &Theme,
    rect: Rect,
    cmds: &mut Vec<Command>,
) {
    let (first, last) = state.year_span;
    let painter = ui.painter();
    let font = FontId::proportional(10.0);
    let step = if last - first > 20 { 5 } else { 1 };
    for y in first..=last {
        if y % step == 0 || y == first || y == last {
            let x = x_of(rect, first, last, y);
            painter.text(
                pos2(x, rect.bottom() + 1.0),
                Align2::CENTER_TOP,
                y.to_string(),
                font.clone(),
                ui.visuals().weak_text_color(),
            );
        }
    }
    for (i, ev) in data.trade.events.iter().enumerate() {
        if ev.year < first || ev.year > last {
            continue;
        }
        let x = x_of(rect, first, last, ev.year);
        let marker = Rect::from_center_size(pos2(x, rect.top() - 4.0), vec2(7.0, 7.0));
        painter.line_segment(
            [pos2(x, marker.bottom()), pos2(x, rect.center().y)],
            Stroke::new(1.0, theme.event),
        );
        painter.circle_filled(marker.center(), 3.5, theme.event);
        let resp = ui.interact(
            marker.expand(2.0),
            ui.scope_id().with(("event", i)),
            Sense::click(),
        );
        let source = data.trade.source(&ev.source).map_or_else(
            || ev.source.to_string(),
            |s| format!("{} — {}", s.publisher, s.title),
        );
        let when = ev
            .month
            .map_or_else(|| ev.year.to_string(), |m| format!("{}-{m:02}", ev.year));
        let resp = resp.on_hover_ui(|ui| {
            ui.strong(format!("{when}: {}", ev.title));
            if !ev.note.is_empty() {
                ui.label(&ev.note);
            }
            ui.label(egui::RichText::new(format!("Source: {source}")).small());
        });
        if resp.clicked() {
            cmds.push(Command::SetYear(ev.year));
        }
    }
}
