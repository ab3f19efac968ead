#!/usr/bin/env bash
# Builds the benchmarks module, then runs a login storm (issue 9 item 11): 16 clients log in over
# TLS to the identity REST server in a child JVM, hashing at the default Argon2id (t=3, 64 MiB,
# p=4), while the server's RSS is sampled; prints idle RSS, peak RSS, the bound
# idle + concurrent hashes x Argon2 memory x 1.25, and PASS/MISS. The server JVM gets the heap
# bound the ./mc launcher would give `mc mcias server` unless SERVER_JVM_ARGS is set (set it to
# " " for the JVM's own default). Arguments go to LoadMain --scenario login, e.g.
#   bench/login-storm.sh                                  # 16 threads, 3 x 10s
#   JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java bench/login-storm.sh   # client and server on JDK 25
#   SERVER_JVM_ARGS=" " bench/login-storm.sh              # no heap bound: the JVM sizes it
# Environment: MVN_FLAGS (extra Maven flags, e.g. -o), BENCH_SKIP_BUILD=1 (use the jar as built),
# JAVA (the java binary; the server child uses the same JVM), SERVER_JVM_ARGS.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if [[ "${BENCH_SKIP_BUILD:-0}" != 1 ]]; then
  # shellcheck disable=SC2086
  ./mvnw -B -q -DskipTests ${MVN_FLAGS:-} -pl benchmarks -am package
fi

server_jvm_args="${SERVER_JVM_ARGS:-$(MC_PRINT_HEAP=1 ./mc mcias server)}"
exec "${JAVA:-java}" -cp benchmarks/target/benchmarks.jar dev.metacircular.benchmarks.LoadMain \
  --scenario login --server-jvm-args "$server_jvm_args" "$@"
