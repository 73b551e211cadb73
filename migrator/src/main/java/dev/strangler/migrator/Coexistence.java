package dev.strangler.migrator;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Keeping legacy and modern in step while both live (SPEC §11, issue 17): change data capture with Debezium, the
 * catch-up of legacy changes into modern, the sync-back of modern changes to legacy, and cohort stages.
 */
public interface Coexistence {

    /**
     * Re-reads a migrated user's legacy data and re-applies what changed through the migration's own validate,
     * transform and upsert steps, under the user's lock; fields modern changed too are kept (modern owns a migrated
     * user) and recorded as conflicts. Ledger {@code CATCH_UP}.
     */
    Future<SyncOutcome> catchUp(String userKey);

    /**
     * Catches the user up, then writes their modern data back to legacy through the plan's {@code rollback} steps
     * (without {@code uncleaned}), marked as Strangler's own so the change is not captured back. Ledger
     * {@code SYNC_BACK}.
     */
    Future<SyncOutcome> syncBack(String userKey);

    /** Cohort stages, shared by every instance. */
    CohortStages stages();

    /** Starts {@code strangler sync}: waits for the lease, then captures and applies until closed. */
    ChangeSync start(SyncSettings settings);

    /**
     * Starts {@code strangler sync --from http}: waits for the lease like {@link #start}, then, instead of running
     * Debezium itself, takes the change events a Debezium Server HTTP sink posts to
     * {@code http://host:port/debezium/legacy} and {@code .../modern} (JSON values, transaction metadata on) and
     * applies them the same way.
     */
    ChangeSync receive(SyncSettings settings, String host, int port);

    /** The last figures a sync process of that name wrote, if any. */
    Future<Optional<SyncStatus>> lastStatus(String name);

    /**
     * Drops the replication slots (and publications) of the sync of that name on both databases, so an abandoned
     * slot stops retaining WAL on the legacy server; completes with the slots dropped. Refused while a sync holds
     * the lease.
     */
    Future<java.util.List<String>> dropSlots(String name);

    /**
     * A running {@code strangler sync}: it waits for the lease, then captures both databases' changes with Debezium and
     * applies them; it stands by again if the lease is lost. {@link #close()} stops it and lets the lease go.
     */
    public interface ChangeSync extends AutoCloseable {

        /** True while this process holds the lease and its streams run. */
        boolean active();

        /** The figures so far (this process's own). */
        SyncStatus status();

        /** Completes when the process stopped for good: closed, or failed (the cause). */
        Future<Void> stopped();

        @Override
        void close();
    }

    /**
     * Where a cohort is in its move from legacy to modern (issue 17), set by an operator and audited like a rollout
     * change. Stages only move forward one at a time, or back one step while nothing is retired:
     * {@code legacy -> migrating -> coexisting -> complete}.
     */
    public enum CohortStage {
        /** Nothing moves: the cohort's users stay on legacy, no migration, no sync. */
        LEGACY,
        /** Lazy migration and backfill run; legacy changes of migrated users are caught up into modern. */
        MIGRATING,
        /** As migrating, and modern changes of migrated users are written back to legacy (sync-back). */
        COEXISTING,
        /**
         * Modern alone: sync stopped, the cohort's legacy rows may be archived once {@code strangler retire} agrees.
         */
        COMPLETE;

        /** The stage a cohort has until an operator sets one: the lazy migration as it always was. */
        public static final CohortStage DEFAULT = MIGRATING;

        /** Whether users of the cohort may be migrated (lazily or by backfill). */
        public boolean migrates() {
            return this == MIGRATING || this == COEXISTING;
        }

        /** Whether legacy changes of the cohort's migrated users are re-applied to modern. */
        public boolean catchesUp() {
            return this == MIGRATING || this == COEXISTING;
        }

        /** Whether modern changes of the cohort's migrated users are written back to legacy. */
        public boolean syncsBack() {
            return this == COEXISTING;
        }

        /** Whether a rollback of the cohort's users is still possible (legacy is not retired). */
        public boolean allowsRollback() {
            return this != COMPLETE;
        }

        /** Whether an operator may move a cohort from this stage to {@code next}: one step forward or one back. */
        public boolean canMoveTo(CohortStage next) {
            return Math.abs(next.ordinal() - ordinal()) <= 1;
        }

        /** How the stage is written in the API, the command line and the state database: {@code coexisting}. */
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The stage of an id; an unknown one is a bad argument that lists the stages there are. */
        public static CohortStage parse(String id) {
            return Arrays.stream(values()).filter(stage -> stage.id().equals(id)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("stage: " + id + " (expected one of "
                            + Arrays.stream(values()).map(CohortStage::id).toList() + ")"));
        }
    }

    /**
     * Cohort stages in the state database ({@code strangler.cohort_stage}, audit in {@code
     * strangler.cohort_stage_audit}), shared by every instance, the sync process and the command line. Kept apart from
     * the rollout percentages.
     */
    public interface CohortStages {

        /** Every cohort that has a stage set, by name. */
        Future<Map<String, StageRecord>> all();

        /** The cohort's stage, {@link CohortStage#DEFAULT} when none was set. */
        Future<CohortStage> stageOf(String cohort);

        /**
         * Moves the cohort to a stage, audited; fails with an {@link IllegalArgumentException} when the move skips a
         * stage ({@link CohortStage#canMoveTo}).
         */
        Future<StageRecord> set(String cohort, CohortStage stage, String actor, String reason);

