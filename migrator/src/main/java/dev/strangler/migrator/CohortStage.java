package dev.strangler.migrator;

import java.util.Arrays;
import java.util.Locale;

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
    /** Modern alone: sync stopped, the cohort's legacy rows may be archived once {@code strangler retire} agrees. */
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
