//! Metrics on the real bundled figures, checked against hand arithmetic, and the rules for gaps,
//! sets, partner groups and bases (docs/DESIGN.md §3-§4).

#![allow(clippy::expect_used, clippy::unwrap_used)] // a failed expectation is a failed test

use tumen_atlas::analysis::{Analysis, CellCache, Metric, PartnerSel, Query, Target};
use tumen_atlas::data::{Basis, Dataset, Flow, SourceId};

fn data() -> Dataset {
    Dataset::bundled().expect("bundled data loads")
}

fn q(data: &Dataset, region: &str, partner: &str, metric: Metric) -> Query {
    Query::new(
        Target::resolve(region, &data.geo, &data.trade).expect("region"),
        PartnerSel::resolve(partner, &data.trade).expect("partner"),
        metric,
    )
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * b.abs().max(1.0)
}

#[test]
fn jilin_total_2018_and_2019_are_the_nbs_figures() {
    let d = data();
    let a = Analysis::new(&d);
    let query = q(&d, "CN-JL", "WLD", Metric::Total);
    let c18 = a.cell(&query, 2018);
    assert_eq!(c18.value, Some(20_679_164_000.0));
    assert_eq!(c18.basis, Some(Basis::Reporter));
    assert_eq!(
        c18.sources.iter().map(SourceId::as_str).collect::<Vec<_>>(),
        ["nbs-a060101"]
    );
    let c19 = a.cell(&query, 2019);
    assert!(close(c19.value.expect("2019"), 18_904_122_572.0));
}

#[test]
fn jilin_growth_2019_is_hand_computed() {
    let d = data();
    let c = Analysis::new(&d).cell(&q(&d, "吉林省", "WLD", Metric::Growth), 2019);
    let expected = (18_904_122.572 / 20_679_164.0 - 1.0) * 100.0;
    assert!(
        close(c.value.expect("growth"), expected),
        "{:?} vs {expected}",
        c.value
    );
    assert_eq!(c.unit, "%");
}

#[test]
fn nine_years_of_jilin_are_known() {
    let d = data();
    let series = Analysis::new(&d).series(&q(&d, "CN-JL", "WLD", Metric::Total), 2016..=2024);
    assert_eq!(series.len(), 9);
    assert!(
        series
            .iter()
            .all(|c| c.value.is_some() && c.basis == Some(Basis::Reporter))
    );
}

#[test]
fn ne3_trade_gdp_2019_is_hand_computed_with_its_sources() {
    let d = data();
    let c = Analysis::new(&d).cell(&q(&d, "NE3", "WLD", Metric::TradeGdp), 2019);
    let trade_usd = (105_320_038.133 + 18_904_122.572 + 27_108_644.974) * 1e3;
    let gdp_cny = (24_855.3 + 11_726.8 + 13_544.4) * 1e8;
    let expected = trade_usd * 6.9081 / gdp_cny * 100.0;
    assert!(
        close(c.value.expect("known"), expected),
        "{:?} vs {expected}",
        c.value
    );
    let sources: Vec<&str> = c.sources.iter().map(SourceId::as_str).collect();
    assert_eq!(sources, ["fred-aexchus", "nbs-a060101", "nbs-gdp-kaggle"]);
}

#[test]
fn a_set_with_a_missing_member_is_unknown_and_names_it() {
    let d = data();
    // Heilongjiang and Liaoning publish no trade with Korea in the bundled data; Jilin neither.
    let c = Analysis::new(&d).cell(&q(&d, "NE3", "KOR", Metric::Total), 2019);
    assert_eq!(c.value, None);
    for m in ["CN-LN", "CN-JL", "CN-HL"] {
        assert!(
            c.missing.iter().any(|x| x.starts_with(m)),
            "{m} in {:?}",
            c.missing
        );
    }
    assert!(c.sources.is_empty());
}

#[test]
fn gdp_ratios_are_unknown_where_a_part_is_missing_and_say_which() {
    let d = data();
    let a = Analysis::new(&d);
    // Population starts in 2000: GDP per head in 1995 is a gap that names what is missing.
    let c = a.cell(&q(&d, "CN-JL", "WLD", Metric::GdpPcRel), 1995);
    assert_eq!(c.value, None);
    assert!(
        c.missing
            .iter()
            .any(|m| m.starts_with("CN-JL population 1995")),
        "{:?}",
        c.missing
    );
    // China's own national trade total is shipped for every year (NBS, GACC), but national GDP
    // only to 2020: trade/GDP for 2021 is unknown and says which part is missing.
    let c = a.cell(&q(&d, "CHN", "WLD", Metric::TradeGdp), 2021);
    assert_eq!(c.value, None);
    assert!(
        c.missing.iter().any(|m| m.starts_with("CHN gdp 2021")),
        "{:?}",
        c.missing
    );
    // The national total is China's published figure, never the sum of the provinces.
    let t = a.cell(&q(&d, "CHN", "WLD", Metric::Total), 2018);
    assert_eq!(
        t.sources.iter().map(SourceId::as_str).collect::<Vec<_>>(),
        ["cri-it-2019-chn"]
    );
}

