#!/usr/bin/env bash
# Remakes the README's screenshots of the staff desk page, docs/staff-phone.png (390x844) and
# docs/staff-desktop.png (1280x800), by running its browser test (tests/web/staff_page.test.mjs: Debian's
# chromium, a real registry-stub, a call from the kiosk's HelpCalls, one unanswered past its time, two alerts).
# Usage: scripts/staff-screenshots.sh [BUILD_DIR]   (default: build, where `make build` or `make test` built
#   registry-stub and tests/web/help_call_kiosk)
set -euo pipefail
build=${1:-build}
cd "$(dirname "$0")/.."
artifacts=$(mktemp -d)
trap 'rm -rf "$artifacts"' EXIT
for program in backend-stub/registry-stub tests/web/help_call_kiosk; do
  [[ -x "$build/$program" ]] || { echo "staff-screenshots: build $build/$program first" >&2; exit 1; }
done
[[ -d tests/web/node_modules ]] || (cd tests/web && npm ci --no-audit --no-fund)
BK_REGISTRY_STUB="$build/backend-stub/registry-stub" BK_HELP_CALL_KIOSK="$build/tests/web/help_call_kiosk" \
  BK_SERVICES="$PWD/content/services" BK_ARTIFACTS="$artifacts" node --test tests/web/staff_page.test.mjs
cp "$artifacts/staff-phone.png" docs/staff-phone.png
cp "$artifacts/staff-desktop.png" docs/staff-desktop.png
echo "staff-screenshots: docs/staff-phone.png docs/staff-desktop.png"
