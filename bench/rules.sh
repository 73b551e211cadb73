#!/usr/bin/env bash
# Builds the routing benchmark and runs it: decisions per second, single thread, with and without a when:
# expression, for 20 and 200 route rules, with the allocation per decision (JMH's gc profiler).
# Short but honest settings: 1 fork, 3 warm-up and 5 measured iterations of 2 s each. Extra arguments go to JMH.
# Prints JMH's table (means), then the median of the measured iterations of each benchmark.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q -pl bench/jmh -am package -DskipTests
CLASSPATH="bench/jmh/target/classes:$(cat bench/jmh/target/classpath.txt)"
LOG=bench/jmh/target/rules-run.txt
{
  echo "# $(date -u +%Y-%m-%dT%H:%MZ), nproc $(nproc), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | xargs)," \
       "load average $(cut -d' ' -f1-3 /proc/loadavg), $(java -version 2>&1 | head -1)"
  java -cp "$CLASSPATH" org.openjdk.jmh.Main RoutingBenchmark \
      -f 1 -wi 3 -w 2s -i 5 -r 2s -t 1 -prof gc "$@"
} 2>&1 | tee "$LOG"
echo
echo "Medians of the measured iterations (ops/s):"
awk '
  /^# Benchmark: / { name = $3; sub(/.*\./, "", name) }
  /^# Parameters: / { params = $3 " " $4 " " $5 }
  /^Iteration / { n[name " " params]++; v[name " " params, n[name " " params]] = $3 }
  END {
    for (k in n) {
      m = n[k]; for (i = 1; i <= m; i++) a[i] = v[k, i]
      for (i = 1; i <= m; i++) for (j = i + 1; j <= m; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
      med = (m % 2) ? a[(m + 1) / 2] : (a[m / 2] + a[m / 2 + 1]) / 2
      printf "  %-34s %-16s %12.0f\n", substr(k, 1, index(k, " ") - 1), substr(k, index(k, " ") + 1), med
    }
  }' "$LOG" | sort
