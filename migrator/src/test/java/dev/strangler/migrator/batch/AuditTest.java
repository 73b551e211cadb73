package dev.strangler.migrator.batch;

import static dev.strangler.migrator.engine.Northwind.await;
import static dev.strangler.migrator.engine.Northwind.rows;
import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.config.MigrationPlan;
import dev.strangler.migrator.Migrator;
import dev.strangler.migrator.MigratorSettings;
import dev.strangler.migrator.Reports.AuditReport;
import dev.strangler.migrator.Reports.RuleCount;
import dev.strangler.migrator.engine.Northwind;
import dev.strangler.testkit.Postgres;
import dev.strangler.testkit.PostgresExtension;
import dev.strangler.testkit.TestDatabase;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class AuditTest {

    private static final String MODERN_COUNTS = """
            SELECT (SELECT count(*) FROM customer) AS customers, (SELECT count(*) FROM customer_order) AS orders,
                   (SELECT count(*) FROM order_line) AS lines, (SELECT count(*) FROM strangler.ledger) AS ledger,
                   (SELECT count(*) FROM strangler.user_state) AS states""";
    private static final String LEGACY_MARKS = "SELECT count(migrated_at) AS cleaned FROM customers";

    @Test
    void audit_countsViolationsByRuleWithExamples_andWritesNothing(@Postgres("legacy") TestDatabase legacy,
                                                                   @Postgres("modern") TestDatabase modern)
            throws Exception {
        Northwind.createSchemas(legacy, modern);
        Vertx vertx = Vertx.vertx();
        MigrationPlan plan = Northwind.plan(legacy, modern);
        Clock clock = Clock.fixed(Instant.parse("2026-01-05T10:00:00Z"), ZoneOffset.UTC);
        try (Migrator migrator = Northwind.start(vertx, plan,
                MigratorSettings.defaults(plan).withExtensions(List.of()))) {
            Map<String, Object> modernBefore = rows(modern, MODERN_COUNTS).get(0);
            Map<String, Object> legacyBefore = rows(legacy, LEGACY_MARKS).get(0);

            AuditReport report = await(migrator.reports().audit(3, progress -> { }, clock));

            assertThat(rows(modern, MODERN_COUNTS).get(0)).isEqualTo(modernBefore);
            assertThat(rows(legacy, LEGACY_MARKS).get(0)).isEqualTo(legacyBefore);
            assertThat(report.users()).isEqualTo(12);
            assertThat(report.wouldMigrate()).isEqualTo(9);
            assertThat(report.share()).isEqualTo(0.75);
            assertThat(report.errors()).isEmpty();
            assertThat(report.rules()).first().satisfies(rule -> {
                assertThat(rule.entity()).isEqualTo("customer");
                assertThat(rule.rule()).isEqualTo("row.country != null");
                assertThat(rule.users()).isEqualTo(3);
                assertThat(rule.examples()).containsExactlyInAnyOrder("BLANK", "NOCT2", "NOCTY");
            });
            assertThat(report.rules()).extracting(RuleCount::entity, RuleCount::users).contains(
                    org.assertj.core.groups.Tuple.tuple("orders", 1L),
                    org.assertj.core.groups.Tuple.tuple("order_lines", 1L));
            assertThat(report.toJson().getDouble("share")).isEqualTo(0.75);
            assertThat(report.toJson().getJsonArray("rules")).hasSize(4);
            assertThat(report.toHtml()).contains("75.0%").contains("row.country != null")
                    .contains("row.company_name.size() &gt; 0");
        } finally {
            await(vertx.close());
        }
    }
}
