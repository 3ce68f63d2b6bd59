#!/usr/bin/env bash
# Builds the shop and runs it on SQLite in ./data, printing its URL.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh
scripts/build.sh

export LEPTOS_SITE_ROOT="$PWD/target/site"
export LEPTOS_SITE_ADDR="${LEPTOS_SITE_ADDR:-127.0.0.1:3000}"
export SHOP_DATA_DIR="${SHOP_DATA_DIR:-$PWD/data}"
# A new shop starts with the demo catalog; a shop with products is left alone.
target/release/server demo-data
exec target/release/server serve
