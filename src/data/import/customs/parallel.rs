//! Checking a China Customs export on several threads: a reader thread cuts the raw file into
//! pieces ([`Splitter`]), worker threads decode, check and add up each piece's records
//! ([`Summary`]), and the calling thread adds the pieces up in file order (checking a piece
//! again row by row where its sums alone would not be exact), so the sums, the duplicates and
//! every line number are those of reading the file in one stream. Memory stays bounded: a
//! few pieces are in flight at most. A piece that does not decode, or does not end where a
//! record ends (a stray quote fooled the cut), stops it all: the caller then reads the file in
//! one stream, which gives the exact rows or error.

use std::collections::BTreeMap;
use std::io::Read;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::sync::{Arc, Mutex, PoisonError};

use super::super::stream::{
    Decoding, Fields, Piece, PieceRecords, SplitError, Splitter, piece_text,
};
use super::super::{Context, ImportReport};
use super::check::{Checker, Cols, Good, Ids};
use super::summary::Summary;
use super::totals::Totals;
use crate::data::tables::Flow;

/// What the threads need to check rows.
pub(super) struct Job<'c, 'a> {
    pub(super) ctx: &'c Context<'a>,
    pub(super) cols: &'c Cols,
    pub(super) file_flow: Option<Flow>,
    pub(super) ids: &'c Ids,
    pub(super) decoding: Decoding,
    /// Bytes per piece.
    pub(super) piece_bytes: usize,
}

/// Why the threads stopped before the end.
pub(super) enum Stop {
    /// The file could not be read.
    Io(std::io::Error),
    /// Read the file in one stream instead (see the module docs).
    OneStream,
}

/// What the records of one piece gave.
struct PieceOut {
    /// The non-blank records, added up on the worker.
    summary: Summary,
    /// The piece, kept to be checked again row by row when the summary cannot be taken as it
    /// is ([`Totals::add_summary`]).
    piece: Piece,
    /// How the piece's records lie in it.
    shape: Shape,
}

/// How a piece's records lie in it.
#[derive(Default)]
struct Shape {
    /// Whether the first row listed (rejected, in a summary; checked, row by row) is the
    /// piece's first record (whose line the piece before shifts).
    first_kept: bool,
    /// Records with every field empty.
    blank: usize,
    /// Whether the piece holds any record.
    any_record: bool,
    /// Every `\n` in the piece, and those after its last record.
    newlines: u64,
    trailing: u64,
}

/// Whether imports leave one core to the drawing thread (set once by the window).
static LEAVE_A_CORE: AtomicBool = AtomicBool::new(false);

/// Makes every later import in this process check rows on one thread fewer than there are
/// cores (at least one), so a window importing in the background keeps a core for drawing:
/// measured on 2 cores, a 10M-row import took the median frame from 48 to 25 ms (BENCHMARKS.md).
pub fn leave_a_core_for_drawing() {
    LEAVE_A_CORE.store(true, Ordering::Relaxed);
}

/// How many worker threads check rows.
fn worker_count() -> usize {
    let cores = std::thread::available_parallelism().map_or(2, std::num::NonZero::get);
    if LEAVE_A_CORE.load(Ordering::Relaxed) {
        cores.saturating_sub(1).max(1)
    } else {
        cores
    }
}

/// Checks every data row of `src` (whose first record is the header) into `totals` and
/// `report`, in file order.
pub(super) fn check_rows<R: Read + Send>(
    job: &Job<'_, '_>,
    src: R,
    totals: &mut Totals,
    report: &mut ImportReport,
) -> Result<(), Stop> {
    let bom = job.decoding == (Decoding::Utf8 { bom: true });
    let workers = worker_count();
    std::thread::scope(|scope| {
        let (piece_tx, piece_rx) = sync_channel(workers);
        let piece_rx = Arc::new(Mutex::new(piece_rx));
        let (out_tx, out_rx) = sync_channel(workers * 2);
        let reader = scope.spawn(move || split(src, bom, job.piece_bytes, &piece_tx));
        for _ in 0..workers {
            let (rx, tx) = (Arc::clone(&piece_rx), out_tx.clone());
            scope.spawn(move || work(job, &rx, &tx));
        }
        drop((out_tx, piece_rx));
        let merged = merge(job, out_rx, totals, report);
        match reader.join() {
            Ok(Ok(())) => merged,
            Ok(Err(stop)) => Err(stop),
            Err(_) => Err(Stop::OneStream),
        }
    })
}

/// The reader thread: cuts `src` into numbered pieces until the end of the file, a failure,
/// or the workers hanging up.
fn split<R: Read>(
    src: R,
    bom: bool,
    piece_bytes: usize,
    tx: &SyncSender<(usize, Piece)>,
) -> Result<(), Stop> {
    let mut splitter = Splitter::new(src, bom, piece_bytes);
    let mut seq = 0;
    loop {
        match splitter.next_piece() {
            Ok(Some(piece)) => {
                if tx.send((seq, piece)).is_err() {
                    return Ok(());
                }
                seq += 1;
            }
            Ok(None) => return Ok(()),
            Err(SplitError::Io(e)) => return Err(Stop::Io(e)),
            Err(SplitError::NoCut) => return Err(Stop::OneStream),
        }
    }
}

