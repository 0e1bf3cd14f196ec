#!/usr/bin/env bash
# One command from a fresh Debian 12 machine to a running Eos Console:
#   installer/run.sh             # the analyst console (GUI) on the embedded PostgreSQL
#   installer/run.sh --daemon    # the headless pipeline (Ctrl-C / SIGTERM stops it)
# Any other arguments are passed to eos-console (see --help).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
"$here/install-deps.sh"
"$here/build.sh"
exec "$here/../${EOS_BUILD_DIR:-build}/app/eos-console" "$@"
