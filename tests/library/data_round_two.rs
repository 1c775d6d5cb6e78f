//! Round two of the bundled data (issue 8): China's national backbone from NBS and GACC, China's
//! own trade by partner 1998-2014, the research-2 leads, the KITA/KOTRA basis and `yoy`. Each
//! figure is checked against hand arithmetic on the number printed in its source file or page.

#![allow(clippy::expect_used, clippy::unwrap_used)] // a failed expectation is a failed test

use tumen_atlas::analysis::{Analysis, CellValue, Metric, PartnerSel, Query, Target};
use tumen_atlas::data::{Basis, Dataset, Flow, SourceId};

fn data() -> Dataset {
    Dataset::bundled().expect("bundled data loads")
}

fn cell(d: &Dataset, region: &str, partner: &str, metric: Metric, year: i32) -> CellValue {
    let q = Query::new(
        Target::resolve(region, &d.geo, &d.trade).expect("region"),
        PartnerSel::resolve(partner, &d.trade).expect("partner"),
        metric,
    );
    Analysis::new(d).cell(&q, year)
}

fn on_basis(
    d: &Dataset,
    region: &str,
    partner: &str,
    metric: Metric,
    year: i32,
    basis: Basis,
) -> CellValue {
    let mut q = Query::new(
        Target::resolve(region, &d.geo, &d.trade).expect("region"),
        PartnerSel::resolve(partner, &d.trade).expect("partner"),
        metric,
    );
    q.basis = Some(basis);
    Analysis::new(d).cell(&q, year)
}

fn sources(c: &CellValue) -> Vec<&str> {
    c.sources.iter().map(SourceId::as_str).collect()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * b.abs().max(1.0)
}

/// FRED AEXCHUS annual averages as shipped in indicators.csv (CNY per USD).
const USD_CNY_2015: f64 = 6.2827;
const USD_CNY_2018: f64 = 6.609;
const USD_CNY_2021: f64 = 6.4508;
const USD_CNY_2023: f64 = 7.0809;

#[test]
fn china_2000_total_is_the_nbs_published_total_not_exports_plus_imports() {
    let d = data();
    // 货物进出口总额.csv, 2000年: 进出口总额(美元) 474290.0 million; exports 249203 + imports
    // 225094 = 474297 would be a different (unpublished) number.
    let c = cell(&d, "CHN", "WLD", Metric::Total, 2000);
    assert_eq!(c.value, Some(474_290.0e6));
    assert_eq!(c.basis, Some(Basis::Reporter));
    assert_eq!(sources(&c), ["nbs-national-trade"]);
    let e = cell(&d, "CHN", "WLD", Metric::Export, 2000);
    assert_eq!(e.value, Some(249_203.0e6));
}

#[test]
fn china_has_a_world_total_every_year_from_1992_to_2024() {
    let d = data();
    let q = Query::new(
        Target::resolve("CHN", &d.geo, &d.trade).expect("CHN"),
        PartnerSel::World,
        Metric::Total,
    );
    let series = Analysis::new(&d).series(&q, 1992..=2024);
    let missing: Vec<i32> = series
        .iter()
        .filter(|c| c.value.is_none())
        .map(|c| c.year)
        .collect();
    assert!(missing.is_empty(), "no national total in {missing:?}");
    assert!(series.iter().all(|c| c.basis == Some(Basis::Reporter)));
}

#[test]
fn china_korea_2000_is_china_reported_from_the_nbs_partner_table() {
    let d = data();
    // 中国同亚洲各国(地区)进出口总额.csv, 2000年, 中国同韩国进出口总额 = 3449977.0 (万美元).
    let c = cell(&d, "CHN", "KOR", Metric::Total, 2000);
    assert_eq!(c.value, Some(3_449_977.0 * 1e4));
    assert_eq!(c.basis, Some(Basis::Reporter));
    assert_eq!(sources(&c), ["nbs-national-partner-trade"]);
}

#[test]
fn china_mongolia_2010_is_hand_computed_from_ten_thousand_usd() {
    let d = data();
    // 中国同蒙古进出口总额 2010年 = 400182.5 万美元; exports 144976.2, imports 255206.3.
    let c = cell(&d, "CHN", "MNG", Metric::Total, 2010);
    assert!(close(c.value.expect("known"), 400_182.5 * 1e4));
    let b = cell(&d, "CHN", "MNG", Metric::Balance, 2010);
    assert!(close(
        b.value.expect("known"),
        (144_976.2 - 255_206.3) * 1e4
    ));
}

#[test]
fn zeros_in_the_nbs_partner_table_are_not_shipped_as_trade() {
    let d = data();
    // Every year before 1998 is 0.0 in the NBS files ("not in the table"): no data, never 0.
    let c = cell(&d, "CHN", "KOR", Metric::Total, 1997);
    assert_eq!(c.value, None);
    assert!(
        d.trade
            .flows
            .iter()
            .all(|r| r.source.as_str() != "nbs-national-partner-trade" || r.value > 0.0)
    );
    assert!(
        d.trade
            .flows
            .iter()
            .all(|r| !(r.reporter.as_str() == "CHN" && r.partner == "CHN"))
    );
}

