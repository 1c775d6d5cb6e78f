//! The per-row checks of a China Customs export and the lookups they cache: year-month,
//! partner, 注册地, flow and value of one record, giving the row's keys as small integers or
//! the reason it is rejected. Each thread has its own [`Checker`] (its caches); the integer
//! ids come from one [`Ids`] shared by all, so rows checked on different threads add up
//! together.

use std::sync::{Mutex, PoisonError};

use super::super::Context;
use super::super::stream::{Fields, trim};
use crate::data::RegionId;
use crate::data::tables::Flow;
use crate::data::tables::flows::parse_value;

/// Maps keyed by short texts (codes like `01`…`99`) use std's hasher: FxHash sends such
/// keys to few buckets, and the probing then spent a third of an import in `memcmp`.
type TextMap<V> = std::collections::HashMap<String, V>;

/// (region, partner, year, flow): one annual value.
pub(super) type CellKey = (u32, u32, i32, Flow);

/// (cell, commodity, trade mode): with the month, what makes a row unique.
pub(super) type GroupKey = (CellKey, u32, u32);

/// The columns a China Customs export's rows are read from.
pub(super) struct Cols {
    pub(super) ym: usize,
    pub(super) partner_code: Option<usize>,
    pub(super) partner_name: Option<usize>,
    pub(super) region_code: Option<usize>,
    pub(super) region_name: Option<usize>,
    pub(super) commodity: Option<usize>,
    pub(super) mode: Option<usize>,
    pub(super) flow: Option<usize>,
    pub(super) value: usize,
}

/// A row that passed every check.
#[derive(Debug, Clone, Copy)]
pub(super) struct Good {
    pub(super) cell: CellKey,
    pub(super) commodity: u32,
    pub(super) mode: u32,
    /// 0 for a yearly row, else the month.
    pub(super) slot: u8,
    pub(super) value: f64,
}

impl Good {
    /// The row's (cell, commodity, trade mode).
    pub(super) fn group(&self) -> GroupKey {
        (self.cell, self.commodity, self.mode)
    }
}

/// Longest key a [`Memo`] keeps.
const MEMO_BYTES: usize = 46;

/// The last key (one or two texts) a column looked up and what it gave: rows of one partner,
/// region, commodity or trade mode usually come together, so most rows need no lookup. Kept
/// inline, not on the heap, where a cache line shared with another thread's writes made every
/// comparison a miss.
struct Memo<V> {
    key: [u8; MEMO_BYTES],
    len: usize,
    value: Option<V>,
}

impl<V: Copy> Memo<V> {
    fn get(&self, a: &str, b: &str) -> Option<V> {
        let (a, b) = (a.as_bytes(), b.as_bytes());
        let n = a.len() + 1 + b.len();
        let key = self.key.get(..n).filter(|_| n == self.len)?;
        let hit = same(&key[..a.len()], a) && key[a.len()] == 0 && same(&key[a.len() + 1..], b);
        if hit { self.value } else { None }
    }

    fn set(&mut self, a: &str, b: &str, v: V) {
        let (a, b) = (a.as_bytes(), b.as_bytes());
        let n = a.len() + 1 + b.len();
        if n > MEMO_BYTES {
            self.value = None;
            return;
        }
        self.key[..a.len()].copy_from_slice(a);
        self.key[a.len()] = 0;
        self.key[a.len() + 1..n].copy_from_slice(b);
        (self.len, self.value) = (n, Some(v));
    }
}

/// `a == b`, a word at a time: for keys this short a call to `memcmp` cost more than the
/// comparison (a sixth of an import's time).
fn same(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let (mut x, mut y) = (a.chunks_exact(8), b.chunks_exact(8));
    let word = |c: &[u8]| c.try_into().map_or(0, u64::from_ne_bytes);
    (&mut x).zip(&mut y).all(|(p, q)| word(p) == word(q))
        && x.remainder().iter().zip(y.remainder()).all(|(p, q)| p == q)
}

impl<V> Default for Memo<V> {
    fn default() -> Self {
        Self {
            key: [0; MEMO_BYTES],
            len: 0,
            value: None,
        }
    }
}

/// Small string interner, so that the per-row keys are integers.
#[derive(Default)]
pub(super) struct Interner(TextMap<u32>);

