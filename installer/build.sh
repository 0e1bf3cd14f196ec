#!/usr/bin/env bash
# Configures and builds Eos Console into ./build (incremental; ccache when present).
# Environment: EOS_BUILD_DIR (default build), EOS_WERROR (default ON in CI), EOS_JOBS (default 2).
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR="${EOS_BUILD_DIR:-build}"
WERROR="${EOS_WERROR:-$([ -n "${CI:-}" ] && echo ON || echo OFF)}"
export CCACHE_DIR="${CCACHE_DIR:-$HOME/.cache/ccache}"
export CCACHE_BASEDIR="$PWD"
if [ ! -f "$BUILD_DIR/build.ninja" ]; then
  cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DEOS_WERROR="$WERROR"
fi
cmake --build "$BUILD_DIR" -j "${EOS_JOBS:-2}"
