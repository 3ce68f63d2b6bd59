#!/usr/bin/env bash
# The whole test suite, in the order a failure is cheapest to find:
# formatting, lints, unit and repository tests (SQLite, and PostgreSQL,
# NATS and Redis when they can be reached), then the end-to-end tests in
# Chromium: the release browser bundle against the server the tests built
# (the release server is `make run`'s, and takes longer to build than all
# the tests take to run). Each step's time is printed as it ends
# and again, all together, at the end (also when a step fails).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

started=$SECONDS
step_name=""
step_started=$SECONDS
timings=()

end_step() {
  [[ -n "$step_name" ]] || return 0
  local took=$((SECONDS - step_started))
  timings+=("$(printf '%4dm%02ds  %s' $((took / 60)) $((took % 60)) "$step_name")")
  printf '\033[2m    (%s: %dm%02ds)\033[0m\n' "$step_name" $((took / 60)) $((took % 60))
  step_name=""
}
step() {
  end_step
  step_name=$1
  step_started=$SECONDS
  printf '\n\033[1;32m==> %s\033[0m\n' "$1"
}
bundle_pid=""
summary() {
  local status=$?
  # A failure before a background build was waited for leaves it running.
  [[ -n "$bundle_pid" ]] && kill "$bundle_pid" 2>/dev/null || true
  end_step
  local total=$((SECONDS - started))
  printf '\n\033[1mtime per step\033[0m\n'
  printf '%s\n' "${timings[@]}"
  printf '%4dm%02ds  total\n' $((total / 60)) $((total % 60))
  if [[ $status -ne 0 ]]; then
    printf '\033[1;31mFAILED in step "%s"\033[0m\n' "${failed_step:-?}"
  fi
}
trap 'failed_step=$step_name' ERR
trap summary EXIT

step "tools"
scripts/setup.sh --test

# The browser bundle builds beside everything up to the end-to-end tests:
# its slowest parts (fat LTO, wasm-bindgen, wasm-opt) use one core each,
# and the lints and the tests' build and run leave room for them. It has a
# target directory of its own (front/). Its output goes to a log, shown
# when it fails.
bundle_log=$(mktemp -t shop-bundle-XXXXXX.log)
scripts/build.sh --frontend-only >"$bundle_log" 2>&1 &
bundle_pid=$!

step "formatting"
cargo fmt --all -- --check

step "dependencies: licences, bans, sources (deny.toml)"
cargo deny check licenses bans sources

step "lints, server side"
# Server and browser builds are kept apart: building them together would
# switch on `ssr` and `hydrate` in the same crate. They run one after the
# other in one target directory, so the proc-macros and build scripts
# they share are compiled once (tried side by side in two directories: a
# cold run took 45 min instead of 31, BENCHMARKS.md).
cargo clippy -p app -p server -p migrations --all-targets -- -D warnings

step "lints, browser side"
cargo clippy -p frontend -p app --target wasm32-unknown-unknown -- -D warnings

step "unit and repository tests: build"
pg_url=$(scripts/postgres.sh)
if [[ -n "$pg_url" ]]; then
  echo "PostgreSQL found: repository tests run against SQLite and PostgreSQL"
  export DATABASE_URL_TEST="$pg_url" REQUIRE_POSTGRES=1
else
  printf '\n\033[1;33m*** No PostgreSQL server: repository tests run against SQLite ONLY. ***\033[0m\n\n'
  unset REQUIRE_POSTGRES
fi
nats_url=$(scripts/nats.sh)
if [[ -n "$nats_url" ]]; then
  echo "NATS with JetStream found: the outbox publisher is tested against it"
  export NATS_URL_TEST="$nats_url" REQUIRE_NATS=1
else
  printf '\n\033[1;33m*** No NATS server: the outbox publisher test is SKIPPED. ***\033[0m\n\n'
  unset REQUIRE_NATS
fi
redis_url=$(scripts/redis.sh)
if [[ -n "$redis_url" ]]; then
  echo "Redis found: the flash-sale gate is tested against it"
  export REDIS_URL_TEST="$redis_url" REQUIRE_REDIS=1
else
  printf '\n\033[1;33m*** No Redis server: the flash-sale gate test is SKIPPED. ***\033[0m\n\n'
  unset REQUIRE_REDIS
fi
# Library, binary and integration tests; not the examples (clippy has
# compiled them) nor doc tests (there are none to run, and rustdoc would
# compile the app once more to find that out). Built first, then run, so
# the two times show apart.
test_args=(-p app -p server -p migrations --lib --bins --tests)
cargo test "${test_args[@]}" --no-run

step "unit and repository tests: run"
# The five test binaries side by side (scripts/run-tests.sh says why).
scripts/run-tests.sh "${test_args[@]}"

step "browser bundle, release build (what is left of it)"
if ! wait "$bundle_pid"; then
  bundle_pid=""
  tail -n 60 "$bundle_log"
  echo "the browser bundle did not build (whole log: $bundle_log)" >&2
  exit 1
fi
bundle_pid=""
grep -E 'Finished|Precompression' "$bundle_log" || true

step "browser bundle size"
scripts/wasm-size.sh --check

step "end-to-end tests in Chromium"
SHOP_SERVER_BIN="$CARGO_TARGET_DIR/debug/server" scripts/e2e.sh

printf '\n\033[1;32mall tests passed\033[0m\n'
