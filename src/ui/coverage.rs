//! The coverage view: a region × partner × year grid showing which cells are known and on
//! which basis; clicking a cell shows its sources.

use egui::{Color32, Context, RichText, Sense, Stroke, Ui, vec2};

use crate::analysis::coverage::{CoverageCell, CoverageGrid, GridRow};
use crate::data::{Basis, Dataset};
use crate::model::partner_label;
use crate::state::Command;
use crate::style::format::format_value;
use crate::style::theme::Theme;
use crate::ui::words;

/// A basis in a few words, for the grid's key.
fn basis_short(b: Basis) -> &'static str {
    match b {
        Basis::Reporter => "region's own figures (trading firm's location)",
        Basis::ReporterDest => "region's own figures (goods' destination or origin)",
        Basis::ReporterRetab => "China's figures re-tabulated (KITA, KOTRA)",
        Basis::Partner => "partner's mirror figures",
    }
}

/// Title of the window (tests find it by this).
pub const TITLE: &str = "Data coverage";

/// Side of a grid cell, in points.
pub const CELL: f32 = 13.0;

/// Width of the grid's row-label column, in points.
pub const LABEL_WIDTH: f32 = 200.0;

fn basis_color(theme: &Theme, b: Basis) -> Color32 {
    match b {
        Basis::Reporter => theme.partner(0),
        Basis::ReporterDest => theme.partner(4),
        Basis::ReporterRetab => theme.partner(2),
        Basis::Partner => theme.partner(1),
    }
}

/// "Jilin × Russia", cut to fit the grid's label column.
fn row_label(data: &Dataset, region: &str, partner: &str) -> String {
    let text = format!(
        "{} × {}",
        words::region_name(data, region),
        partner_label(data, partner)
    );
    if text.chars().count() > 34 {
        let cut: String = text.chars().take(33).collect();
        format!("{cut}…")
    } else {
        text
    }
}

/// Where the grid was drawn in a frame: its rect and the year of its first column (the app keeps
/// it for tests, [`crate::app::Drawn`]).
pub type GridDrawn = (egui::Rect, i32);

/// Shows the window when `open`; `picked` is the clicked cell (kept by the app). `grid` is
/// `cells` laid out by row and year ([`CoverageGrid::new`], kept by the model). Returns the
/// commands and where the grid was drawn.
pub fn show(
    ctx: &Context,
    open: bool,
    data: &Dataset,
    (cells, grid): (&[CoverageCell], &CoverageGrid),
    theme: &Theme,
    picked: &mut Option<(String, String, i32)>,
) -> (Vec<Command>, Option<GridDrawn>) {
    let mut still_open = open;
    let mut gap_clicked: Option<crate::state::Gap> = None;
    let mut drawn = None;
    egui::Window::new(TITLE)
        .open(&mut still_open)
        .default_size(vec2(760.0, 480.0))
        .show(ctx, |ui| {
            let (first, last) = grid.years.unwrap_or_default();
            ui.label(format!(
                "{} known cells in {} region × partner rows, {first}–{last}. Colour = who reported the figure:",
                cells.len(),
                grid.rows.len()
            ));
            ui.horizontal_wrapped(|ui| {
                for b in Basis::PREFERENCE {
                    ui.label(RichText::new("■").color(basis_color(theme, b)));
                    ui.label(basis_short(b));
                }
                ui.label(RichText::new("■").color(theme.no_data));
                ui.label("not published");
                ui.label(RichText::new("□").strong());
                ui.label("outlined: figures on more than one basis that year");
            });
            if let Some((r, p, y)) = picked.clone() {
                egui::Frame::group(ui.style()).show(ui, |ui| picked_cell(ui, data, cells, (&r, &p, y)));
            }
            egui::ScrollArea::both().show(ui, |ui| {
                (gap_clicked, drawn) = paint_grid(ui, data, theme, (cells, grid), picked);
            });
        });
    let mut cmds = Vec::new();
    if let Some(gap) = gap_clicked {
        cmds.push(Command::ShowRecipe(Some(gap)));
    }
    if open && !still_open {
        cmds.push(Command::ShowCoverage(false));
    }
    (cmds, drawn)
}

/// The figures and sources of the clicked cell (region, partner, year), one line per basis.
fn picked_cell(ui: &mut Ui, data: &Dataset, cells: &[CoverageCell], (r, p, y): (&str, &str, i32)) {
    ui.strong(format!(
        "{} × {} in {y}",
        words::region_name(data, r),
        partner_label(data, p)
    ));
    for c in cells
        .iter()
        .filter(|c| c.reporter.as_str() == r && c.partner == p && c.year == y)
    {
        // The published figures themselves, in USD where a rate is known.
        let values: Vec<String> = c
            .flows
            .iter()
            .map(|&f| {
                let v = data
                    .trade
                    .flow_rows(r, p, y, f, c.basis)
                    .find_map(|row| row.value_usd);
                format!("{} {}", f.as_str(), format_value(v, "USD"))
            })
            .collect();
        ui.label(format!(
            "{}: {}",
            words::basis_words(c.basis),
            values.join(", ")
        ));
        for s in &c.sources {
            let text = data.trade.source(s).map_or_else(
                || s.to_string(),
                |src| format!("[{s}] {} — {} ({})", src.publisher, src.title, src.url),
            );
            ui.label(RichText::new(text).small());
        }
    }
}

