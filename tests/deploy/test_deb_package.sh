#!/bin/sh
# Builds the Debian packages with CPack from the build tree ($1) into a scratch directory and checks them:
# lintian reports no error, each package holds what it must (binaries, unit, 0600 env file, man pages,
# desktop entry, icons, AppStream), the daemon package pulls in no GUI library, the console needs the daemon.
set -eu
build=$(cd "$1" && pwd)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
fail=0
check() { if eval "$2"; then echo "PASS $1"; else echo "FAIL $1"; fail=1; fi; }

(cd "$build" && cpack -G DEB -B "$out" >"$out/cpack.log" 2>&1) || { cat "$out/cpack.log"; exit 1; }
daemon=$(ls "$out"/eos-daemon_*_amd64.deb)
console=$(ls "$out"/eos-console_*_amd64.deb)
dpkg-deb -c "$daemon" >"$out/daemon.list"
dpkg-deb -c "$console" >"$out/console.list"
has() { grep -q " \./$2\$" "$out/$1.list"; }

for f in usr/bin/eos-daemon usr/bin/eos-forward usr/lib/systemd/system/eos-daemon.service etc/eos/eos.env \
         usr/share/man/man8/eos-daemon.8.gz usr/share/man/man1/eos-forward.1.gz \
         usr/share/eos-console/ossec-integration.xml usr/share/eos-console/install-forward.sh \
         usr/share/doc/eos-daemon/copyright; do
    check "eos-daemon has /$f" "has daemon $f"
done
for f in usr/bin/eos-console usr/share/applications/eos-console.desktop \
         usr/share/icons/hicolor/scalable/apps/eos-console.svg usr/share/icons/hicolor/48x48/apps/eos-console.png \
         usr/share/icons/hicolor/256x256/apps/eos-console.png \
         usr/share/metainfo/io.github.eos_console.EosConsole.metainfo.xml usr/share/man/man1/eos-console.1.gz \
         usr/share/doc/eos-console/copyright; do
    check "eos-console has /$f" "has console $f"
done
check "eos.env is mode 0600" "grep -q '^-rw------- .* \./etc/eos/eos.env\$' '$out/daemon.list'"
check "eos.env is a conffile" "dpkg-deb -I '$daemon' conffiles | grep -qx /etc/eos/eos.env"
check "eos.env lists every key" "dpkg-deb --fsys-tarfile '$daemon' | tar -xO ./etc/eos/eos.env | grep -c '^#[A-Z_]*=' | awk '{exit !(\$1 >= 40)}'"
check "no secret value in eos.env" "! dpkg-deb --fsys-tarfile '$daemon' | tar -xO ./etc/eos/eos.env | grep -q '^[A-Z]'"
ddeps=$(dpkg-deb -f "$daemon" Depends)
check "eos-daemon depends on the PostgreSQL server and the QPSQL driver" "echo '$ddeps' | grep -q postgresql-15 && echo '$ddeps' | grep -q libqt6sql6-psql"
check "eos-daemon depends on no GUI library" "! echo '$ddeps' | grep -Eq 'libqt6(gui|widgets|webengine)|libx11|libgl'"
check "eos-console depends on eos-daemon" "dpkg-deb -f '$console' Depends | grep -q 'eos-daemon (='"
check "postinst creates the eos account" "dpkg-deb -I '$daemon' postinst | grep -q 'adduser --system'"
lintian --tag-display-limit 0 "$daemon" "$console" >"$out/lintian.log" 2>&1 || true
grep -v 'root privileges' "$out/lintian.log" || true
check "lintian reports no error" "! grep -q '^E:' '$out/lintian.log'"
exit $fail
