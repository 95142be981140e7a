#!/usr/bin/env bash
# Exercises each way zmq-sys's build script finds the pristine libzmq tree (zmq-sys/build/locate.rs):
#
#   override       ZMQ_SYS_LIBZMQ_SOURCE_DIR
#   dep-info       rustc's dep-info of the zeromq-src build-dependency
#   registry       CARGO_HOME/registry/src/*/zeromq-src-0.3.6+4.3.5
#   vendor-config  a `cargo vendor` directory declared in .cargo/config.toml (fresh, empty CARGO_HOME)
#   panic-probe    the last resort, in a child process; also with -C panic=abort
#   all            the default order, with -C panic=abort and with --remap-path-prefix (must still find the tree),
#   the panic probe under --remap-path-prefix and an empty registry (must fail, naming the override),
#   a `[patch.crates-io]` of zeromq-src with a relative path (dep-info must find the patched copy).
#
# ZMQ_SYS_SOURCE_DISCOVERY=<method> restricts the search to one method (`all`: the default order) and makes the build script stop
# after reporting (nothing is compiled), so each case is a `cargo check -p zmq-sys --no-default-features`
# of a few seconds. Needs the registry cache filled (`cargo fetch`); never uses the network.
# Everything lives under one temporary directory, removed at the end (KEEP=1 keeps it).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
start=$SECONDS
tmp=$(mktemp -d "${TMPDIR:-/tmp}/zmq-discovery.XXXXXX")
cleanup() {
  if [ "${KEEP:-0}" = 1 ]; then echo "kept $tmp"; else rm -rf "$tmp"; fi
}
trap cleanup EXIT
unset ZMQ_SYS_USE_PKG_CONFIG ZMQ_SYS_LIBZMQ_SOURCE_DIR ZMQ_SYS_SOURCE_DISCOVERY RUSTFLAGS CARGO_TARGET_DIR
cargo_home=${CARGO_HOME:-$HOME/.cargo}
passed=0

fail() {
  echo "check-source-discovery: FAILED: $*" >&2
  exit 1
}

# check NAME EXPECT-METHOD [VAR=VALUE...]: cargo check with the given environment; the build script's
# report must name EXPECT-METHOD (or, with EXPECT-METHOD "fail", the build must fail and name the
# override variable).
check() {
  local name=$1 expect=$2 log="$tmp/$1.log"
  shift 2
  local status=0
  # In the vendor project zmq-sys is a dependency (default-features = false there), not a member.
  local args=(-p zmq-sys --no-default-features)
  [ -z "${dir:-}" ] || args=()
  (cd "${dir:-$root}" && env "$@" cargo check --offline "${args[@]}") \
    >"$log" 2>&1 || status=$?
  if [ "$expect" = fail ]; then
    [ "$status" -ne 0 ] || fail "$name: the build succeeded, expected a failure (log: $log)"
    grep -q "set ZMQ_SYS_LIBZMQ_SOURCE_DIR\|Set ZMQ_SYS_LIBZMQ_SOURCE_DIR" "$log" ||
      { cat "$log"; fail "$name: the failure does not name ZMQ_SYS_LIBZMQ_SOURCE_DIR"; }
    echo "ok  $name: fails with: $(grep -m1 'could not find' "$log" | sed 's/^ *//')"
  else
    [ "$status" -eq 0 ] || { cat "$log"; fail "$name: cargo check failed"; }
    local line
    line=$(grep -o 'libzmq 4.3.5 sources at .*' "$log" | head -1 || true)
    grep -q "(found by: $expect)" <<<"$line" || { cat "$log"; fail "$name: expected method $expect, got: $line"; }
    echo "ok  $name: $line"
  fi
  passed=$((passed + 1))
}

