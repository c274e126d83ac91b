#!/usr/bin/env bash
# Prints the peak memory (max RSS) and time of the CLI on each hostile or awkward fixture,
# with the one-line message it gives. The figures in README's "Reliability" section come
# from here. Needs GNU time (/usr/bin/time, Debian package `time`).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --quiet --release
printf '%-28s %10s %8s  %s\n' file "peak RSS" seconds "result"
for f in far_cell.xlsx zip_bomb.xlsx shared_strings_claim.xlsx ods_repeat.ods xls_dimensions.xls \
         password.xlsx truncated.xlsx garbage.xlsx html_saved_as.xls date1904.xlsx awkward.xlsx; do
  out=$(/usr/bin/time -f '%M %e' target/release/shinchoku check "tests/fixtures/$f" --as-of 2016-07-15 \
        --format json 2>&1 >/dev/null | grep -v '^Command exited' | tail -n 2) || true
  msg=$(printf '%s\n' "$out" | head -n 1)
  read -r kb secs < <(printf '%s\n' "$out" | tail -n 1)
  [ "$msg" = "$kb $secs" ] && msg="read"
  printf '%-28s %7s KB %8s  %s\n' "$f" "$kb" "$secs" "${msg#shinchoku: tests/fixtures/}"
done
