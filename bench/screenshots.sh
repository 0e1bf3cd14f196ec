#!/usr/bin/env bash
# Screenshots of every console page: light and dark, English and German, 1366x768 and 1920x1080, on a
# real X server (Xvfb) with the embedded database holding the 5,000 sample alerts (or a given NDJSON file).
# Usage: bench/screenshots.sh OUTDIR [ALERTS.ndjson]   (build first: installer/build.sh)
# Needs: xvfb, xdotool, imagemagick (import). Pages are switched with the console's own shortcuts.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
out="$(mkdir -p "$1" && cd "$1" && pwd)"
alerts="${2:-$here/../shared/samples/wazuh-sample-alerts.ndjson}"
[ -f "$alerts" ] || alerts="$here/tests/data/sample_alerts_50.ndjson"
console="$here/${EOS_BUILD_DIR:-build}/app/eos-console"
work="$(mktemp -d /tmp/eos-shots.XXXXXX)"
chmod 755 "$work"
port=$((20000 + RANDOM % 20000))
cat > "$work/env" <<ENV
WEBHOOK_AUTH_TOKEN=shots-token-0123456789
LISTEN_ADDR=127.0.0.1
LISTEN_PORT=$port
EOS_DATA_DIR=$work/data
ENV
chmod 600 "$work/env"
export XDG_CONFIG_HOME="$work/config" QTWEBENGINE_DISABLE_SANDBOX=1 EOS_ENV_FILE="$work/env"
pids=()
cleanup() { stop_console || true; for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT
cpid=""
stop_console() { [ -n "$cpid" ] && kill "$cpid" 2>/dev/null && wait "$cpid" 2>/dev/null; cpid=""; }
loaded=0
# pages by shortcut: the View menu's Ctrl+<n> (Help → Shortcuts lists them)
pages=(${EOS_SHOT_PAGES:-0:overview 1:alerts 2:agents 3:remediation 4:ai-summaries 5:dispatch 6:email})
for res in 1366x768 1920x1080; do
  rm -f "$work/display"
  Xvfb -displayfd 3 -screen 0 "${res}x24" -nolisten tcp 3> "$work/display" 2> "$work/xvfb-$res.log" & pids+=($!)
  for _ in $(seq 50); do [ -s "$work/display" ] && break; sleep 0.2; done
  display=":$(head -1 "$work/display")"
  for theme in light dark; do
    for lang in en de; do
      mkdir -p "$XDG_CONFIG_HOME/eos"
      printf '[appearance]\ntheme=%s\nlanguage=%s\n' "$theme" "$lang" > "$XDG_CONFIG_HOME/eos/eos-console.conf"
      DISPLAY="$display" "$console" > "$work/console-$res-$theme-$lang.log" 2>&1 & cpid=$!
      for _ in $(seq 60); do curl -fs "http://127.0.0.1:$port/healthz" > /dev/null 2>&1 && break; sleep 1; done
      if [ "$loaded" = 0 ]; then
        split -l 200 "$alerts" "$work/part_"
        for f in "$work"/part_*; do
          for _ in 1 2 3 4 5; do  # 503 while the queue is full: retry
            code="$(curl -s -o /dev/null -w '%{http_code}' -H "X-Auth-Token: shots-token-0123456789" \
                    -H "Content-Type: application/x-ndjson" --data-binary @"$f" "http://127.0.0.1:$port/wazuh_alerts" || true)"
            [ "$code" = 503 ] || break
            sleep 1
          done
          [ "${code:0:1}" = 2 ] || echo "posting $f: HTTP $code" >&2
        done
        loaded=1
      fi
      sleep 6
      wid="$(DISPLAY="$display" xdotool search --sync --onlyvisible --class eos-console | head -1)"
      DISPLAY="$display" xdotool windowsize "$wid" "${res%x*}" "${res#*x}" windowmove "$wid" 0 0 || true
      for page in "${pages[@]}"; do
        DISPLAY="$display" xdotool windowfocus --sync "$wid" key "ctrl+${page%%:*}" || true
        sleep 2
        DISPLAY="$display" import -window root "$out/${page#*:}-$res-$theme-$lang.png"
      done
      stop_console || true
    done
  done
  kill "${pids[-1]}" 2>/dev/null || true
done
echo "screenshots in $out"
