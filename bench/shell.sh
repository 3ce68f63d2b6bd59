#!/usr/bin/env bash
# Figures for the page shell, printed for BENCHMARKS.md:
#   sizes of the release build, idle memory, and home page throughput and
#   latency at 32 connections (wrk; `apt-get install wrk`).
# Run after `scripts/build.sh`. Usage: bench/shell.sh [seconds per run]
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${1:-15}

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
[[ -x target/release/server ]] || { echo "no release build: run scripts/build.sh" >&2; exit 1; }

echo "== build artefacts"
wasm=$(ls target/site/pkg/*.wasm)
printf 'server binary        %8d bytes\n' "$(stat -c %s target/release/server)"
printf 'wasm raw             %8d bytes\n' "$(stat -c %s "$wasm")"
printf 'wasm gzip -9         %8d bytes\n' "$(gzip -9 -c "$wasm" | wc -c)"
printf 'wasm brotli (served) %8d bytes\n' "$(stat -c %s "$wasm.br")"
printf 'js gzip -9           %8d bytes\n' "$(gzip -9 -c target/site/pkg/*.js | wc -c)"
printf 'css gzip -9          %8d bytes\n' "$(gzip -9 -c target/site/pkg/*.css | wc -c)"

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
data_dir=$(mktemp -d -t shop-bench-XXXXXX)
RUST_LOG=${RUST_LOG:-info} LEPTOS_SITE_ROOT=target/site LEPTOS_SITE_ADDR=127.0.0.1:$port SHOP_DATA_DIR=$data_dir \
  target/release/server serve >"$data_dir/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$data_dir"' EXIT
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$port/readyz" >/dev/null && break; sleep 0.1; done

echo
echo "== idle memory (after start and one page)"
curl -fs "http://127.0.0.1:$port/" >/dev/null
sleep 1
printf 'RSS                  %8d KiB\n' "$(ps -o rss= -p $server)"

run() { # label url
  echo
  echo "== $1: wrk -t2 -c32 -d${duration}s --latency $2"
  wrk -t2 -c32 -d2s "$2" >/dev/null # warm-up
  wrk -t2 -c32 -d"${duration}s" --latency "$2" | grep -E 'Requests/sec|^\s+(50|90|99)%|Non-2xx|errors'
}
run "home page, logs at info (as shipped)" "http://127.0.0.1:$port/"
run "health check (HTTP stack alone)" "http://127.0.0.1:$port/healthz"
printf '\nRSS after load        %8d KiB\n' "$(ps -o rss= -p $server)"
