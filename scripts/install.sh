#!/usr/bin/env bash
# Installs the Metacircular services as systemd units (docs/operations.md, "Install"):
#   /opt/metacircular/mc, /opt/metacircular/apps/target/mc.jar   the launcher and the executable
#   /opt/metacircular/apps/target/lib/                          the executable's libraries
#   /srv/<service>/{config,certs,data,backups}                   per service, with owner and modes
#   /etc/systemd/system/<service>.service (+ .service.d/memory.conf with this host's heap bound)
#   /usr/lib/sysusers.d/metacircular.conf                       one system user per service
# for the services mcias, metacrypt, mcp-agent and mcp-master. Idempotent: a second run changes
# nothing, and an existing configuration is never overwritten. It enables and starts nothing.
#
# Usage: scripts/install.sh [--prefix DIR] [--jar FILE] [--no-users]
#   --prefix DIR  install into DIR as a root file system (an image, a test); the users are created
#                 in DIR/etc/passwd by systemd-sysusers --root, never on this host
#   --jar FILE    the executable to install (default: apps/target/mc.jar, built by
#                 ./mvnw -B -q -DskipTests -pl apps -am package)
#   --no-users    create no users and change no owner (for an unprivileged run into a prefix)
set -euo pipefail

source_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
prefix=""
jar="$source_root/apps/target/mc.jar"
users=1

die() {
  echo "install.sh: $*" >&2
  exit 1
}

while [ $# -gt 0 ]; do
  case "$1" in
    --prefix) [ $# -ge 2 ] || die "--prefix needs a directory"; prefix="$2"; shift 2 ;;
    --prefix=*) prefix="${1#--prefix=}"; shift ;;
    --jar) [ $# -ge 2 ] || die "--jar needs a file"; jar="$2"; shift 2 ;;
    --jar=*) jar="${1#--jar=}"; shift ;;
    --no-users) users=0; shift ;;
    -h | --help) sed -n '2,17p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown option $1 (see --help)" ;;
  esac
done

[ -f "$jar" ] || die "no executable at $jar: build it with ./mvnw -B -q -DskipTests -pl apps -am package, or pass --jar FILE"
if [ -n "$prefix" ]; then
  mkdir -p "$prefix"
  root="$(cd "$prefix" && pwd)"
else
  root=""
fi
if [ "$users" = 1 ] && [ "$(id -u)" != 0 ]; then
  die "creating users and setting owners needs root; run as root or pass --no-users"
fi

services=(mcias metacrypt mcp-agent mcp-master)

# The account that runs each service (the agent runs as root: it drives rootful Podman) and the
# group that may read its configuration.
# The launcher's command words for a service's server.
service_command() {
  case "$1" in
    mcp-agent) echo mcp agent ;;
    mcp-master) echo mcp master ;;
    *) echo "$1" server ;;
  esac
}

service_user() {
  case "$1" in
    mcp-agent) echo root ;;
    *) echo "$1" ;;
  esac
}

# The numeric id of a user or group in the target's own databases (under --prefix they exist
# only there).
id_of() { # passwd|group name
  local id
  id="$(awk -F: -v n="$2" '$1 == n { print $3 }' "$root/etc/$1")"
  [ -n "$id" ] || die "no $1 entry for $2 in $root/etc/$1"
  echo "$id"
}

# A directory with exactly this owner and mode.
directory() { # path mode user group
  mkdir -p "$1"
  chmod "$2" "$1"
  owner "$1" "$3" "$4"
}

# A file with exactly this content, owner and mode; rewritten only when its content differs.
file() { # source target mode user group
  if ! cmp -s "$1" "$2"; then
    install -m "$3" "$1" "$2"
  fi
  chmod "$3" "$2"
  owner "$2" "$4" "$5"
}

owner() { # path user group
  if [ "$users" = 1 ]; then
    chown "$(id_of passwd "$2"):$(id_of group "$3")" "$1"
  fi
}

# --- users ---
mkdir -p "$root/etc" "$root/usr/lib/sysusers.d"
sysusers="$root/usr/lib/sysusers.d/metacircular.conf"
cmp -s "$source_root/deploy/sysusers.d/metacircular.conf" "$sysusers" ||
  install -m 0644 "$source_root/deploy/sysusers.d/metacircular.conf" "$sysusers"
