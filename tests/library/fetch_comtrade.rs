//! The UN Comtrade client against a local HTTP server (127.0.0.1, started by each test) that
//! answers as the API does: totals next to breakdown rows that must not be added up, answers
//! that fill the 500-row limit and must be split, 429 with Retry-After, 500, malformed bodies,
//! an `error` field and an empty answer. No test reaches the real network.

#![allow(clippy::expect_used, clippy::unwrap_used)] // a failed expectation is a failed test

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::path::Path;
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::json;
use tumen_atlas::data::Dataset;
use tumen_atlas::data::import::{ImportOptions, import_file};
use tumen_atlas::fetch::comtrade::{FetchRequest, Options, fetch, fetch_to_file};

/// One scripted answer: status, extra headers, body.
struct Answer(u16, Vec<(&'static str, String)>, String);

fn ok(body: &serde_json::Value) -> Answer {
    Answer(200, Vec::new(), body.to_string())
}

/// Serves `answers` in order (one per connection) and records each request's path and
/// headers. Returns the base URL and the log.
fn serve(answers: Vec<Answer>) -> (String, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("addr");
    let log = Arc::new(Mutex::new(Vec::new()));
    let seen = Arc::clone(&log);
    std::thread::spawn(move || {
        for Answer(status, headers, body) in answers {
            let Ok((mut stream, _)) = listener.accept() else {
                return;
            };
            let mut reader = BufReader::new(stream.try_clone().expect("clone"));
            let mut request = String::new();
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                    break;
                }
                request.push_str(&line);
            }
            seen.lock().unwrap().push(request);
            let mut head = format!(
                "HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n",
                body.len()
            );
            for (k, v) in headers {
                head.push_str(&format!("{k}: {v}\r\n"));
            }
            head.push_str("\r\n");
            let _ = stream.write_all(head.as_bytes());
            let _ = stream.write_all(body.as_bytes());
            let _ = stream.flush();
            let mut rest = Vec::new();
            let _ = stream.set_read_timeout(Some(Duration::from_millis(50)));
            let _ = reader.read_to_end(&mut rest);
        }
    });
    (format!("http://{addr}/public/v1/preview/C/A/HS"), log)
}

/// A record laid out as the API's JSON (field names as documented).
#[allow(clippy::too_many_arguments)] // one argument per field that matters
fn rec(
    reporter: u32,
    partner: u32,
    year: i32,
    flow: &str,
    customs: &str,
    mot: u32,
    p2: u32,
    value: f64,
) -> serde_json::Value {
    json!({
        "typeCode": "C", "freqCode": "A", "refPeriodId": 20200101, "refYear": year, "refMonth": 52,
        "period": year.to_string(), "reporterCode": reporter, "reporterISO": null, "reporterDesc": null,
        "flowCode": flow, "flowDesc": null, "partnerCode": partner, "partnerISO": null,
        "partner2Code": p2, "partner2ISO": null, "classificationCode": "H6", "cmdCode": "TOTAL",
        "customsCode": customs, "mosCode": "0", "motCode": mot, "qtyUnitCode": -1,
        "isReported": false, "isAggregate": true, "primaryValue": value
    })
}

fn body(data: &[serde_json::Value]) -> serde_json::Value {
    json!({"elapsedTime": "0.1 secs", "count": data.len(), "data": data, "error": ""})
}

fn request(
    endpoint: &str,
    years: std::ops::RangeInclusive<i32>,
    partners: &[&str],
) -> FetchRequest {
    FetchRequest {
        reporters: vec!["CHN".into()],
        partners: partners.iter().map(|p| (*p).to_string()).collect(),
        years,
        endpoint: Some(endpoint.to_string()),
        key: None,
    }
}

fn opts(cache: Option<&Path>) -> Options {
    Options {
        min_interval: Duration::ZERO,
        max_retries: 2,
        max_wait: Duration::from_secs(2),
        cache_dir: cache.map(Path::to_path_buf),
        timeout: Duration::from_secs(10),
    }
}

fn no_cancel() -> Arc<AtomicBool> {
    Arc::new(AtomicBool::new(false))
}

