package dev.strangler.proxy.cli;

import static dev.strangler.proxy.cli.CustomersPlan.CONFIG;
import static dev.strangler.proxy.cli.CustomersPlan.LEGACY;
import static dev.strangler.proxy.cli.CustomersPlan.MODERN;
import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.testkit.Postgres;
import dev.strangler.testkit.PostgresExtension;
import dev.strangler.testkit.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code strangler stage | retire | sync status | sync drop-slot} (issue 17) against real databases. The sync
 * itself runs in the migrator's ChangeSyncTest; here a current sync is its status row, as a running one writes it.
 */
@ExtendWith(PostgresExtension.class)
class CoexistenceCommandsTest {

    @TempDir
    Path dir;

    @Test
    void stagesMoveOneStepAtATime_andRetireRefusesWhileAnythingIsPending(@Postgres("legacy") TestDatabase legacy,
                                                                          @Postgres("modern") TestDatabase modern)
            throws Exception {
        legacy.execute(LEGACY);
        modern.execute(MODERN);
        Path file = dir.resolve("strangler.yaml");
        Files.writeString(file, CONFIG.replace("LEGACY_URI", legacy.uri()).replace("MODERN_URI", modern.uri()));
        String config = file.toString();

        CliRun shown = CliRun.of("stage", "show", "--config", config);
        assertThat(shown.status()).isZero();
        assertThat(shown.out()).containsPattern("vip\\s+migrating\\s+\\(default\\)");

        CliRun coexisting = CliRun.of("stage", "set", "vip", "coexisting", "--reason", "pilots happy", "--config",
                config);
        assertThat(coexisting.status()).as(coexisting.err()).isZero();
        CliRun skipping = CliRun.of("stage", "set", "vip", "legacy", "--config", config);
        assertThat(skipping.status()).isEqualTo(1);
        assertThat(skipping.err()).contains("coexisting -> legacy skips a stage");
        CliRun complete = CliRun.of("stage", "set", "vip", "complete", "--config", config);
        assertThat(complete.status()).isEqualTo(2);
        assertThat(complete.err()).contains("strangler retire --cohort vip");
        CliRun unknown = CliRun.of("stage", "set", "vip", "done", "--config", config);
        assertThat(unknown.status()).isEqualTo(2);
        assertThat(unknown.err()).contains("expected one of [legacy, migrating, coexisting, complete]");
        assertThat(modern.count("SELECT count(*) FROM strangler.cohort_stage_audit WHERE cohort = 'vip'"
                + " AND new_stage = 'coexisting' AND reason = 'pilots happy'")).isEqualTo(1);

        CliRun early = CliRun.of("retire", "--cohort", "vip", "--config", config);
        assertThat(early.status()).isEqualTo(1);
        assertThat(early.out()).contains("[x] stage is coexisting", "[ ] every member is migrated: 1 not (ALFKI)",
                "[ ] sync strangler is current: never ran", "cannot be retired yet");

        assertThat(CliRun.of("backfill", "--cohort", "vip", "--rate", "0", "--config", config).status()).isZero();
        CliRun noSync = CliRun.of("retire", "--cohort", "vip", "--config", config);
        assertThat(noSync.status()).isEqualTo(1);
        assertThat(noSync.out()).contains("[x] every member is migrated: 0 not", "[ ] sync strangler is current");

        modern.execute("INSERT INTO strangler.sync_status VALUES ('strangler', 'host:1', jsonb_build_object("
                + "'holder', 'host:1', 'updatedAt', to_char(now() AT TIME ZONE 'UTC',"
                + " 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), 'lagSeconds', jsonb_build_object('legacy_to_modern', 0.4)),"
                + " now())");
        CliRun retired = CliRun.of("retire", "--cohort", "vip", "--config", config);
        assertThat(retired.status()).as(retired.out() + retired.err()).isZero();
        assertThat(retired.out()).contains("cohort vip: complete");
        assertThat(CliRun.of("stage", "show", "--config", config).out()).containsPattern("vip\\s+complete");
        assertThat(CliRun.of("sync", "status", "--config", config).out()).contains("\"holder\" : \"host:1\"");
    }

