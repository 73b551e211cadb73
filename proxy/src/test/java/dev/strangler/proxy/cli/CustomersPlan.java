package dev.strangler.proxy.cli;

/**
 * A one-table customers legacy and modern, and a plan over them with a rollback, for the command tests that run the
 * CLI end to end against them (stages and retire, verify and finishing).
 */
final class CustomersPlan {

    static final String LEGACY = """
            CREATE TABLE customers (customer_id varchar(5) PRIMARY KEY, company_name text NOT NULL, country text,
                                    migrated_at timestamp);
            INSERT INTO customers VALUES ('ALFKI', 'Alfreds', 'Germany', NULL), ('ANATR', 'Ana', 'Mexico', NULL),
                                         ('AROUT', 'Around', 'UK', NULL), ('BLANK', '', NULL, NULL);
            """;

    static final String MODERN = "CREATE TABLE customer (id text PRIMARY KEY, name text NOT NULL, country text);";

    static final String CONFIG = """
            server: { port: 8080 }
            admin: { port: 9090, token: "0123456789abcdef0123" }
            upstreams:
              legacy: { url: "http://127.0.0.1:8081" }
              modern: { url: "http://127.0.0.1:8082" }
            identity:
              - header: X-User-Id
            routing:
              salt: rollout-2026
              routes:
                - { path: "/api/customers/{key}/**", to: rollout }
              cohorts:
                - { name: vip, users: [ALFKI], percent: 100 }
                - { name: everyone, percent: 5 }
            migration:
              legacy: "LEGACY_URI"
              modern: "MODERN_URI"
              timeout: 5s
              users: "SELECT customer_id FROM customers ORDER BY customer_id"
              entities:
                - name: customer
                  cardinality: one
                  fetch: "SELECT * FROM customers WHERE customer_id = $1"
                  validate:
                    - { rule: 'row.company_name.size() > 0', message: "company name is empty" }
                  map: { id: row.customer_id, name: row.company_name, country: row.country }
                  upsert: >
                    INSERT INTO customer (id, name, country) VALUES (:id, :name, :country)
                    ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, country = EXCLUDED.country
              cleaned: "UPDATE customers SET migrated_at = now() WHERE customer_id = $1"
              rollback:
                - fetch: "SELECT id, name, country FROM customer WHERE id = $1"
                  apply: "UPDATE customers SET company_name = :name, country = :country WHERE customer_id = :id"
              uncleaned: "UPDATE customers SET migrated_at = NULL WHERE customer_id = $1"
            """;

    private CustomersPlan() {
    }
}
