# Sourced by the build, test and run scripts: what every cargo call shares.

# One target directory for every checkout of the shop on this machine, so
# a fresh clone (CI's, a second working copy) compiles only the shop's own
# crates: the dependencies' compiled forms do not depend on where the
# checkout is. The site files stay in each checkout's target/site, and
# scripts/build.sh links the release server into target/release. Set
# CARGO_TARGET_DIR to build elsewhere.
# Without a home directory, the checkout's own target/ as usual.
shared_target="${HOME:+$HOME/.cache/ferris-market/target}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-${shared_target:-$PWD/target}}"

# Every build here is one change at a time from a clean state: incremental
# caches would save little and take as much disk again as the build
# (31 GB of 52 GB, measured).
export CARGO_INCREMENTAL=0

# cargo-leptos runs `tailwindcss` and `wasm-opt`: ours, from npm.
export PATH="$PWD/node_modules/.bin:$PATH"

# What a server binary needs to find the site files when cargo-leptos did
# not build it (the debug server the tests built): the bundle's name and
# the hashes of its file names, written beside the release server.
export LEPTOS_OUTPUT_NAME=shop
export SHOP_HASH_FILE="$CARGO_TARGET_DIR/release/hash.txt"
