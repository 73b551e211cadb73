package dev.strangler.migrator.backfill;

import dev.strangler.migrator.Backfills;
import dev.strangler.migrator.state.Claim;
import dev.strangler.migrator.state.OperationalQueries;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The backfill's work list in {@code strangler.user_state} (schema version 3). A worker claims a batch of eligible
 * users in key order with {@code FOR UPDATE SKIP LOCKED}, writing its id and a lease expiry: a user claimed by a
 * live lease is skipped by every other worker, and a crashed worker's claims expire by themselves. Leases are read
 * against the database's clock, the one clock every machine shares.
 *
 * <p>A user is eligible when their state is {@code PENDING}, or (with {@code retryFailed}) {@code FAILED} or
 * {@code INVALID} with no attempt since the run started, so each is retried once per run, and no operator pinned
 * them to legacy.
 */
final class BackfillClaims {

    private static final String SEED = """
            INSERT INTO strangler.user_state (user_key, state, updated_at)
            SELECT key, 'PENDING', now() FROM unnest($1::text[]) AS key
            ON CONFLICT (user_key) DO NOTHING""";

    private static final String ELIGIBLE = """
            state = ANY($1) AND (state = 'PENDING' OR last_attempt_at IS NULL OR last_attempt_at < $2)
            AND pin IS DISTINCT FROM 'legacy'""";

    private static final String CLAIM = """
            WITH picked AS (
                SELECT user_key FROM strangler.user_state
                WHERE %s AND user_key > $3 AND (claim_expires_at IS NULL OR claim_expires_at < now())
                ORDER BY user_key LIMIT $4
                FOR UPDATE SKIP LOCKED)
            UPDATE strangler.user_state s
            SET claimed_by = $5, claim_expires_at = now() + $6 * interval '1 millisecond',
                claim_epoch = s.claim_epoch + 1
            FROM picked WHERE s.user_key = picked.user_key
            RETURNING s.user_key, s.claim_epoch""".formatted(ELIGIBLE);

    private static final String RENEW = """
            UPDATE strangler.user_state s SET claim_expires_at = now() + $3 * interval '1 millisecond'
            FROM unnest($1::text[], $2::bigint[]) AS c(user_key, epoch)
            WHERE s.user_key = c.user_key AND s.claim_epoch = c.epoch AND s.claimed_by = $4
            AND s.claim_expires_at >= now()""";

    private static final String RELEASE = """
            UPDATE strangler.user_state SET claimed_by = NULL, claim_expires_at = NULL
            WHERE user_key = ANY($1) AND claimed_by = $2""";

    private static final String HELD_BY_OTHERS = """
            SELECT count(*) AS held FROM strangler.user_state
            WHERE %s AND claim_expires_at >= now() AND claimed_by <> $3""".formatted(ELIGIBLE);

    private static final String REMAINING = "SELECT count(*) AS remaining FROM strangler.user_state WHERE " + ELIGIBLE;

    private final Pool legacy;
    private final Pool modern;
    private final String usersQuery;
    private final String[] states;
    private final Instant runStarted;
    private final Backfills.Settings settings;

    BackfillClaims(Pool legacy, Pool modern, String usersQuery, Instant runStarted, Backfills.Settings settings) {
        this.legacy = legacy;
        this.modern = modern;
        this.usersQuery = usersQuery;
        this.states = settings.retryFailed() ? new String[] {"PENDING", "FAILED", "INVALID"}
                : new String[] {"PENDING"};
        this.runStarted = runStarted;
        this.settings = settings;
    }

    /**
     * Gives every user of the plan's {@code users} query a {@code user_state} row (as {@code PENDING}) if they have
     * none: read from legacy through a cursor (under the operational time limit, not {@code migration.timeout}),
 * written in chunks of set-based inserts that leave existing rows
     * alone, so it is idempotent, cheap to repeat on every start, and picks up users added to legacy since.
     * Completes with the number of rows added.
     */
    public Future<Long> seed() {
        AtomicLong added = new AtomicLong();
        return new OperationalQueries(legacy, OperationalQueries.DEFAULT_TIMEOUT)
                .stream(usersQuery, settings.seedChunk(), rows -> modern.preparedQuery(SEED)
                        .execute(Tuple.of(rows.stream().map(row -> String.valueOf(row.getValue(0)))
                                .toArray(String[]::new)))
                        .onSuccess(result -> added.addAndGet(result.rowCount())))
                .map(listed -> added.get());
    }

    /**
     * Claims up to {@code size} eligible users with keys after {@code after}, in key order; each claim carries the
     * fencing epoch it wrote.
     */
    public Future<List<Claim>> claim(String after, int size) {
        return modern.preparedQuery(CLAIM).execute(Tuple.of(states, started(), after, size, settings.workerId(),
                        settings.lease().toMillis()))
                .map(rows -> {
                    List<Claim> claims = new ArrayList<>(rows.size());
                    rows.forEach(row -> claims.add(new Claim(row.getString("user_key"), settings.workerId(),
                            row.getLong("claim_epoch"))));
                    claims.sort(Comparator.comparing(Claim::userKey));
                    return claims;
                });
    }

    /**
     * Extends this worker's live claims by a lease from now, while it works through them: a batch that takes longer
     * than one lease (a slow legacy, a low rate, a busy machine) keeps its claims. Only claims still live and still
     * this worker's at the same epoch are extended, so a claim that expired (and may have been taken over) stays
     * lost, and a worker that stops renewing (killed, paused) lets its claims expire by themselves.
     */
    public Future<Void> renew(List<Claim> held) {
        if (held.isEmpty()) {
            return Future.succeededFuture();
        }
        return modern.preparedQuery(RENEW).execute(Tuple.of(
                        held.stream().map(Claim::userKey).toArray(String[]::new),
                        held.stream().map(Claim::epoch).toArray(Long[]::new),
                        settings.lease().toMillis(), settings.workerId()))
                .mapEmpty();
    }

    /** Gives this worker's claims on these users up (done with them, or not selected). */
    public Future<Void> release(List<String> keys) {
        if (keys.isEmpty()) {
            return Future.succeededFuture();
        }
        return modern.preparedQuery(RELEASE).execute(Tuple.of(keys.toArray(String[]::new), settings.workerId()))
                .mapEmpty();
    }

    /** Eligible users claimed by another worker whose lease still holds: this worker waits for them. */
    public Future<Long> heldByOthers() {
        return modern.preparedQuery(HELD_BY_OTHERS).execute(Tuple.of(states, started(), settings.workerId()))
                .map(rows -> rows.iterator().next().getLong("held"));
    }

    /** Eligible users left, claimed or not: the progress line's total. */
    public Future<Long> remaining() {
        return modern.preparedQuery(REMAINING).execute(Tuple.of(states, started()))
                .map(rows -> rows.iterator().next().getLong("remaining"));
    }

    private Object started() {
        return runStarted.atOffset(ZoneOffset.UTC);
    }
}
