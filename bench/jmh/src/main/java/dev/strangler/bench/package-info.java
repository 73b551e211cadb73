/**
 * JMH benchmarks. Start at {@code RoutingBenchmark}; run them with {@code bench/rules.sh}.
 */
package dev.strangler.bench;
