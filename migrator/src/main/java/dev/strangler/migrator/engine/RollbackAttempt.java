package dev.strangler.migrator.engine;

import dev.strangler.config.MigrationPlan;
import dev.strangler.config.NamedStatement;
import dev.strangler.config.RollbackStep;
import dev.strangler.migrator.FailureText;
import dev.strangler.migrator.MigrationEngine.Trigger;
import dev.strangler.migrator.MigratorSettings.InFlightRequests;
import dev.strangler.migrator.Rollbacks;
import dev.strangler.migrator.state.Ledger;
import dev.strangler.migrator.state.LedgerEntry;
import dev.strangler.migrator.state.LockedUser;
import dev.strangler.migrator.state.Snapshots;
import dev.strangler.migrator.state.StateChange;
import dev.strangler.migrator.state.UserStates;
import dev.strangler.rules.Upstream;
import dev.strangler.rules.UserState;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * One user's rollback, fenced (see {@link #run}): {@code ROLLING_BACK} is committed and the user's modern requests
 * on this instance drained before anything is copied. The copy: under the user's lock in a modern transaction,
 * check the user is rolling back; in one legacy
 * transaction run each of the plan's rollback steps (read the user's modern rows, apply each to legacy with its
 * named parameters bound from the row) and then {@code uncleaned}; commit legacy; then, still under the lock,
 * append the {@code ROLLED_BACK} ledger entry (modern rows read as the source snapshot, the rows written to legacy
 * as the target) and set the state. Legacy commits first: if modern's commit then fails, the user stays migrated
 * and running the rollback again rewrites the same rows, so nothing is lost either way.
 */
final class RollbackAttempt {

    private final MigrationPlan plan;
    private final Pool legacy;
    private final Pool modern;
    private final StatementTypes legacyTypes;
    private final StatementTypes modernTypes;
    private final UserStates states;
    private final Ledger ledger;
    private final Clock clock;
    private final String instanceId;
    private final InFlightRequests requests;
    private final Supplier<Future<Boolean>> barrier;

    RollbackAttempt(MigrationPlan plan, Pool legacy, Pool modern, StatementTypes legacyTypes,
                    StatementTypes modernTypes, UserStates states, Ledger ledger, Clock clock, String instanceId,
                    InFlightRequests requests, Supplier<Future<Boolean>> barrier) {
        this.barrier = barrier;
        this.requests = requests;
        this.plan = plan;
        this.legacy = legacy;
        this.modern = modern;
        this.legacyTypes = legacyTypes;
        this.modernTypes = modernTypes;
        this.states = states;
        this.ledger = ledger;
        this.clock = clock;
        this.instanceId = instanceId;
    }

    /**
     * Runs the rollback as a fenced protocol; never fails: every error is an outcome. First {@code ROLLING_BACK} is
     * committed under the user's lock (every instance hears of it and answers the user's requests with 503 until
     * it ends; this one holds them); then the user's requests in flight to modern on this instance are waited for
     * (at most half of {@code migration.timeout}), and the fleet's barrier (every live instance heard of it and its
     * requests of the user decided before have ended, at most half of {@code migration.timeout}); only then is modern
     * read and legacy written. A rollback that cannot finish puts the user back to {@code MIGRATED}; one found {@code ROLLING_BACK}
     * (interrupted) resumes.
     */
    Future<Rollbacks.Outcome> run(String userKey, Trigger trigger) {
        if (plan.rollback().isEmpty()) {
            return Future.succeededFuture(new Rollbacks.Outcome.Failed(userKey,
                    "migration.rollback: the plan has no rollback steps"));
        }
        Instant started = clock.instant();
        return fence(userKey)
                .compose(refused -> refused != null ? Future.succeededFuture(refused) : modernDrained(userKey))
                .compose(refused -> refused != null ? Future.succeededFuture(refused) : copy(userKey, trigger, started))
                .recover(error -> Future.succeededFuture(
                        new Rollbacks.Outcome.Failed(userKey, MigrationAttempt.describe(error))))
                .compose(outcome -> outcome instanceof Rollbacks.Outcome.Failed
                        ? restore(userKey).map(outcome).otherwise(outcome) : Future.succeededFuture(outcome));
    }

