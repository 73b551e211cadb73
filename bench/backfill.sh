#!/usr/bin/env bash
# Backfill benchmark: generates a messy legacy Northwind database (the generator of `strangler generate`) on the
# test fixture's embedded PostgreSQL, then backfills it with the demo's Northwind plan at the default concurrency
# and no rate limit. Reports users/s, rows/s and the CPU of the legacy database's backends, the modern database's
# and the JVM. Writes bench/results/backfill-run.md (bench/results/backfill.md is the write-up).
#   CUSTOMERS=100000 LIMIT=20000 bench/backfill.sh
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p bench/results
./mvnw -B -q -pl bench/jmh -am test -Dtest=BackfillBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
    -Dstrangler.bench=true -Dstrangler.bench.customers="${CUSTOMERS:-100000}" \
    -Dstrangler.bench.limit="${LIMIT:-20000}" -Dstrangler.bench.out="$PWD/bench/results/backfill-run.md"
cat bench/results/backfill-run.md
