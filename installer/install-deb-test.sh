#!/usr/bin/env bash
# Installs the built packages into a fresh Debian 12 root (debootstrap), starts the daemon there with the
# unit's own start command as the unit's user, posts an alert and checks that it is stored.
#   installer/install-deb-test.sh [BUILD_DIR] [ROOT_DIR]      (root; needs network to a Debian mirror)
# Build the packages first: cmake --build build --target package
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
build="$(cd "${1:-$here/../build}" && pwd)"
root="${2:-/tmp/eos-deb-root}"
mirror="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
[ "$(id -u)" = 0 ] || { echo "run as root" >&2; exit 2; }
command -v debootstrap >/dev/null || apt-get install -y -qq --no-install-recommends debootstrap
debs=("$build"/eos-daemon_*_amd64.deb)
[ -f "${debs[0]}" ] || { echo "no packages in $build: cmake --build $build --target package" >&2; exit 2; }

cleanup() {
    chroot "$root" pkill -f /usr/bin/eos-daemon 2>/dev/null || true
    sleep 1
    for m in proc sys dev/pts dev; do umount -l "$root/$m" 2>/dev/null || true; done
}
trap cleanup EXIT

if [ ! -x "$root/usr/bin/apt-get" ]; then
    echo "== debootstrap bookworm into $root"
    debootstrap --variant=minbase bookworm "$root" "$mirror" >/tmp/eos-debootstrap.log
fi
mount -t proc proc "$root/proc"; mount -t sysfs sys "$root/sys"
mount --bind /dev "$root/dev"; mount --bind /dev/pts "$root/dev/pts"
cp /etc/resolv.conf "$root/etc/resolv.conf"
cp "$build"/eos-daemon_*_amd64.deb "$build"/eos-console_*_amd64.deb "$root/tmp/"

# a root kept from an earlier run: purge what it installed, so this is a first install again
if chroot "$root" dpkg -s eos-daemon >/dev/null 2>&1; then
    echo "== purge the packages of an earlier run"
    chroot "$root" /bin/sh -c 'DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq eos-console eos-daemon' >/tmp/eos-deb-purge.log
    ! chroot "$root" id eos 2>/dev/null || { echo "FAIL: purge left the eos account"; exit 1; }
    [ ! -e "$root/var/lib/eos" ] || { echo "FAIL: purge left /var/lib/eos"; exit 1; }
fi

echo "== apt install ./eos-daemon_*.deb ./eos-console_*.deb"
chroot "$root" /bin/sh -c 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq curl /tmp/eos-daemon_*_amd64.deb /tmp/eos-console_*_amd64.deb' >/tmp/eos-deb-apt.log
chroot "$root" id eos
chroot "$root" stat -c '%a %U %n' /etc/eos/eos.env /var/lib/eos

echo "== configure and start as the unit does (ExecStart as User=eos)"
token=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')
chroot "$root" /bin/sh -c "printf 'WEBHOOK_AUTH_TOKEN=%s\nLISTEN_PORT=9077\n' $token >> /etc/eos/eos.env"
exec_start=$(sed -n 's/^ExecStart=//p' "$root/usr/lib/systemd/system/eos-daemon.service")
user=$(sed -n 's/^User=//p' "$root/usr/lib/systemd/system/eos-daemon.service")
envs=$(sed -n 's/^Environment=//p' "$root/usr/lib/systemd/system/eos-daemon.service")
chroot "$root" /bin/sh -c "cd /var/lib/eos && exec setpriv --reuid=$user --regid=$user --init-groups env $envs $exec_start" \
    >/tmp/eos-deb-daemon.log 2>&1 &
for _ in $(seq 1 120); do
    grep -q 'ready;' /tmp/eos-deb-daemon.log && break
    sleep 1
done
grep -q 'ready;' /tmp/eos-deb-daemon.log || { cat /tmp/eos-deb-daemon.log; echo "FAIL: the daemon did not start"; exit 1; }

echo "== post an alert"
alert='{"timestamp":"2026-12-01T10:00:00.000+0000","rule":{"level":10,"id":"5712","description":"deb install test","groups":["sshd"]},"agent":{"id":"001","name":"web-1"},"id":"deb.1"}'
code=$(chroot "$root" curl -s -o /dev/null -w '%{http_code}' -H "X-Auth-Token: $token" --data "$alert" http://127.0.0.1:9077/wazuh_alert)
[ "$code" = 202 ] || { echo "FAIL: POST answered $code"; exit 1; }
stored=$(chroot "$root" setpriv --reuid=eos --regid=eos --init-groups /usr/lib/postgresql/15/bin/psql -h /var/lib/eos/pgdata -U eos -d eos -Atc \
    "SELECT count(*) FROM alerts WHERE rule_desc = 'deb install test'")
[ "$stored" = 1 ] || { echo "FAIL: stored $stored"; exit 1; }
echo "== eos-daemon status and check, as an administrator runs them (as the service's user)"
chroot "$root" setpriv --reuid=eos --regid=eos --init-groups env HOME=/var/lib/eos /usr/bin/eos-daemon status \
    | tee /tmp/eos-deb-status.log
grep -q 'Instances sharing this database: 1' /tmp/eos-deb-status.log || { echo "FAIL: status does not show the daemon"; exit 1; }
rc=0
chroot "$root" setpriv --reuid=eos --regid=eos --init-groups env HOME=/var/lib/eos /usr/bin/eos-daemon check \
    | tee /tmp/eos-deb-check.log || rc=$?
grep -q '^ok    postgresql' /tmp/eos-deb-check.log || { echo "FAIL: check did not reach the embedded PostgreSQL"; exit 1; }
grep -q '^ok    listener' /tmp/eos-deb-check.log || { echo "FAIL: check did not see the running listener"; exit 1; }
[ "$rc" = 0 ] || { echo "FAIL: check exited $rc"; exit 1; }
echo "PASS: installed, started as $user, alert answered 202 and stored; status and check see it"
