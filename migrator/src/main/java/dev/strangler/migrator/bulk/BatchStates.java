package dev.strangler.migrator.bulk;

import dev.strangler.migrator.MigrationEngine.Trigger;
import dev.strangler.migrator.state.Claim;
import dev.strangler.migrator.state.LockedUser;
import dev.strangler.migrator.state.StateChange;
import dev.strangler.rules.Upstream;
import dev.strangler.rules.UserState;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The state database's side of a batch, each a single statement over arrays: the users' locks (taken without
 * waiting, so a user whose migration a request is running is left to it), their states read under the locks, the
 * ledger entries and the state rows (cleaned marks go through the engine's fenced marker, {@link BatchFence}). The
 * rows written are those the per-user path writes ({@code UserStates.record}, {@code PgLedger.append}), for many
 * users at once.
 */
final class BatchStates {

    private static final String TRY_LOCKS = """
            SELECT key FROM unnest($1::text[]) AS key
            WHERE pg_try_advisory_xact_lock(hashtextextended('strangler.user:' || key, 0))""";

    private static final String LOCKED_STATES = """
            SELECT user_key, state, attempts, pin, cleaned_pending
            FROM strangler.user_state WHERE user_key = ANY($1)""";

    private static final String HELD_CLAIMS = """
            SELECT s.user_key
            FROM unnest($1::text[], $2::text[], $3::int8[]) WITH ORDINALITY AS c(user_key, owner, epoch, position)
            JOIN strangler.user_state s ON s.user_key = c.user_key
            WHERE s.claimed_by = c.owner AND s.claim_epoch = c.epoch AND s.claim_expires_at >= clock_timestamp()
            ORDER BY c.position
            FOR UPDATE OF s""";

    private static final String APPEND = """
            INSERT INTO strangler.ledger (user_key, attempt, trigger, started_at, finished_at, duration_ms,
                plan_version, source_snapshot, target_snapshot, errors, instance_id, outcome)
            SELECT u.user_key, u.attempt, $7, $8, $9, $10, $11, u.source::jsonb, u.target::jsonb, u.errors::jsonb,
                $12, u.outcome
            FROM unnest($1::text[], $2::int[], $3::text[], $4::text[], $5::text[], $6::text[])
                AS u(user_key, attempt, source, target, errors, outcome)
            RETURNING id, user_key""";

    private static final String RECORD = """
            INSERT INTO strangler.user_state AS s (user_key, state, attempts, last_attempt_at, last_error,
                last_ledger_id, cleaned_pending, updated_at)
            SELECT u.user_key, u.state, u.attempt, $7, u.error, u.ledger_id, u.migrated, $7
            FROM unnest($1::text[], $2::text[], $3::int[], $4::text[], $5::int8[], $6::bool[])
                AS u(user_key, state, attempt, error, ledger_id, migrated)
            ON CONFLICT (user_key) DO UPDATE SET
                state = EXCLUDED.state, attempts = EXCLUDED.attempts, last_attempt_at = EXCLUDED.last_attempt_at,
                last_error = EXCLUDED.last_error, last_ledger_id = EXCLUDED.last_ledger_id,
                cleaned_pending = EXCLUDED.cleaned_pending OR s.cleaned_pending,
                cleaned_at = CASE WHEN EXCLUDED.cleaned_pending THEN NULL ELSE s.cleaned_at END,
                cleaned_tries = CASE WHEN EXCLUDED.cleaned_pending THEN 0 ELSE s.cleaned_tries END,
                cleaned_error = CASE WHEN EXCLUDED.cleaned_pending THEN NULL ELSE s.cleaned_error END,
                cleaned_due_at = CASE WHEN EXCLUDED.cleaned_pending THEN NULL ELSE s.cleaned_due_at END,
                updated_at = EXCLUDED.updated_at""";

    private BatchStates() {
    }

    /**
     * Takes the locks of the users that are free, for the rest of the transaction, then reads their states and pins
     * under them (a later statement, so its snapshot sees the last holder's commit). Users whose lock is held are
     * absent from the result.
     */
    static Future<LockedBatch> lock(SqlConnection modern, List<String> keys) {
        return modern.preparedQuery(TRY_LOCKS).execute(Tuple.of(keys.toArray(String[]::new))).compose(locked -> {
            List<String> held = new ArrayList<>();
            locked.forEach(row -> held.add(row.getString("key")));
            return modern.preparedQuery(LOCKED_STATES).execute(Tuple.of(held.toArray(String[]::new)))
                    .map(rows -> {
                        Map<String, LockedUser> users = new LinkedHashMap<>();
                        Set<String> pinned = new HashSet<>();
                        held.forEach(key -> users.put(key, new LockedUser(UserState.PENDING, 0, null, false)));
                        for (Row row : rows) {
                            String key = row.getString("user_key");
                            String pin = row.getString("pin");
                            users.put(key, new LockedUser(UserState.valueOf(row.getString("state")),
                                    row.getInteger("attempts"),
                                    pin == null ? null : Upstream.valueOf(pin.toUpperCase(Locale.ROOT)),
                                    row.getBoolean("cleaned_pending")));
                            if ("legacy".equals(row.getString("pin"))) {
                                pinned.add(key);
                            }
                        }
                        return new LockedBatch(users, pinned);
                    });
        });
    }

    /**
     * The users of a batch whose locks this transaction holds.
     *
     * @param users          user key to state and attempts, read under the lock
     * @param pinnedToLegacy the users an operator pinned to legacy, whom no trigger migrates (SPEC §4.2)
     */
    record LockedBatch(Map<String, LockedUser> users, Set<String> pinnedToLegacy) {
    }

    /**
     * The claims this transaction still holds, checked as {@code UserStates.holdsClaim} checks one (same owner and
     * epoch, lease not expired) in one statement; their rows stay locked until the transaction ends, taken in the
     * claims' order.
     */
    static Future<Set<String>> heldClaims(SqlConnection modern, List<Claim> claims) {
        if (claims.isEmpty()) {
            return Future.succeededFuture(Set.of());
        }
        int n = claims.size();
        String[] keys = new String[n];
        String[] owners = new String[n];
        Long[] epochs = new Long[n];
        for (int i = 0; i < n; i++) {
            Claim claim = claims.get(i);
            keys[i] = claim.userKey();
            owners[i] = claim.owner();
            epochs[i] = claim.epoch();
        }
        return modern.preparedQuery(HELD_CLAIMS).execute(Tuple.of(keys, owners, epochs)).map(rows -> {
            Set<String> held = new HashSet<>();
            rows.forEach(row -> held.add(row.getString(0)));
            return held;
        });
    }

    /**
     * One user's ledger entry in a batch, its JSON columns already encoded as the per-user path's ledger encodes
     * them ({@link BatchCheck}).
     */
    record Entry(String userKey, int attempt, String source, String target, String errors, String outcome) {
    }

    /** What a batch's ledger entries share: one attempt's trigger and times, the plan and the instance. */
    record Times(Trigger trigger, Instant started, Instant finished, String planVersion, String instanceId) {
    }

    /** Appends the entries (one per user); completes with key to id. */
    static Future<Map<String, Long>> append(SqlConnection modern, List<Entry> entries, Times times) {
        int n = entries.size();
        String[] keys = new String[n];
        Integer[] attempts = new Integer[n];
        String[] sources = new String[n];
        String[] targets = new String[n];
        String[] errors = new String[n];
        String[] outcomes = new String[n];
        for (int i = 0; i < n; i++) {
            Entry entry = entries.get(i);
            keys[i] = entry.userKey();
            attempts[i] = entry.attempt();
            sources[i] = entry.source();
            targets[i] = entry.target();
            errors[i] = entry.errors();
            outcomes[i] = entry.outcome();
        }
        Tuple values = Tuple.of(keys, attempts, sources, targets, errors, outcomes)
                .addValue(times.trigger().id())
                .addValue(times.started().atOffset(ZoneOffset.UTC))
                .addValue(times.finished().atOffset(ZoneOffset.UTC))
                .addValue(Duration.between(times.started(), times.finished()).toMillis())
                .addValue(times.planVersion())
                .addValue(times.instanceId());
        return modern.preparedQuery(APPEND).execute(values).map(rows -> {
            Map<String, Long> ids = new HashMap<>();
            rows.forEach(row -> ids.put(row.getString("user_key"), row.getLong("id")));
            return ids;
        });
    }

    /** Writes the users' states after their attempts, at one time. */
    static Future<Void> record(SqlConnection modern, List<StateChange> changes, Instant at) {
        int n = changes.size();
        String[] keys = new String[n];
        String[] states = new String[n];
        Integer[] attempts = new Integer[n];
        String[] errors = new String[n];
        Long[] ledgerIds = new Long[n];
        Boolean[] migrated = new Boolean[n];
        for (int i = 0; i < n; i++) {
            StateChange change = changes.get(i);
            keys[i] = change.userKey();
            states[i] = change.state().name();
            attempts[i] = change.attempt();
            errors[i] = change.error();
            ledgerIds[i] = change.ledgerId();
            migrated[i] = change.migrated();
        }
        return modern.preparedQuery(RECORD).execute(Tuple.of(keys, states, attempts, errors, ledgerIds, migrated)
                .addValue(at.atOffset(ZoneOffset.UTC))).mapEmpty();
    }
}
