#!/usr/bin/env bash
# Coexistence benchmark: Debezium's embedded engine on the test fixture's embedded PostgreSQL with wal_level=logical,
# USERS migrated customers. Measures catch-up and sync-back throughput (a burst of BURST one-row transactions on one
# side, events/s until the last one is on the other side) and lag under a steady write load (RATE transactions/s on
# each side for LOAD_SECONDS s: the sync's own lag figure, sampled, and when the last write arrived), then the
# catch-up through `strangler sync --from http` (BURST transactions posted one by one, each stored in the inbox
# before its answer). Writes
# bench/results/sync-run.md; the write-up is in bench/RESULTS.md.
#   USERS=200 BURST=2000 RATE=20 LOAD_SECONDS=30 bench/sync.sh
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p bench/results
./mvnw -B -q -pl bench/jmh -am test -Dtest=SyncBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
    -Dstrangler.bench=true -Dstrangler.bench.users="${USERS:-200}" \
    -Dstrangler.bench.burst="${BURST:-2000}" -Dstrangler.bench.rate="${RATE:-20}" \
    -Dstrangler.bench.seconds="${LOAD_SECONDS:-30}" \
    -Dstrangler.bench.out="$PWD/bench/results/sync-run.md"
cat bench/results/sync-run.md
