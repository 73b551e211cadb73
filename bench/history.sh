#!/usr/bin/env bash
# The history checker of issue 12 ("zero lost writes"), run for longer than the minute `./mvnw verify` gives it:
# clients write and read as users through two replicas while the nemesis changes percentages, pins, rolls back,
# backfills, kills replicas, restarts the state database and slows legacy; then every acknowledged write is looked
# for where the user's final state says it must be (dist/src/test/java/dev/strangler/history).
#   bench/history.sh --minutes 10 [--seed S] [--clients 16] [--users 300]
#   bench/history.sh --minutes 1 --seeds 11,12,13,14,15     (one history per seed, one after the other)
# Prints the summary (seed, operations, nemesis actions, violations with context); exits 1 on any violation.
# The summary is also kept in dist/target/history/seed-S.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
minutes=10 seed="" seeds="" clients=16 users=300
while [ $# -gt 0 ]; do
    case "$1" in
        --minutes) minutes="$2"; shift 2 ;;
        --seed) seed="$2"; shift 2 ;;
        --seeds) seeds="$2"; shift 2 ;;
        --clients) clients="$2"; shift 2 ;;
        --users) users="$2"; shift 2 ;;
        *) echo "bench/history.sh: unknown argument $1" \
                "(expected: --minutes N, --seed S, --seeds S,S,..., --clients N, --users N)" >&2
           exit 2 ;;
    esac
done
case "$minutes" in
    ''|*[!0-9]*) echo "bench/history.sh: --minutes $minutes (expected: a whole number)" >&2; exit 2 ;;
esac
seconds=$((minutes * 60))
[ "$seconds" -gt 0 ] || { echo "bench/history.sh: --minutes $minutes (expected: 1 or more)" >&2; exit 2; }
log=$(mktemp -t strangler-history.XXXXXX)
status=0
./mvnw -B -pl dist -am verify -Dtest=HistoryTest -Dsurefire.failIfNoSpecifiedTests=false \
    -Dstrangler.history.seconds="$seconds" -Dstrangler.history.seed="$seed" -Dstrangler.history.seeds="$seeds" \
    -Dstrangler.history.clients="$clients" -Dstrangler.history.users="$users" >"$log" 2>&1 || status=$?
output=dist/target/surefire-reports/dev.strangler.history.HistoryTest-output.txt
if [ -f "$output" ]; then
    sed -n '/^history seed .*: [0-9]* s,/,/^  violations by check\|^  violations: 0/p' "$output"
else
    tail -50 "$log"
fi
echo "each history in full (nemesis log, violations with context): dist/target/history/seed-S.txt"
echo "maven log: $log"
exit "$status"
