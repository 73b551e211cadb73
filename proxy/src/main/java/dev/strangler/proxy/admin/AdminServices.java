package dev.strangler.proxy.admin;

import dev.strangler.migrator.Migrator;
import dev.strangler.proxy.breaker.UpstreamBreakers;
import dev.strangler.proxy.control.ControlPlane;
import dev.strangler.proxy.metrics.EventLog;
import dev.strangler.proxy.metrics.ObservedMigrations;
import dev.strangler.proxy.metrics.RequestPathMetrics;
import dev.strangler.proxy.ramp.RampActions;
import dev.strangler.proxy.ramp.RampDriver;
import dev.strangler.proxy.routing.DecidingResolver;
import dev.strangler.proxy.routing.MigratedKeys;
import dev.strangler.proxy.routing.UserFactsCache;
import dev.strangler.proxy.tokens.AdminTokens;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;

/**
 * What the admin endpoints act on: the nodes of the instance's object graph, handed over once by the server's
 * composition root.
 *
 * @param tokens     the admin tokens, the file's and the state database's
 * @param migrator   states, pins, the ledger, rollbacks, reports, backfills and the runtime rollout store
 * @param migrations the observed engine (admin migrations count in the metrics too)
 * @param resolver   the request path, for what-if decisions
 * @param facts      this instance's cache of users' facts
 * @param keys       who this instance knows is certainly not migrated
 * @param requestPath unknown states, holds and refused admissions, for the status
 * @param control    the runtime rollout, its channel, the configuration file and the gauges
 * @param log        the JSON line of every admin change
 * @param registry   the request counters, for error rates
 * @param clock      the time of pins and changes
 * @param workerHost the host backfill workers started here are named after
 * @param breakers   each upstream's outlier ejection, for the status
 * @param ramps      the ramps' driver on this instance (the ramps as last read, the last gate checks)
 * @param rampActions what operators do to ramps
 */
public record AdminServices(AdminTokens tokens, Migrator migrator, ObservedMigrations migrations,
                            DecidingResolver resolver, UserFactsCache facts, MigratedKeys keys,
                            RequestPathMetrics requestPath, ControlPlane control, EventLog log,
                            MeterRegistry registry, Clock clock, String workerHost,
                            UpstreamBreakers breakers, RampDriver ramps, RampActions rampActions) {

    /** Reading and changing cohorts' runtime percentages, the one path of every rollout change. */
    public RolloutChanges rolloutChanges() {
        return new RolloutChanges(this);
    }

    /** The status report of {@code GET /admin/status} and the console's overview. */
    public FleetStatus fleetStatus() {
        return new FleetStatus(this);
    }

    /** One user's view and the changes an operator makes to them, the one path of each. */
    public UserActions userActions() {
        return new UserActions(this);
    }
}
