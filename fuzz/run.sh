#!/usr/bin/env bash
# Run every fuzz target for a bounded time: `fuzz/run.sh [SECONDS_PER_TARGET] [TARGET…]`
# (default 8 s each, all targets). Needs a nightly toolchain and cargo-fuzz
# (`rustup toolchain install nightly && cargo install cargo-fuzz`). Inputs that crash a target
# are left in fuzz/artifacts/TARGET/; copy them to fuzz/regressions/TARGET/ with the fix, where
# `cargo test --test it proptest_parsers` replays them on every run. Prints executions per target.
# FUZZ_SEED=N fixes libFuzzer's random seed, so a run from the same corpus tries the same inputs
# (CI does this, so its verdict does not depend on luck); unset, every run explores afresh.
set -euo pipefail
cd "$(dirname "$0")"
secs="${1:-8}"
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(query units calendar keymap import_csv import_jsonl import_xlsx figures_record)
fi
build_log="$(mktemp)"
if ! cargo +nightly fuzz build --release >"$build_log" 2>&1; then
  tail -30 "$build_log"
  echo "fuzz: the targets do not build" >&2
  exit 1
fi
rm -f "$build_log"
seed_arg=()
if [ -n "${FUZZ_SEED:-}" ]; then
  seed_arg=(-seed="$FUZZ_SEED")
fi
total=0
for t in "${targets[@]}"; do
  mkdir -p "corpus/$t" "seeds/$t" "regressions/$t"
  log="$(mktemp)"
  if ! cargo +nightly fuzz run --release "$t" "corpus/$t" "seeds/$t" "regressions/$t" -- \
      -max_total_time="$secs" -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 \
      ${seed_arg[@]+"${seed_arg[@]}"} >"$log" 2>&1; then
    tail -40 "$log"
    echo "fuzz: $t FAILED; the input is in fuzz/artifacts/$t/" >&2
    exit 1
  fi
  runs="$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo 0)"
  total=$((total + runs))
  echo "fuzz: $t ok, $runs executions in ${secs}s"
  rm -f "$log"
done
echo "fuzz: all targets ok, $total executions"
