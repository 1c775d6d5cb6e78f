//! Benchmarks for the data hot paths:
//! - importing a generated 1,011,840-row China Customs query export (UTF-8, quoted thousands,
//!   12 months × 40 partners × 31 provinces × 68 commodity codes; flow from the file name), and
//!   the same rows in GBK (streamed: read in chunks, decoded and split on a reader thread);
//! - recomputing every aggregate of a selection after a year change on the bundled data
//!   (NE3 and CN-JL × WLD, JPN, KOR, PRK, RUS, USA, NEA4 × every metric: 126 cells with nine metrics).

#![allow(missing_docs)] // criterion_group! generates an undocumented fn

use std::fmt::Write as _;
use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use tumen_atlas::analysis::{Analysis, Metric, PartnerSel, Query, Target};
use tumen_atlas::data::Dataset;
use tumen_atlas::data::import::{ImportOptions, import_file};

const PROVINCES: [&str; 31] = [
    "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37", "41",
    "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65",
];

fn customs_csv(data: &Dataset) -> String {
    let partners: Vec<&str> = data
        .trade
        .partners
        .list
        .iter()
        .map(|p| p.name_zh.as_str())
        .filter(|n| !n.is_empty())
        .take(40)
        .collect();
    let mut s = String::with_capacity(80 << 20);
    s.push_str("数据年月,贸易伙伴名称,注册地编码,商品编码,美元\n");
    let mut n = 0u64;
    for commodity in 1..=68 {
        for province in PROVINCES {
            for partner in &partners {
                for month in 1..=12 {
                    n += 1;
                    let v = 1_000 + (n * 7919) % 9_000_000;
                    let _ = writeln!(
                        s,
                        "2023{month:02},{partner},{province},{commodity:02},\"{},{:03}\"",
                        v / 1000,
                        v % 1000
                    );
                }
            }
        }
    }
    s
}

fn import_million_rows(c: &mut Criterion) {
    let data = Dataset::bundled().unwrap_or_else(|e| panic!("bundled data: {e}"));
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("temp dir: {e}"));
    let path = dir.path().join("customs_出口_2023.csv");
    let text = customs_csv(&data);
    std::fs::write(&path, &text).unwrap_or_else(|e| panic!("write: {e}"));
    let rows = text.lines().count() - 1;
    assert_eq!(rows, 68 * 31 * 40 * 12);
    let opts = ImportOptions::default();
    let mut group = c.benchmark_group("import");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(20));
    group.bench_function("china_customs_1m_rows", |b| {
        b.iter(|| {
            let imp = import_file(black_box(&path), &data.geo, &data.trade, &opts)
                .unwrap_or_else(|e| panic!("import: {e}"));
            assert_eq!(imp.report.accepted, rows);
            imp
        });
    });
    // The same rows in GBK: decoded chunk by chunk on the reader thread.
    let gbk_path = dir.path().join("customs_出口_2023_gbk.csv");
    let (gbk, _, bad) = encoding_rs::GBK.encode(&text);
    assert!(!bad);
    std::fs::write(&gbk_path, &gbk).unwrap_or_else(|e| panic!("write: {e}"));
    group.bench_function("china_customs_1m_rows_gbk", |b| {
        b.iter(|| {
            let imp = import_file(black_box(&gbk_path), &data.geo, &data.trade, &opts)
                .unwrap_or_else(|e| panic!("import: {e}"));
            assert_eq!(imp.report.accepted, rows);
            imp
        });
    });
    group.finish();
}

fn year_change(c: &mut Criterion) {
    let data = Dataset::bundled().unwrap_or_else(|e| panic!("bundled data: {e}"));
    let analysis = Analysis::new(&data);
    let targets: Vec<Target> = ["NE3", "CN-JL"]
        .iter()
        .filter_map(|t| Target::resolve(t, &data.geo, &data.trade))
        .collect();
    let partners: Vec<PartnerSel> = ["WLD", "JPN", "KOR", "PRK", "RUS", "USA", "NEA4"]
        .iter()
        .filter_map(|p| PartnerSel::resolve(p, &data.trade))
        .collect();
    let mut queries = Vec::new();
    for t in &targets {
        for p in &partners {
            for m in Metric::ALL {
                queries.push(Query::new(t.clone(), p.clone(), m));
            }
        }
    }
    // Every metric for each target and partner (112 cells when there were 8 metrics).
    assert_eq!(queries.len(), 2 * 7 * Metric::ALL.len());
    let mut year = 2016;
    let name = format!("year_change_{}_cells", queries.len());
    c.bench_function(&name, |b| {
        b.iter(|| {
            year = if year == 2024 { 2016 } else { year + 1 };
            let known = queries
                .iter()
                .filter(|q| analysis.cell(q, black_box(year)).value.is_some())
                .count();
            black_box(known)
        });
    });
}

criterion_group!(benches, year_change, import_million_rows);
criterion_main!(benches);
