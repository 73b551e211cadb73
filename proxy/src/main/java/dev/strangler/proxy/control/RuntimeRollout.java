package dev.strangler.proxy.control;

import dev.strangler.config.Percent;
import dev.strangler.migrator.Coexistence.CohortStages.StageRecord;
import dev.strangler.migrator.RolloutStore.RuntimePercent;
import dev.strangler.proxy.routing.DecidingResolver;
import dev.strangler.rules.JwtKeys;
import dev.strangler.rules.RoutingTable;
import java.util.HashMap;
import java.util.Map;

/**
 * The routing table this instance serves: the configuration's table with the runtime percentages of the state
 * database applied on top, the cohort stages over both ({@link dev.strangler.proxy.routing.StageRouting}), and the
 * keys fetched for {@code jwks:} token verification. Any of them may change (a reloaded file, a new runtime value, a
 * new stage); each change builds a new immutable table and swaps it in at once, so
 * requests in flight finish on the table they started with.
 */
public final class RuntimeRollout {

    private final DecidingResolver resolver;
    private RoutingTable configured;
    private Map<String, RuntimePercent> runtime = Map.of();
    private JwtKeys jwtKeys;

    public RuntimeRollout(DecidingResolver resolver) {
        this.resolver = resolver;
        this.configured = resolver.table();
    }

    /** A reloaded configuration's table; the runtime percentages stay applied. */
    public synchronized void configured(RoutingTable table) {
        configured = table;
        apply();
    }

    /**
     * The runtime percentages as just read from the state database, applied cohort by cohort by version: a snapshot
     * read before another but completing after it never undoes the newer values (rows are never deleted, and every
     * change bumps its cohort's version).
     */
    public synchronized void runtime(Map<String, RuntimePercent> values) {
        Map<String, RuntimePercent> merged = new HashMap<>(runtime);
        values.forEach((cohort, value) -> merged.merge(cohort, value,
                (known, read) -> read.version() >= known.version() ? read : known));
        runtime = Map.copyOf(merged);
        apply();
    }

    /**
     * The cohort stages as just read from the state database: a {@code legacy} cohort routes at 0 % and a
     * {@code complete} one at 100 %, whatever its percentage.
     */
    public synchronized void stages(Map<String, StageRecord> read) {
        resolver.stages().use(read);
        apply();
    }

    /** Keys fetched for the {@code jwks:} extractors; they stay applied across reloads. */
    public synchronized void jwtKeys(JwtKeys keys) {
        jwtKeys = keys;
        apply();
    }

    /** The configuration's table, without runtime percentages. */
    public synchronized RoutingTable configuredTable() {
        return configured;
    }

    public synchronized Map<String, RuntimePercent> runtimeValues() {
        return runtime;
    }

    private void apply() {
        Map<String, Percent> overrides = new HashMap<>();
        runtime.forEach((cohort, value) -> {
            if (value.percent() != null) {
                overrides.put(cohort, value.percent());
            }
        });
        RoutingTable table = configured.withPercentages(resolver.stages().percentages(overrides));
        resolver.use(jwtKeys == null ? table : table.withJwtKeys(jwtKeys));
    }
}
