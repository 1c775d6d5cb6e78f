//! Greedy label placement: labels are offered in priority order and a label is drawn only if
//! its box does not overlap one already placed, so labels never pile up.

use egui::Rect;

/// Collects the boxes of labels placed this frame.
#[derive(Debug, Default)]
pub struct LabelPlacer {
    placed: Vec<Rect>,
}

impl LabelPlacer {
    /// Reserves `rect` if it is free; returns whether the label may be drawn.
    pub fn try_place(&mut self, rect: Rect) -> bool {
        let padded = rect.expand(2.0);
        if self.placed.iter().any(|r| r.intersects(padded)) {
            return false;
        }
        self.placed.push(rect);
        true
    }

    /// Reserves `rect` unconditionally (e.g. for a point symbol).
    pub fn block(&mut self, rect: Rect) {
        self.placed.push(rect);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use egui::pos2;

    #[test]
    fn overlapping_labels_are_refused() {
        let mut p = LabelPlacer::default();
        assert!(p.try_place(Rect::from_min_max(pos2(0.0, 0.0), pos2(50.0, 12.0))));
        assert!(!p.try_place(Rect::from_min_max(pos2(40.0, 5.0), pos2(90.0, 17.0))));
        assert!(p.try_place(Rect::from_min_max(pos2(0.0, 40.0), pos2(50.0, 52.0))));
    }
}
