package dev.strangler.proxy.admin;

import dev.strangler.migrator.Migrator;
import dev.strangler.migrator.RolloutStore;
import dev.strangler.proxy.control.ConfigReloader;
import dev.strangler.proxy.control.ControlChannel;
import dev.strangler.proxy.control.RuntimeRollout;
import dev.strangler.proxy.metrics.EventLog;
import dev.strangler.proxy.metrics.ObservedMigrations;
import dev.strangler.proxy.metrics.StateGauges;
import dev.strangler.proxy.routing.DecidingResolver;
import dev.strangler.proxy.routing.UserFactsCache;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;

/**
 * What the admin endpoints act on, assembled once by the wiring class.
 *
 * @param token      the admin token
 * @param migrator   states, pins and the ledger
 * @param migrations the observed engine (admin migrations count in the metrics too)
 * @param store      runtime percentages in the state database
 * @param rollout    the routing table in force and the runtime values applied to it
 * @param channel    re-reads runtime values at once after a local change
 * @param resolver   the request path, for what-if decisions
 * @param facts      this instance's cache of users' facts
 * @param reloader   the configuration file
 * @param gauges     republished after a rollout change
 * @param log        the JSON line of every admin change
 * @param registry   the request counters, for error rates
 * @param clock      the time of pins and changes
 */
public record AdminServices(BearerToken token, Migrator migrator, ObservedMigrations migrations, RolloutStore store,
                            RuntimeRollout rollout, ControlChannel channel, DecidingResolver resolver,
                            UserFactsCache facts, ConfigReloader reloader, StateGauges gauges, EventLog log,
                            MeterRegistry registry, Clock clock) {
}