/// A worker thread: checks and adds up pieces until there are no more or the merge hangs up.
fn work(
    job: &Job<'_, '_>,
    rx: &Mutex<Receiver<(usize, Piece)>>,
    tx: &SyncSender<(usize, Result<PieceOut, Stop>)>,
) {
    let mut checker = Checker::new(job.ctx, job.cols, job.file_flow, job.ids);
    let mut scratch = String::new();
    let mut index = rustc_hash::FxHashMap::default();
    loop {
        let next = rx.lock().unwrap_or_else(PoisonError::into_inner).recv();
        let Ok((seq, piece)) = next else {
            return;
        };
        let mut summary = Summary::reusing(index);
        let shape = check_piece(
            job,
            &mut checker,
            &piece,
            seq == 0,
            &mut scratch,
            |line, row| {
                summary.add(line, row);
                summary.rejected.len() == 1
                    && matches!(summary.rejected.last(), Some((l, _)) if *l == line)
            },
        );
        index = summary.take_index();
        let out = shape.map(|shape| PieceOut {
            summary,
            piece,
            shape,
        });
        if tx.send((seq, out)).is_err() {
            return;
        }
    }
}

/// Decodes and checks one piece (the file's first holds the header, skipped), handing each
/// non-blank record's (line from the piece's start, checked row) to `take`, which says
/// whether it listed the row first.
fn check_piece(
    job: &Job<'_, '_>,
    checker: &mut Checker<'_, '_>,
    piece: &Piece,
    has_header: bool,
    scratch: &mut String,
    mut take: impl FnMut(u64, Result<Good, String>) -> bool,
) -> Result<Shape, Stop> {
    let text = piece_text(&piece.bytes, job.decoding, scratch).ok_or(Stop::OneStream)?;
    let mut records = PieceRecords::new(text, piece.last, job.ctx.delimiter);
    let mut shape = Shape::default();
    while records.next_record().map_err(|_| Stop::OneStream)? {
        let first = !std::mem::replace(&mut shape.any_record, true);
        let rec = records.record();
        if first && has_header {
            continue;
        }
        if rec.is_blank() {
            shape.blank += 1;
            continue;
        }
        let listed_first = take(rec.line(), checker.check(&rec));
        shape.first_kept |= first && listed_first;
    }
    shape.newlines = records.newlines();
    shape.trailing = records.trailing();
    Ok(shape)
}

