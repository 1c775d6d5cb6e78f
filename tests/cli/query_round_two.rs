//! `query` over the round-two data (issue 8): China's national series, `yoy` as a name of
//! growth, and `--basis` to reach the partner-reported (mirror) figure.

#![allow(clippy::expect_used, clippy::unwrap_used)] // a failed expectation is a failed test

use std::process::{Command, Output};

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tumen-atlas"))
        .args(args)
        .output()
        .expect("the binary runs")
}

fn json(args: &[&str]) -> Vec<serde_json::Value> {
    let o = run(args);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    serde_json::from_slice(&o.stdout).expect("a JSON array")
}

#[test]
fn china_has_a_total_for_every_year_1995_to_2024() {
    let rows = json(&[
        "query",
        "--region",
        "CHN",
        "--year",
        "1995..2024",
        "--metric",
        "total",
        "--format",
        "json",
    ]);
    assert_eq!(rows.len(), 30);
    for r in &rows {
        assert!(r["value"].is_number(), "{r}");
        assert_eq!(r["basis"], "reporter");
    }
    // NBS 货物进出口总额 2000: 474290 million USD.
    assert_eq!(rows[5]["year"], 2000);
    assert_eq!(rows[5]["value"], 474_290e6);
}

#[test]
fn yoy_is_accepted_and_printed_as_growth() {
    let yoy = json(&[
        "query", "--region", "CHN", "--year", "2019", "--metric", "yoy", "--format", "json",
    ]);
    let growth = json(&[
        "query", "--region", "CHN", "--year", "2019", "--metric", "growth", "--format", "json",
    ]);
    assert_eq!(yoy, growth);
    assert_eq!(yoy[0]["metric"], "growth");
    let g = yoy[0]["value"].as_f64().expect("known");
    assert!((-1.5..-0.5).contains(&g), "{g}");
}

#[test]
fn china_japan_2005_is_china_reported_and_the_mirror_is_one_flag_away() {
    let own = json(&[
        "query",
        "--region",
        "CHN",
        "--partner",
        "JPN",
        "--year",
        "2005",
        "--metric",
        "total",
        "--format",
        "json",
    ]);
    assert_eq!(own[0]["basis"], "reporter");
    assert_eq!(own[0]["sources"][0], "nbs-national-partner-trade");
    // 中国同日本进出口总额 2005年 = 18439396 万美元.
    assert_eq!(own[0]["value"], 18_439_396e4);
    let mirror = json(&[
        "query",
        "--region",
        "CHN",
        "--partner",
        "JPN",
        "--year",
        "2005",
        "--metric",
        "total",
        "--basis",
        "partner",
        "--format",
        "json",
    ]);
    assert_eq!(mirror[0]["basis"], "partner");
    assert_ne!(mirror[0]["value"], own[0]["value"]);
    let bad = run(&[
        "query", "--region", "CHN", "--year", "2005", "--metric", "total", "--basis", "mirror",
    ]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("reporter_retab"));
}
