#!/usr/bin/env bash
# Release build of the shop: site files (hashed, pre-compressed) in
# target/site, the server binary in $CARGO_TARGET_DIR/release (scripts/env.sh),
# linked as target/release/server.
#
#   scripts/build.sh                   browser bundle and server, side by side
#   scripts/build.sh --frontend-only   the browser bundle and site files only
#
# cargo-leptos builds the two one after the other when file names are
# hashed; started as two runs they overlap, and the bundle's last step
# (one optimiser thread on the whole wasm) no longer holds the server up.
# The wasm builds in a target directory of its own (front/), so the two
# runs do not wait for each other's lock.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

if [[ "${1:-}" == "--frontend-only" ]]; then
  exec cargo leptos build --release --precompress --frontend-only
fi

cargo leptos build --release --precompress --frontend-only &
front=$!
cargo leptos build --release --server-only || { kill "$front" 2>/dev/null; wait "$front" || true; exit 1; }
wait "$front"

mkdir -p target/release
ln -sfn "$CARGO_TARGET_DIR/release/server" target/release/server
