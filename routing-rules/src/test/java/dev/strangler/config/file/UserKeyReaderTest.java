package dev.strangler.config.file;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.config.ConfigError;
import dev.strangler.config.LoadResult;
import dev.strangler.config.MigrationPlan;
import dev.strangler.config.UserKey;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An entity's {@code userKey:} for {@code strangler sync} (issue 17): read, and refused with file:line:key. */
class UserKeyReaderTest {

    private static final String PLAN = """
            migration:
              legacy: "postgresql://legacy@db/legacy"
              modern: "postgresql://modern@db/modern"
              users: "SELECT customer_id FROM customers"
              entities:
                - name: lines
                  fetch: "SELECT l.* FROM order_details l, orders o WHERE o.order_id = l.order_id AND o.cust = $1"
                  map: { order_id: row.order_id, product_id: row.product_id }
                  upsert: "INSERT INTO order_line (order_id, product_id) VALUES (:order_id, :product_id)"
            USER_KEY""";

    private static String plan(String userKey) {
        return PLAN.replace("USER_KEY", userKey);
    }

    private static List<UserKey> read(String userKey) {
        return ConfigLoader.parseMigrationPlan("plan.yaml", plan(userKey), Map.of()).orElseThrow().entities().get(0)
                .userKeys();
    }

    private static List<String> errors(String userKey) {
        LoadResult<MigrationPlan> result = ConfigLoader.parseMigrationPlan("plan.yaml", plan(userKey), Map.of());
        assertThat(result).isInstanceOf(LoadResult.Invalid.class);
        return ((LoadResult.Invalid<MigrationPlan>) result).errors().stream().map(ConfigError::toString).toList();
    }

    @Test
    void none_isEmpty_soTheSyncDerivesItFromTheFetch() {
        assertThat(read("")).isEmpty();
    }

    @Test
    void aColumn_isOfTheFetchsOwnTable() {
        List<UserKey> keys = read("      userKey: Cust");

        assertThat(keys).containsExactly(new UserKey(null, "cust", null));
        assertThat(keys.get(0).qualifiedTable("SELECT * FROM Sales.Lines WHERE x = $1")).contains("sales.lines");
        assertThat(keys.get(0).path()).isEqualTo("userKey");
    }

    @Test
    void aMapping_namesEachTable_withAColumnOrAQuery() {
        List<UserKey> keys = read("""
                      userKey:
                        order_details: "SELECT cust FROM orders WHERE order_id = :order_id"
                        sales.orders: cust
                """);

        assertThat(keys).containsExactly(
                new UserKey("order_details", null, "SELECT cust FROM orders WHERE order_id = :order_id"),
                new UserKey("sales.orders", "cust", null));
        assertThat(keys.get(0).path()).isEqualTo("userKey.order_details");
        assertThat(keys.get(0).qualifiedTable("ignored")).contains("public.order_details");
    }

    @Test
    void neitherAColumnNorASelect_isAnErrorAtItsLine() {
        assertThat(errors("      userKey: \"customer id\"")).singleElement().asString()
                .startsWith("plan.yaml:10:16: migration.entities[0].userKey: 'customer id' is neither a column nor"
                        + " a SELECT");
        assertThat(errors("      userKey:\n        orders: \"DELETE FROM orders\"")).singleElement().asString()
                .startsWith("plan.yaml:11:17: migration.entities[0].userKey.orders: 'DELETE FROM orders' is"
                        + " neither");
    }

    @Test
    void aBadTableName_orTheUserKeyParameter_isAnError() {
        assertThat(errors("      userKey:\n        \"order details\": cust")).singleElement().asString()
                .contains("migration.entities[0].userKey.order details: 'order details' is not a table name");
        assertThat(errors("      userKey:\n        orders: \"SELECT cust FROM orders WHERE cust = $1\""))
                .singleElement().asString().contains("userKey.orders: $1: the query reads the changed row's columns"
                        + " as :name");
    }
}
