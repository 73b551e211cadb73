#!/usr/bin/env bash
# Backfill benchmark: generates a messy legacy Northwind database (the generator of `strangler generate`) on the
# test fixture's embedded PostgreSQL, then backfills its first LIMIT users with the demo's Northwind plan at the
# default concurrency and no rate limit, five times, each on its own modern database: batches with multi-row upserts
# (the default), batches with executeBatch upserts, source snapshots, hash snapshots, and one by one (the first
# ONE_BY_ONE_LIMIT users). Compares the first run with a set-based INSERT ... SELECT copy of the same rows, and
# reports users/s, rows/s, ledger bytes per entry and the CPU of the legacy database's backends, the modern
# database's and the JVM. Writes bench/results/backfill-run.md (bench/results/backfill.md is the write-up).
#   CUSTOMERS=100000 LIMIT=20000 ONE_BY_ONE_LIMIT=5000 bench/backfill.sh
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p bench/results
./mvnw -B -q -pl bench/jmh -am test -Dtest=BackfillBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
    -Dstrangler.bench=true -Dstrangler.bench.customers="${CUSTOMERS:-100000}" \
    -Dstrangler.bench.limit="${LIMIT:-20000}" -Dstrangler.bench.oneByOneLimit="${ONE_BY_ONE_LIMIT:-5000}" \
    -Dstrangler.bench.out="$PWD/bench/results/backfill-run.md"
cat bench/results/backfill-run.md
