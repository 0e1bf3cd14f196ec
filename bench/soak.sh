#!/usr/bin/env bash
# Soak: a real eos-daemon with every stage (ingest, enrichment, LLM, dispatch) at a steady rate against
# local stand-ins (build/bench/bench-soak), sampled every 10 s into a CSV, then plotted (gnuplot).
#   EOS_SOAK_SECONDS  how long (default 3600)      EOS_SOAK_RATE    alerts/s (default 500)
#   EOS_SOAK_WARMUP   seconds before growth counts (default a quarter of the run, at most 600)
#   EOS_SOAK_BATCH    alerts per request (default 50; 1: single alerts, acknowledged from the ingest inbox)
#   EOS_SOAK_DIR      output directory (default build/soak: soak.csv, soak.png, soak.txt)
# Passes (exit 0) when none of RSS, open descriptors, database connections and backlog grows more than
# 5 % after the warm-up, and every alert answered 202 is stored exactly once.
set -uo pipefail
cd "$(dirname "$0")/.."
build="${EOS_BUILD_DIR:-build}"
secs="${EOS_SOAK_SECONDS:-3600}"
rate="${EOS_SOAK_RATE:-500}"
warm="${EOS_SOAK_WARMUP:-$(( secs / 4 < 600 ? secs / 4 : 600 ))}"
out="${EOS_SOAK_DIR:-$build/soak}"
mkdir -p "$out"
if [ "${EOS_SOAK_NO_BUILD:-0}" != 1 ]; then
  cmake --build "$build" --target bench-soak eos-daemon -j "${EOS_JOBS:-2}" || exit 2
fi
"$build/bench/bench-soak" --seconds "$secs" --rate "$rate" --batch "${EOS_SOAK_BATCH:-50}" --warmup "$warm" --csv "$out/soak.csv" 2>"$out/soak.log" | tee "$out/soak.txt"
status=${PIPESTATUS[0]}
if [ "$(wc -l < "$out/soak.csv" 2>/dev/null || echo 0)" -lt 3 ]; then
  echo "soak: no samples to plot (see $out/soak.log)"
elif command -v gnuplot >/dev/null 2>&1; then
  gnuplot <<GP || echo "soak: gnuplot failed; the CSV is $out/soak.csv"
set terminal pngcairo size 1400,1000 font ",10"
set output "$out/soak.png"
set datafile separator ","
set key top left
set xlabel "seconds"
set grid
set yrange [0:*]
set multiplot layout 2,2 title "Eos soak: ${rate} alerts/s for ${secs} s (warm-up ${warm} s, dashed)"
set arrow 1 from $warm, graph 0 to $warm, graph 1 nohead dashtype 2
set ylabel "MB"
plot "$out/soak.csv" every ::1 using 1:(\$2/1024) with lines lw 2 title "daemon RSS"
set ylabel "descriptors"
plot "$out/soak.csv" every ::1 using 1:3 with lines lw 2 title "open file descriptors"
set ylabel "connections"
plot "$out/soak.csv" every ::1 using 1:4 with lines lw 2 title "database connections"
set ylabel "alerts + outbox rows"
plot "$out/soak.csv" every ::1 using 1:5 with lines lw 2 title "backlog"
unset multiplot
GP
  [ -s "$out/soak.png" ] && echo "soak: plot $out/soak.png"
else
  echo "soak: gnuplot not installed (installer/install-deps.sh installs gnuplot-nox); the CSV is $out/soak.csv"
fi
exit "$status"
