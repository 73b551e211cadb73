package dev.strangler.migrator.backfill;

import dev.strangler.migrator.engine.Northwind;
import dev.strangler.testkit.TestDatabase;

/** More legacy customers for the backfill tests: one order with one line each, every 50th without a country. */
final class GeneratedCustomers {

    private GeneratedCustomers() {
    }

    /** Adds {@code count} customers {@code G0001}...; those with a number divisible by 50 are invalid. */
    static void add(TestDatabase legacy, int count) {
        Northwind.run(legacy, """
                INSERT INTO customers
                SELECT 'G' || lpad(i::text, 4, '0'), 'Generated ' || i, 'Contact ' || i,
                       CASE WHEN i %% 50 = 0 THEN NULL ELSE 'France' END, '1999-01-01', NULL
                FROM generate_series(1, %1$d) AS i;
                INSERT INTO orders
                SELECT 20000 + i, 'G' || lpad(i::text, 4, '0'), DATE '1999-02-01', 1.50, 'France'
                FROM generate_series(1, %1$d) AS i;
                INSERT INTO order_details SELECT 20000 + i, 1, 2.5, 3 FROM generate_series(1, %1$d) AS i;
                """.formatted(count));
    }

    /** Invalid users among the base Northwind and {@code count} generated customers. */
    static long invalid(int count) {
        return 3 + count / 50;
    }
}
