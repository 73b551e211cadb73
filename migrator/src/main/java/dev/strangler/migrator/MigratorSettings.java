package dev.strangler.migrator;

import dev.strangler.config.MigrationPlan;
import dev.strangler.migrator.spi.MigrationExtension;
import dev.strangler.rules.Upstream;
import io.vertx.core.Future;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.ServiceLoader;

/**
 * How the engine runs, beyond what the plan says: the time source, this instance's name in the ledger, the
 * database session limits that keep a stuck database from holding a user's lock for ever, how often owed cleaned
 * marks are retried, and the extensions.
 *
 * @param clock                    the time source for ledger times and {@code retryAfter}
 * @param instanceId               this instance's name in ledger entries
 * @param statementTimeout         PostgreSQL {@code statement_timeout} of every engine connection
 * @param lockTimeout              PostgreSQL {@code lock_timeout}, including the wait for a user's lock
 * @param idleInTransactionTimeout PostgreSQL {@code idle_in_transaction_session_timeout}
 * @param cleanedRepairEvery       how often owed legacy cleaned marks are retried
 * @param poolSize                 connections per database
 * @param extensions               replacements of entity steps, asked in order
 * @param steps                    hears each step of each attempt (the proxy's tracing)
 * @param requests                 this instance's requests in flight per user, which an attempt waits for
 * @param markDelay                how long after its commit the cleaned mark of a migration that no request on this
 *                                 instance started is due (README "In transition"; {@code migration.markDelay},
 *                                 default half of {@code migration.timeout}); zero writes it at once, as a
 *                                 request's migration does
 */
