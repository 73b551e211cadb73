package dev.strangler.migrator.engine;

import static dev.strangler.migrator.engine.Northwind.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.config.file.ConfigLoader;
import dev.strangler.config.MigrationPlan;
import dev.strangler.migrator.MigratorSettings;
import dev.strangler.migrator.PlanChecks.SampleReport;
import dev.strangler.testkit.Postgres;
import dev.strangler.testkit.PostgresExtension;
import dev.strangler.testkit.TestDatabase;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 15: {@code strangler check --sample N} runs real users through the plan and a rolled-back modern load,
 * reporting broken rules by field and values the modern schema refuses (a name longer than its varchar(24), a null
 * in a NOT NULL column) with example keys, and writes nothing.
 */
@ExtendWith(PostgresExtension.class)
class SampleRunTest {

    @Test
    void sample_reportsRulesAndValuesModernRefuses_writingNothing(@Postgres("legacy") TestDatabase legacy,
                                                                  @Postgres("modern") TestDatabase modern)
            throws Exception {
        legacy.execute("""
                CREATE TABLE shop_customer (id integer PRIMARY KEY, name varchar(40) NOT NULL, since date);
                CREATE TABLE shop_order (id integer PRIMARY KEY, customer_id integer, total numeric(10,2),
                                         weight real, note varchar(80));
                INSERT INTO shop_customer SELECT n, 'Customer ' || n, NULL FROM generate_series(1, 40) n;
                UPDATE shop_customer SET name = 'A name much longer than the modern 24' WHERE id IN (7, 23);
                UPDATE shop_customer SET name = '' WHERE id = 31;
                INSERT INTO shop_order SELECT n, n, 19.99, 1.5, NULL FROM generate_series(1, 40) n;
                """);
        modern.execute("""
                CREATE TABLE customer (id bigint PRIMARY KEY, name varchar(24) NOT NULL, since date);
                CREATE TABLE purchase (id bigint PRIMARY KEY, customer_id bigint, total_cents bigint,
                                       weight double precision, placed date);
                """);
        MigrationPlan plan = ConfigLoader.parseMigrationPlan("plan.yaml",
                TypedCheckTest.plan("total_cents: row.total * 100", "weight: row.weight", ""),
                Map.of("LEGACY_URL", legacy.uri(), "MODERN_URL", modern.uri())).orElseThrow();
        Vertx vertx = Vertx.vertx();
        Migrator migrator = Northwind.start(vertx, plan, MigratorSettings.defaults(plan).withExtensions(List.of()));
        try {
            SampleReport report = await(migrator.reports().sample(40));

            assertThat(report.legacyUsers()).isEqualTo(40);
            assertThat(report.sampled()).isEqualTo(40);
            assertThat(report.wouldMigrate()).isEqualTo(37);
            assertThat(report.rules()).singleElement().satisfies(finding -> {
                assertThat(finding.entity()).isEqualTo("customer");
                assertThat(finding.message()).isEqualTo("name is empty");
                assertThat(finding.examples()).containsExactly("31");
            });
            assertThat(report.unfit()).singleElement().satisfies(finding -> {
                assertThat(finding.entity()).isEqualTo("customer");
                assertThat(finding.field()).isEqualTo("name");
                assertThat(finding.message()).contains("character varying(24)").contains("37 characters");
                assertThat(finding.examples()).containsExactlyInAnyOrder("7", "23");
            });
            assertThat(modern.count("SELECT count(*) FROM customer") + modern.count("SELECT count(*) FROM purchase"))
                    .isZero();
        } finally {
            migrator.close();
            await(vertx.close());
        }
    }

    @Test
    void sample_nullInNotNullAndNumberBeyondPrecision_areExplainedByField(@Postgres("legacy2") TestDatabase legacy,
                                                                         @Postgres("modern2") TestDatabase modern)
            throws Exception {
        legacy.execute("""
                CREATE TABLE shop_customer (id integer PRIMARY KEY, name varchar(40) NOT NULL, since date);
                CREATE TABLE shop_order (id integer PRIMARY KEY, customer_id integer, total numeric(10,2),
                                         weight real, note varchar(80));
                INSERT INTO shop_customer SELECT n, 'Customer ' || n, DATE '2020-01-01' FROM generate_series(1, 6) n;
                UPDATE shop_customer SET since = NULL WHERE id = 2;
                INSERT INTO shop_order SELECT n, n, 19.99, 1.5, NULL FROM generate_series(1, 6) n;
                UPDATE shop_order SET total = 99999999.99 WHERE id = 5;
                """);
        modern.execute("""
                CREATE TABLE customer (id bigint PRIMARY KEY, name varchar(24) NOT NULL, since date NOT NULL);
                CREATE TABLE purchase (id bigint PRIMARY KEY, customer_id bigint, total_cents numeric(8,0),
                                       weight double precision, placed date);
                """);
        MigrationPlan plan = ConfigLoader.parseMigrationPlan("plan.yaml",
                TypedCheckTest.plan("total_cents: row.total * 100", "weight: row.weight", ""),
                Map.of("LEGACY_URL", legacy.uri(), "MODERN_URL", modern.uri())).orElseThrow();
        Vertx vertx = Vertx.vertx();
        Migrator migrator = Northwind.start(vertx, plan, MigratorSettings.defaults(plan).withExtensions(List.of()));
        try {
            SampleReport report = await(migrator.reports().sample(6));

            assertThat(report.wouldMigrate()).isEqualTo(4);
            assertThat(report.unfit()).hasSize(2);
            assertThat(report.unfit()).anySatisfy(finding -> {
                assertThat(finding.field()).isEqualTo("since");
                assertThat(finding.message()).isEqualTo("since -> since date: null in a NOT NULL column");
                assertThat(finding.examples()).containsExactly("2");
            });
            assertThat(report.unfit()).anySatisfy(finding -> {
                assertThat(finding.entity()).isEqualTo("orders");
                assertThat(finding.field()).isEqualTo("total_cents");
                assertThat(finding.message()).contains("numeric(8,0)").contains("more than 8 digits");
                assertThat(finding.examples()).containsExactly("5");
            });
        } finally {
            migrator.close();
            await(vertx.close());
        }
    }

    @Test
    void sample_fewerThanAskedAndSpread_picksEvenly() {
        List<String> keys = List.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "j");

        assertThat(dev.strangler.migrator.check.SampleTally.spread(keys, 5)).containsExactly("a", "c", "e", "g", "i");
        assertThat(dev.strangler.migrator.check.SampleTally.spread(keys, 20)).isEqualTo(keys);
    }
}
