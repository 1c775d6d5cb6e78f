#!/usr/bin/env python3
"""Times Tumen Atlas against the tools a researcher would use instead, as whole processes, the
two commands of each pair alternating, and prints medians and ratios (BENCHMARKS.md, issue 12).

  python3 -m venv /tmp/peers && /tmp/peers/bin/pip install -r benches/peers/requirements.txt
  cargo build --release
  python3 benches/peers/compare.py [--runs 5] [--jobs choropleth,customs1m,customs10m,window]

Jobs:
  choropleth  `export --view map --year 2019` (1600x1000 PNG) vs benches/peers/choropleth.py
  customs1m   `check-data` on a 1,011,840-row customs export vs benches/peers/customs_pandas.py
  customs10m  `check-data` on the 10,118,400-row export (wall time and peak RSS; no peer)
  window      the window under $DISPLAY (e.g. Xvfb): its `first frame after N ms` log line and
              its resident memory 3 s after start
The customs files are written by benches/peers/make_customs.py into --tmp when missing (never
commit them). Peak RSS comes from /usr/bin/time. Each process runs with a private HOME.
"""
import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))


def timed(cmd, env):
    """Wall seconds and peak RSS (MB) of one whole process."""
    t0 = time.perf_counter()
    p = subprocess.run(["/usr/bin/time", "-f", "maxrss_kb=%M", *cmd], env=env,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
    wall = time.perf_counter() - t0
    err = p.stderr.decode(errors="replace")
    m = re.search(r"maxrss_kb=(\d+)", err)
    if p.returncode != 0 or not m:
        sys.exit(f"{' '.join(cmd)} failed ({p.returncode}):\n{err[-2000:]}")
    return wall, int(m.group(1)) / 1024


def window_once(binary, env):
    """(first frame ms from the app's log, RSS MB 3 s after start) of one window start."""
    env = dict(env, RUST_LOG="info", LIBGL_ALWAYS_SOFTWARE="1")
    t0 = time.perf_counter()
    p = subprocess.Popen([binary], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                         text=True)
    first = None
    try:
        for line in p.stderr:
            m = re.search(r"first frame after (\d+) ms", line)
            if m:
                first = int(m.group(1))
                break
            if time.perf_counter() - t0 > 60:
                break
        time.sleep(max(0.0, 3.0 - (time.perf_counter() - t0)))
        with open(f"/proc/{p.pid}/status") as f:
            rss = next(int(l.split()[1]) for l in f if l.startswith("VmRSS:")) / 1024
    finally:
        p.terminate()
        p.wait(timeout=10)
    if first is None:
        sys.exit("the window never logged `first frame after N ms` (is $DISPLAY set?)")
    return first, rss


def customs_file(tmp, python, commodities, name):
    path = os.path.join(tmp, name)
    if not os.path.exists(path):
        subprocess.run([python, os.path.join(HERE, "make_customs.py"), "--commodities",
                        str(commodities), "--out", path], check=True)
    return path


def report(label, ours, peer):
    ow = statistics.median(w for w, _ in ours)
    orss = max(r for _, r in ours)
    line = f"{label}: tumen-atlas median {ow * 1000:.0f} ms (runs {', '.join(f'{w * 1000:.0f}' for w, _ in ours)}), peak RSS {orss:.0f} MB"
    if peer:
        pw = statistics.median(w for w, _ in peer)
        prss = max(r for _, r in peer)
        line += f"; peer median {pw * 1000:.0f} ms (runs {', '.join(f'{w * 1000:.0f}' for w, _ in peer)}), peak RSS {prss:.0f} MB; ratio {pw / ow:.2f}x"
    print(line, flush=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin", default=os.path.join(ROOT, "target", "release", "tumen-atlas"))
    ap.add_argument("--python", default="/tmp/peers/bin/python")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--tmp", default=tempfile.gettempdir())
    ap.add_argument("--jobs", default="choropleth,customs1m,customs10m,window")
    a = ap.parse_args()
    home = tempfile.mkdtemp(prefix="peers-home-")
    env = dict(os.environ, HOME=home, XDG_CONFIG_HOME=os.path.join(home, ".config"),
               XDG_DATA_HOME=os.path.join(home, ".local"), MPLCONFIGDIR=os.path.join(home, "mpl"))
    jobs = a.jobs.split(",")
    print(f"machine: {os.cpu_count()} cores; {a.runs} runs per command, alternating", flush=True)
    if "choropleth" in jobs:
        out = os.path.join(a.tmp, "peers-map.png")
        ours_cmd = [a.bin, "export", "--view", "map", "--year", "2019", "--size", "1600x1000",
                    "--force", "--out", out]
        peer_cmd = [a.python, os.path.join(HERE, "choropleth.py"), os.path.join(a.tmp, "peers-map-py.png")]
        ours, peer = [], []
        for _ in range(a.runs):
            ours.append(timed(ours_cmd, env))
            peer.append(timed(peer_cmd, env))
        report("choropleth PNG 1600x1000 (export --view map)", ours, peer)
    if "customs1m" in jobs:
        f = customs_file(a.tmp, a.python, 68, "peers-customs_出口_2023.csv")
        ours, peer = [], []
        for _ in range(a.runs):
            ours.append(timed([a.bin, "check-data", f], env))
            peer.append(timed([a.python, os.path.join(HERE, "customs_pandas.py"), f], env))
        report("customs export, 1,011,840 rows (check-data)", ours, peer)
    if "customs10m" in jobs:
        f = customs_file(a.tmp, a.python, 680, "peers-customs_出口_2023_10m.csv")
        ours = [timed([a.bin, "check-data", f], env) for _ in range(a.runs)]
        report("customs export, 10,118,400 rows (check-data)", ours, None)
    if "window" in jobs:
        if not os.environ.get("DISPLAY"):
            sys.exit("window: set DISPLAY (e.g. Xvfb :12 & DISPLAY=:12)")
        runs = [window_once(a.bin, env) for _ in range(a.runs)]
        print(f"window: first frame median {statistics.median(f for f, _ in runs):.0f} ms "
              f"(runs {', '.join(str(f) for f, _ in runs)}); RSS 3 s after start median "
              f"{statistics.median(r for _, r in runs):.0f} MB (runs {', '.join(f'{r:.0f}' for _, r in runs)})",
              flush=True)


if __name__ == "__main__":
    main()