    @Test
    void backfillSkipsACohortInStageLegacy_andRollbackRefusesACompleteCohort(
            @Postgres("legacy2") TestDatabase legacy, @Postgres("modern2") TestDatabase modern) throws Exception {
        legacy.execute(LEGACY);
        modern.execute(MODERN);
        Path file = dir.resolve("strangler.yaml");
        Files.writeString(file, CONFIG.replace("LEGACY_URI", legacy.uri()).replace("MODERN_URI", modern.uri()));
        String config = file.toString();
        assertThat(CliRun.of("stage", "set", "everyone", "legacy", "--config", config).status()).isZero();

        CliRun backfill = CliRun.of("backfill", "--rate", "0", "--config", config);

        assertThat(backfill.status()).as(backfill.err()).isZero();
        assertThat(modern.count("SELECT count(*) FROM customer")).isEqualTo(1);
        assertThat(modern.count("SELECT count(*) FROM customer WHERE id = 'ALFKI'")).isEqualTo(1);

        assertThat(CliRun.of("stage", "set", "vip", "coexisting", "--config", config).status()).isZero();
        modern.execute("INSERT INTO strangler.sync_status VALUES ('strangler', 'host:1', jsonb_build_object("
                + "'holder', 'host:1', 'updatedAt', to_char(now() AT TIME ZONE 'UTC',"
                + " 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')), now())");
        assertThat(CliRun.of("retire", "--cohort", "vip", "--config", config).status()).isZero();

        CliRun rollback = CliRun.of("rollback", "--user", "ALFKI", "--config", config);

        assertThat(rollback.status()).isEqualTo(1);
        assertThat(rollback.out()).contains("ALFKI: cohort vip is complete (legacy retired); not rolled back");
        assertThat(modern.count("SELECT count(*) FROM strangler.user_state WHERE user_key = 'ALFKI'"
                + " AND state = 'MIGRATED'")).isEqualTo(1);
    }

    @Test
    void dropSlot_withNoSlot_saysSo(@Postgres("legacy") TestDatabase legacy, @Postgres("modern") TestDatabase modern)
            throws Exception {
        Path file = dir.resolve("strangler.yaml");
        Files.writeString(file, CONFIG.replace("LEGACY_URI", legacy.uri()).replace("MODERN_URI", modern.uri()));

        CliRun dropped = CliRun.of("sync", "drop-slot", "--config", file.toString());

        assertThat(dropped.status()).as(dropped.err()).isZero();
        assertThat(dropped.out()).contains("sync strangler: no slot to drop");
    }

    @Test
    void sync_refusesALedgerWithoutFullSnapshots_namingFileLineAndKey(@Postgres("legacy") TestDatabase legacy,
                                                                      @Postgres("modern") TestDatabase modern)
            throws Exception {
        Path file = dir.resolve("strangler.yaml");
        String text = CONFIG.replace("LEGACY_URI", legacy.uri()).replace("MODERN_URI", modern.uri())
                .replace("  timeout: 5s\n", "  timeout: 5s\n  ledger: { snapshots: hash }\n");
        Files.writeString(file, text);
        int line = (int) text.substring(0, text.indexOf("  ledger:")).lines().count() + 1;

        CliRun sync = CliRun.of("sync", "--config", file.toString());

        assertThat(sync.status()).isEqualTo(2);
        assertThat(sync.err()).contains("strangler.yaml:" + line + ":", ": migration.ledger.snapshots: hash:"
                + " strangler sync needs full snapshots", "Expected: full");
    }

    @Test
    void sync_fromAnUnknownSourceOrABadAddress_isABadArgument(@Postgres("legacy") TestDatabase legacy,
                                                             @Postgres("modern") TestDatabase modern)
            throws Exception {
        Path file = dir.resolve("strangler.yaml");
        Files.writeString(file, CONFIG.replace("LEGACY_URI", legacy.uri()).replace("MODERN_URI", modern.uri()));

        CliRun kafka = CliRun.of("sync", "--from", "kafka", "--config", file.toString());
        CliRun noPort = CliRun.of("sync", "--from", "http", "--listen", "localhost", "--config", file.toString());

        assertThat(kafka.status()).isEqualTo(2);
        assertThat(kafka.err()).contains("--from kafka (expected: embedded or http)");
        assertThat(noPort.status()).isEqualTo(2);
        assertThat(noPort.err()).contains("--listen localhost (expected: HOST:PORT)");
    }
}
