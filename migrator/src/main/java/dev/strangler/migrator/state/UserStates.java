package dev.strangler.migrator.state;

import dev.strangler.migrator.ChangeAudit;
import dev.strangler.migrator.MigrationEngine;
import dev.strangler.migrator.UserStateStore;
import dev.strangler.migrator.UserStateStore.PinChange;
import dev.strangler.migrator.UserStateStore.UserFacts;
import dev.strangler.rules.Upstream;
import dev.strangler.rules.UserState;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Users' states in {@code strangler.user_state}: the one-row lookup the proxy does per request, the per-user lock
 * every attempt takes, and the write that goes with each ledger entry.
 *
 * <p>The lock is a transaction-level advisory lock on a 64-bit hash of the user key, so it needs no row to exist and
 * is released by the database whatever happens to the client: commit, rollback, a killed connection.
 */
public final class UserStates implements UserStateStore {

    private static final String FIND = """
            SELECT state, pin, last_attempt_at, cleaned_pending FROM strangler.user_state WHERE user_key = $1""";

    /**
     * Takes the user's lock. The state must be read by a later statement: a statement's snapshot is taken when it
     * starts, before it waits for the lock, so reading in the same statement would miss the holder's commit.
     */
    private static final String LOCK = "SELECT pg_advisory_xact_lock(hashtextextended('strangler.user:' || $1, 0))";

    private static final String LOCKED_STATE = """
            SELECT state, attempts, pin, cleaned_pending FROM strangler.user_state WHERE user_key = $1""";

    private static final String RECORD = """
            INSERT INTO strangler.user_state AS s (user_key, state, attempts, last_attempt_at, last_error,
                last_ledger_id, cleaned_pending, updated_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $4)
            ON CONFLICT (user_key) DO UPDATE SET
                state = EXCLUDED.state, attempts = EXCLUDED.attempts, last_attempt_at = EXCLUDED.last_attempt_at,
                last_error = EXCLUDED.last_error, last_ledger_id = EXCLUDED.last_ledger_id,
                cleaned_pending = EXCLUDED.cleaned_pending OR (s.cleaned_pending AND NOT $8),
                cleaned_at = CASE WHEN $8 THEN NULL ELSE s.cleaned_at END,
                cleaned_tries = CASE WHEN $8 THEN 0 ELSE s.cleaned_tries END,
                cleaned_error = CASE WHEN $8 THEN NULL ELSE s.cleaned_error END,
                cleaned_due_at = CASE WHEN $8 THEN NULL ELSE s.cleaned_due_at END,
                updated_at = EXCLUDED.updated_at""";

    private static final String RECORDED = """
            SELECT s.state, s.last_error, l.outcome, l.errors
            FROM strangler.user_state s LEFT JOIN strangler.ledger l ON l.id = s.last_ledger_id
            WHERE s.user_key = $1""";

    private static final String CLEANED_DONE = """
            WITH done AS (
                UPDATE strangler.user_state
                SET cleaned_pending = false, cleaned_at = $2, cleaned_tries = cleaned_tries + 1, cleaned_error = NULL
                WHERE user_key = $1 AND cleaned_pending
                RETURNING last_ledger_id, cleaned_tries)
            INSERT INTO strangler.ledger_cleaned (ledger_id, cleaned_at, tries)
            SELECT last_ledger_id, $2, cleaned_tries FROM done WHERE last_ledger_id IS NOT NULL
            ON CONFLICT (ledger_id) DO NOTHING""";

    private static final String CLEANED_OWED_AGAIN = """
            UPDATE strangler.user_state
            SET cleaned_pending = true, cleaned_tries = cleaned_tries + 1, cleaned_error = $2
            WHERE user_key = $1 AND state = 'MIGRATED'""";

    private static final String CLEANED_PENDING = """
            SELECT user_key FROM strangler.user_state
            WHERE cleaned_pending AND (cleaned_due_at IS NULL OR cleaned_due_at <= clock_timestamp())
            ORDER BY updated_at LIMIT $1""";

    private static final String PIN = """
            INSERT INTO strangler.user_state AS s (user_key, state, pin, updated_at) VALUES ($1, 'PENDING', $2, $3)
            ON CONFLICT (user_key) DO UPDATE SET pin = EXCLUDED.pin, updated_at = EXCLUDED.updated_at""";

    /**
     * The fence: locks the row, so a takeover's claim waits for this transaction, and finds it only if the claim
     * is still this worker's, of this epoch, and the lease runs (against the clock now, not the transaction's start).
     */
    private static final String HOLDS_CLAIM = """
            SELECT 1 FROM strangler.user_state
            WHERE user_key = $1 AND claimed_by = $2 AND claim_epoch = $3 AND claim_expires_at >= clock_timestamp()
            FOR UPDATE""";

