package dev.strangler.proxy.metrics;

import dev.strangler.migrator.MigratorSettings.StepListener;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.concurrent.atomic.LongAdder;

/**
 * The catch-ups of this process's migrator (the write fence's second half: legacy changed between the migration's
 * read and the cleaned mark, and the mark brought the change into modern first), as
 * {@code strangler_catch_ups_total} and {@code strangler_catch_up_entities_total} (entities with rows upserted or
 * deleted) and in {@code GET /admin/status}. The migrator's settings are built before the server's registry, so the
 * serving process makes one, hands {@link #around} to the settings and the same object to the server, as it does
 * with the requests in flight.
 *
 * <pre>{@code
 * CatchUps catchUps = new CatchUps();
 * Migrator migrator = Migrator.start(vertx, plan, StranglerServer.migratorSettings(plan, inFlight, catchUps)).await();
 * }</pre>
 */
public final class CatchUps {

    private final LongAdder users = new LongAdder();
    private final LongAdder entities = new LongAdder();

    /** {@code steps}, also counting each catch-up here. */
    public StepListener around(StepListener steps) {
        return new StepListener() {
            @Override
            public void stepped(String userKey, Step step, Instant started, Instant ended, boolean succeeded) {
                steps.stepped(userKey, step, started, ended, succeeded);
            }

            @Override
            public void caughtUp(String userKey, int changed) {
                users.increment();
                entities.add(changed);
                steps.caughtUp(userKey, changed);
            }
        };
    }

    /** Publishes the counts in {@code registry}. */
    public void bindTo(MeterRegistry registry) {
        FunctionCounter.builder("strangler.catch.ups", users, LongAdder::sum)
                .description("Cleaned marks that first brought into modern what legacy changed since the migration")
                .register(registry);
        FunctionCounter.builder("strangler.catch.up.entities", entities, LongAdder::sum)
                .description("Entities with rows upserted into modern or deleted from it by catch-ups")
                .register(registry);
    }

    /** Catch-ups since the process started. */
    public long count() {
        return users.sum();
    }

    /** Entities changed by those catch-ups. */
    public long entities() {
        return entities.sum();
    }
}
