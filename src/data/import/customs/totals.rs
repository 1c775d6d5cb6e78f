//! What the checked rows of a China Customs export add up to, taken in file order: the sum and
//! the months seen per annual cell, and which rows repeat an earlier one (a duplicate's first
//! line is found by reading the file once more, only when there are duplicates).

use std::collections::hash_map::Entry;
use std::io::{Read, Seek};

use rustc_hash::FxHashMap;

use super::super::stream::{Fields, Records, StreamError};
use super::super::{ImportError, ImportReport, Issue};
use super::check::{CellKey, Checker, Good, GroupKey};
use super::summary::{EXACT_LIMIT, Rejected, Summary, stays_exact};
use super::{Input, io_error, not_text};

/// One annual value being summed.
#[derive(Default)]
pub(super) struct Cell {
    pub(super) sum: f64,
    /// Bit `m - 1` for month `m`.
    pub(super) months: u16,
    /// A yearly row was seen.
    pub(super) annual: bool,
    pub(super) rows: usize,
    /// A value that is not a whole number, or a sum past [`EXACT_LIMIT`], was added: the
    /// order of the additions now matters, so later rows are added one by one.
    inexact: bool,
}

/// What the rows add up to so far.
#[derive(Default)]
pub(super) struct Totals {
    cell_ids: FxHashMap<CellKey, u32>,
    pub(super) cells: Vec<(CellKey, Cell)>,
    /// Each (cell, commodity, trade mode)'s index in `groups`.
    seen: FxHashMap<GroupKey, u32>,
    /// The cell and the months seen (bit 0 = a yearly row) of each (cell, commodity, trade
    /// mode), so memory grows with the number of such triples, not with the number of rows.
    groups: Vec<(u32, u16)>,
    /// The last row's group and its index: a group's months usually come together, so most
    /// rows need no hash lookup (which was a third of adding up).
    last: Option<(GroupKey, u32)>,
    /// Scratch for [`Totals::add_summary`]: each part's index in `groups`, when it has one.
    known: Vec<Option<u32>>,
    /// Duplicates: (index in the report's rejected rows, group, slot); their first line is
    /// found afterwards.
    duplicates: Vec<(usize, GroupKey, u8)>,
    /// Rows with every field empty.
    pub(super) blank: usize,
}

impl Totals {
    /// Takes one non-blank row, checked: counts it, and adds it, rejects it, or rejects it as
    /// a duplicate.
    pub(super) fn add(
        &mut self,
        line: u64,
        checked: Result<Good, String>,
        report: &mut ImportReport,
    ) {
        report.rows_read += 1;
        let good = match checked {
            Ok(g) => g,
            Err(reason) => {
                report.rejected.push(Issue { line, reason });
                return;
            }
        };
        let bit = 1u16 << good.slot;
        let group = self.group(good.group());
        let (cell, months) = &mut self.groups[group as usize];
        if *months & bit != 0 {
            self.duplicates
                .push((report.rejected.len(), good.group(), good.slot));
            report.rejected.push(Issue {
                line,
                reason: String::new(),
            });
            return;
        }
        *months |= bit;
        report.accepted += 1;
        let acc = &mut self.cells[*cell as usize].1;
        acc.sum += good.value;
        acc.inexact |= !stays_exact(good.value, acc.sum);
        acc.rows += 1;
        match good.slot {
            0 => acc.annual = true,
            m => acc.months |= 1 << (m - 1),
        }
    }

