#!/usr/bin/env bash
# One command from a fresh Debian 12 machine to the whole test suite: installs what is needed, builds
# (warnings are errors), runs every Qt Test through ctest against real PostgreSQL. GUI tests render
# offscreen. Prints ctest's summary; exits non-zero on any failure.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
"$here/install-deps.sh"
EOS_WERROR="${EOS_WERROR:-ON}" "$here/build.sh"
cd "$here/../${EOS_BUILD_DIR:-build}"
export QT_QPA_PLATFORM=offscreen QTWEBENGINE_DISABLE_SANDBOX=1
ctest --output-on-failure -j "${EOS_JOBS:-2}" --timeout 600
# AddressSanitizer + UBSan over the backend's own units (core, store, ingest) in build-asan,
# EOS_SANITIZE_SUBSET=0 skips: README "Sanitizers"
if [ "${EOS_SANITIZE_SUBSET:-1}" != 0 ]; then
  "$here/test-sanitizers.sh" address
fi
# libFuzzer targets, EOS_FUZZ_SECONDS each (60; 0 skips): README "Fuzzing"
if [ "${EOS_FUZZ_SECONDS:-60}" != 0 ]; then
  cd "$here/.." && bench/fuzz.sh "${EOS_FUZZ_SECONDS:-60}"
fi
