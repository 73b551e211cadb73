package dev.strangler.migrator.engine;

import static dev.strangler.migrator.engine.Northwind.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.config.MigrationPlan;
import dev.strangler.migrator.MigratorSettings;
import dev.strangler.migrator.bulk.BatchFence;
import dev.strangler.migrator.state.Claim;
import dev.strangler.testkit.Postgres;
import dev.strangler.testkit.PostgresExtension;
import dev.strangler.testkit.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The batch's claim fence ({@code BatchFence.heldClaims}), one statement for the whole batch: it must keep exactly
 * the claims {@code UserStates.holdsClaim} keeps one at a time (same owner, same epoch, lease not expired) and lock
 * their rows for the rest of the transaction.
 */
@ExtendWith(PostgresExtension.class)
class BatchClaimFenceTest {

    @Test
    void heldClaims_keepsOnlyLiveClaimsOfTheSameOwnerAndEpoch_andLocksTheirRows(
            @Postgres("legacy") TestDatabase legacy, @Postgres("modern") TestDatabase modern) throws Exception {
        Northwind.createSchemas(legacy, modern);
        Vertx vertx = Vertx.vertx();
        MigrationPlan plan = Northwind.plan(legacy, modern);
        Migrator migrator = Northwind.start(vertx, plan, MigratorSettings.defaults(plan).withExtensions(List.of()));
        try {
            Northwind.run(modern, """
                    INSERT INTO strangler.user_state (user_key, state, updated_at, claimed_by, claim_epoch,
                        claim_expires_at) VALUES
                    ('HELD', 'PENDING', now(), 'w1', 3, now() + interval '1 hour'),
                    ('OTHER_OWNER', 'PENDING', now(), 'w2', 3, now() + interval '1 hour'),
                    ('NEWER_EPOCH', 'PENDING', now(), 'w1', 4, now() + interval '1 hour'),
                    ('EXPIRED', 'PENDING', now(), 'w1', 3, now() - interval '1 second'),
                    ('RELEASED', 'PENDING', now(), NULL, 3, NULL)""");
            List<Claim> claims = List.of(new Claim("HELD", "w1", 3), new Claim("OTHER_OWNER", "w1", 3),
                    new Claim("NEWER_EPOCH", "w1", 3), new Claim("EXPIRED", "w1", 3), new Claim("RELEASED", "w1", 3),
                    new Claim("NO_ROW", "w1", 3));
            Pool pool = migrator.batchParts().modern();

            List<String> lockedElsewhere = new ArrayList<>();
            Set<String> held = await(pool.withTransaction(connection -> BatchFence.heldClaims(connection, claims)
                    .compose(found -> pool.withConnection(other -> other.query("SELECT user_key FROM"
                                    + " strangler.user_state WHERE user_key IN ('HELD', 'OTHER_OWNER', 'EXPIRED')"
                                    + " ORDER BY user_key FOR UPDATE SKIP LOCKED").execute())
                            .map(rows -> {
                                rows.forEach(row -> lockedElsewhere.add(row.getString(0)));
                                return found;
                            }))));

            assertThat(held).containsExactly("HELD");
            assertThat(lockedElsewhere).as("rows another transaction could still lock while the batch's was open")
                    .containsExactly("EXPIRED", "OTHER_OWNER");
            Set<String> none = await(pool.withTransaction(connection -> BatchFence.heldClaims(connection,
                    List.of())));
            assertThat(none).isEmpty();
        } finally {
            migrator.close();
            await(vertx.close());
        }
    }
}
