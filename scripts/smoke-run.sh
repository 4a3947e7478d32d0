#!/usr/bin/env bash
# CI's smoke test of the README's first command, `make run`, on a virtual display: it passes only when
#   1. `make run` starts and the registry it starts answers /health,
#   2. the kiosk draws its first frame,
#   3. the kiosk reaches the registry: its heartbeat is stored (the kiosks report, read with the demo reader token),
#   4. closing the kiosk (SIGTERM, as the session manager does) stops everything cleanly: `make run` exits 0, the
#      registry is gone from its port, and its log shows no failed request.
# Each step has a deadline. The run uses a temporary RUN_DIR and a free port, so it leaves the demo's var/ alone.
# Usage: scripts/smoke-run.sh [build-dir]
set -euo pipefail
build=${1:-build}
cd "$(dirname "$0")/.."
work=$(mktemp -d)
run_pid=
cleanup() {
  # Whatever is left of the run's process group goes too, so a failed smoke test leaves no window or registry behind.
  [[ -n "$run_pid" ]] && kill -TERM -- "-$run_pid" 2>/dev/null || true
  kill $(jobs -p) 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
fail() {
  echo "smoke: FAILED: $*" >&2
  echo "--- make run output:" >&2; cat "$work/run.log" >&2 || true
  echo "--- registry log:" >&2; cat "$work/var/registry.log" >&2 2>/dev/null || true
  exit 1
}
step() { echo "smoke: ok   $*"; }
# wait_for_line FILE REGEX SECONDS: blocks until the line appears (tail follows the file), or the deadline passes.
wait_for_line() { timeout "$3" grep -q -m1 -E "$2" < <(tail -n +1 -F "$1" 2>/dev/null); }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# shellcheck source=scripts/lib-xvfb.sh
source scripts/lib-xvfb.sh
start_xvfb 1080x1920
port=$(free_port)
started=$(date +%s%N)
ms_since() { echo $((($(date +%s%N) - started) / 1000000)); }
echo "smoke: make run BUILD_DIR=$build on DISPLAY=$DISPLAY, registry port $port, run dir $work/var"

# Its own session and process group, so the cleanup can end all of it.
RUN_DIR="$work/var" REGISTRY_PORT=$port setsid make --no-print-directory run BUILD_DIR="$build" > "$work/run.log" 2>&1 &
run_pid=$!

# 1. The registry: run-demo.sh prints this line once /health answered; check it ourselves too.
wait_for_line "$work/run.log" '^run: registry on ' 300 || fail "the registry did not come up within 300 s"
health=$(curl -fsS --max-time 5 "http://127.0.0.1:$port/health") || fail "GET /health did not answer"
step "registry answers /health after $(ms_since) ms: $health"

# 2. The kiosk's first frame on the display.
wait_for_line "$work/run.log" 'borgerkiosk: first frame after [0-9]+ ms' 60 || fail "the kiosk drew no first frame within 60 s"
step "kiosk $(grep -o 'first frame after [0-9]* ms' "$work/run.log") (at $(ms_since) ms since make run)"
mkdir -p "$build/artifacts"
import -window root "$build/artifacts/smoke-first-frame.png" 2>/dev/null && step "screenshot: $build/artifacts/smoke-first-frame.png"

# 3. The kiosk's heartbeat reached the registry and was stored: the kiosks report names it with a last_seen time.
municipality=$(jq -r .municipality content/profiles/odder-bibliotek.json)
reader=$(cat "$work/var/reader-$municipality.token")
deadline=$(($(date +%s) + 60))
seen=
while [[ $(date +%s) -lt $deadline ]]; do
  seen=$(curl -fsS --max-time 5 -H "Authorization: Bearer $reader" "http://127.0.0.1:$port/v1/reports/kiosks?municipality=$municipality" |
         jq -r '.kiosks[] | select(.kiosk_id == "odder-bibliotek" and .last_seen_ts != null) | "\(.last_seen_ts) \(.events_received)"' 2>/dev/null) || true
  [[ -n "$seen" ]] && break
  sleep 0.5
done
[[ -n "$seen" ]] || fail "no heartbeat from the kiosk stored within 60 s"
read -r last_seen events <<< "$seen"
step "kiosk odder-bibliotek stored at the registry: last seen $last_seen, $events event(s) received"

# 4. Close the kiosk as a session manager would; run-demo.sh then stops the registry and make run exits 0.
kiosk_pid=$(pgrep -s "$run_pid" -x borgerkiosk) || fail "no kiosk process in the run's session"
kill -TERM "$kiosk_pid"
status=0
timeout 30 tail --pid="$run_pid" -f /dev/null || fail "make run did not stop within 30 s of SIGTERM to the kiosk"
wait "$run_pid" || status=$?
[[ $status -eq 0 ]] || fail "make run exited with $status"
run_pid=
curl -fsS --max-time 2 "http://127.0.0.1:$port/health" >/dev/null 2>&1 && fail "the registry still answers after make run ended"
grep -E ' -> [45][0-9][0-9]$|^.*error: ' "$work/var/registry.log" && fail "the registry logged failed requests"
step "SIGTERM to the kiosk: make run exited 0 after $(ms_since) ms in all, the registry stopped, no failed request logged"
echo "smoke: passed"