#[test]
fn only_totals_are_kept_and_breakdown_rows_are_never_added_up() {
    let (url, log) = serve(vec![ok(&body(&[
        rec(156, 408, 2020, "X", "C00", 0, 0, 1000.0),
        rec(156, 408, 2020, "X", "C01", 0, 0, 600.0),
        rec(156, 408, 2020, "X", "C00", 1000, 0, 300.0),
        rec(156, 408, 2020, "X", "C00", 0, 344, 50.0),
        rec(156, 408, 2020, "M", "C00", 0, 0, 200.0),
        rec(156, 0, 2020, "X", "C00", 0, 0, 9000.0),
        rec(156, 490, 2020, "X", "C00", 0, 0, 7.0),
    ]))]);
    let f = fetch(
        &request(&url, 2020..=2020, &[]),
        &opts(None),
        &no_cancel(),
        &mut |_| {},
    )
    .expect("fetched");
    let got: Vec<(&str, &str, f64)> = f
        .rows
        .iter()
        .map(|r| (r.partner.as_str(), r.flow.as_str(), r.value_usd))
        .collect();
    assert_eq!(
        got,
        [
            ("PRK", "export", 1000.0),
            ("PRK", "import", 200.0),
            ("WLD", "export", 9000.0)
        ]
    );
    assert_eq!(f.breakdown_rows, 3);
    assert!(
        f.skipped.iter().any(|s| s.contains("490")),
        "{:?}",
        f.skipped
    );
    let sent = log.lock().unwrap()[0].clone();
    for p in [
        "reporterCode=156",
        "period=2020",
        "cmdCode=TOTAL",
        "customsCode=C00",
        "motCode=0",
        "partner2Code=0",
        "flowCode=X,M",
    ] {
        assert!(sent.contains(p), "{p} in {sent}");
    }
    assert!(
        !sent
            .to_ascii_lowercase()
            .contains("ocp-apim-subscription-key"),
        "no key without a key"
    );
}

#[test]
fn an_answer_that_fills_the_limit_is_split_and_asked_again() {
    let full: Vec<_> = (0..500)
        .map(|i| {
            rec(
                156,
                408,
                2020,
                "X",
                &format!("C{:02}", i % 90 + 1),
                0,
                0,
                1.0,
            )
        })
        .collect();
    let (url, log) = serve(vec![
        ok(&body(&full)),
        ok(&body(&[rec(156, 408, 2020, "X", "C00", 0, 0, 11.0)])),
        ok(&body(&[rec(156, 408, 2020, "M", "C00", 0, 0, 22.0)])),
    ]);
    let mut seen = Vec::new();
    let f = fetch(
        &request(&url, 2020..=2020, &[]),
        &opts(None),
        &no_cancel(),
        &mut |p| seen.push(p),
    )
    .expect("fetched");
    assert_eq!(
        f.rows.iter().map(|r| r.value_usd).collect::<Vec<_>>(),
        [11.0, 22.0]
    );
    let log = log.lock().unwrap();
    assert_eq!(log.len(), 3);
    assert!(
        log[1].contains("flowCode=X&") && log[2].contains("flowCode=M&"),
        "{log:?}"
    );
    assert_eq!(seen.last().map(|p| (p.done, p.total)), Some((3, 3)));
}

#[test]
fn years_are_grouped_to_stay_under_the_limit() {
    // 5 partners × 2 flows = 10 rows a year: 50 years fit in one request of 500.
    let (url, log) = serve(vec![ok(&body(&[
        rec(156, 408, 2019, "X", "C00", 0, 0, 1.0),
        rec(156, 408, 2021, "M", "C00", 0, 0, 2.0),
    ]))]);
    let f = fetch(
        &request(&url, 2019..=2021, &["PRK", "RUS", "KOR", "JPN", "MNG"]),
        &opts(None),
        &no_cancel(),
        &mut |_| {},
    )
    .expect("fetched");
    assert_eq!(f.rows.len(), 2);
    let log = log.lock().unwrap();
    assert_eq!(log.len(), 1);
    assert!(
        log[0].contains("period=2019,2020,2021")
            && log[0].contains("partnerCode=408,643,410,392,496"),
        "{}",
        log[0]
    );
}

