package dev.strangler.migrator.draft;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.config.DatabaseUrl;
import dev.strangler.config.MigrationPlan;
import dev.strangler.config.file.ConfigLoader;
import dev.strangler.migrator.Migrator;
import dev.strangler.migrator.Migrator.DraftRequest;
import dev.strangler.migrator.Migrator.PlanDraft;
import dev.strangler.migrator.MigratorSettings;
import dev.strangler.migrator.PlanChecks.PlanCheck;
import dev.strangler.migrator.PlanChecks.SampleReport;
import dev.strangler.testkit.MariaDb;
import dev.strangler.testkit.MariaDbDatabase;
import dev.strangler.testkit.MariaDbExtension;
import dev.strangler.testkit.Postgres;
import dev.strangler.testkit.PostgresExtension;
import dev.strangler.testkit.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.mysqlclient.MySQLConnection;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 15: {@code strangler plan init} on a MariaDB legacy reads its {@code information_schema} (composite foreign
 * keys in key order included) and drafts a plan in MySQL's dialect (native {@code ?}, backticks where a name needs
 * them, a {@code DATETIME(6)} mark) that passes {@code check} and {@code check --sample 100} against the MariaDB and
 * a real PostgreSQL modern database as written.
 */
@ExtendWith({MariaDbExtension.class, PostgresExtension.class})
class MySqlPlanInitTest {

    /** A table two foreign keys away from orders, by a composite key written in an order of its own. */
    private static final String NOTES = """
            ALTER TABLE order_details ADD KEY by_product (product_id, order_id);
            CREATE TABLE order_detail_notes (
                product_id SMALLINT NOT NULL, order_id SMALLINT NOT NULL, seq INT NOT NULL,
                `key` VARCHAR(20) NOT NULL,
                PRIMARY KEY (order_id, product_id, seq),
                FOREIGN KEY (product_id, order_id) REFERENCES order_details (product_id, order_id)
            ) ENGINE = InnoDB;
            INSERT INTO order_detail_notes VALUES (28, 10643, 1, 'fragile'), (28, 10643, 2, 'gift'),
                (69, 10308, 1, 'late');
            """;

    private static final String MODERN = """
            CREATE TABLE customers (customer_id varchar(5) PRIMARY KEY, company_name varchar(40) NOT NULL,
                contact_name varchar(30), country varchar(15), customer_since varchar(10));
            CREATE TABLE orders (order_id smallint PRIMARY KEY, customer_id varchar(5) NOT NULL REFERENCES customers,
                order_date date, freight numeric(10, 2), ship_country varchar(15));
            CREATE TABLE order_details (order_id smallint NOT NULL REFERENCES orders, product_id smallint NOT NULL,
                unit_price real NOT NULL, quantity smallint NOT NULL, PRIMARY KEY (order_id, product_id));
            CREATE TABLE order_detail_notes (order_id smallint NOT NULL, product_id smallint NOT NULL,
                seq integer NOT NULL, key varchar(20) NOT NULL, PRIMARY KEY (order_id, product_id, seq),
                FOREIGN KEY (order_id, product_id) REFERENCES order_details);
            """;

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
    void catalogue_readsCompositeForeignKeysInKeyOrder(@MariaDb("catalogue") MariaDbDatabase legacy)
            throws Exception {
        legacy.execute(resource("northwind/legacy-mysql.sql"));
        legacy.execute(NOTES);
        MySQLConnection connection = MySQLConnection.connect(vertx, legacy.uri()).await();
        List<CatalogueTable> tables;
        try {
            tables = new MySqlCatalogue(connection).tables().await();
        } finally {
            connection.close().await();
        }

        assertThat(tables).extracting(CatalogueTable::name).containsExactlyInAnyOrder("big_users", "customers",
                "invoices", "order_detail_notes", "order_details", "orders");
        CatalogueTable notes = table(tables, "order_detail_notes");
        assertThat(notes.primaryKey()).containsExactly("order_id", "product_id", "seq");
        assertThat(notes.foreignKeys()).containsExactly(new CatalogueTable.ForeignKey(
                List.of("product_id", "order_id"), "order_details", List.of("product_id", "order_id")));
        assertThat(notes.columns()).extracting(CatalogueTable.Column::name)
                .containsExactly("product_id", "order_id", "seq", "key");
        assertThat(table(tables, "orders").column("freight").orElseThrow())
                .isEqualTo(new CatalogueTable.Column("freight", "decimal(10,2)", true, true));
        assertThat(table(tables, "orders").column("customer_id").orElseThrow().nullable()).isFalse();
        assertThat(table(tables, "orders").foreignKeys()).containsExactly(new CatalogueTable.ForeignKey(
                List.of("customer_id"), "customers", List.of("customer_id")));
        assertThat(table(tables, "order_details").column("quantity").orElseThrow().hasDefault()).isFalse();
    }

