#!/usr/bin/env bash
# Runs the Playwright suite against the release build, on a free port with a
# fresh data directory (Playwright starts and stops the server itself).
set -euo pipefail
cd "$(dirname "$0")/.."

[[ -x target/release/server ]] || { echo "no release build: run scripts/build.sh first" >&2; exit 1; }

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
data_dir=$(mktemp -d -t shop-e2e-XXXXXX)
trap 'rm -rf "$data_dir"' EXIT

# The back-office journeys start from an owner created the way an operator would.
export SHOP_E2E_OWNER_EMAIL=owner@e2e.test SHOP_E2E_OWNER_PASSWORD="e2e owner password"
SHOP_DATA_DIR=$data_dir target/release/server create-admin \
  --email "$SHOP_E2E_OWNER_EMAIL" --password "$SHOP_E2E_OWNER_PASSWORD" --name "E2E Owner" >/dev/null

# The catalog journeys browse the demo shop, as a new operator would see it.
SHOP_DATA_DIR=$data_dir target/release/server demo-data >/dev/null

cd end2end
SHOP_E2E_PORT=$port SHOP_E2E_DATA_DIR=$data_dir npx playwright test "$@"
