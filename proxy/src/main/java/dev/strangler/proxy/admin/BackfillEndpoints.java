package dev.strangler.proxy.admin;

import dev.strangler.migrator.Backfills;
import dev.strangler.migrator.MigrationEngine;
import dev.strangler.migrator.MigrationEngine.Trigger;
import dev.strangler.proxy.metrics.EventLog;
import dev.strangler.proxy.metrics.ObservedMigrations;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code POST /admin/backfill/start}, {@code POST /admin/backfill/stop} and {@code GET /admin/backfill}: one
 * backfill worker inside this instance, for an operator who would rather not run {@code strangler backfill} on a
 * host. Its attempts count in this instance's migration metrics like the request path's.
 */
public final class BackfillEndpoints implements Endpoints {

    private final Backfills backfills;
    private final ObservedMigrations migrations;
    private final EventLog log;
    private final Clock clock;
    private final String workerHost;
    private final AtomicReference<Backfills.Running> running = new AtomicReference<>();

    public BackfillEndpoints(Backfills backfills, ObservedMigrations migrations, EventLog log, Clock clock,
                             String workerHost) {
        this.backfills = backfills;
        this.migrations = migrations;
        this.log = log;
        this.clock = clock;
        this.workerHost = workerHost;
    }

    @Override
    public void mount(Router router) {
        router.post("/admin/backfill/start").handler(this::start);
        router.post("/admin/backfill/stop").handler(this::stop);
        router.get("/admin/backfill").handler(context -> AdminApi.send(context, 200, describe(running.get())));
    }

    private void start(RoutingContext context) {
        Backfills.Settings settings = settings(AdminApi.body(context), workerHost);
        Backfills.Running current = running.get();
        if (current != null && !current.done().isComplete()) {
            throw new AdminError(409, "already_running", "a backfill is running on this instance; stop it first");
        }
        Backfills.Running started = backfills.start(settings, new Backfills.Listener() {
            @Override
            public void attempted(MigrationEngine.Outcome outcome, Duration took) {
                migrations.record(outcome.userKey(), Trigger.BACKFILL, outcome, null, took.toNanos());
            }
        }, clock);
        running.set(started);
        log.write("admin_change", new JsonObject().put("action", "backfill_start")
                .put("actor", AdminApi.actor(context)).put("rate", settings.rate())
                .put("concurrency", settings.concurrency()).put("limit", settings.limit()));
        AdminApi.send(context, 202, describe(started));
    }

    private void stop(RoutingContext context) {
        Backfills.Running current = running.get();
        if (current == null || current.done().isComplete()) {
            throw new AdminError(409, "not_running", "no backfill is running on this instance");
        }
        current.stop();
        log.write("admin_change", new JsonObject().put("action", "backfill_stop")
                .put("actor", AdminApi.actor(context)));
        AdminApi.send(context, 202, describe(current).put("stopping", true));
    }

    private static Backfills.Settings settings(JsonObject body, String workerHost) {
        Backfills.Settings settings = Backfills.Settings.defaults(workerHost);
        try {
            if (body.containsKey("rate")) {
                settings = settings.withRate(number(body, "rate").doubleValue());
            }
            if (body.containsKey("concurrency")) {
                settings = settings.withConcurrency(number(body, "concurrency").intValue());
            }
            if (body.containsKey("loadBatch")) {
                settings = settings.withLoadBatch(number(body, "loadBatch").intValue());
            }
            if (body.containsKey("limit")) {
                settings = settings.withLimit(number(body, "limit").longValue());
            }
            if (body.containsKey("retryFailed")) {
                if (!(body.getValue("retryFailed") instanceof Boolean retry)) {
                    throw AdminError.badRequest("retryFailed: expected true or false");
                }
                settings = settings.withRetryFailed(retry);
            }
        } catch (IllegalArgumentException e) {
            throw AdminError.badRequest(e.getMessage());
        }
        return settings;
    }

    private static Number number(JsonObject body, String field) {
        if (!(body.getValue(field) instanceof Number number)) {
            throw AdminError.badRequest(field + ": expected a number");
        }
        return number;
    }

    private static JsonObject describe(Backfills.Running backfill) {
        if (backfill == null) {
            return new JsonObject().put("running", false);
        }
        return backfill.progress().toJson().put("running", !backfill.done().isComplete())
                .put("failure", backfill.done().failed() ? backfill.done().cause().getMessage() : null);
    }
}
