/**
 * Metrics of the data plane, for Prometheus.
 * Start at {@link dev.strangler.proxy.metrics.ProxyMetrics}.
 */
package dev.strangler.proxy.metrics;