impl Interner {
    fn id(&mut self, s: &str) -> u32 {
        if let Some(&i) = self.0.get(s) {
            return i;
        }
        let i = u32::try_from(self.0.len()).unwrap_or(u32::MAX);
        self.0.insert(s.to_string(), i);
        i
    }

    /// Number of distinct texts.
    pub(super) fn len(&self) -> usize {
        self.0.len()
    }

    /// The texts by id.
    pub(super) fn names(&self) -> Vec<String> {
        let mut v = vec![String::new(); self.0.len()];
        for (s, &k) in &self.0 {
            if let Some(slot) = v.get_mut(k as usize) {
                slot.clone_from(s);
            }
        }
        v
    }
}

/// The ids every thread's [`Checker`] gives: partners (ISO3), regions (ids) and the commodity
/// and trade mode texts. Locked only when a thread meets a text it has not cached.
#[derive(Default)]
pub(super) struct Ids {
    partners: Mutex<Interner>,
    regions: Mutex<Interner>,
    texts: Mutex<Interner>,
}

impl Ids {
    fn id(which: &Mutex<Interner>, s: &str) -> u32 {
        which.lock().unwrap_or_else(PoisonError::into_inner).id(s)
    }

    /// (partners, regions, commodity and trade mode texts), once the threads are done.
    pub(super) fn into_parts(self) -> (Interner, Interner, Interner) {
        let take = |m: Mutex<Interner>| m.into_inner().unwrap_or_else(PoisonError::into_inner);
        (take(self.partners), take(self.regions), take(self.texts))
    }
}

/// The per-row checks and the lookups they cache (one per thread).
pub(super) struct Checker<'c, 'a> {
    pub(super) ctx: &'c Context<'a>,
    cols: &'c Cols,
    file_flow: Option<Flow>,
    ids: &'c Ids,
    /// Keyed by name and code (`name\0code`).
    partners: TextMap<Option<u32>>,
    /// Keyed by code and name (`code\0name`).
    regions: TextMap<Option<u32>>,
    texts: TextMap<u32>,
    partner_memo: Memo<Option<u32>>,
    region_memo: Memo<Option<u32>>,
    commodity_memo: Memo<u32>,
    mode_memo: Memo<u32>,
    key: String,
    /// The id of `CHN`, the region of a file without 注册地 columns.
    national: Option<u32>,
}

impl<'c, 'a> Checker<'c, 'a> {
    /// A checker of rows in `cols`, the flow (when no column has it) `file_flow`.
    pub(super) fn new(
        ctx: &'c Context<'a>,
        cols: &'c Cols,
        file_flow: Option<Flow>,
        ids: &'c Ids,
    ) -> Self {
        Self {
            ctx,
            cols,
            file_flow,
            ids,
            partners: TextMap::default(),
            regions: TextMap::default(),
            texts: TextMap::default(),
            partner_memo: Memo::default(),
            region_memo: Memo::default(),
            commodity_memo: Memo::default(),
            mode_memo: Memo::default(),
            key: String::new(),
            national: None,
        }
    }

    fn partner(&mut self, pname: &str, pcode: &str) -> Option<u32> {
        let (ctx, ids) = (self.ctx, self.ids);
        let memo = (&mut self.partner_memo, &mut self.partners, &mut self.key);
        cached(memo, pname, pcode, || {
            // The name first, then the code (ISO3 codes resolve; customs' numeric codes do not).
            [pname, pcode]
                .iter()
                .filter(|s| !s.is_empty())
                .find_map(|s| ctx.trade.partners.resolve(s))
                .map(|iso| Ids::id(&ids.partners, iso))
        })
    }

    fn region(&mut self, rcode: &str, rname: &str) -> Option<u32> {
        let (ctx, ids) = (self.ctx, self.ids);
        let memo = (&mut self.region_memo, &mut self.regions, &mut self.key);
        cached(memo, rcode, rname, || {
            resolve_region(ctx, rcode, rname).map(|r| Ids::id(&ids.regions, r.as_str()))
        })
    }

    fn text(&mut self, s: &str, commodity: bool) -> u32 {
        let memo = if commodity {
            &mut self.commodity_memo
        } else {
            &mut self.mode_memo
        };
        if let Some(i) = memo.get(s, "") {
            return i;
        }
        let i = match self.texts.get(s) {
            Some(&i) => i,
            None => {
                let i = Ids::id(&self.ids.texts, s);
                self.texts.insert(s.to_string(), i);
                i
            }
        };
        memo.set(s, "", i);
        i
    }

