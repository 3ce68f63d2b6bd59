#!/usr/bin/env bash
# Release build of the shop: server binary in target/release, site files
# (hashed, pre-compressed) in target/site.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
cargo leptos build --release --precompress
