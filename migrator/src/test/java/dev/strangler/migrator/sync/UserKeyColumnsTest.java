package dev.strangler.migrator.sync;

import static org.assertj.core.api.Assertions.assertThat;

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

        assertThat(keys.legacyTables()).containsExactly("public.customers", "public.orders");
        assertThat(keys.modernTables()).containsExactly("public.customer", "public.customer_order",
                "strangler.ledger");
        assertThat(keys.uncaptured()).singleElement().asString().contains("order_lines");
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
}
