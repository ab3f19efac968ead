#!/usr/bin/env bash
# Builds the benchmarks module (and what it depends on), then runs the JMH benchmarks and prints
# each figure beside its baseline from the same run. Arguments go to JmhMain, e.g.
#   bench/jmh.sh                          # everything, defaults (1 fork, 3x2s warm-up, 5x2s measured)
#   bench/jmh.sh TokenValidate            # only the token benchmarks
#   bench/jmh.sh --quick Policy           # a smoke run, not a figure
#   bench/jmh.sh --help
# Environment: MVN_FLAGS (extra Maven flags, e.g. -o), BENCH_SKIP_BUILD=1 (use the jar as built),
# JAVA (the java binary).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if [[ "${BENCH_SKIP_BUILD:-0}" != 1 ]]; then
  # shellcheck disable=SC2086
  ./mvnw -B -q -DskipTests ${MVN_FLAGS:-} -pl benchmarks -am package
fi

exec "${JAVA:-java}" -cp benchmarks/target/benchmarks.jar dev.metacircular.benchmarks.JmhMain "$@"
