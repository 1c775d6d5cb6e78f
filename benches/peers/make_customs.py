#!/usr/bin/env python3
"""Writes a synthetic China Customs query export for the import benchmarks (never committed:
write it under /tmp). The layout is the one of benches/import.rs: 数据年月,贸易伙伴名称,
注册地编码,商品编码,美元 with quoted thousands, 12 months x 40 partners (the first 40
Chinese names in data/partners.csv) x 31 provinces x N commodity codes, flow 出口 from the
file name. Every value is made up; none is real trade data.

  make_customs.py --commodities 68  --out /tmp/customs_出口_2023.csv      # 1,011,840 rows
  make_customs.py --commodities 680 --out /tmp/customs_出口_2023_10m.csv  # 10,118,400 rows

--messy adds the faults a real export has, for comparing two builds' import reports:
CRLF line ends, blank rows, a quoted commodity name with a comma and a newline, duplicate
rows, an unknown partner, a negative and a non-numeric value, an unknown 注册地.
"""
import argparse
import csv
import os

PROVINCES = ["11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35",
             "36", "37", "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54",
             "61", "62", "63", "64", "65"]


def partners():
    here = os.path.dirname(os.path.abspath(__file__))
    with open(os.path.join(here, "..", "..", "data", "partners.csv"), encoding="utf-8") as f:
        names = [r["name_zh"] for r in csv.DictReader(f) if r["name_zh"]]
    return names[:40]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--commodities", type=int, default=68)
    ap.add_argument("--out", required=True)
    ap.add_argument("--messy", action="store_true")
    a = ap.parse_args()
    names = partners()
    end = "\r\n" if a.messy else "\n"
    n = 0
    with open(a.out, "w", encoding="utf-8", newline="") as f:
        f.write("数据年月,贸易伙伴名称,注册地编码,商品编码,美元" + end)
        for commodity in range(1, a.commodities + 1):
            code = f"{commodity:02}"
            if a.messy and commodity == 2:
                code = '"02 live animals, other\nand products"'
            out = []
            for province in PROVINCES:
                for partner in names:
                    for month in range(1, 13):
                        n += 1
                        v = 1_000 + (n * 7919) % 9_000_000
                        out.append(f'2023{month:02},{partner},{province},{code},"{v // 1000},{v % 1000:03}"{end}')
                        if a.messy and n % 50_021 == 0:
                            out.append(out[-1])  # a duplicate
                            out.append(",,,," + end)
                            out.append(f"2023{month:02},亚特兰蒂斯,{province},{code},1{end}")
                            out.append(f"2023{month:02},{partner},99,{code},1{end}")
                            out.append(f"2023{month:02},{partner},{province},x{code},-5{end}")
                            out.append(f"2023{month:02},{partner},{province},y{code},n/a{end}")
            f.write("".join(out))
    print(f"{a.out}: {n} rows")


if __name__ == "__main__":
    main()
