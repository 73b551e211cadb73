package dev.strangler.migrator;

import dev.strangler.config.MigrationPlan;
import dev.strangler.migrator.engine.Wiring;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * The migrator of one plan, the module's front door: {@link #start} wires it from the plan and the settings (the
 * legacy and modern pools, the state schema, the single-flight engine, the periodic repair of owed cleaned marks),
 * and each capability is an interface of its own. The proxy, the admin API and the command line start one and close
 * it when done; nothing else of the module is theirs to use.
 *
 * <pre>{@code
 * Migrator migrator = Migrator.start(vertx, plan, MigratorSettings.defaults(plan)).await();
 * migrator.engine().ensureMigrated("ALFKI", Trigger.REQUEST);
 * migrator.states().find("ALFKI");
 * migrator.close();
 * }</pre>
 */
public interface Migrator extends AutoCloseable {

    /** Creates the pools, brings the state schema up to date, and starts the cleaned-mark repair. */
    static Future<Migrator> start(Vertx vertx, MigrationPlan plan, MigratorSettings settings) {
        return Wiring.start(vertx, plan, settings);
    }

    /**
     * Creates the migrator without touching either database (pools connect on first use), for a process that must
     * start while a database is down; call {@link #upgradeSchema()} once the modern database answers.
     */
    static Migrator create(Vertx vertx, MigrationPlan plan, MigratorSettings settings) {
        return Wiring.create(vertx, plan, settings);
    }

    /** Brings the state schema on modern up to date; completes with the version found before. */
    Future<Integer> upgradeSchema();

    /** The plan this migrator runs. */
    MigrationPlan plan();

    /** Lazy migration, one user at a time: single flight, dry run, retry policy. */
    MigrationEngine engine();

    /** Users' states, pins and the per-request lookup. */
    UserStateStore states();

    /**
     * Users' states for the proxy's request path, on a small pool of their own (4 connections to modern), so neither
     * migrations nor reports can starve the lookups that route every request.
     */
    UserStateStore stateLookups();

    /** Rolling migrated users back to legacy. */
    Rollbacks rollbacks();

    /** Proving that modern holds what legacy holds for migrated users. */
    Verification verification();

    /** Backfill workers. */
    Backfills backfills();

    /** Runs over many users and the operator's reports. */
    Reports reports();

    /** The ledger, read back for the admin API. */
    LedgerHistory history();

    /** Runtime rollout percentages, shared by every instance. */
    RolloutStore rollout();

    /** Automated ramps of cohorts' percentages, their leases and the fleet's measurements. */
    RampStore ramps();

    /** Admin tokens added at runtime, shared by every instance. */
    AdminTokenStore tokens();

    /** Shadow comparison results, written by every instance and read by the reports. */
    ShadowStore shadow();
    /** Every audited change (rollout, tokens, pins, rollbacks, ...), shared by every instance. */
    ChangeAudit audit();

    /** Change data capture between legacy and modern, and cohort stages (issue 17). */
    Coexistence coexistence();

    /** Stops the periodic repair and closes both pools. */
    @Override
    void close();
}
