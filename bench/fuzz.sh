#!/usr/bin/env bash
# Builds the libFuzzer targets (clang from Debian, ASan + UBSan) and runs each for SECONDS (default 60).
#   bench/fuzz.sh [SECONDS] [TARGET…]      targets: http_request_parser alert_parser env_file ndjson_splitter
#                                          dispatch_routes response_policies playbook email_template
# Corpora start from the samples (tests/data) and grow in build-fuzz/corpus/<target>; crashes are kept as
# build-fuzz/crash-<target>-*. Exits non-zero when a target finds a crash.
set -euo pipefail
cd "$(dirname "$0")/.."
secs="${1:-60}"; shift || true
targets=("$@"); [ ${#targets[@]} -gt 0 ] || targets=(http_request_parser alert_parser env_file ndjson_splitter
                                                     dispatch_routes response_policies playbook email_template)
out="${EOS_FUZZ_DIR:-build-fuzz}"; mkdir -p "$out"
CXX="${CXX_FUZZ:-clang++}"
flags=(-std=c++20 -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined -fPIC
       -DQT_NO_KEYWORDS -Ibackend -Iapp/forward $(pkg-config --cflags Qt6Core Qt6Network Qt6Sql spdlog))
libs=($(pkg-config --libs Qt6Core spdlog) -lz -lcrypto)
declare -A sources=(
  [http_request_parser]="bench/fuzz/fuzz_http_request_parser.cpp backend/ingest/http_request_parser.cpp"
  [alert_parser]="bench/fuzz/fuzz_alert_parser.cpp backend/ingest/alert_parser.cpp backend/ingest/json_arena.cpp"
  [env_file]="bench/fuzz/fuzz_env_file.cpp backend/core/config.cpp app/forward/forward_env.cpp"
  [ndjson_splitter]="bench/fuzz/fuzz_ndjson_splitter.cpp backend/ingest/ndjson_splitter.cpp"
  [dispatch_routes]="bench/fuzz/fuzz_dispatch_routes.cpp backend/stages/dispatch_routes.cpp backend/core/config.cpp"
  [response_policies]="bench/fuzz/fuzz_response_policies.cpp backend/stages/response_policies.cpp backend/core/config.cpp"
  [playbook]="bench/fuzz/fuzz_playbook.cpp backend/stages/playbook_library.cpp backend/core/logging.cpp backend/core/config.cpp"
  [email_template]="bench/fuzz/fuzz_email_template.cpp backend/clients/email_template.cpp backend/core/json_path.cpp")
seed() {  # seed corpus per target
  local t=$1 dir=$2
  mkdir -p "$dir"
  [ -n "$(ls -A "$dir" 2>/dev/null)" ] && return 0
  case $t in
    alert_parser)
      local i=0
      while IFS= read -r line; do [ -n "$line" ] && printf '%s' "$line" > "$dir/sample-$((i++))"; done \
        < <(cat tests/data/sample_alerts_50.ndjson tests/data/follower_alerts_300.ndjson | head -n 120) ;;
    http_request_parser)
      printf '\x00GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n' > "$dir/get"
      { printf '\x10POST /wazuh_alert HTTP/1.1\r\nX-Auth-Token: t\r\nContent-Length: %d\r\n\r\n' \
          "$(head -n1 tests/data/sample_alerts_50.ndjson | wc -c)"; head -n1 tests/data/sample_alerts_50.ndjson; } > "$dir/post"
      printf '\x05POST /wazuh_alerts HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n' > "$dir/chunked"
      printf '\x07POST / HTTP/1.1\r\nContent-Encoding: gzip\r\nContent-Length: 23\r\n\r\n' > "$dir/gzip-head"
      printf 'hello' | gzip -c >> "$dir/gzip-head" ;;
    ndjson_splitter)  # the sample files as NDJSON bodies: whole, CRLF, blank lines, no final newline
      head -n 20 tests/data/sample_alerts_50.ndjson > "$dir/sample-20"
      head -n 5 tests/data/follower_alerts_300.ndjson | sed 's/$/\r/' > "$dir/follower-crlf"
      { printf '\n \t\n'; head -n 3 tests/data/legacy_alerts.ndjson; printf '\n\n'; } > "$dir/legacy-blank"
      head -n 2 tests/data/sample_alerts_50.ndjson | head -c -1 > "$dir/no-final-lf" ;;
    env_file)
      printf 'PG_DSN=postgresql://eos@db/eos\nexport LISTEN_PORT=9000\n# comment\nWEBHOOK_AUTH_TOKEN="a \\"b\\" c"\nX=1 # tail\n' > "$dir/env"
      printf "A='single'\nB=\"double\\\\n\"\n=bad\nnot a line\n" > "$dir/quotes" ;;
    dispatch_routes)  # the README's routes example (without api_key_file), one route of each kind, Wazuh's spellings; + an alert after NUL
      awk '/^\*\*Routes file\.\*\*/{f=1} f&&/^```json/{g=1;next} g&&/^```/{exit} g' README.md | sed 's/"api_key_file": "[^"]*", *//' > "$dir/readme-example"
      printf '[{"name":"email","recipients":["soc@example.com"],"level":"7","digest_threshold":5,"digest_mode":"window","digest_minutes":10},{"name":"custom-webhook","hook_url":"http://127.0.0.1:9/x","rule_id":[5710,"5712 5720"],"options":"{\\"a\\":1}","mode":"review","id":"w1"},{"name":"jira","escalate":false,"playbooks":{"rule:5712":["a","b"],"group:sshd":["c"]},"max_attempts":3,"rate_per_second":0.5,"concurrency":2}]' > "$dir/kinds"
      { printf '[{"name":"slack","hook_url":"https://hooks.slack.com/services/T/B/X","event_location":"!^/var/log/secure$|auth.log","group":"sshd,authentication_failures"}]'
        printf '\0'; head -n1 tests/data/sample_alerts_50.ndjson; } > "$dir/with-alert" ;;
    response_policies)  # the shipped example, the built-in one (ResponsePolicies::exampleJson) and an array form
      cp installer/response-policies.example.json "$dir/installer-example"
      awk '/R"json\(/{f=1;sub(/.*R"json\(/,"")} f&&/\)json"/{sub(/\)json".*/,"");print;exit} f' backend/stages/response_policies.cpp > "$dir/built-in"
      { printf '[{"name":"p.1","rule_id":5712,"event_location":"^/var/log/secure$|auth","action":"restart","enabled":false,"limits":{"per_agent":{"max":-1,"window_minutes":0}}}]'
        printf '\0'; head -n1 tests/data/sample_alerts_50.ndjson; } > "$dir/array-with-alert" ;;
    playbook)  # the shipped playbooks
      cp resources/playbooks/*.md "$dir/" ;;
    email_template)  # the shipped template and the placeholder forms
      cp resources/email/alert.html "$dir/alert.html"
      printf '<a href="${data.url}">$subject</a> $$5 $ ${rule.groups} ${ agent.name } ${data.list.1}\n$text' > "$dir/forms" ;;
  esac
}
status=0
for t in "${targets[@]}"; do
  bin="$out/fuzz_$t"
  # shellcheck disable=SC2086
  "$CXX" "${flags[@]}" ${sources[$t]} -o "$bin" "${libs[@]}"
  seed "$t" "$out/corpus/$t"
  echo "== fuzz_$t for ${secs}s"
  if ! "$bin" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
       -artifact_prefix="$out/crash-$t-" "$out/corpus/$t" 2>&1 | tee "$out/fuzz_$t.log" | grep -E '^(#[0-9]+.*DONE|stat::|==[0-9]+==ERROR|SUMMARY)' ; then :; fi
  if grep -qE '==[0-9]+==ERROR|deadly signal|SUMMARY: .*Sanitizer' "$out/fuzz_$t.log"; then status=1; echo "fuzz_$t: CRASH (see $out/fuzz_$t.log)"; fi
done
exit $status