public record MigratorSettings(Clock clock, String instanceId, Duration statementTimeout, Duration lockTimeout,
                               Duration idleInTransactionTimeout, Duration cleanedRepairEvery, int poolSize,
                               List<MigrationExtension> extensions, StepListener steps, InFlightRequests requests,
                               Duration markDelay) {

    public MigratorSettings {
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(instanceId, "instanceId");
        positive("statementTimeout", statementTimeout);
        positive("lockTimeout", lockTimeout);
        positive("idleInTransactionTimeout", idleInTransactionTimeout);
        positive("cleanedRepairEvery", cleanedRepairEvery);
        if (poolSize < 1) {
            throw new IllegalArgumentException("poolSize: " + poolSize + " (expected: 1 or more)");
        }
        extensions = List.copyOf(extensions);
        Objects.requireNonNull(steps, "steps");
        Objects.requireNonNull(requests, "requests");
        Objects.requireNonNull(markDelay, "markDelay");
        if (markDelay.isNegative()) {
            throw new IllegalArgumentException("markDelay: " + markDelay + " (expected: zero or more)");
        }
    }

    /**
     * Sensible settings for a plan: statements and lock waits bounded by {@code migration.timeout}, an idle
     * transaction by twice that (at least 10 s), marks retried every 30 s and deferred by {@code migration.markDelay}
     * (default half of {@code migration.timeout}), 8 connections per database, the system clock, and every
     * {@link MigrationExtension} on the class path.
     */
    public static MigratorSettings defaults(MigrationPlan plan) {
        Duration idle = plan.timeout().multipliedBy(2);
        return new MigratorSettings(Clock.systemUTC(), defaultInstanceId(), plan.timeout(), plan.timeout(),
                idle.compareTo(Duration.ofSeconds(10)) < 0 ? Duration.ofSeconds(10) : idle, Duration.ofSeconds(30), 8,
                ServiceLoader.load(MigrationExtension.class).stream().map(ServiceLoader.Provider::get).toList(),
                StepListener.NONE, InFlightRequests.NONE, plan.markDelay());
    }

    public MigratorSettings withClock(Clock value) {
        return new MigratorSettings(value, instanceId, statementTimeout, lockTimeout, idleInTransactionTimeout,
                cleanedRepairEvery, poolSize, extensions, steps, requests, markDelay);
    }

    public MigratorSettings withInstanceId(String value) {
        return new MigratorSettings(clock, value, statementTimeout, lockTimeout, idleInTransactionTimeout,
                cleanedRepairEvery, poolSize, extensions, steps, requests, markDelay);
    }

    public MigratorSettings withStatementTimeout(Duration value) {
        return new MigratorSettings(clock, instanceId, value, lockTimeout, idleInTransactionTimeout,
                cleanedRepairEvery, poolSize, extensions, steps, requests, markDelay);
    }

    public MigratorSettings withCleanedRepairEvery(Duration value) {
        return new MigratorSettings(clock, instanceId, statementTimeout, lockTimeout, idleInTransactionTimeout,
                value, poolSize, extensions, steps, requests, markDelay);
    }

    public MigratorSettings withPoolSize(int value) {
        return new MigratorSettings(clock, instanceId, statementTimeout, lockTimeout, idleInTransactionTimeout,
                cleanedRepairEvery, value, extensions, steps, requests, markDelay);
    }

    public MigratorSettings withExtensions(List<MigrationExtension> value) {
        return new MigratorSettings(clock, instanceId, statementTimeout, lockTimeout, idleInTransactionTimeout,
                cleanedRepairEvery, poolSize, value, steps, requests, markDelay);
    }

    public MigratorSettings withSteps(StepListener value) {
        return new MigratorSettings(clock, instanceId, statementTimeout, lockTimeout, idleInTransactionTimeout,
                cleanedRepairEvery, poolSize, extensions, value, requests, markDelay);
    }

    public MigratorSettings withRequests(InFlightRequests value) {
        return new MigratorSettings(clock, instanceId, statementTimeout, lockTimeout, idleInTransactionTimeout,
                cleanedRepairEvery, poolSize, extensions, steps, value, markDelay);
    }

    public MigratorSettings withMarkDelay(Duration value) {
        return new MigratorSettings(clock, instanceId, statementTimeout, lockTimeout, idleInTransactionTimeout,
                cleanedRepairEvery, poolSize, extensions, steps, requests, value);
    }

    private static void positive(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + ": " + value + " (expected: more than zero)");
        }
    }

    private static String defaultInstanceId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            host = "unknown-host";
        }
        return host + "/" + ManagementFactory.getRuntimeMXBean().getPid();
    }

    /**
     * Hears each step of each migration attempt, so that the proxy can trace an attempt as one span with a child span
     * per step without the migrator depending on a tracing library. Called on event-loop threads, and for the
     * validate and transform steps of a backfill batch on a worker thread: must not block, and must be thread-safe.
     */
    public interface StepListener {

        /** Nothing listens. */
        StepListener NONE = new StepListener() {
        };

        /** The steps of SPEC §4.2, in the order an attempt runs them. */
        enum Step {
            READ, VALIDATE, TRANSFORM, LOAD, COMMIT, MARK_CLEANED;

            /** {@code read}, {@code validate}, ..., {@code mark_cleaned}. */
            public String id() {
                return name().toLowerCase(Locale.ROOT);
            }
        }

        /** A step of the user's attempt ran from {@code started} to {@code ended}, and succeeded or not. */
        default void stepped(String userKey, Step step, Instant started, Instant ended, boolean succeeded) {
        }

        /**
         * The user's cleaned mark committed after a catch-up (the write fence's second half, SPEC §4.2 step 5):
         * legacy had changed since the migration read it, and {@code entities} of the plan's entities had rows
         * upserted into modern or deleted from it (a {@code CATCH_UP} ledger entry records the whole).
         */
        default void caughtUp(String userKey, int entities) {
        }
    }

    /**
     * The requests this instance has in flight to each upstream, per user, as the proxy's forwarding path counts them.
     * A migration waits for the user's legacy requests to finish before it reads legacy (the first half of the write
     * fence, SPEC §4.2): a write still on its way to legacy would otherwise land after the read.
     *
     * <pre>{@code
     * requests.drained("ALFKI", Upstream.LEGACY, Duration.ofSeconds(2))   // true at once when none is in flight
     * }</pre>
     */
    public interface InFlightRequests {

        /** Nothing is counted (a command-line process forwards no requests): always drained. */
        InFlightRequests NONE = new InFlightRequests() {
            @Override
            public Future<Boolean> drained(String userKey, Upstream upstream, Duration bound) {
                return Future.succeededFuture(true);
            }

            @Override
            public String toString() {
                return "no requests counted";
            }
        };

        /**
         * Completes with true as soon as no request of the user is in flight to {@code upstream} on this instance, or
         * with false when some still are after {@code bound}. Never fails.
         */
        Future<Boolean> drained(String userKey, Upstream upstream, Duration bound);
    }
}
