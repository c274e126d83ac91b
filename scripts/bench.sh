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
# 2. native: the scanner's differential test on the national files (release), then criterion's
#    `cargo bench --bench pipeline` (reading alone with the scanner and with calamine, read +
#    detect + extract, classify, whole; throughput in cells/s);
# 3. builds the page (release, as shipped, plus the probes of `--features bench`) into
#    $CARGO_TARGET_DIR/bench-dist and, in headless
#    Chromium on loopback, prints: the three wasm modules' sizes raw and gzipped, cold load to
#    interactive, drop → counts and drop → table per national file (2 s after opening and at
#    once; first drop in a fresh browser and median of repeats) against SheetJS's XLSX.read +
#    sheet_to_json of the same bytes in the same page and against the inflate-and-scan floor
#    (the ratios), peak renderer memory against the inflated XML, and filter / sort / as-of
#    timings over a synthetic 100,000-item file, the twelve monthly files dropped together:
#    drop → every figure of 推移と見込み and the page's longest stall, and a 特定移行支援 list of
#    20,000 and 200,000 unknown bodies: drop → notes settled, the longest main-thread stall
#    (tests/browser/bench.mjs);
# 4. before the page: the peak memory and CPU of reading each national file alone
#    (`examples/load_peak.rs`) and of `check --format csv` (/usr/bin/time), and the CLI's time
#    and output lines on that 200,000-row list.
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
echo "== the .xlsx scanner against calamine on the national files (cell for cell)"
cargo test --release --test scanner -- --ignored 2>&1 | grep -E '^test |test result' || true
echo "== native (criterion)"
cargo bench --bench pipeline 2>&1 | grep -E '^[a-z_]+/|time:|thrpt:' || true

cargo build --release --quiet --bin shinchoku --example load_peak
echo "== native peak memory and CPU (release): reading alone (load), then the whole check --format csv"
for f in wide long steps; do
  file="target/national/national_$f.xlsx"
  /usr/bin/time -f "national_$f load: %U s user, %S s sys, %e s wall, peak RSS %M KB" \
    "$target/release/examples/load_peak" "$file" >/dev/null
  /usr/bin/time -f "national_$f check: %U s user, %S s sys, %e s wall, peak RSS %M KB" \
    "$target/release/shinchoku" check "$file" --format csv --as-of 2026-12-01 >/dev/null
done

echo "== CLI: a 特定移行支援 list of 200,000 bodies no file reports (issue 17)"
list="$target/notes_200000.csv"
awk 'BEGIN { printf "特定移行支援システム一覧\r\n都道府県名,市区町村名,業務名\r\n";
  for (i = 0; i < 200000; i++) printf "Ｘ県,架空%d市,住民記録\r\n", i }' > "$list"
for format in table json; do
  start=$(date +%s%N)
  "$target/release/shinchoku" check tests/fixtures/register_steps_tottori.xlsx "$list" --as-of 2026-01-31 \
    --format "$format" >"$target/notes.out" 2>"$target/notes.err" || true
  end=$(date +%s%N)
  echo "check --format $format: $(( (end - start) / 1000000 )) ms; stderr $(wc -l <"$target/notes.err") lines, stdout $(wc -l <"$target/notes.out") lines"
done

echo "== page build (release)"
# The analyser module with the benchmark probes (src/bin/analyser.rs, `bench` feature): the floor
# (inflate and scan), calamine alone and read + detect + extract, timed on the page's thread
# next to drop → counts. The shipped modules are built without them; the page's wasm is the same.
SHINCHOKU_FEATURES=bench trunk build --offline --release --dist "$target/bench-dist" >/dev/null
echo "== browser (headless Chromium, loopback)"
DIST="$target/bench-dist" node tests/browser/bench.mjs
