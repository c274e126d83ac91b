#!/usr/bin/env bash
# Installs whatever is missing on a fresh machine, and nothing that is already there.
#
#   scripts/setup.sh app    # what building and serving the page needs
#   scripts/setup.sh test   # that, plus what the browser tests need
#
# Versions are pinned where the machine needs them: trunk 0.21.14 (0.22 needs a newer rustc
# than 1.95) and wasm-bindgen-cli at exactly the wasm-bindgen version in Cargo.lock (trunk
# would otherwise download it, and this machine has no internet beyond package registries).
set -euo pipefail
cd "$(dirname "$0")/.."
what=${1:-app}

say() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }
export PATH="$HOME/.cargo/bin:$PATH"

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if [ "$(trunk --version 2>/dev/null)" != "trunk 0.21.14" ]; then
  say "installing trunk 0.21.14 (about 11 minutes, once)"
  cargo install trunk --version 0.21.14 --locked
fi

wb=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
if [ -n "$wb" ] && [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $wb" ]; then
  say "installing wasm-bindgen-cli $wb (matching Cargo.lock)"
  # --locked fails here on a yanked transitive version; the unlocked build works.
  cargo install wasm-bindgen-cli --version "$wb"
fi

if command -v node >/dev/null && [ ! -x tools/wasm-opt/node_modules/.bin/wasm-opt ]; then
  say "installing wasm-opt (npm's binaryen, runs on node) into tools/wasm-opt"
  (cd tools/wasm-opt && npm ci --no-audit --no-fund --loglevel=error)
fi

if [ "$what" = test ]; then
  if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
    say "installing Debian's chromium and chromium-driver"
    sudo_cmd=""
    [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
    $sudo_cmd apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq chromium chromium-driver >/dev/null
  fi
  if ! command -v pdftotext >/dev/null || ! fc-list :lang=ja 2>/dev/null | grep -q .; then
    say "installing Debian's poppler-utils (pdftotext) and a Japanese font, for the print test"
    sudo_cmd=""
    [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
    $sudo_cmd apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq poppler-utils fonts-ipafont-gothic >/dev/null
  fi
  if ! command -v node >/dev/null; then
    echo "[setup] node is required for the browser tests (Debian: apt-get install nodejs npm)" >&2
    exit 1
  fi
  if [ ! -d tests/browser/node_modules ]; then
    say "installing the browser tests' npm packages"
    (cd tests/browser && npm ci --no-audit --no-fund --loglevel=error)
  fi
fi
say "ready ($what)"
