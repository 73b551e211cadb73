package dev.strangler.migrator.state;

import dev.strangler.migrator.MigrationEngine;
import dev.strangler.migrator.MigrationEngine.Trigger;
import dev.strangler.migrator.MigrationEngine.Violation;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One attempt as the ledger records it (SPEC §4.3). The id is given by the database when appended.
 *
 * @param userKey        the user
 * @param attempt        the user's attempt number, from 1
 * @param trigger        what started the attempt
 * @param startedAt      when it started
 * @param finishedAt     when it finished
 * @param planVersion    the hash of the plan that ran
 * @param sourceSnapshot entity name to legacy rows read, or null when nothing was read
 * @param targetSnapshot entity name to modern rows written, or null when nothing was written
 * @param errors         the violations, or one entry describing the failure
 * @param instanceId     the instance that ran the attempt
 * @param outcome        the ledger outcome ({@code MIGRATED}, {@code INVALID}, ...)
 */
public record LedgerEntry(String userKey, int attempt, Trigger trigger, Instant startedAt, Instant finishedAt,
                          String planVersion, JsonObject sourceSnapshot, JsonObject targetSnapshot,
                          List<Violation> errors, String instanceId, String outcome) {

    public LedgerEntry {
        Objects.requireNonNull(userKey, "userKey");
        Objects.requireNonNull(trigger, "trigger");
        Objects.requireNonNull(outcome, "outcome");
        errors = List.copyOf(errors);
    }

    /** The entry's outcome taken from an attempt's outcome, the one place outcomes become ledger values. */
    public static String outcomeOf(MigrationEngine.Outcome outcome) {
        return outcome.ledgerOutcome();
    }

    /** How long the attempt took. */
    public Duration duration() {
        return Duration.between(startedAt, finishedAt);
    }
}
