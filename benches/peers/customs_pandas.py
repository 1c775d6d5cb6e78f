#!/usr/bin/env python3
"""Peer of `tumen-atlas check-data FILE` on a China Customs query export: pandas reads it with
`thousands=','` and sums it to annual values by province, partner and year. Used by
benches/peers/compare.py.

  customs_pandas.py FILE.csv
"""
import sys

import pandas as pd


def main(path):
    df = pd.read_csv(path, thousands=",", dtype={"注册地编码": str, "商品编码": str})
    df["year"] = df["数据年月"] // 100
    annual = df.groupby(["注册地编码", "贸易伙伴名称", "year"])["美元"].sum()
    print(f"{path}: {len(df)} rows, {len(annual)} annual values")


if __name__ == "__main__":
    main(sys.argv[1])