        /**
         * A cohort's stage as stored: who set it, when and why.
         *
         * @param cohort    the cohort
         * @param stage     its stage
         * @param changedBy the actor of the last change
         * @param changedAt when
         * @param reason    the operator's reason, or null
         */
        record StageRecord(String cohort, CohortStage stage, String changedBy, Instant changedAt, String reason) {

            /** What the admin API and {@code strangler stage show} print. */
            public JsonObject toJson() {
                return new JsonObject().put("cohort", cohort).put("stage", stage.id()).put("changedBy", changedBy)
                        .put("changedAt", changedAt.toString()).put("reason", reason);
            }
        }
    }

    /**
     * What applying one captured change of one user did (issue 17).
     *
     * @param userKey   the user
     * @param result    what happened
     * @param rows      rows written to the other side
     * @param conflicts fields both sides changed since the last sync, each won by the side that owns the user
     * @param ledgerId  the ledger entry ({@code CATCH_UP} or {@code SYNC_BACK}), or null when nothing was written
     */
    public record SyncOutcome(String userKey, Result result, int rows, List<Conflict> conflicts, Long ledgerId) {

        public SyncOutcome {
            conflicts = List.copyOf(conflicts);
        }

        /** Nothing written, for a reason. */
        public static SyncOutcome skipped(String userKey, Result result) {
            return new SyncOutcome(userKey, result, 0, List.of(), null);
        }

        /** The kinds of result; {@link #applied()} says which wrote something. */
        public enum Result {
            /** Rows were written to the other side and a ledger entry recorded. */
            APPLIED,
            /** The other side already held the change (a repeated delivery, or Strangler's own write). */
            UNCHANGED,
            /** The user is not migrated: their data lives on legacy alone, nothing to keep in step. */
            NOT_MIGRATED,
            /** Legacy's data of the user no longer passes the plan's rules: nothing applied, logged. */
            INVALID,
            /** The user's cohort stage does not sync in this direction. */
            STAGE_OFF;

            public boolean applied() {
                return this == APPLIED;
            }
        }

        /**
         * A field both sides changed since the last sync.
         *
         * @param entity the entity
         * @param row    the row's key
         * @param field  the modern column
         * @param kept   the owner's value, which stays (JSON text)
         * @param lost   the other side's value, overwritten (JSON text)
         * @param base   the value both had at the last sync (JSON text)
         */
        public record Conflict(String entity, String row, String field, String kept, String lost, String base) {
        }
    }

    /**
     * How {@code strangler sync} runs (issue 17).
     *
     * @param name       names the replication slots ({@code NAME_legacy}, {@code NAME_modern}), their publications, the
     *                   offsets and the lease; processes with the same name stand by for each other
     * @param instanceId this process, as the lease and the ledger show it
     * @param leaseTtl   how long the lease lasts without renewal; a standby takes over after it
     * @param cohortOf   a user's cohort name (the first routing cohort that selects them), or null for none
     * @param clock      the clock for lag and the lease
     */
    public record SyncSettings(String name, String instanceId, Duration leaseTtl, Function<String, String> cohortOf,
                               Clock clock) {

        public SyncSettings {
            Objects.requireNonNull(cohortOf, "cohortOf");
            if (!name.matches("[a-z_][a-z0-9_]{0,40}")) {
                throw new IllegalArgumentException("sync name: " + name
                        + " (expected: lower-case letters, digits and _,"
                        + " at most 41, as a replication slot's name allows)");
            }
            if (leaseTtl.isNegative() || leaseTtl.isZero()) {
                throw new IllegalArgumentException("lease: " + leaseTtl + " (expected: more than 0)");
            }
        }

        /** The replication slot on one side: {@code strangler_legacy}. */
        public String slot(String side) {
            return name + "_" + side;
        }
    }

    /**
     * The sync process's figures (issue 17), as its holder last wrote them to the state database (read back by
     * {@code sync.SyncRecords}).
     *
     * @param holder       the process holding the slots
     * @param updatedAt    when it wrote them
     * @param lagSeconds   by direction ({@code legacy_to_modern}, {@code modern_to_legacy}): the age of the last change
     *                     applied when it was applied; 0 when idle
     * @param applied      events applied, by direction
     * @param skipped      events skipped, by reason ({@code own_write}, {@code not_migrated}, {@code unchanged}, ...)
     * @param conflicts    conflicts, by entity
     * @param retainedWal  bytes of WAL each slot keeps on its server, by slot
     */
    public record SyncStatus(String holder, Instant updatedAt, Map<String, Double> lagSeconds, Map<String,
                             Long> applied,
                             Map<String, Long> skipped, Map<String, Long> conflicts, Map<String, Long> retainedWal) {

        public SyncStatus {
            lagSeconds = Map.copyOf(lagSeconds);
            applied = Map.copyOf(applied);
            skipped = Map.copyOf(skipped);
            conflicts = Map.copyOf(conflicts);
            retainedWal = Map.copyOf(retainedWal);
        }

        public JsonObject toJson() {
            return new JsonObject().put("holder", holder).put("updatedAt", updatedAt.toString())
                    .put("lagSeconds", new JsonObject(Map.copyOf(lagSeconds)))
                    .put("applied", new JsonObject(Map.copyOf(applied)))
                    .put("skipped", new JsonObject(Map.copyOf(skipped)))
                    .put("conflicts", new JsonObject(Map.copyOf(conflicts)))
                    .put("retainedWalBytes", new JsonObject(Map.copyOf(retainedWal)));
        }
    }
}
