package dev.strangler.migrator.engine;

import dev.strangler.migrator.state.UserStates;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Step 5 of SPEC §4.2: after the commit, the plan's {@code cleaned} statement marks the user as migrated in legacy.
 * The state database says the mark is owed from the commit on, so a failure here (or a crash just before) leaves a
 * user who is migrated and owed a mark; {@link #repair()} writes the owed marks, and the engine runs it
 * periodically until none is left. When it was written shows in {@code strangler.ledger_cleaned}.
 */
final class CleanedMarker {

    private static final Logger LOG = Logger.getLogger(CleanedMarker.class.getName());
    private static final int REPAIR_BATCH = 100;

    private final Pool legacy;
    private final String cleaned;
    private final StatementTypes legacyTypes;
    private final UserStates states;
    private final Clock clock;
    private final AtomicBoolean repairing = new AtomicBoolean();

    CleanedMarker(Pool legacy, String cleaned, StatementTypes legacyTypes, UserStates states, Clock clock) {
        this.legacy = legacy;
        this.cleaned = cleaned;
        this.legacyTypes = legacyTypes;
        this.states = states;
        this.clock = clock;
    }

    /** Writes the user's mark in legacy and records it; completes with whether it was written. Never fails. */
    Future<Boolean> mark(String userKey) {
        Future<Void> marked = cleaned == null || cleaned.isBlank() ? Future.succeededFuture()
                : legacyTypes.key(cleaned, null, userKey)
                        .compose(key -> legacy.preparedQuery(cleaned).execute(key)).mapEmpty();
        return marked.transform(done -> done.succeeded()
                        ? states.cleanedDone(userKey, clock.instant()).map(true)
                        : states.cleanedFailed(userKey, MigrationAttempt.describe(done.cause())).map(false))
                .recover(error -> {
                    LOG.log(Level.WARNING, "cleaned mark of " + userKey + " not recorded: "
                            + MigrationAttempt.describe(error));
                    return Future.succeededFuture(false);
                });
    }

    /**
     * Writes every owed mark (up to a batch); completes with how many were written. A run that starts while another
     * is under way does nothing.
     */
    Future<Integer> repair() {
        if (!repairing.compareAndSet(false, true)) {
            return Future.succeededFuture(0);
        }
        return states.cleanedPending(REPAIR_BATCH)
                .compose(keys -> markEach(keys, 0, 0))
                .recover(error -> {
                    LOG.log(Level.WARNING, "cleaned-mark repair failed: " + MigrationAttempt.describe(error));
                    return Future.succeededFuture(0);
                })
                .onComplete(done -> repairing.set(false));
    }

    private Future<Integer> markEach(List<String> keys, int index, int written) {
        if (index == keys.size()) {
            return Future.succeededFuture(written);
        }
        return mark(keys.get(index)).compose(ok -> markEach(keys, index + 1, ok ? written + 1 : written));
    }
}