#[test]
fn a_429_waits_for_retry_after_then_succeeds() {
    let (url, log) = serve(vec![
        Answer(
            429,
            vec![("Retry-After", "1".into())],
            "{\"statusCode\":429}".into(),
        ),
        ok(&body(&[rec(156, 408, 2020, "X", "C00", 0, 0, 5.0)])),
    ]);
    let t = std::time::Instant::now();
    let f = fetch(
        &request(&url, 2020..=2020, &[]),
        &opts(None),
        &no_cancel(),
        &mut |_| {},
    )
    .expect("fetched");
    assert!(
        t.elapsed() >= Duration::from_millis(900),
        "waited for Retry-After"
    );
    assert_eq!(f.rows.len(), 1);
    assert_eq!(log.lock().unwrap().len(), 2);
}

#[test]
fn a_server_error_names_the_request_and_writes_nothing() {
    let (url, _) = serve(vec![Answer(
        500,
        Vec::new(),
        "Internal Server Error".into(),
    )]);
    let dir = tempfile::tempdir().expect("tmp");
    let out = dir.path().join("out.csv");
    let cache = dir.path().join("cache");
    let err = fetch_to_file(
        &request(&url, 2020..=2020, &[]),
        &opts(Some(&cache)),
        &out,
        &no_cancel(),
        &mut |_| {},
    )
    .expect_err("fails");
    assert!(
        err.contains("HTTP 500") && err.contains(&url) && err.contains("period=2020"),
        "{err}"
    );
    assert!(!out.exists(), "no half-written output");
    assert!(
        !cache.exists() || std::fs::read_dir(&cache).unwrap().next().is_none(),
        "nothing cached"
    );
}

#[test]
fn malformed_bodies_error_fields_and_empty_answers_are_clear_errors() {
    let cases: Vec<(Answer, &str)> = vec![
        (
            Answer(200, Vec::new(), "<html>Service unavailable</html>".into()),
            "malformed answer: not JSON",
        ),
        (
            Answer(200, Vec::new(), "{\"count\": 1}".into()),
            "no \"data\" array",
        ),
        (
            Answer(200, Vec::new(), String::new()),
            "malformed answer: empty body",
        ),
        (
            ok(&json!({"data": [ {"reporterCode": 156} ], "error": ""})),
            "no flowCode",
        ),
        (
            ok(&json!({"data": null, "error": "Invalid value for reporterCode"})),
            "the API says: Invalid value for reporterCode",
        ),
        (ok(&body(&[])), "returned no trade totals"),
    ];
    for (answer, expected) in cases {
        let (url, _) = serve(vec![answer]);
        let err = fetch(
            &request(&url, 2020..=2020, &[]),
            &opts(None),
            &no_cancel(),
            &mut |_| {},
        )
        .expect_err(expected)
        .to_string();
        assert!(err.contains(expected), "{expected}: {err}");
        assert!(err.contains("127.0.0.1"), "names the request: {err}");
    }
}

#[test]
fn no_network_is_a_clear_error_naming_the_request() {
    // A port that was just free: nothing listens there.
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let url = format!("http://127.0.0.1:{port}/public/v1/preview/C/A/HS");
    let err = fetch(
        &request(&url, 2020..=2020, &[]),
        &opts(None),
        &no_cancel(),
        &mut |_| {},
    )
    .expect_err("refused");
    let msg = err.to_string();
    assert!(msg.contains("no answer") && msg.contains(&url), "{msg}");
}