    /// Takes a piece's rows added up on a worker (`line` gives a rejected row's line in the
    /// file from its index and its line in the piece), when that gives what adding them one by
    /// one gives: no row repeats one of an earlier piece, and every sum it touches stays exact
    /// in any order (see [`EXACT_LIMIT`]). `false` (nothing taken) otherwise.
    pub(super) fn add_summary(
        &mut self,
        summary: Summary,
        line: impl Fn(usize, u64) -> u64,
        report: &mut ImportReport,
    ) -> bool {
        if !summary.exact {
            return false;
        }
        let most = summary.parts.iter().map(|p| p.sum).sum::<f64>();
        // Each part's group, when known (one hash lookup per part).
        let mut known = std::mem::take(&mut self.known);
        known.clear();
        let fits = summary.parts.iter().all(|part| {
            let group = self.seen.get(&part.key).copied();
            known.push(group);
            let (repeats, cell) = match group {
                Some(g) => {
                    let (cell, slots) = self.groups[g as usize];
                    (slots & part.slots != 0, Some(cell))
                }
                None => (false, self.cell_ids.get(&part.key.0).copied()),
            };
            let cell = cell.map(|c| &self.cells[c as usize].1);
            let (inexact, sum) = cell.map_or((false, 0.0), |c| (c.inexact, c.sum));
            !repeats && !inexact && sum + most < EXACT_LIMIT
        });
        if !fits {
            self.known = known;
            return false;
        }
        report.rows_read += summary.rows_read;
        report.accepted += summary.accepted;
        for (i, (at, rejected)) in summary.rejected.into_iter().enumerate() {
            let reason = match rejected {
                Rejected::Reason(reason) => reason,
                Rejected::Duplicate(group, slot) => {
                    self.duplicates.push((report.rejected.len(), group, slot));
                    String::new()
                }
            };
            let line = line(i, at);
            report.rejected.push(Issue { line, reason });
        }
        for (part, group) in summary.parts.into_iter().zip(known.drain(..)) {
            let group = group.unwrap_or_else(|| self.group(part.key));
            let (cell, slots) = &mut self.groups[group as usize];
            *slots |= part.slots;
            let acc = &mut self.cells[*cell as usize].1;
            acc.sum += part.sum;
            acc.rows += part.rows;
            acc.annual |= part.slots & 1 != 0;
            acc.months |= part.slots >> 1;
        }
        self.known = known;
        true
    }

    /// The index in `groups` of a (cell, commodity, trade mode), added when new.
    fn group(&mut self, key: GroupKey) -> u32 {
        if let Some((last, i)) = self.last
            && last == key
        {
            return i;
        }
        let i = match self.seen.entry(key) {
            Entry::Occupied(seen) => *seen.get(),
            Entry::Vacant(new) => {
                let cells = &mut self.cells;
                let cell = *self.cell_ids.entry(key.0).or_insert_with(|| {
                    cells.push((key.0, Cell::default()));
                    u32::try_from(cells.len() - 1).unwrap_or(u32::MAX)
                });
                self.groups.push((cell, 0));
                *new.insert(u32::try_from(self.groups.len() - 1).unwrap_or(u32::MAX))
            }
        };
        self.last = Some((key, i));
        i
    }

    /// Names the first line of each duplicate's group and month in its reason, reading the
    /// file once more (only when there are duplicates).
    pub(super) fn name_duplicates<R: Read + Seek>(
        &mut self,
        checker: &mut Checker<'_, '_>,
        input: &mut Input<R>,
        report: &mut ImportReport,
    ) -> Result<(), ImportError> {
        if self.duplicates.is_empty() {
            return Ok(());
        }
        (self.seen, self.groups, self.last) = (FxHashMap::default(), Vec::new(), None);
        let firsts = first_lines(checker, &self.duplicates, input)?;
        for (i, group, slot) in &self.duplicates {
            let first = firsts.get(&(*group, *slot)).copied().unwrap_or(0);
            if let Some(issue) = report.rejected.get_mut(*i) {
                issue.reason = format!("duplicate of line {first}");
            }
        }
        Ok(())
    }
}

/// Reads the file once more to find the line of the first (accepted) row of each duplicated
/// (group, month).
fn first_lines<R: Read + Seek>(
    checker: &mut Checker<'_, '_>,
    duplicates: &[(usize, GroupKey, u8)],
    input: &mut Input<R>,
) -> Result<FxHashMap<(GroupKey, u8), u64>, ImportError> {
    let ctx = checker.ctx;
    let mut wanted: FxHashMap<(GroupKey, u8), u64> =
        duplicates.iter().map(|&(_, g, s)| ((g, s), 0)).collect();
    let mut left = wanted.len();
    input.src.rewind().map_err(|e| io_error(ctx, e))?;
    let mut rec = Records::new(
        &mut input.src,
        input.decoding,
        ctx.delimiter,
        input.chunk_bytes,
    );
    let mut header = true;
    while left > 0 {
        match rec.next_record() {
            Ok(true) => {}
            Ok(false) => break,
            Err(StreamError::Io(e)) => return Err(io_error(ctx, e)),
            Err(_) => return Err(not_text(ctx, input.decoding)),
        }
        let row = rec.record();
        if std::mem::take(&mut header) || row.is_blank() {
            continue;
        }
        let Ok(good) = checker.check(row) else {
            continue;
        };
        if let Some(first) = wanted.get_mut(&(good.group(), good.slot))
            && *first == 0
        {
            *first = row.line();
            left -= 1;
        }
    }
    Ok(wanted)
}
