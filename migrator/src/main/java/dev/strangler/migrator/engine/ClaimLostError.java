package dev.strangler.migrator.engine;

import dev.strangler.migrator.MigrationEngine;
import dev.strangler.migrator.state.Claim;
import dev.strangler.migrator.state.LockedUser;
import dev.strangler.migrator.state.UserStates;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;

/** Carries a lost claim's outcome out of the transaction it rolled back (a backfill worker's fence). */
final class ClaimLostError extends RuntimeException {

    private final MigrationEngine.Outcome.ClaimLost outcome;

    private ClaimLostError(MigrationEngine.Outcome.ClaimLost outcome) {
        super(outcome.detail(), null, false, false);
        this.outcome = outcome;
    }

    MigrationEngine.Outcome.ClaimLost outcome() {
        return outcome;
    }

    /** Passes the outcome on to commit if the claim (if any) still holds; else fails the transaction. */
    static Future<MigrationEngine.Outcome> fenced(UserStates states, SqlConnection connection, Claim claim, LockedUser user,
                                          MigrationEngine.Outcome outcome) {
        if (claim == null) {
            return Future.succeededFuture(outcome);
        }
        return states.holdsClaim(connection, claim).compose(held -> held ? Future.succeededFuture(outcome)
                : Future.failedFuture(new ClaimLostError(
                        new MigrationEngine.Outcome.ClaimLost(claim.userKey(), user.state(), claim.owner()))));
    }
}
