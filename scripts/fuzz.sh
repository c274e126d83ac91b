#!/usr/bin/env bash
# Bounded coverage-guided fuzz run of every entry point that takes bytes or text.
#
#   scripts/fuzz.sh            # 15 s per target, about 90 s of fuzzing in all
#   scripts/fuzz.sh 600        # 10 minutes per target (the longer run, see fuzz/README.md)
#   scripts/fuzz.sh 60 date    # only the named targets
#
# Installs cargo-fuzz if it is missing, builds the targets with libFuzzer and AddressSanitizer
# on the stable toolchain (RUSTC_BOOTSTRAP=1 lets stable rustc take the -Z flags cargo-fuzz
# passes; see fuzz/README.md), seeds fuzz/corpus/<target>/ from tests/fixtures and fuzz/seeds,
# then runs each target. Exits non-zero if any target crashed, panicked, timed out or ran out
# of memory, and prints where the crashing input was written.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
seconds=${1:-15}
shift || true
targets=("$@")
# load-binary is the load target on a corpus of the binary formats alone (.xls, .xlsb, .ods), so
# that a short run spends its time in those readers rather than in the text formats.
[ ${#targets[@]} -eq 0 ] && targets=(load load-binary csv date profile wire register scanner)

CARGO_FUZZ_VERSION=0.13.2

say() { printf '\033[1m[fuzz]\033[0m %s\n' "$*"; }
export PATH="$HOME/.cargo/bin:$PATH"
# The fuzz build has its own flags: keep it in its own target directory, whatever the caller set.
export CARGO_TARGET_DIR="$root/fuzz/target"
export RUSTC_BOOTSTRAP=1

if [ "$(cargo fuzz --version 2>/dev/null)" != "cargo-fuzz $CARGO_FUZZ_VERSION" ]; then
  say "installing cargo-fuzz $CARGO_FUZZ_VERSION (about a minute, once)"
  cargo install cargo-fuzz --version "$CARGO_FUZZ_VERSION" --locked
fi

cd fuzz
say "building the targets (libFuzzer + AddressSanitizer, debug assertions on)"
cargo fuzz build --debug-assertions

# Seed corpora. The load target reads its first byte as the choice of file-name extension
# (index into NAMES in fuzz_targets/load.rs), so each fixture is seeded under the name it has.
seed() { mkdir -p "corpus/$1"; cp "$2" "corpus/$1/$3"; }
for f in "$root"/tests/fixtures/*; do
  base=$(basename "$f")
  case "$base" in
    *.xlsx) pick='\x00' ;;
    *.xls) pick='\x01' ;;
    *.ods) pick='\x02' ;;
    *.csv) pick='\x03' ;;
    *) pick='\x05' ;;
  esac
  mkdir -p corpus/load corpus/load-binary
  { printf "$pick"; cat "$f"; } > "corpus/load/fixture-$base"
  case "$base" in
    *.xls | *.xlsb | *.ods) cp "corpus/load/fixture-$base" "corpus/load-binary/fixture-$base" ;;
  esac
  case "$base" in *.csv) seed csv "$f" "fixture-$base" ;; esac
done
# Every cell of the date fixture is a date seed, beside the hand-written ones.
mkdir -p corpus/date
tr ',' '\n' < "$root/tests/fixtures/dates.csv" | awk 'NF' | sort -u | while IFS= read -r cell; do
  printf '%s' "$cell" > "corpus/date/cell-$(printf '%s' "$cell" | cksum | cut -d' ' -f1)"
done
for t in date profile wire register scanner; do
  mkdir -p "corpus/$t"
  cp seeds/"$t"/* "corpus/$t/"
done

# -timeout is wall-clock: 30 s per input, not libFuzzer's usual 10, because CI's machine is busy
# (a 49 KB .xls taking 0.4 s of CPU hit 10 s of wall clock with both cores loaded). A real hang
# still stops the run.
failed=()
for t in "${targets[@]}"; do
  extra=()
  target=$t
  case "$t" in
    load) extra=(-max_len=262144) ;;
    load-binary) target=load extra=(-max_len=262144) ;;
    csv) extra=(-max_len=65536) ;;
    date) extra=(-max_len=256 -dict=dict/date.dict) ;;
    profile) extra=(-max_len=4096) ;;
    wire) extra=(-max_len=65536) ;;
    scanner) extra=(-max_len=131072) ;;
  esac
  say "running $t for ${seconds}s"
  mkdir -p "artifacts/$t"
  log="artifacts/$t/last-run.log"
  if cargo fuzz run --debug-assertions "$target" "corpus/$t" -- \
      -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=30 -print_final_stats=1 \
      "${extra[@]}" >"$log" 2>&1; then
    stats=$(grep -E '^stat::(number_of_executed_units|average_exec_per_sec|new_units_added)' "$log" | tr '\n' ' ')
    say "$t: no crash ($stats)"
  else
    failed+=("$t")
    tail -n 40 "$log" >&2
    artifact=$(grep -oE 'Test unit written to [^ ]+' "$log" | tail -n 1 | sed 's/Test unit written to //')
    artifact=${artifact:-$root/fuzz/artifacts/$t/}
    say "$t FAILED; crashing input: $artifact (full log: fuzz/$log)" >&2
    say "reproduce: cd fuzz && RUSTC_BOOTSTRAP=1 cargo fuzz run --debug-assertions $target $artifact" >&2
    say "minimise:  cd fuzz && RUSTC_BOOTSTRAP=1 cargo fuzz tmin --debug-assertions $target $artifact" >&2
  fi
done

if [ ${#failed[@]} -gt 0 ]; then
  say "crashes in: ${failed[*]}" >&2
  exit 1
fi
say "all targets ran ${seconds}s without a crash"
