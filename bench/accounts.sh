#!/usr/bin/env bash
# Figures for accounts, printed for BENCHMARKS.md:
#   login latency (argon2id at OWASP's minimum), an authenticated page against
#   the anonymous home page in the same run, and page throughput while logins
#   run flat out. Run after `scripts/build.sh`. Usage: bench/accounts.sh [seconds]
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${1:-15}

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
[[ -x target/release/server ]] || { echo "no release build: run scripts/build.sh" >&2; exit 1; }

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
base="http://127.0.0.1:$port"
data_dir=$(mktemp -d -t shop-bench-XXXXXX)
RUST_LOG=${RUST_LOG:-info} LEPTOS_SITE_ROOT=target/site LEPTOS_SITE_ADDR=127.0.0.1:$port SHOP_DATA_DIR=$data_dir \
  target/release/server serve >"$data_dir/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$data_dir"' EXIT
for _ in $(seq 1 100); do curl -fs "$base/readyz" >/dev/null && break; sleep 0.1; done

# The bench member, and a session cookie of theirs.
cookie=$(curl -fs -D - -o /dev/null "$base/api/members/register" \
  --data-urlencode email=bench@bench.test --data-urlencode display_name="Bench Member" \
  --data-urlencode password="bench member password" | grep -i '^set-cookie: sid=' | sed -E 's/^[Ss]et-[Cc]ookie: (sid=[0-9a-f]+).*/\1/')
[[ -n "$cookie" ]] || { echo "could not register the bench member" >&2; exit 1; }

wrk_run() { # label, then wrk arguments
  local label=$1; shift
  echo
  echo "== $label: wrk $*"
  wrk "$@" | grep -E 'Requests/sec|^\s+(50|90|99)%|Non-2xx|errors'
}

wrk -t2 -c32 -d2s "$base/" >/dev/null # warm-up
wrk_run "anonymous home page" -t2 -c32 -d"${duration}s" --latency "$base/"
wrk_run "home page with a member session" -t2 -c32 -d"${duration}s" --latency -H "Cookie: $cookie" "$base/"
wrk_run "account page (session + profile from the database)" -t2 -c32 -d"${duration}s" --latency -H "Cookie: $cookie" "$base/account"
wrk_run "one login at a time (latency of a login)" -t1 -c1 -d"${duration}s" --latency -s bench/login.lua "$base/api/members/login"

echo
echo "== home page while 8 clients log in flat out"
wrk -t1 -c8 -d"$((duration + 2))s" -s bench/login.lua "$base/api/members/login" >"$data_dir/logins.txt" &
logins=$!
sleep 1
wrk_run "anonymous home page, under a login flood" -t1 -c32 -d"${duration}s" --latency "$base/"
wait $logins
echo "logins in that time:"; grep -E 'Requests/sec' "$data_dir/logins.txt"
