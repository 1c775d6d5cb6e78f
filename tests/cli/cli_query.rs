//! The command line as scripts use it (docs/DESIGN.md §5): the real binary, its stdout, stderr and
//! exit codes.

#![allow(clippy::expect_used, clippy::unwrap_used)] // a failed expectation is a failed test

use std::process::{Command, Output};

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tumen-atlas"))
        .args(args)
        .output()
        .expect("the binary runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn fixture(name: &str) -> String {
    format!(
        "{}/tests/fixtures/import/{name}",
        env!("CARGO_MANIFEST_DIR")
    )
}

fn json(args: &[&str]) -> Vec<serde_json::Value> {
    let o = run(args);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    serde_json::from_slice(&o.stdout).expect("a JSON array")
}

#[test]
fn jilin_2016_to_2024_prints_nine_real_values() {
    let rows = json(&[
        "query",
        "--region",
        "CN-JL",
        "--year",
        "2016..2024",
        "--metric",
        "total",
        "--format",
        "json",
    ]);
    assert_eq!(rows.len(), 9);
    assert!(
        rows.iter()
            .all(|r| r["value"].is_f64() && r["basis"] == "reporter" && r["unit"] == "USD")
    );
    assert_eq!(rows[2]["year"], 2018);
    assert_eq!(rows[2]["value"], 20_679_164_000.0);
    assert_eq!(rows[3]["value"], 18_904_122_572.0);
    let keys: Vec<&str> = rows[0]
        .as_object()
        .expect("object")
        .keys()
        .map(String::as_str)
        .collect();
    let mut expected = [
        "region", "partner", "year", "metric", "value", "unit", "basis", "sources", "missing",
    ];
    expected.sort_unstable();
    let mut keys = keys;
    keys.sort_unstable();
    assert_eq!(keys, expected);
}

#[test]
fn ne3_trade_gdp_2019_has_a_value_and_its_sources() {
    let rows = json(&[
        "query",
        "--region",
        "NE3",
        "--metric",
        "trade_gdp",
        "--year",
        "2019",
        "--format",
        "json",
    ]);
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["region"], "NE3");
    assert_eq!(rows[0]["unit"], "%");
    assert!(
        rows[0]["value"]
            .as_f64()
            .is_some_and(|v| v > 0.0 && v < 100.0)
    );
    let sources = rows[0]["sources"].as_array().expect("sources");
    assert!(
        sources.iter().any(|s| s == "nbs-a060101") && sources.iter().any(|s| s == "fred-aexchus")
    );
}

#[test]
fn a_cell_nobody_published_is_null_and_no_data_never_zero() {
    let rows = json(&[
        "query",
        "--region",
        "Jilin",
        "--partner",
        "朝鲜",
        "--year",
        "2019",
        "--metric",
        "total",
        "--format",
        "json",
    ]);
    assert!(rows[0]["value"].is_null());
    assert_eq!(rows[0]["partner"], "PRK");
    assert!(!rows[0]["missing"].as_array().expect("missing").is_empty());
    let o = run(&[
        "query",
        "--region",
        "CN-JL",
        "--partner",
        "PRK",
        "--year",
        "2019",
        "--metric",
        "total",
    ]);
    let text = stdout(&o);
    assert!(text.contains("no data"), "{text}");
    assert!(!text.contains(" 0 "), "{text}");
}

#[test]
fn csv_output_has_a_header_and_empty_unknowns() {
    let o = run(&[
        "query",
        "--region",
        "CN-JL,CN-HL",
        "--year",
        "2019",
        "--metric",
        "growth",
        "--format",
        "csv",
    ]);
    assert!(o.status.success());
    let text = stdout(&o);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[0],
        "region,partner,year,metric,value,unit,basis,sources,missing"
    );
    assert_eq!(lines.len(), 3);
    assert!(
        lines[1].starts_with("CN-JL,WLD,2019,growth,-8.58"),
        "{}",
        lines[1]
    );
}

