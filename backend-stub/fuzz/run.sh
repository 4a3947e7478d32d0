#!/bin/sh
# Builds the libFuzzer target for the POST /v1/events batch parser and validator with clang, then fuzzes
# for a while (default 30 s). CI: backend-stub/fuzz/run.sh 30   (exit status != 0 = a crash was found)
# Usage: run.sh [seconds] [build dir]
set -eu
seconds="${1:-30}"
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
build="${2:-$root/build-fuzz}"

mkdir -p "$build"
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
  -DBK_FUZZ=ON -DBK_BUILD_TESTS=OFF -DBK_BUILD_BENCH=OFF > "$build/configure.log" 2>&1 || {
  cat "$build/configure.log"; exit 1; }
cmake --build "$build" --target registry_batch_fuzz -j2

# Work on a copy of the seed corpus so the checked-in seeds stay small.
corpus="$build/registry_batch_corpus"
mkdir -p "$corpus"
cp "$here"/corpus/*.json "$here"/regressions/* "$corpus"/
# Inputs that once crashed must stay fixed; then fuzz. Crash files land in the build dir.
"$build/backend-stub/registry_batch_fuzz" -runs=0 "$here"/regressions/*
"$build/backend-stub/registry_batch_fuzz" -max_total_time="$seconds" -max_len=65536 -timeout=10 \
  -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$build/" "$corpus"