#[test]
fn bases_are_never_mixed_and_the_basis_is_stated() {
    let d = data();
    let a = Analysis::new(&d);
    // China-Korea exists only as Korean (partner-basis) statistics: the cell says so.
    let c = a.cell(&q(&d, "CHN", "KOR", Metric::Total), 2015);
    assert_eq!(c.basis, Some(Basis::Partner));
    assert_eq!(
        c.sources.iter().map(SourceId::as_str).collect::<Vec<_>>(),
        ["kosis-kor-chn"]
    );
    // Asking for the reporter basis explicitly gives no value rather than the mirror figure.
    let mut query = q(&d, "CHN", "KOR", Metric::Total);
    query.basis = Some(Basis::Reporter);
    let c = a.cell(&query, 2015);
    assert_eq!((c.value, c.basis), (None, Some(Basis::Reporter)));
}

#[test]
fn a_total_is_derived_from_export_plus_import_of_the_same_source() {
    let d = data();
    let c = Analysis::new(&d).cell(&q(&d, "CHN", "KOR", Metric::Total), 2015);
    let t = &d.trade;
    let part = |flow| {
        t.flow_rows("CHN", "KOR", 2015, flow, Basis::Partner)
            .find_map(|r| r.value_usd)
            .expect("KOSIS flow")
    };
    assert!(close(
        c.value.expect("derived"),
        part(Flow::Export) + part(Flow::Import)
    ));
    assert!(
        c.notes
            .iter()
            .any(|n| n.contains("total = export + import")),
        "{:?}",
        c.notes
    );
}

#[test]
fn the_choice_between_sources_is_deterministic_and_reported() {
    let d = data();
    // Jilin 2022: NBS (thousand USD) and the provincial government (100 million CNY).
    let c = Analysis::new(&d).cell(&q(&d, "CN-JL", "WLD", Metric::Total), 2022);
    assert_eq!(c.value, Some(23_390_000_000.0));
    assert_eq!(
        c.sources.iter().map(SourceId::as_str).collect::<Vec<_>>(),
        ["nbs-a060101"]
    );
    assert_eq!(
        c.alternatives
            .iter()
            .map(SourceId::as_str)
            .collect::<Vec<_>>(),
        ["jlgov-2023-trade"]
    );
    assert!(!c.converted);
}

#[test]
fn nea4_needs_all_four_partners() {
    let d = data();
    let c = Analysis::new(&d).cell(&q(&d, "CHN", "NEA4", Metric::Total), 2019);
    assert_eq!(c.partner, "NEA4");
    // Japan and Korea are published for 2019 as mirror (partner-basis) statistics, North Korea
    // and Russia as China's own: no single basis has all four, so the group is unknown.
    assert_eq!(c.value, None);
    assert!(!c.missing.is_empty());
}

/// A small synthetic table, so that group arithmetic can be checked exactly.
fn synthetic() -> Dataset {
    use tumen_atlas::data::trade::{
        BUNDLED_EVENTS, BUNDLED_INDICATORS, BUNDLED_PARTNERS, BUNDLED_SOURCES, TradeData,
    };
    let flows = "reporter,partner,year,flow,value,unit,basis,source,note
CN-JL,WLD,2030,total,100,million USD,reporter,nbs-a060101,synthetic
CN-JL,JPN,2030,total,10,million USD,reporter,nbs-a060101,synthetic
CN-JL,KOR,2030,total,20,million USD,reporter,nbs-a060101,synthetic
CN-JL,PRK,2030,total,5,million USD,reporter,nbs-a060101,synthetic
CN-JL,RUS,2030,total,15,million USD,reporter,nbs-a060101,synthetic
CN-JL,RUS,2030,total,99,million USD,partner,nbs-a060101,synthetic
";
    let mut d = data();
    d.trade = TradeData::from_tables(
        flows,
        BUNDLED_INDICATORS,
        BUNDLED_SOURCES,
        BUNDLED_EVENTS,
        BUNDLED_PARTNERS,
    )
    .expect("synthetic tables");
    d
}

#[test]
fn nea4_and_rest_of_world_are_sums_on_one_basis() {
    let d = synthetic();
    let a = Analysis::new(&d);
    let c = a.cell(&q(&d, "CN-JL", "NEA4", Metric::Total), 2030);
    assert_eq!((c.value, c.basis), (Some(50e6), Some(Basis::Reporter)));
    let mut share = q(&d, "CN-JL", "NEA4", Metric::Share);
    share.flow = Flow::Total;
    assert_eq!(a.cell(&share, 2030).value, Some(50.0));
    let row = Query::new(
        Target::resolve("CN-JL", &d.geo, &d.trade).expect("region"),
        PartnerSel::RestOfWorld {
            listed: vec!["JPN".into(), "KOR".into()],
        },
        Metric::Total,
    );
    let c = a.cell(&row, 2030);
    assert_eq!((c.value, c.partner.as_str()), (Some(70e6), "WLD-JPN+KOR"));
    let mut partner_only = q(&d, "CN-JL", "NEA4", Metric::Total);
    partner_only.basis = Some(Basis::Partner);
    let c = a.cell(&partner_only, 2030);
    assert_eq!(c.value, None);
    assert_eq!(c.missing.len(), 3, "{:?}", c.missing);
}

