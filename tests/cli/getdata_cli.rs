//! `fetch comtrade` and `check-data` on wide tables, as scripts use them: the real binary
//! against a local server (never the real network), its files and its exit codes.

#![allow(clippy::expect_used, clippy::unwrap_used)] // a failed expectation is a failed test

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::process::{Command, Output};

fn run(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_tumen-atlas"));
    c.args(args).env("TUMEN_ATLAS_FETCH_INTERVAL_MS", "0").env(
        "XDG_CACHE_HOME",
        std::env::temp_dir().join("tumen-atlas-cli-test-cache"),
    );
    for (k, v) in env {
        c.env(k, v);
    }
    c.output().expect("runs")
}

/// Serves one JSON answer on 127.0.0.1 and returns the endpoint URL.
fn serve_once(body: String) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("addr");
    std::thread::spawn(move || {
        if let Ok((mut s, _)) = listener.accept() {
            let mut r = BufReader::new(s.try_clone().expect("clone"));
            let mut line = String::new();
            while r.read_line(&mut line).unwrap_or(0) > 0 && line != "\r\n" {
                line.clear();
            }
            let head = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            );
            let _ = s.write_all(head.as_bytes());
            let _ = s.write_all(body.as_bytes());
        }
    });
    format!("http://{addr}/public/v1/preview/C/A/HS")
}

#[test]
fn fetch_comtrade_writes_a_tidy_csv_that_check_data_accepts() {
    let body = serde_json::json!({"count": 2, "error": "", "data": [
        {"refYear": 2021, "reporterCode": 156, "partnerCode": 643, "partner2Code": 0, "flowCode": "X",
         "customsCode": "C00", "motCode": 0, "cmdCode": "TOTAL", "freqCode": "A", "primaryValue": 675.5},
        {"refYear": 2021, "reporterCode": 156, "partnerCode": 643, "partner2Code": 0, "flowCode": "X",
         "customsCode": "C01", "motCode": 0, "cmdCode": "TOTAL", "freqCode": "A", "primaryValue": 600.0}
    ]})
    .to_string();
    let url = serve_once(body);
    let dir = tempfile::tempdir().expect("tmp");
    let out = dir.path().join("chn-rus.csv");
    let o = run(
        &[
            "fetch",
            "comtrade",
            "--reporter",
            "CHN",
            "--partner",
            "RUS",
            "--years",
            "2021",
            "--endpoint",
            &url,
            "--no-cache",
            "--out",
            out.to_str().unwrap(),
        ],
        &[],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(
        stdout.contains("1 total(s)") && stdout.contains("1 breakdown row(s) dropped"),
        "{stdout}"
    );
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(
        text.contains("CHN,RUS,2021,export,675.5,USD,reporter,un-comtrade-api"),
        "{text}"
    );
    let check = run(&["check-data", out.to_str().unwrap()], &[]);
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stdout)
    );
}

#[test]
fn a_key_variable_that_is_not_set_is_an_error_and_nothing_is_written() {
    let dir = tempfile::tempdir().expect("tmp");
    let out = dir.path().join("x.csv");
    let o = run(
        &[
            "fetch",
            "comtrade",
            "--reporter",
            "CHN",
            "--years",
            "2021",
            "--key-env",
            "TUMEN_ATLAS_TEST_NO_SUCH_KEY",
            "--endpoint",
            "http://127.0.0.1:9/x",
            "--out",
            out.to_str().unwrap(),
        ],
        &[],
    );
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("TUMEN_ATLAS_TEST_NO_SUCH_KEY is not set"),
        "{err}"
    );
    assert!(!out.exists());
}

#[test]
fn check_data_takes_region_and_year_for_a_table_that_names_neither() {
    let dir = tempfile::tempdir().expect("tmp");
    let f = dir.path().join("table.csv");
    std::fs::write(
        &f,
        "按国别分进出口总额\n国别,进出口\n单位：万美元,\n俄罗斯,12.5\n",
    )
    .unwrap();
    let o = run(&["check-data", f.to_str().unwrap()], &[]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stdout).contains("does not name its region"));
    let o = run(
        &[
            "check-data",
            f.to_str().unwrap(),
            "--region",
            "CN-HL",
            "--year",
            "2014",
        ],
        &[],
    );
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(o.status.success(), "{stdout}");
    assert!(
        stdout.contains("wide statistical table") && stdout.contains("1 annual value(s)"),
        "{stdout}"
    );
}