#[test]
fn a_good_answer_is_cached_and_a_failed_one_never_replaces_it() {
    let dir = tempfile::tempdir().expect("tmp");
    let cache = dir.path().join("cache");
    let good = body(&[rec(156, 408, 2020, "X", "C00", 0, 0, 42.0)]);
    let (url, _) = serve(vec![ok(&good)]);
    let req = request(&url, 2020..=2020, &[]);
    fetch(&req, &opts(Some(&cache)), &no_cancel(), &mut |_| {}).expect("first");
    let files: Vec<_> = std::fs::read_dir(&cache)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(files.len(), 1);
    let cached = std::fs::read_to_string(&files[0]).unwrap();
    // The same request again: from the cache; the server is gone, so no network is needed.
    let again = fetch(&req, &opts(Some(&cache)), &no_cancel(), &mut |_| {}).expect("from cache");
    assert_eq!((again.from_cache, again.rows[0].value_usd), (1, 42.0));
    // Another request that fails leaves the cache as it was.
    let (url2, _) = serve(vec![Answer(200, Vec::new(), "{not json".into())]);
    let mut req2 = request(&url2, 2020..=2020, &[]);
    req2.endpoint = Some(url2.clone());
    fetch(&req2, &opts(Some(&cache)), &no_cancel(), &mut |_| {}).expect_err("malformed");
    let after: Vec<_> = std::fs::read_dir(&cache)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(after, files);
    assert_eq!(std::fs::read_to_string(&files[0]).unwrap(), cached);
}

#[test]
fn the_key_goes_in_the_header_and_never_into_the_output_or_cache() {
    let (url, log) = serve(vec![ok(&body(&[rec(
        156, 408, 2020, "X", "C00", 0, 0, 3.0,
    )]))]);
    let dir = tempfile::tempdir().expect("tmp");
    let out = dir.path().join("out.csv");
    let cache = dir.path().join("cache");
    let mut req = request(&url, 2020..=2020, &[]);
    req.key = Some("sekrit-key-123".into());
    fetch_to_file(&req, &opts(Some(&cache)), &out, &no_cancel(), &mut |_| {}).expect("fetched");
    let sent = log.lock().unwrap()[0].to_ascii_lowercase();
    assert!(
        sent.contains("ocp-apim-subscription-key: sekrit-key-123"),
        "{sent}"
    );
    assert!(!std::fs::read_to_string(&out).unwrap().contains("sekrit"));
    for f in std::fs::read_dir(&cache).unwrap() {
        let p = f.unwrap().path();
        assert!(!std::fs::read_to_string(&p).unwrap().contains("sekrit"));
        assert!(!p.to_string_lossy().contains("sekrit"));
    }
}

#[test]
fn the_output_is_a_tidy_csv_that_imports_and_cites_the_request() {
    let (url, _) = serve(vec![ok(&body(&[
        rec(156, 408, 2020, "X", "C00", 0, 0, 1_234_567.5),
        rec(156, 408, 2020, "M", "C00", 0, 0, 89.0),
    ]))]);
    let dir = tempfile::tempdir().expect("tmp");
    let out = dir.path().join("chn-prk.csv");
    fetch_to_file(
        &request(&url, 2020..=2020, &["PRK"]),
        &opts(None),
        &out,
        &no_cancel(),
        &mut |_| {},
    )
    .expect("fetched");
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(
        text.starts_with("reporter,partner,year,flow,value,unit,basis,source,note\n"),
        "{text}"
    );
    assert!(
        text.contains("un-comtrade-api") && text.contains(&url) && text.contains("retrieved 20"),
        "{text}"
    );
    let d = Dataset::bundled().expect("bundled");
    let imp = import_file(&out, &d.geo, &d.trade, &ImportOptions::default()).expect("imports");
    assert!(imp.report.rejected.is_empty(), "{:?}", imp.report.rejected);
    let v: Vec<(String, f64)> = imp
        .rows
        .iter()
        .map(|r| (r.flow.to_string(), r.value))
        .collect();
    assert_eq!(
        v,
        [
            ("export".to_string(), 1_234_567.5),
            ("import".to_string(), 89.0)
        ]
    );
}

#[test]
fn cancelling_stops_before_the_next_request() {
    let cancel = Arc::new(AtomicBool::new(true));
    let err = fetch(
        &request("http://127.0.0.1:9/x", 2020..=2020, &[]),
        &opts(None),
        &cancel,
        &mut |_| {},
    )
    .expect_err("cancelled");
    assert_eq!(err.to_string(), "cancelled");
}
