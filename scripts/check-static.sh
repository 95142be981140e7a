#!/usr/bin/env bash
# Proves that the default (vendored) build links libzmq, OpenPGM and libsodium statically: the smoke
# test binary of zmq-sys must not need libzmq.so, libpgm*.so or libsodium.so at run time, and must
# define zmq_ctx_new, pgm_init and sodium_init itself. Then it runs that binary.
#
# Usage: scripts/check-static.sh [PACKAGE SELECTION]   (default: -p zmq-sys)
# CI passes `--workspace` to reuse the test binaries of its `cargo test --workspace` step: with
# `-p zmq-sys` alone, cargo resolves features without the zmq crate's dev-dependencies, which is a
# different build of the native stack.
# Uses CARGO_TARGET_DIR if set (CI shares one target directory between steps).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
unset ZMQ_SYS_USE_PKG_CONFIG
[ "$#" -gt 0 ] || set -- -p zmq-sys

echo "== check-static: cargo test $* --no-run (default features: pgm, curve)"
exe=$(cargo test "$@" --no-run --message-format=json |
  grep '"reason":"compiler-artifact"' | grep -F "\"manifest_path\":\"$root/zmq-sys/Cargo.toml\"" |
  grep '"name":"smoke"' |
  grep -o '"executable":"[^"]*"' | sed 's/^"executable":"//; s/"$//' | tail -n1)
if [ -z "$exe" ] || [ ! -x "$exe" ]; then
  echo "check-static: smoke test binary not found" >&2
  exit 1
fi
echo "smoke binary: $exe"

echo
echo "== check-static: ldd $(basename "$exe")"
ldd "$exe"
if ldd "$exe" | grep -E 'lib(zmq|pgm|sodium)'; then
  echo "check-static: FAILED: the binary links a shared libzmq, libpgm or libsodium (above)" >&2
  exit 1
fi

if command -v nm >/dev/null; then
  echo
  echo "== check-static: symbols defined in the binary"
  missing=0
  defined=$(nm --defined-only "$exe" | awk '{print $NF}')
  for sym in zmq_ctx_new pgm_init sodium_init; do
    if grep -qx "$sym" <<<"$defined"; then
      echo "defined: $sym"
    else
      echo "check-static: FAILED: $sym is not defined in the binary" >&2
      missing=1
    fi
  done
  [ "$missing" = 0 ] || exit 1
fi

echo
echo "== check-static: running the smoke tests from that binary"
"$exe" --test-threads=1

echo
echo "check-static: OK: no shared libzmq, libpgm or libsodium; all three are inside the binary"
