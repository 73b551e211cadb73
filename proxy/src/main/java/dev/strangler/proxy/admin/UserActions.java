package dev.strangler.proxy.admin;

import dev.strangler.migrator.ChangeAudit;
import dev.strangler.migrator.Coexistence.CohortStage;
import dev.strangler.migrator.MigrationEngine;
import dev.strangler.migrator.MigrationEngine.DryRun;
import dev.strangler.migrator.MigrationEngine.Trigger;
import dev.strangler.migrator.Rollbacks;
import dev.strangler.migrator.UserStateStore.PinChange;
import dev.strangler.migrator.UserStateStore.UserFacts;
import dev.strangler.proxy.routing.StageRouting;
import dev.strangler.rules.Decision;
import dev.strangler.rules.RequestFacts;
import dev.strangler.rules.RoutingTable;
import dev.strangler.rules.Upstream;
import dev.strangler.rules.UserStatus;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * One user as an operator sees and changes them: the one path of every such change, whether it came from
 * {@code /admin/users/{key}/**} or the console. Each change invalidates the user's cached facts here at once (every
 * other instance learns it from the state table's notification), is audited with the actor and reason
 * ({@link ChangeAudit}: a pin in its own transaction, a migration or rollback right after it, beside the ledger
 * entry it wrote) and logged with the key hashed when the configuration says so.
 */
public final class UserActions {

    private final AdminServices services;

    UserActions(AdminServices services) {
        this.services = services;
    }

    /**
     * What the state database knows of the user, the decision a request on a rollout path would get and why, and
     * the user's last {@code ledgerEntries} ledger entries, newest first.
     */
    public Future<UserView> show(String key, int ledgerEntries) {
        Future<UserFacts> facts = services.migrator().states().find(key);
        Future<List<JsonObject>> ledger = services.migrator().history().ofUser(key, ledgerEntries);
        return Future.all(facts, ledger).map(both -> {
            UserFacts user = facts.result();
            UserStatus status = new UserStatus(user.state(), user.pin(), services.migrator().engine().retryDue(user));
            RoutingTable routing = services.resolver().table();
            RequestFacts bare = RequestFacts.of("GET", "/");
            StageRouting stages = services.resolver().stages();
            Decision decision = stages.decideRollout(routing, key, bare, status);
            return new UserView(user, decision, stages.stageOf(routing, decision, bare), ledger.result());
        });
    }

    /** Migrates the user now; with {@code force}, also one already migrated or rolled back. */
    public Future<MigrationEngine.Outcome> migrate(String key, boolean force, String actor, String reason) {
        return services.migrations().migrate(key, Trigger.ADMIN, force).compose(outcome -> {
            services.facts().invalidate(key);
            JsonObject details = new JsonObject().put("outcome", outcome.ledgerOutcome()).put("force", force);
            log("migrate", key, actor, details);
            return audit("migrate", key, actor, reason, details).map(outcome);
        });
    }

    /** Reads, validates and transforms the user's data without writing anything. */
    public Future<DryRun> dryRun(String key) {
        return services.migrator().engine().dryRun(key);
    }

    /** Rolls a migrated user back to legacy. */
    public Future<Rollbacks.Outcome> rollback(String key, String actor, String reason) {
        return services.migrator().rollbacks().rollback(key, Trigger.ADMIN).compose(outcome -> {
            services.facts().invalidate(key);
            JsonObject details = new JsonObject().put("outcome", rollbackOutcome(outcome));
            if (outcome instanceof Rollbacks.Outcome.RolledBack rolledBack) {
                details.put("ledgerId", rolledBack.ledgerId());
            }
            log("rollback", key, actor, details);
            return audit("rollback", key, actor, reason, details).map(outcome);
        });
    }

    /** Sets, or with a null {@code to} clears, the user's pin; the store audits it in the same transaction. */
    public Future<PinChange> pin(String key, Upstream to, String actor, String reason) {
        return services.migrator().states().pin(key, to, services.clock().instant(), actor, reason).map(pinned -> {
            if (pinned.applied()) {
                services.facts().invalidate(key);
                log(to == null ? "unpin" : "pin", key, actor, new JsonObject().put("to", to == null ? null : to.id()));
            }
            return pinned;
        });
    }

    /** {@code ROLLED_BACK}, {@code NOT_ROLLED_BACK} or {@code FAILED}. */
    public static String rollbackOutcome(Rollbacks.Outcome outcome) {
        return outcome instanceof Rollbacks.Outcome.RolledBack ? "ROLLED_BACK"
                : outcome instanceof Rollbacks.Outcome.NotRolledBack ? "NOT_ROLLED_BACK" : "FAILED";
    }

    private Future<Void> audit(String kind, String key, String actor, String reason, JsonObject details) {
        return services.migrator().audit().record(new ChangeAudit.Entry(kind, key, actor, services.clock().instant(),
                reason, details));
    }

    private void log(String action, String key, String actor, JsonObject details) {
        services.log().write("admin_change", new JsonObject().put("action", action)
                .put("user", services.log().user(key)).put("actor", actor).mergeIn(details));
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
