#!/usr/bin/env bash
# Run by scripts/post-build.sh (Trunk's post_build hook): shrinks the staged wasm with Binaryen's wasm-opt -Oz in
# release builds. wasm-opt comes from npm's `binaryen` package (it runs on node), installed
# into tools/wasm-opt by scripts/setup.sh; Trunk's own wasm-opt download is not possible
# offline. Without it the build still works, the wasm is just larger (a warning says so).
set -euo pipefail
[ "${TRUNK_PROFILE:-}" = release ] || exit 0
root="$(cd "$(dirname "$0")/.." && pwd)"
opt="$root/tools/wasm-opt/node_modules/.bin/wasm-opt"
if [ ! -x "$opt" ] || ! command -v node >/dev/null; then
  echo "[wasm-opt] not installed (run scripts/setup.sh app); the wasm is left unoptimised" >&2
  exit 0
fi
for wasm in "$TRUNK_STAGING_DIR"/*_bg.wasm; do
  [ -e "$wasm" ] || continue
  before=$(wc -c < "$wasm")
  # The features Rust's wasm32 target emits by default; wasm-opt must accept them.
  "$opt" -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
    --enable-mutable-globals --enable-reference-types --enable-multivalue --enable-simd "$wasm" -o "$wasm.opt"
  mv "$wasm.opt" "$wasm"
  echo "[wasm-opt] $(basename "$wasm"): $before -> $(wc -c < "$wasm") bytes" >&2
done
