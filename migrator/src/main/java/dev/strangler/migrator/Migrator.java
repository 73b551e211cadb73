package dev.strangler.migrator;

import dev.strangler.config.DatabaseUrl;
import dev.strangler.config.MigrationPlan;
import dev.strangler.migrator.engine.Wiring;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Objects;

/**
 * The migrator of one plan, the module's front door: {@link #start} wires it from the plan and the settings (the
 * legacy and modern pools, the state schema, the single-flight engine, the periodic repair of owed cleaned marks),
 * and each capability is an interface of its own. The proxy, the admin API and the command line start one and close
 * it when done; nothing else of the module is theirs to use.
 *
 * <pre>{@code
 * Migrator migrator = Migrator.start(vertx, plan, MigratorSettings.defaults(plan)).await();
 * migrator.engine().ensureMigrated("ALFKI", MigrationEngine.Trigger.REQUEST);
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
    Reports.LedgerHistory history();

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

    /** The routing instances sharing the state database, and the notification barrier. */
    Fleet fleet();

    /** Change data capture between legacy and modern, and cohort stages (issue 17). */
    Coexistence coexistence();

    /** Stops the periodic repair and closes both pools. */
    @Override
    void close();

    /**
     * A draft plan written from the legacy catalogue by {@code strangler plan init}: one entity per table the root's
     * foreign keys reach, each with a fetch joined back to the user key, a map of every column and an upsert, plus
     * comments wherever a person has to decide.
     *
     * @param yaml  the {@code migration:} section, commented
     * @param notes what the operator must do apart from editing the draft (an {@code ALTER TABLE} to run by hand)
     */
    public record PlanDraft(String yaml, List<String> notes) {

        public PlanDraft {
            notes = List.copyOf(notes);
        }

        /** Reads the catalogues and drafts; writes nothing to either database. */
        public static Future<PlanDraft> draft(Vertx vertx, DraftRequest request) {
            return Wiring.draft(vertx, request);
        }
    }

    /**
     * What {@code strangler plan init} drafts a plan from.
     *
     * @param legacy the legacy database, whose catalogue is read
     * @param root   the table with one row per user ({@code --root})
     * @param key    the user key column of {@code root}; null for its single-column primary key ({@code --key})
     * @param modern the modern database to match tables and columns in; null when modern mirrors legacy
     *               ({@code --modern})
     * @param depth  how many foreign-key hops from the root a table may be ({@code --depth}, default
     *               {@link #DEFAULT_DEPTH})
     */
    public record DraftRequest(DatabaseUrl legacy, String root, String key, DatabaseUrl modern, int depth) {

        /** Root, children, grandchildren: a customer, its orders, their lines. */
        public static final int DEFAULT_DEPTH = 3;

        public DraftRequest {
            Objects.requireNonNull(legacy, "legacy");
            Objects.requireNonNull(root, "root");
            if (depth < 0 || depth > 10) {
                throw new IllegalArgumentException("depth: " + depth + " (expected: 0..10)");
            }
        }
    }
}
