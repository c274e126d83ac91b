#!/usr/bin/env bash
# Installs whatever is missing and runs every test: native unit, integration and property
# tests; clippy, native and for wasm32, with warnings denied; the library built for wasm32; the
# browser tests in headless Chromium against the built page; and a bounded fuzz run. CI runs
# exactly this (.ci/run).
#
# Every step runs even when an earlier one fails (a failing browser test must not hide the fuzz
# run's result); the failures are listed at the end and the script then exits non-zero.
set -uo pipefail
cd "$(dirname "$0")/.."
# Without the tools nothing below can run: a failed setup stops here.
scripts/setup.sh test || exit 1
export PATH="$HOME/.cargo/bin:$PATH"

failed=()
step() { printf '\n\033[1m== %s\033[0m\n' "$1"; }
# run NAME COMMAND...: runs one step; a failure is recorded and the next step still runs.
run() {
  local name=$1
  shift
  step "$name"
  if ! "$@"; then
    failed+=("$name")
    printf '\033[1;31m== FAILED: %s\033[0m\n' "$name"
  fi
}

if ! cargo clippy --version >/dev/null 2>&1; then
  rustup component add clippy
fi
run "native tests (cargo test)" cargo test --workspace --quiet
run "clippy, native (warnings are errors; the modules that read input deny panicking code)" \
  cargo clippy --workspace --all-targets --quiet -- -D warnings
run "clippy, wasm32" cargo clippy --target wasm32-unknown-unknown --quiet -- -D warnings
run "library and app build for wasm32-unknown-unknown" cargo build --quiet --target wasm32-unknown-unknown
run "browser tests (headless Chromium)" tests/browser/run.sh
run "bounded fuzz run" scripts/fuzz.sh

if [ ${#failed[@]} -gt 0 ]; then
  printf '\n\033[1;31m== %d step(s) failed:\033[0m\n' "${#failed[@]}"
  printf '   - %s\n' "${failed[@]}"
  exit 1
fi
step "all tests passed"
