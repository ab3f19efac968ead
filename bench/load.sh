#!/usr/bin/env bash
# Builds the benchmarks module (and what it depends on), then runs the TLS load client: it starts
# the identity REST server and a bare endpoint in a child JVM and compares POST /v1/token/validate
# with POST /bare from the same client. Arguments go to LoadMain, e.g.
#   bench/load.sh                                   # 16 threads, 5s warm-up, 2 x 10s rounds each
#   bench/load.sh --threads 8 --duration 5s --rounds 3
#   bench/load.sh --tokens 4096 --cache-size 16     # every validation misses the cache
#   bench/load.sh --help
# Environment: MVN_FLAGS (extra Maven flags, e.g. -o), BENCH_SKIP_BUILD=1 (use the jar as built),
# JAVA (the java binary; the server child uses the same JVM).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if [[ "${BENCH_SKIP_BUILD:-0}" != 1 ]]; then
  # shellcheck disable=SC2086
  ./mvnw -B -q -DskipTests ${MVN_FLAGS:-} -pl benchmarks -am package
fi

exec "${JAVA:-java}" -cp benchmarks/target/benchmarks.jar dev.metacircular.benchmarks.LoadMain "$@"