/// One painted grid of region × partner rows by year (not a widget per cell: thousands of cells
/// stay cheap). Only the rows in view are looked at. A click on a known cell picks it; a click
/// on a gap returns the gap; also returns where the grid was drawn.
fn paint_grid(
    ui: &mut Ui,
    data: &Dataset,
    theme: &Theme,
    (cells, grid): (&[CoverageCell], &CoverageGrid),
    picked: &mut Option<(String, String, i32)>,
) -> (Option<crate::state::Gap>, Option<GridDrawn>) {
    let mut gap_clicked = None;
    let cell = CELL;
    let label_w = LABEL_WIDTH;
    let first = grid.years.map_or(0, |(a, _)| a);
    let cols = grid.columns();
    let size = vec2(
        label_w + cols as f32 * cell,
        (grid.rows.len() + 1) as f32 * cell,
    );
    let (rect, resp) = ui.allocate_exact_size(size, Sense::click());
    let painter = ui.painter_at(rect);
    let font = egui::FontId::monospace(9.5);
    let text = ui.visuals().text_color();
    let pointer = resp.hover_pos();
    let mut under: Option<(&GridRow, i32, Vec<&str>)> = None;
    let mut gap_under: Option<(&GridRow, i32)> = None;
    let clip = ui.clip_rect();
    // The year header stays at the top of the visible part while rows scroll under it.
    let header_top = rect.top().max(clip.top());
    let mut quads = egui::Mesh::default();
    let mut marks = Vec::new();
    for (row, line) in visible_rows(&grid.rows, rect.top(), clip) {
        let top = rect.top() + (row + 1) as f32 * cell;
        painter.text(
            egui::pos2(rect.left(), top),
            egui::Align2::LEFT_TOP,
            row_label(data, line.reporter.as_str(), &line.partner),
            font.clone(),
            text,
        );
        for (col, range) in line.years.iter().enumerate() {
            let y = first + i32::try_from(col).unwrap_or(0);
            let left = rect.left() + label_w + col as f32 * cell;
            let c = egui::Rect::from_min_size(egui::pos2(left, top), vec2(cell - 1.0, cell - 1.0));
            let here = cells.get(range.clone()).unwrap_or_default();
            let fill = here
                .first()
                .map_or(theme.no_data, |c| basis_color(theme, c.basis));
            quads.add_colored_rect(c, fill);
            if here.len() > 1 {
                marks.push(egui::Shape::rect_stroke(
                    c,
                    0.0,
                    Stroke::new(1.5, theme.label),
                    egui::StrokeKind::Inside,
                ));
            }
            if !pointer.is_some_and(|p| c.contains(p) && p.y >= header_top + cell) {
                continue;
            }
            if here.is_empty() {
                gap_under = Some((line, y));
            } else {
                under = Some((line, y, here.iter().map(|c| basis_short(c.basis)).collect()));
            }
        }
    }
    painter.add(egui::Shape::mesh(quads));
    painter.extend(marks);
    painter.rect_filled(
        egui::Rect::from_min_size(
            egui::pos2(rect.left(), header_top),
            vec2(rect.width(), cell),
        ),
        0.0,
        ui.visuals().window_fill,
    );
    let last = grid.years.map_or(0, |(_, b)| b);
    for y in (first..=last).filter(|y| y % 5 == 0) {
        let x = rect.left() + label_w + (y - first) as f32 * cell;
        painter.text(
            egui::pos2(x, header_top),
            egui::Align2::LEFT_TOP,
            y.to_string(),
            font.clone(),
            text,
        );
    }
    if let Some((line, y)) = gap_under {
        // A gap: clicking it opens "Where to get this".
        let clicked = resp.clicked();
        let _ = resp.clone().on_hover_text(format!(
            "{} × {}, {y}: no data (click: where to get this)",
            line.reporter, line.partner
        ));
        if clicked {
            gap_clicked = Some(crate::state::Gap {
                reporter: line.reporter.clone(),
                partner: line.partner.clone(),
                year: y,
            });
        }
    }
    if let Some((line, y, bases)) = under {
        let clicked = resp.clicked();
        resp.on_hover_text(format!(
            "{}, {y}: {} (click for the figures and sources)",
            row_label(data, line.reporter.as_str(), &line.partner),
            bases.join(" + ")
        ));
        if clicked {
            *picked = Some((line.reporter.to_string(), line.partner.clone(), y));
        }
    }
    (gap_clicked, Some((rect, first)))
}

/// The rows (with their index) that fall at least partly inside `clip`, for a grid whose year
/// header row starts at `grid_top`.
fn visible_rows(
    rows: &[GridRow],
    grid_top: f32,
    clip: egui::Rect,
) -> impl Iterator<Item = (usize, &GridRow)> {
    // Row `i` spans grid_top + (i + 1)·CELL to one CELL lower.
    let from = ((clip.top() - grid_top) / CELL - 2.0).floor().max(0.0);
    let to = ((clip.bottom() - grid_top) / CELL + 1.0).ceil().max(0.0);
    // Float to index: both are non-negative and clamped to the row count.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let (from, to) = (from as usize, (to as usize).min(rows.len()));
    rows.iter()
        .enumerate()
        .skip(from)
        .take(to.saturating_sub(from))
        .filter(move |(row, _)| {
            let top = grid_top + (row + 1) as f32 * CELL;
            !(top + CELL < clip.top() || top > clip.bottom())
        })
}
