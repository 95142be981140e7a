#!/usr/bin/env bash
# Checksums of the third-party native sources that zmq-sys compiles.
#
#   vendor/checksums.sh           writes vendor/SHA256SUMS
#   vendor/checksums.sh --check   recomputes and exits non-zero on any difference
#   vendor/checksums.sh --list    prints the absolute paths of the files covered, one per line
#
# No third-party file is committed to this repository: the pristine sources arrive as registry crates
# (zeromq-src, openpgm-sys, libsodium-sys-stable). This script finds those crates through
# `cargo metadata` (so it works with any CARGO_HOME, a source replacement or `cargo vendor`), and lists
# exactly what goes into the build:
#
#   zeromq-src    the libzmq sources named in zmq-sys/build/vendored.rs (LIBZMQ_SOURCES, LIBZMQ_WS_SOURCES,
#                 LIBZMQ_PGM_SOURCES, LIBZMQ_TIPC_SOURCES, the pollers of the `files.push(match platform.poller ...)` block and the
#                 `source.join("....c")` extras such as external/sha1/sha1.c), the public headers that
#                 vendored.rs copies (zmq.h, zmq_utils.h), every header those sources include (src/*.hpp,
#                 src/*.h, external/sha1/*.h) and the licence texts;
#   openpgm-sys   the sources and headers named in its build.rs (SOURCES, HEADERS), every header
#                 under vendor/openpgm/pgm/include, the licence texts and the build.rs itself (the recipe);
#   libsodium-sys-stable
#                 LATEST.tar.gz (the libsodium release it unpacks and builds with ./configure), its
#                 minisign signature and its build.rs.
#
# The source lists are parsed from the build scripts themselves, so they cannot drift from what is
# compiled. Paths in SHA256SUMS are `<crate>-<version>/<path inside the crate>`; the file is in the
# format of sha256sum(1), so it can also be checked by hand from the registry's src directory with
# `sha256sum -c`.
set -euo pipefail
export LC_ALL=C

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
sums="$here/SHA256SUMS"
build_rs="$root/zmq-sys/build/vendored.rs"

mode="write"
case "${1:-}" in
  "") ;;
  --check) mode=check ;;
  --list) mode=list ;;
  -h | --help)
    sed -n '2,6p' "$0" | sed 's/^# \{0,1\}//'
    exit 0
    ;;
  *)
    echo "usage: $0 [--check | --list]" >&2
    exit 2
    ;;
esac

die() {
  echo "checksums.sh: $*" >&2
  exit 1
}

command -v sha256sum >/dev/null || die "sha256sum (coreutils) is missing"

# --- locate the carrier crates -------------------------------------------------------------------

# Every manifest_path of the resolved dependency graph (all features, so optional carriers are in).
manifests=$(cargo metadata --format-version 1 --all-features --manifest-path "$root/Cargo.toml" |
  grep -o '"manifest_path":"[^"]*"' | sed 's/^"manifest_path":"//; s/"$//' | sort -u) ||
  die "cargo metadata failed"

