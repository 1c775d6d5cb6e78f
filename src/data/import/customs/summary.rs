//! One piece's rows added up on its worker thread, so the thread that adds the pieces up in
//! file order takes a few thousand (cell, commodity, trade mode) sums per piece instead of
//! every row (that per-row work was a fifth of an import, on a thread competing with the
//! workers for the cores). [`super::totals::Totals::add_summary`] takes a summary only where
//! that gives what adding the rows one by one gives; otherwise the piece's rows are added one
//! by one after all.

use rustc_hash::FxHashMap;

use super::check::{Good, GroupKey};

/// Below this (2^53), sums of whole numbers are exact in an `f64`, so whole values add up to
/// the same sum in any order.
pub(super) const EXACT_LIMIT: f64 = 9_007_199_254_740_992.0;

/// Whether adding `value` to a sum that is now `sum` keeps every sum exact in any order.
pub(super) fn stays_exact(value: f64, sum: f64) -> bool {
    value.fract() == 0.0 && sum < EXACT_LIMIT
}

/// Why a row of a piece was rejected.
pub(super) enum Rejected {
    /// A check failed (the report's reason).
    Reason(String),
    /// The (cell, commodity, trade mode) and slot of an earlier row of the piece.
    Duplicate(GroupKey, u8),
}

/// The accepted rows of one (cell, commodity, trade mode) in a piece.
pub(super) struct Part {
    pub(super) key: GroupKey,
    /// Bit `slot` for each slot seen (0 = a yearly row, else the month).
    pub(super) slots: u16,
    pub(super) sum: f64,
    pub(super) rows: usize,
}

/// What one piece's rows add up to.
pub(super) struct Summary {
    index: FxHashMap<GroupKey, u32>,
    last: Option<(GroupKey, u32)>,
    pub(super) parts: Vec<Part>,
    /// (line from the piece's start, why) of each rejected row, in file order.
    pub(super) rejected: Vec<(u64, Rejected)>,
    pub(super) rows_read: usize,
    pub(super) accepted: usize,
    /// Every accepted value is a whole number and every part's sum is below [`EXACT_LIMIT`].
    pub(super) exact: bool,
}

impl Summary {
    /// An empty summary that keeps its index in `index` (cleared; a worker hands the index of
    /// one piece's summary to the next, so it is not grown again for every piece).
    pub(super) fn reusing(mut index: FxHashMap<GroupKey, u32>) -> Self {
        index.clear();
        Self {
            index,
            last: None,
            parts: Vec::new(),
            rejected: Vec::new(),
            rows_read: 0,
            accepted: 0,
            exact: true,
        }
    }

    /// Takes the index out, for the next piece's summary ([`Summary::reusing`]).
    pub(super) fn take_index(&mut self) -> FxHashMap<GroupKey, u32> {
        std::mem::take(&mut self.index)
    }

    /// Takes one non-blank row, checked: counts it, and adds it, rejects it, or rejects it as
    /// a duplicate of an earlier row of the piece.
    pub(super) fn add(&mut self, line: u64, checked: Result<Good, String>) {
        self.rows_read += 1;
        let good = match checked {
            Ok(g) => g,
            Err(reason) => {
                self.rejected.push((line, Rejected::Reason(reason)));
                return;
            }
        };
        let i = self.part(good.group());
        let part = &mut self.parts[i as usize];
        let bit = 1u16 << good.slot;
        if part.slots & bit != 0 {
            let duplicate = Rejected::Duplicate(good.group(), good.slot);
            self.rejected.push((line, duplicate));
            return;
        }
        part.slots |= bit;
        part.sum += good.value;
        part.rows += 1;
        self.accepted += 1;
        self.exact &= stays_exact(good.value, part.sum);
    }

    /// The index in `parts` of `key`, added when new (the last row's is kept: a group's
    /// months usually come together).
    fn part(&mut self, key: GroupKey) -> u32 {
        if let Some((last, i)) = self.last
            && last == key
        {
            return i;
        }
        let parts = &mut self.parts;
        let i = *self.index.entry(key).or_insert_with(|| {
            parts.push(Part {
                key,
                slots: 0,
                sum: 0.0,
                rows: 0,
            });
            u32::try_from(parts.len() - 1).unwrap_or(u32::MAX)
        });
        self.last = Some((key, i));
        i
    }
}
