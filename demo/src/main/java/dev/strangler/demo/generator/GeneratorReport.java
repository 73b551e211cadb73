package dev.strangler.demo.generator;

import java.time.Duration;
import java.util.Map;

/**
 * What a generator run wrote: row counts, how many defects of the kinds that span rows, how long it took, and a
 * SHA-256 per table of the exact bytes sent to the server, so that two runs with the same seed can be compared.
 */
public record GeneratorReport(long customers, long orders, long orderLines, long duplicateCustomers,
                              long orphanOrders, Map<String, String> sha256ByTable, Duration elapsed) {

    public GeneratorReport {
        sha256ByTable = Map.copyOf(sha256ByTable);
    }

    /** Rows written per second, all three tables together. */
    public double rowsPerSecond() {
        return (customers + orders + orderLines) / Math.max(0.001, elapsed.toNanos() / 1e9);
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT,
                "%,d customers, %,d orders, %,d order lines (%,d duplicate customers, %,d orphan orders) in %.1f s"
                        + " (%,.0f customers/s, %,.0f rows/s)",
                customers, orders, orderLines, duplicateCustomers, orphanOrders, elapsed.toMillis() / 1000.0,
                customers / Math.max(0.001, elapsed.toNanos() / 1e9), rowsPerSecond());
    }
}
