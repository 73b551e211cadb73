package dev.strangler.migrator.sync;

import dev.strangler.config.NamedStatement;
import dev.strangler.migrator.Coexistence;
import dev.strangler.migrator.Coexistence.CohortStage;
import dev.strangler.migrator.Coexistence.CohortStages;
import dev.strangler.migrator.Coexistence.SyncOutcome;
import dev.strangler.migrator.Coexistence.SyncSettings;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Applies one captured transaction user by user, on the capture's thread, returning once applied: Strangler's own
 * transactions are skipped; each changed row is mapped to its users ({@link UserKeyColumns}, with the owner queries of
 * its side's database); a legacy change of a user is caught up into modern when the user's cohort stage catches up,
 * a modern change is written back when the stage syncs back. A failing apply is retried with backoff until it
 * succeeds or the sync closes.
 */
final class TransactionApplier {

    private static final Logger LOG = Logger.getLogger(TransactionApplier.class.getName());

    private final SyncSettings settings;
    private final Coexistence applies;
    private final CohortStages stages;
    private final UserKeyColumns keys;
    private final SyncCounters counters;
    private final OwnerQueries legacyOwners;
    private final OwnerQueries modernOwners;
    private final BooleanSupplier closed;

    /** @param modern the modern database (the state database's), where a rollback step's owner queries run */
    TransactionApplier(SyncSettings settings, Coexistence applies, UserKeyColumns keys, SyncCounters counters,
                       Pool legacy, Pool modern, BooleanSupplier closed) {
        this.settings = settings;
        this.applies = applies;
        this.stages = applies.stages();
        this.keys = keys;
        this.counters = counters;
        this.legacyOwners = new OwnerQueries(legacy, counters, closed);
        this.modernOwners = new OwnerQueries(modern, counters, closed);
        this.closed = closed;
    }

    /** The sink of the legacy side's transactions: catch-ups into modern. */
    void applyLegacy(CapturedTransaction transaction) throws InterruptedException {
        apply(transaction, SyncCounters.LEGACY_TO_MODERN, CohortStage::catchesUp, applies::catchUp);
    }

    /** The sink of the modern side's transactions: sync-backs into legacy. */
    void applyModern(CapturedTransaction transaction) throws InterruptedException {
        apply(transaction, SyncCounters.MODERN_TO_LEGACY, CohortStage::syncsBack, applies::syncBack);
    }

    private void apply(CapturedTransaction transaction, String direction, Predicate<CohortStage> stageSyncs,
                       Function<String, Future<SyncOutcome>> apply) throws InterruptedException {
        if (transaction.own()) {
            transaction.changes().forEach(change -> counters.skip("own_write"));
            return;
        }
        Set<String> users = new LinkedHashSet<>();
        OwnerQueries owners = "legacy".equals(transaction.side()) ? legacyOwners : modernOwners;
        for (RowChange change : transaction.changes()) {
            users.addAll(keys.users(transaction.side(), change));
            Optional<NamedStatement> query = keys.query(transaction.side(), change.table());
            if (query.isPresent()) {
                users.addAll(owners.users(query.get(), change));
            }
        }
        for (String user : users) {
            String cohort = settings.cohortOf().apply(user);
            Future<SyncOutcome> outcome = (cohort == null ? Future.succeededFuture(CohortStage.DEFAULT)
                    : stages.stageOf(cohort)).compose(stage -> stageSyncs.test(stage) ? apply.apply(user)
                    : Future.succeededFuture(SyncOutcome.skipped(user, SyncOutcome.Result.STAGE_OFF)));
            SyncOutcome done = await(outcome, user, direction, apply);
            counters.outcome(direction, done);
            if (done.result() == SyncOutcome.Result.INVALID) {
                LOG.log(Level.WARNING, "sync {0}: user {1}''s legacy data no longer passes the plan''s rules; not"
                        + " applied (strangler migrate --dry-run --user {1} shows why)",
                        new Object[] {settings.name(), user});
            }
            if (!done.conflicts().isEmpty()) {
                LOG.log(Level.INFO, "sync {0}: {1} conflicts of user {2} kept modern''s values: {3}",
                        new Object[] {settings.name(), done.conflicts().size(), user, done.conflicts()});
            }
        }
        counters.applied(direction, transaction.committed());
    }

    /** Waits for an apply on the capture's thread; a failure is retried (the database may be back) until closed. */
    private SyncOutcome await(Future<SyncOutcome> first, String user, String direction,
                              Function<String, Future<SyncOutcome>> apply) throws InterruptedException {
        Future<SyncOutcome> attempt = first;
        for (long backoff = 200; ; backoff = Math.min(backoff * 2, 10_000)) {
            try {
                return attempt.toCompletionStage().toCompletableFuture().get();
            } catch (ExecutionException e) {
                LOG.log(Level.WARNING, "sync {0}: {1} of user {2} failed, retrying: {3}",
                        new Object[] {settings.name(), direction, user, e.getCause().toString()});
                counters.skip("failed_retried");
                if (closed.getAsBoolean()) {
                    throw new InterruptedException("sync closed");
                }
                Thread.sleep(backoff);
                attempt = apply.apply(user);
            }
        }
    }
}
