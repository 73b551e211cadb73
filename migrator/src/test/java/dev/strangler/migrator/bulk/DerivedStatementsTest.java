package dev.strangler.migrator.bulk;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The statements the set-based load path derives from a plan, and the text form of bound values. */
class DerivedStatementsTest {

    @Test
    void batchFetch_castsTheKeyToTheDeclaredTypeAndKeepsQuotedDollarsAlone() {
        String derived = BatchFetch.derive("SELECT *, '$1' AS note FROM orders WHERE customer_id = $1"
                + " AND fault_delay($1) ORDER BY order_id;", "character");

        assertThat(derived).startsWith("SELECT k.strangler_key, f.* FROM unnest($1::text[]) WITH ORDINALITY")
                .contains("SELECT *, '$1' AS note FROM orders WHERE customer_id = CAST(k.strangler_key AS bpchar)"
                        + " AND fault_delay(CAST(k.strangler_key AS bpchar)) ORDER BY order_id) AS s")
                .endsWith("ORDER BY k.strangler_order, f.strangler_row");
        assertThat(BatchFetch.derive("SELECT * FROM t WHERE id = $1", null)).contains("CAST(k.strangler_key AS text)");
    }

    @Test
    void multiRowUpsert_turnsTheValuesTupleIntoASelectOverUnnest() {
        String upsert = "INSERT INTO customer (id, name, since) VALUES ($1, lower($2), CAST($3 AS text)::date)"
                + " ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name WHERE customer.name <> 'VALUES ($9)'";

        assertThat(BatchUpsert.multiRow(upsert, List.of("character varying", "text", "text"))).hasValue(
                "INSERT INTO customer (id, name, since) SELECT CAST(u.p1 AS character varying), lower(CAST(u.p2 AS"
                + " text)), CAST(CAST(u.p3 AS text) AS text)::date FROM unnest($1::text[], $2::text[], $3::text[])"
                + " AS u(p1, p2, p3) ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name"
                + " WHERE customer.name <> 'VALUES ($9)'");
    }

    @Test
    void multiRowUpsert_isNotDerivedFromOtherShapes() {
        assertThat(BatchUpsert.multiRow("INSERT INTO t (a) VALUES ($1), ($2)", List.of("text", "text"))).isEmpty();
        assertThat(BatchUpsert.multiRow("INSERT INTO t (a) VALUES ($1) ON CONFLICT (a) DO UPDATE SET b = $2",
                List.of("text", "text"))).isEmpty();
        assertThat(BatchUpsert.multiRow("UPDATE t SET a = $1", List.of("text"))).isEmpty();
    }

    @Test
    void boundValues_haveTheTextPostgresReadsBackToTheSameValue() {
        assertThat(BatchUpsert.text(new BigDecimal("1E+3"))).isEqualTo("1000");
        assertThat(BatchUpsert.text(32.380001068115234)).isEqualTo("32.380001068115234");
        assertThat(BatchUpsert.text(LocalDate.of(1996, 7, 4))).isEqualTo("1996-07-04");
        assertThat(BatchUpsert.text(new byte[] {1, (byte) 0xff})).isEqualTo("\\x01ff");
        assertThat(BatchUpsert.text(null)).isNull();
    }
}
