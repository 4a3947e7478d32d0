#!/usr/bin/env bash
# `make run`: the registry stub on an embedded SQLite file in var/, a provisioned demo kiosk, and the
# kiosk window on the demo content talking to it. Closing the kiosk stops the stub.
#   REGISTRY_PORT (default 8787), PROFILE (default odder-bibliotek), KIOSK_ARGS (e.g. "--window 1920x1080"),
#   RUN_DIR (default var: the registry's database, the tokens, the kiosk's queue and the registry's log)
set -euo pipefail
build=${1:-build}
cd "$(dirname "$0")/.."
port=${REGISTRY_PORT:-8787}
profile=${PROFILE:-odder-bibliotek}
municipality=$(jq -r .municipality "content/profiles/$profile.json")
var=${RUN_DIR:-var}
mkdir -p "$var/kiosk-$profile"

if [[ -z "${DISPLAY:-}" && -z "${WAYLAND_DISPLAY:-}" ]]; then
  echo "make run: no display. Run it from a desktop session, or under a virtual one:" >&2
  echo "  Xvfb :5 -screen 0 1080x1920x24 & DISPLAY=:5 make run" >&2
  exit 1
fi

stub="$build/backend-stub/registry-stub"
db="$var/registry.sqlite"
# Provision once: the kiosk token and a reader token for the review console, printed once, kept in var/.
if [[ ! -s "$var/kiosk-$profile.token" ]]; then
  "$stub" kiosk add --db "$db" --municipality "$municipality" --id "$profile" > "$var/kiosk-$profile.token"
  echo "run: provisioned kiosk $profile (token in $var/kiosk-$profile.token)"
fi
if [[ ! -s "$var/reader-$municipality.token" ]]; then
  "$stub" reader add --db "$db" --municipality "$municipality" --name "demo designer" > "$var/reader-$municipality.token"
  echo "run: reader token for $municipality in $var/reader-$municipality.token"
fi

"$stub" serve --db "$db" --listen "127.0.0.1:$port" --strategies content/strategies --services content/services \
  2> "$var/registry.log" &
stub_pid=$!
trap 'kill "$stub_pid" 2>/dev/null; wait "$stub_pid" 2>/dev/null || true' EXIT
for _ in $(seq 50); do
  curl -fsS "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break
  kill -0 "$stub_pid" 2>/dev/null || { echo "run: registry-stub did not start; see $var/registry.log" >&2; exit 1; }
  sleep 0.1
done
echo "run: registry on http://127.0.0.1:$port (log: $var/registry.log); demo staff PIN 2468"
echo "run: review console: $build/app/review/borgerkiosk-review --registry http://127.0.0.1:$port --token-file $var/reader-$municipality.token"

# shellcheck disable=SC2086
"$build/app/borgerkiosk" --content content --profile "$profile" --data-dir "$var/kiosk-$profile" \
  --registry "http://127.0.0.1:$port" --kiosk-id "$profile" --token-file "$var/kiosk-$profile.token" \
  ${KIOSK_ARGS:---window 1080x1920}
