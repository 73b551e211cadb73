package dev.strangler.proxy;

import dev.strangler.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.Statement;

/**
 * A legacy schema of four customers and an empty modern one, and a configuration over them: staff (ALFKI, ANATR,
 * BROKN, SLOW1) at 100%, everyone else at 0%. BROKN has an empty company name (fails validation); reading SLOW1
 * takes a second, long enough to send another request while that migration is in flight.
 */
final class TinyNorthwind {

    private TinyNorthwind() {
    }

    static void create(TestDatabase legacy, TestDatabase modern) throws Exception {
        run(legacy, """
                CREATE TABLE customers (customer_id text PRIMARY KEY, company_name text NOT NULL, country text,
                                        migrated_at timestamptz);
                INSERT INTO customers VALUES ('ALFKI', 'Alfreds Futterkiste', 'Germany', NULL),
                                             ('ANATR', 'Ana Trujillo', 'Mexico', NULL),
                                             ('BONAP', 'Bon app''', 'France', NULL),
                                             ('BROKN', '', 'Nowhere', NULL),
                                             ('SLOW1', 'Slow Traders', 'UK', NULL);
                CREATE FUNCTION slow_for(key text) RETURNS boolean LANGUAGE plpgsql AS $$
                BEGIN
                  IF key LIKE 'SLOW%' THEN PERFORM pg_sleep(1); END IF;
                  RETURN true;
                END $$;
                """);
        run(modern, "CREATE TABLE customer (id text PRIMARY KEY, name text NOT NULL, country text);");
    }

    static String config(TestDatabase legacy, TestDatabase modern, int legacyPort, int modernPort)
            throws java.io.IOException {
        return """
                server: { host: 127.0.0.1, port: %d, drainTimeout: 5s }
                admin: { host: 127.0.0.1, port: %d, token: "a-test-token-of-sufficient-length" }
                upstreams:
                  legacy: { url: "http://127.0.0.1:%d", timeout: 5s }
                  modern: { url: "http://127.0.0.1:%d", timeout: 5s }
                identity:
                  - header: X-User-Id
                routing:
                  salt: rollout-2026
                  routes:
                    - { id: assets, path: "/assets/**", to: legacy }
                    - { id: new-pages, path: "/new/**", to: modern }
                    - { id: orders, path: "/api/orders/**", to: rollout }
                  cohorts:
                    - { name: staff, users: [ALFKI, ANATR, BROKN, SLOW1], percent: 100 }
                    - { name: everyone, percent: 0 }
                migration:
                  legacy: "%s"
                  modern: "%s"
                  timeout: 10s
                  retryAfter: 10m
                  users: "SELECT customer_id FROM customers ORDER BY customer_id"
                  entities:
                    - name: customer
                      cardinality: one
                      fetch: "SELECT * FROM customers WHERE customer_id = $1 AND slow_for($1)"
                      validate:
                        - { rule: 'row.company_name.size() > 0', message: "company name is empty" }
                      map:
                        id: row.customer_id
                        name: row.company_name.trim()
                        country: row.country
                      upsert: >
                        INSERT INTO customer (id, name, country) VALUES (:id, :name, :country)
                        ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, country = EXCLUDED.country
                  cleaned: "UPDATE customers SET migrated_at = now() WHERE customer_id = $1"
                  uncleaned: "UPDATE customers SET migrated_at = NULL WHERE customer_id = $1"
                """.formatted(freePort(), freePort(), legacyPort, modernPort, legacy.uri(), modern.uri());
    }

    /** A port free right now; the configuration does not accept port 0. */
    static int freePort() throws java.io.IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void run(TestDatabase db, String sql) throws Exception {
        try (Connection connection = db.connect(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
