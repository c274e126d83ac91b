#!/usr/bin/env bash
# Takes the README's screenshots (docs/screenshots/*.png) from the real page, built fresh:
# the sample flow of both programmes in headless Chromium (tests/browser/screenshots.mjs).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh test
export PATH="$HOME/.cargo/bin:$PATH"
trunk build --offline --release
node tests/browser/screenshots.mjs
