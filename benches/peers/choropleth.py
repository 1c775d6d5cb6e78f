#!/usr/bin/env python3
"""Peer of `tumen-atlas export --view map --year 2019`: what a researcher would write with
geopandas + matplotlib to draw China's provinces coloured by 2019 total trade from the same
files (data/geo/regions.geojson, data/trade/flows.csv), as a 1600x1000 PNG with a legend and
a title. Used by benches/peers/compare.py; the picture is not part of the project.

  choropleth.py OUT.png
"""
import os
import sys

import geopandas as gpd
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")


def main(out):
    regions = gpd.read_file(os.path.join(ROOT, "data", "geo", "regions.geojson"))
    flows = pd.read_csv(os.path.join(ROOT, "data", "trade", "flows.csv"))
    sel = flows[(flows.partner == "WLD") & (flows.year == 2019) & (flows.flow == "total")
                & (flows.basis == "reporter") & (flows.unit == "thousand USD")]
    values = sel.set_index("reporter")["value"] * 1000.0
    regions["total_usd_bn"] = regions["id"].map(values) / 1e9
    fig, ax = plt.subplots(figsize=(16, 10), dpi=100)
    regions[regions.level == "country"].plot(ax=ax, color="#dddddd", edgecolor="#666666",
                                             linewidth=0.6)
    provinces = regions[(regions.level == "admin1") & regions.id.str.startswith("CN-")]
    provinces.plot(ax=ax, column="total_usd_bn", cmap="YlOrRd", legend=True,
                   edgecolor="#444444", linewidth=0.4,
                   legend_kwds={"label": "Total trade with all partners, 2019 (billion USD)"},
                   missing_kwds={"color": "#cccccc", "label": "no data"})
    ax.set_title("Total trade with all partners, 2019 (source: National Bureau of Statistics of China)")
    ax.set_axis_off()
    fig.savefig(out, dpi=100)


if __name__ == "__main__":
    main(sys.argv[1])
