//! The window's keys: Ctrl+F (search), Ctrl+S (save), files dropped on the window, the arrows,
//! Home/End, Space, Escape, F1 and `?`. Each becomes a command; nothing here changes state.

use std::path::PathBuf;

use egui::{Key, Ui};

use super::App;
use crate::state::Command;

impl App {
    pub(super) fn global_keys(&mut self, ui: &Ui, cmds: &mut Vec<Command>) {
        ui.input_mut(|i| {
            if i.consume_key(egui::Modifiers::COMMAND, Key::F) {
                self.search.focus_requested = true;
            }
            if i.consume_key(egui::Modifiers::COMMAND, Key::S) {
                cmds.push(Command::Save(crate::state::SaveKind::Window));
            }
        });
        let dropped: Vec<PathBuf> = ui.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_path_buf())
                .filter(|p| !p.as_os_str().is_empty())
                .collect()
        });
        if !dropped.is_empty() {
            cmds.push(Command::Import(dropped));
        }
        if ui.ctx().egui_wants_keyboard_input() {
            return;
        }
        ui.input(|i| {
            // Several presses can arrive in one frame on a slow machine: each steps a year.
            let steps = i32::try_from(i.num_presses(Key::ArrowRight)).unwrap_or(0)
                - i32::try_from(i.num_presses(Key::ArrowLeft)).unwrap_or(0);
            if steps != 0 {
                cmds.push(Command::StepYear(steps));
            }
            for (key, cmd) in [
                (Key::Escape, Command::ClearSelection),
                (Key::Home, Command::FirstYear),
                (Key::End, Command::LastYear),
                (Key::Space, Command::TogglePlay),
                (Key::F1, Command::ShowHelp(!self.state.show_help)),
            ] {
                if i.key_pressed(key) {
                    cmds.push(cmd);
                }
            }
            let question = i
                .events
                .iter()
                .any(|e| matches!(e, egui::Event::Text(t) if t == "?"));
            if question {
                cmds.push(Command::ShowHelp(!self.state.show_help));
            }
        });
    }
}