#[test]
fn china_japan_2005_answers_on_the_reporter_basis_and_the_mirror_stays_reachable() {
    let d = data();
    // 中国同日本进出口总额 2005年 = 18439396.0 万美元 (China's own figure).
    let c = cell(&d, "CHN", "JPN", Metric::Total, 2005);
    assert_eq!(c.basis, Some(Basis::Reporter));
    assert_eq!(sources(&c), ["nbs-national-partner-trade"]);
    assert!(close(c.value.expect("known"), 18_439_396.0 * 1e4));
    // Japan's side (Ministry of Finance, JETRO) is still there on its own basis, and differs.
    let mirror = on_basis(&d, "CHN", "JPN", Metric::Total, 2005, Basis::Partner);
    assert_eq!(mirror.basis, Some(Basis::Partner));
    assert!(
        mirror
            .value
            .is_some_and(|v| (v - c.value.unwrap()).abs() > 1e6)
    );
}

#[test]
fn china_2015_growth_is_hand_computed_across_nbs_and_gacc() {
    let d = data();
    // 2014: NBS 4301527.345 million USD. 2015: GACC 24.59 trillion CNY (China Daily), converted
    // at FRED's 2015 average 6.2827 CNY per USD.
    let c = cell(&d, "CHN", "WLD", Metric::Growth, 2015);
    let expected = (24.59e12 / USD_CNY_2015 / 4_301_527.345e6 - 1.0) * 100.0;
    assert!(
        close(c.value.expect("growth"), expected),
        "{:?} vs {expected}",
        c.value
    );
    assert_eq!(c.basis, Some(Basis::Reporter));
    let s = sources(&c);
    assert!(s.contains(&"nbs-national-trade") && s.contains(&"chinadaily-2016-chn"));
}

#[test]
fn china_2019_growth_is_about_minus_one_percent() {
    let d = data();
    // 2019: the published total, 31.54 trillion CNY (GACC via Japan Online), at 6.9081; GACC's own
    // table (5) gives the exports in US$1,000 (2,499,028,927), a finer unit than CNY trillions.
    // 2018: 30.51 trillion CNY (CRI) at 6.609.
    let total_2019 = 31.54e12 / 6.9081;
    let t = cell(&d, "CHN", "WLD", Metric::Total, 2019);
    assert!(close(t.value.expect("2019"), total_2019));
    let e = cell(&d, "CHN", "WLD", Metric::Export, 2019);
    assert_eq!(e.value, Some(2_499_028_927e3));
    assert_eq!(sources(&e), ["gacc-2019-regime"]);
    let g = cell(&d, "CHN", "WLD", Metric::Growth, 2019);
    let expected = (total_2019 / (30.51e12 / USD_CNY_2018) - 1.0) * 100.0;
    assert!(close(g.value.expect("growth"), expected));
    assert!((-1.5..-0.5).contains(&expected), "{expected}");
}

#[test]
fn each_national_release_2016_to_2024_gives_its_printed_figure() {
    let d = data();
    let usd = |y, m| cell(&d, "CHN", "WLD", m, y).value.expect("known");
    assert!(close(usd(2016, Metric::Export), 2.097e12)); // Asia Times
    assert!(close(usd(2017, Metric::Total), 27.79e12 / 6.7569)); // Sakshi (IANS/EFE), CNY
    assert!(close(usd(2020, Metric::Export), 2.59e12)); // NHK
    assert!(close(usd(2021, Metric::Total), 39.1e12 / USD_CNY_2021)); // Xinhua, CNY
    assert!(close(usd(2022, Metric::Import), 18.1e12 / 6.729)); // Xinhua (shine.cn), CNY
    assert!(close(usd(2023, Metric::Total), 41.76e12 / USD_CNY_2023)); // GACC review
    assert!(close(usd(2024, Metric::Export), 3.58e12)); // SCMP
    assert!(close(usd(2024, Metric::Total), 3.58e12 + 2.59e12));
}

