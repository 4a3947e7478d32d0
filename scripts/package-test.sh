#!/usr/bin/env bash
# CI's test of the Debian packages (after `make package`), on this machine as root, as IT installs them:
#   1. `apt-get install ./*.deb` installs all three with what they depend on;
#   2. each program answers --help from /usr/bin, the installed kiosk checks and runs its installed content;
#   3. `systemd-analyze verify` accepts every unit the packages ship;
#   4. an upgrade to a newer version keeps the registry's database, the kiosk's queue and its kept release;
#   5. purging takes the programs away again (and this script leaves the machine as it found it).
#   scripts/package-test.sh [PACKAGE_DIR=build-package]
set -euo pipefail
cd "$(dirname "$0")/.."
dir=$(realpath "${1:-build-package}")
[[ $(id -u) -eq 0 ]] || { echo "package-test: run as root (it installs packages)" >&2; exit 1; }
shopt -s nullglob
debs=("$dir"/*.deb)
[[ ${#debs[@]} -eq 3 ]] || { echo "package-test: expected 3 packages in $dir, found ${#debs[@]}" >&2; exit 1; }
work=$(mktemp -d)
packages=(borgerkiosk borgerkiosk-review borgerkiosk-registry)
cleanup() {
  DEBIAN_FRONTEND=noninteractive apt-get purge -y -q "${packages[@]}" >/dev/null 2>&1 || true
  rm -rf "$work" /var/lib/borgerkiosk /var/lib/borgerkiosk-registry /etc/borgerkiosk
}
trap cleanup EXIT
ok() { echo "package-test: ok   $*"; }
fail() { echo "package-test: FAILED: $*" >&2; exit 1; }
export DEBIAN_FRONTEND=noninteractive

# 1. Install, with the recommended cage compositor that the kiosk's unit starts.
apt-get install -y -q "${debs[@]}" > "$work/install.log" 2>&1 || { cat "$work/install.log" >&2; fail "apt-get install"; }
ok "apt-get install ./*.deb: $(dpkg-query -W -f='${Package} ${Version}, ' "${packages[@]}")"

# 2. The programs, from /usr/bin.
for program in borgerkiosk borgerkiosk-review registry-stub; do
  [[ $(command -v "$program") == "/usr/bin/$program" ]] || fail "$program is not in /usr/bin"
  "/usr/bin/$program" --help > "$work/help.txt" 2>&1 || { cat "$work/help.txt" >&2; fail "$program --help"; }
done
ok "borgerkiosk, borgerkiosk-review and registry-stub answer --help from /usr/bin"
/usr/bin/borgerkiosk --check-content /usr/share/borgerkiosk/content > "$work/check.txt" 2>&1 ||
  { cat "$work/check.txt" >&2; fail "the installed content does not check"; }
# The installed kiosk finds its content and pictures where the package put them (no source tree here).
(cd / && /usr/bin/borgerkiosk --simulate 3 --data-dir "$work/sim") > "$work/sim.txt" 2>&1 ||
  { cat "$work/sim.txt" >&2; fail "the installed kiosk cannot run its installed content"; }
ok "installed content checks; a simulated visit runs on it: $(grep "^simulated" "$work/sim.txt")"
id borgerkiosk-registry >/dev/null && id borgerkiosk >/dev/null || fail "the system users were not made"
[[ $(stat -c %U /var/lib/borgerkiosk-registry) == borgerkiosk-registry ]] || fail "/var/lib/borgerkiosk-registry is not the registry user's"
[[ $(stat -c %U /var/lib/borgerkiosk) == borgerkiosk ]] || fail "/var/lib/borgerkiosk is not the kiosk user's"
ok "system users borgerkiosk and borgerkiosk-registry own their state folders under /var/lib"

# 3. The units.
units=(/lib/systemd/system/borgerkiosk.service /lib/systemd/system/borgerkiosk-registry.service)
for unit in "${units[@]}"; do [[ -f "$unit" ]] || fail "$unit is missing"; done
systemd-analyze verify "${units[@]}" > "$work/verify.txt" 2>&1 || { cat "$work/verify.txt" >&2; fail "systemd-analyze verify"; }
# verify exits 0 on some complaints; none is accepted here.
grep -v -E '^$' "$work/verify.txt" | grep -E 'borgerkiosk' && fail "systemd-analyze verify complained"
ok "systemd-analyze verify accepts ${units[*]}"
[[ -f /etc/borgerkiosk/registry.env && -f /etc/borgerkiosk/kiosk.env ]] || fail "the config files under /etc/borgerkiosk are missing"

# 4. State made by the installed programs as their own users, then an upgrade to a newer version.
. /etc/borgerkiosk/registry.env
registry() { runuser -u borgerkiosk-registry -- /usr/bin/registry-stub "$@"; }
registry kiosk add --db "$REGISTRY_DB" --municipality odder --id odder-bibliotek > "$work/kiosk.token"
registry reader add --db "$REGISTRY_DB" --municipality odder --name "package test" > "$work/reader.token"
runuser -u borgerkiosk -- /usr/bin/borgerkiosk --simulate 2 --data-dir /var/lib/borgerkiosk > /dev/null 2>&1 ||
  fail "the kiosk user cannot run the kiosk on /var/lib/borgerkiosk"
mkdir -p /var/lib/borgerkiosk/fleet && echo "kept release stand-in" > /var/lib/borgerkiosk/fleet/upgrade-marker
chown -R borgerkiosk: /var/lib/borgerkiosk/fleet
state_sum() { find /var/lib/borgerkiosk /var/lib/borgerkiosk-registry -type f -print0 | sort -z | xargs -0 sha256sum; }
state_sum > "$work/state.before"
version=$(dpkg-query -W -f='${Version}' borgerkiosk)
next="$version+1"
for deb in "${debs[@]}"; do
  name=$(dpkg-deb -f "$deb" Package)
  dpkg-deb -R "$deb" "$work/repack-$name"
  sed -i "s/^Version: .*/Version: $next/" "$work/repack-$name/DEBIAN/control"
  dpkg-deb -b "$work/repack-$name" "$work/${name}_${next}_amd64.deb" > /dev/null
done
apt-get install -y -q "$work"/*_"$next"_amd64.deb > "$work/upgrade.log" 2>&1 || { cat "$work/upgrade.log" >&2; fail "the upgrade"; }
[[ $(dpkg-query -W -f='${Version}' borgerkiosk-registry) == "$next" ]] || fail "the upgrade did not take"
state_sum > "$work/state.after"
diff "$work/state.before" "$work/state.after" || fail "the upgrade changed the state under /var/lib"
# The database still works: the reader token made before the upgrade reads a report from the upgraded registry.
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
runuser -u borgerkiosk-registry -- /usr/bin/registry-stub serve --db "$REGISTRY_DB" --listen "127.0.0.1:$port" \
  --strategies "$REGISTRY_STRATEGIES" --services "$REGISTRY_SERVICES" 2> "$work/serve.log" &
serve_pid=$!
answer=
for _ in $(seq 100); do
  answer=$(curl -fsS -H "Authorization: Bearer $(cat "$work/reader.token")" \
    "http://127.0.0.1:$port/v1/reports/kiosks?municipality=odder" 2>/dev/null) && break
  sleep 0.1
done
kill "$serve_pid"; wait "$serve_pid" 2>/dev/null || true
echo "$answer" | jq -e '.kiosks[] | select(.kiosk_id == "odder-bibliotek")' > /dev/null ||
  { cat "$work/serve.log" >&2; fail "after the upgrade the registry does not know the kiosk made before it"; }
ok "upgrade $version -> $next kept the registry's database, the kiosk's queue and its kept release (same files, same bytes)"

# 5. Purge.
apt-get purge -y -q "${packages[@]}" > "$work/purge.log" 2>&1 || { cat "$work/purge.log" >&2; fail "purge"; }
for program in borgerkiosk borgerkiosk-review registry-stub; do [[ ! -e "/usr/bin/$program" ]] || fail "$program left after purge"; done
ok "purged"
echo "package-test: passed"
