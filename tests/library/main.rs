//! The library as the app and scripts use it: bundled tables and geography, importers, analysis
//! and the export pipeline, one module per subject.

mod analysis_metrics;
mod bad_geojson;
mod data_round_two;
mod data_tables;
mod export_anim;
mod export_render;
mod export_save;
mod export_svg;
mod fetch_comtrade;
mod geography;
mod geometry_cache;
mod house_rules;
mod huge_files;
mod import_comtrade;
mod import_customs;
mod import_customs_stream;
mod import_tidy;
mod import_wide;
mod region_names;
