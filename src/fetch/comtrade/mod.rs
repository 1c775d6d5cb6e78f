//! The UN Comtrade API client: annual totals (all commodities, exports and imports) for some
//! reporters, partners and years, written as a tidy flows CSV.
//!
//! - Endpoints: without a key the public preview (`public/v1/preview/C/A/HS`, at most
//!   [`PREVIEW_LIMIT`] rows an answer); with a subscription key (sent in the
//!   `Ocp-Apim-Subscription-Key` header, read from an environment variable by the caller, never
//!   written or logged) the data endpoint (`data/v1/get/C/A/HS`). `endpoint` overrides both
//!   (a mirror, or a test server).
//! - Requests are split so each answer stays under the limit: one reporter and as many years as
//!   fit per request; an answer that reaches the limit may be cut short, so it is split again
//!   (years, then flows) and asked again; a single reporter-year-flow that still reaches the
//!   limit is an error.
//! - Only totals are kept: `customsCode` `C00`, `motCode` 0, `partner2Code` 0, `cmdCode`
//!   `TOTAL`, `freqCode` `A`, `flowCode` `X`/`M`. Breakdown rows are counted and dropped, never
//!   added up. Area codes (UN M49 as Comtrade uses them) become ISO3 through [`M49`].
//! - Between two network requests at least [`Options::min_interval`] passes; a 429 waits for its
//!   `Retry-After` and tries again (at most [`Options::max_retries`] times). Cancelling stops
//!   between requests and during waits.
//! - Answers are cached (one JSON file per request URL, key left out) only after they parsed
//!   without error, written atomically, so a failed answer never replaces a good one.
//!
//! JSON field names (`data`, `error`, `count`, `refYear`, `reporterCode`, `partnerCode`,
//! `partner2Code`, `flowCode`, `customsCode`, `motCode`, `cmdCode`, `freqCode`,
//! `primaryValue`) as listed in docs/GET-DATA.md with where they were confirmed.

use std::collections::BTreeMap;
use std::fmt;
use std::ops::RangeInclusive;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use serde_json::Value;

use super::m49::M49;

mod answer;
mod error;
use crate::data::tables::Flow;
use answer::{parse_answer, take};
pub use answer::{tidy_csv, today_utc};
pub use error::FetchError;

/// The public preview endpoint (no key).
pub const PREVIEW_ENDPOINT: &str = "https://comtradeapi.un.org/public/v1/preview/C/A/HS";
/// The data endpoint (subscription key).
pub const DATA_ENDPOINT: &str = "https://comtradeapi.un.org/data/v1/get/C/A/HS";
/// Most rows the preview endpoint returns in one answer.
pub const PREVIEW_LIMIT: usize = 500;
/// Rows asked of the data endpoint in one answer (`maxRecords`).
pub const DATA_LIMIT: usize = 100_000;
/// The header that carries the subscription key.
pub const KEY_HEADER: &str = "Ocp-Apim-Subscription-Key";
/// The id of the `data/sources.csv` row fetched rows cite.
pub const SOURCE_ID: &str = "un-comtrade-api";
/// Partners assumed per reporter-year when the request names none (for splitting).
const ALL_PARTNERS_GUESS: usize = 240;

/// What to fetch.
#[derive(Clone)]
pub struct FetchRequest {
    /// Reporters, ISO3.
    pub reporters: Vec<String>,
    /// Partners, ISO3 (or `WLD`); empty = every partner.
    pub partners: Vec<String>,
    /// Years.
    pub years: RangeInclusive<i32>,
    /// Endpoint URL instead of the preview or data endpoint.
    pub endpoint: Option<String>,
    /// Subscription key (from an environment variable); never printed.
    pub key: Option<String>,
}

impl Default for FetchRequest {
    fn default() -> Self {
        Self {
            reporters: Vec::new(),
            partners: Vec::new(),
            years: 2020..=2020,
            endpoint: None,
            key: None,
        }
    }
}

impl fmt::Debug for FetchRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FetchRequest")
            .field("reporters", &self.reporters)
            .field("partners", &self.partners)
            .field("years", &self.years)
            .field("endpoint", &self.endpoint)
            .field("key", &self.key.as_ref().map(|_| "<set>"))
            .finish()
    }
}

impl FetchRequest {
    /// The endpoint used: `endpoint`, else the data endpoint with a key, else the preview.
    pub fn endpoint(&self) -> &str {
        self.endpoint.as_deref().unwrap_or(if self.key.is_some() {
            DATA_ENDPOINT
        } else {
            PREVIEW_ENDPOINT
        })
    }

