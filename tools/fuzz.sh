#!/usr/bin/env bash
# Runs every fuzz target in fuzz/ for SECONDS each (default 600), two at a time, at low
# priority. Needs the nightly toolchain; installs cargo-fuzz from crates.io if it is missing.
# No sanitizer (-s none): the code forbids unsafe, and ASan would double the build of eframe.
# Findings land in fuzz/artifacts/<target>/; logs in fuzz/logs/<target>.log (both git-ignored).
set -euo pipefail
SECONDS_EACH="${1:-600}"
JOBS="${FUZZ_JOBS:-2}"
cd "$(dirname "$0")/../fuzz"
if ! cargo fuzz --version >/dev/null 2>&1; then
    cargo install cargo-fuzz --locked
fi
nice -n 10 cargo +nightly fuzz build -O -s none
mkdir -p logs
run() {
    local t="$1"
    mkdir -p "corpus/$t"
    nice -n 10 cargo +nightly fuzz run -O -s none "$t" "corpus/$t" "seeds/$t" -- \
        -max_total_time="$SECONDS_EACH" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
        >"logs/$t.log" 2>&1 || echo "$t: finding (see fuzz/logs/$t.log and fuzz/artifacts/$t/)"
    echo "$t: $(grep -E 'stat::number_of_executed_units' "logs/$t.log" | tail -1 | awk '{print $2}') runs," \
        "corpus $(find "corpus/$t" -type f | wc -l) files"
}
targets=$(cargo +nightly fuzz list)
for t in $targets; do
    while [ "$(jobs -rp | wc -l)" -ge "$JOBS" ]; do wait -n; done
    run "$t" &
done
wait
