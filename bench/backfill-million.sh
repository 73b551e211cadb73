#!/usr/bin/env bash
# The full backfill: generates CUSTOMERS (default 1,000,000) messy legacy customers on the test fixture's embedded
# PostgreSQL and backfills every one of them once with the demo's Northwind plan, the default settings and no rate
# limit; prints the progress every 30 s and writes the time, users/s, rows/s, CPU per side and the final counts
# (read back from the state table, MIGRATED + INVALID + FAILED checked against CUSTOMERS) to
# bench/results/backfill-million-run.md. Takes tens of minutes: run nothing else heavy beside it.
#   CUSTOMERS=1000000 bench/backfill-million.sh
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p bench/results
./mvnw -B -q -pl bench/jmh -am test -Dtest=FullBackfillBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
    -Dstrangler.bench=true -Dstrangler.bench.customers="${CUSTOMERS:-1000000}" \
    -Dstrangler.bench.out="$PWD/bench/results/backfill-million-run.md"
cat bench/results/backfill-million-run.md