    /// Rows one answer may hold.
    pub fn limit(&self) -> usize {
        if self.key.is_some() {
            DATA_LIMIT
        } else {
            PREVIEW_LIMIT
        }
    }
}

/// How the client behaves.
#[derive(Debug, Clone)]
pub struct Options {
    /// Least time between two network requests.
    pub min_interval: Duration,
    /// Tries after a 429 before giving up.
    pub max_retries: u32,
    /// Longest `Retry-After` honoured.
    pub max_wait: Duration,
    /// Where answers are cached (`None`: no cache).
    pub cache_dir: Option<PathBuf>,
    /// Time out of one request.
    pub timeout: Duration,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            min_interval: Duration::from_millis(1500),
            max_retries: 3,
            max_wait: Duration::from_secs(300),
            cache_dir: default_cache_dir(),
            timeout: Duration::from_secs(90),
        }
    }
}

/// `$XDG_CACHE_HOME/tumen-atlas/comtrade`, else `~/.cache/tumen-atlas/comtrade`.
pub fn default_cache_dir() -> Option<PathBuf> {
    let base = std::env::var_os("XDG_CACHE_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))?;
    Some(base.join("tumen-atlas").join("comtrade"))
}

/// Progress of a fetch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Progress {
    /// Requests answered.
    pub done: usize,
    /// Requests planned so far (grows when an answer must be split).
    pub total: usize,
    /// What is happening.
    pub message: String,
}

/// One annual total.
#[derive(Debug, Clone, PartialEq)]
pub struct TotalRow {
    /// Reporter ISO3.
    pub reporter: String,
    /// Partner ISO3 or `WLD`.
    pub partner: String,
    /// Year.
    pub year: i32,
    /// Export or import.
    pub flow: Flow,
    /// Value in USD (`primaryValue`).
    pub value_usd: f64,
    /// The request that returned it (key left out).
    pub request: String,
}

/// What a fetch produced.
#[derive(Debug, Clone, Default)]
pub struct Fetched {
    /// The totals, sorted.
    pub rows: Vec<TotalRow>,
    /// Every request made or read from the cache (key left out).
    pub requests: Vec<String>,
    /// Answers read from the cache.
    pub from_cache: usize,
    /// Breakdown rows dropped (customs procedure, transport mode, second partner …).
    pub breakdown_rows: usize,
    /// Other rows dropped, with the reason.
    pub skipped: Vec<String>,
}

/// A request to plan: one reporter, some years, some flows.
#[derive(Debug, Clone)]
struct Chunk {
    reporter: u32,
    years: Vec<i32>,
    flows: Vec<&'static str>,
}

fn url_of(req: &FetchRequest, partners: &str, c: &Chunk) -> String {
    let years: Vec<String> = c.years.iter().map(ToString::to_string).collect();
    let mut url = format!(
        "{}?reporterCode={}&period={}",
        req.endpoint(),
        c.reporter,
        years.join(",")
    );
    if !partners.is_empty() {
        url.push_str("&partnerCode=");
        url.push_str(partners);
    }
    url.push_str(&format!(
        "&partner2Code=0&cmdCode=TOTAL&flowCode={}&customsCode=C00&motCode=0&maxRecords={}&includeDesc=false",
        c.flows.join(","),
        req.limit()
    ));
    url
}

