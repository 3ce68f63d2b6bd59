#!/usr/bin/env bash
# Figures for the order centre, printed for BENCHMARKS.md: orders placed
# per second over HTTP (add to cart + the checkout server function) at 32
# concurrent buyers, across the demo shop's SKUs and on one hot SKU, with
# latency; then payment callbacks handled per second. On SQLite, and on
# PostgreSQL when `psql` reaches $PG_ADMIN_URL (default the local server);
# each with checkouts batched (group commit, the default) and with one
# transaction per order. Run after `scripts/build.sh`.
# Usage: bench/orders.sh [seconds per run]
# (BENCH_DATABASES=postgres or =sqlite measures one database only.)
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${1:-15}
buyers=32
pg_admin=${PG_ADMIN_URL:-postgres://postgres@127.0.0.1:5432/postgres}

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
[[ -x target/release/server ]] || { echo "no release build: run scripts/build.sh" >&2; exit 1; }

export PAYMENT_SANDBOX_SECRET=bench-sandbox-secret
server=
cleanup() {
  [[ -n "$server" ]] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
  server=
}
trap cleanup EXIT

bench_on() { # label database-url-or-empty batching(on|off)
  local label="$1, batching $3" url=$2 batching=$3
  local port data_dir base database
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  data_dir=$(mktemp -d -t shop-bench-XXXXXX)
  base="http://127.0.0.1:$port"
  export LEPTOS_SITE_ROOT=target/site LEPTOS_SITE_ADDR=127.0.0.1:$port SHOP_DATA_DIR=$data_dir
  if [[ -n "$url" ]]; then export DATABASE_URL=$url; database=$url; else unset DATABASE_URL; database=$data_dir/shop.db; fi
  target/release/server demo-data >/dev/null
  RUST_LOG=warn SHOP_BATCH_WRITES=$batching target/release/server serve >"$data_dir/server.log" 2>&1 &
  server=$!
  for _ in $(seq 1 100); do curl -fs "$base/readyz" >/dev/null && break; sleep 0.1; done

  echo
  echo "#### $label"
  SANDBOX_SECRET=$PAYMENT_SANDBOX_SECRET python3 bench/orders_prep.py "$base" "$database" "$buyers" "$data_dir/prep.lua"
  for mode in many hot; do
    # A run stopped between adding and placing leaves a line in some carts.
    python3 bench/orders_prep.py --empty-carts "$database"
    echo
    echo "== $label, $mode SKU(s): wrk -t$buyers -c$buyers -d${duration}s -s bench/orders.lua"
    BENCH_RUN=$mode BENCH_PREP=$data_dir/prep.lua BENCH_HOT=$([[ $mode == hot ]] && echo 1 || echo 0) \
      wrk -t"$buyers" -c"$buyers" -d"${duration}s" -s bench/orders.lua "$base" | grep -E 'orders|latency|Non-2xx|errors|Requests/sec'
  done
  echo
  echo "== $label, stock check: units ordered = units taken"
  python3 - "$database" <<'PY'
import sqlite3, subprocess, sys
db = sys.argv[1]
q = ("SELECT (SELECT COALESCE(SUM(quantity),0) FROM order_items), "
     "(SELECT COALESCE(SUM(10000000 - stock),0) FROM skus), (SELECT COUNT(*) FROM orders)")
if db.startswith("postgres"):
    row = subprocess.run(["psql", db, "-At", "-F", " ", "-c", q], check=True, capture_output=True, text=True).stdout.split()
else:
    row = sqlite3.connect(db).execute(q).fetchone()
ordered, taken, orders = (int(x) for x in row)
print(f"{orders} orders, {ordered} units ordered, {taken} units taken: {'ok' if ordered == taken else 'MISMATCH'}")
PY
  if [[ $batching == on ]]; then
    echo
    echo "== $label, the writer's batches over both runs (quantiles 0.5 0.9 0.99 max)"
    curl -fs "$base/metrics" | python3 -c '
import collections, re, sys
rows = collections.defaultdict(dict)
for line in sys.stdin:
    m = re.match(r"(shop_\w+?)\{(.*?)quantile=\"([\d.]+)\"\} (\S+)", line)
    if m:
        rows[(m[1], m[2].rstrip(","))][m[3]] = float(m[4])
for (name, labels), q in sorted(rows.items()):
    scale, unit = (1000, "ms") if name.endswith("seconds") else (1, "")
    figures = "  ".join(f"{q.get(k, 0) * scale:.2f}{unit}" for k in ("0.5", "0.9", "0.99", "1"))
    print(f"{name} {labels}: {figures}")
'
    echo
    echo "== $label, the same payment notice delivered again and again: wrk -t2 -c32 -d${duration}s"
    BENCH_NOTICE=$data_dir/prep.lua wrk -t2 -c32 -d"${duration}s" --latency -s bench/callback.lua "$base/api/pay/sandbox" \
      | grep -E 'Requests/sec|^\s+(50|90|99)%|Non-2xx|errors'
  fi
  cleanup
  rm -rf "$data_dir"
}

# BENCH_BATCHING=on measures the shop's default alone; BENCH_DATABASES
# names the databases to measure (default both: "sqlite postgres").
databases=${BENCH_DATABASES:-sqlite postgres}
if [[ $databases == *sqlite* ]]; then
  for batching in ${BENCH_BATCHING:-on off}; do
    bench_on "SQLite" "" $batching
  done
fi
[[ $databases == *postgres* ]] || exit 0
# Over TCP, as most shops reach their database (sqlx 0.9.1 sets
# TCP_NODELAY again; 0.9.0 did not, and small writes waited on delayed
# ACKs). BENCH_PG_SOCKET=1 measures over the Unix socket instead.
pg_socket=${PG_SOCKET_DIR:-/var/run/postgresql}
if [[ -n "${BENCH_PG_SOCKET:-}" && -S "$pg_socket/.s.PGSQL.5432" ]]; then
  shop_pg_url="postgres://postgres@localhost/shop_bench_orders?host=$pg_socket"
else
  shop_pg_url="${pg_admin%/*}/shop_bench_orders"
fi
if psql "$pg_admin" -Atc 'select 1' >/dev/null 2>&1; then
  for batching in ${BENCH_BATCHING:-on off}; do
    psql "$pg_admin" -qc 'DROP DATABASE IF EXISTS shop_bench_orders' -c 'CREATE DATABASE shop_bench_orders'
    bench_on "PostgreSQL ($shop_pg_url)" "$shop_pg_url" $batching
  done
  psql "$pg_admin" -qc 'DROP DATABASE IF EXISTS shop_bench_orders'
else
  echo "PostgreSQL not reachable at $pg_admin: skipped"
fi
