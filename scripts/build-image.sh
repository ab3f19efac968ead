#!/usr/bin/env bash
# Builds the OCI image of mc on this machine, with no registry:
#   1. the base, once: a Debian root filesystem from Debian's own packages (debootstrap, variant
#      minbase, plus the headless JRE), with an unprivileged user `mc` (uid 10001), imported into
#      Podman as localhost/metacircular-base:<suite>;
#   2. the application layered on it with `podman build` (deploy/image/Containerfile), tagged
#      localhost/metacircular:<version> (a pinned tag, as service definitions require).
# Usage: scripts/build-image.sh [--tag IMAGE] [--suite bookworm] [--mirror URL] [--rebuild-base]
#                               [--skip-build]
# Runs as root (debootstrap and rootful Podman). CONTAINERS_CONF defaults to the project's copy
# (runc, cgroupfs, explicit ulimits: see adapters-podman). Prints the image name on its last line.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

suite=bookworm
mirror=http://deb.debian.org/debian
tag=""
rebuild_base=0
skip_build=0
while (($#)); do
  case "$1" in
    --tag) tag="$2"; shift 2 ;;
    --suite) suite="$2"; shift 2 ;;
    --mirror) mirror="$2"; shift 2 ;;
    --rebuild-base) rebuild_base=1; shift ;;
    --skip-build) skip_build=1; shift ;;
    -h | --help) sed -n '2,11p' "$0"; exit 0 ;;
    *) echo "build-image: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done

export CONTAINERS_CONF="${CONTAINERS_CONF:-$root/adapters-podman/src/main/resources/dev/metacircular/podman/containers.conf}"
for tool in podman debootstrap tar; do
  command -v "$tool" >/dev/null || { echo "build-image: $tool is not installed" >&2; exit 1; }
done
if [ "$(id -u)" != 0 ]; then
  echo "build-image: run as root (debootstrap and rootful Podman)" >&2
  exit 1
fi

base="localhost/metacircular-base:$suite"
work="$(mktemp -d "${TMPDIR:-/tmp}/mc-image.XXXXXX")"
trap 'rm -rf "$work"' EXIT

if [ "$rebuild_base" = 1 ] || ! podman image exists "$base"; then
  echo "build-image: debootstrap $suite (minbase + openjdk-17-jre-headless) from $mirror" >&2
  debootstrap --variant=minbase --include=openjdk-17-jre-headless "$suite" "$work/rootfs" "$mirror" \
    >"$work/debootstrap.log" 2>&1 || { tail -20 "$work/debootstrap.log" >&2; exit 1; }
  chroot "$work/rootfs" groupadd --system --gid 10001 mc
  chroot "$work/rootfs" useradd --system --uid 10001 --gid 10001 --home-dir /srv --no-create-home \
    --shell /usr/sbin/nologin mc
  # What a runtime image never reads: package caches and lists, documentation, locales.
  rm -rf "$work/rootfs/var/cache/apt/"* "$work/rootfs/var/lib/apt/lists/"* \
    "$work/rootfs/usr/share/doc/"* "$work/rootfs/usr/share/man/"* "$work/rootfs/usr/share/locale/"*
  tar -C "$work/rootfs" --numeric-owner -cf "$work/base.tar" .
  podman import --change 'CMD ["/bin/bash"]' "$work/base.tar" "$base" >/dev/null
fi

if [ "$skip_build" != 1 ]; then
  (cd "$root" && ./mvnw -B -q -DskipTests -pl apps -am package) >&2
fi
[ -f "$root/apps/target/mc.jar" ] || { echo "build-image: apps/target/mc.jar is missing" >&2; exit 1; }

if [ -z "$tag" ]; then
  # The project's version (the parent's, which every module shares).
  version="$(sed -n 's:^ *<version>\(.*\)</version>.*:\1:p' "$root/apps/pom.xml" | head -1)"
  tag="localhost/metacircular:${version:-dev}"
fi

# The build context holds only what the image needs: the launcher, the jar and its libraries.
mkdir -p "$work/context/apps/target"
cp "$root/mc" "$work/context/mc"
cp "$root/apps/target/mc.jar" "$work/context/apps/target/"
cp -r "$root/apps/target/lib" "$work/context/apps/target/"
podman build --quiet -f "$root/deploy/image/Containerfile" -t "$tag" "$work/context" >/dev/null
echo "$tag"
