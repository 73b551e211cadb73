package dev.strangler.migrator.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.config.file.ConfigLoader;
import dev.strangler.config.MigrationPlan;
import dev.strangler.migrator.engine.Northwind;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UserKeyColumnsTest {

    private static final MigrationPlan PLAN = Northwind.plan("postgresql://u@localhost:5432/legacy",
            "postgresql://u@localhost:5432/modern", Duration.ofSeconds(5), Map.of());

    @Test
    void legacyTables_comeFromEachFetch_andModernTables_fromTheUpsertsThatWriteTheKey() {
        UserKeyColumns keys = UserKeyColumns.of(PLAN);

        assertThat(keys.legacyTables()).containsExactly("public.customers", "public.orders",
                "public.order_details");
        assertThat(keys.modernTables()).containsExactly("public.customer", "public.customer_order",
                "strangler.ledger");
        assertThat(keys.uncaptured()).isEmpty();
    }

    @Test
    void users_areReadFromTheKeyColumn_beforeAndAfter() {
        UserKeyColumns keys = UserKeyColumns.of(PLAN);

        assertThat(keys.users("legacy", new RowChange("public.orders", "u",
                new JsonObject().put("order_id", 1).put("customer_id", "ALFKI"),
                new JsonObject().put("order_id", 1).put("customer_id", "ANATR")))).containsExactly("ALFKI", "ANATR");
        assertThat(keys.users("modern", new RowChange("public.customer", "u", null,
                new JsonObject().put("id", "BERGS")))).containsExactly("BERGS");
        assertThat(keys.users("legacy", new RowChange("public.unrelated", "c", null,
                new JsonObject().put("customer_id", "X")))).isEmpty();
    }

    @Test
    void joinedFetch_withUsing_mapsItsOwnTableThroughTheJoin() {
        UserKeyColumns keys = UserKeyColumns.of(PLAN);

        assertThat(keys.query("legacy", "public.order_details")).hasValueSatisfying(query -> {
            assertThat(query.sql()).isEqualTo("SELECT DISTINCT o.customer_id FROM order_details d JOIN orders o"
                    + " USING (order_id) WHERE d.order_id = $1");
            assertThat(query.parameters()).containsExactly("order_id");
        });
        assertThat(keys.query("legacy", "public.orders")).as("orders carries the key itself").isEmpty();
    }

    @Test
    void joinedFetch_withOn_mapsEveryJoinedTable_byTheColumnsItsJoinsName() {
        UserKeyColumns keys = UserKeyColumns.of(plan("""
                      fetch: >
                        SELECT l.*, p.name FROM order_details AS l JOIN orders o ON o.order_id = l.order_id
                        LEFT JOIN products p ON p.product_id = l.product_id WHERE o.customer_id = $1
                """, ""));

        assertThat(keys.legacyTables()).containsExactly("public.order_details", "public.orders",
                "public.products");
        assertThat(keys.query("legacy", "public.order_details").orElseThrow().sql())
                .endsWith("WHERE l.order_id = $1 AND l.product_id = $2");
        assertThat(keys.query("legacy", "public.products").orElseThrow().sql())
                .startsWith("SELECT DISTINCT o.customer_id FROM").endsWith("WHERE p.product_id = $1");
        assertThat(keys.users("legacy", new RowChange("public.orders", "u", null,
                new JsonObject().put("customer_id", "ALFKI")))).containsExactly("ALFKI");
    }

    @Test
    void declaredUserKeys_winOverTheDerivation_andMapAFetchThatCannotBeDerived() {
        String fetch = """
                      fetch: "SELECT l.* FROM order_details l, orders o WHERE o.order_id = l.order_id AND o.cust = $1"
                """;
        assertThat(UserKeyColumns.of(plan(fetch + """
                    - name: customer
                      fetch: "SELECT * FROM customers WHERE customer_id = $1"
                      map: { id: row.customer_id }
                      upsert: "INSERT INTO client (id) VALUES (:id)"
                """, "")).uncaptured()).singleElement().asString().contains("entities.lines.fetch");

        UserKeyColumns keys = UserKeyColumns.of(plan(fetch, """
                      userKey:
                        order_details: "SELECT cust FROM orders WHERE order_id = :order_id"
                        orders: cust
                """));

        assertThat(keys.legacyTables()).containsExactly("public.order_details", "public.orders");
        assertThat(keys.uncaptured()).isEmpty();
        assertThat(keys.query("legacy", "public.order_details").orElseThrow().sql())
                .isEqualTo("SELECT cust FROM orders WHERE order_id = $1");
        assertThat(keys.users("legacy", new RowChange("public.orders", "c", null,
                new JsonObject().put("cust", "BERGS")))).containsExactly("BERGS");
    }

    @Test
    void aScalarUserKey_isOfTheFetchsOwnTable() {
        UserKeyColumns keys = UserKeyColumns.of(plan("""
                      fetch: "SELECT * FROM notes WHERE owner_of(note_id) = $1"
                """, """
                      userKey: author
                """));

        assertThat(keys.legacyTables()).containsExactly("public.notes");
        assertThat(keys.users("legacy", new RowChange("public.notes", "c", null,
                new JsonObject().put("author", "ANATR")))).containsExactly("ANATR");
    }

    @Test
    void modernRowsOfATableReachedOnlyThroughAJoin_findTheirUser_throughTheRollbackFetchsJoins() {
        UserKeyColumns keys = UserKeyColumns.of(plan("""
                      fetch: "SELECT * FROM orders WHERE cust = $1"
                """, """
                  rollback:
                    - fetch: >
                        SELECT l.order_id, l.product_id, l.quantity FROM order_line l
                        JOIN customer_order o ON o.id = l.order_id WHERE o.customer_id = $1
                      apply: "UPDATE order_details SET quantity = :quantity WHERE order_id = :order_id"
                """));

        assertThat(keys.modernTables()).contains("public.order_line", "public.customer_order");
        assertThat(keys.uncaptured()).isEmpty();
        assertThat(keys.query("modern", "public.order_line")).hasValueSatisfying(query -> {
            assertThat(query.sql()).isEqualTo("SELECT DISTINCT o.customer_id FROM order_line l JOIN customer_order o"
                    + " ON o.id = l.order_id WHERE l.order_id = $1");
            assertThat(query.parameters()).containsExactly("order_id");
        });
        assertThat(keys.query("legacy", "public.order_line")).as("a modern table, not a legacy one").isEmpty();
        assertThat(keys.users("modern", new RowChange("public.customer_order", "u", null,
                new JsonObject().put("id", 7).put("customer_id", "ALFKI")))).containsExactly("ALFKI");
    }

    @Test
    void aRollbackStepsUserKey_declaresHowModernRowsFindTheirUser_overTheDerivation() {
        UserKeyColumns keys = UserKeyColumns.of(plan("""
                      fetch: "SELECT * FROM orders WHERE cust = $1"
                """, """
                  rollback:
                    - fetch: "SELECT * FROM order_line WHERE owner_of(order_id) = $1"
                      apply: "UPDATE order_details SET quantity = :quantity WHERE order_id = :order_id"
                      userKey:
                        order_line: "SELECT customer_id FROM customer_order WHERE id = :order_id"
                    - fetch: "SELECT * FROM note WHERE author = $1"
                      apply: "UPDATE notes SET body = :body WHERE id = :id"
                      userKey: owner
                """));

        assertThat(keys.uncaptured()).isEmpty();
        assertThat(keys.modernTables()).contains("public.order_line", "public.note");
        assertThat(keys.query("modern", "public.order_line").orElseThrow().sql())
                .isEqualTo("SELECT customer_id FROM customer_order WHERE id = $1");
        assertThat(keys.users("modern", new RowChange("public.note", "c", null,
                new JsonObject().put("author", "X").put("owner", "ANATR")))).containsExactly("ANATR");
        assertThat(keys.legacyTables()).doesNotContain("public.order_line", "public.note");
    }

    /** A plan whose first entity, {@code lines}, has the fetch (and what follows it) and the userKey given. */
    private static MigrationPlan plan(String fetch, String userKey) {
        return ConfigLoader.parseMigrationPlan("plan.yaml", """
                migration:
                  legacy: "postgresql://u@localhost/legacy"
                  modern: "postgresql://u@localhost/modern"
                  users: "SELECT customer_id FROM customers"
                  entities:
                    - name: lines
                      map: { id: row.order_id }
                      upsert: "INSERT INTO line (id) VALUES (:id)"
                """ + fetch + userKey, Map.of()).orElseThrow();
    }
}
