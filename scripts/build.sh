#!/usr/bin/env bash
# Release build of the shop: server binary in target/release, site files
# (hashed, pre-compressed) in target/site.
set -euo pipefail
cd "$(dirname "$0")/.."
# cargo-leptos runs `tailwindcss` and `wasm-opt`: ours, from npm.
PATH="$PWD/node_modules/.bin:$PATH" cargo leptos build --release --precompress
