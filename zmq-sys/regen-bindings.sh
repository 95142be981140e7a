#!/usr/bin/env bash
# Regenerates the checked-in bindings (src/bindings/stable.rs and draft.rs) from the vendored zmq.h,
# through the same code path as the `buildtime-bindgen` feature. Needs libclang (apt-get install
# libclang-dev). CI runs this and fails if `git diff` shows a difference.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out="$here/src/bindings"
mkdir -p "$out"
unset ZMQ_SYS_USE_PKG_CONFIG
# Bindings use only the header: pgm/curve are switched off to keep this build short.
ZMQ_SYS_BINDINGS_OUT="$out" cargo build --manifest-path "$here/Cargo.toml" \
  --no-default-features --features buildtime-bindgen \
  --target-dir "${CARGO_TARGET_DIR:-$here/../target}/regen-bindings"
echo "wrote $out/stable.rs and $out/draft.rs"
