#!/usr/bin/env bash
# Builds the Debian package attendd_VERSION_ARCH.deb from the static release build, with
# dpkg-deb: no debhelper, no Swift on the box that installs it. README: "Install from the
# Debian package".
set -euo pipefail

usage() {
    cat <<'EOF_USAGE'
Usage: systemd/build-deb.sh [--no-build] [--out DIR]

Builds attendd_VERSION_ARCH.deb in DIR (default: .build/deb) and prints its path:
  /usr/bin/attendd, /usr/bin/attendctl           stripped, the Swift runtime linked in
  /lib/systemd/system/attendd.service            the unit, ExecStart=/usr/bin/attendd
  /lib/systemd/system/attendd-events.path, attendd-events.service, attendd-event@.service
  /usr/share/doc/attendd/examples/attendd-reports.nginx   the nginx site for reports_dir
  /etc/attendd/attendd.conf                      the example config, a conffile
  /usr/share/man/man8/attendd.8.gz, attendctl.8.gz, man5/attendd.conf.5.gz
  /usr/share/bash-completion/completions/attendctl
  /usr/share/doc/attendd/copyright, changelog.gz

Options:
  --no-build   use the existing release build in .build/release
               (default: run `swift build -c release --static-swift-stdlib` first)
  --out DIR    where the package goes
  -h, --help   show this text

Environment:
  VERSION      the package version (default: attenddVersion in Sources/AttendCore/Version.swift;
               CI builds a lower one to test upgrades)
  MAINTAINER   the Maintainer: field (default: attendd maintainers <maintainers@attendd.example>)
  DEB_COMPRESSION  dpkg-deb's compressor (default xz; gzip is faster to build)
EOF_USAGE
}

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build=yes
out="$root/.build/deb"
while [[ $# -gt 0 ]]; do
    case "$1" in
        --no-build) build=no ;;
        --out) out="${2:?--out needs a directory}"; shift ;;
        --out=*) out="${1#--out=}" ;;
        -h|--help) usage; exit 0 ;;
        *) echo "build-deb.sh: unknown argument: $1" >&2; usage >&2; exit 2 ;;
    esac
    shift
done

die() { echo "build-deb.sh: $*" >&2; exit 1; }
for tool in dpkg-deb dpkg-shlibdeps strip gzip; do
    command -v "$tool" >/dev/null || die "$tool is missing: apt-get install dpkg-dev binutils"
done