# Value of `key = "..."` in the [package] table of a Cargo.toml.
package_field() {
  awk -v key="$2" '
    /^\[/ { in_pkg = ($0 == "[package]") ; next }
    in_pkg && $1 == key && $2 == "=" { v = $3; gsub(/"/, "", v); print v; exit }
  ' "$1"
}

# crate_dir NAME: prints "<dir> <name>-<version>" for the single resolved package NAME.
crate_dir() {
  local name=$1 found="" m
  while IFS= read -r m; do
    [ -n "$m" ] || continue
    # Registry and vendor directories are named `name-version` or `name`; skip the rest cheaply.
    case "$(basename "$(dirname "$m")")" in
      "$name" | "$name"-[0-9]*) ;;
      *) continue ;;
    esac
    [ "$(package_field "$m" name)" = "$name" ] || continue
    [ -z "$found" ] || die "more than one version of $name is resolved; SHA256SUMS expects one"
    found="$(dirname "$m") $name-$(package_field "$m" version)"
  done <<<"$manifests"
  [ -n "$found" ] || die "package $name is not in the dependency graph (cargo metadata)"
  echo "$found"
}

read -r zmq_dir zmq_id < <(crate_dir zeromq-src)
read -r pgm_dir pgm_id < <(crate_dir openpgm-sys)
read -r sodium_dir sodium_id < <(crate_dir libsodium-sys-stable)

# --- parse the build scripts ---------------------------------------------------------------------

# Quoted strings of the Rust array `NAME: &[&str] = &[ ... ];` (one line or several) in FILE.
rust_str_array() {
  awk -v name="$2" '
    !grab && index($0, name ": &[&str] = &[") { grab = 1; sub(/.*= &\[/, "") }
    grab { text = text " " $0; if (index($0, "];")) exit }
    END { print text }
  ' "$1" | grep -o '"[^"]*"' | tr -d '"'
}

# Every file below is relative to its crate directory.
zmq_files() {
  local list
  {
    for array in LIBZMQ_SOURCES LIBZMQ_WS_SOURCES LIBZMQ_PGM_SOURCES LIBZMQ_TIPC_SOURCES; do
      list=$(rust_str_array "$build_rs" "$array")
      [ "$(wc -l <<<"$list")" -ge 3 ] || die "could not parse $array from $build_rs"
      sed 's|^|vendor/src/|; s|$|.cpp|' <<<"$list"
    done
    # The I/O-thread pollers: the `=> "epoll"` arms of `files.push(match platform.poller ...)`.
    list=$(awk '/files\.push\(match /{grab=1} grab{print} grab && /^[[:space:]]*\}\);/{exit}' "$build_rs" |
      grep -o '=> "[a-z_0-9]*"' | grep -o '"[^"]*"' | tr -d '"')
    grep -qx epoll <<<"$list" || die "could not parse the poller sources from $build_rs"
    sed 's|^|vendor/src/|; s|$|.cpp|' <<<"$list"
    # Extra C sources: build.file(source.join("external/sha1/sha1.c")).
    list=$(grep -o 'source\.join("[^"]*\.c")' "$build_rs" | grep -o '"[^"]*"' | tr -d '"')
    grep -qx external/sha1/sha1.c <<<"$list" || die "could not parse external/sha1/sha1.c from $build_rs"
    sed 's|^|vendor/|' <<<"$list"
    # The public headers build.rs copies: for header in ["zmq.h", "zmq_utils.h"].
    list=$(grep -o 'for header in \[[^]]*\]' "$build_rs" | grep -o '"[^"]*"' | tr -d '"')
    grep -qx zmq.h <<<"$list" || die "could not parse the public headers from $build_rs"
    sed 's|^|vendor/include/|' <<<"$list"
    # Headers the sources include, and the licences.
    (cd "$zmq_dir" && find vendor/src vendor/include vendor/external/sha1 -maxdepth 1 -type f \
      \( -name '*.h' -o -name '*.hpp' \))
    echo vendor/LICENSE
    echo vendor/external/sha1/license.txt
  } | sort -u
}

pgm_files() {
  local pgm_build="$pgm_dir/build.rs" list
  {
    list=$(rust_str_array "$pgm_build" "static SOURCES")
    [ "$(wc -l <<<"$list")" -ge 20 ] || die "could not parse SOURCES from $pgm_build"
    sed 's|^|vendor/openpgm/pgm/|' <<<"$list"
    list=$(rust_str_array "$pgm_build" "static HEADERS")
    [ "$(wc -l <<<"$list")" -ge 10 ] || die "could not parse HEADERS from $pgm_build"
    sed 's|^|vendor/openpgm/pgm/|' <<<"$list"
    (cd "$pgm_dir" && find vendor/openpgm/pgm/include -type f -name '*.h')
    echo vendor/openpgm/pgm/LICENSE
    echo vendor/openpgm/pgm/COPYING
    echo build.rs
  } | sort -u
}

sodium_files() {
  printf '%s\n' LATEST.tar.gz LATEST.tar.gz.minisig build.rs
}

# --- checksum ------------------------------------------------------------------------------------

# sums_of DIR ID LIST: sha256sum lines with paths ID/<path>.
sums_of() {
  local dir=$1 id=$2 path
  while IFS= read -r path; do
    [ -f "$dir/$path" ] || die "$dir/$path is listed by a build script but missing"
    printf '%s  %s/%s\n' "$(sha256sum <"$dir/$path" | cut -d' ' -f1)" "$id" "$path"
  done
}

if [ "$mode" = list ]; then
  zmq_files | sed "s|^|$zmq_dir/|"
  pgm_files | sed "s|^|$pgm_dir/|"
  sodium_files | sed "s|^|$sodium_dir/|"
  exit 0
fi

new=$(mktemp)
trap 'rm -f "$new"' EXIT
{
  echo "# SHA-256 of the third-party native sources compiled by zmq-sys. Generated by vendor/checksums.sh;"
  echo "# do not edit. Paths are <crate>-<version>/<path in the crate> (the cargo registry's src layout)."
  echo "# libzmq 4.3.5 from $zmq_id, OpenPGM 5.3.128 from $pgm_id, libsodium from $sodium_id."
  zmq_files | sums_of "$zmq_dir" "$zmq_id"
  pgm_files | sums_of "$pgm_dir" "$pgm_id"
  sodium_files | sums_of "$sodium_dir" "$sodium_id"
} >"$new"

count=$(grep -vc '^#' "$new")
if [ "$mode" = write ]; then
  cat "$new" >"$sums"
  echo "wrote $sums ($count files)"
  exit 0
fi

[ -f "$sums" ] || die "$sums does not exist; run vendor/checksums.sh to create it"
if diff -u --label "vendor/SHA256SUMS (committed)" --label "computed now" "$sums" "$new"; then
  echo "vendor/SHA256SUMS: all $count files match"
else
  echo "vendor/SHA256SUMS differs from the sources cargo resolved (see the diff above)." >&2
  echo "If a carrier crate was upgraded on purpose, run vendor/checksums.sh and review the diff." >&2
  exit 1
fi
