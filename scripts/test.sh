#!/usr/bin/env bash
# Installs whatever is missing and runs every test: native unit, integration and property
# tests; clippy, native and for wasm32, with warnings denied; the library built for wasm32; the
# browser tests in headless Chromium against the built page; and a bounded fuzz run. CI runs
# exactly this (.ci/run).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh test
export PATH="$HOME/.cargo/bin:$PATH"

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "native tests (cargo test)"
cargo test --workspace --quiet

step "clippy, native and wasm32 (warnings are errors; the modules that read input deny panicking code)"
if ! cargo clippy --version >/dev/null 2>&1; then
  rustup component add clippy
fi
cargo clippy --workspace --all-targets --quiet -- -D warnings
cargo clippy --target wasm32-unknown-unknown --quiet -- -D warnings

step "library and app build for wasm32-unknown-unknown"
cargo build --quiet --target wasm32-unknown-unknown

step "browser tests (headless Chromium)"
tests/browser/run.sh

step "bounded fuzz run"
scripts/fuzz.sh

step "all tests passed"
