//! The malformed-input corpus of issue 11: forty broken files (truncated, binary, deeply nested,
//! UTF-16, NaN, huge coordinates, wrong layouts, a 5 MB field, a 20,000-column line …), made by
//! the test, given to `check-data` and to `query --data`. The floor: no panic, no hang, every
//! file is named in what is printed, and the bundled data still answers.

#![allow(clippy::expect_used, clippy::unwrap_used)] // a failed expectation is a failed test

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

const TIDY: &str = "reporter,partner,year,flow,value,unit,basis\n";
const CUSTOMS: &str = "数据年月,贸易伙伴名称,注册地名称,商品编码,美元\n";
const COMTRADE: &str =
    "refYear,reporterCode,reporterISO,flowCode,partnerCode,partnerISO,cmdCode,primaryValue\n";

fn utf16le(text: &str) -> Vec<u8> {
    let mut b = vec![0xFF, 0xFE];
    b.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    b
}

fn square(lon: &str, lat: &str) -> String {
    format!(
        r#"{{"type":"FeatureCollection","features":[{{"type":"Feature","properties":{{"id":"X-1","name":"x"}},"geometry":{{"type":"Polygon","coordinates":[[[{lon},{lat}],[1,0],[1,1],[0,1],[{lon},{lat}]]]}}}}]}}"#
    )
}

