#!/usr/bin/env bash
# Installs attendd and attendctl, the systemd unit and the example configuration on a
# Debian box. Run from anywhere; paths are relative to the package this script lives in.
set -euo pipefail

usage() {
    cat <<'EOF'
Usage: systemd/install.sh [--no-build] [--prefix DIR] [--destdir DIR]

Installs attendd on a Debian system:
  PREFIX/bin/attendd, PREFIX/bin/attendctl     the daemon and the admin tool
  /etc/systemd/system/attendd.service           the unit (ExecStart under PREFIX)
  /etc/attendd/attendd.conf                     the example config, only if absent

Options:
  --no-build      use the existing release build in .build/release
                  (default: run `swift build -c release --static-swift-stdlib` first)
  --prefix DIR    installation prefix (default: $PREFIX, else /usr/local)
  --destdir DIR   stage everything under DIR (default: $DESTDIR, else nothing)
  -h, --help      show this text

Without DESTDIR the script must run as root: it creates the system user and group
`attendd` if needed, gives /etc/attendd to group attendd and runs
`systemctl daemon-reload`. With DESTDIR it touches no users and no systemd, so CI can
install into a temporary root.
EOF
}

PREFIX="${PREFIX:-/usr/local}"
DESTDIR="${DESTDIR:-}"
build=yes

while [[ $# -gt 0 ]]; do
    case "$1" in
        --no-build) build=no ;;
        --prefix) PREFIX="${2:?--prefix needs a directory}"; shift ;;
        --prefix=*) PREFIX="${1#--prefix=}" ;;
        --destdir) DESTDIR="${2:?--destdir needs a directory}"; shift ;;
        --destdir=*) DESTDIR="${1#--destdir=}" ;;
        -h|--help) usage; exit 0 ;;
        *) echo "install.sh: unknown argument: $1" >&2; usage >&2; exit 2 ;;
    esac
    shift
done

die() { echo "install.sh: $*" >&2; exit 1; }

[[ "$PREFIX" == /* ]] || die "PREFIX must be an absolute path: $PREFIX"
if [[ -n "$DESTDIR" ]]; then
    [[ "$DESTDIR" == /* ]] || DESTDIR="$PWD/$DESTDIR"
    DESTDIR="${DESTDIR%/}"
fi

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
system=no   # whether we install for real: users, ownership, systemctl
if [[ -z "$DESTDIR" ]]; then
    [[ "$(id -u)" -eq 0 ]] || die "run as root, or set DESTDIR to stage the files elsewhere"
    system=yes
fi

# 1. The binaries.
# The Swift runtime is linked in statically: the installed daemon must not depend on where
# the toolchain lives (ProtectHome= hides a toolchain under /home or /root, e.g. swiftly's)
# nor break when the toolchain is upgraded or removed. Only libc, libstdc++ and libsqlite3
# stay shared.
bindir="$root/.build/release"
if [[ "$build" == yes ]]; then
    echo "Building release binaries..."
    (cd "$root" && swift build -c release --static-swift-stdlib)
fi
for tool in attendd attendctl; do
    [[ -x "$bindir/$tool" ]] || die "$bindir/$tool is missing: run \`swift build -c release --static-swift-stdlib\` or drop --no-build"
done
# A --no-build binary may have been linked dynamically: say so if the service could not load it.
if command -v ldd >/dev/null; then
    if ldd "$bindir/attendd" | grep -Eq 'not found|=> /(home|root)/'; then
        echo "install.sh: warning: attendd needs shared libraries the service cannot load" \
             "(missing, or under /home or /root, which ProtectHome= hides):" >&2
        ldd "$bindir/attendd" | grep -E 'not found|=> /(home|root)/' >&2
        echo "install.sh: rebuild with: swift build -c release --static-swift-stdlib" >&2
    fi
fi

unit_source="$root/systemd/attendd.service"
config_source="$root/config/attendd.conf"
[[ -f "$unit_source" ]] || die "missing $unit_source"
[[ -f "$config_source" ]] || die "missing $config_source"

# 2. The service user, before anything is given to its group. A real system user (not
# DynamicUser) keeps /var/lib/attendd/attendd.db owned by one stable uid.
if [[ "$system" == yes ]] && ! getent passwd attendd >/dev/null; then
    echo "Creating system user attendd..."
    if command -v adduser >/dev/null; then
        adduser --system --group --no-create-home --home /var/lib/attendd attendd
    else
        getent group attendd >/dev/null || groupadd --system attendd
        useradd --system --gid attendd --no-create-home --home-dir /var/lib/attendd \
            --shell /usr/sbin/nologin --comment "attendd daemon" attendd
    fi
fi

echo "Installing to ${DESTDIR:-/} (prefix $PREFIX)..."
install -d -m 0755 "$DESTDIR$PREFIX/bin"
install -m 0755 "$bindir/attendd" "$DESTDIR$PREFIX/bin/attendd"
install -m 0755 "$bindir/attendctl" "$DESTDIR$PREFIX/bin/attendctl"

# 3. The unit, pointing at the binary under PREFIX.
install -d -m 0755 "$DESTDIR/etc/systemd/system"
unit_tmp="$(mktemp)"
trap 'rm -f "$unit_tmp"' EXIT
sed "s|/usr/local/bin/attendd|$PREFIX/bin/attendd|g" "$unit_source" >"$unit_tmp"
install -m 0644 "$unit_tmp" "$DESTDIR/etc/systemd/system/attendd.service"

# 4. The configuration: readable by root and group attendd only; an existing one is kept.
config_dir="$DESTDIR/etc/attendd"
install -d -m 0750 "$config_dir"
if [[ "$system" == yes ]]; then
    chown root:attendd "$config_dir"
fi
if [[ -e "$config_dir/attendd.conf" ]]; then
    echo "Keeping the existing $config_dir/attendd.conf"
elif [[ "$system" == yes ]]; then
    install -m 0640 -o root -g attendd "$config_source" "$config_dir/attendd.conf"
else
    install -m 0640 "$config_source" "$config_dir/attendd.conf"
fi

# 4b. The report files' folder ([daemon] reports_dir): attendd writes it, nginx (group
# www-data) reads it, nobody else enters; config/attendd-reports.nginx serves it.
if [[ "$system" == yes ]] && getent group www-data >/dev/null; then
    install -d -m 0750 -o attendd -g www-data "$DESTDIR/var/lib/attendd-reports"
fi
# The events spool ([events] spool) and its units (README "Telling people"), enabled by the admin.
if [[ "$system" == yes ]]; then
    install -d -m 0750 -o attendd -g attendd "$DESTDIR/var/spool/attendd-events"
fi
for unit in attendd-events.path attendd-events.service attendd-event@.service; do
    install -m 0644 "$root/systemd/$unit" "$DESTDIR/etc/systemd/system/$unit"
done

# 5. Tell systemd, when it is the one running this box.
if [[ "$system" == yes ]]; then
    if [[ -d /run/systemd/system ]] && command -v systemctl >/dev/null; then
        systemctl daemon-reload
    else
        echo "systemd is not running here: skipped systemctl daemon-reload"
    fi
    cat <<EOF

attendd is installed. Next steps:
  review /etc/attendd/attendd.conf
  systemctl enable --now attendd
  usermod -a -G attendd <admin>     # lets <admin> use attendctl
An upgrade of a running daemon takes effect after: systemctl restart attendd
EOF
else
    echo "Staged under $DESTDIR (no users or systemd changed)."
fi
