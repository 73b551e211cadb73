package dev.strangler.migrator.verify;

import static dev.strangler.migrator.engine.Northwind.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.config.LedgerSnapshots;
import dev.strangler.config.MigrationPlan;
import dev.strangler.migrator.MigrationEngine;
import dev.strangler.migrator.MigrationEngine.Trigger;
import dev.strangler.migrator.Migrator;
import dev.strangler.migrator.MigratorSettings;
import dev.strangler.migrator.Verification.UserVerification;
import dev.strangler.migrator.engine.Northwind;
import dev.strangler.testkit.Postgres;
import dev.strangler.testkit.PostgresExtension;
import dev.strangler.testkit.TestDatabase;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Verify with each {@code ledger.snapshots} mode: clean when nothing changed, a change in legacy shows. */
@ExtendWith(PostgresExtension.class)
class VerifySnapshotModesTest {

    @Test
    void hash_recordsAHashPerEntity_andVerifyNotesALegacyChange(@Postgres("legacy") TestDatabase legacy,
                                                                @Postgres("modern") TestDatabase modern)
            throws Exception {
        List<Map<String, Object>> ledger = verifyWith(LedgerSnapshots.HASH, legacy, modern, true);
        assertThat((String) ledger.get(0).get("target")).matches("\\{\"orders\": \"sha256:[0-9a-f]{64}\".*");
    }

    @Test
    void source_recordsNoTarget_andVerifyStillFindsTheDifferenceInModern(@Postgres("legacy2") TestDatabase legacy,
                                                                         @Postgres("modern2") TestDatabase modern)
            throws Exception {
        List<Map<String, Object>> ledger = verifyWith(LedgerSnapshots.SOURCE, legacy, modern, false);
        assertThat(ledger.get(0).get("target")).isNull();
        assertThat((String) ledger.get(0).get("source")).contains("\"company_name\": \"Berglunds snabbkop\"");
    }

    /** Migrates BERGS with the mode, verifies it clean, changes it in legacy, verifies again; the ledger rows. */
    private static List<Map<String, Object>> verifyWith(LedgerSnapshots mode, TestDatabase legacy,
                                                        TestDatabase modern, boolean noted) throws Exception {
        Northwind.createSchemas(legacy, modern);
        Vertx vertx = Vertx.vertx();
        MigrationPlan plan = Northwind.plan(legacy, modern).withSnapshots(mode);
        Migrator migrator = Northwind.start(vertx, plan, MigratorSettings.defaults(plan).withExtensions(List.of()));
        try {
            assertThat(await(migrator.engine().ensureMigrated("BERGS", Trigger.REQUEST)))
                    .isInstanceOf(MigrationEngine.Outcome.Migrated.class);
            UserVerification clean = await(migrator.verification().verify("BERGS"));
            assertThat(clean.clean()).as(clean.toText()).isTrue();
            assertThat(clean.notes()).isEmpty();

            Northwind.run(legacy, "UPDATE customers SET contact_name = 'Changed' WHERE customer_id = 'BERGS'");
            UserVerification changed = await(migrator.verification().verify("BERGS"));

            assertThat(changed.clean()).isFalse();
            assertThat(changed.entities().get(0).differences()).containsExactly(
                    "customer BERGS: contact is \"Christina Berglund\" in modern, expected \"Changed\"");
            if (noted) {
                assertThat(changed.notes()).singleElement().asString()
                        .contains("differs from the ledger's target snapshot (customer)");
            } else {
                assertThat(changed.notes()).isEmpty();
            }
            return Northwind.rows(modern, "SELECT source_snapshot::text AS source, target_snapshot::text AS target"
                    + " FROM strangler.ledger WHERE user_key = 'BERGS'");
        } finally {
            migrator.close();
            await(vertx.close());
        }
    }
}
