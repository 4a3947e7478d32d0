# Sourced by the scripts that run the real programs under a virtual display (bench.sh, screenshots.sh).
# start_xvfb WxH: a private Xvfb on a free display number (-displayfd), software OpenGL (Mesa llvmpipe) as on a
# kiosk PC without a GPU driver; exports DISPLAY. The caller's EXIT trap kills its background jobs.
start_xvfb() {
  local size=$1 display
  exec 3<> <(:)
  Xvfb -displayfd 3 -screen 0 "${size}x24" -nolisten tcp >/dev/null 2>&1 &
  read -r -t 10 display <&3 || { echo "$(basename "$0"): Xvfb did not start" >&2; exit 1; }
  export DISPLAY=":$display" LIBGL_ALWAYS_SOFTWARE=1
}
