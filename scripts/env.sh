# Sourced by the build, test and run scripts: what every cargo call shares.

# sccache (installed by setup.sh) keeps compiled crates on this machine's
# disk, so a fresh clone (CI's) reuses what earlier builds compiled. Without
# it everything still builds, only slower.
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
