#!/usr/bin/env bash
# Remakes the README's screenshots from the real kiosk under Xvfb (Mesa llvmpipe), portrait 1080x1920:
#   docs/kiosk-start.png, docs/kiosk-guide-step.png (a step with its picture and QR code),
#   docs/kiosk-feedback.png, docs/kiosk-staff.png (staff mode: hold the top-left corner, PIN 2468).
# With --lang LANG (e.g. ar, uk) the citizen starts by choosing that language on the start screen, and the shots
#   are docs/kiosk-LANG-{home,list,languages,guide-first,guide-step,feedback,keyboard,thanks,help}.png (no staff mode:
#   staff read their own language).
# --large chooses the largest text size (200 %) first and --landscape shoots 1920x1080; both add to the names
#   (docs/kiosk-uk-large-landscape-guide-step.png) and imply the --lang set of shots (Danish when no --lang).
# Usage: scripts/screenshots.sh [--lang LANG] [--large] [--landscape] [BUILD_DIR]
#   (default BUILD_DIR: build; needs xvfb, xdotool, imagemagick, jq)
set -euo pipefail
lang= large= landscape= variant=
while [[ ${1:-} == --* ]]; do
  case $1 in
    --lang) lang=$2; shift 2 ;;
    --large) large=1; shift ;;
    --landscape) landscape=1; shift ;;
    *) echo "screenshots: unknown option $1" >&2; exit 2 ;;
  esac
done
[[ -n $lang$large$landscape ]] && variant="${lang:-da}-${large:+large-}${landscape:+landscape-}"
size=1080x1920
[[ -n $landscape ]] && size=1920x1080
build=${1:-build}
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"' EXIT

# shellcheck source=scripts/lib-xvfb.sh
source scripts/lib-xvfb.sh
start_xvfb "$size"

"$build/app/borgerkiosk" --no-speech --data-dir "$work/data" --profile odder-bibliotek --window "$size" \
  --dump-targets "$work/targets.json" 2> "$work/kiosk.log" &

# The kiosk rewrites the targets file after every frame that settled; wait for the state we asked for.
wait_for() {  # jq condition
  for _ in $(seq 100); do
    [[ -s "$work/targets.json" ]] && jq -e "$1" "$work/targets.json" >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  echo "screenshots: timed out waiting for $1" >&2; exit 1
}
centre() { jq -r ".targets[] | select(.id==\"$1\") | \"\(.x|floor) \(.y|floor)\"" "$work/targets.json"; }
tap() {
  wait_for ".targets | any(.id==\"$1\")"
  read -r x y < <(centre "$1")
  local frame; frame=$(jq .frame "$work/targets.json")
  xdotool mousemove "$x" "$y" click 1
  wait_for ".frame > $frame"
}
# With large text a control may be further down a scroll region: drag the middle of the screen up until it shows.
reach() {
  read -r width height <<< "${size/x/ }"
  for quarter in 2 3 1 2 3 1 2 3 1; do  # the middle, then each landscape column
    jq -e ".targets | any(.id==\"$1\")" "$work/targets.json" >/dev/null 2>&1 && return 0
    local frame; frame=$(jq .frame "$work/targets.json")
    local x=$((width * quarter / 4))
    xdotool mousemove "$x" $((height * 6 / 10)) mousedown 1
    for step in 5 4 3; do sleep 0.1; xdotool mousemove "$x" $((height * step / 10)); done
    sleep 0.1; xdotool mouseup 1
    wait_for ".frame > $frame"
  done
}
# Half size: sharp enough in a README, small in the repository.
shot() {
  local name=${1/kiosk-/kiosk-$variant}
  sleep 0.5; import -window root png:- | convert - -resize 50% -depth 8 -strip "docs/$name.png"; echo "docs/$name.png"
}

mkdir -p docs
wait_for '.screen == "start"'
if [[ -n $variant ]]; then
  tap "lang.${lang:-da}"  # choosing a language starts the visit
  wait_for '.screen == "home"'
  if [[ -n $large ]]; then tap top.text_size; tap top.text_size; fi
  shot kiosk-home
else
  shot kiosk-start
  tap start.begin
fi
tap home.guides
if [[ -n $variant ]]; then
  shot kiosk-list
  tap top.language; shot kiosk-languages; tap languages.close
fi
tap service.mitid-app
[[ -n $variant ]] && shot kiosk-guide-first  # the first step: what you need, as a list
tap guide.next
reach guide.show_qr; tap guide.show_qr
wait_for '.qr == true'
if [[ -n $variant ]]; then  # with large text the code is further down: scroll to the button under it, then
  reach guide.on_phone       # back a little, so the code is whole in the shot with what it says
  read -r width height <<< "${size/x/ }"
  frame=$(jq .frame "$work/targets.json")
  xdotool mousemove $((width / 2)) $((height / 2)) mousedown 1
  for step in 54 60 66 70; do sleep 0.1; xdotool mousemove $((width / 2)) $((height * step / 100)); done
  sleep 0.1; xdotool mouseup 1
  wait_for ".frame > $frame"
fi
shot kiosk-guide-step
for _ in 1 2 3 4 5 6 7; do tap guide.next; done  # through the last of 8 steps
wait_for '.screen == "feedback"'
tap feedback.rate.4
shot kiosk-feedback
if [[ -n $variant ]]; then
  reach feedback.comment; tap feedback.comment; shot kiosk-keyboard
  # At 200 % on a short screen send and skip give way to the typed words while typing: the keyboard's done (its
  # last key) brings them back.
  if ! jq -e '.targets | any(.id=="feedback.send")' "$work/targets.json" >/dev/null; then
    tap "$(jq -r '[.targets[].id | select(startswith("key.")) | split(".") | map(tonumber? // .)] | max_by(.[1:]) | "key.\(.[1]).\(.[2])"' "$work/targets.json")"
  fi
  tap feedback.send; wait_for '.screen == "thanks"'; shot kiosk-thanks
  tap top.help; wait_for '.screen == "help"'; shot kiosk-help
  exit 0
fi
# Staff mode: hold the hidden top-left corner for 3 s, then the demo PIN.
xdotool mousemove 5 5 mousedown 1; sleep 3.5; xdotool mouseup 1
wait_for '.screen == "staff_pin"'
for key in pin.2 pin.4 pin.6 pin.8 pin.ok; do tap "$key"; done
wait_for '.screen == "staff"'
shot kiosk-staff
