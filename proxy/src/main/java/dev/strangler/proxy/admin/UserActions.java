package dev.strangler.proxy.admin;

import dev.strangler.migrator.ChangeAudit;
import dev.strangler.migrator.MigrationEngine;
import dev.strangler.migrator.MigrationEngine.Trigger;
import dev.strangler.migrator.Rollbacks;
import dev.strangler.migrator.UserStateStore;
import dev.strangler.migrator.UserStateStore.PinChange;
import dev.strangler.proxy.metrics.ObservedMigrations;
import dev.strangler.proxy.routing.UserFactsCache;
import dev.strangler.rules.Upstream;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * The changes an operator makes to one user (what they see is {@link UserLookup}): the one path of every such change,
 * whether it came from {@code /admin/users/{key}/**} or the console. Each change invalidates the user's cached facts
 * here at once (every other instance learns it from the state table's notification), is audited with the actor and
 * reason ({@link ChangeAudit}: a pin in its own transaction, a migration or rollback right after it, beside the ledger
 * entry it wrote) and logged with the key hashed when the configuration says so.
 */
public final class UserActions {

    private final UserStateStore states;
    private final Rollbacks rollbacks;
    private final ObservedMigrations migrations;
    private final UserFactsCache facts;
    private final ChangeLog changes;

    public UserActions(UserStateStore states, Rollbacks rollbacks, ObservedMigrations migrations,
                       UserFactsCache facts, ChangeLog changes) {
        this.states = states;
        this.rollbacks = rollbacks;
        this.migrations = migrations;
        this.facts = facts;
        this.changes = changes;
    }

    /** Migrates the user now; with {@code force}, also one already migrated or rolled back. */
    public Future<MigrationEngine.Outcome> migrate(String key, boolean force, String actor, String reason) {
        return migrations.migrate(key, Trigger.ADMIN, force).compose(outcome -> {
            facts.invalidate(key);
            JsonObject details = new JsonObject().put("outcome", outcome.ledgerOutcome()).put("force", force);
            log("migrate", key, actor, details);
            return audit("migrate", key, actor, reason, details).map(outcome);
        });
    }

    /** Rolls a migrated user back to legacy. */
    public Future<Rollbacks.Outcome> rollback(String key, String actor, String reason) {
        return rollbacks.rollback(key, Trigger.ADMIN).compose(outcome -> {
            facts.invalidate(key);
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
        return states.pin(key, to, changes.now(), actor, reason).map(pinned -> {
            if (pinned.applied()) {
                facts.invalidate(key);
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
        return changes.audit(kind, key, actor, reason, details);
    }

    private void log(String action, String key, String actor, JsonObject details) {
        changes.write(new JsonObject().put("action", action)
                .put("user", changes.user(key)).put("actor", actor).mergeIn(details));
    }
}
