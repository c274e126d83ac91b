#!/usr/bin/env bash
# Trunk's post_build hook (Trunk.toml), run in the staging directory's place before Trunk
# copies it to dist/:
#  1. builds the page's two other wasm modules with the page's profile and writes their glue and
#     wasm next to the page:
#     - the analyser (src/bin/analyser.rs: reading and classifying, run in the page's worker):
#       analyser.js + analyser_bg.wasm;
#     - the .xlsx report module (src/bin/report.rs, fetched when a report is first asked for):
#       report.js + report_bg.wasm;
#     SHINCHOKU_FEATURES (e.g. `bench`, set by scripts/bench.sh) is passed to cargo;
#  2. runs wasm-opt on every wasm there (scripts/wasm-opt.sh).
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
features=()
if [ -n "${SHINCHOKU_FEATURES:-}" ]; then
  features=(--features "$SHINCHOKU_FEATURES")
fi
for module in analyser report; do
  cargo build --quiet --locked --profile "$profile" --target wasm32-unknown-unknown "${features[@]}" --bin "shinchoku-$module"
  wasm-bindgen --target web --no-typescript --out-dir "$TRUNK_STAGING_DIR" --out-name "$module" \
    "$target/wasm32-unknown-unknown/$dir/shinchoku-$module.wasm"
done
bash "$root/scripts/wasm-opt.sh"
