#!/usr/bin/env bash
# Flash-sale figures for BENCHMARKS.md, over HTTP against the release
# build: 2,000 attempts by 1,000 members on 100 units, the sold-out phase,
# then 20,000 attempts by 2,000 members on 10,000 units with batching on
# and off, beside the database's own single-row update rate; then, when a
# Redis answers at $REDIS_URL (default the local one), the contended sale
# and the hot SKU again with the Redis gate. On SQLite, and on PostgreSQL
# when `psql` reaches $PG_ADMIN_URL (default the local server). Rate limits
# are off so the figures are about the sale itself.
# Run after `scripts/build.sh`. Usage: bench/flash.sh
set -euo pipefail
cd "$(dirname "$0")/.."
pg_admin=${PG_ADMIN_URL:-postgres://postgres@127.0.0.1:5432/postgres}
redis_url=${REDIS_URL:-redis://127.0.0.1:6379}
redis_addr=${redis_url#redis://}; redis_addr=${redis_addr##*@}; redis_addr=${redis_addr%%/*}
if timeout 2 bash -c "exec 3<>/dev/tcp/${redis_addr%:*}/${redis_addr##*:}" 2>/dev/null; then
  with_redis=true
else
  with_redis=false
  echo "no Redis at $redis_url: the runs with the gate are skipped"
fi
unset REDIS_URL

[[ -x target/release/server ]] || { echo "no release build: run scripts/build.sh" >&2; exit 1; }
# Thousands of connections at once, on both ends.
ulimit -n "$(ulimit -Hn)"
cargo build --release -p app --features ssr --example flash_bench
tool=target/release/examples/flash_bench

server=
cleanup() {
  [[ -n "$server" ]] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
  server=
}
trap cleanup EXIT

start() { # batching on|off, [redis url]
  REDIS_URL=${2:-} REDIS_PREFIX="bench-$$-$RANDOM" \
    RUST_LOG=warn SHOP_BATCH_WRITES=$1 FLASH_PER_IP=0 FLASH_PER_MEMBER=0 \
    target/release/server serve >>"$data_dir/server.log" 2>&1 &
  server=$!
  for _ in $(seq 1 100); do curl -fs "$base/readyz" >/dev/null && break; sleep 0.1; done
}

bench_on() { # label database-url-or-empty
  local label=$1 url=$2 port database
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  data_dir=$(mktemp -d -t shop-bench-XXXXXX)
  base="http://127.0.0.1:$port"
  export LEPTOS_SITE_ROOT=target/site LEPTOS_SITE_ADDR=127.0.0.1:$port SHOP_DATA_DIR=$data_dir
  if [[ -n "$url" ]]; then export DATABASE_URL=$url; database=$url; else unset DATABASE_URL; database="sqlite://$data_dir/shop.db?mode=rwc"; fi
  target/release/server demo-data >/dev/null
  echo
  echo "#### $label"
  "$tool" prep "$base" "$database" "$data_dir/tokens"
  start on
  "$tool" contended "$base" "$database" "$data_dir/tokens"
  echo "-- batching on"
  "$tool" hot "$base" "$database" "$data_dir/tokens"
  cleanup
  start off
  echo "-- batching off (one transaction per order)"
  "$tool" hot "$base" "$database" "$data_dir/tokens"
  cleanup
  if $with_redis; then
    start on "$redis_url"
    echo "-- with the Redis gate"
    "$tool" contended "$base" "$database" "$data_dir/tokens"
    echo "-- with the Redis gate, batching on"
    "$tool" hot "$base" "$database" "$data_dir/tokens"
    cleanup
  fi
  "$tool" ceiling "$database"
  rm -rf "$data_dir"
}

bench_on "SQLite" ""
if psql "$pg_admin" -Atc 'select 1' >/dev/null 2>&1; then
  psql "$pg_admin" -qc 'DROP DATABASE IF EXISTS shop_bench_flash' -c 'CREATE DATABASE shop_bench_flash'
  bench_on "PostgreSQL" "${pg_admin%/*}/shop_bench_flash"
  psql "$pg_admin" -qc 'DROP DATABASE IF EXISTS shop_bench_flash'
else
  echo "PostgreSQL not reachable at $pg_admin: skipped"
fi