    /**
     * Commits {@code ROLLING_BACK}; completes with null when the rollback may go on, else with why not. A user whose
     * cleaned mark is owed is in transition (the caller has just tried the mark): until its catch-up has brought
     * legacy's late writes into modern, modern is not the whole of the user's data and is not copied back.
     */
    private Future<Rollbacks.Outcome> fence(String userKey) {
        return FailureText.waitingFor("modern", "fencing the user (state ROLLING_BACK); nothing was changed",
                modern.withTransaction(connection -> states.lock(connection, userKey).compose(user -> {
            if (user.state() == UserState.ROLLING_BACK) {
                return Future.succeededFuture(null);
            }
            if (user.state() != UserState.MIGRATED) {
                return Future.succeededFuture(new Rollbacks.Outcome.NotRolledBack(userKey, user.state(),
                        "not migrated (state " + user.state() + "); nothing to roll back"));
            }
            if (user.cleanedPending()) {
                return Future.succeededFuture(new Rollbacks.Outcome.NotRolledBack(userKey, user.state(),
                        "the cleaned mark of " + userKey + "'s migration is still owed: legacy may hold writes made"
                                + " while the migration read it, not yet caught up into modern, and copying modern"
                                + " back would erase them; the repair retries the mark (see cleaned_error in the"
                                + " user's state), roll back once it is written"));
            }
            return states.changeRollbackState(connection, userKey, UserState.MIGRATED, UserState.ROLLING_BACK,
                    clock.instant()).map(changed -> null);
        })));
    }

    /**
     * Waits for the user's requests to modern: this instance's, counted, for at most half of {@code migration.timeout}
     * (still running then: the rollback fails); and every other live instance's, through the fleet's barrier taken
     * after {@code ROLLING_BACK} committed: an instance records it only once it has heard of the rollback and its
     * requests of the user decided before have ended. A barrier not heard in time fails the rollback too.
     */
    private Future<Rollbacks.Outcome> modernDrained(String userKey) {
        Duration bound = plan.timeout().dividedBy(2);
        Future<Rollbacks.Outcome> here = requests.drained(userKey, Upstream.MODERN, bound).map(drained -> drained
                ? null : new Rollbacks.Outcome.Failed(userKey, "requests of " + userKey + " to modern still in flight"
                + " on this instance after " + bound.toMillis() + " ms; nothing copied, the user stays MIGRATED"));
        Future<Boolean> elsewhere = barrier.get();
        return Future.all(here, elsewhere).map(both -> here.result() != null ? here.result()
                : elsewhere.result() ? null : new Rollbacks.Outcome.Failed(userKey, "not every proxy instance heard"
                + " of the rollback of " + userKey + " in time (see the fleet in /admin/status); nothing copied,"
                + " the user stays MIGRATED"));
    }

    private Future<Rollbacks.Outcome> copy(String userKey, Trigger trigger, Instant started) {
        return FailureText.waitingFor("modern", "copying the user's modern rows back; nothing was copied",
                modern.withTransaction(connection -> states.lock(connection, userKey).compose(user -> {
            if (user.state() != UserState.ROLLING_BACK) {
                return Future.succeededFuture(new Rollbacks.Outcome.NotRolledBack(userKey, user.state(),
                        "state changed to " + user.state() + " during the rollback; nothing copied"));
            }
            Map<String, List<Map<String, Object>>> read = new LinkedHashMap<>();
            Map<String, List<Map<String, Object>>> written = new LinkedHashMap<>();
            return FailureText.waitingFor("legacy", "writing the user's rows back to legacy; nothing was copied",
                            legacy.withTransaction(legacyConnection ->
                                    steps(connection, legacyConnection, userKey, 0, read, written)
                                            .compose(done -> uncleaned(legacyConnection, userKey))))
                    .compose(committed -> record(connection, userKey, trigger, user, started, read, written));
        })));
    }

