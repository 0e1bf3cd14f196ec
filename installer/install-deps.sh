#!/usr/bin/env bash
# Installs everything Eos Console needs to build, run and test on Debian 12 (bookworm).
# Idempotent: re-running only installs what is missing. Needs root (or sudo).
set -euo pipefail

PKGS=(
  # toolchain
  build-essential cmake ninja-build ccache pkg-config git
  # Qt 6 (Widgets, Network, Sql + PostgreSQL driver, HttpServer, WebEngine, Test, Linguist tools)
  qt6-base-dev qt6-base-dev-tools libqt6sql6-psql qt6-httpserver-dev qt6-websockets-dev
  qt6-webengine-dev qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools linguist-qt6 qt6-translations-l10n
  libgl-dev libxkbcommon-dev
  # libraries
  nlohmann-json3-dev libspdlog-dev libfmt-dev libcurl4-openssl-dev libssl-dev libpq-dev zlib1g-dev qtkeychain-qt6-dev
  # PostgreSQL server binaries for the embedded cluster (initdb, pg_ctl) and psql
  postgresql-15 postgresql-client-15
  # test stand-ins and GUI test display
  python3 python3-aiosmtpd python3-jsonschema python3-yaml xvfb xauth
  # certificates for the TLS tests (test_tls_server, test_http_listener_limits make theirs with it)
  openssl
  # a live Secret Service for the keyring test (test_secret_store runs one in its own D-Bus session)
  gnome-keyring dbus-daemon
  # packaging: man pages, icon sizes, lint (cmake --build build --target package)
  help2man librsvg2-bin lintian
  # fuzzing (bench/fuzz.sh: clang with libFuzzer and the sanitizers)
  clang libclang-rt-14-dev
  # the soak's plot (bench/soak.sh)
  gnuplot-nox
  # runtime helpers (runuser is in util-linux, always present)
  procps
)

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

# Node.js + npm (for the Prism mock of the Wazuh API in tests): any install that provides `npm` will do
# (Debian's nodejs+npm, or a NodeSource nodejs that bundles npm).
command -v npm >/dev/null 2>&1 || missing+=(nodejs npm)

if [ ${#missing[@]} -gt 0 ]; then
  echo "eos installer: installing ${#missing[@]} package(s): ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq || echo "eos installer: apt-get update failed, trying with the cached lists" >&2
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  echo "eos installer: all Debian packages present"
fi

# Prism (the mock of the Wazuh API the tests run): pinned in tests/prism/package-lock.json, installed into
# tests/prism/node_modules next to it. Skipped when already there.
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [ ! -f "$REPO/tests/prism/package.json" ]; then
  :  # not a source tree: no tests to serve
elif [ ! -x "$REPO/tests/prism/node_modules/.bin/prism" ]; then
  echo "eos installer: installing Prism (npm ci) into $REPO/tests/prism"
  npm ci --no-audit --no-fund --prefix "$REPO/tests/prism"
else
  echo "eos installer: Prism present"
fi

# Debian's postgresql package starts a system cluster on port 5432; Eos does not use it
# (the embedded default is a private cluster on a unix socket), so leave it as the admin set it.
exit 0
