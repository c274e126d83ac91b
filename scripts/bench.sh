#!/usr/bin/env bash
# Benchmarks that print figures (issue 5). Nothing here is a test: no figure can fail.
#
#   scripts/bench.sh          # everything below, about 10 minutes on 2 cores
#   RUNS=5 scripts/bench.sh   # more runs per browser figure (median is printed)
#   FILES=steps ONLY=national scripts/bench.sh   # one national file, drop figures only
#   ONLY=history scripts/bench.sh                # the twelve monthly files (SPEC §11) only
#   WAITS=2000 scripts/bench.sh                  # drop 2 s after opening only (default: 2000,0)
#
# 1. writes target/national/national_{wide,long,steps}.xlsx and the twelve monthly rate tables
#    national_monthly_{01..12}.xlsx with `cargo xtask national` if missing;
# 2. native: criterion's `cargo bench --bench pipeline` (read + detect + extract, classify,
#    whole; throughput in cells/s);
# 3. builds the page (release, as shipped, plus the probes of `--features bench`) into
#    $CARGO_TARGET_DIR/bench-dist and, in headless
#    Chromium on loopback, prints: the three wasm modules' sizes raw and gzipped, cold load to
#    interactive, drop → counts and drop → table per national file (2 s after opening and at
#    once; first drop in a fresh browser and median of repeats) against SheetJS's XLSX.read +
#    sheet_to_json of the same bytes in the same page and against the inflate-and-scan floor
#    (the ratios), peak renderer memory against the inflated XML, and filter / sort / as-of
#    timings over a synthetic 100,000-item file, and the twelve monthly files dropped together:
#    drop → every figure of 推移と見込み and the page's longest stall (tests/browser/bench.mjs).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh test
export PATH="$HOME/.cargo/bin:$PATH"
target="${CARGO_TARGET_DIR:-$PWD/target}"

if [ ! -f target/national/national_wide.xlsx ] || [ ! -f target/national/national_long.xlsx ] \
  || [ ! -f target/national/national_steps.xlsx ] || [ ! -f target/national/national_monthly_12.xlsx ]; then
  cargo xtask national
fi

echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "== native (criterion)"
cargo bench --bench pipeline 2>&1 | grep -E '^[a-z_]+/|time:|thrpt:' || true

echo "== page build (release)"
# The analyser module with the benchmark probes (src/bin/analyser.rs, `bench` feature): the floor
# (inflate and scan), calamine alone and read + detect + extract, timed on the page's thread
# next to drop → counts. The shipped modules are built without them; the page's wasm is the same.
SHINCHOKU_FEATURES=bench trunk build --offline --release --dist "$target/bench-dist" >/dev/null
echo "== browser (headless Chromium, loopback)"
DIST="$target/bench-dist" node tests/browser/bench.mjs
