#!/usr/bin/env bash
# Runs the Playwright suite against the built site (target/site) and a
# server binary, on a free port with a fresh data directory (Playwright
# starts and stops the server itself). The server is the release build,
# or SHOP_SERVER_BIN: `make test` passes the debug server its tests built,
# which renders the same pages from the same code, so the release browser
# bundle hydrates them.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

server_bin=${SHOP_SERVER_BIN:-target/release/server}
[[ -x "$server_bin" ]] || { echo "no server at $server_bin: run scripts/build.sh first" >&2; exit 1; }
[[ -d target/site/pkg && -f "$SHOP_HASH_FILE" ]] \
  || { echo "no site files in target/site: run scripts/build.sh --frontend-only first" >&2; exit 1; }
server_bin=$(realpath "$server_bin")
# The hashed file names the site was built with, whichever binary serves it.
export LEPTOS_HASH_FILES=true LEPTOS_HASH_FILE_NAME="$SHOP_HASH_FILE"

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
data_dir=$(mktemp -d -t shop-e2e-XXXXXX)
trap 'rm -rf "$data_dir"' EXIT

# The back-office journeys start from an owner created the way an operator would.
export SHOP_E2E_OWNER_EMAIL=owner@e2e.test SHOP_E2E_OWNER_PASSWORD="e2e owner password"
SHOP_DATA_DIR=$data_dir "$server_bin" create-admin \
  --email "$SHOP_E2E_OWNER_EMAIL" --password "$SHOP_E2E_OWNER_PASSWORD" --name "E2E Owner" >/dev/null

# The catalog journeys browse the demo shop, as a new operator would see it.
SHOP_DATA_DIR=$data_dir "$server_bin" demo-data >/dev/null

# The server's log of the whole run, read afterwards by scripts/server-log-check.sh.
server_log=$data_dir/server.log
status=0
(cd end2end && SHOP_E2E_SERVER=$server_bin SHOP_E2E_PORT=$port SHOP_E2E_DATA_DIR=$data_dir \
  SHOP_E2E_SERVER_LOG=$server_log npx playwright test "$@") || status=$?
scripts/server-log-check.sh "$server_log" || status=1
exit "$status"
