package dev.strangler.proxy.cli;

import static dev.strangler.proxy.cli.CustomersPlan.CONFIG;
import static dev.strangler.proxy.cli.CustomersPlan.LEGACY;
import static dev.strangler.proxy.cli.CustomersPlan.MODERN;
import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.testkit.Postgres;
import dev.strangler.testkit.PostgresExtension;
import dev.strangler.testkit.TestDatabase;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code strangler backfill | verify | rollback} against real legacy and modern databases. */
@ExtendWith(PostgresExtension.class)
class FinishingCommandsTest {

    @TempDir
    Path dir;

    @Test
    void backfillVerifyRollback_fromTheCommandLine(@Postgres("legacy") TestDatabase legacy,
                                                   @Postgres("modern") TestDatabase modern) throws Exception {
        legacy.execute(LEGACY);
        modern.execute(MODERN);
        Path file = dir.resolve("strangler.yaml");
        Files.writeString(file, CONFIG.replace("LEGACY_URI", legacy.uri()).replace("MODERN_URI", modern.uri()));
        String config = file.toString();

        CliRun unknownCohort = CliRun.of("backfill", "--cohort", "nobody", "--config", config);
        CliRun vip = CliRun.of("backfill", "--cohort", "vip", "--rate", "0", "--config", config);
        assertThat(modern.count("SELECT count(*) FROM customer")).isEqualTo(1);
        CliRun rest = CliRun.of("backfill", "--rate", "50", "--config", config);
        CliRun clean = CliRun.of("verify", "--json", "--config", config);
        modern.execute("UPDATE customer SET name = 'Corrupted' WHERE id = 'ANATR'");
        CliRun different = CliRun.of("verify", "--config", config);
        modern.execute("UPDATE customer SET name = 'Ana Renamed In Modern' WHERE id = 'ANATR'");
        CliRun rollback = CliRun.of("rollback", "--user", "ANATR", "--config", config);
        CliRun notMigrated = CliRun.of("rollback", "--user", "BLANK", "--config", config);

        assertThat(unknownCohort.status()).isEqualTo(2);
        assertThat(unknownCohort.err()).contains("--cohort nobody: no such cohort (expected one of [vip, everyone])");
        assertThat(vip.status()).as(vip.err()).isZero();
        assertThat(vip.out()).contains("1 migrated, 0 invalid, 0 failed", "4 users seeded");
        assertThat(rest.status()).as(rest.err()).isZero();
        assertThat(rest.out()).contains("2 migrated, 1 invalid, 0 failed", "1 x row.company_name.size() > 0");
        assertThat(clean.status()).as(clean.out()).isZero();
        assertThat(new JsonObject(clean.out()).getInteger("users")).isEqualTo(3);
        assertThat(different.status()).isEqualTo(1);
        assertThat(different.out()).contains("ANATR: DIFFERENT", "name is \"Corrupted\" in modern, expected \"Ana\"")
                .endsWith("3 users verified, 1 with differences\n");
        assertThat(rollback.status()).as(rollback.out() + rollback.err()).isZero();
        assertThat(rollback.out()).contains("ANATR: rolled back: 1 rows written to legacy");
        assertThat(legacy.count("SELECT count(*) FROM customers WHERE customer_id = 'ANATR'"
                + " AND company_name = 'Ana Renamed In Modern' AND migrated_at IS NULL")).isEqualTo(1);
        assertThat(notMigrated.status()).isEqualTo(1);
        assertThat(notMigrated.out()).contains("BLANK: not migrated (state INVALID)");
    }

    @Test
    void ramp_fromTheCommandLine(@Postgres("ramp_legacy") TestDatabase legacy,
                                 @Postgres("ramp_modern") TestDatabase modern) throws Exception {
        legacy.execute(LEGACY);
        modern.execute(MODERN);
        Path file = dir.resolve("strangler.yaml");
        Files.writeString(file, CONFIG.replace("LEGACY_URI", legacy.uri()).replace("MODERN_URI", modern.uri())
                .replace("- { name: everyone, percent: 5 }",
                        "- { name: everyone, percent: 5, ramp: { steps: [1, 5, 25, 100], interval: 10m } }"));
        Path plan = dir.resolve("fast.yaml");
        Files.writeString(plan, "steps: [50, 100]\ninterval: 1m\nabort: rollback\n");
        String config = file.toString();

        CliRun started = CliRun.of("ramp", "start", "everyone", "--reason", "overnight", "--config", config);
        CliRun again = CliRun.of("ramp", "start", "everyone", "--config", config);
        CliRun paused = CliRun.of("ramp", "pause", "everyone", "--reason", "lunch", "--config", config);
        CliRun resumed = CliRun.of("ramp", "resume", "everyone", "--config", config);
        CliRun aborted = CliRun.of("ramp", "abort", "everyone", "--reason", "errors", "--config", config);
        CliRun status = CliRun.of("ramp", "status", "everyone", "--config", config);
        CliRun withPlan = CliRun.of("ramp", "start", "everyone", "--plan", plan.toString(), "--config", config);
        CliRun unknown = CliRun.of("ramp", "start", "nobody", "--config", config);
        CliRun noPlan = CliRun.of("ramp", "start", "vip", "--config", config);
        CliRun rollout = CliRun.of("rollout", "show", "--config", config);

        assertThat(started.status()).as(started.err()).isZero();
        assertThat(started.out()).contains("cohort everyone: ramp running at step 3/4 (25%)");
        assertThat(again.status()).isEqualTo(1);
        assertThat(again.err()).contains("has a ramp running or paused");
        assertThat(paused.out()).contains("ramp paused at step 3/4 (25%)", ": lunch");
        assertThat(resumed.out()).contains("ramp running at step 3/4");
        assertThat(aborted.out()).contains("ramp aborted at step 3/4 (0%)");
        assertThat(status.out()).contains("abort step 3 0% by cli:", "resume step 3 25%", "pause step 3 25%",
                "start step 3 25% by cli:");
        assertThat(withPlan.status()).as(withPlan.err()).isZero();
        assertThat(withPlan.out()).contains("ramp running at step 1/2 (50%)", "(rollback)");
        assertThat(unknown.status()).isEqualTo(2);
        assertThat(unknown.err()).contains("no cohort named nobody");
        assertThat(noPlan.status()).isEqualTo(1);
        assertThat(noPlan.err()).contains("cohort vip has no ramp plan in the configuration");
        assertThat(rollout.out()).containsPattern("everyone +5 +50 +50");
    }

}
