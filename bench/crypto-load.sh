#!/usr/bin/env bash
# Builds the benchmarks module (and what it depends on), then runs the TLS load client for the
# crypto service: it starts the crypto REST server (SQLite, in-process identity core as in dev
# mode, unsealed, a transit key) and a bare endpoint in a child JVM, and compares transit encrypt of
# 1 KiB (POST /v1/engine/request) with POST /bare from the same client. Arguments go to
# CryptoLoadMain, e.g.
#   bench/crypto-load.sh                              # 16 threads, 5s warm-up, 2 x 10s rounds each
#   bench/crypto-load.sh --threads 8 --duration 5s --rounds 3
#   bench/crypto-load.sh --caller admin               # an admin token: the ACL's bypass
#   bench/crypto-load.sh --identity sqlite            # identity on SQLite, exactly as dev mode
#   bench/crypto-load.sh --help
# Environment: MVN_FLAGS (extra Maven flags, e.g. -o), BENCH_SKIP_BUILD=1 (use the jar as built),
# JAVA (the java binary; the server child uses the same JVM).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if [[ "${BENCH_SKIP_BUILD:-0}" != 1 ]]; then
  # shellcheck disable=SC2086
  ./mvnw -B -q -DskipTests ${MVN_FLAGS:-} -pl benchmarks -am package
fi

exec "${JAVA:-java}" -cp benchmarks/target/benchmarks.jar dev.metacircular.benchmarks.CryptoLoadMain "$@"