/// 64-bit FNV-1a: a cache file name that is the same in every build.
fn fnv1a(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

fn cache_path(dir: &Path, url: &str) -> PathBuf {
    dir.join(format!("{:016x}.json", fnv1a(url)))
}

/// Sleeps `d` in small steps; `Err(Cancelled)` as soon as `cancel` is set.
fn wait(d: Duration, cancel: &AtomicBool) -> Result<(), FetchError> {
    let end = Instant::now() + d;
    loop {
        if cancel.load(Ordering::Relaxed) {
            return Err(FetchError::Cancelled);
        }
        let now = Instant::now();
        if now >= end {
            return Ok(());
        }
        std::thread::sleep((end - now).min(Duration::from_millis(50)));
    }
}

/// The requests a fetch starts with: the partners' M49 codes joined for the URL, and the
/// chunks (reporter × years × both flows) sized so an answer should fit under the limit, in
/// the order they are popped.
fn plan(req: &FetchRequest, codes: &M49) -> Result<(String, Vec<Chunk>), FetchError> {
    let code_of = |iso: &str, what: &str| {
        codes.code(iso).ok_or_else(|| {
            FetchError::BadRequest(format!(
                "{what} \"{iso}\" has no UN M49 code in data/m49.csv"
            ))
        })
    };
    if req.reporters.is_empty() {
        return Err(FetchError::BadRequest("no reporter given".into()));
    }
    let reporters = req
        .reporters
        .iter()
        .map(|r| code_of(r, "reporter"))
        .collect::<Result<Vec<u32>, _>>()?;
    let partner_codes = req
        .partners
        .iter()
        .map(|p| code_of(p, "partner"))
        .collect::<Result<Vec<u32>, _>>()?;
    let partners = partner_codes
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(",");
    let per_year = 2 * if partner_codes.is_empty() {
        ALL_PARTNERS_GUESS
    } else {
        partner_codes.len()
    };
    let years_per_chunk = (req.limit() / per_year.max(1)).max(1);
    let years: Vec<i32> = req.years.clone().collect();
    let mut queue: Vec<Chunk> = Vec::new();
    for &r in &reporters {
        for ys in years.chunks(years_per_chunk) {
            queue.push(Chunk {
                reporter: r,
                years: ys.to_vec(),
                flows: vec!["X", "M"],
            });
        }
    }
    queue.reverse();
    Ok((partners, queue))
}

/// Fetches the totals. `progress` is called after each answer; `cancel` stops the fetch.
///
/// # Errors
/// A [`FetchError`] naming the request that failed; nothing is returned half-done.
pub fn fetch(
    req: &FetchRequest,
    opts: &Options,
    cancel: &Arc<AtomicBool>,
    progress: &mut dyn FnMut(Progress),
) -> Result<Fetched, FetchError> {
    let codes = M49::bundled();
    let (partners, mut queue) = plan(req, &codes)?;
    let limit = req.limit();
    let client = reqwest::blocking::Client::builder()
        .timeout(opts.timeout)
        .user_agent(concat!("tumen-atlas/", env!("CARGO_PKG_VERSION")))
        .build()
        .map_err(|e| FetchError::Network {
            request: req.endpoint().to_string(),
            message: e.to_string(),
        })?;
    let mut out = Fetched::default();
    let mut totals: BTreeMap<(String, String, i32, Flow), TotalRow> = BTreeMap::new();
    let mut last_call: Option<Instant> = None;
    let mut total_planned = queue.len();
    let mut done = 0usize;
    while let Some(chunk) = queue.pop() {
        if cancel.load(Ordering::Relaxed) {
            return Err(FetchError::Cancelled);
        }
        let url = url_of(req, &partners, &chunk);
        let cached = opts
            .cache_dir
            .as_ref()
            .map(|d| cache_path(d, &url))
            .and_then(|p| std::fs::read_to_string(p).ok())
            .and_then(|body| parse_answer(&url, &body).ok().map(|a| (body, a)));
        let (body, answer) = if let Some(hit) = cached {
            out.from_cache += 1;
            hit
        } else {
            let body = get(&client, req, &url, opts, cancel, &mut last_call)?;
            let answer = parse_answer(&url, &body)?;
            (body, answer)
        };
        if answer.len() >= limit {
            // Possibly cut short: ask again in smaller pieces.
            let parts = split(&chunk);
            if parts.is_empty() {
                return Err(FetchError::Truncated {
                    request: url,
                    limit,
                });
            }
            total_planned += parts.len();
            done += 1;
            progress(Progress {
                done,
                total: total_planned,
                message: format!("{} rows: splitting {url}", answer.len()),
            });
            queue.extend(parts.into_iter().rev());
            continue;
        }
        if let Some(dir) = &opts.cache_dir {
            // A cache that cannot be written costs a refetch later, nothing else.
            if std::fs::create_dir_all(dir).is_ok() {
                let _ = crate::files::write_atomic(&cache_path(dir, &url), body.as_bytes(), true);
            }
        }
        out.requests.push(url.clone());
        for rec in answer {
            take(&rec, &url, &codes, req, &mut out, &mut totals)?;
        }
        done += 1;
        progress(Progress {
            done,
            total: total_planned,
            message: format!("{} total(s) so far", totals.len()),
        });
    }
    if totals.is_empty() {
        return Err(FetchError::Empty {
            request: out
                .requests
                .first()
                .cloned()
                .unwrap_or_else(|| req.endpoint().to_string()),
        });
    }
    out.rows = totals.into_values().collect();
    Ok(out)
}

/// Reads one answer body as [`fetch`] reads it from the network or the cache: the totals it
/// holds for `req`, the rows it drops and why, or why the answer is refused. `url` names the
/// request in messages. No network; the fuzz target `comtrade_api` drives this.
///
/// # Errors
/// A [`FetchError`] naming `url` when the body is not a good answer.
pub fn read_answer(url: &str, body: &str, req: &FetchRequest) -> Result<Fetched, FetchError> {
    let codes = M49::bundled();
    let mut out = Fetched::default();
    let mut totals = BTreeMap::new();
    for rec in parse_answer(url, body)? {
        take(&rec, url, &codes, req, &mut out, &mut totals)?;
    }
    out.requests.push(url.to_string());
    out.rows = totals.into_values().collect();
    Ok(out)
}

/// Smaller requests covering the same chunk: halves of the years, else one per flow.
fn split(c: &Chunk) -> Vec<Chunk> {
    if c.years.len() > 1 {
        let mid = c.years.len() / 2;
        return vec![
            Chunk {
                years: c.years[..mid].to_vec(),
                ..c.clone()
            },
            Chunk {
                years: c.years[mid..].to_vec(),
                ..c.clone()
            },
        ];
    }
    if c.flows.len() > 1 {
        return c
            .flows
            .iter()
            .map(|f| Chunk {
                flows: vec![*f],
                ..c.clone()
            })
            .collect();
    }
    Vec::new()
}

/// One GET with the rate limit and 429 retries.
fn get(
    client: &reqwest::blocking::Client,
    req: &FetchRequest,
    url: &str,
    opts: &Options,
    cancel: &AtomicBool,
    last_call: &mut Option<Instant>,
) -> Result<String, FetchError> {
    let mut tries = 0u32;
    loop {
        if let Some(t) = *last_call {
            wait(opts.min_interval.saturating_sub(t.elapsed()), cancel)?;
        }
        *last_call = Some(Instant::now());
        let mut call = client.get(url);
        if let Some(key) = &req.key {
            call = call.header(KEY_HEADER, key);
        }
        let resp = call.send().map_err(|e| FetchError::Network {
            request: url.to_string(),
            message: without_url(&e),
        })?;
        let status = resp.status().as_u16();
        if status == 429 {
            tries += 1;
            if tries > opts.max_retries {
                return Err(FetchError::RateLimited {
                    request: url.to_string(),
                    tries,
                });
            }
            let after = resp
                .headers()
                .get("retry-after")
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.trim().parse::<u64>().ok())
                .map_or(Duration::from_secs(60), Duration::from_secs)
                .min(opts.max_wait);
            log::info!("{url}: 429, waiting {} s", after.as_secs());
            wait(after, cancel)?;
            continue;
        }
        let body = resp.text().map_err(|e| FetchError::Network {
            request: url.to_string(),
            message: without_url(&e),
        })?;
        if !(200..300).contains(&status) {
            let mut snippet: String = body.chars().take(200).collect();
            if snippet.trim().is_empty() {
                snippet = "(empty body)".into();
            }
            return Err(FetchError::Http {
                request: url.to_string(),
                status,
                body: snippet,
            });
        }
        return Ok(body);
    }
}

