package dev.strangler.proxy.admin;

import dev.strangler.migrator.Coexistence.CohortStage;
import dev.strangler.migrator.MigrationEngine;
import dev.strangler.migrator.MigrationEngine.DryRun;
import dev.strangler.migrator.Reports;
import dev.strangler.migrator.UserStateStore;
import dev.strangler.migrator.UserStateStore.UserFacts;
import dev.strangler.proxy.routing.DecidingResolver;
import dev.strangler.proxy.routing.StageRouting;
import dev.strangler.rules.Decision;
import dev.strangler.rules.RequestFacts;
import dev.strangler.rules.RoutingTable;
import dev.strangler.rules.UserStatus;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * One user as an operator sees them, whether through {@code GET /admin/users/{key}} or the console: what the state
 * database knows, where a request would go and why, the ledger, and a dry run.
 */
public final class UserLookup {

    private final UserStateStore states;
    private final Reports.LedgerHistory history;
    private final MigrationEngine engine;
    private final DecidingResolver resolver;

    public UserLookup(UserStateStore states, Reports.LedgerHistory history, MigrationEngine engine,
                      DecidingResolver resolver) {
        this.states = states;
        this.history = history;
        this.engine = engine;
        this.resolver = resolver;
    }

    /**
     * What the state database knows of the user, the decision a request on a rollout path would get and why, and
     * the user's last {@code ledgerEntries} ledger entries, newest first.
     */
    public Future<UserView> show(String key, int ledgerEntries) {
        Future<UserFacts> facts = states.find(key);
        Future<List<JsonObject>> ledger = history.ofUser(key, ledgerEntries);
        return Future.all(facts, ledger).map(both -> {
            UserFacts user = facts.result();
            UserStatus status = new UserStatus(user.state(), user.pin(), engine.retryDue(user));
            RoutingTable routing = resolver.table();
            RequestFacts bare = RequestFacts.of("GET", "/");
            StageRouting stages = resolver.stages();
            Decision decision = stages.decideRollout(routing, key, bare, status);
            return new UserView(user, decision, stages.stageOf(routing, decision, bare), ledger.result());
        });
    }

    /** Reads, validates and transforms the user's data without writing anything. */
    public Future<DryRun> dryRun(String key) {
        return engine.dryRun(key);
    }

    /**
     * One user as {@code GET /admin/users/{key}} shows them.
     *
     * @param facts    state, pin and last attempt
     * @param decision where a request on a rollout path would go, and why
     * @param stage    the stage of the user's cohort as this instance routes by it ({@link StageRouting})
     * @param ledger   the last ledger entries, newest first, as the ledger reader gives them
     */
    public record UserView(UserFacts facts, Decision decision, CohortStage stage, List<JsonObject> ledger) {

        public UserView {
            ledger = List.copyOf(ledger);
        }

        /** The decision in words, with the stage of the user's cohort and how that stage routes. */
        public String explain() {
            return decision.explain() + "; stage " + stage.id() + " (" + StageRouting.describe(stage) + ")";
        }

        public JsonObject toJson() {
            JsonArray entries = new JsonArray();
            ledger.forEach(entries::add);
            return new JsonObject().put("user", facts.userKey()).put("state", facts.state().name())
                    .put("pin", facts.pin() == null ? null : facts.pin().id())
                    .put("lastAttemptAt", facts.lastAttemptAt() == null ? null : facts.lastAttemptAt().toString())
                    .put("decision", new JsonObject().put("upstream", decision.upstream().id())
                            .put("migrateFirst", decision.migrateFirst()).put("cohort", decision.cohort())
                            .put("bucket", decision.bucket()).put("reason", decision.reason().name())
                            .put("stage", stage.id()).put("explain", explain()))
                    .put("ledger", entries);
        }
    }
}