if [ "$users" = 1 ]; then
  if [ -n "$root" ]; then
    # A fresh root has no user database yet: root's own entries first, as on any system.
    [ -f "$root/etc/passwd" ] || printf 'root:x:0:0:root:/root:/bin/sh\n' >"$root/etc/passwd"
    [ -f "$root/etc/group" ] || printf 'root:x:0:\n' >"$root/etc/group"
    systemd-sysusers --root="$root" "$sysusers" >/dev/null
  else
    systemd-sysusers "$sysusers" >/dev/null
  fi
  owner "$sysusers" root root
fi

# --- the software ---
directory "$root/opt/metacircular" 0755 root root
directory "$root/opt/metacircular/apps" 0755 root root
directory "$root/opt/metacircular/apps/target" 0755 root root
directory "$root/opt/metacircular/docs" 0755 root root
file "$source_root/mc" "$root/opt/metacircular/mc" 0755 root root
file "$jar" "$root/opt/metacircular/apps/target/mc.jar" 0644 root root
# The jar's manifest names its libraries as lib/<name>.jar beside it: without them it cannot start.
[ -d "$(dirname "$jar")/lib" ] || die "$(dirname "$jar")/lib is missing (the jar's libraries)"
directory "$root/opt/metacircular/apps/target/lib" 0755 root root
for library in "$(dirname "$jar")"/lib/*.jar; do
  [ -e "$library" ] || continue
  file "$library" "$root/opt/metacircular/apps/target/lib/$(basename "$library")" 0644 root root
done
file "$source_root/docs/operations.md" "$root/opt/metacircular/docs/operations.md" 0644 root root

# --- per service: the directories, the configuration, the unit ---
directory "$root/etc/systemd" 0755 root root
directory "$root/etc/systemd/system" 0755 root root
for service in "${services[@]}"; do
  user="$(service_user "$service")"
  base="$root/srv/$service"
  directory "$root/srv" 0755 root root
  # The service reads its configuration and certificates and cannot change them; it writes only
  # data/ (its unit's one ReadWritePaths) and backups/ (mc backup, run as the same user).
  directory "$base" 0750 root "$service"
  directory "$base/config" 0750 root "$service"
  directory "$base/certs" 0750 root "$service"
  directory "$base/data" 0700 "$user" "$service"
  directory "$base/backups" 0700 "$user" "$service"
  config="$base/config/$service.toml"
  if [ ! -e "$config" ]; then
    install -m 0640 "$source_root/deploy/config/$service.toml" "$config"
    owner "$config" root "$service"
  fi

  file "$source_root/deploy/systemd/$service.service" "$root/etc/systemd/system/$service.service" 0644 root root
  # This host's heap bound, as ./mc derives it (processors and the configured Argon2 memory),
  # pinned so that MemoryMax stays above it: heap + 384 MiB for the JVM's memory outside the heap.
  read -ra command <<<"$(service_command "$service")"
  heap="$(MC_PRINT_HEAP=1 "$root/opt/metacircular/mc" "${command[@]}" --config "$config")"
  xmx="$(sed -n 's/.*-Xmx\([0-9][0-9]*\)m.*/\1/p' <<<"$heap")"
  [ -n "$xmx" ] || die "could not read the heap bound from: $heap"
  dropin="$(mktemp)"
  {
    echo "# Written by scripts/install.sh for this host: ./mc's heap bound and MemoryMax above it."
    echo "[Service]"
    echo "Environment=\"MC_JAVA_OPTS=$heap\""
    if [ "$service" != mcp-agent ]; then
      echo "MemoryMax=$((xmx + 384))M"
    fi
  } >"$dropin"
  directory "$root/etc/systemd/system/$service.service.d" 0755 root root
  file "$dropin" "$root/etc/systemd/system/$service.service.d/memory.conf" 0644 root root
  rm -f "$dropin"
done

if [ -z "$root" ] && command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
  systemctl daemon-reload
fi
echo "installed ${services[*]} under ${root:-/}"
echo "next: certificates into /srv/<service>/certs/, edit /srv/<service>/config/<service>.toml, then systemctl enable --now <service>"