    @Test
    void northwindDraft_isMySqlDialectAndPassesCheckAndSample(@MariaDb("nw") MariaDbDatabase legacy,
                                                              @Postgres("nw_modern") TestDatabase modern)
            throws Exception {
        legacy.execute(resource("northwind/legacy-mysql.sql"));
        legacy.execute(NOTES);
        modern.execute(MODERN);

        PlanDraft draft = PlanDraft.draft(vertx, new DraftRequest(DatabaseUrl.parse(legacy.uri()), "customers", null,
                DatabaseUrl.parse(modern.uri()), DraftRequest.DEFAULT_DEPTH)).await();

        assertThat(draft.yaml().lines().filter(line -> line.startsWith("    - name: ")))
                .containsExactly("    - name: customers", "    - name: orders", "    - name: order_details",
                        "    - name: order_detail_notes");
        assertThat(draft.yaml())
                .contains("users: \"SELECT customer_id FROM customers ORDER BY customer_id\"")
                .contains("FROM orders t0\n        WHERE t0.customer_id = ?\n")
                .contains("SELECT t0.product_id, t0.order_id, t0.seq, t0.`key`\n"
                        + "        FROM order_detail_notes t0\n"
                        + "        JOIN order_details t1 ON t0.product_id = t1.product_id"
                        + " AND t0.order_id = t1.order_id\n"
                        + "        JOIN orders t2 ON t1.order_id = t2.order_id\n"
                        + "        WHERE t2.customer_id = ?\n")
                .contains("ON CONFLICT (order_id, product_id, seq) DO UPDATE SET key = EXCLUDED.key")
                .contains("  cleaned: \"UPDATE customers SET migrated_at = NOW(6) WHERE customer_id = ?\"")
                .contains("  uncleaned: \"UPDATE customers SET migrated_at = NULL WHERE customer_id = ?\"")
                .doesNotContain("$1").doesNotContain("ALTER TABLE");
        passesCheckAndSample(draft, legacy, modern, 12);
    }

    @Test
    void rootWithoutMark_printsAMySqlAlterTableThatMariaDbRuns(@MariaDb("bare") MariaDbDatabase legacy,
                                                               @Postgres("bare_modern") TestDatabase modern) {
        legacy.execute("""
                CREATE TABLE accounts (id INT PRIMARY KEY, `Display Name` VARCHAR(40) NOT NULL) ENGINE = InnoDB;
                INSERT INTO accounts VALUES (1, 'One'), (2, 'Two');
                """);
        modern.execute("CREATE TABLE accounts (id integer PRIMARY KEY, \"Display Name\" text NOT NULL)");
        DraftRequest request = new DraftRequest(DatabaseUrl.parse(legacy.uri()), "accounts", null,
                DatabaseUrl.parse(modern.uri()), 1);

        PlanDraft draft = PlanDraft.draft(vertx, request).await();

        String alter = "ALTER TABLE accounts ADD COLUMN migrated_at DATETIME(6) NULL";
        assertThat(draft.notes()).anySatisfy(note -> assertThat(note).endsWith(alter + ";"));
        assertThat(draft.yaml()).contains("  #   " + alter + ";")
                .contains("SELECT t0.id, t0.`Display Name`")
                .contains("INSERT INTO accounts (id, \"Display Name\")")
                .contains("  # cleaned: \"UPDATE accounts SET migrated_at = NOW(6) WHERE id = ?\"");

        legacy.execute(alter);
        PlanDraft marked = PlanDraft.draft(vertx, request).await();

        assertThat(marked.yaml()).contains("  cleaned: \"UPDATE accounts SET migrated_at = NOW(6) WHERE id = ?\"");
        passesCheckAndSample(marked, legacy, modern, 2);
    }

    private void passesCheckAndSample(PlanDraft draft, MariaDbDatabase legacy, TestDatabase modern, long users) {
        MigrationPlan plan = ConfigLoader.parseMigrationPlan("draft.yaml", draft.yaml(),
                Map.of("LEGACY_URL", legacy.uri(), "MODERN_URL", modern.uri())).orElseThrow();
        Migrator migrator = Migrator.start(vertx, plan, MigratorSettings.defaults(plan)).await();
        try {
            PlanCheck check = migrator.reports().check().await();
            assertThat(check.problems()).as(draft.yaml()).isEmpty();
            assertThat(check.unreachable()).isEmpty();

            SampleReport sample = migrator.reports().sample(100).await();

            assertThat(sample.legacyUsers()).isEqualTo(users);
            assertThat(sample.sampled()).isEqualTo(users);
            assertThat(sample.unfit()).as(draft.yaml()).isEmpty();
            assertThat(sample.errors()).isEmpty();
            assertThat(sample.passed()).isTrue();
        } finally {
            migrator.close();
        }
    }

    private static CatalogueTable table(List<CatalogueTable> tables, String name) {
        return tables.stream().filter(table -> table.name().equals(name)).findFirst().orElseThrow();
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = MySqlPlanInitTest.class.getClassLoader().getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
