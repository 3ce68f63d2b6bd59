#!/usr/bin/env bash
# Coupon claims per second over HTTP (the coupon centre's claim server
# function), 64 members claiming from one template at once, with latency
# and a check that the template's count equals the coupons given. On
# SQLite, and on PostgreSQL when `psql` reaches $PG_ADMIN_URL (default
# the local server). Run after `scripts/build.sh`.
# Usage: bench/claims.sh [seconds per run]
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${1:-10}
members=64
pg_admin=${PG_ADMIN_URL:-postgres://postgres@127.0.0.1:5432/postgres}

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
[[ -x target/release/server ]] || { echo "no release build: run scripts/build.sh" >&2; exit 1; }

server=
cleanup() {
  [[ -n "$server" ]] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
  server=
}
trap cleanup EXIT

bench_on() { # label database-url-or-empty
  local label=$1 url=$2
  local port data_dir base database template
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  data_dir=$(mktemp -d -t shop-bench-XXXXXX)
  base="http://127.0.0.1:$port"
  export LEPTOS_SITE_ROOT=target/site LEPTOS_SITE_ADDR=127.0.0.1:$port SHOP_DATA_DIR=$data_dir
  if [[ -n "$url" ]]; then export DATABASE_URL=$url; database=$url; else unset DATABASE_URL; database=$data_dir/shop.db; fi
  target/release/server demo-data >/dev/null
  RUST_LOG=warn target/release/server serve >"$data_dir/server.log" 2>&1 &
  server=$!
  for _ in $(seq 1 100); do curl -fs "$base/readyz" >/dev/null && break; sleep 0.1; done

  echo
  echo "#### $label"
  python3 bench/claims_prep.py "$base" "$database" "$members" "$data_dir/prep.lua"
  template=$(sed -n 's/^  template = \([0-9]*\),$/\1/p' "$data_dir/prep.lua")
  echo "== $label: wrk -t$members -c$members -d${duration}s -s bench/claims.lua"
  BENCH_PREP=$data_dir/prep.lua wrk -t"$members" -c"$members" -d"${duration}s" -s bench/claims.lua "$base" \
    | grep -E 'claims|latency|Non-2xx|errors'
  python3 bench/claims_prep.py --check "$database" "$template"
  cleanup
  rm -rf "$data_dir"
}

bench_on "SQLite" ""
if psql "$pg_admin" -Atc 'select 1' >/dev/null 2>&1; then
  psql "$pg_admin" -qc 'DROP DATABASE IF EXISTS shop_bench_claims' -c 'CREATE DATABASE shop_bench_claims'
  bench_on "PostgreSQL" "${pg_admin%/*}/shop_bench_claims"
  psql "$pg_admin" -qc 'DROP DATABASE IF EXISTS shop_bench_claims'
else
  echo "PostgreSQL not reachable at $pg_admin: skipped"
fi
