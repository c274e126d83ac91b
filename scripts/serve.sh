#!/usr/bin/env bash
# Installs whatever is missing, builds the page and serves it on http://127.0.0.1:8080/.
# Open it in a browser and press 「サンプルを読み込む」 to see the built-in sample.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh app
export PATH="$HOME/.cargo/bin:$PATH"
port=${PORT:-8080}
echo "shinchoku: serving on http://127.0.0.1:$port/ (Ctrl-C to stop)"
exec trunk serve --offline --release --address 127.0.0.1 --port "$port"
