#!/usr/bin/env bash
# Builds the benchmarks module (and what it depends on), then times issuance end to end with
# Debian's lego (HTTP-01, two names, a new EAB account each time) against our ACME server and
# against pebble (PEBBLE_VA_NOSLEEP=1) in the same run, alternating. Needs lego, pebble and
# pebble-challtestsrv (Debian packages lego and pebble). Arguments go to AcmeLegoMain, e.g.
#   bench/acme-lego.sh                   # 5 timed rounds after 1 warm-up round each
#   bench/acme-lego.sh --rounds 9
# Environment: MVN_FLAGS (extra Maven flags, e.g. -o), BENCH_SKIP_BUILD=1 (use the jar as built),
# JAVA (the java binary).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if [[ "${BENCH_SKIP_BUILD:-0}" != 1 ]]; then
  # shellcheck disable=SC2086
  ./mvnw -B -q -DskipTests ${MVN_FLAGS:-} -pl benchmarks -am package
fi

exec "${JAVA:-java}" -Dmc.log.level=WARN -Dmc.log.target=System.err \
  -cp benchmarks/target/benchmarks.jar dev.metacircular.benchmarks.AcmeLegoMain "$@"
