#!/usr/bin/env bash
# Runs `./mvnw -B verify` N times in a row on a clean copy of COMMIT (git archive) with `stress-ng --cpu 1` beside
# it, as issue 11 asks of the suite, and stops at the first failure. One line per run (time, tests, load average) in
# $LOG; each run's output next to it.
#
#   bench/steady-verify.sh [COMMIT [N]]      # default: HEAD, 5 runs; needs stress-ng (apt-get install stress-ng)
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
commit=$(git -C "$ROOT" rev-parse --short "${1:-HEAD}")
n=${2:-5}
LOG=${LOG:-/tmp/steady-$commit.log}
command -v stress-ng >/dev/null || { echo "steady-verify: stress-ng is missing (apt-get install stress-ng)" >&2; exit 2; }
echo "steady runs of $commit, $(date -u +%FT%TZ), $(nproc) CPUs" >> "$LOG"
for i in $(seq 1 "$n"); do
  dir=/tmp/steady-$commit
  rm -rf "$dir" && mkdir -p "$dir"
  git -C "$ROOT" archive "$commit" | tar -x -C "$dir"
  stress-ng --cpu 1 --timeout 60m >/dev/null 2>&1 & busy=$!
  start=$(date +%s); l0=$(cut -d' ' -f1-3 /proc/loadavg)
  (cd "$dir" && ./mvnw -B verify > "${LOG%.log}-$i.out" 2>&1); rc=$?
  end=$(date +%s); l1=$(cut -d' ' -f1-3 /proc/loadavg)
  kill "$busy" 2>/dev/null; wait "$busy" 2>/dev/null
  tests=$(grep -E "Tests run: [0-9]+, Failures" "${LOG%.log}-$i.out" | grep -v " -- in " \
    | awk -F'[ ,]+' '{t+=$4; f+=$6; e+=$8; s+=$10} END {print t" tests, "f" failures, "e" errors, "s" skipped"}')
  echo "run $i: rc=$rc $(( (end-start)/60 )) min $(( (end-start)%60 )) s; $tests; load at start $l0, at end $l1" >> "$LOG"
  if [ "$rc" -ne 0 ]; then
    grep -E "FAIL|Tests run:.*Fail" "${LOG%.log}-$i.out" | head -20 >> "$LOG"
    exit 1
  fi
done
echo "all $n passed" >> "$LOG"