    /** Puts a user whose rollback could not finish back to {@code MIGRATED}: modern still holds their data. */
    private Future<Boolean> restore(String userKey) {
        return modern.withTransaction(connection -> states.lock(connection, userKey).compose(user ->
                states.changeRollbackState(connection, userKey, UserState.ROLLING_BACK, UserState.MIGRATED,
                        clock.instant())));
    }

    Future<Void> steps(SqlConnection modernConnection, SqlConnection legacyConnection, String userKey,
                               int index, Map<String, List<Map<String, Object>>> read,
                               Map<String, List<Map<String, Object>>> written) {
        if (index == plan.rollback().size()) {
            return Future.succeededFuture();
        }
        RollbackStep step = plan.rollback().get(index);
        String name = "step" + (index + 1);
        NamedStatement apply = NamedStatement.parse(step.apply());
        return modernTypes.key(step.fetch(), modernConnection, userKey)
                .compose(key -> modernConnection.preparedQuery(step.fetch()).execute(key))
                .map(RollbackAttempt::maps)
                .compose(rows -> {
                    read.put(name, rows);
                    written.put(name, rows.stream().map(row -> parameters(apply, row)).toList());
                    if (rows.isEmpty()) {
                        return Future.succeededFuture();
                    }
                    return legacyTypes.of(apply.sql(), legacyConnection).compose(types -> {
                        List<Tuple> batch = new ArrayList<>(rows.size());
                        for (Map<String, Object> row : rows) {
                            batch.add(bind(apply, row, types, name));
                        }
                        return legacyConnection.preparedQuery(apply.sql()).executeBatch(batch);
                    }).mapEmpty();
                })
                .compose(done -> steps(modernConnection, legacyConnection, userKey, index + 1, read, written));
    }

    private Future<Void> uncleaned(SqlConnection legacyConnection, String userKey) {
        return plan.uncleaned() == null ? Future.succeededFuture()
                : legacyTypes.key(plan.uncleaned(), legacyConnection, userKey)
                        .compose(key -> legacyConnection.preparedQuery(plan.uncleaned()).execute(key)).mapEmpty();
    }

    private Future<Rollbacks.Outcome> record(SqlConnection connection, String userKey, Trigger trigger,
                                           LockedUser user, Instant started,
                                           Map<String, List<Map<String, Object>>> read,
                                           Map<String, List<Map<String, Object>>> written) {
        int rows = written.values().stream().mapToInt(List::size).sum();
        return ledger.append(connection, new LedgerEntry(userKey, user.nextAttempt(), trigger, started,
                        clock.instant(), plan.version(), Snapshots.of(read), Snapshots.of(written), List.of(),
                        instanceId, "ROLLED_BACK"))
                .compose(ledgerId -> states.record(connection, new StateChange(userKey, UserState.ROLLED_BACK,
                                user.nextAttempt(), clock.instant(), null, ledgerId, false))
                        .compose(recorded -> states.forgetCleanedMark(connection, userKey))
                        .map(done -> (Rollbacks.Outcome) new Rollbacks.Outcome.RolledBack(userKey, ledgerId, rows)));
    }

    private static Map<String, Object> parameters(NamedStatement apply, Map<String, Object> row) {
        Map<String, Object> values = new LinkedHashMap<>();
        apply.parameters().forEach(name -> values.put(name, row.get(name)));
        return values;
    }

    private static Tuple bind(NamedStatement apply, Map<String, Object> row, List<String> types, String step) {
        Tuple tuple = Tuple.tuple();
        List<String> names = apply.parameters();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            if (!row.containsKey(name)) {
                throw new IllegalStateException("migration.rollback " + step + ".apply: parameter :" + name
                        + " is not a column of its fetch (columns: " + row.keySet() + ")");
            }
            tuple.addValue(ParameterCoercion.coerce(i < types.size() ? types.get(i) : null, row.get(name)));
        }
        return tuple;
    }

    private static List<Map<String, Object>> maps(RowSet<Row> rows) {
        List<Map<String, Object>> result = new ArrayList<>(rows.size());
        for (Row row : rows) {
            result.add(RowValues.of(row));
        }
        return result;
    }
}
