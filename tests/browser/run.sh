#!/usr/bin/env bash
# Builds the page and runs the browser tests in the system's headless Chromium.
# Honours CARGO_TARGET_DIR; needs trunk, wasm-bindgen-cli (matching Cargo.lock), node and chromium.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$root"
trunk build --offline --release
cd "$here"
if [ ! -d node_modules ]; then
  npm ci --no-audit --no-fund || npm install --no-audit --no-fund
fi
node --test --test-concurrency=1 ./*.test.mjs
