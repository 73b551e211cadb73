#!/usr/bin/env bash
# Migrator benchmark: first-access latency of ensureMigrated (p50/p99) for a typical customer, and sustained
# migrations/s with 8 users in flight against a set-based INSERT ... SELECT copy of the same rows.
# Runs on the embedded PostgreSQL of the test fixture (loopback). Writes bench/results/migrator.md.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p bench/results
./mvnw -B -q -pl bench/jmh -am test -Dtest=MigratorBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
    -Dstrangler.bench=true -Dstrangler.bench.out="$PWD/bench/results/migrator.md"
cat bench/results/migrator.md
