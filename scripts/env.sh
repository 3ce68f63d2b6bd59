# Sourced by the build, test and run scripts: what every cargo call shares.

# sccache (installed by setup.sh) keeps compiled crates on this machine's
# disk, so rebuilding this checkout after a clean reuses them. Its keys hold
# the target directory's absolute path, so a clone elsewhere (CI's) does not
# hit yet (README, "Build tools"). Without it everything builds the same.
if command -v sccache >/dev/null; then
  export RUSTC_WRAPPER=sccache
  export SCCACHE_DIR="${SCCACHE_DIR:-$HOME/.cache/sccache}"
  export SCCACHE_CACHE_SIZE="${SCCACHE_CACHE_SIZE:-30G}"
fi

# Every build here is one change at a time: incremental caches would save
# little, take as much disk again as the build (31 GB of 52 GB, measured),
# and sccache cannot cache incremental builds.
export CARGO_INCREMENTAL=0

# cargo-leptos runs `tailwindcss` and `wasm-opt`: ours, from npm.
export PATH="$PWD/node_modules/.bin:$PATH"
