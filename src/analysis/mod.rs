//! Pure aggregations over the dataset (no egui).
