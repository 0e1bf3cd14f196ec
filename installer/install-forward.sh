#!/bin/sh
# Installs eos-forward as the Wazuh integratord custom integration "custom-eos" on a Wazuh manager.
#
#   installer/install-forward.sh [--binary PATH] [--wazuh-dir DIR] [--hook-url URL] [--env-file]
#
#   --binary PATH    eos-forward to install (default: `command -v eos-forward`, else ./eos-forward)
#   --wazuh-dir DIR  Wazuh installation (default /var/ossec)
#   --hook-url URL   listener URL for the env file and the check (default http://127.0.0.1:9000/wazuh_alert)
#   --env-file       also write DIR/integrations/custom-eos.env (wazuh:wazuh, mode 600) with the token read
#                    from $WEBHOOK_AUTH_TOKEN, so ossec.conf can leave <api_key> out
#
# It does not edit ossec.conf: paste the block from installer/ossec-integration.xml, then restart
# wazuh-manager. Run as root. Safe to run again (it replaces the binary).
set -eu

binary=""
wazuh_dir=/var/ossec
hook_url=http://127.0.0.1:9000/wazuh_alert
write_env=0
while [ $# -gt 0 ]; do
    case "$1" in
        --binary) binary="$2"; shift 2 ;;
        --wazuh-dir) wazuh_dir="$2"; shift 2 ;;
        --hook-url) hook_url="$2"; shift 2 ;;
        --env-file) write_env=1; shift ;;
        -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
        *) echo "install-forward.sh: unknown argument $1 (see --help)" >&2; exit 1 ;;
    esac
done

if [ "$(id -u)" -ne 0 ]; then
    echo "install-forward.sh: run as root (it installs into $wazuh_dir)" >&2
    exit 1
fi
if [ -z "$binary" ]; then
    binary=$(command -v eos-forward 2>/dev/null || true)
    [ -n "$binary" ] || binary=./eos-forward
fi
if [ ! -x "$binary" ]; then
    echo "install-forward.sh: $binary is not an executable eos-forward (use --binary PATH)" >&2
    exit 1
fi
if [ ! -d "$wazuh_dir/integrations" ]; then
    echo "install-forward.sh: $wazuh_dir/integrations does not exist: is this a Wazuh manager? (use --wazuh-dir)" >&2
    exit 1
fi
if ! getent group wazuh >/dev/null; then
    echo "install-forward.sh: no group 'wazuh' on this host" >&2
    exit 1
fi

target="$wazuh_dir/integrations/custom-eos"
install -o root -g wazuh -m 750 "$binary" "$target"
echo "installed $target (root:wazuh 750)"

if [ "$write_env" -eq 1 ]; then
    if [ -z "${WEBHOOK_AUTH_TOKEN:-}" ]; then
        echo "install-forward.sh: --env-file needs the token in \$WEBHOOK_AUTH_TOKEN" >&2
        exit 1
    fi
    env_file="$target.env"
    umask 077
    tmp=$(mktemp "$env_file.XXXXXX")
    printf 'WEBHOOK_AUTH_TOKEN=%s\nEOS_HOOK_URL=%s\n' "$WEBHOOK_AUTH_TOKEN" "$hook_url" > "$tmp"
    chown wazuh:wazuh "$tmp"
    chmod 600 "$tmp"
    mv -f "$tmp" "$env_file"
    echo "wrote $env_file (wazuh:wazuh 600)"
fi

cat <<EOF

Next:
  1. Paste the <integration> block of installer/ossec-integration.xml into $wazuh_dir/etc/ossec.conf
     (hook_url $hook_url; api_key = the listener's WEBHOOK_AUTH_TOKEN, or leave it out with --env-file).
  2. systemctl restart wazuh-manager
  3. Check: sudo -u wazuh $target --test $hook_url "\$WEBHOOK_AUTH_TOKEN"
EOF
