#!/usr/bin/env bash
# Builds the benchmarks module, then measures the control plane on real Podman (issue 13): deploy
# to serving beside `podman run` to serving (alternating rounds after a warm-up round of each), an
# agent's idle CPU with N managed containers, and `ps` across two nodes with N containers each.
# Needs root and Podman (as the control-plane tests do). Arguments: [rounds (5)] [containers (50)]
#   bench/control-plane.sh            # 5 rounds, 50 containers per node
# Environment: MVN_FLAGS (extra Maven flags, e.g. -o), BENCH_SKIP_BUILD=1 (use the jar as built),
# JAVA (the java binary; the agents and the master run in child JVMs of the same java).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if [[ "${BENCH_SKIP_BUILD:-0}" != 1 ]]; then
  # shellcheck disable=SC2086
  ./mvnw -B -q -DskipTests ${MVN_FLAGS:-} -pl benchmarks -am package
fi

exec "${JAVA:-java}" -Dmc.log.level=WARN -cp benchmarks/target/benchmarks.jar \
  dev.metacircular.benchmarks.ControlPlaneLoadMain "$@"
