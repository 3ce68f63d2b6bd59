#!/usr/bin/env bash
# The browser bundle's size, as shoppers download it: raw, gzip -9, and the
# brotli file the server sends (cargo-leptos writes it with --precompress).
# With --check, fails when the brotli size is over the budget committed in
# bench/wasm-budget.txt, so growth is a decision, not an accident.
set -euo pipefail
cd "$(dirname "$0")/.."

wasm=$(ls -t target/site/pkg/*.wasm 2>/dev/null | head -1)
[[ -n "$wasm" ]] || { echo "no release bundle in target/site/pkg: run scripts/build.sh first" >&2; exit 1; }
[[ -f "$wasm.br" ]] || { echo "no $wasm.br: build with --precompress (scripts/build.sh)" >&2; exit 1; }

raw=$(stat -c %s "$wasm")
gzipped=$(gzip -9 -c "$wasm" | wc -c)
brotli=$(stat -c %s "$wasm.br")
budget=$(awk '/^brotli_bytes/ { print $3 }' bench/wasm-budget.txt)

kib() { awk -v b="$1" 'BEGIN { printf "%.1f KiB", b / 1024 }'; }
printf '%-26s %12s\n' "bundle" "$(basename "$wasm")"
printf '%-26s %'"'"'12d B  %s\n' "raw" "$raw" "$(kib "$raw")"
printf '%-26s %'"'"'12d B  %s\n' "gzip -9" "$gzipped" "$(kib "$gzipped")"
printf '%-26s %'"'"'12d B  %s\n' "brotli (sent to browsers)" "$brotli" "$(kib "$brotli")"
printf '%-26s %'"'"'12d B  %s\n' "budget (brotli)" "$budget" "$(kib "$budget")"

if [[ "${1:-}" == "--check" ]] && (( brotli > budget )); then
  printf '\033[1;31mThe browser bundle is %s over its budget.\033[0m Make it smaller, or raise\n' "$(kib $((brotli - budget)))" >&2
  echo "brotli_bytes in bench/wasm-budget.txt in the same change and say why." >&2
  exit 1
fi