    /// Checks one record; `Err` is the reason it is rejected (the messages of the import
    /// report).
    pub(super) fn check(&mut self, rec: &impl Fields) -> Result<Good, String> {
        let get = |i: Option<usize>| i.map_or("", |i| trim(rec.field(i)));
        let (year, month) = parse_year_month(get(Some(self.cols.ym)))?;
        let (pname, pcode) = (get(self.cols.partner_name), get(self.cols.partner_code));
        let Some(partner) = self.partner(pname, pcode) else {
            return Err(format!(
                "unknown partner \"{pname}\" (code \"{pcode}\"): not a name or alias in data/partners.csv"
            ));
        };
        let region = if self.cols.region_code.is_none() && self.cols.region_name.is_none() {
            let ids = self.ids;
            *self
                .national
                .get_or_insert_with(|| Ids::id(&ids.regions, "CHN"))
        } else {
            let (rcode, rname) = (get(self.cols.region_code), get(self.cols.region_name));
            self.region(rcode, rname).ok_or_else(|| {
                format!("注册地 \"{rname}\" (code \"{rcode}\") does not match a region on the map")
            })?
        };
        let flow = match (self.file_flow, self.cols.flow) {
            (_, Some(i)) => flow_from_cell(get(Some(i))).ok_or_else(|| {
                format!("进出口 \"{}\" is not 出口, 进口 or 进出口", get(Some(i)))
            })?,
            (Some(f), None) => f,
            (None, None) => return Err("no flow".into()),
        };
        let value = parse_value_bytes(get(Some(self.cols.value)))?;
        let commodity = self.text(get(self.cols.commodity), true);
        let mode = self.text(get(self.cols.mode), false);
        Ok(Good {
            cell: (region, partner, year, flow),
            commodity,
            mode,
            slot: month.unwrap_or(0),
            value,
        })
    }
}

/// What the memo or else the cache (keyed in the buffer) keep for (`a`, `b`); else `resolve`d
/// and kept in both.
fn cached(
    (memo, cache, buf): (
        &mut Memo<Option<u32>>,
        &mut TextMap<Option<u32>>,
        &mut String,
    ),
    a: &str,
    b: &str,
    resolve: impl FnOnce() -> Option<u32>,
) -> Option<u32> {
    if let Some(v) = memo.get(a, b) {
        return v;
    }
    let key = pair_key(buf, a, b);
    let v = match cache.get(key) {
        Some(&v) => v,
        None => {
            let v = resolve();
            cache.insert(key.to_string(), v);
            v
        }
    };
    memo.set(a, b, v);
    v
}

/// `a` and `b` as one cache key, in `buf`.
fn pair_key<'k>(buf: &'k mut String, a: &str, b: &str) -> &'k str {
    buf.clear();
    buf.push_str(a);
    buf.push('\0');
    buf.push_str(b);
    buf
}

fn flow_from_cell(s: &str) -> Option<Flow> {
    match s.trim() {
        "进出口" | "进出口总额" => Some(Flow::Total),
        "出口" => Some(Flow::Export),
        "进口" => Some(Flow::Import),
        other => Flow::parse(other),
    }
}

/// `202301` → (2023, Some(1)); `2023` → (2023, None); also `2023-01`, `2023/1`, `2023年1月`.
pub(super) fn parse_year_month(s: &str) -> Result<(i32, Option<u8>), String> {
    let t = trim(s);
    let b = t.as_bytes();
    // The common shapes, `YYYYMM` and `YYYY`, without allocating; anything else (and every
    // error) takes the general path below.
    if (b.len() == 6 || b.len() == 4) && b.iter().all(u8::is_ascii_digit) {
        let num = |d: &[u8]| d.iter().fold(0i32, |n, &c| n * 10 + i32::from(c - b'0'));
        let year = num(&b[..4]);
        let month = (b.len() == 6).then(|| num(&b[4..]));
        if (1900..=2100).contains(&year) {
            match month {
                None => return Ok((year, None)),
                Some(m @ 1..=12) => return Ok((year, u8::try_from(m).ok())),
                Some(_) => {}
            }
        }
    }
    parse_year_month_general(t)
}

