package dev.strangler.proxy.admin;

import dev.strangler.migrator.Fleet;
import dev.strangler.proxy.metrics.CatchUps;
import dev.strangler.proxy.metrics.ObservedMigrations;
import dev.strangler.proxy.metrics.RequestPathMetrics;
import dev.strangler.proxy.routing.MigratedKeys;
import dev.strangler.rules.Upstream;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.json.JsonObject;

/**
 * This instance's own figures in {@code GET /admin/status}: its request path (held, waiting and refused requests)
 * and the share of each upstream's responses that failed, read from the instance's counters.
 */
public final class InstanceStatus {

    private final ObservedMigrations migrations;
    private final RequestPathMetrics requestPath;
    private final MigratedKeys keys;
    private final CatchUps catchUps;
    private final MeterRegistry registry;
    private final Fleet fleet;

    public InstanceStatus(ObservedMigrations migrations, RequestPathMetrics requestPath, MigratedKeys keys,
                          CatchUps catchUps, MeterRegistry registry, Fleet fleet) {
        this.fleet = fleet;
        this.migrations = migrations;
        this.requestPath = requestPath;
        this.keys = keys;
        this.catchUps = catchUps;
        this.registry = registry;
    }

    /**
     * Requests held behind a migration now, requests waiting for their user's state or migration now and those
     * released by the hold limit, 503s for an unknown state, migrations refused admission, whether the migrated
     * keys can answer "certainly not migrated" now, and the catch-ups of this process's cleaned marks (with the
     * entities they changed), and {@code fleet}: whether this instance is fenced out of the fleet and this process's
     * barriers (passed, timed out, the last one's wait).
     */
    JsonObject requestPath() {
        Fleet.BarrierStats barriers = fleet.stats();
        return new JsonObject()
                .put("fleet", new JsonObject().put("fenced", keys.fenced()).put("barriersPassed", barriers.passed())
                        .put("barriersTimedOut", barriers.timedOut())
                        .put("lastBarrierWaitMillis", barriers.lastWait().toMillis()))
                .put("heldRequests", migrations.held())
                .put("waitingRequests", requestPath.waiting())
                .put("holdsExpired", requestPath.holdsExpired())
                .put("unknownState503", requestPath.unknownStates())
                .put("unknownStateLegacy", requestPath.unknownStatesToLegacy())
                .put("admissionsRefused", requestPath.admissionsRefused())
                .put("catchUps", catchUps.count())
                .put("catchUpEntities", catchUps.entities())
                .put("migratedKeys", new JsonObject().put("current", keys.current())
                        .put("fingerprints", keys.size()));
    }

    /** Per upstream, the share of this instance's responses from it that were 5xx, since it started. */
    JsonObject errorRates() {
        JsonObject rates = new JsonObject();
        for (Upstream upstream : Upstream.values()) {
            rates.put(upstream.id(), errorRate(upstream));
        }
        return rates;
    }

    private double errorRate(Upstream upstream) {
        double all = 0;
        double failed = 0;
        for (Counter counter : registry.find("strangler.requests").tag("upstream", upstream.id()).counters()) {
            all += counter.count();
            if ("5xx".equals(counter.getId().getTag("status_class"))) {
                failed += counter.count();
            }
        }
        return all == 0 ? 0 : failed / all;
    }
}