t=$tmp/target
zdir=$(ls -d "$cargo_home"/registry/src/*/zeromq-src-0.3.6+4.3.5 2>/dev/null | head -1)
[ -n "$zdir" ] || fail "zeromq-src-0.3.6+4.3.5 is not in $cargo_home/registry/src (run cargo fetch)"

echo "== check-source-discovery: each method alone"
check override override CARGO_TARGET_DIR="$t" ZMQ_SYS_SOURCE_DISCOVERY=override \
  ZMQ_SYS_LIBZMQ_SOURCE_DIR="$zdir/vendor"
check dep-info dep-info CARGO_TARGET_DIR="$t" ZMQ_SYS_SOURCE_DISCOVERY=dep-info
check registry registry CARGO_TARGET_DIR="$t" ZMQ_SYS_SOURCE_DISCOVERY=registry
check panic-probe panic-probe CARGO_TARGET_DIR="$t" ZMQ_SYS_SOURCE_DISCOVERY=panic-probe
check override-missing fail CARGO_TARGET_DIR="$t" ZMQ_SYS_SOURCE_DISCOVERY=override

echo "== check-source-discovery: -C panic=abort"
ta=$tmp/target-abort
check abort-panic-probe panic-probe CARGO_TARGET_DIR="$ta" RUSTFLAGS="-C panic=abort" \
  ZMQ_SYS_SOURCE_DISCOVERY=panic-probe
check abort-default dep-info CARGO_TARGET_DIR="$ta" RUSTFLAGS="-C panic=abort" ZMQ_SYS_SOURCE_DISCOVERY=all

echo "== check-source-discovery: --remap-path-prefix"
tr=$tmp/target-remap
remap="--remap-path-prefix=$cargo_home=/cargo-home --remap-path-prefix=$root=/src"
check remap-default dep-info CARGO_TARGET_DIR="$tr" RUSTFLAGS="$remap" ZMQ_SYS_SOURCE_DISCOVERY=all
check remap-panic-probe fail CARGO_TARGET_DIR="$tr" RUSTFLAGS="$remap" ZMQ_SYS_SOURCE_DISCOVERY=panic-probe

echo "== check-source-discovery: cargo vendor (fresh, empty CARGO_HOME)"
proj=$tmp/proj
mkdir -p "$proj/src" "$proj/.cargo"
cat >"$proj/Cargo.toml" <<EOF
[package]
name = "discovery-probe"
version = "0.0.0"
edition = "2021"
publish = false

[dependencies]
zmq-sys = { path = "$root/zmq-sys", default-features = false }

[workspace]
EOF
: >"$proj/src/lib.rs"
cp "$root/Cargo.lock" "$proj/Cargo.lock"
(cd "$proj" && cargo vendor --offline --quiet "$proj/vendor" >/dev/null 2>"$tmp/vendor.log") ||
  { cat "$tmp/vendor.log"; fail "cargo vendor failed"; }
cat >"$proj/.cargo/config.toml" <<EOF
[source.crates-io]
replace-with = "vendored-sources"

[source.vendored-sources]
directory = "vendor"
EOF
[ -f "$proj/vendor/zeromq-src/vendor/include/zmq.h" ] || fail "cargo vendor did not unpack zeromq-src"
mkdir -p "$tmp/fresh-home"
dir=$proj check vendor-config vendor-config CARGO_HOME="$tmp/fresh-home" \
  CARGO_TARGET_DIR="$proj/target" ZMQ_SYS_SOURCE_DISCOVERY=vendor-config
dir=$proj check vendor-default dep-info CARGO_HOME="$tmp/fresh-home" \
  CARGO_TARGET_DIR="$proj/target" ZMQ_SYS_SOURCE_DISCOVERY=all
# A fresh CARGO_HOME has no registry/src: the registry method alone must fail, naming the override.
dir=$proj check registry-empty fail CARGO_HOME="$tmp/fresh-home" \
  CARGO_TARGET_DIR="$proj/target" ZMQ_SYS_SOURCE_DISCOVERY=registry
grep -q "sources at $proj/vendor/zeromq-src/vendor " "$tmp/vendor-default.log" ||
  fail "vendor-default: the tree found is not the vendored copy"

echo "== check-source-discovery: [patch] with a relative path"
patched=$tmp/patched
mkdir -p "$patched/src"
cp -r "$zdir" "$patched/zsrc"
sed -e 's/^name = "discovery-probe"/name = "discovery-patch"/' "$proj/Cargo.toml" >"$patched/Cargo.toml"
printf '\n[patch.crates-io]\nzeromq-src = { path = "zsrc" }\n' >>"$patched/Cargo.toml"
: >"$patched/src/lib.rs"
cp "$root/Cargo.lock" "$patched/Cargo.lock"
dir=$patched check patch-relative dep-info CARGO_TARGET_DIR="$patched/target" ZMQ_SYS_SOURCE_DISCOVERY=all
grep -q "sources at $patched/zsrc/vendor " "$tmp/patch-relative.log" ||
  fail "patch-relative: the tree found is not the patched copy"

echo "check-source-discovery: OK: $passed cases in $((SECONDS - start)) s"