/// The forty files, by name and bytes.
fn corpus() -> Vec<(&'static str, Vec<u8>)> {
    let good_tidy = format!("{TIDY}CN-JL,JPN,2019,export,100,USD,reporter\n");
    let good_customs = format!("{CUSTOMS}202301,日本,吉林省,01,\"1,234\"\n");
    let nested = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let nested_geo = format!(
        r#"{{"type":"FeatureCollection","features":[{{"type":"Feature","properties":{{"id":"N"}},"geometry":{{"type":"Polygon","coordinates":{}0{}}}}}]}}"#,
        "[".repeat(5_000),
        "]".repeat(5_000)
    );
    let wide_line = (0..20_000)
        .map(|i| format!("c{i}"))
        .collect::<Vec<_>>()
        .join(",");
    let big_field = "x".repeat(5 << 20);
    vec![
        ("empty.csv", Vec::new()),
        ("blank.csv", b"\n\n   \n\t\n".to_vec()),
        ("bom_only.csv", b"\xEF\xBB\xBF".to_vec()),
        ("binary.csv", (0..=255u8).cycle().take(70_000).collect()),
        ("zip.csv", b"PK\x03\x04\x14\x00\x00\x00garbage".to_vec()),
        ("xls.csv", b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1rest".to_vec()),
        ("pdf.csv", b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n".to_vec()),
        ("html.csv", b"<html><body><table><tr><td>1</td></tr></table></body></html>".to_vec()),
        ("json.csv", b"{\"not\": \"csv\"}".to_vec()),
        ("truncated_tidy.csv", good_tidy.as_bytes()[..good_tidy.len() - 9].to_vec()),
        ("truncated_customs.csv", good_customs.as_bytes()[..good_customs.len() - 4].to_vec()),
        ("truncated_utf8.csv", {
            let mut b = format!("{CUSTOMS}202301,日本,吉").into_bytes();
            b.truncate(b.len() - 1);
            b
        }),
        ("utf16le_tidy.csv", utf16le(&good_tidy)),
        ("utf16_odd_bytes.csv", {
            let mut b = utf16le(&good_tidy);
            b.push(0x41);
            b
        }),
        ("utf16be_garbage.csv", vec![0xFE, 0xFF, 0xD8, 0x00, 0x00, 0x41]),
        ("not_gbk.csv", b"reporter,partner\n\x81\x20\xFF\xFE\x80,x\n".to_vec()),
        ("nan.csv", format!("{TIDY}CN-JL,JPN,2019,export,NaN,USD,reporter\nCN-JL,JPN,2020,export,inf,USD,reporter\n").into_bytes()),
        ("huge_value.csv", format!("{TIDY}CN-JL,JPN,2019,export,1e400,USD,reporter\nCN-JL,JPN,2020,export,-5,USD,reporter\n").into_bytes()),
        ("bad_year.csv", format!("{TIDY}CN-JL,JPN,99999999999,export,1,USD,reporter\nCN-JL,JPN,-4,export,1,USD,reporter\n").into_bytes()),
        ("unknown_region.csv", format!("{TIDY}XX-NOWHERE,JPN,2019,export,1,USD,reporter\n").into_bytes()),
        ("wrong_unit.csv", format!("{TIDY}CN-JL,JPN,2019,export,1,sea shells,reporter\n").into_bytes()),
        ("ragged.csv", format!("{TIDY}CN-JL\nCN-JL,JPN,2019,export,1,USD,reporter,extra,extra,extra\n").into_bytes()),
        ("unclosed_quote.csv", format!("{TIDY}\"CN-JL,JPN,2019,export,1,USD,reporter\n").into_bytes()),
        ("header_only_tidy.csv", TIDY.as_bytes().to_vec()),
        ("unknown_layout.csv", b"a,b,c\n1,2,3\n".to_vec()),
        ("one_column.csv", b"value\n1\n2\n".to_vec()),
        ("customs_no_value.csv", "数据年月,贸易伙伴名称,注册地名称\n202301,日本,吉林省\n".as_bytes().to_vec()),
        ("customs_bad_month.csv", format!("{CUSTOMS}202313,日本,吉林省,01,1\n20231,日本,吉林省,01,1\nabcdef,日本,吉林省,01,1\n").into_bytes()),
        ("comtrade_wrong_types.csv", format!("{COMTRADE}twenty,156,CHN,X,408,PRK,TOTAL,lots\n2019,156,CHN,Q,408,PRK,TOTAL,1\n").into_bytes()),
        ("wide_title_only.csv", "吉林省对外贸易 2005\n\n".as_bytes().to_vec()),
        ("wide_20000_columns.csv", format!("{wide_line}\n{wide_line}\n").into_bytes()),
        ("field_5mb.csv", format!("{TIDY}CN-JL,JPN,2019,export,1,USD,{big_field}\n").into_bytes()),
        ("long_line_no_newline.csv", "reporter,".repeat(100_000).into_bytes()),
        ("nested.json", nested.into_bytes()),
        ("nested.geojson", nested_geo.into_bytes()),
        ("truncated.geojson", square("0", "0").as_bytes()[..60].to_vec()),
        ("nan_coordinates.geojson", square("NaN", "0").into_bytes()),
        ("huge_coordinates.geojson", square("1e308", "-1e308").into_bytes()),
        ("not_a_collection.geojson", br#"{"type":"Point","coordinates":[0,0]}"#.to_vec()),
        ("utf16.geojson", utf16le(&square("0", "0"))),
    ]
}

fn write_corpus(dir: &Path) -> Vec<PathBuf> {
    corpus()
        .into_iter()
        .map(|(name, bytes)| {
            let p = dir.join(name);
            std::fs::write(&p, bytes).unwrap();
            p
        })
        .collect()
}

/// Runs the binary; a run over `limit` is killed and fails the test (a hang).
fn run_within(args: &[String], limit: Duration) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_tumen-atlas"))
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    // Drain the pipes on threads so a chatty child never blocks on a full pipe.
    let mut out = child.stdout.take().unwrap();
    let mut err = child.stderr.take().unwrap();
    let out_t = std::thread::spawn(move || {
        let mut b = Vec::new();
        std::io::Read::read_to_end(&mut out, &mut b).ok();
        b
    });
    let err_t = std::thread::spawn(move || {
        let mut b = Vec::new();
        std::io::Read::read_to_end(&mut err, &mut b).ok();
        b
    });
    let start = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            panic!("hung: still running after {limit:?}: {args:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Output {
        status,
        stdout: out_t.join().unwrap(),
        stderr: err_t.join().unwrap(),
    }
}

#[test]
fn the_corpus_has_forty_files() {
    assert_eq!(corpus().len(), 40);
}

#[test]
fn check_data_names_every_malformed_file_and_never_panics_or_hangs() {
    let dir = tempfile::tempdir().unwrap();
    let paths = write_corpus(dir.path());
    let mut args = vec!["check-data".to_string()];
    args.extend(paths.iter().map(|p| p.display().to_string()));
    let o = run_within(&args, Duration::from_secs(120));
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    assert_eq!(
        o.status.code(),
        Some(1),
        "rejections exit 1, never a panic: {text}"
    );
    assert!(!text.contains("panicked"), "{text}");
    for p in &paths {
        let name = p.file_name().unwrap().to_string_lossy();
        assert!(text.contains(&*name), "{name} is named in the output");
    }
}

#[test]
fn query_with_each_malformed_file_as_data_names_it_or_answers_as_the_bundled_data_does() {
    let dir = tempfile::tempdir().unwrap();
    let paths = write_corpus(dir.path());
    let query: Vec<String> = [
        "query", "--region", "CN-JL", "--year", "2019", "--metric", "total", "--format", "json",
    ]
    .iter()
    .map(ToString::to_string)
    .collect();
    let bundled = run_within(&query, Duration::from_secs(60));
    assert!(bundled.status.success());
    let expected: Vec<serde_json::Value> =
        serde_json::from_slice(&bundled.stdout).expect("a JSON array");
    assert!(
        expected.len() == 1 && expected[0]["value"].as_f64().is_some_and(|v| v > 0.0),
        "Jilin's 2019 total: {expected:?}"
    );
    // Four at a time: each run is a process of its own.
    for chunk in paths.chunks(4) {
        std::thread::scope(|scope| {
            for p in chunk {
                let mut args = query.clone();
                args.extend(["--data".to_string(), p.display().to_string()]);
                let expected = &expected;
                scope.spawn(move || {
                    let o = run_within(&args, Duration::from_secs(120));
                    let name = p.file_name().unwrap().to_string_lossy();
                    let stderr = String::from_utf8_lossy(&o.stderr);
                    assert!(!stderr.contains("panicked"), "{name}: {stderr}");
                    match o.status.code() {
                        Some(0) => {
                            let rows: Vec<serde_json::Value> =
                                serde_json::from_slice(&o.stdout).expect("a JSON array");
                            assert_eq!(&rows, expected, "{name}: the bundled answer");
                        }
                        Some(1) => {
                            assert!(stderr.contains(&*name), "{name} is named: {stderr}");
                            assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
                        }
                        other => panic!("{name}: exit {other:?}: {stderr}"),
                    }
                });
            }
        });
    }
}
