#!/usr/bin/env bash
# Builds a subset of the test suite with a sanitizer (gcc, a build directory of its own) and runs it
# through ctest against the real PostgreSQL fixture. README "Sanitizers".
#   installer/test-sanitizers.sh [address|thread] [LABEL-REGEX] [EXCLUDE-REGEX]
# address (default): AddressSanitizer + UndefinedBehaviorSanitizer (-DEOS_SANITIZE=address) in build-asan;
#   leaks are reported (detect_leaks=1) except those in installer/sanitizers/lsan.supp (not ours, each
#   explained there); any UBSan finding stops the test (halt_on_error=1).
# thread: ThreadSanitizer (-DEOS_SANITIZE=thread) in build-tsan; Qt is not built with TSan, so the
#   reports that stay inside Qt's own code are suppressed by installer/sanitizers/tsan.supp.
# LABEL-REGEX: ctest labels (default: the backend's own units: core, store, ingest). EXCLUDE-REGEX: tests
#   left out (default: those that run the eos-console executable, which needs the whole GUI built).
# Environment: EOS_JOBS (default 2), EOS_SANITIZE_O (optimisation; default -O0 for address, the level the
#   recorded runs used and the fastest to build, -O1 for thread, which is too slow at -O0).
set -euo pipefail
cd "$(dirname "$0")/.."
kind="${1:-address}"
labels="${2:-^(core|store|ingest)$}"
exclude="${3:-^(test_alerts_file_follower|test_embedded_cluster)$}"
case $kind in
  address) dir=build-asan; opt=-O0 ;;
  thread) dir=build-tsan; opt=-O1 ;;
  *) echo "usage: $0 [address|thread] [LABEL-REGEX] [EXCLUDE-REGEX]" >&2; exit 2 ;;
esac
supp="$PWD/installer/sanitizers"
export CCACHE_DIR="${CCACHE_DIR:-$HOME/.cache/ccache}" CCACHE_BASEDIR="$PWD"
start=$(date +%s)
if [ ! -f "$dir/build.ninja" ]; then
  cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DEOS_WERROR=ON -DEOS_SANITIZE="$kind" \
        -DEOS_BUILD_BENCH=OFF -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="${EOS_SANITIZE_O:-$opt} -g1"
fi
cd "$dir"
# configure again first, so tests added since the last build are listed (ctest reads what cmake last wrote)
cmake . >/dev/null
# the test executables of the chosen tests (a test is named after its executable) and the cluster fixture's
mapfile -t tests < <(ctest -N -L "$labels" -E "$exclude" | sed -n 's/^ *Test *#[0-9]*: \(test_[a-z0-9_]*\)$/\1/p')
[ ${#tests[@]} -gt 0 ] || { echo "no test matches labels $labels" >&2; exit 1; }
# those that are built here (a script test, e.g. test_helm_values, has no executable of its own)
mapfile -t targets < <(ninja -t targets all | sed -n 's/^\(test_[a-z0-9_]*\): .*/\1/p' | sort -u)
mapfile -t exes < <(comm -12 <(printf '%s\n' "${tests[@]}" | sort -u) <(printf '%s\n' "${targets[@]}"))
ninja -j "${EOS_JOBS:-2}" eos-test-cluster "${exes[@]}"
built=$(date +%s)
export QT_QPA_PLATFORM=offscreen QTWEBENGINE_DISABLE_SANDBOX=1
# a small quarantine: the attack tests bound the daemon's RSS (ASan's default keeps 256 MB of freed memory)
export ASAN_OPTIONS="detect_leaks=1:quarantine_size_mb=16:detect_stack_use_after_return=0"
export LSAN_OPTIONS="suppressions=$supp/lsan.supp:print_suppressions=0"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:suppressions=$supp/ubsan.supp"
# die_after_fork=0: QProcess (the embedded cluster's pg_ctl, the daemon under test) forks a threaded process
export TSAN_OPTIONS="suppressions=$supp/tsan.supp:halt_on_error=0:second_deadlock_stack=1:history_size=4:die_after_fork=0"
status=0
ctest --output-on-failure -j "${EOS_JOBS:-2}" --timeout 900 -L "$labels" -E "$exclude" || status=$?
echo "sanitizer ($kind): ${#tests[@]} tests; build $((built - start)) s, tests $(( $(date +%s) - built )) s"
exit $status
