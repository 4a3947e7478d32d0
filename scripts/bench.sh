#!/usr/bin/env bash
# `make bench`: prints figures, gates nothing. Under Xvfb with Mesa llvmpipe at 1920x1080:
# cold start to first frame, PSS after 5 s, CPU while idle for 30 s on the start screen and 10 s on home;
# then ImGui frame times per screen, telemetry and registry throughput.
set -euo pipefail
build=${1:-build}
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT

# shellcheck source=scripts/lib-xvfb.sh
source scripts/lib-xvfb.sh
start_xvfb 1920x1080
kiosk_args=(--window 1920x1080 --no-speech --data-dir "$work/data")

echo "== kiosk under Xvfb (llvmpipe), 1920x1080, demo content"
starts=()
for i in 1 2 3 4 5; do
  "$build/app/borgerkiosk" "${kiosk_args[@]}" 2> "$work/start.log" & pid=$!
  for _ in $(seq 100); do grep -q "first frame" "$work/start.log" && break; sleep 0.05; done
  starts+=("$(sed -n 's/.*first frame after \([0-9]*\) ms.*/\1/p' "$work/start.log")")
  kill "$pid"; wait "$pid" 2>/dev/null || true
done
sorted=$(printf '%s\n' "${starts[@]}" | sort -n | tr '\n' ' ')
echo "cold start to first frame (ms, 5 runs): $sorted (median $(printf '%s\n' "${starts[@]}" | sort -n | sed -n 3p); target <= 300)"

"$build/app/borgerkiosk" "${kiosk_args[@]}" --dump-targets "$work/targets.json" 2>/dev/null & pid=$!
sleep 5
pss=$(awk '/^Pss:/ {print $2}' "/proc/$pid/smaps_rollup")
echo "PSS after 5 s: $((pss / 1024)) MiB (target <= 130)"
ticks() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
hz=$(getconf CLK_TCK)
t0=$(ticks); sleep 30; t1=$(ticks)
echo "idle CPU, start screen, 30 s: $(awk -v d=$((t1 - t0)) -v hz="$hz" 'BEGIN {printf "%.2f", 100 * d / hz / 30}') % (target <= 0.5)"
read -r x y < <(jq -r '.targets[] | select(.id=="start.begin") | "\(.x|floor) \(.y|floor)"' "$work/targets.json")
xdotool mousemove "$x" "$y" click 1; sleep 1
t0=$(ticks); sleep 10; t1=$(ticks)
echo "idle CPU, home screen, 10 s: $(awk -v d=$((t1 - t0)) -v hz="$hz" 'BEGIN {printf "%.2f", 100 * d / hz / 10}') % (target <= 0.5)"
kill "$pid"; wait "$pid" 2>/dev/null || true

echo; echo "== ImGui CPU per frame, NewFrame to Render (target <= 1 ms on the heaviest screen)"
"$build/tests/bench/ui_bench" --benchmark_min_time=0.5
for b in telemetry_bench registry_bench; do
  if [[ -x "$build/tests/bench/$b" ]]; then echo; echo "== $b"; "$build/tests/bench/$b"; fi
done
echo; echo "== staff_stream_bench (200 staff pages on the stream while kiosks ingest)"
node tests/bench/staff_stream_bench.mjs "$build"
