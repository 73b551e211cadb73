package dev.strangler.migrator.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Issue 12, window 11: the snapshot comparison of {@code strangler verify}, value by value. */
class SnapshotDriftTest {

    private final SnapshotDrift drift =
            SnapshotDrift.ignoringCleanedMark("UPDATE customers SET migrated_at = now() WHERE customer_id = $1");

    @ParameterizedTest(name = "{0} | {1} -> drifted {2}")
    @CsvSource(delimiter = '|', textBlock = """
            {"a": 1, "b": "x"}                          | {"b": "x", "a": 1}                           | false
            {"price": 45.6}                             | {"price": 45.60}                             | false
            {"price": 45.6}                             | {"price": 45.7}                              | true
            {"at": "1997-08-25T00:00"}                  | {"at": "1997-08-25 00:00:00"}                | false
            {"at": "1997-08-25T10:00:00Z"}              | {"at": "1997-08-25 12:00:00+02"}             | false
            {"at": "1997-08-25T10:00:00Z"}              | {"at": "1997-08-25T10:00:01Z"}               | true
            {"day": "1997-08-25"}                       | {"day": "1997-08-26"}                        | true
            {"rows": [{"id": 1}, {"id": 2}]}            | {"rows": [{"id": 2}, {"id": 1}]}             | false
            {"rows": [{"id": 1}, {"id": 2}]}            | {"rows": [{"id": 1}]}                        | true
            {"id": 1, "migrated_at": null}              | {"id": 1, "migrated_at": "2026-01-05T10:00"} | false
            {"id": 1, "name": "Alfreds"}                | {"id": 1, "name": "Alfreds "}                | true
            """)
    void drifted_comparesDataNotItsJson(String ledger, String now, boolean drifted) {
        assertThat(drift.drifted(new JsonObject(ledger), new JsonObject(now))).isEqualTo(drifted);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            45.6     | 45.6
            0.2      | 0.2
            1        | 1
            """)
    void aRealReadNow_equalsTheDoubleTheLedgerGivesBack(float now, double ledger) {
        JsonObject atMigration = new JsonObject().put("lines", new JsonArray().add(new JsonObject()
                .put("unit_price", ledger).put("quantity", 15)));
        JsonObject transformedNow = new JsonObject().put("lines", new JsonArray().add(new JsonObject()
                .put("quantity", (short) 15).put("unit_price", now)));

        assertThat(drift.drifted(atMigration, transformedNow)).isFalse();
        assertThat(drift.drifted(atMigration, new JsonObject().put("lines", new JsonArray().add(new JsonObject()
                .put("quantity", 15).put("unit_price", new BigDecimal("99.99")))))).isTrue();
    }

    /** Merge of issues 12 and 15: verify found a numeric(38,10) user drifted right after migrating them. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            1234567890123456789012345678.0123456789
            0.0000000001
            99999999.99
            20.00
            123456789012345678901234567890
            """)
    void anExactDecimalNow_equalsWhatTheLedgersJsonbGivesBack(BigDecimal now) {
        JsonObject atMigration = new JsonObject(new JsonObject().put("precise", now).encode());

        assertThat(drift.drifted(atMigration, new JsonObject().put("precise", now))).isFalse();
        assertThat(drift.drifted(atMigration, new JsonObject().put("precise", now.multiply(new BigDecimal("1.5"))))).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            UPDATE customers SET migrated_at = now() WHERE customer_id = $1                  | migrated_at
            update legacy.users set "Cleaned" = true, cleaned_on = coalesce(x, now()) where id = $1 | cleaned,cleaned_on
            UPDATE customers SET `migrated_at` = NOW(6) WHERE customer_id = ?                | migrated_at
            """)
    void cleanedColumns_areTheColumnsItsSetClauseAssigns(String cleaned, String columns) {
        assertThat(SnapshotDrift.cleanedColumns(cleaned)).containsExactlyInAnyOrder(columns.split(","));
    }
}
