#!/usr/bin/env bash
# Proves that zmq-sys builds offline from a fresh CARGO_HOME once `cargo fetch` has run: the native
# sources (libzmq via zeromq-src, OpenPGM via openpgm-sys, libsodium via libsodium-sys-stable) all come
# from the registry crates, and no build script downloads anything.
#
#   1. a fresh, empty CARGO_HOME in a temporary directory
#   2. cargo fetch --locked              (the only step that uses the network)
#   3. cargo build --offline -p zmq-sys  with a fresh target directory
#   4. cargo test  --offline -p zmq-sys  (smoke and layout tests)
#
# Everything lives under one temporary directory, removed at the end (KEEP=1 keeps it).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
start=$SECONDS

tmp=$(mktemp -d "${TMPDIR:-/tmp}/zmq-offline.XXXXXX")
cleanup() {
  if [ "${KEEP:-0}" = 1 ]; then
    echo "kept $tmp"
  else
    rm -rf "$tmp"
  fi
}
trap cleanup EXIT

export CARGO_HOME="$tmp/cargo-home"
export CARGO_TARGET_DIR="$tmp/target"
mkdir -p "$CARGO_HOME"
# The vendored build must not depend on a system libzmq or on a pre-set source directory.
unset ZMQ_SYS_USE_PKG_CONFIG ZMQ_SYS_LIBZMQ_SOURCE_DIR SODIUM_LIB_DIR SODIUM_USE_PKG_CONFIG
cd "$root"

step() { echo; echo "== check-offline: $* ($((SECONDS - start)) s so far)"; }

step "cargo fetch --locked (CARGO_HOME=$CARGO_HOME)"
t=$SECONDS
cargo fetch --locked
echo "fetch: $((SECONDS - t)) s"

step "cargo build --offline --locked -p zmq-sys (target dir $CARGO_TARGET_DIR)"
t=$SECONDS
cargo build --offline --locked -p zmq-sys
echo "offline build: $((SECONDS - t)) s"

step "cargo test --offline --locked -p zmq-sys"
t=$SECONDS
cargo test --offline --locked -p zmq-sys
echo "offline test: $((SECONDS - t)) s"

echo
echo "check-offline: OK in $((SECONDS - start)) s (fresh CARGO_HOME, offline build and tests of zmq-sys)"
