/**
 * JMH benchmarks. Start at {@code RoutingBenchmark}; run them with {@code bench/rules.sh}. The programs that
 * {@code bench/proxy.sh} measures with wrk are in {@code dev.strangler.bench.proxy}; the migrator and backfill
 * benchmarks are tests of this module ({@code bench/migrator.sh}, {@code bench/backfill.sh}).
 */
package dev.strangler.bench;
