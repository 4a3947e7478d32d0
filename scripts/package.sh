#!/usr/bin/env bash
# `make package`: the three Debian packages for bookworm amd64 (borgerkiosk, borgerkiosk-review,
# borgerkiosk-registry) in build-package/, built by debhelper from a copy of this tree, then checked by lintian.
# The version is the project's own (project(... VERSION) in CMakeLists.txt); debian/changelog is written from it.
# Dependencies come from the binaries (dh_shlibdeps); only data packages (fonts, voices) are named by hand.
#   scripts/package.sh [OUT_DIR=build-package]
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-build-package}
version=$(sed -n 's/^project(borgerkiosk VERSION \([0-9.]*\).*/\1/p' CMakeLists.txt)
[[ -n "$version" ]] || { echo "package: no version in CMakeLists.txt" >&2; exit 1; }
start=$SECONDS
rm -rf "$out"
stage="$out/src/borgerkiosk-$version"
mkdir -p "$stage"
# The tracked files as they are now (and new ones git does not ignore), not the build folders.
git ls-files -z --cached --others --exclude-standard | while IFS= read -r -d '' file; do
  [[ -e "$file" ]] && cp --parents -P "$file" "$stage/"
done
commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
maintainer=$(sed -n 's/^Maintainer: //p' debian/control)
cat > "$stage/debian/changelog" <<CHANGELOG
borgerkiosk ($version) bookworm; urgency=medium

  * Borgerkiosk $version, built from commit $commit.

 -- $maintainer  $(date -R)
CHANGELOG
export CCACHE_BASEDIR
CCACHE_BASEDIR=$(realpath "$stage")  # ccache keys relative to the copy, so the next package build reuses them
echo "package: building borgerkiosk $version (commit $commit) in $stage"
(cd "$stage" && DEB_BUILD_OPTIONS="noddebs parallel=$(nproc)" dpkg-buildpackage -us -uc -b) > "$out/build.log" 2>&1 ||
  { tail -40 "$out/build.log" >&2; echo "package: dpkg-buildpackage failed; the whole log is $out/build.log" >&2; exit 1; }
mv "$out"/src/*.deb "$out"/src/*.changes "$out"/src/*.buildinfo "$out/"
echo "package: built in $((SECONDS - start)) s:"
for deb in "$out"/*.deb; do
  printf '  %s  %s KiB installed  Depends: %s\n' "$(basename "$deb")" "$(dpkg-deb -f "$deb" Installed-Size)" "$(dpkg-deb -f "$deb" Depends)"
done
# Errors fail the build; warnings and notes are printed for the reader.
lintian --fail-on error --no-tag-display-limit "$out"/*.changes | tee "$out/lintian.log"
echo "package: lintian found no errors ($(grep -c '^W:' "$out/lintian.log" || true) warning(s), see $out/lintian.log)"