    private static final String ROLLBACK_STATE = """
            UPDATE strangler.user_state SET state = $2, updated_at = $3 WHERE user_key = $1 AND state = $4""";

    private static final String NO_CLEANED_OWED = """
            UPDATE strangler.user_state SET cleaned_pending = false WHERE user_key = $1""";

    private final Pool modern;
    private final UserStateCounts counts;

    public UserStates(Pool modern) {
        this.modern = modern;
        this.counts = new UserStateCounts(modern);
    }

    @Override
    public Future<UserFacts> find(String userKey) {
        return modern.preparedQuery(FIND).execute(Tuple.of(userKey)).map(rows -> {
            if (rows.size() == 0) {
                return UserFacts.pending(userKey);
            }
            Row row = rows.iterator().next();
            String pin = row.getString("pin");
            OffsetDateTime last = row.getOffsetDateTime("last_attempt_at");
            return new UserFacts(userKey, UserState.valueOf(row.getString("state")),
                    pin == null ? null : Upstream.valueOf(pin.toUpperCase(Locale.ROOT)),
                    last == null ? null : last.toInstant(), row.getBoolean("cleaned_pending"));
        });
    }

    /**
     * Takes the user's lock for the rest of the connection's transaction and reads the state under it. Both
     * statements are sent at once: the server runs them in order, and the read's snapshot is taken when it starts,
     * after the lock is held.
     */
    public Future<LockedUser> lock(SqlConnection modern, String userKey) {
        Future<RowSet<Row>> locked = modern.preparedQuery(LOCK).execute(Tuple.of(userKey));
        Future<RowSet<Row>> state = modern.preparedQuery(LOCKED_STATE).execute(Tuple.of(userKey));
        return Future.all(locked, state).map(both -> {
            RowSet<Row> rows = state.result();
            if (rows.size() == 0) {
                return new LockedUser(UserState.PENDING, 0, null, false);
            }
            Row row = rows.iterator().next();
            String pin = row.getString("pin");
            return new LockedUser(UserState.valueOf(row.getString("state")), row.getInteger("attempts"),
                    pin == null ? null : Upstream.valueOf(pin.toUpperCase(Locale.ROOT)),
                    row.getBoolean("cleaned_pending"));
        });
    }

    /** Writes the user's state after an attempt, in the attempt's transaction. */
    public Future<Void> record(SqlConnection modern, StateChange change) {
        Tuple values = Tuple.tuple()
                .addValue(change.userKey())
                .addValue(change.state().name())
                .addValue(change.attempt())
                .addValue(change.at().atOffset(ZoneOffset.UTC))
                .addValue(change.error())
                .addValue(change.ledgerId())
                .addValue(change.migrated())
                .addValue(change.migrated());
        return modern.preparedQuery(RECORD).execute(values).mapEmpty();
    }

    /**
     * The outcome of the user's last attempt as recorded, for a user who is not retried yet: {@code Invalid} with
     * the recorded violations, {@code Failed} with the recorded error.
     */
    public Future<MigrationEngine.Outcome> recordedOutcome(String userKey) {
        return modern.preparedQuery(RECORDED).execute(Tuple.of(userKey)).map(rows -> recorded(userKey, rows));
    }

    private static MigrationEngine.Outcome recorded(String userKey, RowSet<Row> rows) {
        if (rows.size() == 0) {
            return new MigrationEngine.Outcome.Failed(userKey, "no attempt recorded");
        }
        Row row = rows.iterator().next();
        UserState state = UserState.valueOf(row.getString("state"));
        if (state == UserState.MIGRATED) {
            return new MigrationEngine.Outcome.AlreadyMigrated(userKey);
        }
        if (state == UserState.INVALID) {
            return new MigrationEngine.Outcome.Invalid(userKey,
                    Snapshots.violations((JsonArray) row.getJson("errors")));
        }
        String error = row.getString("last_error");
        return new MigrationEngine.Outcome.Failed(userKey, error == null ? row.getString("outcome") : error);
    }

    /**
     * Forgets a cleaned mark still owed, in a rollback's transaction: a rolled-back user must not be marked as
     * migrated in legacy afterwards by the repair.
     */
    public Future<Void> forgetCleanedMark(SqlConnection modern, String userKey) {
        return modern.preparedQuery(NO_CLEANED_OWED).execute(Tuple.of(userKey)).mapEmpty();
    }

