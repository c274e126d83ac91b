#!/usr/bin/env bash
# Runs the browser suite and the native suite several times in a row with every core kept busy,
# to find tests that pass on an idle machine and fail on a loaded one (CI's machine is a busy
# 2-core one). Not part of .ci/run: it takes about an hour.
#
#   scripts/flake-hunt.sh              # 5 runs of each suite, one CPU burner per core
#   scripts/flake-hunt.sh 3            # 3 runs of each
#   RUNS_ONLY=browser scripts/flake-hunt.sh   # one suite only (browser or native)
#   TESTS=print.test.mjs scripts/flake-hunt.sh 20   # one browser test file, 20 times
#
# The load is one busy loop per core (`nproc`), started here and stopped on exit, whatever
# happens. Prints each run's result and time, and exits non-zero if any run failed.
set -uo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
only=${RUNS_ONLY:-}
export PATH="$HOME/.cargo/bin:$PATH"

say() { printf '\033[1m[flake-hunt]\033[0m %s\n' "$*"; }

scripts/setup.sh test >/dev/null || exit 1
say "building once: the native tests, the page and its test-hooks build"
cargo test --workspace --no-run --quiet || exit 1
hooks="${CARGO_TARGET_DIR:-$(pwd)/target}/test-hooks-dist"
trunk build --offline --release >/dev/null 2>&1 || exit 1
trunk build --offline --release --features test-hooks --dist "$hooks" >/dev/null 2>&1 || exit 1

burners=()
stop_burners() {
  [ ${#burners[@]} -gt 0 ] && kill "${burners[@]}" 2>/dev/null
  burners=()
}
trap stop_burners EXIT INT TERM
cores=$(nproc)
for _ in $(seq "$cores"); do
  # A busy loop in its own shell: 100 % of one core until killed.
  bash -c 'while :; do :; done' &
  burners+=("$!")
done
say "load: $cores busy loops (pids ${burners[*]})"

results=()
failed=0
browser_run() {
  (
    cd tests/browser || exit 1
    if [ -n "${TESTS:-}" ]; then
      # shellcheck disable=SC2086
      node --test --test-concurrency=1 $TESTS
    else
      node --test --test-concurrency=1 $(ls ./*.test.mjs | grep -v '^./panic.test.mjs$') &&
        SHINCHOKU_DIST="$hooks" node --test ./panic.test.mjs
    fi
  )
}
native_run() { cargo test --workspace --quiet; }

for suite in browser native; do
  [ -n "$only" ] && [ "$only" != "$suite" ] && continue
  for i in $(seq "$runs"); do
    log="target/flake-hunt-$suite-$i.log"
    start=$(date +%s)
    if "${suite}_run" >"$log" 2>&1; then outcome=pass; else outcome=FAIL; failed=$((failed + 1)); fi
    secs=$(($(date +%s) - start))
    line="$suite run $i/$runs: $outcome in ${secs}s ($(grep -hE '^# (pass|fail) ' "$log" | tr '\n' ' ')$(grep -hE '^test result' "$log" | awk '{p+=$4; f+=$6} END {if (NR) printf "%d passed, %d failed", p, f}'))"
    say "$line"
    results+=("$line")
    [ "$outcome" = FAIL ] && say "  log: $log"
  done
done
stop_burners

say "summary (load: $cores busy loops on $cores cores):"
printf '  %s\n' "${results[@]}"
[ "$failed" -eq 0 ] || { say "$failed run(s) failed"; exit 1; }
say "every run passed"
