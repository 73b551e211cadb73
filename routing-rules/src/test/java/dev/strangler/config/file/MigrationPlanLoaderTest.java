package dev.strangler.config.file;

import dev.strangler.config.EntityPlan;
import dev.strangler.config.DatabaseUrl;
import dev.strangler.config.ValidationRule;
import dev.strangler.config.Cardinality;
import dev.strangler.config.ConfigError;
import dev.strangler.config.LoadResult;
import dev.strangler.config.MigrationPlan;
import dev.strangler.config.LedgerSnapshots;
import dev.strangler.config.MigrationAdmission;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class MigrationPlanLoaderTest {

    private static final Map<String, String> NO_ENVIRONMENT = Map.of();

    private static Path resource(String name) throws Exception {
        return Path.of(MigrationPlanLoaderTest.class.getResource("/config/" + name).toURI());
    }

    private static List<String> errors(String yaml) {
        LoadResult<MigrationPlan> result = ConfigLoader.parseMigrationPlan("plan.yaml", yaml, NO_ENVIRONMENT);
        assertThat(result).isInstanceOf(LoadResult.Invalid.class);
        return ((LoadResult.Invalid<MigrationPlan>) result).errors().stream().map(ConfigError::toString).toList();
    }

    private static final String VALID = """
            migration:
              legacy: "postgresql://legacy:secret@db:5433/northwind?sslmode=disable"
              modern: "postgresql://modern@db/modern"
              users: "SELECT customer_id FROM customers"
              entities:
                - name: customer
                  fetch: "SELECT * FROM customers WHERE customer_id = $1"
                  map: { id: row.customer_id, name: row.company_name.trim() }
                  upsert: "INSERT INTO customer (id, name) VALUES (:id, :name)"
            """;

    @Test
    void admission_defaultsTo50PerSecondInBurstsOf100() {
        MigrationPlan plan = ConfigLoader.parseMigrationPlan("plan.yaml", VALID, NO_ENVIRONMENT).orElseThrow();

        assertThat(plan.admission()).isEqualTo(new MigrationAdmission(50, 100));
    }

    @Test
    void admission_isReadAndDoesNotChangeThePlanVersion() {
        MigrationPlan plain = ConfigLoader.parseMigrationPlan("plan.yaml", VALID, NO_ENVIRONMENT).orElseThrow();
        MigrationPlan limited = ConfigLoader.parseMigrationPlan("plan.yaml",
                VALID.replace("  users:", "  admission: { perSecond: 5, burst: 10 }\n  users:"), NO_ENVIRONMENT)
                .orElseThrow();

        assertThat(limited.admission()).isEqualTo(new MigrationAdmission(5, 10));
        assertThat(limited.version()).isEqualTo(plain.version());
    }

    @Test
    void admission_outOfRangeOrUnknownKey_isAnError() {
        assertThat(errors(VALID.replace("  users:", "  admission: { perSecond: 0, burst: 10 }\n  users:")))
                .containsExactly("plan.yaml:4:27: migration.admission.perSecond: 0 (expected: an integer in"
                        + " 1..100000)");
        assertThat(errors(VALID.replace("  users:", "  admission: { rate: 5 }\n  users:")))
                .singleElement().asString().contains("migration.admission.rate: unknown key");
    }

    @Test
    void markDelay_defaultsToHalfTheTimeout_isReadAndDoesNotChangeThePlanVersion() {
        MigrationPlan plain = ConfigLoader.parseMigrationPlan("plan.yaml", VALID, NO_ENVIRONMENT).orElseThrow();
        MigrationPlan delayed = ConfigLoader.parseMigrationPlan("plan.yaml",
                VALID.replace("  users:", "  timeout: 4s\n  markDelay: 1m30s\n  users:"), NO_ENVIRONMENT)
                .orElseThrow();
        MigrationPlan atOnce = ConfigLoader.parseMigrationPlan("plan.yaml",
                VALID.replace("  users:", "  markDelay: 0s\n  users:"), NO_ENVIRONMENT).orElseThrow();

        assertThat(plain.markDelay()).isEqualTo(plain.timeout().dividedBy(2));
        assertThat(delayed.markDelay()).isEqualTo(Duration.ofSeconds(90));
        assertThat(atOnce.markDelay()).isZero();
        assertThat(atOnce.version()).isEqualTo(plain.version());
    }

    @Test
    void markDelay_thatIsNotADuration_isAnErrorNamingFileLineAndKey() {
        assertThat(errors(VALID.replace("  users:", "  markDelay: soon\n  users:")))
                .containsExactly("plan.yaml:4:14: migration.markDelay: soon (expected: a duration such as 500ms, 2s,"
                        + " 10m, 1h)");
        assertThat(errors(VALID.replace("  users:", "  markDelay: -1s\n  users:")))
                .singleElement().asString().startsWith("plan.yaml:4:14: migration.markDelay: -1s (expected: a duration");
    }

    @Test
    void specExamplePlan_loads() throws Exception {
        MigrationPlan plan = ConfigLoader.loadMigrationPlan(resource("spec-migration-plan.yaml"), NO_ENVIRONMENT)
                .orElseThrow();
        assertThat(plan.legacy().host()).isEqualTo("127.0.0.1");
        assertThat(plan.legacy().port()).isEqualTo(5432);
        assertThat(plan.legacy().database()).isEqualTo("northwind");
        assertThat(plan.legacy().user()).isEqualTo("legacy");
        assertThat(plan.timeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(plan.retryAfter()).isEqualTo(Duration.ofMinutes(10));
        assertThat(plan.entities()).extracting(EntityPlan::name).containsExactly("customer", "orders");
        EntityPlan customer = plan.entities().get(0);
        assertThat(customer.cardinality()).isEqualTo(Cardinality.ONE);
        assertThat(customer.map()).containsOnlyKeys("id", "name", "country");
        assertThat(customer.validate()).singleElement()
                .satisfies(rule -> assertThat(rule.message()).isEqualTo("company name is empty"));
        assertThat(customer.map().get("name").evaluate(Map.of("company_name", " Alfreds ")))
                .isEqualTo("Alfreds");
        EntityPlan orders = plan.entities().get(1);
        assertThat(orders.cardinality()).isEqualTo(Cardinality.MANY);
        assertThat(orders.map().get("ordered_at").evaluate(Map.of("order_date", LocalDate.of(1996, 7, 4))))
                .isEqualTo(LocalDate.of(1996, 7, 4));
        assertThat(plan.rollback()).singleElement()
                .satisfies(step -> assertThat(step.apply()).contains(":name"));
        assertThat(plan.cleaned()).contains("migrated_at = now()");
        assertThat(plan.uncleaned()).contains("migrated_at = NULL");
        assertThat(plan.version()).matches("[0-9a-f]{64}");
    }

    /** The demo's plan itself, read from the repository: routing-rules cannot depend on the demo module. */
    private static final Path NORTHWIND_PLAN = Path.of("../demo/src/main/resources/northwind-plan.yaml");

    @Test
    void northwindPlan_loadsAndItsRulesCatchTheKnownDefects() throws Exception {
        MigrationPlan plan = ConfigLoader.loadMigrationPlan(NORTHWIND_PLAN, Map.of(
                "LEGACY_DB_URL", "postgresql://legacy@127.0.0.1:5432/northwind",
                "MODERN_DB_URL", "postgresql://modern@127.0.0.1:5432/modern")).orElseThrow();
        assertThat(plan.entities()).extracting(EntityPlan::name)
                .containsExactly("customer", "contact", "address", "orders", "order_lines");
        EntityPlan contact = plan.entities().get(1);
        java.util.Map<String, Object> linod = new java.util.HashMap<>(Map.of("customer_id", "LINOD",
                "contact_name", "Felipe Izquierdo", "phone", "(8) 34-56-12"));
        linod.put("fax", null);
        assertThat(contact.validate()).filteredOn(rule -> !rule.rule().test(linod))
                .extracting(ValidationRule::message)
                .containsExactly("phone has fewer than 8 digits (area code missing?)");
        assertThat(contact.map().get("fax").evaluate(linod)).isNull();
    }

    @Test
    void databaseUrl_isParsedAndNeverShowsItsPassword() {
        MigrationPlan plan = ConfigLoader.parseMigrationPlan("plan.yaml", VALID, NO_ENVIRONMENT).orElseThrow();
        assertThat(plan.legacy()).isEqualTo(new DatabaseUrl("db", 5433, "northwind", "legacy", "secret",
                Map.of("sslmode", "disable")));
        assertThat(plan.legacy().toString()).doesNotContain("secret");
        assertThat(plan.modern().port()).isEqualTo(5432);
        assertThat(plan.timeout()).isEqualTo(MigrationPlanReader.DEFAULT_TIMEOUT);
    }

    @Test
    void mysqlLegacy_isSelectedByEveryUrlFormAndDefaultsToPort3306() {
        for (String url : List.of("mysql://app:secret@db/shop", "mariadb://app:secret@db/shop",
                "jdbc:mysql://app:secret@db:3306/shop", "jdbc:mariadb://app:secret@db/shop")) {
            MigrationPlan plan = ConfigLoader.parseMigrationPlan("plan.yaml",
                    VALID.replace("postgresql://legacy:secret@db:5433/northwind?sslmode=disable", url),
                    NO_ENVIRONMENT).orElseThrow();
            assertThat(plan.legacy()).as(url).isEqualTo(new DatabaseUrl(DatabaseUrl.Kind.MYSQL, "db", 3306, "shop",
                    "app", "secret", Map.of()));
            assertThat(plan.legacy().toString()).isEqualTo("mysql://app:***@db:3306/shop");
        }
        assertThat(DatabaseUrl.parse("jdbc:postgresql://db/app").kind()).isEqualTo(DatabaseUrl.Kind.POSTGRESQL);
    }

    @Test
    void mysqlLegacy_writesTheUserKeyAsQuestionMarkOrDollarOne() {
        String mysql = VALID.replace("postgresql://legacy:secret@db:5433/northwind?sslmode=disable", "mysql://a@db/b");
        MigrationPlan plan = ConfigLoader.parseMigrationPlan("plan.yaml",
                mysql.replace("customer_id = $1", "customer_id = ?"), NO_ENVIRONMENT).orElseThrow();
        assertThat(plan.entities().get(0).fetch()).endsWith("customer_id = ?");
        assertThat(errors(VALID.replace("customer_id = $1", "customer_id = ?"))).containsExactly(
                "plan.yaml:7:14: migration.entities[0].fetch: does not use $1, the user key (it would apply to every"
                        + " user)");
        assertThat(errors(mysql.replace("customer_id = $1", "customer_id = 'x'"))).containsExactly(
                "plan.yaml:7:14: migration.entities[0].fetch: does not use ? or $1, the user key (it would apply to"
                        + " every user)");
    }

    @Test
    void mysqlModern_isRefusedAtItsLine() {
        assertThat(errors(VALID.replace("postgresql://modern@db/modern", "mysql://modern@db/modern")))
                .containsExactly("plan.yaml:3:11: migration.modern: mysql://modern@db:3306/modern (expected: a"
                        + " PostgreSQL URL; MySQL and MariaDB are supported as the legacy database only)");
    }

    @Test
    void version_ignoresFormattingAndDatabaseAddressesButNotStatements() {
        String reformatted = VALID.replace("map: { id: row.customer_id, name: row.company_name.trim() }",
                "map:\n        name: 'row.company_name.trim()'   # comment\n        id: row.customer_id")
                .replace("db:5433", "elsewhere:6000");
        String changed = VALID.replace("VALUES (:id, :name)", "VALUES (:id, :name) ON CONFLICT DO NOTHING");
        String version = ConfigLoader.parseMigrationPlan("a", VALID, NO_ENVIRONMENT).orElseThrow().version();
        assertThat(ConfigLoader.parseMigrationPlan("b", reformatted, NO_ENVIRONMENT).orElseThrow().version())
                .isEqualTo(version);
        assertThat(ConfigLoader.parseMigrationPlan("c", changed, NO_ENVIRONMENT).orElseThrow().version())
                .isNotEqualTo(version);
    }

    @Test
    void ledgerSnapshots_defaultToFullAndAreChosenByThePlanWithoutChangingItsVersion() {
        MigrationPlan full = ConfigLoader.parseMigrationPlan("a", VALID, NO_ENVIRONMENT).orElseThrow();
        String hashed = VALID.replace("  users:", "  ledger: { snapshots: hash }\n  users:");
        MigrationPlan hash = ConfigLoader.parseMigrationPlan("b", hashed, NO_ENVIRONMENT).orElseThrow();
        MigrationPlan source = ConfigLoader.parseMigrationPlan("c", hashed.replace("hash }", "Source }"),
                NO_ENVIRONMENT).orElseThrow();
        assertThat(full.snapshots()).isEqualTo(LedgerSnapshots.FULL);
        assertThat(hash.snapshots()).isEqualTo(LedgerSnapshots.HASH);
        assertThat(source.snapshots()).isEqualTo(LedgerSnapshots.SOURCE);
        assertThat(hash.version()).isEqualTo(full.version());
        assertThat(errors(VALID.replace("  users:", "  ledger: { keep: all }\n  users:")))
                .anyMatch(e -> e.contains("migration.ledger.keep") && e.contains("unknown key"));
    }

    @Test
    void environmentVariables_areSubstituted() {
        String yaml = VALID.replace("postgresql://modern@db/modern", "${MODERN_URL}")
                .replace("SELECT customer_id FROM customers", "${USERS_QUERY:-SELECT id FROM people}");
        MigrationPlan plan = ConfigLoader.parseMigrationPlan("plan.yaml", yaml,
                Map.of("MODERN_URL", "postgresql://m@modern-db:5432/app")).orElseThrow();
        assertThat(plan.modern().host()).isEqualTo("modern-db");
        assertThat(plan.users()).isEqualTo("SELECT id FROM people");
    }

    @Test
    void unsetVariable_isAnErrorAtItsValue() {
        assertThat(errors(VALID.replace("postgresql://modern@db/modern", "${MODERN_URL}")))
                .containsExactly("plan.yaml:3:11: migration.modern: environment variable MODERN_URL is not set"
                        + " (write ${MODERN_URL:-default} to give a default)");
    }

    @Test
    void everyErrorOfTheFile_isReportedAtOnce() {
        String yaml = VALID.replace("row.company_name.trim()", "row.company_name.trim(")
                .replace("VALUES (:id, :name)", "VALUES (:id, :nme)")
                .replace("  users:", "  timeout: soon\n  users:");
        assertThat(errors(yaml)).containsExactly(
                "plan.yaml:4:12: migration.timeout: soon (expected: a duration such as 500ms, 2s, 10m, 1h)",
                "plan.yaml:9:63: migration.entities[0].map.name: mismatched input '<EOF>' expecting {'[', '{', '(',"
                        + " ')', '.', '-', '!', 'true', 'false', 'null', NUM_FLOAT, NUM_INT, NUM_UINT, STRING, BYTES,"
                        + " IDENTIFIER} (in: row.company_name.trim()",
                "plan.yaml:10:61: migration.entities[0].upsert: :nme is not a field of map (expected one of: id, name)");
    }

    @Test
    void fileThatCannotBeRead_isAnError(@TempDir Path dir) {
        LoadResult<MigrationPlan> result = ConfigLoader.loadMigrationPlan(dir.resolve("absent.yaml"), NO_ENVIRONMENT);
        assertThat(result).isInstanceOfSatisfying(LoadResult.Invalid.class,
                invalid -> assertThat(invalid.toString()).startsWith("absent.yaml:1:1: cannot be read"));
    }

    @Test
    void loadFromFile_namesTheFileInErrors(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("northwind.yaml");
        Files.writeString(file, VALID.replace("  users:", "  color: blue\n  users:"));
        LoadResult<MigrationPlan> result = ConfigLoader.loadMigrationPlan(file, NO_ENVIRONMENT);
        assertThat(result.toString()).isEqualTo("northwind.yaml:4:3: migration.color: unknown key (expected one of:"
                + " admission, cleaned, entities, ledger, legacy, markDelay, modern, retryAfter, rollback, timeout,"
                + " uncleaned, users)");
    }
}
