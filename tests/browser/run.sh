#!/usr/bin/env bash
# Builds the page and runs the browser tests in the system's headless Chromium.
# Honours CARGO_TARGET_DIR; needs trunk, wasm-bindgen-cli (matching Cargo.lock), node and chromium.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$root"
trunk build --offline --release
# The panic test needs the app's deliberate panic, which only a build with the test-hooks
# feature exports (never the shipped page): a second build into its own folder.
hooks="${CARGO_TARGET_DIR:-$root/target}/test-hooks-dist"
trunk build --offline --release --features test-hooks --dist "$hooks"
cd "$here"
if [ ! -d node_modules ]; then
  npm ci --no-audit --no-fund || npm install --no-audit --no-fund
fi
# Both runs run; either failing fails the script.
status=0
node --test --test-concurrency=1 $(ls ./*.test.mjs | grep -v '^./panic.test.mjs$') || status=1
SHINCHOKU_DIST="$hooks" node --test ./panic.test.mjs || status=1
exit "$status"
