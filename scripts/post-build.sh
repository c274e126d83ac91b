#!/usr/bin/env bash
# Trunk's post_build hook (Trunk.toml), run in the staging directory's place before Trunk
# copies it to dist/:
#  1. builds the .xlsx report module (src/bin/report.rs) with the page's profile and writes
#     report.js + report_bg.wasm next to the page (the page fetches them when a report is
#     first asked for, src/ui/report_module.rs);
#  2. runs wasm-opt -Oz on every wasm there (scripts/wasm-opt.sh).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
target="${CARGO_TARGET_DIR:-$root/target}"
if [ "${TRUNK_PROFILE:-debug}" = "release" ]; then
  profile=wasm-release
  dir=wasm-release
else
  profile=dev
  dir=debug
fi
cargo build --quiet --locked --profile "$profile" --target wasm32-unknown-unknown --bin shinchoku-report
wasm-bindgen --target web --no-typescript --out-dir "$TRUNK_STAGING_DIR" --out-name report \
  "$target/wasm32-unknown-unknown/$dir/shinchoku-report.wasm"
bash "$root/scripts/wasm-opt.sh"
