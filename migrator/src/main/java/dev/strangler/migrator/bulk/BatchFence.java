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
 * with the catch-up of what legacy changed since the read), when it is due ({@link CleanedMarks}).
 *
 * @param claimed     migrates one claimed user through the engine, fenced by the claim (for users left out of a batch)
 * @param holdsClaim  which of the claims still hold (their user keys), checked {@code FOR UPDATE} on the given
 *                    transaction in one round trip ({@link #heldClaims})
 * @param requests    this instance's requests in flight, per user and upstream
 * @param drainBound  how long a batch waits for its users' legacy requests; those still busy go one by one
 * @param marks       owes the migrated users' cleaned marks in the batch's transaction and writes them when due
 */
public record BatchFence(Function<Claim, Future<MigrationEngine.Outcome>> claimed,
                         BiFunction<SqlConnection, List<Claim>, Future<Set<String>>> holdsClaim,
                         InFlightRequests requests, Duration drainBound,
                         CleanedMarks marks) {

    /**
     * The users whose claim this transaction no longer finds, all checked in one statement ({@link #holdsClaim});
     * the claims' rows are locked in the batch's order. Users without a claim (a batch not run by a worker) are kept.
     */
    Future<Set<String>> lostClaims(SqlConnection modern, List<String> keys, Map<String, Claim> claims) {
        List<Claim> checked = new ArrayList<>();
        for (String key : keys) {
            Claim claim = claims.get(key);
            if (claim != null) {
                checked.add(claim);
            }
        }
        if (checked.isEmpty()) {
            return Future.succeededFuture(Set.of());
        }
        return holdsClaim.apply(modern, checked).map(held -> {
            Set<String> lost = new HashSet<>();
            checked.stream().map(Claim::userKey).filter(key -> !held.contains(key)).forEach(lost::add);
            return lost;
        });
    }

    /**
     * Which of the claims still hold, checked {@code FOR UPDATE} on the transaction as the per-user path checks one
     * ({@code UserStates.holdsClaim}: same owner and epoch, lease not expired), for a whole batch in one statement.
     * The wiring of {@link #holdsClaim} in an engine.
     */
    public static Future<Set<String>> heldClaims(SqlConnection modern, List<Claim> claims) {
        return BatchStates.heldClaims(modern, claims);
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

    /** After the batch's commit: the users' cleaned marks, now or when due ({@link CleanedMarks}). Never fails. */
    Future<Void> markEach(List<String> keys) {
        return keys.isEmpty() ? Future.succeededFuture() : marks.committed(keys).otherwiseEmpty();
    }
}
