#!/usr/bin/env bash
# System mode of zmq-sys: ZMQ_SYS_USE_PKG_CONFIG=1 links the system libzmq found by pkg-config.
#
#   1. installs libzmq3-dev and pkg-config with apt-get if they are missing (CI runs as root on a fresh
#      Debian); whatever this script installed is removed again at the end (KEEP_PACKAGES=1 keeps it),
#      so the machine is left as it was found (upgraded shared dependencies stay upgraded);
#   2. ZMQ_SYS_USE_PKG_CONFIG=1 cargo test -p zmq-sys: the smoke tests against the system libzmq (and the
#      layout test of the checked-in bindings against the system zmq.h); the smoke binary must link
#      libzmq.so and report the version pkg-config reports;
#   3. the error path: with pkg-config pointed at nothing, the build must fail with the message that
#      names libzmq3-dev and the environment variables;
#   4. with feature `draft` against a libzmq without the draft API (Debian's), the build script's link
#      tests must stop the build with a message listing the missing draft functions.
#
# Target directory: $CARGO_TARGET_DIR/check-system (or target/check-system), apart from the vendored
# builds, because switching modes reruns zmq-sys's build script.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
start=$SECONDS
target="${CARGO_TARGET_DIR:-$root/target}/check-system"
unset CARGO_TARGET_DIR ZMQ_SYS_LIBZMQ_SOURCE_DIR
fail() { echo "check-system: FAILED: $*" >&2; exit 1; }
failures=()

# --- 1. packages -----------------------------------------------------------------------------------
installed=()
remove_installed() {
  if [ "${#installed[@]}" -gt 0 ] && [ "${KEEP_PACKAGES:-0}" != 1 ]; then
    echo
    echo "== check-system: removing what this script installed: ${installed[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get remove -y -q "${installed[@]}" >/dev/null
  fi
}
trap remove_installed EXIT

is_installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }
missing=()
for pkg in libzmq3-dev pkg-config; do is_installed "$pkg" || missing+=("$pkg"); done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "== check-system: apt-get install ${missing[*]}"
  [ "$(id -u)" = 0 ] || fail "${missing[*]} missing and not root: install them (apt-get install ${missing[*]})"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >/dev/null
  # Exactly the packages new to this machine (not upgrades), to remove them afterwards.
  mapfile -t installed < <(apt-get install -s -y "${missing[@]}" | sed -n 's/^Inst \([^ ]*\) (.*/\1/p')
  apt-get install -y -q "${missing[@]}" >/dev/null
  echo "installed: ${installed[*]}"
fi
system_version=$(pkg-config --modversion libzmq)
echo "pkg-config: libzmq $system_version; Requires.private: $(pkg-config --print-requires-private libzmq | tr '\n' ' ')"

export ZMQ_SYS_USE_PKG_CONFIG=1

# --- 2. tests against the system libzmq ---------------------------------------------------------------
echo
echo "== check-system: ZMQ_SYS_USE_PKG_CONFIG=1 cargo test -p zmq-sys --no-run (target dir $target)"
exe=$(cargo test -p zmq-sys --no-run --target-dir "$target" --message-format=json |
  grep '"reason":"compiler-artifact"' | grep '"name":"smoke"' |
  grep -o '"executable":"[^"]*"' | sed 's/^"executable":"//; s/"$//' | tail -n1)
[ -n "$exe" ] || fail "smoke test binary not found"
echo "ldd $(basename "$exe"):"
ldd "$exe"
ldd "$exe" | grep 'libzmq\.so' >/dev/null || fail "system mode, but the smoke binary does not link libzmq.so"

echo
echo "== check-system: ZMQ_SYS_USE_PKG_CONFIG=1 cargo test -p zmq-sys"
log=$(mktemp)
status=0
cargo test -p zmq-sys --target-dir "$target" --no-fail-fast -- --nocapture 2>&1 | tee "$log" || status=$?
grep -q "^linked libzmq $system_version\$" "$log" || { status=1; echo "check-system: smoke test did not report libzmq $system_version" >&2; }
# Which test binaries failed, for the summary (cargo prints `-p zmq-sys --test NAME`).
failed_tests=$(grep -o -- '-p zmq-sys --test [a-z_]*' "$log" | sort -u | sed 's/.*--test //' | tr '\n' ' ' || true)
rm -f "$log"
# Keep going: the error path below is checked either way.
[ "$status" = 0 ] || failures+=("tests against the system libzmq $system_version failed: ${failed_tests:-see above}")

# --- 3. the error path ------------------------------------------------------------------------------
echo
echo "== check-system: ZMQ_SYS_USE_PKG_CONFIG=1 with pkg-config finding nothing must fail clearly"
if out=$(PKG_CONFIG_PATH=/nonexistent PKG_CONFIG_LIBDIR=/nonexistent \
  cargo build -p zmq-sys --target-dir "$target" 2>&1); then
  failures+=("the build succeeded although pkg-config cannot find libzmq")
fi
message=$(sed -n '/zmq-sys build failed:/,$p' <<<"$out")
echo "$message"
for needle in "zmq-sys build failed:" "apt-get install libzmq3-dev" "ZMQ_SYS_USE_PKG_CONFIG" "PKG_CONFIG_PATH"; do
  grep -qF -- "$needle" <<<"$message" || failures+=("the error message does not mention '$needle'")
done

# --- 4. draft against a libzmq without the draft API -------------------------------------------------
echo
echo "== check-system: ZMQ_SYS_USE_PKG_CONFIG=1 --features draft: link tests must name the missing draft API"
if nm -D --defined-only "$(pkg-config --variable=libdir libzmq)/libzmq.so" 2>/dev/null | grep -qw zmq_poller_new; then
  echo "this libzmq exports the draft API: the build must succeed"
  cargo build -p zmq-sys --no-default-features --features draft --target-dir "$target" >/dev/null 2>&1 ||
    failures+=("--features draft failed against a libzmq that has the draft API")
else
  if out=$(cargo build -p zmq-sys --no-default-features --features draft --target-dir "$target" 2>&1); then
    failures+=("--features draft built against a libzmq without the draft API")
  fi
  message=$(sed -n '/zmq-sys build failed:/,/^ *$/p' <<<"$out")
  echo "$message"
  for needle in "draft API (feature \`draft\`): " "zmq_poller_new" "built without the draft API"; do
    grep -qF -- "$needle" <<<"$out" || failures+=("the draft error message does not mention '$needle'")
  done
fi

if [ "${#failures[@]}" -gt 0 ]; then
  echo
  printf 'check-system: FAILED: %s\n' "${failures[@]}" >&2
  exit 1
fi
echo
echo "check-system: OK in $((SECONDS - start)) s (system libzmq $system_version; error path names libzmq3-dev and the variables)"
