package dev.strangler.demo.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.config.file.ConfigLoader;
import dev.strangler.config.DatabaseUrl;
import dev.strangler.config.MigrationPlan;
import dev.strangler.demo.generator.DefectRates;
import dev.strangler.demo.generator.MessyDataGenerator;
import dev.strangler.demo.legacy.NorthwindDatabase;
import dev.strangler.migrator.Migrator;
import dev.strangler.migrator.Migrator.DraftRequest;
import dev.strangler.migrator.Migrator.PlanDraft;
import dev.strangler.migrator.MigratorSettings;
import dev.strangler.migrator.PlanChecks.PlanCheck;
import dev.strangler.migrator.PlanChecks.SampleReport;
import dev.strangler.testkit.Postgres;
import dev.strangler.testkit.PostgresExtension;
import dev.strangler.testkit.TestDatabase;
import io.vertx.core.Vertx;
import java.sql.Connection;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 15: {@code strangler plan init} drafts a plan from the legacy catalogue that passes {@code check} and
 * {@code check --sample 100} as written, on Northwind and on a generated database, each migrating into a modern
 * database with the same tables and the reference data loaded.
 */
@ExtendWith(PostgresExtension.class)
class PlanInitTest {

    private Vertx vertx;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
    }

    @AfterEach
    void stop() {
        vertx.close().await();
    }

    @Test
    void northwindDraft_followsForeignKeysAndPassesCheckAndSample(@Postgres("nw_legacy") TestDatabase legacy,
                                                                  @Postgres("nw_modern") TestDatabase modern)
            throws Exception {
        try (Connection connection = legacy.connect()) {
            NorthwindDatabase.load(connection);
        }
        try (Connection connection = modern.connect()) {
            NorthwindDatabase.load(connection);
        }
        modern.execute("TRUNCATE customers, customer_customer_demo, orders, order_details");

        PlanDraft draft = PlanDraft.draft(vertx, new DraftRequest(DatabaseUrl.parse(legacy.uri()), "customers", null,
                DatabaseUrl.parse(modern.uri()), DraftRequest.DEFAULT_DEPTH)).await();

        assertThat(names(draft)).containsExactly("customers", "customer_customer_demo", "orders", "order_details");
        assertThat(draft.yaml())
                .contains("users: \"SELECT customer_id FROM customers ORDER BY customer_id\"")
                .contains("JOIN orders t1 ON t0.order_id = t1.order_id\n        WHERE t1.customer_id = $1")
                .contains("ON CONFLICT (order_id, product_id) DO UPDATE SET unit_price = EXCLUDED.unit_price")
                .contains("#   orders.employee_id -> employees").contains("#   orders.ship_via -> shippers")
                .contains("#   order_details.product_id -> products")
                .contains("  cleaned: \"UPDATE customers SET migrated_at = now() WHERE customer_id = $1\"")
                .contains("        # migrated_at: the cleaned mark, Strangler's own; not migrated.")
                .doesNotContain("migrated_at = EXCLUDED").doesNotContain("ALTER TABLE");
        assertThat(draft.yaml().lines()).allSatisfy(line -> assertThat(line.length()).as(line).isLessThan(120));
        passesCheckAndSample(draft, legacy, modern, 91);
    }

    @Test
    void generatedDraft_namesTheUnlinkedOrdersAndPassesCheckAndSample(@Postgres("gen_legacy") TestDatabase legacy,
                                                                      @Postgres("gen_modern") TestDatabase modern)
            throws Exception {
        new MessyDataGenerator(legacy::connect, Clock.systemUTC()).generate(500, 7, DefectRates.uniform(0.05),
                done -> { });
        new MessyDataGenerator(modern::connect, Clock.systemUTC()).generate(0, 7, DefectRates.uniform(0.05),
                done -> { });

        PlanDraft draft = PlanDraft.draft(vertx, new DraftRequest(DatabaseUrl.parse(legacy.uri()), "customers",
                "customer_id", null, DraftRequest.DEFAULT_DEPTH)).await();

        assertThat(names(draft)).containsExactly("customers", "customer_customer_demo");
        assertThat(draft.yaml()).contains("no foreign key to customers").contains("#   orders.customer_id")
                .contains("No --modern database was given");
        passesCheckAndSample(draft, legacy, modern, 500);
    }

    @Test
    void rootWithoutMark_printsTheAlterTableAndLeavesCleanedCommented(@Postgres("bare") TestDatabase legacy) {
        legacy.execute("""
                CREATE TABLE account (id bigint PRIMARY KEY, "Display Name" text NOT NULL, "order" integer);
                CREATE TABLE note (id serial PRIMARY KEY, account_id bigint REFERENCES account, body text);
                """);

        PlanDraft draft = PlanDraft.draft(vertx, new DraftRequest(DatabaseUrl.parse(legacy.uri()), "account", null,
                null, 1)).await();

        assertThat(draft.notes()).anySatisfy(note -> assertThat(note)
                .contains("ALTER TABLE account ADD COLUMN migrated_at timestamptz;"));
        assertThat(draft.yaml()).contains("  # cleaned: ").contains("  # uncleaned: ")
                .contains("SELECT t0.id, t0.\"Display Name\", t0.\"order\"")
                .contains("Display_Name: 'row[\"Display Name\"]'");
        assertThat(legacy.count("SELECT count(*) FROM information_schema.columns WHERE column_name = 'migrated_at'"))
                .isZero();
        MigrationPlan plan = load(draft, legacy, legacy);
        assertThat(plan.cleaned()).isNull();
        assertThat(plan.entities()).extracting(e -> e.name()).containsExactly("account", "note");
    }

    private void passesCheckAndSample(PlanDraft draft, TestDatabase legacy, TestDatabase modern, long users) {
        MigrationPlan plan = load(draft, legacy, modern);
        Migrator migrator = Migrator.start(vertx, plan, MigratorSettings.defaults(plan)).await();
        try {
            PlanCheck check = migrator.reports().check().await();
            assertThat(check.problems()).as(draft.yaml()).isEmpty();
            assertThat(check.unreachable()).isEmpty();

            SampleReport sample = migrator.reports().sample(100).await();

            assertThat(sample.legacyUsers()).isEqualTo(users);
            assertThat(sample.sampled()).isEqualTo(Math.min(100, users));
            assertThat(sample.unfit()).as(draft.yaml()).isEmpty();
            assertThat(sample.errors()).isEmpty();
            assertThat(sample.passed()).isTrue();
        } finally {
            migrator.close();
        }
        assertThat(modern.count("SELECT count(*) FROM customers")).isZero();
    }

    private static MigrationPlan load(PlanDraft draft, TestDatabase legacy, TestDatabase modern) {
        return ConfigLoader.parseMigrationPlan("draft.yaml", draft.yaml(),
                Map.of("LEGACY_URL", legacy.uri(), "MODERN_URL", modern.uri())).orElseThrow();
    }

    private static List<String> names(PlanDraft draft) {
        return draft.yaml().lines().filter(line -> line.startsWith("    - name: "))
                .map(line -> line.substring("    - name: ".length())).toList();
    }
}