source_version="$(sed -n 's/.*attenddVersion = "\([^"]*\)".*/\1/p' "$root/Sources/AttendCore/Version.swift")"
[[ -n "$source_version" ]] || die "no attenddVersion in Sources/AttendCore/Version.swift"
version="${VERSION:-$source_version}"
[[ "$version" =~ ^[0-9][A-Za-z0-9.+~]*$ ]] || die "VERSION must be a Debian native version (digits, letters, . + ~): $version"
maintainer="${MAINTAINER:-attendd maintainers <maintainers@attendd.example>}"
arch="$(dpkg --print-architecture)"

bindir="$root/.build/release"
if [[ "$build" == yes ]]; then
    (cd "$root" && swift build -c release --static-swift-stdlib)
fi
for tool in attendd attendctl; do
    [[ -x "$bindir/$tool" ]] || die "$bindir/$tool is missing: run \`swift build -c release --static-swift-stdlib\` or drop --no-build"
done

stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT
pkg="$stage/attendd"
debian="$root/systemd/debian"

# The files, with the modes Debian expects (dpkg-deb --root-owner-group makes them root's).
install -d -m 0755 "$pkg/usr/bin" "$pkg/lib/systemd/system" "$pkg/usr/share/man/man5" \
    "$pkg/usr/share/man/man8" "$pkg/usr/share/bash-completion/completions" "$pkg/usr/share/doc/attendd"
install -d -m 0750 "$pkg/etc/attendd"
for tool in attendd attendctl; do
    install -m 0755 "$bindir/$tool" "$pkg/usr/bin/$tool"
    strip --strip-unneeded --remove-section=.comment --remove-section=.note "$pkg/usr/bin/$tool"
done
sed -e 's|/usr/local/bin/attendd|/usr/bin/attendd|g' \
    -e 's|^# Installed by systemd/install.sh;|# Installed by the attendd Debian package;|' \
    "$root/systemd/attendd.service" >"$pkg/lib/systemd/system/attendd.service"
chmod 0644 "$pkg/lib/systemd/system/attendd.service"
for unit in attendd-events.path attendd-events.service attendd-event@.service; do
    install -m 0644 "$root/systemd/$unit" "$pkg/lib/systemd/system/$unit"
done
install -m 0640 "$root/config/attendd.conf" "$pkg/etc/attendd/attendd.conf"
for page in attendd.8 attendctl.8 attendd.conf.5; do
    gzip -9n <"$root/systemd/man/$page" >"$pkg/usr/share/man/man${page##*.}/$page.gz"
done
install -m 0644 "$root/systemd/attendctl.bash-completion" "$pkg/usr/share/bash-completion/completions/attendctl"
install -m 0644 "$debian/copyright" "$pkg/usr/share/doc/attendd/copyright"
# The nginx site for the report files (README "Report files"): an example the admin copies.
install -d -m 0755 "$pkg/usr/share/doc/attendd/examples"
install -m 0644 "$root/config/attendd-reports.nginx" "$pkg/usr/share/doc/attendd/examples/attendd-reports.nginx"

# changelog: the file's own when it is for this version; a built-for-testing entry otherwise.
if [[ "$(sed -n '1s/^attendd (\([^)]*\)).*/\1/p' "$debian/changelog")" == "$version" ]]; then
    cp "$debian/changelog" "$stage/changelog"
else
    cat >"$stage/changelog" <<EOF_CHANGELOG
attendd ($version) unstable; urgency=medium

  * Built from the source of $source_version with VERSION=$version.

 -- $maintainer  $(date -u -R)
EOF_CHANGELOG
fi
gzip -9n <"$stage/changelog" >"$pkg/usr/share/doc/attendd/changelog.gz"

# Depends: what the binaries load at run time, from dpkg-shlibdeps (it wants a debian/control).
mkdir -p "$stage/shlibs/debian"
printf 'Source: attendd\n\nPackage: attendd\nArchitecture: any\n' >"$stage/shlibs/debian/control"
shlibs="$(cd "$stage/shlibs" && dpkg-shlibdeps -O "$pkg/usr/bin/attendd" "$pkg/usr/bin/attendctl" 2>/dev/null)" \
    || die "dpkg-shlibdeps failed on the binaries"
depends="${shlibs#shlibs:Depends=}"
[[ -n "$depends" && "$depends" == *libc6* ]] || die "dpkg-shlibdeps gave no dependencies: $shlibs"

install -d -m 0755 "$pkg/DEBIAN"
cat >"$pkg/DEBIAN/control" <<EOF_CONTROL
Package: attendd
Version: $version
Architecture: $arch
Maintainer: $maintainer
Installed-Size: $(du -sk --exclude=DEBIAN "$pkg" | cut -f1)
Depends: adduser, $depends
Section: net
Priority: optional
Description: conference attendance daemon for check-in terminals
 attendd runs on a small box at each bridge point of an online conference.
 Check-in terminals send it delegate check-ins and check-outs over a line
 protocol on UDP and TCP; it answers OK only once the check-in is committed
 to SQLite with a sync that survives a power cut. attendctl drives it: plans,
 invited lists, incidents, tallies and printed reports, the push of each
 closed tally to the district hub.
 .
 The Swift runtime is linked in statically; only libc, libstdc++ and
 libsqlite3 are loaded at run time.
EOF_CONTROL
install -m 0644 "$debian/conffiles" "$pkg/DEBIAN/conffiles"
for script in preinst postinst prerm postrm; do
    install -m 0755 "$debian/$script" "$pkg/DEBIAN/$script"
done
(cd "$pkg" && find . -path ./DEBIAN -prune -o -type f -printf '%P\0' | sort -z | xargs -0 md5sum) >"$pkg/DEBIAN/md5sums"
chmod 0644 "$pkg/DEBIAN/md5sums"

mkdir -p "$out"
deb="$out/attendd_${version}_${arch}.deb"
# xz for the package people install; DEB_COMPRESSION=gzip builds faster (CI's lower version).
dpkg-deb --root-owner-group -Z"${DEB_COMPRESSION:-xz}" --build "$pkg" "$deb" >/dev/null
echo "$deb"