#[test]
fn unknown_ids_and_bad_arguments_exit_2_with_one_line() {
    for args in [
        &[
            "query", "--region", "Atlantis", "--year", "2019", "--metric", "total",
        ][..],
        &[
            "query",
            "--region",
            "CN-JL",
            "--partner",
            "XXX",
            "--year",
            "2019",
            "--metric",
            "total",
        ],
        &[
            "query",
            "--region",
            "CN-JL",
            "--year",
            "2019",
            "--metric",
            "happiness",
        ],
        &[
            "query",
            "--region",
            "CN-JL",
            "--year",
            "2024..2016",
            "--metric",
            "total",
        ],
        &[
            "query", "--region", "CN-JL", "--year", "2019", "--metric", "export", "--flow",
            "import",
        ],
    ] {
        let o = run(args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(err.trim_end().lines().count(), 1, "{args:?}: {err}");
        assert!(o.stdout.is_empty());
    }
}

#[test]
fn data_files_add_rows_through_the_importers() {
    let file = fixture("customs_吉林_出口_2023_bom.csv");
    let rows = json(&[
        "query",
        "--data",
        &file,
        "--region",
        "CN-JL",
        "--partner",
        "KOR",
        "--year",
        "2023",
        "--metric",
        "export",
        "--format",
        "json",
    ]);
    assert_eq!(rows[0]["value"], 78e6);
    assert_eq!(
        rows[0]["sources"][0],
        "import:customs_吉林_出口_2023_bom.csv"
    );
}

#[test]
fn check_data_prints_each_report_and_exits_1_on_rejected_rows() {
    let good = fixture("comtrade_website.csv");
    let o = run(&["check-data", &good]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(stdout(&o).contains("2 accepted, 0 rejected"));
    let bad = fixture("customs_errors_进口.csv");
    let o = run(&["check-data", &good, &bad]);
    assert_eq!(o.status.code(), Some(1));
    let text = stdout(&o);
    assert!(text.contains("line 15: duplicate of line 2"), "{text}");
    let o = run(&[
        "check-data",
        &fixture("customs_no_flow.csv"),
        "--flow",
        "total",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    let o = run(&["check-data", &fixture("empty.csv")]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).contains("the file is empty"));
}

#[test]
fn a_year_past_the_data_is_said_to_be_past_it_with_exit_code_1() {
    let o = run(&[
        "query", "--region", "CN-JL", "--year", "2030", "--metric", "total",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("2030 is after them"), "{err}");
    assert!(stdout(&o).is_empty(), "no rows of no data");
    // A range that reaches into the data still answers, with a note.
    let o = run(&[
        "query",
        "--region",
        "CN-JL",
        "--year",
        "2024..2030",
        "--metric",
        "total",
    ]);
    assert!(o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("years outside have no figure"));
}

#[test]
fn a_mistyped_region_gets_a_did_you_mean() {
    let o = run(&[
        "query", "--region", "Jilinn", "--year", "2019", "--metric", "total",
    ]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("did you mean CN-JL (Jilin)?"), "{err}");
}

#[test]
fn check_data_into_a_reader_that_stops_early_ends_without_a_panic() {
    use std::io::Read;
    use std::process::Stdio;
    // One report line per rejected feature, far more than a pipe holds, read by nobody: the
    // pipe closes at once, as with `check-data … | head -0`.
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("many_bad_features.geojson");
    let features: Vec<String> = (0..20_000)
        .map(|i| format!(r#"{{"type":"Feature","properties":{{"id":"XX-{i}"}},"geometry":null}}"#))
        .collect();
    let text = format!(
        r#"{{"type":"FeatureCollection","features":[{}]}}"#,
        features.join(",")
    );
    std::fs::write(&file, text).expect("fixture written");
    let mut child = Command::new(env!("CARGO_BIN_EXE_tumen-atlas"))
        .args(["check-data", file.to_str().expect("utf-8 path")])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    drop(child.stdout.take());
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .expect("stderr")
        .read_to_string(&mut stderr)
        .expect("stderr read");
    let status = child.wait().expect("exits");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(status.code(), Some(1), "rejected rows still give exit 1");
}

#[test]
fn two_bad_data_files_are_both_named_and_the_query_does_not_run() {
    let dir = tempfile::tempdir().expect("temp dir");
    let not_a_table = dir.path().join("notes.csv");
    std::fs::write(&not_a_table, "shopping list\nbread,milk\n").expect("fixture written");
    let broken = dir.path().join("regions.geojson");
    std::fs::write(&broken, "{\"type\": \"FeatureCollection\", \"features\": [").expect("written");
    let good = fixture("customs_吉林_出口_2023_bom.csv");
    let o = run(&[
        "query",
        "--data",
        not_a_table.to_str().expect("utf-8"),
        "--data",
        &good,
        "--data",
        broken.to_str().expect("utf-8"),
        "--region",
        "CN-JL",
        "--year",
        "2023",
        "--metric",
        "total",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    let lines: Vec<&str> = err.trim_end().lines().collect();
    assert_eq!(lines.len(), 2, "one line per bad file: {err}");
    assert!(lines[0].contains("notes.csv"), "{err}");
    assert!(lines[1].contains("regions.geojson"), "{err}");
    assert!(
        lines.iter().all(|l| l.starts_with("tumen-atlas: ")),
        "{err}"
    );
    assert!(
        o.stdout.is_empty(),
        "nothing is computed without the data asked for"
    );
}
