#!/bin/sh
# Window start-up and memory, whole processes, alternating: each round starts every binary
# given once (`benches/peers/compare.py --jobs window --runs 1`: its `first frame after N ms`
# log line and its resident memory 3 s after start), so that all of them see the same load.
# The empty eframe window (this directory) is the driver's and eframe's share; with
# EMPTY_WINDOW_TEXT=1 it draws one label. Needs $DISPLAY (e.g. Xvfb) and release builds:
#
#   CARGO_TARGET_DIR=target-release cargo build --release --bin tumen-atlas
#   CARGO_TARGET_DIR=target-release cargo build --release --manifest-path benches/empty-window/Cargo.toml
#   DISPLAY=:24 benches/empty-window/alternate.sh 5 target-release/release/tumen-atlas \
#       target-release/release/empty-window text:target-release/release/empty-window
#
# A binary written `text:PATH` runs with EMPTY_WINDOW_TEXT=1. Prints one line per run with
# the load average, so noisy rounds can be told apart.
set -eu
rounds=$1
shift
here=$(dirname "$0")
i=1
while [ "$i" -le "$rounds" ]; do
    for bin in "$@"; do
        case $bin in
        text:*) path=${bin#text:}; label="$path (one label)"; extra="EMPTY_WINDOW_TEXT=1" ;;
        *) path=$bin; label=$bin; extra="" ;;
        esac
        load=$(cut -d' ' -f1 /proc/loadavg)
        line=$(env $extra python3 "$here/../peers/compare.py" --bin "$path" --jobs window --runs 1 | grep '^window:')
        echo "round $i, load $load, $label: $line"
    done
    i=$((i + 1))
done