    /** Records, in the mark's transaction, that legacy's cleaned mark of the user's last migration is written. */
    public Future<Void> cleanedDone(SqlConnection modern, String userKey, Instant at) {
        return modern.preparedQuery(CLEANED_DONE).execute(Tuple.of(userKey, at.atOffset(ZoneOffset.UTC))).mapEmpty();
    }

    /**
     * Records a failed try at legacy's cleaned mark after the mark's transactions ended, and owes the mark again
     * (modern may have recorded it done before legacy's commit failed); only for a user still migrated.
     */
    public Future<Void> cleanedOwedAgain(String userKey, String error) {
        return modern.preparedQuery(CLEANED_OWED_AGAIN).execute(Tuple.of(userKey, error)).mapEmpty();
    }

    /** Runs {@code work} in a modern transaction, for work that must take a user's lock ({@link #lock}). */
    public <T> Future<T> inTransaction(Function<SqlConnection, Future<T>> work) {
        return modern.withTransaction(work);
    }

    /** Users whose cleaned mark is owed and due (a deferred one once its time came), longest waiting first. */
    public Future<List<String>> cleanedPending(int limit) {
        return modern.preparedQuery(CLEANED_PENDING).execute(Tuple.of(limit))
                .map(rows -> rows.stream().map(row -> row.getString("user_key")).toList());
    }

    /**
     * Sets or clears (with null) an operator's pin for the user, which overrides the routing decision; a user the
     * state database has not seen is recorded as {@code PENDING}. It runs under the user's lock, so a migration
     * either saw the pin or committed before it was read: a {@code MIGRATED} user cannot be pinned to legacy
     * (their data is in modern; legacy's is stale), and the change says so and points at rollback. A pin that is set
     * is audited ({@code pin} or {@code unpin}, with the actor and reason) in the same transaction.
     */
    @Override
    public Future<PinChange> pin(String userKey, Upstream pin, Instant at, String actor, String reason) {
        return modern.withTransaction(connection -> lock(connection, userKey).compose(user -> {
            if (pin == Upstream.LEGACY
                    && (user.state() == UserState.MIGRATED || user.state() == UserState.ROLLING_BACK)) {
                return Future.succeededFuture(new PinChange(userKey, pin, "user " + userKey + " is "
                        + user.state() + ": their data is in modern and legacy's copy is stale; roll the user back"
                        + " (strangler rollback --user " + userKey + ", or POST /admin/users/" + userKey
                        + "/rollback) instead of pinning them to legacy"));
            }
            return connection.preparedQuery(PIN).execute(Tuple.of(userKey, pin == null ? null : pin.id(),
                            at.atOffset(ZoneOffset.UTC)))
                    .compose(done -> AuditRows.record(connection, new ChangeAudit.Entry(pin == null ? "unpin" : "pin",
                            userKey, actor, at, reason, new JsonObject().put("to", pin == null ? null : pin.id())
                                    .put("state", user.state().name()))))
                    .map(audited -> new PinChange(userKey, pin, null));
        }));
    }

    /**
     * Whether the worker still holds its claim on the user, checked in the transaction that writes the user's
     * outcome (the fence of a backfill's lease); the row stays locked until that transaction ends.
     */
    public Future<Boolean> holdsClaim(SqlConnection modern, Claim claim) {
        return modern.preparedQuery(HOLDS_CLAIM).execute(Tuple.of(claim.userKey(), claim.owner(), claim.epoch()))
                .map(rows -> rows.size() == 1);
    }

    /**
     * Moves a user between the rollback's states under the lock the caller holds ({@code MIGRATED} to
     * {@code ROLLING_BACK}, or back when the rollback could not finish); completes with whether the user was in
     * state {@code from}. The state-change trigger notifies every instance at commit.
     */
    public Future<Boolean> changeRollbackState(SqlConnection modern, String userKey, UserState from, UserState to,
                                               Instant at) {
        return modern.preparedQuery(ROLLBACK_STATE).execute(Tuple.of(userKey, to.name(), at.atOffset(ZoneOffset.UTC),
                from.name())).map(rows -> rows.rowCount() == 1);
    }

    @Override
    public Future<Map<UserState, Long>> countByState() {
        return counts.countByState();
    }

    @Override
    public Future<CleanedBacklog> cleanedBacklog() {
        return counts.cleanedBacklog();
    }

    @Override
    public Future<Void> eachKeyNotIn(Set<UserState> states, Consumer<String> each) {
        return counts.eachKeyNotIn(states, each);
    }

    @Override
    public Future<List<String>> keysIn(Set<UserState> states) {
        return counts.keysIn(states);
    }
}
