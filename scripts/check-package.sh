#!/usr/bin/env bash
# Proves that the published zmq-sys crate is self-contained:
#   1. `cargo package --list` shows only files inside zmq-sys, including the checked-in bindings and tests;
#   2. the .crate built by `cargo package` is extracted into an empty temporary directory (outside the
#      repository) and built and tested there with a fresh target directory, offline;
#   3. no path of the repository appears in what that build recorded (dep-info files, build-script
#      output), so the build script read nothing through `../`;
#   4. the zmq package ships only its library (Cargo.toml, build.rs, src/, README.md): no tests, test
#      peer, examples or scripts.
# Uses the network only if the registry cache lacks a dependency (run `cargo fetch` first to be offline).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
start=$SECONDS
tmp=$(mktemp -d "${TMPDIR:-/tmp}/zmq-package.XXXXXX")
cleanup() {
  if [ "${KEEP:-0}" = 1 ]; then echo "kept $tmp"; else rm -rf "$tmp"; fi
}
trap cleanup EXIT
unset ZMQ_SYS_USE_PKG_CONFIG ZMQ_SYS_LIBZMQ_SOURCE_DIR CARGO_TARGET_DIR
cd "$root"
fail() { echo "check-package: FAILED: $*" >&2; exit 1; }

echo "== check-package: cargo package -p zmq-sys --list --allow-dirty"
list=$(cargo package -p zmq-sys --list --allow-dirty)
echo "$list"
# Files cargo generates itself; everything else must be a file of zmq-sys/.
generated='^(\.cargo_vcs_info\.json|Cargo\.lock|Cargo\.toml\.orig)$'
while IFS= read -r f; do
  case "$f" in /* | ../* | */../*) fail "$f points outside the crate" ;; esac
  if ! grep -qE "$generated" <<<"$f"; then
    [ -f "zmq-sys/$f" ] || fail "$f is listed but is not a file of zmq-sys/"
  fi
done <<<"$list"
for required in Cargo.toml build/main.rs build/system.rs build/vendored.rs build/platform.rs build/locate.rs build/openpgm-cpuid.patch build/bindings.rs README.md regen-bindings.sh src/lib.rs \
  src/bindings/stable.rs src/bindings/draft.rs tests/smoke.rs tests/layout.rs; do
  grep -qx "$required" <<<"$list" || fail "$required is missing from the package (see include = [...] in zmq-sys/Cargo.toml)"
done
# Every file tracked or present in zmq-sys/ that the build or the tests need must be packaged.
while IFS= read -r f; do
  rel=${f#zmq-sys/}
  grep -qx "$rel" <<<"$list" || fail "zmq-sys/$rel exists but is not packaged"
done < <(find zmq-sys -type f \( -name '*.rs' -o -name '*.sh' -o -name '*.toml' -o -name '*.md' \) | sort)
echo "package list: $(wc -l <<<"$list") files, all inside zmq-sys/"

echo
echo "== check-package: cargo package -p zmq-sys --allow-dirty --no-verify"
cargo package -p zmq-sys --allow-dirty --no-verify --target-dir "$tmp/package-target"
crate=$(ls "$tmp"/package-target/package/zmq-sys-*.crate)
echo "crate: $crate ($(du -h "$crate" | cut -f1))"

echo
echo "== check-package: build and test the extracted crate in $tmp/src"
mkdir -p "$tmp/src"
tar -xzf "$crate" -C "$tmp/src"
dir=$(ls -d "$tmp"/src/zmq-sys-*)
cd "$dir"
t=$SECONDS
cargo build --offline --locked --target-dir "$tmp/target"
echo "packaged build: $((SECONDS - t)) s"
t=$SECONDS
cargo test --offline --locked --target-dir "$tmp/target" --test smoke --test layout
echo "packaged tests: $((SECONDS - t)) s"

echo
echo "== check-package: no repository path in what the packaged build recorded"
leaks=$(grep -rl --include='*.d' --include=output -F "$root" "$tmp/target" || true)
if [ -n "$leaks" ]; then
  grep -rn --include='*.d' --include=output -F "$root" "$tmp/target" | head -20 >&2
  fail "the packaged build referenced files under $root (above)"
fi
echo "none of $(find "$tmp/target" -name '*.d' -o -name output | wc -l) dep-info/output files mention $root"

echo
echo "== check-package: cargo package -p zmq --list --allow-dirty (include = [...] in Cargo.toml)"
cd "$root"
zmq_list=$(cargo package -p zmq --list --allow-dirty)
# Only the library, its build script and README: no tests, test peer, examples, scripts or docs.
if grep -vE "$generated|^(Cargo\.toml|build\.rs|README\.md|LICENSE.*|src/.*\.rs)$" <<<"$zmq_list"; then
  fail "the zmq package ships the files above (see include = [...] in Cargo.toml)"
fi
grep -qx src/lib.rs <<<"$zmq_list" || fail "src/lib.rs is missing from the zmq package"
echo "zmq package list: $(wc -l <<<"$zmq_list") files"

echo
echo "check-package: OK in $((SECONDS - start)) s"
