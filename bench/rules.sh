#!/usr/bin/env bash
# Builds the routing benchmark and runs it: decisions per second, single thread, with and without a when:
# expression, for 20 and 200 route rules, with the allocation per decision (JMH's gc profiler).
# Short but honest settings: 1 fork, 3 warm-up and 5 measured iterations of 2 s each. Extra arguments go to JMH.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q -pl bench/jmh -am package -DskipTests
CLASSPATH="bench/jmh/target/classes:$(cat bench/jmh/target/classpath.txt)"
echo "# $(date -u +%Y-%m-%dT%H:%MZ), nproc $(nproc), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | xargs), $(java -version 2>&1 | head -1)"
exec java -cp "$CLASSPATH" org.openjdk.jmh.Main RoutingBenchmark \
    -f 1 -wi 3 -w 2s -i 5 -r 2s -t 1 -prof gc -rf text -rff bench/jmh/target/rules-results.txt "$@"
