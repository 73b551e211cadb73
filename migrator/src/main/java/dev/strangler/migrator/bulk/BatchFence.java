package dev.strangler.migrator.bulk;

import dev.strangler.migrator.MigrationEngine;
import dev.strangler.migrator.MigratorSettings.InFlightRequests;
import dev.strangler.migrator.state.Claim;
import dev.strangler.rules.Upstream;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The per-user path's fences, applied to a batch (README "Routing and migration semantics"): each user's backfill
 * claim is checked in the batch's modern transaction (the check holds the claim's row until the commit), the user's
 * requests in flight to legacy on this instance are waited for before the batch reads legacy, and each migrated
 * user's cleaned mark goes through the engine's fenced marker (under the user's lock, only while {@code MIGRATED},
 * with the catch-up of what legacy changed since the read).
 *
 * @param claimed     migrates one claimed user through the engine, fenced by the claim (for users left out of a batch)
 * @param holdsClaim  whether the claim still holds, checked {@code FOR UPDATE} on the given transaction
 * @param requests    this instance's requests in flight, per user and upstream
 * @param drainBound  how long a batch waits for its users' legacy requests; those still busy go one by one
 * @param markCleaned writes one user's cleaned mark through the fenced path; never fails
 */
public record BatchFence(Function<Claim, Future<MigrationEngine.Outcome>> claimed,
                         BiFunction<SqlConnection, Claim, Future<Boolean>> holdsClaim,
                         InFlightRequests requests, Duration drainBound,
                         Function<String, Future<Boolean>> markCleaned) {

    /**
     * The users whose claim this transaction no longer finds, checked one after another in the batch's order (the
     * claims' rows are then locked in a fixed order). Users without a claim (a batch not run by a worker) are kept.
     */
    Future<Set<String>> lostClaims(SqlConnection modern, List<String> keys, Map<String, Claim> claims) {
        Set<String> lost = new HashSet<>();
        Future<Void> chain = Future.succeededFuture();
        for (String key : keys) {
            Claim claim = claims.get(key);
            if (claim != null) {
                chain = chain.compose(previous -> holdsClaim.apply(modern, claim).map(held -> {
                    if (!held) {
                        lost.add(key);
                    }
                    return null;
                }));
            }
        }
        return chain.map(done -> lost);
    }

    /** Waits (at most {@link #drainBound}) for the users' legacy requests in flight; completes with the busy ones. */
    Future<Set<String>> stillBusy(List<String> keys) {
        List<Future<Boolean>> waits = new ArrayList<>(keys.size());
        keys.forEach(key -> waits.add(requests.drained(key, Upstream.LEGACY, drainBound)));
        return Future.join(waits).transform(done -> {
            Set<String> busy = new HashSet<>();
            for (int i = 0; i < keys.size(); i++) {
                Future<Boolean> wait = waits.get(i);
                if (wait.failed() || !wait.result()) {
                    busy.add(keys.get(i));
                }
            }
            return Future.succeededFuture(busy);
        });
    }

    /** Writes the users' cleaned marks one after another through the fenced marker. Never fails. */
    Future<Void> markEach(List<String> keys) {
        Future<Void> chain = Future.succeededFuture();
        for (String key : keys) {
            chain = chain.compose(previous -> markCleaned.apply(key).<Void>mapEmpty().otherwiseEmpty());
        }
        return chain;
    }
}