/// Adds the pieces' rows up in file order, giving each its line in the file: a single stream
/// counts the `\n` after a piece's last record in the line of the record after the next
/// piece's first, and the piece's earlier `\n` in that first record's line. A summary that
/// cannot be taken as it is has its piece checked again here, row by row.
fn merge(
    job: &Job<'_, '_>,
    rx: Receiver<(usize, Result<PieceOut, Stop>)>,
    totals: &mut Totals,
    report: &mut ImportReport,
) -> Result<(), Stop> {
    let mut pending = BTreeMap::new();
    let (mut next, mut before, mut carry) = (0usize, 0u64, 0u64);
    let mut again: Option<(Checker<'_, '_>, String)> = None;
    for (seq, out) in rx {
        pending.insert(seq, out?);
        while let Some(PieceOut {
            summary,
            piece,
            shape,
        }) = pending.remove(&next)
        {
            let line = |first_kept: bool| {
                move |i: usize, line: u64| {
                    if i == 0 && first_kept {
                        1 + before.saturating_sub(carry)
                    } else {
                        1 + before + line
                    }
                }
            };
            let (rows, first_kept) = if totals.add_summary(summary, line(shape.first_kept), report)
            {
                (Vec::new(), false)
            } else {
                let (checker, scratch) = again.get_or_insert_with(|| {
                    let checker = Checker::new(job.ctx, job.cols, job.file_flow, job.ids);
                    (checker, String::new())
                });
                let mut rows = Vec::new();
                let each = check_piece(job, checker, &piece, next == 0, scratch, |l, r| {
                    rows.push((l, r));
                    rows.len() == 1
                })?;
                (rows, each.first_kept)
            };
            let line = line(first_kept);
            for (i, (at, checked)) in rows.into_iter().enumerate() {
                totals.add(line(i, at), checked, report);
            }
            next += 1;
            totals.blank += shape.blank;
            carry = if shape.any_record {
                shape.trailing
            } else {
                carry + shape.newlines
            };
            before += shape.newlines;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::super::super::stream::Records;
    use super::*;
    use crate::data::Dataset;
    use crate::data::import::ImportOptions;

    /// CRLF rows of three partners over twelve months, every other commodity quoted with a
    /// comma and a newline in it, a blank row, a duplicate and an unknown partner.
    fn messy() -> String {
        let mut t = String::from("数据年月,贸易伙伴名称,注册地名称,商品编码,美元\r\n");
        for m in 1..=12 {
            for (i, p) in ["日本", "韩国", "俄罗斯"].iter().enumerate() {
                let c = if (m + i) % 2 == 0 {
                    "01"
                } else {
                    "\"01 活动物, 其他\r\n及产品\""
                };
                t.push_str(&format!("2030{m:02},{p},吉林省,{c},\"1,{m:03}\"\r\n"));
            }
        }
        t.push_str(",,,,\r\n203004,日本,吉林省,01,\"1,004\"\r\n203004,亚特兰蒂斯,吉林省,01,5\r\n");
        t
    }

    type Summary = (usize, usize, Vec<(u64, String)>, usize, Vec<String>);

    fn summary(totals: &Totals, ids: Ids, report: &ImportReport) -> Summary {
        let (partners, regions, _) = ids.into_parts();
        let (partners, regions) = (partners.names(), regions.names());
        let mut cells: Vec<String> = (totals.cells.iter())
            .map(|((r, p, y, f), c)| {
                let (r, p) = (&regions[*r as usize], &partners[*p as usize]);
                format!("{r} {p} {y} {f} {} {:x} {}", c.sum, c.months, c.rows)
            })
            .collect();
        cells.sort();
        let rejected = report.rejected.iter().map(|i| (i.line, i.reason.clone()));
        (
            report.rows_read,
            report.accepted,
            rejected.collect(),
            totals.blank,
            cells,
        )
    }

    /// Checks `text` (in UTF-8 and GBK) on the threads at every piece size, and in one
    /// stream; asserts they agree and returns the one stream's (rows read, accepted, rejected).
    fn threads_and_one_stream(text: &str) -> (usize, usize, usize) {
        let data = Dataset::bundled().unwrap_or_else(|e| panic!("bundled data: {e}"));
        let (gbk, _, bad) = encoding_rs::GBK.encode(text);
        assert!(!bad);
        let opts = ImportOptions::default();
        let path = Path::new("吉林_出口_2030.csv");
        let ctx = super::super::super::context(path, "", b',', &data.geo, &data.trade, &opts);
        let cols = Cols {
            ym: 0,
            partner_code: None,
            partner_name: Some(1),
            region_code: None,
            region_name: Some(2),
            commodity: Some(3),
            mode: None,
            flow: None,
            value: 4,
        };
        let flow = Some(Flow::Export);
        let utf8 = Decoding::Utf8 { bom: false };
        let gb = Decoding::Decoded(encoding_rs::GB18030);
        let mut counts = (0, 0, 0);
        for (bytes, decoding) in [(text.as_bytes(), utf8), (&gbk[..], gb)] {
            // One stream.
            let (ids, mut totals) = (Ids::default(), Totals::default());
            let mut report = ImportReport::new(path, crate::data::import::Format::ChinaCustoms, "");
            let mut checker = Checker::new(&ctx, &cols, flow, &ids);
            let mut rec = Records::new(bytes, decoding, b',', 1 << 20);
            let mut header = true;
            while rec.next_record().unwrap_or(false) {
                let row = rec.record();
                if std::mem::take(&mut header) {
                } else if row.is_blank() {
                    totals.blank += 1;
                } else {
                    totals.add(row.line(), checker.check(row), &mut report);
                }
            }
            drop(checker);
            let want = summary(&totals, ids, &report);
            counts = (want.0, want.1, want.2.len());
            for size in 1..=bytes.len() + 1 {
                let ids = Ids::default();
                let (mut totals, mut report) = (Totals::default(), report.clone());
                (report.rows_read, report.accepted) = (0, 0);
                report.rejected.clear();
                let job = Job {
                    ctx: &ctx,
                    cols: &cols,
                    file_flow: flow,
                    ids: &ids,
                    decoding,
                    piece_bytes: size,
                };
                let done = check_rows(&job, bytes, &mut totals, &mut report);
                assert!(done.is_ok(), "the threads gave up at piece size {size}");
                let got = summary(&totals, ids, &report);
                assert_eq!(got, want, "{decoding:?}, piece size {size}");
            }
        }
        counts
    }

    #[test]
    fn threads_give_what_one_stream_gives_at_every_piece_size_in_utf8_and_gbk() {
        assert_eq!(threads_and_one_stream(&messy()), (38, 36, 2));
    }

    #[test]
    fn sums_whose_rounding_depends_on_their_order_are_added_in_file_order() {
        // Tenths round differently in another order, and past 2^53 adding 1 is lost one by
        // one but not when the ones are added up first.
        let mut text = String::from("数据年月,贸易伙伴名称,注册地名称,商品编码,美元\n");
        let values = [
            "0.1",
            "0.2",
            "0.3",
            "9007199254740992",
            "1",
            "1",
            "1",
            "0.7",
        ];
        for (c, v) in values.iter().enumerate() {
            for m in 1..=12 {
                text.push_str(&format!("2030{m:02},日本,吉林省,{c:02},{v}\n"));
                text.push_str(&format!("2030{m:02},韩国,吉林省,{c:02},{}\n", 1 + c));
            }
        }
        assert_eq!(threads_and_one_stream(&text), (192, 192, 0));
    }
}
