#!/usr/bin/env bash
# Runs the async (tokio) examples against each other on loopback and checks what they print:
#   async_broker (broker, 4 clients and 2 workers as tasks; checks every reply itself),
#   async_hwserver + async_hwclient, async_wuserver + async_wuclient.
# Servers bind ephemeral ports (tcp://127.0.0.1:*) and print the endpoint; every process is
# bounded in time. Builds the examples first (feature tokio) in $CARGO_TARGET_DIR.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
target=${CARGO_TARGET_DIR:-$root/target}
cargo build --locked --features tokio \
  --example async_broker --example async_hwserver --example async_hwclient \
  --example async_wuserver --example async_wuclient
bin=$target/debug/examples
tmp=$(mktemp -d "${TMPDIR:-/tmp}/zmq-async-examples.XXXXXX")
pids=()
cleanup() {
  local p
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  rm -rf "$tmp"
}
trap cleanup EXIT
fail() { echo "check-async-examples: FAILED: $*" >&2; exit 1; }

# endpoint_of LOGFILE: waits (up to 10 s) for "... on tcp://..." in a server's output.
endpoint_of() {
  local i ep
  for i in $(seq 100); do
    ep=$(grep -o 'tcp://127\.0\.0\.1:[0-9]*' "$1" | head -n1 || true)
    if [ -n "$ep" ]; then echo "$ep"; return 0; fi
    sleep 0.1
  done
  return 1
}

echo "== async_broker (broker, clients and workers as tasks)"
timeout 60 "$bin/async_broker" | tee "$tmp/broker.log" | tail -n 3
grep -q '^broker: 4 clients x 10 requests answered by 2 workers$' "$tmp/broker.log" ||
  fail "async_broker did not answer every request"

echo "== async_hwserver + async_hwclient"
timeout 60 "$bin/async_hwserver" --bind 'tcp://127.0.0.1:*' --work-ms 10 --count 5 >"$tmp/hws.log" 2>&1 &
pids+=($!)
ep=$(endpoint_of "$tmp/hws.log") || fail "async_hwserver printed no endpoint: $(cat "$tmp/hws.log")"
timeout 60 "$bin/async_hwclient" --connect "$ep" --requests 5 | tee "$tmp/hwc.log" | tail -n 2
[ "$(grep -c '^Received World' "$tmp/hwc.log")" = 5 ] || fail "async_hwclient: not 5 replies"
wait "${pids[-1]}" || fail "async_hwserver exited with an error"
[ "$(grep -c '^Received Hello' "$tmp/hws.log")" = 5 ] || fail "async_hwserver: not 5 requests"

echo "== async_wuserver + async_wuclient"
timeout 120 "$bin/async_wuserver" --bind 'tcp://127.0.0.1:*' --zips 10 >"$tmp/wus.log" 2>&1 &
pids+=($!)
ep=$(endpoint_of "$tmp/wus.log") || fail "async_wuserver printed no endpoint: $(cat "$tmp/wus.log")"
timeout 60 "$bin/async_wuclient" --connect "$ep" --zip 10001 --updates 100 | tee "$tmp/wuc.log"
grep -q "^Average temperature for zipcode '10001' was -\?[0-9]*F (100 updates)$" "$tmp/wuc.log" ||
  fail "async_wuclient did not average 100 updates"

echo "check-async-examples: OK"
