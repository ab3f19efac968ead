#!/usr/bin/env bash
# Builds the benchmarks module (and what it depends on), then times unseal with the default seal
# parameters (Argon2id t=3, 128 MiB, 4 lanes) beside the reference `argon2` command-line tool with
# the same parameters, in the same run. Needs the tool: Debian `apt-get install argon2`.
# Arguments go to UnsealMain, e.g.
#   bench/unseal.sh                       # 5 timed repetitions after 1 warm-up round
#   bench/unseal.sh --repetitions 9
#   bench/unseal.sh --help
# Environment: MVN_FLAGS (extra Maven flags, e.g. -o), BENCH_SKIP_BUILD=1 (use the jar as built),
# JAVA (the java binary).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if [[ "${BENCH_SKIP_BUILD:-0}" != 1 ]]; then
  # shellcheck disable=SC2086
  ./mvnw -B -q -DskipTests ${MVN_FLAGS:-} -pl benchmarks -am package
fi

exec "${JAVA:-java}" -Dmc.log.level=WARN -Dmc.log.target=System.err \
  -cp benchmarks/target/benchmarks.jar dev.metacircular.benchmarks.UnsealMain "$@"
