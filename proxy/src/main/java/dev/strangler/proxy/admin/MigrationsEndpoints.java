package dev.strangler.proxy.admin;

import dev.strangler.migrator.MigrationEngine.Trigger;
import dev.strangler.migrator.Reports;
import dev.strangler.migrator.UserStateStore;
import dev.strangler.proxy.metrics.ObservedMigrations;
import dev.strangler.proxy.routing.UserFactsCache;
import dev.strangler.rules.UserState;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The fleet's migrations: {@code GET /admin/migrations} (the ledger, by outcome, user or broken rule) and
 * {@code POST /admin/migrations/retry} (the differential migration of every failed and invalid user,
 * {@value #RETRY_PARALLELISM} at a time).
 */
public final class MigrationsEndpoints implements Endpoints {

    private static final Set<String> OUTCOMES = Set.of("MIGRATED", "INVALID", "FAILED", "TIMEOUT", "ROLLED_BACK",
            "SKIPPED", "CATCH_UP", "SYNC_BACK");
    private static final int MAX_LIMIT = 1000;
    private static final int RETRY_PARALLELISM = 4;

    private final Reports.LedgerHistory history;
    private final UserStateStore states;
    private final ObservedMigrations migrations;
    private final UserFactsCache facts;
    private final ChangeLog changes;

    public MigrationsEndpoints(Reports.LedgerHistory history, UserStateStore states, ObservedMigrations migrations,
                               UserFactsCache facts, ChangeLog changes) {
        this.history = history;
        this.states = states;
        this.migrations = migrations;
        this.facts = facts;
        this.changes = changes;
    }

    @Override
    public void mount(Router router) {
        router.get("/admin/migrations").handler(this::migrations);
        router.post("/admin/migrations/retry").handler(this::retry);
    }

    private void migrations(RoutingContext context) {
        int limit = limit(context.request().getParam("limit", "50"));
        String outcome = context.request().getParam("outcome");
        String user = context.request().getParam("user");
        String rule = context.request().getParam("rule");
        if (outcome != null && !OUTCOMES.contains(outcome)) {
            throw AdminError.badRequest("outcome: " + outcome + " (expected one of " + new TreeSet<>(OUTCOMES) + ")");
        }
        Future<List<JsonObject>> entries = user != null ? history.ofUser(user, limit)
                : rule != null ? history.brokeRule(rule, limit)
                : history.recent(outcome, limit);
        entries.onSuccess(records -> {
            JsonArray list = new JsonArray();
            records.stream().filter(r -> outcome == null || outcome.equals(r.getString("outcome")))
                    .forEach(list::add);
            AdminApi.send(context, 200, new JsonObject().put("entries", list));
        }).onFailure(context::fail);
    }

    private static int limit(String text) {
        try {
            int limit = Integer.parseInt(text);
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException ignored) {
            // answered below, with what was expected
        }
        throw AdminError.badRequest("limit: " + text + " (expected: 1.." + MAX_LIMIT + ")");
    }

    private void retry(RoutingContext context) {
        String actor = AdminApi.actor(context);
        states.keysIn(Set.of(UserState.INVALID, UserState.FAILED)).compose(keys -> {
            Queue<String> work = new ArrayDeque<>(keys);
            Map<String, Integer> counts = new TreeMap<>();
            Promise<Void> done = Promise.promise();
            int[] running = {Math.min(RETRY_PARALLELISM, keys.size())};
            if (running[0] == 0) {
                done.complete();
            }
            for (int i = 0; i < Math.min(RETRY_PARALLELISM, keys.size()); i++) {
                next(work, counts, running, done);
            }
            return done.future().map(finished -> {
                JsonObject outcomes = new JsonObject();
                counts.forEach(outcomes::put);
                return new JsonObject().put("retried", keys.size()).put("outcomes", outcomes);
            });
        }).compose(result -> {
            changes.write(new JsonObject().put("action", "retry").put("actor", actor).mergeIn(result));
            return changes.audit("retry", "failed and invalid users", actor,
                    UserEndpoints.reason(AdminApi.body(context)), result).map(result);
        }).onSuccess(result -> AdminApi.send(context, 200, result)).onFailure(context::fail);
    }

    private void next(Queue<String> work, Map<String, Integer> counts, int[] running, Promise<Void> done) {
        String key;
        synchronized (work) {
            key = work.poll();
            if (key == null) {
                if (--running[0] == 0) {
                    done.complete();
                }
                return;
            }
        }
        migrations.migrate(key, Trigger.ADMIN, false).onComplete(attempt -> {
            String outcome = attempt.succeeded() ? attempt.result().ledgerOutcome() : "FAILED";
            synchronized (work) {
                counts.merge(outcome, 1, Integer::sum);
            }
            facts.invalidate(key);
            next(work, counts, running, done);
        });
    }
}
