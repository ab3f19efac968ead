#!/usr/bin/env bash
# Builds the benchmarks module (and what it depends on), then runs the gRPC-beside-REST load
# client: it starts both services with REST and gRPC doors over the same cores in a child JVM and
# compares ValidateToken and transit Encrypt (1 KiB) unary throughput over gRPC with the same
# operations over REST, in the same run, printed as gRPC/REST ratios. Arguments go to
# GrpcLoadMain, e.g.
#   bench/grpc-load.sh                                # 16 threads, 5s warm-up, 2 x 10s rounds each
#   bench/grpc-load.sh --threads 8 --duration 5s --rounds 3
#   bench/grpc-load.sh --channels 4                   # 4 HTTP/2 connections per service
#   bench/grpc-load.sh --help
# Environment: MVN_FLAGS (extra Maven flags, e.g. -o), BENCH_SKIP_BUILD=1 (use the jar as built),
# JAVA (the java binary; the server child uses the same JVM).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if [[ "${BENCH_SKIP_BUILD:-0}" != 1 ]]; then
  # shellcheck disable=SC2086
  ./mvnw -B -q -DskipTests ${MVN_FLAGS:-} -pl benchmarks -am package
fi

exec "${JAVA:-java}" -cp benchmarks/target/benchmarks.jar dev.metacircular.benchmarks.GrpcLoadMain "$@"