fn parse_year_month_general(t: &str) -> Result<(i32, Option<u8>), String> {
    let digits: String = t.chars().filter(char::is_ascii_digit).collect();
    let separated = t.contains(['-', '/', '年', '.']);
    let (y, m) = match (digits.len(), separated) {
        (4, _) => (&digits[..], None),
        (6, _) | (5, true) => (&digits[..4], Some(&digits[4..])),
        _ => return Err(format!("数据年月 \"{t}\" is not a year-month (YYYYMM)")),
    };
    let year: i32 = y
        .parse()
        .map_err(|_| format!("数据年月 \"{t}\" is not a year-month"))?;
    if !(1900..=2100).contains(&year) {
        return Err(format!("数据年月 \"{t}\": year out of range"));
    }
    let month = match m {
        None => None,
        Some(m) => match m.parse::<u8>() {
            Ok(v @ 1..=12) => Some(v),
            _ => return Err(format!("数据年月 \"{t}\": month is not 1-12")),
        },
    };
    Ok((year, month))
}

/// A 注册地 code as a 6-digit GB/T 2260 code: `22` → `220000`, `2224` → `222400`.
pub(super) fn region_code6(code: &str) -> Option<String> {
    let c = code.trim();
    if !c.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    match c.len() {
        2 => Some(format!("{c}0000")),
        4 => Some(format!("{c}00")),
        6 => Some(c.to_string()),
        _ => None,
    }
}

/// A 注册地 by code (`22`, `2224`, `220000`) or, failing that, by name (`吉林省`, `延边朝鲜族自治州`).
fn resolve_region(ctx: &Context<'_>, code: &str, name: &str) -> Option<RegionId> {
    let by_code = region_code6(code).and_then(|c| {
        ctx.geo
            .resolve_region(&c)
            .or_else(|| ctx.geo.resolve_region(&format!("CN-{c}")))
            .map(|r| r.id.clone())
    });
    by_code.or_else(|| {
        (!name.is_empty())
            .then(|| ctx.geo.resolve_region(name).map(|r| r.id.clone()))
            .flatten()
    })
}

/// [`parse_value`] without allocating for the common shapes (`12345`, `"1,234,567"`,
/// `1234.5`): digits with thousands commas and at most one decimal point, 15 significant
/// digits or fewer, are exact in an `f64`, and one division by an exact power of ten rounds
/// correctly, so the result equals `str::parse`. Anything else goes through [`parse_value`].
pub(super) fn parse_value_bytes(text: &str) -> Result<f64, String> {
    const POW10: [f64; 16] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
    ];
    let mut mantissa: u64 = 0;
    let (mut digits, mut frac) = (0usize, None::<usize>);
    for &b in text.as_bytes() {
        match b {
            b'0'..=b'9' => {
                mantissa = mantissa * 10 + u64::from(b - b'0');
                digits += 1;
                if let Some(f) = frac.as_mut() {
                    *f += 1;
                }
                if digits > 15 {
                    return parse_value(text);
                }
            }
            b',' => {}
            b'.' if frac.is_none() => frac = Some(0),
            _ => return parse_value(text),
        }
    }
    if digits == 0 {
        return parse_value(text);
    }
    // At most 15 digits: exact as an f64.
    let m = mantissa as f64;
    Ok(m / POW10[frac.unwrap_or(0)])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn year_months_parse() {
        assert_eq!(parse_year_month("202301"), Ok((2023, Some(1))));
        assert_eq!(parse_year_month("2023"), Ok((2023, None)));
        assert_eq!(parse_year_month("2023-1"), Ok((2023, Some(1))));
        assert_eq!(parse_year_month("2023年12月"), Ok((2023, Some(12))));
        assert!(parse_year_month("202313").is_err());
        assert!(parse_year_month("23").is_err());
    }

    #[test]
    fn region_codes_widen_to_six_digits() {
        assert_eq!(region_code6("22").as_deref(), Some("220000"));
        assert_eq!(region_code6("2224").as_deref(), Some("222400"));
        assert_eq!(region_code6("220000").as_deref(), Some("220000"));
        assert_eq!(region_code6("22249"), None);
    }
}