#[test]
fn share_and_balance_follow_their_definitions() {
    let d = data();
    let a = Analysis::new(&d);
    let mut share = q(&d, "CHN", "KOR", Metric::Share);
    share.flow = Flow::Export;
    let c = a.cell(&share, 2019);
    // No world total for China on the partner basis: the share is unknown, not 100 % or 0.
    assert_eq!(c.value, None);
    // China-DPRK 2012 on China's own basis: NBS 万美元 (exports 353240, imports 250376.3) is the
    // finest published unit; the press figures (3532.6 / 2501.3 million USD) are alternatives.
    let b = a.cell(&q(&d, "CHN", "PRK", Metric::Balance), 2012);
    assert_eq!(b.basis, Some(Basis::Reporter));
    assert!(close(
        b.value.expect("balance"),
        (353_240.0 - 250_376.3) * 1e4
    ));
    assert!(
        b.alternatives
            .iter()
            .any(|s| s.as_str() == "dailynk-2013-prk")
    );
}

#[test]
fn the_cache_returns_what_the_analysis_computes() {
    let d = data();
    let a = Analysis::new(&d);
    let query = q(&d, "NE3", "WLD", Metric::Total);
    let mut cache = CellCache::default();
    let cached = cache.get(&a, &query, 2019).clone();
    assert_eq!(cached, a.cell(&query, 2019));
    assert_eq!(a.years_covered(&query), (2016..=2024).collect::<Vec<_>>());
}

#[test]
fn jilin_gdp_per_head_2019_against_the_national_figure_is_hand_computed() {
    // Jilin 11726.8 (100 million CNY) / 2691 (10 000 persons) against China's national GDP
    // 986515.2 / 140005: NBS's national figure, never the sum of the provinces.
    let d = data();
    let c = Analysis::new(&d).cell(&q(&d, "CN-JL", "WLD", Metric::GdpPcRel), 2019);
    let expected = ((11_726.8 / 2_691.0) / (986_515.2 / 140_005.0) - 1.0) * 100.0;
    assert!(
        close(c.value.expect("known"), expected),
        "{:?} vs {expected}",
        c.value
    );
    let sources: Vec<&str> = c.sources.iter().map(SourceId::as_str).collect();
    assert!(sources.contains(&"gmd-ngdp-chn"), "{sources:?}");
    // Population ends in 2019: 2020 is a gap, not a number.
    let c20 = Analysis::new(&d).cell(&q(&d, "CN-JL", "WLD", Metric::GdpPcRel), 2020);
    assert_eq!(c20.value, None);
    assert!(
        c20.missing.iter().any(|m| m.contains("population 2020")),
        "{:?}",
        c20.missing
    );
}

#[test]
fn trade_per_head_is_trade_over_population_and_a_year_without_population_is_unknown() {
    let d = data();
    let a = Analysis::new(&d);
    // Jilin 2019: NBS total trade 18 904 122.572 thousand USD over 2 691 (10 thousand persons).
    let c = a.cell(&q(&d, "CN-JL", "WLD", Metric::TradePerHead), 2019);
    let expected = 18_904_122_572.0 / 26_910_000.0;
    assert!(close(c.value.expect("2019"), expected), "{:?}", c.value);
    assert_eq!(c.unit, "USD per person");
    assert_eq!(
        c.sources.iter().map(SourceId::as_str).collect::<Vec<_>>(),
        ["nbs-a060101", "nbs-yearbook-pop"]
    );
    // The bundled population ends in 2019: 2020 is a gap that names what is missing, not 0.
    let gap = a.cell(&q(&d, "NE3", "WLD", Metric::TradePerHead), 2020);
    assert_eq!(gap.value, None);
    for member in ["CN-LN", "CN-JL", "CN-HL"] {
        let wanted = format!("{member} population 2020");
        assert!(gap.missing.contains(&wanted), "{:?}", gap.missing);
    }
}

#[test]
fn a_partner_id_the_data_does_not_know_has_no_figures_never_the_worlds() {
    use tumen_atlas::data::PartnerId;
    let d = data();
    let a = Analysis::new(&d);
    let jilin = Target::resolve("CN-JL", &d.geo, &d.trade).expect("region");
    let unknown = PartnerId::new("ZZZ");
    assert!(!unknown.is_known(&d.trade.partners));
    let cell = a.cell(
        &Query::new(jilin.clone(), PartnerSel::of(&unknown), Metric::Total),
        2018,
    );
    assert_eq!(cell.value, None, "no data, not world totals");
    let world = a.cell(
        &Query::new(jilin, PartnerSel::of(&PartnerId::world()), Metric::Total),
        2018,
    );
    assert_eq!(world.value, Some(20_679_164_000.0));
    assert_eq!(
        PartnerId::resolve("South Korea", &d.trade.partners),
        Some(PartnerId::new("KOR"))
    );
    assert_eq!(
        PartnerId::resolve("nea4", &d.trade.partners),
        Some(PartnerId::new("NEA4"))
    );
}
