//! The real window in a kittest harness, one module per user story: the app on the bundled data,
//! driven by clicks and keys as a person would (no display, GPU, network or system fonts).

mod common;
mod map_click_selects;
mod map_ctrl_click_adds;
mod map_escape_clears;
mod map_opens_on_the_northeast;
mod map_search;
mod map_still_view_keeps_its_geometry;
mod story_classed_colours;
mod story_click_a_time_plot;
mod story_compare_both_bases;
mod story_compare_two_regions;
mod story_copy_the_export_command;
mod story_corrupted_state;
mod story_export_a_figure;
mod story_faults_while_working;
mod story_fill_a_gap;
mod story_first_minutes;
mod story_honest_fills;
mod story_hover_a_partner;
mod story_import_a_file;
mod story_names_in_four_languages;
mod story_pick_jilin_shows_its_series;
mod story_play_and_pause;
mod story_save_screenshot;
mod story_save_svg_and_animation;
mod story_step_the_year;
mod story_trade_per_head;
