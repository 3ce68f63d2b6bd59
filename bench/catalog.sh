#!/usr/bin/env bash
# Figures for the product centre, printed for BENCHMARKS.md: the demo
# catalog's load time, the HTML size of a product page, and product and
# category page throughput and latency at 32 connections (wrk), on SQLite,
# with and without the guests' page cache, and search pages and suggestions.
# Run after `scripts/build.sh`. Usage: bench/catalog.sh [seconds per run]
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${1:-15}

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
[[ -x target/release/server ]] || { echo "no release build: run scripts/build.sh" >&2; exit 1; }

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
data_dir=$(mktemp -d -t shop-bench-XXXXXX)
export LEPTOS_SITE_ROOT=target/site LEPTOS_SITE_ADDR=127.0.0.1:$port SHOP_DATA_DIR=$data_dir

echo "== demo catalog"
/usr/bin/time -f 'loaded in %e s, max RSS %M KiB' target/release/server demo-data

RUST_LOG=${RUST_LOG:-info} target/release/server serve >"$data_dir/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$data_dir"' EXIT
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$port/readyz" >/dev/null && break; sleep 0.1; done

base="http://127.0.0.1:$port"
product=$(curl -fs "$base/c/earbuds" | grep -o 'href="/p/[^"]*"' | head -1 | sed 's/href="//; s/"$//')
echo
echo "== product page $product"
printf 'HTML                 %8d bytes\n' "$(curl -fs "$base$product" | wc -c)"
printf 'HTML gzip            %8d bytes\n' "$(curl -fs -H 'Accept-Encoding: gzip' "$base$product" | wc -c)"

run() { # label url [wrk options]
  local label=$1 url=$2
  shift 2
  echo
  echo "== $label: wrk -t2 -c32 -d${duration}s --latency $* $url"
  wrk -t2 -c32 -d2s "$@" "$url" >/dev/null # warm-up
  wrk -t2 -c32 -d"${duration}s" --latency "$@" "$url" | grep -E 'Requests/sec|^\s+(50|90|99)%|Non-2xx|errors'
}
# Guests' pages come from the page cache after the first request; any
# cookie but the language one (here a made-up one) makes the app render
# the page from the catalog cache every time.
run "product page" "$base$product"
run "product page, rendered every time" "$base$product" -H "Cookie: bench=1"
run "category page, top level with facets" "$base/c/digital"
run "category page, rendered every time" "$base/c/digital" -H "Cookie: bench=1"
run "category page, filtered and sorted" "$base/c/fashion?brand=aurora&spec=Size%3AM&stock=1&sort=price_asc"
run "home page with shelves" "$base/"
run "search page, Chinese words" "$base/search?q=%E8%93%9D%E7%89%99%E8%80%B3%E6%9C%BA"
run "search page, rendered every time" "$base/search?q=%E8%93%9D%E7%89%99%E8%80%B3%E6%9C%BA" -H "Cookie: bench=1"
run "search page, typo and a filter" "$base/search?q=wireles+earbuts&stock=1"
run "suggestions while typing" "$base/api/search/suggest?text=%E8%93%9D%E7%89%99%E8%80%B3"
printf '\nRSS after load        %8d KiB\n' "$(ps -o rss= -p $server)"