#[test]
fn each_new_lead_gives_the_figure_printed_on_its_page() {
    let d = data();
    let v = |r, p, m, y| cell(&d, r, p, m, y).value.expect("known");
    // Sputnik 2015-03-06: Heilongjiang-Russia 2014 "23.2 billion dollars".
    assert!(close(v("CN-HL", "RUS", Metric::Total, 2014), 23.2e9));
    // china.org.cn: Liaoning 2003 total US$26.56 billion; exports to Japan US$5.17 billion.
    assert!(close(v("CN-LN", "WLD", Metric::Total, 2003), 26.56e9));
    assert!(close(v("CN-LN", "JPN", Metric::Export, 2003), 5.17e9));
    // china.org.cn: Liaoning 2002 exports 12.37 + imports 9.37 billion USD.
    assert!(close(
        v("CN-LN", "WLD", Metric::Total, 2002),
        12.37e9 + 9.37e9
    ));
    // Hunchun portal: 1993 total 2억 1867만 dollars.
    assert!(close(v("CN-222404", "WLD", Metric::Total, 1993), 218.67e6));
    // KBS: Yanbian 2011 "18억5천만 달러".
    assert!(close(v("CN-222400", "WLD", Metric::Total, 2011), 18.5e8));
    // Heilongjiang Shinmun: Heilongjiang-Russia 2021 1,313억 4,000만 yuan at 6.4508.
    assert!(close(
        v("CN-HL", "RUS", Metric::Total, 2021),
        1313.4e8 / USD_CNY_2021
    ));
    // PRIME: Primorsky-China 2023 "8,6 миллиарда долларов", reported by the krai.
    assert!(close(v("RU-PRI", "CHN", Metric::Total, 2023), 8.6e9));
    // Heilongjiang Shinmun 2022 total (100 million CNY) is an alternative to NBS A060101.
    let c = cell(&d, "CN-HL", "WLD", Metric::Total, 2022);
    assert_eq!(sources(&c), ["nbs-a060101"]);
    assert!(
        c.alternatives
            .iter()
            .any(|s| s.as_str() == "hljxinwen-2023-hlj")
    );
}

#[test]
fn kita_re_tabulations_are_china_reported_on_a_basis_of_their_own() {
    let d = data();
    // KITA 중국무역통계, Jilin 2018: exports 5,572 million USD. Only KITA publishes the split.
    let e = cell(&d, "CN-JL", "WLD", Metric::Export, 2018);
    assert_eq!(e.basis, Some(Basis::ReporterRetab));
    assert_eq!(e.value, Some(5_572e6));
    // The total stays NBS's own (20679164 thousand USD), not KITA's 21,434.
    let t = cell(&d, "CN-JL", "WLD", Metric::Total, 2018);
    assert_eq!(
        (t.value, t.basis),
        (Some(20_679_164e3), Some(Basis::Reporter))
    );
    assert!(
        d.trade
            .flows
            .iter()
            .filter(|r| r.source.as_str() == "kita-1cup-2023-jilin")
            .all(|r| r.basis == Basis::ReporterRetab && r.note.contains("KITA"))
    );
    assert_eq!(Basis::parse("reporter_retab"), Some(Basis::ReporterRetab));
}

#[test]
fn no_figure_is_cited_through_a_copy_on_an_unrelated_domain() {
    let d = data();
    for gone in [
        "xinhua-2022-hlj",
        "chinanews-2024-jilin",
        "chinadaily-2024-jilin",
    ] {
        assert!(d.trade.source(&SourceId(gone.into())).is_none(), "{gone}");
    }
    let hlj = d
        .trade
        .flow_rows("CN-HL", "RUS", 2021, Flow::Total, Basis::Reporter)
        .map(|r| r.source.as_str().to_string())
        .collect::<Vec<_>>();
    assert_eq!(hlj, ["hljxinwen-2022-hlj"]);
}

#[test]
fn yoy_is_read_as_growth_and_printed_as_growth() {
    assert_eq!(Metric::parse("yoy"), Some(Metric::Growth));
    assert_eq!(Metric::parse(" YoY "), Some(Metric::Growth));
    assert_eq!(Metric::Growth.as_str(), "growth");
    // A saved view that says "yoy" (the design's name) restores as growth and saves as growth.
    use tumen_atlas::state::persist::{Saved, restore, save};
    let mut state = tumen_atlas::state::State::default();
    state.metric = Metric::Growth;
    let text = save(&Saved {
        state,
        centre: None,
        zoom: None,
    })
    .expect("serialises");
    assert!(text.contains("\"growth\""));
    let yoy = text.replace("\"growth\"", "\"yoy\"");
    let back = restore(Some(&yoy)).expect("reads").expect("some");
    assert_eq!(back.state.metric, Metric::Growth);
    assert!(save(&back).expect("serialises").contains("\"growth\""));
}

#[test]
fn the_partner_plots_keep_the_four_neighbours_the_largest_partners_and_the_world_line() {
    use tumen_atlas::model::{Series, SeriesColor, keep_largest_partners};
    let s = |key: &str, peak: f64, is_partner: bool| Series {
        key: key.into(),
        label: key.into(),
        values: vec![None, Some(peak / 2.0), Some(peak)],
        color: SeriesColor::Index(0),
        is_partner,
        mirror: false,
    };
    let series = vec![
        s("WLD", 1000.0, true),
        s("AFG", 1.0, true),
        s("JPN", 300.0, true),
        s("KOR", 200.0, true),
        s("ALB", 2.0, true),
        s("USA", 400.0, true),
        s("PRK", 0.5, true),
        s("DEU", 250.0, true),
        s("CN-JL", 1.0, false),
    ];
    let kept: Vec<String> = keep_largest_partners(series.clone(), 2)
        .into_iter()
        .map(|s| s.key)
        .collect();
    assert_eq!(kept, ["WLD", "JPN", "KOR", "USA", "PRK", "DEU", "CN-JL"]);
    assert_eq!(
        keep_largest_partners(series.clone(), 10).len(),
        series.len()
    );
}
