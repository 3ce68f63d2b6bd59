#!/usr/bin/env bash
# Runs the test binaries cargo has built for the given `cargo test`
# arguments side by side, instead of one after the other as `cargo test`
# does. Most of their time is spent waiting (on PostgreSQL's commits, on
# servers the tests start and stop), so two cores carry them together;
# each binary still runs its own tests in parallel as usual. Each binary's
# output is printed whole when it ends, then its time; the script fails
# when any binary does.
#
#   scripts/run-tests.sh -p app -p server --lib --bins --tests
#
# Arguments after `--` go to every test binary (a name filter, `--nocapture`).
set -uo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

cargo_args=()
while [[ $# -gt 0 && "$1" != "--" ]]; do cargo_args+=("$1"); shift; done
[[ "${1:-}" == "--" ]] && shift
binary_args=("$@")

# Build (nothing to do after `cargo test --no-run`), then list each test
# executable with the directory of its package: cargo runs a test binary
# there, and some tests read files relative to it.
listing=$(cargo test "${cargo_args[@]}" --no-run --message-format=json 2>/dev/null | python3 -c '
import json, os, sys
for line in sys.stdin:
    try:
        message = json.loads(line)
    except ValueError:
        continue
    if message.get("reason") == "compiler-artifact" and message.get("executable") \
            and message["profile"]["test"]:
        print(message["executable"], os.path.dirname(message["manifest_path"]), sep="\t")
') || { echo "cannot list the test binaries (does \`cargo test --no-run\` build?)" >&2; exit 1; }
[[ -n "$listing" ]] || { echo "no test binaries for: ${cargo_args[*]}" >&2; exit 1; }

logs=$(mktemp -d -t shop-tests-XXXXXX)
declare -A names=() started=()
while IFS=$'\t' read -r executable package_dir; do
  name="$(basename "$package_dir")/$(basename "$executable" | sed 's/-[0-9a-f]\{16\}$//')"
  (
    cd "$package_dir" &&
      CARGO_MANIFEST_DIR="$package_dir" exec "$executable" "${binary_args[@]}"
  ) >"$logs/${name//\//_}.log" 2>&1 &
  names[$!]=$name
  started[$!]=$SECONDS
done <<<"$listing"

failed=()
summary=()
remaining=("${!names[@]}")
while [[ ${#remaining[@]} -gt 0 ]]; do
  wait -n -p done_pid "${remaining[@]}"
  status=$?
  name=${names[$done_pid]}
  took=$((SECONDS - started[$done_pid]))
  printf '\n\033[1m--- %s (%dm%02ds) ---\033[0m\n' "$name" $((took / 60)) $((took % 60))
  cat "$logs/${name//\//_}.log"
  summary+=("$(printf '%4dm%02ds  %s' $((took / 60)) $((took % 60)) "$name")")
  [[ $status -eq 0 ]] || failed+=("$name")
  next=()
  for pid in "${remaining[@]}"; do [[ $pid != "$done_pid" ]] && next+=("$pid"); done
  remaining=("${next[@]}")
done
rm -rf "$logs"

printf '\n\033[1mtest binaries, side by side\033[0m\n'
printf '%s\n' "${summary[@]}"
if [[ ${#failed[@]} -gt 0 ]]; then
  printf '\033[1;31mFAILED: %s\033[0m\n' "${failed[*]}" >&2
  exit 1
fi
