//! Loading the user's files off the UI thread (`--data`, File → Import…, dropped files) through
//! the same importers as the command line, and taking the result in: the new data, its
//! prepared geometry, the messages and the import report.

use std::path::PathBuf;

use super::App;
use crate::data::Dataset;
use crate::data::import::ImportOptions;
use crate::loader::Loaded;
use crate::map::PreparedMap;
use crate::ui::loading::Loading;

impl App {
    /// Whether user files are still loading.
    pub fn is_loading(&self) -> bool {
        self.loading.is_some()
    }

    pub(super) fn start_loading(&mut self, ctx: &egui::Context, paths: Vec<PathBuf>) {
        self.start_loading_with(ctx, paths, ImportOptions::default());
    }

    fn start_loading_with(
        &mut self,
        ctx: &egui::Context,
        paths: Vec<PathBuf>,
        opts: ImportOptions,
    ) {
        self.loading = Some(Loading::start(
            ctx,
            self.data.geo.clone(),
            self.data.trade.clone(),
            paths,
            opts,
        ));
    }

    /// Waits for background loading to finish (tests and the headless export).
    pub fn wait_for_loading(&mut self) {
        if let Some(done) = self.loading.take().and_then(Loading::wait) {
            self.finish_loading(done);
        }
    }

    fn finish_loading(&mut self, (loaded, prepared): (Loaded, PreparedMap)) {
        if loaded.cancelled {
            // Nothing of a cancelled run is kept: the data shown stays as it was.
            self.state.messages.extend(loaded.messages);
            return;
        }
        self.data.geo = loaded.geo;
        self.data.trade = loaded.trade;
        self.prepared = prepared;
        self.state.messages.extend(loaded.messages);
        if !loaded.report.is_empty() {
            self.state.import_report = Some(loaded.report);
        }
        self.model.invalidate();
        self.source_names = super::source_names(&self.data);
        let (first, last) = year_span(&self.data);
        self.state.set_year_span(first, last);
    }

    pub(super) fn poll_loading(&mut self) {
        let done = self.loading.as_mut().and_then(Loading::poll);
        if let Some(done) = done {
            self.loading = None;
            self.finish_loading(done);
        }
    }

    /// Stops the import running in the background, if any.
    pub(super) fn cancel_import(&self) {
        if let Some(loading) = &self.loading {
            loading.cancel();
        }
    }

    /// Starts the imports asked for while nothing is loading: all queued files in one load, with
    /// the options of the last import that gave any.
    pub(super) fn start_queued_imports(&mut self, ctx: &egui::Context) {
        if self.import_queue.is_empty() || self.loading.is_some() {
            return;
        }
        let mut paths = Vec::new();
        let mut opts = ImportOptions::default();
        for (p, o) in std::mem::take(&mut self.import_queue) {
            paths.extend(p);
            if let Some(o) = o {
                opts = o;
            }
        }
        self.start_loading_with(ctx, paths, opts);
    }
}

/// The slider's years: from the first to the last year of any trade figure or event.
pub(super) fn year_span(data: &Dataset) -> (i32, i32) {
    let trade = data.trade.year_span();
    let events = data.trade.events.iter().map(|e| e.year);
    let (mut first, mut last) = trade.unwrap_or((2016, 2024));
    for y in events {
        first = first.min(y);
        last = last.max(y);
    }
    (first, last)
}