/// reqwest's message without the URL it repeats (the request is named once, in front).
fn without_url(e: &reqwest::Error) -> String {
    let mut msg = e.to_string();
    if let Some(u) = e.url() {
        msg = msg.replace(&format!(" ({u})"), "").replace(u.as_str(), "");
    }
    let mut src = std::error::Error::source(e);
    while let Some(s) = src {
        msg.push_str(": ");
        msg.push_str(&s.to_string());
        src = s.source();
    }
    msg
}

/// Fetches and writes the tidy CSV to `out` atomically (nothing is written on failure).
///
/// # Errors
/// The fetch error, or the write error naming `out`.
pub fn fetch_to_file(
    req: &FetchRequest,
    opts: &Options,
    out: &Path,
    cancel: &Arc<AtomicBool>,
    progress: &mut dyn FnMut(Progress),
) -> Result<Fetched, String> {
    let fetched = fetch(req, opts, cancel, progress).map_err(|e| e.to_string())?;
    let text = tidy_csv(&fetched.rows, &today_utc())?;
    crate::files::write_atomic(out, text.as_bytes(), true).map_err(|e| e.to_string())?;
    Ok(fetched)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_truncated_chunk_splits_years_then_flows() {
        let c = Chunk {
            reporter: 156,
            years: vec![2020, 2021],
            flows: vec!["X", "M"],
        };
        let parts = split(&c);
        assert_eq!(parts.len(), 2);
        assert_eq!(parts[0].years, [2020]);
        let flows = split(&parts[0]);
        assert_eq!(flows.len(), 2);
        assert!(split(&flows[0]).is_empty());
    }

    #[test]
    fn the_key_never_shows_in_debug_output() {
        let r = FetchRequest {
            key: Some("secret-123".into()),
            ..FetchRequest::default()
        };
        assert!(!format!("{r:?}").contains("secret-123"));
    }
}
