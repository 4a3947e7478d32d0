#!/usr/bin/env bash
# Remakes the README's screenshots of the service designers' review console (1600x1000, Danish):
#   docs/review-strategy.png, docs/review-service.png (the MitID guide: versions, drop-off per step, ratings),
#   docs/review-help.png (did a person come when a citizen asked: per location and kiosk).
# The data is real: a registry-stub on a temporary SQLite file, fed by `borgerkiosk --simulate` (the kiosk's
# own flow, queue and uploader) for two demo kiosks.
# Usage: scripts/review-screenshots.sh [BUILD_DIR]   (default: build; needs xvfb, imagemagick, jq, curl)
set -euo pipefail
build=${1:-build}
cd "$(dirname "$0")/.."
work=$(mktemp -d)
stub_pid=
trap 'kill $(jobs -p) $stub_pid 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"' EXIT

stub="$build/backend-stub/registry-stub"
db="$work/registry.sqlite"
for kiosk in odder-bibliotek; do
  "$stub" kiosk add --db "$db" --municipality odder --id "$kiosk" > "$work/$kiosk.token"
done
"$stub" reader add --db "$db" --municipality odder --name "screenshots" > "$work/reader.token"

# Port 0: the registry binds a free port and prints "listening on HOST:PORT" once it listens.
exec 4< <("$stub" serve --db "$db" --listen 127.0.0.1:0 --strategies content/strategies --services content/services \
  2> "$work/registry.log")
stub_pid=$!
read -r -t 20 line <&4 || { echo "review-screenshots: registry did not start; see its log:" >&2; cat "$work/registry.log" >&2; exit 1; }
port=${line##*:}
url="http://127.0.0.1:$port"

# Two simulated days of visits at the library kiosk (guides, feedback, help calls staff answer or not).
"$build/app/borgerkiosk" --content content --profile odder-bibliotek --data-dir "$work/kiosk" --registry "$url" \
  --kiosk-id odder-bibliotek --token-file "$work/odder-bibliotek.token" --simulate 400 --seed 11 --timeout 120 \
  > "$work/simulate.log" 2>&1 || { cat "$work/simulate.log" >&2; exit 1; }

# Help calls as the kiosk places them (the simulation counts help taps as events only): three at the
# library's ground floor, two answered by staff ("I'm coming"), one still open.
for i in 1 2 3; do
  id=$(curl -sS --fail-with-body -H "Authorization: Bearer $(cat "$work/odder-bibliotek.token")" -H 'Content-Type: application/json' \
    -d '{"kiosk_id":"odder-bibliotek","screen":"guide","service":"mitid-app","location":"Odder Bibliotek, stueetagen","lang":"da"}' \
    "$url/v1/help-requests" | jq -r .id)
  [[ $i -lt 3 ]] && curl -fsS -d "" -H "Authorization: Bearer $(cat "$work/reader.token")" "$url/v1/help-requests/$id/ack" >/dev/null
done

# shellcheck source=scripts/lib-xvfb.sh
source scripts/lib-xvfb.sh
start_xvfb 1600x1000

# The console writes its targets file after each settled frame; "loaded" is true once the view's data is in.
shoot() {  # view name
  local view=$1 name=$2 targets="$work/targets-$2.json"
  "$build/app/review/borgerkiosk-review" --registry "$url" --token-file "$work/reader.token" --view "$view" \
    --period all --window 1600x1000 --dump-targets "$targets" 2> "$work/review-$name.log" &
  local pid=$!
  for _ in $(seq 150); do
    [[ -s "$targets" ]] && jq -e '.loaded == true' "$targets" >/dev/null 2>&1 && break
    sleep 0.1
  done
  jq -e '.loaded == true' "$targets" >/dev/null || { echo "review-screenshots: $view did not load" >&2; cat "$work/review-$name.log" >&2; exit 1; }
  sleep 0.5  # the frame after "loaded" reaches the display
  import -window root png:- | convert - -resize 75% -depth 8 -strip "docs/review-$name.png"
  echo "docs/review-$name.png"
  kill "$pid"; wait "$pid" 2>/dev/null || true
}

mkdir -p docs
shoot strategy strategy
shoot service:mitid-app service
shoot help help
