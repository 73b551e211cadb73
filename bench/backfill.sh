#!/usr/bin/env bash
# Backfill benchmark: generates a messy legacy Northwind database (the generator of `strangler generate`) on the
# test fixture's embedded PostgreSQL, then backfills its first LIMIT users with the demo's Northwind plan at the
# default concurrency and no rate limit, five times, each on its own modern database: batches with multi-row upserts
# (the default), batches with executeBatch upserts, source snapshots, hash snapshots, and one by one (the first
# ONE_BY_ONE_LIMIT users). Compares the first run with a set-based INSERT ... SELECT copy of the same rows, and
# reports users/s, rows/s, ledger bytes per entry and the CPU of the legacy database's backends, the modern
# database's and the JVM. Writes bench/results/backfill-run.md (bench/results/backfill.md is the write-up).
# POOL and LOAD_BATCH override the engine's pool size (default 8) and the users per batch (default 64) for
# experiments. RUNS=first runs only the warm-up and the first (default) run and the copy; JFR=FILE records a JFR profile of the
# whole run into FILE (read it with `jfr print --events jdk.ExecutionSample FILE`).
#   CUSTOMERS=100000 LIMIT=20000 ONE_BY_ONE_LIMIT=5000 bench/backfill.sh
#   CUSTOMERS=20000 LIMIT=5000 RUNS=first bench/backfill.sh
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p bench/results
./mvnw -B -q -pl bench/jmh -am test -Dtest=BackfillBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
    -Dstrangler.bench=true -Dstrangler.bench.customers="${CUSTOMERS:-100000}" \
    -Dstrangler.bench.limit="${LIMIT:-20000}" -Dstrangler.bench.oneByOneLimit="${ONE_BY_ONE_LIMIT:-5000}" \
    ${POOL:+-Dstrangler.bench.poolSize=$POOL} ${LOAD_BATCH:+-Dstrangler.bench.loadBatch=$LOAD_BATCH} \
    -Dstrangler.bench.runs="${RUNS:-all}" -Dstrangler.bench.out="$PWD/bench/results/backfill-run.md" \
    ${JFR:+-DargLine="-XX:StartFlightRecording=filename=$JFR,settings=profile"}
cat bench/results/backfill-run.md
